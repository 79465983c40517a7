//! Option rules and expiry listing: the strike grid, the series in the margin engine, and every
//! refusal leaving storage as it was.

use super::mock::*;
use crate::{Error, Event, Expiries, ExpiryDays, LiveExpiries, SeriesCount, StrikeRule, Underlyings};
use clearing_primitives::options::{InstrumentKind, OptionRight};
use frame_support::{assert_noop, assert_ok};
use sp_arithmetic::Perbill;
use sp_runtime::DispatchError;

fn list(expiry_ms: u64) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Options::list_expiry(RuntimeOrigin::root(), btc_feed(), expiry_ms, rule())
}

#[test]
fn an_expiry_gets_a_call_and_a_put_at_every_strike_of_its_grid() {
	new_test_ext().execute_with(|| {
		let expiry_ms = START_MS + 7 * DAY_MS;
		assert_ok!(list(expiry_ms));
		let expiry = Expiries::<Test>::get(0).unwrap();
		assert_eq!(expiry.strikes.to_vec(), vec![45_000 * USD, 50_000 * USD, 55_000 * USD]);
		assert_eq!(expiry.markets.to_vec(), vec![(2, 3), (4, 5), (6, 7)]);
		assert_eq!(SeriesCount::<Test>::get(btc_feed()), 6);
		assert_eq!(LiveExpiries::<Test>::get().to_vec(), vec![(0, expiry_ms)]);
		assert_eq!(ExpiryDays::<Test>::get(btc_feed(), expiry_ms / DAY_MS), Some(0));
		// Each series is a margin market of its kind, on the BTC feed, with the rules' sizes.
		let call = pallet_margin::Markets::<Test>::get(2).unwrap();
		let put = pallet_margin::Markets::<Test>::get(7).unwrap();
		let InstrumentKind::Option { series, min_initial_margin, fee_cap } = call.kind else { panic!("an option") };
		assert_eq!((series.expiry, series.strike, series.right), (0, 45_000 * USD, OptionRight::Call));
		assert_eq!((min_initial_margin, fee_cap), (Perbill::from_percent(13), Perbill::from_parts(125_000_000)));
		assert_eq!(put.kind.series().map(|s| (s.strike, s.right)), Some((55_000 * USD, OptionRight::Put)));
		assert_eq!(
			(call.feed, call.step_size, call.maintenance_margin),
			(btc_feed(), BTC / 100, Perbill::from_percent(9))
		);
		assert!(options_events()
			.iter()
			.any(|e| matches!(e, Event::ExpiryListed { expiry: 0, .. })));
		assert_invariants();
	})
}

#[test]
fn strike_grids_follow_the_rule() {
	new_test_ext().execute_with(|| {
		let grid = |index: u128, step: u128, range: u32| {
			crate::Pallet::<Test>::strike_grid(index, &StrikeRule { step, range: Perbill::from_percent(range) })
				.map(|g| g.into_inner())
				.map_err(DispatchError::from)
		};
		// Every 1,000 within ±3 % of 100,500: 97,485 … 103,515.
		assert_eq!(grid(100_500, 1_000, 3), Ok(vec![98_000, 99_000, 100_000, 101_000, 102_000, 103_000]));
		assert_eq!(grid(100_000, 0, 3), Err(Error::<Test>::InvalidStrikeRule.into()));
		assert_eq!(grid(100_000, 1_000, 0), Err(Error::<Test>::InvalidStrikeRule.into()));
		assert_eq!(grid(105_000, 10_000, 1), Err(Error::<Test>::NoStrikes.into()));
		// More than the 8 strikes an expiry may have.
		assert_eq!(grid(100_000, 100, 30), Err(Error::<Test>::TooManyStrikes.into()));
		// Never a zero strike, even with the range at 100 %.
		assert_eq!(grid(1_000, 500, 100), Ok(vec![500, 1_000, 1_500, 2_000]));
	})
}

