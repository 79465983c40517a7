//! The risk clock's arithmetic: which accounts a block must re-check for liquidation, without
//! scanning all of them (`design.md`, "Liquidation without scanning every account").
//!
//! An account's **safety buffer** `s = (equity − MMR) / ((1 + max mmf) · gross notional)` says how
//! far prices may move before it can fall below its maintenance requirement. The **risk clock**
//! `G` grows by every block's largest relative oracle move `|Δp| / p` (and by funding caps and
//! maintenance-fraction increases). After the clock moved by `R`, gross notional is at most `e^R`
//! times what it was, so an account evaluated at `G0` cannot be liquidatable before
//! `G − G0 ≥ ln(1 + s)`, and `s / (1 + s) ≤ ln(1 + s)` is a safe, cheaper bound. Accounts wait in
//! buckets keyed by `G0 + s / (1 + s)`: a bucket may hold an account too early, never too late.
//!
//! Every value is an integer fraction scaled by [`CLOCK_ONE`]; moves and distances round in the
//! direction that re-checks sooner (moves up, buffers and distances down).

use crate::{Balance, Price};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, PerThing, Perbill, Rounding};

/// One whole unit of the clock (a 100 % move), 10^18.
pub const CLOCK_ONE: u128 = crate::FIXED_POINT_ONE;

/// Clock units the relative move from `old` to `new` is worth: `|new − old| / old`, rounded up;
/// the largest value for a zero `old` price (anything may have happened).
pub fn relative_move(old: Price, new: Price) -> u128 {
	if old == 0 {
		return u128::MAX;
	}
	let diff = old.abs_diff(new);
	multiply_by_rational_with_rounding(diff, CLOCK_ONE, old, Rounding::Up).unwrap_or(u128::MAX)
}

/// An account's safety buffer in clock units, or `None` when it holds no position (then no price
/// move can make it liquidatable).
///
/// `equity`, `maintenance_margin` and `gross_notional` are the margin engine's figures (settlement
/// atoms); `max_maintenance` is the largest maintenance fraction among the account's markets.
/// Those figures are each rounded by up to an atom per position, so `positions` atoms per side of
/// that rounding (two per position) come off the excess first. An account at or below its
/// requirement has a buffer of zero.
pub fn safety_buffer(
	equity: i128,
	maintenance_margin: Balance,
	gross_notional: Balance,
	max_maintenance: Perbill,
	positions: u32,
) -> Option<u128> {
	if gross_notional == 0 {
		return None;
	}
	let slack = i128::from(positions).saturating_mul(2);
	let requirement = i128::try_from(maintenance_margin).unwrap_or(i128::MAX);
	let excess = equity.saturating_sub(requirement).saturating_sub(slack);
	if excess <= 0 {
		return Some(0);
	}
	let denominator = gross_notional.saturating_add(max_maintenance.mul_ceil(gross_notional));
	Some(
		multiply_by_rational_with_rounding(excess.unsigned_abs(), CLOCK_ONE, denominator, Rounding::Down)
			.unwrap_or(u128::MAX),
	)
}

/// How far the clock may move before an account with buffer `buffer` must be re-checked:
/// `s / (1 + s)`, rounded down (at most one whole unit, however large the buffer).
pub fn trigger_distance(buffer: u128) -> u128 {
	multiply_by_rational_with_rounding(buffer, CLOCK_ONE, CLOCK_ONE.saturating_add(buffer), Rounding::Down).unwrap_or(0)
}

/// The clock reading at which an account evaluated at `clock` with buffer `buffer` is due.
pub fn trigger_level(clock: u128, buffer: u128) -> u128 {
	clock.saturating_add(trigger_distance(buffer))
}

/// The bucket a trigger level falls in, for buckets `width` clock units wide: rounded down, so an
/// account is filed at or before its level. A zero width puts each level in a bucket of its own.
pub fn bucket_of(level: u128, width: u128) -> u128 {
	level.checked_div(width).unwrap_or(level)
}

