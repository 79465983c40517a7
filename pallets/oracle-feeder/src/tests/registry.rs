//! The feed registry and the parameters: governance origin only, every change validated, events.

use super::mock::*;
use crate::{
	types::{SourceSymbol, MAX_SYMBOL_LEN},
	Error, Event, FeedConfig, Feeds, OracleParams, Params, SourceKind,
};
use clearing_primitives::feed_id;
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::{DispatchError, Permill};

fn symbol(kind: SourceKind, text: &str) -> SourceSymbol {
	SourceSymbol { kind, symbol: BoundedVec::truncate_from(text.as_bytes().to_vec()) }
}

fn config(decimals: u8, symbols: Vec<SourceSymbol>) -> FeedConfig {
	FeedConfig { decimals, symbols: BoundedVec::truncate_from(symbols) }
}

#[test]
fn genesis_lists_the_feeds_and_parameters() {
	new_test_ext().execute_with(|| {
		assert_eq!(Feeds::<Test>::get(btc()), Some(btc_feed()));
		assert_eq!(Feeds::<Test>::count(), 1);
		assert_eq!(Params::<Test>::get(), test_params());
	});
}

#[test]
fn registry_changes_need_the_governance_origin() {
	new_test_ext().execute_with(|| {
		let eth_feed = exchange_feed("ETHUSDT", "ETH-USD", "ETHUSD", 6);
		for origin in [RuntimeOrigin::signed(account("//Alice")), RuntimeOrigin::none()] {
			assert_noop!(
				OracleFeeder::register_feed(origin.clone(), eth(), eth_feed.clone()),
				DispatchError::BadOrigin
			);
			assert_noop!(OracleFeeder::update_feed(origin.clone(), btc(), eth_feed.clone()), DispatchError::BadOrigin);
			assert_noop!(OracleFeeder::remove_feed(origin.clone(), btc()), DispatchError::BadOrigin);
			assert_noop!(OracleFeeder::set_params(origin, test_params()), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn register_update_remove_emit_events() {
	new_test_ext().execute_with(|| {
		let eth_feed = exchange_feed("ETHUSDT", "ETH-USD", "ETHUSD", 6);
		assert_ok!(OracleFeeder::register_feed(RuntimeOrigin::root(), eth(), eth_feed.clone()));
		assert_eq!(Feeds::<Test>::get(eth()), Some(eth_feed.clone()));

		let changed = config(8, vec![symbol(SourceKind::Json, "eth-usd")]);
		assert_ok!(OracleFeeder::update_feed(RuntimeOrigin::root(), eth(), changed.clone()));
		assert_eq!(Feeds::<Test>::get(eth()), Some(changed.clone()));

		assert_ok!(OracleFeeder::remove_feed(RuntimeOrigin::root(), eth()));
		assert_eq!(Feeds::<Test>::get(eth()), None);
		assert_eq!(Feeds::<Test>::count(), 1);

		assert_eq!(
			feeder_events(),
			vec![
				Event::FeedRegistered { feed: eth(), config: eth_feed },
				Event::FeedUpdated { feed: eth(), config: changed },
				Event::FeedRemoved { feed: eth() },
			]
		);
	});
}

#[test]
fn bad_feed_definitions_are_refused_with_their_reason() {
	new_test_ext().execute_with(|| {
		let root = RuntimeOrigin::root;
		let cases = [
			(config(19, vec![symbol(SourceKind::Binance, "X")]), Error::<Test>::TooManyDecimals),
			(config(6, vec![]), Error::<Test>::NoSymbols),
			(
				config(6, vec![symbol(SourceKind::Binance, "A"), symbol(SourceKind::Binance, "B")]),
				Error::<Test>::DuplicateSourceKind,
			),
			(config(6, vec![symbol(SourceKind::Binance, "")]), Error::<Test>::InvalidSymbol),
			(config(6, vec![symbol(SourceKind::Coinbase, "BTC/USD")]), Error::<Test>::InvalidSymbol),
			(config(6, vec![symbol(SourceKind::Kraken, "X?pair=Y")]), Error::<Test>::InvalidSymbol),
		];
		for (bad, error) in cases {
			let error = DispatchError::from(error);
			assert_noop!(OracleFeeder::register_feed(root(), eth(), bad.clone()), error);
			assert_noop!(OracleFeeder::update_feed(root(), btc(), bad), error);
		}
		// The longest symbol is fine.
		let longest = "A".repeat(MAX_SYMBOL_LEN as usize);
		assert_ok!(OracleFeeder::register_feed(root(), eth(), config(18, vec![symbol(SourceKind::Json, &longest)])));
	});
}

#[test]
fn duplicates_unknown_feeds_and_a_full_registry_are_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			OracleFeeder::register_feed(RuntimeOrigin::root(), btc(), btc_feed()),
			Error::<Test>::FeedAlreadyRegistered
		);
		assert_noop!(OracleFeeder::update_feed(RuntimeOrigin::root(), eth(), btc_feed()), Error::<Test>::UnknownFeed);
		assert_noop!(OracleFeeder::remove_feed(RuntimeOrigin::root(), eth()), Error::<Test>::UnknownFeed);
		// MaxFeeds is 4 in the mock; BTC/USD is one.
		for name in ["A/USD", "B/USD", "C/USD"] {
			assert_ok!(OracleFeeder::register_feed(RuntimeOrigin::root(), feed_id(name).unwrap(), btc_feed()));
		}
		assert_noop!(
			OracleFeeder::register_feed(RuntimeOrigin::root(), feed_id("D/USD").unwrap(), btc_feed()),
			Error::<Test>::TooManyFeeds
		);
	});
}

#[test]
fn parameters_are_validated() {
	new_test_ext().execute_with(|| {
		let base = test_params();
		let cases = [
			(OracleParams { max_price_age_ms: 1_999, ..base }, Error::<Test>::InvalidMaxPriceAge),
			(OracleParams { max_price_age_ms: 3_600_001, ..base }, Error::<Test>::InvalidMaxPriceAge),
			(OracleParams { min_operators: 0, ..base }, Error::<Test>::InvalidMinOperators),
			(OracleParams { min_operators: 9, ..base }, Error::<Test>::InvalidMinOperators),
			(OracleParams { min_sources: 0, ..base }, Error::<Test>::InvalidMinSources),
			(OracleParams { min_sources: 9, ..base }, Error::<Test>::InvalidMinSources),
			(OracleParams { max_source_deviation: Permill::zero(), ..base }, Error::<Test>::InvalidMaxSourceDeviation),
			(
				OracleParams { max_source_deviation: Permill::from_percent(51), ..base },
				Error::<Test>::InvalidMaxSourceDeviation,
			),
			(OracleParams { circuit_breaker: Permill::zero(), ..base }, Error::<Test>::InvalidCircuitBreaker),
			(OracleParams { confirmation_blocks: 0, ..base }, Error::<Test>::InvalidConfirmationBlocks),
			(OracleParams { confirmation_blocks: 31, ..base }, Error::<Test>::InvalidConfirmationBlocks),
		];
		for (bad, error) in cases {
			assert_noop!(OracleFeeder::set_params(RuntimeOrigin::root(), bad), error);
		}
		// Eight operators, so a minimum of eight is allowed.
		OperatorList::set((0..8).map(|i| account(&format!("//Operator{i}"))).collect());
		let edge = OracleParams {
			max_price_age_ms: 2_000,
			min_operators: 8,
			min_sources: 8,
			max_source_deviation: Permill::from_percent(50),
			circuit_breaker: Permill::one(),
			confirmation_blocks: 30,
		};
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), edge));
		assert_eq!(Params::<Test>::get(), edge);
		assert_eq!(feeder_events(), vec![Event::ParamsChanged { params: edge }]);
	});
}

