//! Black-76 in fixed point against the same formula in `f64` (libm's `erfc`, `ln`, `sqrt`),
//! put-call parity, no-arbitrage bounds, monotonicity and hostile inputs.

use super::*;
use proptest::prelude::*;

const DAY_MS: u64 = 86_400_000;
/// The price units of one USD at the chain's 6-decimal feeds.
const USD: u128 = 1_000_000;

fn to_f64(x: Fx) -> f64 {
	x.to_bits() as f64 / 18_446_744_073_709_551_616.0
}

fn cdf_f64(x: f64) -> f64 {
	0.5 * libm::erfc(-x / core::f64::consts::SQRT_2)
}

/// The float reference: Black-76 without discounting, in price units.
fn reference(right: OptionRight, input: &PricingInput) -> f64 {
	let (f, k) = (input.forward as f64, input.strike as f64);
	let sigma = input.vol as f64 / 1e6;
	let t = input.time_ms as f64 / MS_PER_YEAR as f64;
	let s = sigma * t.sqrt();
	let d1 = ((f / k).ln() + s * s / 2.0) / s;
	let d2 = d1 - s;
	let call = f * cdf_f64(d1) - k * cdf_f64(d2);
	match right {
		OptionRight::Call => call,
		OptionRight::Put => call - f + k,
	}
}

fn input(forward_usd: u128, strike_usd: u128, vol_percent: u32, days: u64) -> PricingInput {
	PricingInput {
		forward: forward_usd * USD,
		strike: strike_usd * USD,
		vol: vol_percent * 10_000,
		time_ms: days * DAY_MS,
	}
}

#[test]
fn coefficients_are_the_published_decimals() {
	let num = [
		3.52624965998911e-02,
		0.700383064443688,
		6.37396220353165,
		33.912866078383,
		112.079291497871,
		221.213596169931,
		220.206867912376,
	];
	let den = [
		8.83883476483184e-02,
		1.75566716318264,
		16.064177579207,
		86.7807322029461,
		296.564248779674,
		637.333633378831,
		793.826512519948,
		440.413735824752,
	];
	for (fixed, decimal) in HART_NUM.iter().zip(num).chain(HART_DEN.iter().zip(den)) {
		assert!((to_f64(*fixed) / decimal - 1.0).abs() < 1e-15, "{decimal}");
	}
	assert!((to_f64(LN_2) - core::f64::consts::LN_2).abs() < 1e-16);
	assert!((to_f64(SQRT_2PI) - (2.0 * core::f64::consts::PI).sqrt()).abs() < 1e-15);
	assert!((to_f64(INV_SQRT_2PI) - 1.0 / (2.0 * core::f64::consts::PI).sqrt()).abs() < 1e-16);
	assert!((to_f64(HART_SWITCH) - 7.07106781186547).abs() < 1e-15);
	assert!((to_f64(HART_CF_TAIL) - 0.65).abs() < 1e-16);
}

#[test]
fn the_normal_distribution_matches_erfc_to_1e_14() {
	let mut worst = 0.0f64;
	for i in -1_200..=1_200 {
		let x = i as f64 / 100.0;
		let fixed = cdf(Fx::from_num(i).checked_div(Fx::from_num(100)).unwrap()).unwrap();
		worst = worst.max((to_f64(fixed) - cdf_f64(x)).abs());
	}
	assert!(worst < 1e-14, "worst error {worst:e}");
}

#[test]
fn the_normal_distribution_is_symmetric_to_the_bit() {
	for i in 0..=1_000 {
		let x = Fx::from_num(i).checked_div(Fx::from_num(97)).unwrap();
		let sum = cdf(x).unwrap().checked_add(cdf(-x).unwrap()).unwrap();
		assert_eq!(sum, Fx::from_num(1), "x = {x}");
	}
}

#[test]
fn the_density_and_exponential_match_floats() {
	for i in 0..=900 {
		let x = i as f64 / 100.0;
		let fixed = density(Fx::from_num(i).checked_div(Fx::from_num(100)).unwrap()).unwrap();
		let float = (-x * x / 2.0).exp() / (2.0 * core::f64::consts::PI).sqrt();
		assert!((to_f64(fixed) - float).abs() < 1e-16 + float * 1e-14, "x = {x}");
	}
}