/// Settlement atoms worth `size` base atoms at `price` (the feed's units with `price_decimals`):
/// `size · price / 10^(bd + pd − 6)`, rounded as asked.
pub fn value_of(
	size: Balance,
	price: Price,
	base_decimals: u8,
	price_decimals: u8,
	rounding: Rounding,
) -> Option<Balance> {
	let down = u32::from(base_decimals).checked_add(u32::from(price_decimals))?;
	let up = u32::from(crate::SETTLEMENT_DECIMALS);
	if down >= up {
		multiply_by_rational_with_rounding(size, price, 10u128.checked_pow(down.checked_sub(up)?)?, rounding)
	} else {
		size.checked_mul(price)?.checked_mul(10u128.checked_pow(up.checked_sub(down)?)?)
	}
}

/// Price units that `value` settlement atoms are worth per `size` base atoms:
/// `value · 10^(bd + pd − 6) / size`, rounded as asked; `None` for a zero size or on overflow.
pub fn price_per_value(
	value: Balance,
	size: Balance,
	base_decimals: u8,
	price_decimals: u8,
	rounding: Rounding,
) -> Option<Price> {
	if size == 0 {
		return None;
	}
	let exp = u32::from(base_decimals).checked_add(u32::from(price_decimals))?;
	let settlement = u32::from(crate::SETTLEMENT_DECIMALS);
	if exp >= settlement {
		multiply_by_rational_with_rounding(value, 10u128.checked_pow(exp.checked_sub(settlement)?)?, size, rounding)
	} else {
		multiply_by_rational_with_rounding(
			value,
			1,
			size.checked_mul(10u128.checked_pow(settlement.checked_sub(exp)?)?)?,
			rounding,
		)
	}
}

/// The bankruptcy price of closing `closed` base atoms of a long (`long`) or short position
/// marked at `mark`, when `equity_share` settlement atoms of the account's equity stand behind
/// that part: the price at which closing it leaves that share at zero. A long sells at or above
/// it, a short buys at or below it, so it is rounded up for a long and down for a short (the side
/// that never lets the close create debt), and never below one price unit. With a negative share
/// the price lies beyond the mark: the close-out then costs whoever takes it over.
pub fn bankruptcy_price(
	long: bool,
	mark: Price,
	closed: Balance,
	equity_share: i128,
	base_decimals: u8,
	price_decimals: u8,
) -> Option<Price> {
	let share = equity_share.unsigned_abs();
	// The price move the share pays for; rounded so the price lands on the protective side.
	let towards_mark = (equity_share >= 0) == long;
	// A long wants the higher price: a smaller move towards the mark, a larger one away from it;
	// a short the other way round.
	let rounding = if long == towards_mark { Rounding::Down } else { Rounding::Up };
	let price_move = price_per_value(share, closed, base_decimals, price_decimals, rounding)?;
	let price = if towards_mark { mark.saturating_sub(price_move) } else { mark.checked_add(price_move)? };
	Some(price.max(1))
}

