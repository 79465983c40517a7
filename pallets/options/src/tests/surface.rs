//! The surface: what is accepted, refused and when it is stale; marks from it; the risk index;
//! the pure checks on their own.

use super::mock::*;
use crate::{surface, Event, RejectedAt, RiskIndex, SurfaceRejection, Surfaces};
use clearing_primitives::{
	black76::{self, OptionRight, PricingInput},
	options::{OptionMark, OptionPricing, OptionSeries},
	ClearingError, FillClearing, LiquidationClearing, Side,
};
use frame_support::assert_ok;
use sp_arithmetic::Perbill;

fn listed() -> u64 {
	let expiry_ms = START_MS + 30 * DAY_MS;
	assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc_feed(), expiry_ms, rule()));
	expiry_ms
}

fn series(expiry_ms: u64, strike_usd: u128, right: OptionRight) -> OptionSeries {
	OptionSeries { expiry: 0, expiry_ms, strike: strike_usd * USD, right }
}

#[test]
fn an_accepted_smile_marks_every_series_by_black_76() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed();
		// No smile yet: nothing can be marked.
		assert_eq!(
			Options::option_mark(&btc_feed(), &series(expiry_ms, 50_000, OptionRight::Call)),
			Err(ClearingError::StalePrice)
		);
		set_smile(0, vec![650_000, 600_000, 620_000]);
		next_block(2_000);
		let mark = Options::option_mark(&btc_feed(), &series(expiry_ms, 55_000, OptionRight::Put)).unwrap();
		let input =
			PricingInput { forward: 50_000 * USD, strike: 55_000 * USD, vol: 620_000, time_ms: expiry_ms - now_ms() };
		let (down, up) = black76::premiums(OptionRight::Put, &input).unwrap();
		assert_eq!(mark, OptionMark::Live { premium_down: down, premium_up: up, index: 50_000 * USD, decimals: 6 });
		// The first smile moves no clock; nothing was marked before it.
		assert_eq!(RiskIndex::<Test>::get(0), 0);
		assert_invariants();
	})
}

#[test]
fn a_smile_older_than_the_price_rule_marks_nothing() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed();
		set_smile(0, vec![650_000, 600_000, 620_000]);
		next_block(2_000);
		let call = series(expiry_ms, 50_000, OptionRight::Call);
		assert!(Options::option_mark(&btc_feed(), &call).is_ok());
		// The operators stop: 30 s after it was combined the smile is still good, then stale.
		for _ in 0..14 {
			next_block(2_000);
		}
		assert!(Options::option_mark(&btc_feed(), &call).is_ok());
		next_block(2_000);
		assert_eq!(Options::option_mark(&btc_feed(), &call), Err(ClearingError::StalePrice));
		// A stale index is stale too.
		set_smile(0, vec![650_000, 600_000, 620_000]);
		next_block(2_000);
		set_price(btc_feed(), None);
		assert_eq!(Options::option_mark(&btc_feed(), &call), Err(ClearingError::StalePrice));
	})
}

#[test]
fn a_surface_move_grows_the_risk_index_by_the_vega_bound() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed();
		set_smile(0, vec![650_000, 600_000, 620_000]);
		next_block(2_000);
		// The 50,000 strike's volatility rises 10 points, the others less.
		set_smile(0, vec![680_000, 700_000, 640_000]);
		next_block(2_000);
		let time_ms = expiry_ms - (now_ms() - 2_000);
		assert_eq!(RiskIndex::<Test>::get(0), black76::max_vol_move_fraction(100_000, time_ms).unwrap());
		// The index the clock reads is the expiry's.
		let call = pallet_margin::Markets::<Test>::get(4).unwrap();
		assert_eq!(call.kind.series().map(|s| s.expiry), Some(0));
		let inputs = <Margin as LiquidationClearing<AccountId>>::market_clock_inputs(4, None).unwrap();
		assert_eq!(inputs.risk_index, RiskIndex::<Test>::get(0));
	})
}

