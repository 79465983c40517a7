//! The checks a volatility smile passes before it marks anything, and the TWAP, as pure
//! functions over plain numbers (tested without a runtime).

use crate::types::{SurfaceRejection, Twap};
use clearing_primitives::{
	black76::{self, OptionRight, PricingInput},
	options::Volatility,
	Moment, Price,
};
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// Checks one expiry's smile: one volatility per strike, each within `[min_vol, max_vol]`, and
/// the call prices it implies at `index` (strikes ascending) free of static arbitrage beyond
/// `tolerance × index`: non-increasing in the strike, and convex (no butterfly with a negative
/// price).
pub fn check_smile(
	strikes: &[Price],
	vols: &[Volatility],
	index: Price,
	time_ms: Moment,
	(min_vol, max_vol): (Volatility, Volatility),
	tolerance: Perbill,
) -> Result<(), SurfaceRejection> {
	if vols.len() != strikes.len() {
		return Err(SurfaceRejection::WrongLength);
	}
	if vols.iter().any(|v| *v < min_vol || *v > max_vol) {
		return Err(SurfaceRejection::OutOfBounds);
	}
	let slack = tolerance.mul_ceil(index);
	let mut calls = alloc::vec::Vec::with_capacity(strikes.len());
	for (strike, vol) in strikes.iter().zip(vols) {
		let input = PricingInput { forward: index, strike: *strike, vol: *vol, time_ms };
		calls.push(
			black76::premium(OptionRight::Call, &input, Rounding::NearestPrefDown).ok_or(SurfaceRejection::Overflow)?,
		);
	}
	// Call spreads: C(K1) ≥ C(K2) for K1 < K2.
	for pair in calls.windows(2) {
		if let [a, b] = pair {
			if b.saturating_sub(*a) > slack {
				return Err(SurfaceRejection::Butterfly);
			}
		}
	}
	// Butterflies: C(K1) ≤ λ·C(K0) + (1 − λ)·C(K2), λ = (K2 − K1)/(K2 − K0).
	for (k, c) in strikes.windows(3).zip(calls.windows(3)) {
		if let ([k0, k1, k2], [c0, c1, c2]) = (k, c) {
			let width = k2.saturating_sub(*k0);
			if width == 0 {
				return Err(SurfaceRejection::Butterfly);
			}
			let left = multiply_by_rational_with_rounding(*c0, k2.saturating_sub(*k1), width, Rounding::Up)
				.ok_or(SurfaceRejection::Overflow)?;
			let right = multiply_by_rational_with_rounding(*c2, k1.saturating_sub(*k0), width, Rounding::Up)
				.ok_or(SurfaceRejection::Overflow)?;
			if c1.saturating_sub(left.saturating_add(right)) > slack {
				return Err(SurfaceRejection::Butterfly);
			}
		}
	}
	Ok(())
}

/// Total variance σ²·T of a volatility over `time_ms`, in (millionths)²·ms.
pub fn total_variance(vol: Volatility, time_ms: Moment) -> u128 {
	u128::from(vol)
		.saturating_mul(u128::from(vol))
		.saturating_mul(u128::from(time_ms))
}

/// Calendar check at the strikes two expiries share: the later one's total variance must not
/// fall below the earlier one's by more than `tolerance` of it. `earlier` and `later`: (strikes,
/// vols, time to expiry in ms).
pub fn check_calendar(
	earlier: (&[Price], &[Volatility], Moment),
	later: (&[Price], &[Volatility], Moment),
	tolerance: Perbill,
) -> Result<(), SurfaceRejection> {
	for (strike, vol) in earlier.0.iter().zip(earlier.1) {
		let Ok(i) = later.0.binary_search(strike) else { continue };
		let Some(later_vol) = later.1.get(i) else { continue };
		let before = total_variance(*vol, earlier.2);
		let after = total_variance(*later_vol, later.2);
		if after < before.saturating_sub(tolerance.mul_ceil(before)) {
			return Err(SurfaceRejection::Calendar);
		}
	}
	Ok(())
}

/// The largest change of any strike's volatility between two smiles of the same grid.
pub fn largest_vol_change(before: &[Volatility], after: &[Volatility]) -> Volatility {
	before.iter().zip(after).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0)
}

/// Adds a sample of the index at `now_ms` to a running TWAP: the previous sample held from its
/// time until now.
pub fn sample(twap: &mut Twap, now_ms: Moment, price: Price) {
	if twap.samples == 0 {
		twap.start_ms = now_ms;
	} else if now_ms > twap.last_ms {
		let held = u128::from(now_ms.saturating_sub(twap.last_ms));
		twap.weighted_sum = twap.weighted_sum.saturating_add(twap.last_price.saturating_mul(held));
	} else {
		// A second sample at the same time replaces the first.
		twap.samples = twap.samples.saturating_sub(1);
	}
	twap.last_ms = now_ms;
	twap.last_price = price;
	twap.samples = twap.samples.saturating_add(1);
}

/// The time-weighted average from the first sample to `expiry_ms` (the last sample holds until
/// the expiry), rounded down; `None` without samples.
pub fn average(twap: &Twap, expiry_ms: Moment) -> Option<Price> {
	if twap.samples == 0 {
		return None;
	}
	let end = expiry_ms.max(twap.last_ms);
	let tail = u128::from(end.saturating_sub(twap.last_ms)).saturating_mul(twap.last_price);
	let duration = u128::from(end.saturating_sub(twap.start_ms));
	if duration == 0 {
		return Some(twap.last_price);
	}
	twap.weighted_sum.checked_add(tail)?.checked_div(duration)
}
