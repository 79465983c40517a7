//! Black-76 prices and greeks of European options, in deterministic fixed point.
//!
//! Every validator must compute the same mark for an option, so nothing here uses floats: the
//! arithmetic is [`substrate_fixed`]'s `I64F64` (64 integer and 64 fractional bits), with its
//! `log2`, `exp` and `sqrt`, and the normal distribution from Hart's rational approximation
//! (algorithm 5666, as given by G. West, "Better approximations to cumulative normal functions",
//! 2005), which agrees with the exact function to about 10^-15. The chain prices on its oracle
//! index as the forward and without discounting (crypto venues' convention: the premium is paid
//! and the option settles in the same stable asset, and rates are not part of the oracle):
//!
//! ```text
//! call = F·N(d1) − K·N(d2)      put = call − F + K      d1,2 = (ln(F/K) ± σ²T/2) / (σ√T)
//! ```
//!
//! The put comes from the call by put-call parity on integers, so `call − put = F − K` holds
//! exactly, and both are clamped to their no-arbitrage bounds (`max(F − K, 0) ≤ call ≤ F`).
//!
//! Units: `forward` and `strike` in the feed's price units (10^decimals per quote unit),
//! volatility in millionths per year ([`VOL_ONE`] = 100 %), time in milliseconds. Premiums come
//! back in price units, rounded as the caller asks (the margin engine marks a holder's value
//! down and a writer's liability up). Inputs outside the supported domain are not an error of
//! the caller's: they are priced at their limit (intrinsic value when there is no time or no
//! volatility left, or when the strike is more than 2^40 times away from the index).

use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};
use substrate_fixed::{transcendental, types::I64F64};

/// The fixed-point type of every intermediate value.
type Fx = I64F64;

/// 100 % volatility, in the millionths volatilities are given in.
pub const VOL_ONE: u32 = 1_000_000;

/// Highest volatility priced (1,000 % a year): beyond it the surface is not a market's.
pub const MAX_VOL: u32 = 10 * VOL_ONE;

/// Milliseconds in the year that volatilities are annualised over (365 days, as Deribit).
pub const MS_PER_YEAR: u64 = 31_536_000_000;

/// Longest time to expiry priced (10 years).
pub const MAX_TIME_MS: u64 = 10 * MS_PER_YEAR;

/// ln 2 × 2^64.
const LN_2: Fx = Fx::from_bits(12_786_308_645_202_655_660);
/// √(2π) × 2^64.
const SQRT_2PI: Fx = Fx::from_bits(46_239_130_270_042_206_923);
/// 1/√(2π) × 2^64.
const INV_SQRT_2PI: Fx = Fx::from_bits(7_359_186_146_747_302_452);

/// Hart's numerator coefficients, highest power first (3.52624965998911e-2 … 220.206867912376),
/// × 2^64; `tests::coefficients_are_the_published_decimals` checks each.
const HART_NUM: [Fx; 7] = [
	Fx::from_bits(650_478_250_178_244_363),
	Fx::from_bits(12_919_787_143_353_136_591),
	Fx::from_bits(117_578_849_504_046_139_487),
	Fx::from_bits(625_581_961_353_917_287_603),
	Fx::from_bits(2_067_498_006_223_917_203_771),
	Fx::from_bits(4_080_670_594_171_652_639_713),
	Fx::from_bits(4_062_099_735_652_764_000_329),
];
/// Hart's denominator coefficients, highest power first (8.83883476483184e-2 … 440.413735824752).
const HART_DEN: [Fx; 8] = [
	Fx::from_bits(1_630_477_228_166_597_029),
	Fx::from_bits(32_386_342_837_845_824_709),
	Fx::from_bits(296_331_772_558_254_578_451),
	Fx::from_bits(1_600_821_957_476_871_612_086),
	Fx::from_bits(5_470_644_798_650_576_484_342),
	Fx::from_bits(11_756_730_424_506_726_822_414),
	Fx::from_bits(14_643_514_515_380_871_948_050),
	Fx::from_bits(8_124_199_471_305_528_000_658),
];
/// Where Hart's rational part hands over to the continued fraction: 10/√2 = 7.07106781186547.
const HART_SWITCH: Fx = Fx::from_bits(130_438_178_253_327_725_389);
/// The continued fraction's last term, 0.65.
const HART_CF_TAIL: Fx = Fx::from_bits(11_990_383_647_911_208_550);
/// Beyond |x| = 9 the normal tail (< 1.2·10^-19) is below `I64F64`'s resolution: 0 or 1.
const TAIL_CUTOFF: i32 = 9;
/// Strikes more than 2^40 times away from the index are priced at intrinsic value.
const MAX_LOG2_MONEYNESS: i32 = 40;

