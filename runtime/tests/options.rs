//! Options in the real runtime: the genesis option rules, an expiry listed by root, the dev
//! operator's smile through the volatility feed (and the pool's gate on it), marks through the
//! margin engine, the option chain's runtime API, and the hooks' reserved weight covering their
//! work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;

use clearing_primitives::{
	api::runtime_decl_for_clearing_api::ClearingApiV2,
	feed_id,
	options::{InstrumentKind, OptionMark, OptionPricing, OptionRight, OptionSeries},
	ClearingView,
};
use clearing_runtime::{Block, Options, Runtime, RuntimeCall, RuntimeOrigin, System};
use common::{dev_operator, ext_from_preset, price_btc, NOW_MS};
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use sp_runtime::{traits::Dispatchable, DispatchError, Perbill};

const USD: u128 = 1_000_000;

fn btc() -> clearing_primitives::FeedId {
	feed_id("BTC/USD").unwrap()
}

/// Lists a BTC expiry a week ahead, strikes every 1,000 USD within 2 % of 67,000.
fn list_week_expiry() -> (u64, Vec<(u32, u32)>) {
	price_btc(67_000 * USD);
	let expiry_ms = NOW_MS + 7 * 86_400_000;
	let rule = pallet_options::StrikeRule { step: 1_000 * USD, range: Perbill::from_percent(2) };
	assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc(), expiry_ms, rule));
	let expiry = pallet_options::Expiries::<Runtime>::get(0).unwrap();
	(expiry_ms, expiry.markets.into_inner())
}

fn smile(vols: &[u32]) -> pallet_oracle_feeder::Smile {
	BoundedVec::truncate_from(vols.to_vec())
}

#[test]
fn the_genesis_lists_option_rules_for_btc_and_eth() {
	ext_from_preset("development").execute_with(|| {
		for (feed, currency) in [("BTC/USD", "BTC"), ("ETH/USD", "ETH")] {
			let rules = pallet_options::Underlyings::<Runtime>::get(feed_id(feed).unwrap()).unwrap();
			assert_eq!(rules.venue_currency.to_vec(), currency.as_bytes().to_vec());
			assert_eq!(
				(rules.initial_margin, rules.min_initial_margin, rules.maintenance_margin),
				(Perbill::from_percent(15), Perbill::from_percent(13), Perbill::from_percent(9))
			);
			assert_eq!(
				(rules.taker_fee, rules.fee_cap),
				(Perbill::from_parts(300_000), Perbill::from_parts(125_000_000))
			);
		}
	});
}

#[test]
fn the_operator_feeds_a_smile_that_marks_the_series() {
	ext_from_preset("development").execute_with(|| {
		let (expiry_ms, markets) = list_week_expiry();
		assert_eq!(markets.len(), 3, "66,000, 67,000, 68,000");
		let (call, _) = markets[1];
		let kind = pallet_margin::Markets::<Runtime>::get(call).unwrap().kind;
		assert!(matches!(kind, InstrumentKind::Option { series, .. } if series.strike == 67_000 * USD && series.right == OptionRight::Call));
		// Nobody but an operator feeds smiles, and only for a listed expiry.
		let feed = |values| RuntimeCall::VolOracle(pallet_oracle::Call::feed_values { values });
		let bad_signer = pallet_oracle_feeder::CheckOracleFeed::<Runtime>::check_smile_feeder(
			&sp_keyring::Sr25519Keyring::Bob.to_account_id(),
		);
		assert!(bad_signer.is_err());
		assert!(pallet_oracle_feeder::CheckOracleFeed::<Runtime>::check_smiles(&[(5, smile(&[1]))]).is_err());
		// The dev chain has one operator: its smile is the median.
		assert_ok!(feed(BoundedVec::truncate_from(vec![(0, smile(&[620_000, 600_000, 610_000]))]))
			.dispatch(RuntimeOrigin::signed(dev_operator())));
		<Options as Hooks<u32>>::on_finalize(System::block_number());
		let series = OptionSeries { expiry: 0, expiry_ms, strike: 67_000 * USD, right: OptionRight::Call };
		let mark = <Options as OptionPricing>::option_mark(&btc(), &series).unwrap();
		let OptionMark::Live { premium_down, index, .. } = mark else { panic!("live") };
		assert_eq!(index, 67_000 * USD);
		// ATM, a week at 60 %: about 0.4 × 67,000 × 0.6 × √(7/365) ≈ 2,226 USD.
		assert!((2_100 * USD..2_400 * USD).contains(&premium_down), "{premium_down}");
		assert_eq!(<pallet_margin::Pallet<Runtime> as ClearingView<_>>::mark_price(call), Ok(premium_down));
		// The chain view.
		let chain = <Runtime as ClearingApiV2<Block, clearing_primitives::AccountId>>::option_chain(btc());
		assert_eq!(chain.series.len(), 6);
		let view = chain.series.iter().find(|s| s.market == call).unwrap();
		assert_eq!((view.mark, view.vol), (Some(premium_down), Some(600_000)));
		assert!(view.greeks.is_some_and(|g| g.delta > 500_000_000_000_000_000 && g.delta < 600_000_000_000_000_000));
	});
}

#[test]
fn only_root_or_the_risk_admin_lists_and_the_bounds_hold() {
	ext_from_preset("development").execute_with(|| {
		price_btc(67_000 * USD);
		let rule = pallet_options::StrikeRule { step: 1_000 * USD, range: Perbill::from_percent(2) };
		assert_noop!(
			Options::list_expiry(
				RuntimeOrigin::signed(sp_keyring::Sr25519Keyring::Bob.to_account_id()),
				btc(),
				NOW_MS + 86_400_000,
				rule
			),
			DispatchError::BadOrigin
		);
		// A grid wider than 32 strikes is refused whole.
		let wide = pallet_options::StrikeRule { step: 100 * USD, range: Perbill::from_percent(10) };
		assert_noop!(
			Options::list_expiry(RuntimeOrigin::root(), btc(), NOW_MS + 86_400_000, wide),
			pallet_options::Error::<Runtime>::TooManyStrikes
		);
	});
}

#[test]
fn the_hooks_reserve_what_a_settling_expiry_costs() {
	ext_from_preset("development").execute_with(|| {
		list_week_expiry();
		let trading = <Options as Hooks<u32>>::on_initialize(System::block_number());
		// Past its expiry the reservation adds the fixing and the sweep.
		pallet_timestamp::Now::<Runtime>::put(NOW_MS + 8 * 86_400_000);
		let settling = <Options as Hooks<u32>>::on_initialize(System::block_number());
		assert!(settling.ref_time() > trading.ref_time());
		assert!(trading.ref_time() > 0);
	});
}