#[test]
fn listings_are_refused_outside_the_rules_and_change_nothing() {
	new_test_ext().execute_with(|| {
		let soon = START_MS + 7 * DAY_MS;
		assert_noop!(
			Options::list_expiry(RuntimeOrigin::signed(ALICE), btc_feed(), soon, rule()),
			DispatchError::BadOrigin
		);
		assert_noop!(list(START_MS + 30_000), Error::<Test>::ExpiryTooSoon);
		assert_noop!(list(START_MS - 1), Error::<Test>::ExpiryTooSoon);
		assert_noop!(list(START_MS + 400 * DAY_MS), Error::<Test>::ExpiryTooFar);
		assert_noop!(
			Options::list_expiry(RuntimeOrigin::root(), eth_feed(), soon, rule()),
			Error::<Test>::UnknownUnderlying
		);
		set_price(btc_feed(), None);
		assert_noop!(list(soon), Error::<Test>::StalePrice);
		set_price(btc_feed(), Some(50_000 * USD));
		assert_ok!(list(soon));
		// One expiry per underlying per UTC day.
		assert_noop!(list(soon + 60_000), Error::<Test>::ExpiryDayTaken);
		// 6 of 12 series used: a second 3-strike expiry fits, a third does not.
		assert_ok!(list(soon + DAY_MS));
		assert_noop!(list(soon + 2 * DAY_MS), Error::<Test>::TooManySeries);
		assert_invariants();
	})
}

#[test]
fn option_rules_are_checked_and_bounded() {
	new_test_ext().execute_with(|| {
		let set = |config| Options::set_underlying(RuntimeOrigin::root(), eth_feed(), config);
		let bad = [
			crate::UnderlyingConfig { maintenance_margin: Perbill::from_percent(14), ..btc_options() },
			crate::UnderlyingConfig { min_initial_margin: Perbill::from_percent(16), ..btc_options() },
			crate::UnderlyingConfig { liquidation_penalty: Perbill::from_percent(9), ..btc_options() },
			crate::UnderlyingConfig { taker_fee: Perbill::from_percent(2), ..btc_options() },
			crate::UnderlyingConfig { min_order_size: BTC / 100 + 1, ..btc_options() },
			crate::UnderlyingConfig { min_vol: 0, ..btc_options() },
			crate::UnderlyingConfig { max_vol: 10, ..btc_options() },
			crate::UnderlyingConfig { price_band: Perbill::zero(), ..btc_options() },
			crate::UnderlyingConfig { max_series: 0, ..btc_options() },
			crate::UnderlyingConfig { venue_currency: Default::default(), ..btc_options() },
		];
		for config in bad {
			assert_noop!(set(config), Error::<Test>::InvalidConfig);
		}
		assert_noop!(
			Options::set_underlying(
				RuntimeOrigin::root(),
				clearing_primitives::feed_id("XYZ/USD").unwrap(),
				btc_options()
			),
			Error::<Test>::UnknownFeed
		);
		assert_noop!(
			Options::set_underlying(RuntimeOrigin::signed(BOB), eth_feed(), btc_options()),
			DispatchError::BadOrigin
		);
		assert_ok!(set(btc_options()));
		assert_eq!(Underlyings::<Test>::count(), 2);
		// Two underlyings at most.
		set_price(clearing_primitives::feed_id("DOT/USD").unwrap(), Some(5 * USD));
		assert_noop!(
			Options::set_underlying(
				RuntimeOrigin::root(),
				clearing_primitives::feed_id("DOT/USD").unwrap(),
				btc_options()
			),
			Error::<Test>::TooManyUnderlyings
		);
	})
}

#[test]
fn the_margin_registry_bounds_listings_too() {
	new_test_ext().execute_with(|| {
		// 40 markets at most, 2 perpetuals: raise the series bound and list until the registry is
		// full; the listing that does not fit is refused whole.
		assert_ok!(Options::set_underlying(
			RuntimeOrigin::root(),
			btc_feed(),
			crate::UnderlyingConfig { max_series: 100, ..btc_options() }
		));
		// 45,000 … 54,000 every 1,500: 7 strikes, 14 series.
		let wide = StrikeRule { step: 1_500 * USD, range: Perbill::from_percent(10) };
		assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc_feed(), START_MS + 7 * DAY_MS, wide));
		assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc_feed(), START_MS + 8 * DAY_MS, wide));
		assert_eq!(pallet_margin::LiveMarkets::<Test>::get().len(), 30);
		assert_noop!(
			Options::list_expiry(RuntimeOrigin::root(), btc_feed(), START_MS + 9 * DAY_MS, wide),
			Error::<Test>::ListingFailed
		);
	})
}