/// A call or a put.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum OptionRight {
	/// The right to buy at the strike: pays `max(S − K, 0)`.
	Call,
	/// The right to sell at the strike: pays `max(K − S, 0)`.
	Put,
}

/// An option's sensitivities, per one unit of underlying.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Greeks {
	/// ∂premium/∂index as a fraction × 10^18 (calls 0 … 10^18, puts −10^18 … 0).
	pub delta: i128,
	/// ∂delta/∂index per one quote unit (one USD) of index move, × 10^18.
	pub gamma: i128,
	/// Premium change for one volatility point (1 %), in price units.
	pub vega: i128,
	/// Premium change over one day at unchanged index and volatility, in price units (negative).
	pub theta: i128,
}

/// What the Black-76 formula needs of the market.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PricingInput {
	/// The index (used as the forward), in price units.
	pub forward: u128,
	/// The strike, in price units.
	pub strike: u128,
	/// Annualised implied volatility, in millionths ([`VOL_ONE`] = 100 %).
	pub vol: u32,
	/// Time to expiry, in milliseconds.
	pub time_ms: u64,
}

impl PricingInput {
	/// Intrinsic value of `right` at this forward, price units.
	pub fn intrinsic(&self, right: OptionRight) -> u128 {
		intrinsic(right, self.forward, self.strike)
	}
}

/// `max(S − K, 0)` for a call, `max(K − S, 0)` for a put.
pub fn intrinsic(right: OptionRight, spot: u128, strike: u128) -> u128 {
	match right {
		OptionRight::Call => spot.saturating_sub(strike),
		OptionRight::Put => strike.saturating_sub(spot),
	}
}

/// d1, d2 and σ√T, or `None` when the option has no time value left to model (no time, no
/// volatility, a zero price, or a strike too far away): it is then worth its intrinsic value.
struct Ds {
	d1: Fx,
	d2: Fx,
	sigma_sqrt_t: Fx,
	sqrt_t: Fx,
	sigma: Fx,
}

fn ds(input: &PricingInput) -> Option<Ds> {
	if input.time_ms == 0 || input.vol == 0 || input.forward == 0 || input.strike == 0 {
		return None;
	}
	let vol = input.vol.min(MAX_VOL);
	let time_ms = input.time_ms.min(MAX_TIME_MS);
	let sigma = Fx::from_num(vol).checked_div(Fx::from_num(VOL_ONE))?;
	let t = Fx::from_num(time_ms).checked_div(Fx::from_num(MS_PER_YEAR))?;
	let sqrt_t: Fx = transcendental::sqrt::<Fx, Fx>(t).ok()?;
	let sigma_sqrt_t = sigma.checked_mul(sqrt_t)?;
	if sigma_sqrt_t <= Fx::from_bits(0) {
		return None;
	}
	let ln_fk = ln_ratio(input.forward, input.strike)?;
	let half_var = sigma_sqrt_t.checked_mul(sigma_sqrt_t)?.checked_div(Fx::from_num(2))?;
	let d1 = ln_fk.checked_add(half_var)?.checked_div(sigma_sqrt_t)?;
	let d2 = d1.checked_sub(sigma_sqrt_t)?;
	Some(Ds { d1, d2, sigma_sqrt_t, sqrt_t, sigma })
}

/// ln(a/b) for positive integers whose ratio lies within 2^±40; `None` beyond.
fn ln_ratio(a: u128, b: u128) -> Option<Fx> {
	// Bring both under 2^62 by the same shift, so the ratio is exact enough and fits.
	let bits = 128u32.saturating_sub(a.max(b).leading_zeros());
	let shift = bits.saturating_sub(62);
	let (a, b) = (a >> shift, b >> shift);
	if a == 0 || b == 0 {
		return None;
	}
	let (high, low, negative) = if a >= b { (a, b, false) } else { (b, a, true) };
	// A ratio ≥ 2^40 is out of the domain (deep in or out of the money).
	if (high >> MAX_LOG2_MONEYNESS as u32) >= low {
		return None;
	}
	let ratio = Fx::checked_from_num(high)?.checked_div(Fx::checked_from_num(low)?)?;
	let log2: Fx = transcendental::log2::<Fx, Fx>(ratio).ok()?;
	let ln = log2.checked_mul(LN_2)?;
	if negative {
		ln.checked_neg()
	} else {
		Some(ln)
	}
}