/// A reference table: 100,000 USD index, strikes from 50 % to 200 %, vols 20 %–150 %, expiries
/// from one hour to two years.
#[test]
fn prices_match_the_float_formula() {
	let mut worst = 0.0f64;
	for strike in [50_000, 70_000, 90_000, 99_000, 100_000, 101_000, 110_000, 130_000, 200_000] {
		for vol in [20, 55, 80, 150] {
			for time_ms in [3_600_000, DAY_MS, 7 * DAY_MS, 30 * DAY_MS, 365 * DAY_MS, 730 * DAY_MS] {
				let i = PricingInput { time_ms, ..input(100_000, strike, vol, 0) };
				for right in [OptionRight::Call, OptionRight::Put] {
					let want = reference(right, &i);
					let down = premium(right, &i, Rounding::Down).unwrap() as f64;
					let up = premium(right, &i, Rounding::Up).unwrap() as f64;
					// Within a millionth of a USD per 100,000 USD of index, plus the rounding.
					assert!(
						down <= want + 1.0 && up >= want - 1.0,
						"{right:?} K={strike} v={vol} t={time_ms}: {down} {want}"
					);
					worst = worst.max((down - want).abs());
				}
			}
		}
	}
	assert!(worst <= 2.0, "worst error {worst} price units");
}

#[test]
fn a_known_value() {
	// ATM call, F = K = 100,000, σ = 50 %, T = 1 year: F·(2N(σ/2) − 1) = 19,741.265… USD.
	let i = input(100_000, 100_000, 50, 365);
	let expected = 100_000.0 * (2.0 * cdf_f64(0.25) - 1.0);
	let call = premium(OptionRight::Call, &i, Rounding::Down).unwrap();
	assert_eq!(call / USD, 19_741);
	assert!((call as f64 / USD as f64 - expected).abs() < 1e-6);
	assert_eq!(premium(OptionRight::Put, &i, Rounding::Down), Some(call));
}

#[test]
fn no_time_or_no_volatility_is_intrinsic() {
	for (f, k) in [(100_000, 90_000), (100_000, 110_000), (100_000, 100_000)] {
		for i in [input(f, k, 50, 0), input(f, k, 0, 30)] {
			assert_eq!(premium(OptionRight::Call, &i, Rounding::Up), Some(i.intrinsic(OptionRight::Call)));
			assert_eq!(premium(OptionRight::Put, &i, Rounding::Up), Some(i.intrinsic(OptionRight::Put)));
		}
	}
}

#[test]
fn hostile_inputs_never_panic() {
	let extremes = [0u128, 1, 2, USD, u64::MAX as u128, 1 << 63, u128::MAX];
	for forward in extremes {
		for strike in extremes {
			for vol in [0, 1, VOL_ONE, MAX_VOL, u32::MAX] {
				for time_ms in [0, 1, DAY_MS, MAX_TIME_MS, u64::MAX] {
					let i = PricingInput { forward, strike, vol, time_ms };
					for right in [OptionRight::Call, OptionRight::Put] {
						if let Some(p) = premium(right, &i, Rounding::Up) {
							assert!(p >= i.intrinsic(right));
						} else {
							assert!(forward >= 1 << 63 || strike >= 1 << 63);
						}
						let _ = greeks(right, &i, 6);
					}
				}
			}
		}
	}
}

#[test]
fn greeks_match_the_float_formulas() {
	let i = input(100_000, 110_000, 60, 30);
	let (f, k, sigma, t): (f64, f64, f64, f64) = (100_000.0, 110_000.0, 0.6, 30.0 / 365.0);
	let s = sigma * t.sqrt();
	let d1 = ((f / k).ln() + s * s / 2.0) / s;
	let phi = (-d1 * d1 / 2.0).exp() / (2.0 * core::f64::consts::PI).sqrt();
	let call = greeks(OptionRight::Call, &i, 6).unwrap();
	let put = greeks(OptionRight::Put, &i, 6).unwrap();
	assert!((call.delta as f64 / 1e18 - cdf_f64(d1)).abs() < 1e-12);
	assert!((put.delta as f64 / 1e18 - (cdf_f64(d1) - 1.0)).abs() < 1e-12);
	assert_eq!(call.delta - put.delta, 1_000_000_000_000_000_000);
	let gamma = phi / (f * s);
	assert!((call.gamma as f64 / 1e18 / gamma - 1.0).abs() < 1e-9);
	assert_eq!(call.gamma, put.gamma);
	let vega = f * phi * t.sqrt() / 100.0 * USD as f64;
	assert!((call.vega as f64 - vega).abs() <= 1.0, "{} {vega}", call.vega);
	let theta = -f * phi * sigma / (2.0 * t.sqrt()) / 365.0 * USD as f64;
	assert!((call.theta as f64 - theta).abs() <= 1.0, "{} {theta}", call.theta);
	// A day of decay is about theta.
	let tomorrow = PricingInput { time_ms: 29 * DAY_MS, ..i };
	let decay = premium(OptionRight::Call, &tomorrow, Rounding::Down).unwrap() as f64
		- premium(OptionRight::Call, &i, Rounding::Down).unwrap() as f64;
	assert!((decay / theta - 1.0).abs() < 0.02, "{decay} {theta}");
}

