//! Market listing and parameters: governance origin only, every rule validated.

use super::mock::*;
use crate::{Error, Event, InsuranceFeeShare, MarketStatus, Markets, NextMarketId};
use frame_support::{assert_noop, assert_ok};
use sp_arithmetic::Perbill;
use sp_runtime::DispatchError;

#[test]
fn genesis_lists_the_markets() {
	new_test_ext().execute_with(|| {
		assert_eq!(NextMarketId::<Test>::get(), 2);
		assert_eq!(Markets::<Test>::get(0).map(|m| m.ticker.into_inner()), Some(b"BTC-USD".to_vec()));
		assert_eq!(InsuranceFeeShare::<Test>::get(), Perbill::from_percent(50));
	});
}

#[test]
fn only_the_governance_origin_changes_markets() {
	new_test_ext().execute_with(|| {
		let signed = RuntimeOrigin::signed(ALICE);
		assert_noop!(Margin::create_market(signed.clone(), market("Z-USD", btc_feed())), DispatchError::BadOrigin);
		assert_noop!(Margin::update_market(signed.clone(), 0, market("BTC-USD", btc_feed())), DispatchError::BadOrigin);
		assert_noop!(Margin::set_market_status(signed.clone(), 0, MarketStatus::Halted), DispatchError::BadOrigin);
		assert_noop!(Margin::set_insurance_fee_share(signed, Perbill::one()), DispatchError::BadOrigin);
		assert_ok!(Margin::create_market(RuntimeOrigin::root(), market("Z-USD", btc_feed())));
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), 2, MarketStatus::ReduceOnly));
		assert_ok!(Margin::set_insurance_fee_share(RuntimeOrigin::root(), Perbill::from_percent(20)));
		let events = margin_events();
		assert!(matches!(events[0], Event::MarketCreated { market: 2, .. }));
		assert_eq!(events[1], Event::MarketStatusChanged { market: 2, status: MarketStatus::ReduceOnly });
		assert_eq!(events[2], Event::InsuranceFeeShareChanged { share: Perbill::from_percent(20) });
	});
}

#[test]
fn invalid_parameters_are_refused_with_their_reason() {
	new_test_ext().execute_with(|| {
		let base = || market("Z-USD", btc_feed());
		let with = |f: &dyn Fn(&mut crate::MarketParams)| {
			let mut p = base();
			f(&mut p);
			p
		};
		let cases: Vec<(crate::MarketParams, Error<Test>)> = vec![
			(with(&|p| p.ticker = Default::default()), Error::<Test>::EmptyTicker),
			(with(&|p| p.maintenance_margin = Perbill::zero()), Error::<Test>::InvalidMarginFractions),
			(with(&|p| p.maintenance_margin = p.initial_margin), Error::<Test>::InvalidMarginFractions),
			(with(&|p| p.liquidation_penalty = p.maintenance_margin), Error::<Test>::InvalidLiquidationPenalty),
			(with(&|p| p.tick_size = 0), Error::<Test>::InvalidSizes),
			(with(&|p| p.step_size = 0), Error::<Test>::InvalidSizes),
			(with(&|p| p.min_order_size = p.step_size + 1), Error::<Test>::InvalidSizes),
			(with(&|p| p.taker_fee = Perbill::from_percent(6)), Error::<Test>::InvalidFee),
			(
				with(&|p| {
					p.imf_scaling_lower = 10;
					p.imf_scaling_upper = 10;
				}),
				Error::<Test>::InvalidOpenInterestScaling,
			),
			(with(&|p| p.funding_interval_ms = 59_999), Error::<Test>::InvalidFunding),
			(with(&|p| p.max_funding_rate = Perbill::from_percent(11)), Error::<Test>::InvalidFunding),
			(with(&|p| p.base_decimals = 19), Error::<Test>::InvalidBaseDecimals),
			(with(&|p| p.feed = clearing_primitives::feed_id("NOPE/USD").unwrap()), Error::<Test>::UnknownFeed),
		];
		for (params, error) in cases {
			let error = DispatchError::from(error);
			assert_noop!(Margin::create_market(RuntimeOrigin::root(), params.clone()), error);
			assert_noop!(Margin::update_market(RuntimeOrigin::root(), 0, params), error);
		}
		assert_noop!(Margin::update_market(RuntimeOrigin::root(), 7, base()), Error::<Test>::UnknownMarket);
		assert_noop!(
			Margin::set_market_status(RuntimeOrigin::root(), 7, MarketStatus::Halted),
			Error::<Test>::UnknownMarket
		);
		// The feed and base decimals of a listed market stay.
		assert_noop!(
			Margin::update_market(RuntimeOrigin::root(), 0, market("BTC-USD", eth_feed())),
			Error::<Test>::InvalidSizes
		);
		// At most MaxMarkets (4) markets.
		assert_ok!(Margin::create_market(RuntimeOrigin::root(), base()));
		assert_ok!(Margin::create_market(RuntimeOrigin::root(), base()));
		assert_noop!(Margin::create_market(RuntimeOrigin::root(), base()), Error::<Test>::TooManyMarkets);
	});
}

#[test]
fn the_emergency_origin_restricts_a_market_but_neither_reopens_it_nor_changes_margins() {
	new_test_ext().execute_with(|| {
		let emergency = RuntimeOrigin::signed(EMERGENCY);
		assert_ok!(Margin::set_market_status(emergency.clone(), 0, MarketStatus::ReduceOnly));
		assert_ok!(Margin::set_market_status(emergency.clone(), 0, MarketStatus::Halted));
		assert_eq!(crate::Markets::<Test>::get(0).map(|m| m.status), Some(MarketStatus::Halted));
		assert_noop!(
			Margin::set_market_status(emergency.clone(), 0, MarketStatus::Active),
			crate::Error::<Test>::EmergencyCannotReopen
		);
		let mut params = crate::Markets::<Test>::get(0).unwrap();
		params.initial_margin = sp_arithmetic::Perbill::from_percent(20);
		assert_noop!(Margin::update_market(emergency, 0, params), sp_runtime::DispatchError::BadOrigin);
		assert_noop!(
			Margin::set_market_status(RuntimeOrigin::signed(ALICE), 0, MarketStatus::Halted),
			sp_runtime::DispatchError::BadOrigin
		);
		// The risk admin (root here) reopens it.
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), 0, MarketStatus::Active));
	});
}