/// e^-y for y ≥ 0: y = k·ln 2 + r with 0 ≤ r < ln 2, e^-y = 2^-k / e^r, so the series the crate
/// sums is always short and exact to the last bits.
fn exp_neg(y: Fx) -> Option<Fx> {
	if y < Fx::from_bits(0) {
		return None;
	}
	let k = y.checked_div(LN_2)?.to_num::<i64>();
	if k >= 64 {
		return Some(Fx::from_bits(0));
	}
	let r = y.checked_sub(LN_2.checked_mul(Fx::from_num(k))?)?;
	let e_r: Fx = transcendental::exp::<Fx, Fx>(r).ok()?;
	let inverse = Fx::from_num(1).checked_div(e_r)?;
	Some(Fx::from_bits(inverse.to_bits() >> u32::try_from(k).ok()?))
}

/// The standard normal density φ(x) = e^(−x²/2)/√(2π).
fn density(x: Fx) -> Option<Fx> {
	let a = x.abs();
	if a > Fx::from_num(TAIL_CUTOFF) {
		return Some(Fx::from_bits(0));
	}
	exp_neg(a.checked_mul(a)?.checked_div(Fx::from_num(2))?)?.checked_mul(INV_SQRT_2PI)
}

/// The standard normal distribution N(x), with N(−x) = 1 − N(x) exactly (in bits), so that
/// prices derived from both sides agree to the last bit.
fn cdf(x: Fx) -> Option<Fx> {
	let a = x.abs();
	let tail = if a > Fx::from_num(TAIL_CUTOFF) {
		Fx::from_bits(0)
	} else {
		let e = exp_neg(a.checked_mul(a)?.checked_div(Fx::from_num(2))?)?;
		if a < HART_SWITCH {
			let num = horner(&HART_NUM, a)?;
			let den = horner(&HART_DEN, a)?;
			e.checked_mul(num)?.checked_div(den)?
		} else {
			// a + 1/(a + 2/(a + 3/(a + 4/(a + 0.65))))
			let mut build = a.checked_add(HART_CF_TAIL)?;
			for n in [4, 3, 2, 1] {
				build = a.checked_add(Fx::from_num(n).checked_div(build)?)?;
			}
			e.checked_div(build)?.checked_div(SQRT_2PI)?
		}
	};
	if x > Fx::from_bits(0) {
		Fx::from_num(1).checked_sub(tail)
	} else {
		Some(tail)
	}
}

fn horner(coefficients: &[Fx], x: Fx) -> Option<Fx> {
	let mut acc = Fx::from_bits(0);
	for c in coefficients {
		acc = acc.checked_mul(x)?.checked_add(*c)?;
	}
	Some(acc)
}

/// The Black-76 premium of `right` in price units, rounded as asked, within its no-arbitrage
/// bounds; `None` only if an amount does not fit (forward or strike at or above 2^63).
pub fn premium(right: OptionRight, input: &PricingInput, rounding: Rounding) -> Option<u128> {
	let call = call_premium_scaled(input)?;
	round_and_bound(right, input, call, rounding)
}

/// The premium rounded down and up from one evaluation: (a holder's value, a writer's
/// liability).
pub fn premiums(right: OptionRight, input: &PricingInput) -> Option<(u128, u128)> {
	let call = call_premium_scaled(input)?;
	Some((round_and_bound(right, input, call, Rounding::Down)?, round_and_bound(right, input, call, Rounding::Up)?))
}

/// Rounds a call premium × 2^64 once, bounds it, and derives the put by parity on integers.
fn round_and_bound(right: OptionRight, input: &PricingInput, call: u128, rounding: Rounding) -> Option<u128> {
	let half = 1u128 << 63;
	let (whole, rest) = (call >> 64, call & u128::from(u64::MAX));
	let call = match rounding {
		Rounding::Up if rest > 0 => whole.checked_add(1)?,
		Rounding::NearestPrefUp if rest >= half => whole.checked_add(1)?,
		Rounding::NearestPrefDown if rest > half => whole.checked_add(1)?,
		_ => whole,
	};
	let call = call.max(input.forward.saturating_sub(input.strike)).min(input.forward);
	match right {
		OptionRight::Call => Some(call),
		// put = call − F + K ≥ max(K − F, 0) because call ≥ max(F − K, 0).
		OptionRight::Put => call.checked_add(input.strike)?.checked_sub(input.forward),
	}
}

