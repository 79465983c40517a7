//! The margin arithmetic as pure functions over plain integers: no storage, no prices fetched.
//! The pallet, its runtime API and the property tests all call these, so there is one
//! implementation of every figure.
//!
//! Units: sizes in base atoms (10^`base_decimals` per base unit), prices in the feed's units
//! (10^`price_decimals` per quote unit of one base unit), values in settlement atoms (10^6 per
//! USDC). Rounding always favours the protocol: requirements and amounts owed round up, amounts
//! paid out and position values held round down.

use clearing_primitives::{Balance, Price, SETTLEMENT_DECIMALS};
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	PerThing, Perbill, Rounding,
};

/// 10^18: the scale of [`clearing_primitives::SignedRate`] and of the funding index.
pub const RATE_SCALE: u128 = clearing_primitives::FIXED_POINT_ONE;

fn pow10(exp: u32) -> Option<u128> {
	10u128.checked_pow(exp)
}

/// Settlement atoms worth `size` base atoms at `price`, rounded as asked (one implementation,
/// shared with the liquidation engine through `clearing_primitives::risk`).
pub fn value(
	size: Balance,
	price: Price,
	base_decimals: u8,
	price_decimals: u8,
	rounding: Rounding,
) -> Option<Balance> {
	clearing_primitives::risk::value_of(size, price, base_decimals, price_decimals, rounding)
}

/// Signed value of a position of signed `size` at `price`: longs rounded down, shorts' liability
/// rounded up (both conservative for equity).
pub fn signed_value(size: i128, price: Price, base_decimals: u8, price_decimals: u8) -> Option<i128> {
	let rounding = if size >= 0 { Rounding::Down } else { Rounding::Up };
	let magnitude = value(size.unsigned_abs(), price, base_decimals, price_decimals, rounding)?;
	let magnitude = i128::try_from(magnitude).ok()?;
	Some(if size >= 0 { magnitude } else { magnitude.checked_neg()? })
}

/// A fraction of an amount, rounded up (requirements, fees).
pub fn fraction_up(fraction: Perbill, amount: Balance) -> Balance {
	fraction.mul_ceil(amount)
}

/// A fraction of an amount, rounded down (payouts).
pub fn fraction_down(fraction: Perbill, amount: Balance) -> Balance {
	fraction.mul_floor(amount)
}

/// The initial margin fraction with open-interest scaling: the base fraction up to `lower`
/// open interest, rising linearly to 100 % at `upper`, rounded up; `upper == 0` turns it off.
pub fn scaled_initial_margin(base: Perbill, open_interest: Balance, lower: Balance, upper: Balance) -> Perbill {
	if upper.is_zero() || open_interest <= lower {
		return base;
	}
	if open_interest >= upper || upper <= lower {
		return Perbill::one();
	}
	let base_parts = u128::from(base.deconstruct());
	let room = u128::from(Perbill::ACCURACY).saturating_sub(base_parts);
	let extra = multiply_by_rational_with_rounding(
		room,
		open_interest.saturating_sub(lower),
		upper.saturating_sub(lower),
		Rounding::Up,
	)
	.unwrap_or(room);
	let parts = base_parts.saturating_add(extra).min(u128::from(Perbill::ACCURACY));
	Perbill::from_parts(u32::try_from(parts).unwrap_or(Perbill::ACCURACY))
}

/// A short option's initial fraction of the index: `max(initial − OTM %, floor)` (Derive's
/// standard manager), with the out-of-the-money share `(K − S)/S` for a call and `(S − K)/S`
/// for a put rounded down, so the requirement is never understated.
pub fn short_option_initial_fraction(
	right: clearing_primitives::black76::OptionRight,
	index: Price,
	strike: Price,
	initial: Perbill,
	floor: Perbill,
) -> Perbill {
	let out_of_the_money = match right {
		clearing_primitives::black76::OptionRight::Call => strike.saturating_sub(index),
		clearing_primitives::black76::OptionRight::Put => index.saturating_sub(strike),
	};
	let otm = if index == 0 {
		Perbill::zero()
	} else {
		Perbill::from_rational_with_rounding(out_of_the_money.min(index), index, Rounding::Down)
			.unwrap_or_else(|_| Perbill::zero())
	};
	initial.saturating_sub(otm).max(floor)
}

/// Funding a position of signed `size` owes for a funding-index move of `index_delta` (quote
/// atoms per base unit, scaled by 10^18): positive means the position pays (rounded up), negative
/// means it receives (rounded down in magnitude).
pub fn funding_owed(size: i128, index_delta: i128, base_decimals: u8) -> Option<i128> {
	if size == 0 || index_delta == 0 {
		return Some(0);
	}
	let pays = (size > 0) == (index_delta > 0);
	let denominator = pow10(u32::from(base_decimals))?.checked_mul(RATE_SCALE)?;
	let rounding = if pays { Rounding::Up } else { Rounding::Down };
	let magnitude =
		multiply_by_rational_with_rounding(size.unsigned_abs(), index_delta.unsigned_abs(), denominator, rounding)?;
	let magnitude = i128::try_from(magnitude).ok()?;
	Some(if pays { magnitude } else { magnitude.checked_neg()? })
}