#[test]
fn min_operators_may_not_exceed_the_current_operators() {
	new_test_ext().execute_with(|| {
		// One operator (Alice): a minimum of two could never be met.
		let two = OracleParams { min_operators: 2, ..test_params() };
		assert_noop!(OracleFeeder::set_params(RuntimeOrigin::root(), two), Error::<Test>::MinOperatorsAboveMembers);
		OperatorList::mutate(|list| list.push(account("//Bob")));
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), two));
		assert_eq!(Params::<Test>::get().min_operators, 2);
		// No operators at all: not even a minimum of one.
		OperatorList::set(vec![]);
		assert_noop!(
			OracleFeeder::set_params(RuntimeOrigin::root(), test_params()),
			Error::<Test>::MinOperatorsAboveMembers
		);
	});
}

#[test]
fn a_feed_in_use_cannot_be_removed_nor_rescaled() {
	new_test_ext().execute_with(|| {
		FeedsInUse::set(vec![btc()]);
		assert_noop!(OracleFeeder::remove_feed(RuntimeOrigin::root(), btc()), Error::<Test>::FeedInUse);
		let rescaled = FeedConfig { decimals: 8, ..btc_feed() };
		assert_noop!(
			OracleFeeder::update_feed(RuntimeOrigin::root(), btc(), rescaled.clone()),
			Error::<Test>::FeedInUse
		);
		// New symbols at the same decimals are fine: the prices keep their scale.
		let resymboled = exchange_feed("XBTUSDT", "BTC-USD", "XBTUSD", 6);
		assert_ok!(OracleFeeder::update_feed(RuntimeOrigin::root(), btc(), resymboled.clone()));
		assert_eq!(Feeds::<Test>::get(btc()), Some(resymboled));
		// An unknown feed is unknown before it is in use.
		FeedsInUse::set(vec![btc(), eth()]);
		assert_noop!(OracleFeeder::remove_feed(RuntimeOrigin::root(), eth()), Error::<Test>::UnknownFeed);
		// Once no market uses it, both are allowed.
		FeedsInUse::set(vec![]);
		assert_ok!(OracleFeeder::update_feed(RuntimeOrigin::root(), btc(), rescaled));
		assert_ok!(OracleFeeder::remove_feed(RuntimeOrigin::root(), btc()));
		assert_eq!(Feeds::<Test>::get(btc()), None);
	});
}