/// F·N(d1) − K·N(d2), × 2^64, at least 0.
fn call_premium_scaled(input: &PricingInput) -> Option<u128> {
	const LIMIT: u128 = 1 << 63;
	if input.forward >= LIMIT || input.strike >= LIMIT {
		return None;
	}
	let one = 1u128 << 64;
	let Some(d) = ds(input) else {
		return input.intrinsic(OptionRight::Call).checked_mul(one);
	};
	let n1 = u128::try_from(cdf(d.d1)?.to_bits()).ok()?;
	let n2 = u128::try_from(cdf(d.d2)?.to_bits()).ok()?;
	let long_leg = n1.checked_mul(input.forward)?;
	let short_leg = n2.checked_mul(input.strike)?;
	Some(long_leg.saturating_sub(short_leg))
}

/// Delta, gamma, vega and theta of `right` (see [`Greeks`] for units); `price_decimals` is the
/// feed's, so that gamma is per quote unit. Intrinsic-only options have delta 0 or ±1 and no
/// other greek.
pub fn greeks(right: OptionRight, input: &PricingInput, price_decimals: u8) -> Option<Greeks> {
	const E18: i128 = 1_000_000_000_000_000_000;
	let Some(d) = ds(input) else {
		let in_the_money = match right {
			OptionRight::Call => input.forward > input.strike,
			OptionRight::Put => input.strike > input.forward,
		};
		let delta = match (right, in_the_money) {
			(OptionRight::Call, true) => E18,
			(OptionRight::Put, true) => E18.checked_neg()?,
			_ => 0,
		};
		return Some(Greeks { delta, ..Default::default() });
	};
	let n1 = cdf(d.d1)?;
	let delta_fx = match right {
		OptionRight::Call => n1,
		OptionRight::Put => n1.checked_sub(Fx::from_num(1))?,
	};
	let phi = density(d.d1)?;
	let forward = Fx::checked_from_num(input.forward)?;
	let to_e18 = |v: Fx| -> Option<i128> {
		let bits = v.to_bits();
		// bits × 10^18 / 2^64 without overflow: split the integer and fractional parts.
		let int = bits >> 64;
		let frac = bits & ((1i128 << 64) - 1);
		int.checked_mul(E18)?
			.checked_add(frac.checked_mul(E18 >> 18)?.checked_mul(1 << 18)? >> 64)
	};
	let delta = to_e18(delta_fx)?;
	// gamma per price unit = φ/(F·σ√T); per quote unit × 10^decimals.
	let quote_unit = Fx::checked_from_num(10u64.checked_pow(u32::from(price_decimals))?)?;
	let gamma = phi.checked_mul(quote_unit)?.checked_div(forward)?.checked_div(d.sigma_sqrt_t)?;
	let vega = forward
		.checked_mul(phi)?
		.checked_mul(d.sqrt_t)?
		.checked_div(Fx::from_num(100))?;
	let theta = forward
		.checked_mul(phi)?
		.checked_mul(d.sigma)?
		.checked_div(d.sqrt_t.checked_mul(Fx::from_num(2))?)?
		.checked_div(Fx::from_num(365))?;
	Some(Greeks {
		delta,
		gamma: to_e18(gamma)?,
		vega: vega.to_num::<i128>(),
		theta: theta.to_num::<i128>().checked_neg()?,
	})
}

/// The largest premium change a volatility change of `vol_change` (millionths) can cause, as a
/// fraction of the forward × 10^18: vega ≤ F·√T/√(2π) for every strike, so
/// |Δpremium| ≤ F·√T·|Δσ|/√(2π). The risk clock advances by it when a surface moves.
pub fn max_vol_move_fraction(vol_change: u32, time_ms: u64) -> Option<u128> {
	let t = Fx::from_num(time_ms.min(MAX_TIME_MS)).checked_div(Fx::from_num(MS_PER_YEAR))?;
	let sqrt_t: Fx = transcendental::sqrt::<Fx, Fx>(t).ok()?;
	let change = Fx::from_num(vol_change).checked_div(Fx::from_num(VOL_ONE))?;
	let fraction = sqrt_t.checked_mul(change)?.checked_mul(INV_SQRT_2PI)?;
	// × 10^18, rounded up.
	let bits = u128::try_from(fraction.to_bits()).ok()?;
	multiply_by_rational_with_rounding(bits, 1_000_000_000_000_000_000, 1u128 << 64, Rounding::Up)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
mod tests;