#[test]
fn arbitrage_or_out_of_bounds_smiles_are_refused_and_reported_once() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed();
		set_smile(0, vec![650_000, 600_000, 620_000]);
		next_block(2_000);
		let accepted = Surfaces::<Test>::get(0).unwrap();
		// One lying strike: the 50,000 call priced above the 45,000 one's convex hull.
		set_smile(0, vec![650_000, 2_500_000, 620_000]);
		next_block(2_000);
		assert_eq!(Surfaces::<Test>::get(0), Some(accepted.clone()));
		let rejections = || {
			options_events()
				.into_iter()
				.filter(|e| matches!(e, Event::SurfaceRejected { reason: SurfaceRejection::Butterfly, .. }))
				.count()
		};
		assert_eq!(rejections(), 1);
		assert!(RejectedAt::<Test>::get(0).is_some());
		// The same smile again is not reported again.
		next_block(2_000);
		assert_eq!(rejections(), 1);
		// Out of bounds, wrong length.
		set_smile(0, vec![650_000, 40_000, 620_000]);
		next_block(2_000);
		set_smile(0, vec![650_000, 600_000]);
		next_block(2_000);
		let reasons: Vec<_> = options_events()
			.into_iter()
			.filter_map(|e| match e {
				Event::SurfaceRejected { reason, .. } => Some(reason),
				_ => None,
			})
			.collect();
		assert_eq!(
			reasons,
			vec![SurfaceRejection::Butterfly, SurfaceRejection::OutOfBounds, SurfaceRejection::WrongLength]
		);
		assert_eq!(Surfaces::<Test>::get(0), Some(accepted));
		// Marks still come from the accepted smile while it is fresh.
		assert!(Options::option_mark(&btc_feed(), &series(expiry_ms, 50_000, OptionRight::Call)).is_ok());
		let _ = expiry_ms;
	})
}

#[test]
fn a_later_expiry_with_less_total_variance_is_refused() {
	new_test_ext().execute_with(|| {
		let near = START_MS + 7 * DAY_MS;
		let far = START_MS + 8 * DAY_MS;
		assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc_feed(), near, rule()));
		assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc_feed(), far, rule()));
		set_smile(0, vec![800_000, 800_000, 800_000]);
		next_block(2_000);
		// 8 days at 70 % is less variance than 7 days at 80 %: a calendar arbitrage.
		set_smile(1, vec![700_000, 700_000, 700_000]);
		next_block(2_000);
		assert!(Surfaces::<Test>::get(1).is_none());
		assert!(options_events()
			.iter()
			.any(|e| matches!(e, Event::SurfaceRejected { expiry: 1, reason: SurfaceRejection::Calendar, .. })));
		// 8 days at 76 % is more (0.76² · 8 > 0.8² · 7): accepted.
		set_smile(1, vec![760_000, 760_000, 760_000]);
		next_block(2_000);
		assert!(Surfaces::<Test>::get(1).is_some());
	})
}

#[test]
fn a_stale_surface_blocks_trading_and_liquidation_on_the_expiry() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed();
		set_smile(0, vec![650_000, 600_000, 620_000]);
		next_block(2_000);
		let call = 4; // the 50,000 call
		let mark = Options::option_mark(&btc_feed(), &series(expiry_ms, 50_000, OptionRight::Call)).unwrap();
		let OptionMark::Live { premium_down, .. } = mark else { panic!("live") };
		assert_ok!(Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, premium_down, BTC));
		for _ in 0..16 {
			next_block(2_000);
		}
		assert_eq!(
			Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, premium_down, BTC),
			Err(ClearingError::StalePrice)
		);
		// The writer cannot be evaluated on a stale surface: the liquidation engine skips it.
		assert_eq!(Margin::account_risk(&ALICE), Err(ClearingError::StalePrice));
		assert_invariants();
	})
}

#[test]
fn the_pure_checks_catch_each_arbitrage() {
	let strikes = [90_000 * USD, 100_000 * USD, 110_000 * USD];
	let ok = [600_000, 550_000, 580_000];
	let bounds = (50_000, 5_000_000);
	let t = 30 * DAY_MS;
	let tol = Perbill::from_percent(1);
	assert_eq!(surface::check_smile(&strikes, &ok, 100_000 * USD, t, bounds, tol), Ok(()));
	// A call spread with a negative price: the higher strike's call dearer.
	assert_eq!(
		surface::check_smile(&strikes, &[300_000, 3_000_000, 580_000], 100_000 * USD, t, bounds, tol),
		Err(SurfaceRejection::Butterfly)
	);
	assert_eq!(
		surface::check_smile(&strikes, &[600_000, 550_000], 100_000 * USD, t, bounds, tol),
		Err(SurfaceRejection::WrongLength)
	);
	assert_eq!(
		surface::check_smile(&strikes, &[600_000, 550_000, 6_000_000], 100_000 * USD, t, bounds, tol),
		Err(SurfaceRejection::OutOfBounds)
	);
	// Calendar: equal strikes, later expiry with less total variance.
	assert_eq!(
		surface::check_calendar((&strikes, &ok, t), (&strikes, &[500_000, 500_000, 500_000], t + DAY_MS), tol),
		Err(SurfaceRejection::Calendar)
	);
	assert_eq!(surface::check_calendar((&strikes, &ok, t), (&strikes, &ok, t + DAY_MS), tol), Ok(()));
	// Strikes the two grids do not share are not compared.
	let other = [95_000 * USD, 105_000 * USD];
	assert_eq!(surface::check_calendar((&strikes, &ok, t), (&other, &[100_000, 100_000], t + DAY_MS), tol), Ok(()));
}