/// How far the funding index moves for `rate` (scaled by 10^18, signed) at `price`: the rate
/// times the quote atoms one base unit is worth, scaled by 10^18. Rounded away from zero, so
/// payers never pay less than the rate says.
pub fn funding_index_delta(rate: i128, price: Price, price_decimals: u8) -> Option<i128> {
	let up = u32::from(SETTLEMENT_DECIMALS);
	let down = u32::from(price_decimals);
	let magnitude = if down >= up {
		multiply_by_rational_with_rounding(rate.unsigned_abs(), price, pow10(down.checked_sub(up)?)?, Rounding::Up)?
	} else {
		rate.unsigned_abs()
			.checked_mul(price)?
			.checked_mul(pow10(up.checked_sub(down)?)?)?
	};
	let magnitude = i128::try_from(magnitude).ok()?;
	Some(if rate >= 0 { magnitude } else { magnitude.checked_neg()? })
}

/// The average entry price (price units) of a position of `size` base atoms that cost `cost`
/// settlement atoms: `|cost| · 10^(bd + pd − 6) / |size|`, rounded down; zero for no position.
pub fn entry_price(size: i128, cost: i128, base_decimals: u8, price_decimals: u8) -> Option<Price> {
	if size == 0 {
		return Some(0);
	}
	clearing_primitives::risk::price_per_value(
		cost.unsigned_abs(),
		size.unsigned_abs(),
		base_decimals,
		price_decimals,
		Rounding::Down,
	)
}

/// The cost basis left after a position of `size` with `cost` shrinks by `closed` base atoms
/// (proportional, rounded toward zero), and the part removed.
pub fn reduce_cost(size: i128, cost: i128, closed: Balance) -> Option<(i128, i128)> {
	let whole = size.unsigned_abs();
	if whole.is_zero() {
		return Some((0, 0));
	}
	let removed = multiply_by_rational_with_rounding(cost.unsigned_abs(), closed.min(whole), whole, Rounding::Down)?;
	let removed = i128::try_from(removed).ok()?;
	let removed = if cost >= 0 { removed } else { removed.checked_neg()? };
	Some((cost.checked_sub(removed)?, removed))
}

/// The mark price at which an account's equity would meet its maintenance requirement if only
/// this position's market moved, holding everything else: `mark − (equity − mmr) / (k·(1 ∓ mmf))`
/// with `k` the position's settlement atoms per price unit. `None` without a position; the mark
/// itself when the account is already at or below its requirement. Longs' price is rounded up,
/// shorts' down (the side on which the account is already liquidatable).
pub fn liquidation_price(
	size: i128,
	mark: Price,
	equity: i128,
	maintenance_margin: Balance,
	mmf: Perbill,
	base_decimals: u8,
	price_decimals: u8,
) -> Option<Price> {
	if size == 0 {
		return None;
	}
	let buffer = equity.checked_sub(i128::try_from(maintenance_margin).ok()?)?;
	if buffer <= 0 {
		return Some(mark);
	}
	// Settlement atoms the position gains or loses per price unit, times 10^9 (Perbill accuracy),
	// times (1 − mmf) for a long or (1 + mmf) for a short.
	let accuracy = u128::from(Perbill::ACCURACY);
	let mmf_parts = u128::from(mmf.deconstruct());
	let factor = if size > 0 { accuracy.checked_sub(mmf_parts)? } else { accuracy.checked_add(mmf_parts)? };
	// move = buffer · 10^(bd + pd − 6) · 10^9 / (|size| · factor)
	let scale_exp = u32::from(base_decimals).checked_add(u32::from(price_decimals))?;
	let settlement = u32::from(SETTLEMENT_DECIMALS);
	let numerator_scale = if scale_exp >= settlement { pow10(scale_exp.checked_sub(settlement)?)? } else { 1 };
	let extra_denominator = if scale_exp >= settlement { 1 } else { pow10(settlement.checked_sub(scale_exp)?)? };
	let denominator = size.unsigned_abs().checked_mul(factor)?.checked_mul(extra_denominator)?;
	let scaled_buffer = buffer.unsigned_abs().checked_mul(accuracy)?;
	// The move is rounded down: a long's liquidation price comes out higher, a short's lower.
	let price_move = multiply_by_rational_with_rounding(scaled_buffer, numerator_scale, denominator, Rounding::Down)?;
	Some(if size > 0 { mark.saturating_sub(price_move) } else { mark.saturating_add(price_move) })
}

/// Whether a fill that only shrinks an account's positions may leave it below its initial
/// requirement (dYdX v4's rule for under-collateralized accounts): its equity must stay positive
/// and its margin ratio must not worsen, `equity_after / mmr_after ≥ equity_before / mmr_before`;
/// an account left without positions (`mmr_after` zero) must not have negative equity. The
/// ratio comparison rounds against the account.
pub fn reduction_allowed(equity_before: i128, mmr_before: Balance, equity_after: i128, mmr_after: Balance) -> bool {
	if mmr_after == 0 {
		return equity_after >= 0;
	}
	if equity_after <= 0 {
		return false;
	}
	if equity_before <= 0 {
		// From no equity to some: better by any measure.
		return true;
	}
	if mmr_before == 0 {
		return false;
	}
	// equity_before × mmr_after / mmr_before ≤ equity_after, the left side rounded up.
	match multiply_by_rational_with_rounding(equity_before.unsigned_abs(), mmr_after, mmr_before, Rounding::Up) {
		Some(needed) => needed <= equity_after.unsigned_abs(),
		None => false,
	}
}