/// The notional (settlement atoms) to close of a position with maintenance fraction `mmf`, so that
/// closing it near the mark brings the account's equity back to `(1 + buffer) × MMR`:
/// `((1 + b) · MMR − E) / ((1 + b) · mmf − penalty − fee)`, rounded up. `None` when closing this
/// position alone cannot restore the account (the denominator is not positive): close all of it.
/// Zero when the account already meets the target.
pub fn restoring_notional(
	equity: i128,
	maintenance_margin: Balance,
	buffer: Perbill,
	mmf: Perbill,
	penalty: Perbill,
	fee: Perbill,
) -> Option<Balance> {
	let one = u128::from(Perbill::ACCURACY);
	let with_buffer = one.checked_add(u128::from(buffer.deconstruct()))?;
	let target = multiply_by_rational_with_rounding(maintenance_margin, with_buffer, one, Rounding::Up)?;
	let shortfall = i128::try_from(target).ok()?.checked_sub(equity)?;
	if shortfall <= 0 {
		return Some(0);
	}
	let released = multiply_by_rational_with_rounding(u128::from(mmf.deconstruct()), with_buffer, one, Rounding::Down)?;
	let cost = u128::from(penalty.deconstruct()).checked_add(u128::from(fee.deconstruct()))?;
	let per_part = released.checked_sub(cost).filter(|d| *d > 0)?;
	multiply_by_rational_with_rounding(shortfall.unsigned_abs(), one, per_part, Rounding::Up)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn close_out_prices_by_hand() {
		// 0.1 BTC (8 decimals) at 50,000 USD (6 decimals); 1 settlement atom per 0.1 BTC is
		// 10^(8+6-6) / 10^7 = 10 price units.
		let tenth = 10_000_000;
		assert_eq!(price_per_value(1, tenth, 8, 6, Rounding::Down), Some(10));
		// A long with 100 USDC of equity behind it: 50,000 − 1,000 USD.
		assert_eq!(bankruptcy_price(true, 50_000_000_000, tenth, 100_000_000, 8, 6), Some(49_000_000_000));
		// A short: 50,000 + 1,000.
		assert_eq!(bankruptcy_price(false, 50_000_000_000, tenth, 100_000_000, 8, 6), Some(51_000_000_000));
		// Negative equity puts the price beyond the mark.
		assert_eq!(bankruptcy_price(true, 50_000_000_000, tenth, -100_000_000, 8, 6), Some(51_000_000_000));
		assert_eq!(bankruptcy_price(false, 50_000_000_000, tenth, -100_000_000, 8, 6), Some(49_000_000_000));
		// Rounding: 1 atom over 3 base atoms at 8/6 decimals is 33,333,333.3 price units.
		assert_eq!(bankruptcy_price(true, 100_000_000, 3, 1, 8, 6), Some(66_666_667));
		assert_eq!(bankruptcy_price(false, 100_000_000, 3, 1, 8, 6), Some(133_333_333));
		// Never below one price unit.
		assert_eq!(bankruptcy_price(true, 10, tenth, 100_000_000, 8, 6), Some(1));
		assert_eq!(price_per_value(1, 0, 8, 6, Rounding::Down), None);
		// Equity 400, MMR 500 at a 5 % fraction, 10 % buffer, 1 % penalty, no fee:
		// (550 − 400) / (0.055 − 0.01) = 3,333.3… → 3,334.
		let pct = Perbill::from_percent;
		assert_eq!(restoring_notional(400, 500, pct(10), pct(5), pct(1), Perbill::zero()), Some(3_334));
		assert_eq!(restoring_notional(600, 500, pct(10), pct(5), pct(1), Perbill::zero()), Some(0));
		// Penalty and fee eat everything closing releases: close all.
		assert_eq!(restoring_notional(400, 500, Perbill::zero(), pct(5), pct(4), pct(1)), None);
	}

	#[test]
	fn moves_round_up_and_saturate() {
		assert_eq!(relative_move(100, 110), CLOCK_ONE / 10);
		assert_eq!(relative_move(100, 90), CLOCK_ONE / 10);
		assert_eq!(relative_move(3, 4), CLOCK_ONE / 3 + 1);
		assert_eq!(relative_move(7, 7), 0);
		assert_eq!(relative_move(0, 1), u128::MAX);
	}

	#[test]
	fn buffers_by_hand() {
		// Equity 1,000, MMR 500, gross 10,000 at a 5 % max fraction, one position (2 atoms of
		// slack): s = 498 / 10,500.
		let s = safety_buffer(1_000, 500, 10_000, Perbill::from_percent(5), 1).unwrap();
		assert_eq!(s, 498 * CLOCK_ONE / 10_500);
		assert_eq!(safety_buffer(500, 500, 10_000, Perbill::from_percent(5), 1), Some(0));
		assert_eq!(safety_buffer(-5, 500, 10_000, Perbill::from_percent(5), 1), Some(0));
		assert_eq!(safety_buffer(1_000, 0, 0, Perbill::from_percent(5), 0), None);
		// s = 1 (100 %): due after half a unit of clock.
		assert_eq!(trigger_distance(CLOCK_ONE), CLOCK_ONE / 2);
		assert_eq!(trigger_distance(0), 0);
		assert_eq!(trigger_distance(u128::MAX), CLOCK_ONE);
		assert_eq!(trigger_level(u128::MAX, CLOCK_ONE), u128::MAX);
		assert_eq!(bucket_of(25, 10), 2);
		assert_eq!(bucket_of(25, 0), 25);
	}

	/// Base atoms per unit in the model below (8 decimals, as BTC).
	const UNIT: i128 = 100_000_000;

	/// The margin engine's figures for one account, with its rounding: longs valued down, shorts'
	/// liability up, notional and requirements up.
	fn figures(collateral: i128, positions: &[(i128, u128, Perbill)]) -> (i128, u128, u128) {
		let (mut equity, mut mmr, mut gross) = (collateral, 0u128, 0u128);
		for &(size, price, mmf) in positions {
			let exact = size * price as i128;
			equity += exact.div_euclid(UNIT);
			let notional = (size.unsigned_abs() * price).div_ceil(UNIT as u128);
			gross += notional;
			mmr += mmf.mul_ceil(notional);
		}
		(equity, mmr, gross)
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

		/// On random price paths over up to three markets, an account is never liquidatable
		/// before the clock has moved by its trigger distance since it was last evaluated; when the
		/// clock passes it, it is evaluated again (as on_finalize does) with a fresh buffer.
		#[test]
		fn no_account_becomes_liquidatable_before_its_trigger(
			collateral in -2_000_000_000i128..5_000_000_000,
			markets in prop::collection::vec((-50_000_000i128..50_000_000, 1_000_000u128..100_000_000_000, 1u32..=20), 1..=3),
			path in prop::collection::vec(prop::collection::vec(-2_000i64..=2_000, 3), 1..60),
		) {
			let mut positions: Vec<(i128, u128, Perbill)> =
				markets.iter().map(|&(size, price, pct)| (size, price, Perbill::from_percent(pct))).collect();
			let max_mmf = positions.iter().map(|p| p.2).max().unwrap();
			let n = positions.len() as u32;
			let mut clock = 0u128;
			let (equity, mmr, gross) = figures(collateral, &positions);
			let mut due = safety_buffer(equity, mmr, gross, max_mmf, n).map(|s| trigger_level(clock, s));
			let mut evaluations = 0;
			for moves in path {
				let mut largest = 0u128;
				for (position, bps) in positions.iter_mut().zip(moves) {
					let old = position.1;
					let new = ((old as i128) * (10_000 + bps as i128) / 10_000).max(1) as u128;
					largest = largest.max(relative_move(old, new));
					position.1 = new;
				}
				clock = clock.saturating_add(largest);
				let (equity, mmr, gross) = figures(collateral, &positions);
				match due {
					Some(level) if clock < level => {
						prop_assert!(equity >= mmr as i128, "liquidatable at clock {clock} before its trigger {level}: equity {equity}, MMR {mmr}");
					},
					_ => {
						evaluations += 1;
						due = safety_buffer(equity, mmr, gross, max_mmf, n).map(|s| trigger_level(clock, s));
					},
				}
			}
			let liquidatable_at_end = { let (e, m, _) = figures(collateral, &positions); e < m as i128 };
			if std::env::var("RISK_PROPTEST_STATS").is_ok() {
				println!("evaluations {evaluations} liquidatable_at_end {liquidatable_at_end}");
			}
			prop_assert!(evaluations <= 60);
		}
	}
}