#[test]
fn an_operator_change_below_the_minimum_is_reported_and_passed_on() {
	use frame_support::traits::ChangeMembers;
	type Changed = crate::OperatorsChanged<Test, Oracle>;
	new_test_ext().execute_with(|| {
		let (alice, bob) = (account("//Alice"), account("//Bob"));
		OperatorList::set(vec![alice, bob]);
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), OracleParams { min_operators: 2, ..test_params() }));
		assert_ok!(Oracle::feed_values(RuntimeOrigin::signed(bob), BoundedVec::truncate_from(vec![(btc(), 5)])));
		// Bob leaves: pallet-oracle drops his values, and one operator is below the minimum.
		OperatorList::set(vec![alice]);
		Changed::change_members_sorted(&[], &[bob], &[alice]);
		assert_eq!(pallet_oracle::RawValues::<Test>::get(bob, btc()), None);
		assert_eq!(feeder_events().last(), Some(&Event::OperatorsBelowMinimum { operators: 1, min_operators: 2 }));
		// A change that keeps the minimum is passed on silently.
		let events = feeder_events().len();
		Changed::change_members_sorted(&[bob], &[], &[alice, bob]);
		assert_eq!(feeder_events().len(), events);
	});
}

#[test]
fn version_1_parameters_migrate_with_the_breaker_defaults() {
	use crate::migrations::{MigrateV1ToV2, ParamsV1};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let old = ParamsV1 {
			max_price_age_ms: 12_000,
			min_operators: 1,
			min_sources: 3,
			max_source_deviation: Permill::from_percent(2),
		};
		frame_support::storage::unhashed::put_raw(&Params::<Test>::hashed_key(), &codec::Encode::encode(&old));
		StorageVersion::new(1).put::<crate::Pallet<Test>>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(
			Params::<Test>::get(),
			OracleParams {
				max_price_age_ms: 12_000,
				min_operators: 1,
				min_sources: 3,
				max_source_deviation: Permill::from_percent(2),
				circuit_breaker: Permill::from_percent(10),
				confirmation_blocks: 3,
			}
		);
		assert_eq!(crate::Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		// Run again (version 2 now): nothing changes.
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Params::<Test>::get().max_price_age_ms, 12_000);
	});
}
