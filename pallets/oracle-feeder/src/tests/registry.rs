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
			assert_noop!(OracleFeeder::register_feed(origin.clone(), eth(), eth_feed.clone()), DispatchError::BadOrigin);
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
		assert_noop!(OracleFeeder::register_feed(RuntimeOrigin::root(), btc(), btc_feed()), Error::<Test>::FeedAlreadyRegistered);
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
			(OracleParams { max_source_deviation: Permill::from_percent(51), ..base }, Error::<Test>::InvalidMaxSourceDeviation),
		];
		for (bad, error) in cases {
			assert_noop!(OracleFeeder::set_params(RuntimeOrigin::root(), bad), error);
		}
		let edge = OracleParams { max_price_age_ms: 2_000, min_operators: 8, min_sources: 8, max_source_deviation: Permill::from_percent(50) };
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), edge));
		assert_eq!(Params::<Test>::get(), edge);
		assert_eq!(feeder_events(), vec![Event::ParamsChanged { params: edge }]);
	});
}