fn any_input() -> impl Strategy<Value = PricingInput> {
	(1u128..1_000_000_000_000_000, 1u128..1_000_000_000_000_000, 0u32..=MAX_VOL, 0u64..=3 * MS_PER_YEAR)
		.prop_map(|(forward, strike, vol, time_ms)| PricingInput { forward, strike, vol, time_ms })
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn put_call_parity_holds_exactly(i in any_input()) {
		for rounding in [Rounding::Down, Rounding::Up] {
			let call = premium(OptionRight::Call, &i, rounding).unwrap();
			let put = premium(OptionRight::Put, &i, rounding).unwrap();
			prop_assert_eq!(call as i128 - put as i128, i.forward as i128 - i.strike as i128);
		}
	}

	#[test]
	fn premiums_stay_within_no_arbitrage_bounds(i in any_input()) {
		let call = premium(OptionRight::Call, &i, Rounding::Up).unwrap();
		let put = premium(OptionRight::Put, &i, Rounding::Up).unwrap();
		prop_assert!(call >= i.intrinsic(OptionRight::Call) && call <= i.forward);
		prop_assert!(put >= i.intrinsic(OptionRight::Put) && put <= i.strike);
		prop_assert!(premium(OptionRight::Call, &i, Rounding::Down).unwrap() <= call);
		for right in [OptionRight::Call, OptionRight::Put] {
			let (down, up) = premiums(right, &i).unwrap();
			prop_assert_eq!(Some(down), premium(right, &i, Rounding::Down));
			prop_assert_eq!(Some(up), premium(right, &i, Rounding::Up));
			prop_assert!(up - down <= 1);
		}
	}

	#[test]
	fn premiums_are_monotone(i in any_input(), step in 1u32..200_000, days in 1u64..30) {
		let call = |i: &PricingInput| premium(OptionRight::Call, i, Rounding::Down).unwrap();
		let put = |i: &PricingInput| premium(OptionRight::Put, i, Rounding::Down).unwrap();
		let more_vol = PricingInput { vol: i.vol.saturating_add(step).min(MAX_VOL), ..i };
		let more_time = PricingInput { time_ms: i.time_ms + days * DAY_MS, ..i };
		let higher_strike = PricingInput { strike: i.strike + i.strike / 100 + 1, ..i };
		let higher_index = PricingInput { forward: i.forward + i.forward / 100 + 1, ..i };
		// One price unit of slack: each premium is rounded on its own.
		prop_assert!(call(&more_vol) + 1 >= call(&i) && put(&more_vol) + 1 >= put(&i));
		prop_assert!(call(&more_time) + 1 >= call(&i) && put(&more_time) + 1 >= put(&i));
		prop_assert!(call(&higher_strike) <= call(&i) + 1 && put(&higher_strike) + 1 >= put(&i));
		prop_assert!(call(&higher_index) + 1 >= call(&i) && put(&higher_index) <= put(&i) + 1);
	}

	/// What the risk clock relies on: a premium moves at most as much as the index, and a
	/// volatility change moves it at most `max_vol_move_fraction` of the index.
	#[test]
	fn premium_moves_are_bounded(i in any_input(), up in 0u32..500_000, index_move in 0u128..30) {
		let vol = i.vol.min(MAX_VOL - 500_000);
		let i = PricingInput { vol, ..i };
		let moved = PricingInput { vol: vol + up, ..i };
		let bound = max_vol_move_fraction(up, i.time_ms).unwrap();
		for right in [OptionRight::Call, OptionRight::Put] {
			let before = premium(right, &i, Rounding::Down).unwrap();
			let after = premium(right, &moved, Rounding::Up).unwrap();
			let allowed = i.forward * bound / 1_000_000_000_000_000_000 + 2;
			prop_assert!(after.abs_diff(before) <= allowed, "{right:?}: {before} → {after}, allowed {allowed}");
			let shifted = PricingInput { forward: i.forward + i.forward * index_move / 100, ..i };
			let after = premium(right, &shifted, Rounding::Up).unwrap();
			prop_assert!(after.abs_diff(before) <= shifted.forward - i.forward + 2);
		}
	}
}
