//! Runtime integration tests of the oracle: the presets' feeds and parameters, the combination
//! across operators (two-thirds quorum in agreement, circuit breaker) on the local testnet's four
//! operators, the governance guards, the pool gate, and the offchain worker's transaction applied
//! by the real runtime (valid signature, nonce, era; no fee for an operator).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{feed_id, FeedId, PriceError, PriceProvider, ORACLE_KEY_TYPE};
use clearing_runtime::{
	Balances, Executive, Oracle, OracleFeeder, Runtime, RuntimeCall, RuntimeOrigin, System, UncheckedExtrinsic,
};
use codec::Decode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{Get, Hooks},
	BoundedVec,
};
use pallet_oracle_feeder::{offchain::Outcome, sources::encode_sources, OracleParams, SourceKind};
use sp_core::offchain::{
	testing::{PendingRequest, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainWorkerExt, StorageKind, TransactionPoolExt,
};
use sp_keyring::Sr25519Keyring;
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{DispatchError, Permill};

fn btc() -> FeedId {
	feed_id("BTC/USD").unwrap()
}

/// The oracle operator account of a dev key: `//Alice//oracle`, … (Eve's is no operator anywhere).
fn operator(who: Sr25519Keyring) -> clearing_primitives::AccountId {
	use sp_core::Pair;
	let seed = format!("//{who:?}{}", clearing_primitives::DEV_ORACLE_DERIVATION);
	let public = sp_core::sr25519::Pair::from_string(&seed, None).unwrap().public();
	clearing_primitives::AccountId::from(public.0)
}

fn feed_as(who: Sr25519Keyring, price: u128) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Oracle::feed_values(RuntimeOrigin::signed(operator(who)), BoundedVec::truncate_from(vec![(btc(), price)]))
}

#[test]
fn both_presets_list_btc_eth_dot_with_exchange_symbols() {
	for preset in ["development", "local_testnet"] {
		ext_from_preset(preset).execute_with(|| {
			let mut feeds = OracleFeeder::feeds();
			feeds.sort_by(|a, b| a.0.cmp(&b.0));
			let names: Vec<_> = feeds.iter().map(|(id, _)| String::from_utf8(id.to_vec()).unwrap()).collect();
			assert_eq!(names, vec!["BTC/USD", "DOT/USD", "ETH/USD"]);
			let btc = &feeds[0].1;
			assert_eq!(btc.decimals, 6);
			assert_eq!(btc.symbol_for(SourceKind::Binance).map(|s| s.to_vec()), Some(b"BTCUSDT".to_vec()));
			assert_eq!(btc.symbol_for(SourceKind::Coinbase).map(|s| s.to_vec()), Some(b"BTC-USD".to_vec()));
			assert_eq!(btc.symbol_for(SourceKind::Kraken).map(|s| s.to_vec()), Some(b"XBTUSD".to_vec()));
		});
	}
}

#[test]
fn the_dev_chain_needs_one_operator_and_the_local_testnet_three() {
	let params = |preset| ext_from_preset(preset).execute_with(pallet_oracle_feeder::Params::<Runtime>::get);
	let expected = |min_operators| OracleParams {
		max_price_age_ms: 20_000,
		min_operators,
		min_sources: 2,
		max_source_deviation: Permill::from_percent(5),
		circuit_breaker: Permill::from_percent(10),
		confirmation_blocks: 3,
	};
	assert_eq!(params("development"), expected(1));
	assert_eq!(params("local_testnet"), expected(3));
}

#[test]
fn on_the_local_testnet_a_price_needs_three_agreeing_operators_and_one_liar_cannot_move_it() {
	ext_from_preset("local_testnet").execute_with(|| {
		assert_ok!(feed_as(Sr25519Keyring::Alice, 100_000_000));
		assert_ok!(feed_as(Sr25519Keyring::Dave, 1_000_000_000)); // Dave lies, 10x
		assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::NoPrice), "two of four is not enough");
		assert_ok!(feed_as(Sr25519Keyring::Bob, 101_000_000));
		// Three values, but only two agree: the quorum of three is three agreeing values.
		assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::NoPrice), "the liar is no third vote");
		assert_ok!(feed_as(Sr25519Keyring::Charlie, 100_500_000));
		// The three honest values agree; their median is the price, the liar's value is ignored.
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(100_500_000));
		// Eve is no operator.
		assert_noop!(feed_as(Sr25519Keyring::Eve, 1), pallet_oracle::Error::<Runtime>::NoPermission);
	});
}

/// Ends the block and starts the next one 2 s later.
fn next_block() {
	let n = System::block_number();
	Oracle::on_finalize(n);
	System::set_block_number(n + 1);
	pallet_timestamp::Now::<Runtime>::mutate(|now| *now += 2_000);
}

#[test]
fn on_the_local_testnet_two_liars_of_four_cannot_move_the_price() {
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave};
	ext_from_preset("local_testnet").execute_with(|| {
		for who in [Alice, Bob, Charlie, Dave] {
			assert_ok!(feed_as(who, 100_000_000));
		}
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(100_000_000));
		next_block();
		// Charlie and Dave double the price: no three values agree, the price does not move.
		for (who, price) in [(Alice, 100_000_000), (Charlie, 200_000_000), (Bob, 100_000_000), (Dave, 200_000_000)] {
			assert_ok!(feed_as(who, price));
		}
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(100_000_000));
	});
}

#[test]
fn on_the_local_testnet_a_crash_is_held_for_three_blocks() {
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave};
	ext_from_preset("local_testnet").execute_with(|| {
		for who in [Alice, Bob, Charlie, Dave] {
			assert_ok!(feed_as(who, 100_000_000));
		}
		for _ in 0..3 {
			next_block();
			for who in [Alice, Bob, Charlie, Dave] {
				assert_ok!(feed_as(who, 70_000_000));
			}
			assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::Held));
		}
		next_block();
		assert_ok!(feed_as(Alice, 70_000_000));
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(70_000_000));
	});
}

#[test]
fn governance_cannot_set_a_minimum_above_the_operators_nor_pull_a_markets_feed() {
	ext_from_preset("local_testnet").execute_with(|| {
		let params = |min_operators| OracleParams { min_operators, ..pallet_oracle_feeder::Params::<Runtime>::get() };
		assert_noop!(
			OracleFeeder::set_params(RuntimeOrigin::root(), params(5)),
			pallet_oracle_feeder::Error::<Runtime>::MinOperatorsAboveMembers
		);
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), params(4)));
		// BTC/USD is market 0's feed.
		assert_noop!(
			OracleFeeder::remove_feed(RuntimeOrigin::root(), btc()),
			pallet_oracle_feeder::Error::<Runtime>::FeedInUse
		);
		let mut rescaled = OracleFeeder::feeds().into_iter().find(|(id, _)| *id == btc()).unwrap().1;
		rescaled.decimals = 8;
		assert_noop!(
			OracleFeeder::update_feed(RuntimeOrigin::root(), btc(), rescaled),
			pallet_oracle_feeder::Error::<Runtime>::FeedInUse
		);
	});
}

#[test]
fn oracle_parameters_and_feeds_change_only_by_root() {
	ext_from_preset("development").execute_with(|| {
		let params = OracleParams { max_price_age_ms: 10_000, ..pallet_oracle_feeder::Params::<Runtime>::get() };
		let alice = RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id());
		assert_noop!(OracleFeeder::set_params(alice.clone(), params), DispatchError::BadOrigin);
		assert_noop!(OracleFeeder::remove_feed(alice, btc()), DispatchError::BadOrigin);
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), params));
		assert_eq!(<pallet_oracle_feeder::PriceExpiry<Runtime> as Get<u64>>::get(), 10_000);
	});
}

#[test]
fn the_workers_transaction_is_valid_and_costs_the_operator_nothing() {
	let (offchain, offchain_state) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	keystore.sr25519_generate_new(ORACLE_KEY_TYPE, Some("//Alice//oracle")).unwrap();
	let mut ext = ext_from_preset("development");
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));

	let base = "http://sim.test";
	ext.execute_with(|| {
		let sources = encode_sources(&[
			("binance".into(), base.into()),
			("coinbase".into(), base.into()),
			("kraken".into(), base.into()),
		]);
		sp_io::offchain::local_storage_set(
			StorageKind::PERSISTENT,
			pallet_oracle_feeder::sources::SOURCES_STORAGE_KEY,
			&sources,
		);
		// Every feed at every source, in the order the worker asks: 1,000 USD each.
		for (_, config) in OracleFeeder::feeds() {
			let symbol = |kind| String::from_utf8(config.symbol_for(kind).unwrap().to_vec()).unwrap();
			let b = symbol(SourceKind::Binance);
			let c = symbol(SourceKind::Coinbase);
			let k = symbol(SourceKind::Kraken);
			let mut state = offchain_state.write();
			for (uri, body) in [
				(format!("{base}/api/v3/ticker/price?symbol={b}"), format!(r#"{{"symbol":"{b}","price":"1000.00"}}"#)),
				(
					format!("{base}/v2/prices/{c}/spot"),
					format!(
						r#"{{"data":{{"amount":"1000.00","base":"{}","currency":"{}"}}}}"#,
						&c[..c.find('-').unwrap()],
						&c[c.find('-').unwrap() + 1..]
					),
				),
				(
					format!("{base}/0/public/Ticker?pair={k}"),
					r#"{"error":[],"result":{"X":{"c":["1000.00000","1"]}}}"#.to_string(),
				),
			] {
				state.expect_request(PendingRequest {
					method: "GET".into(),
					uri,
					response: Some(body.into_bytes()),
					sent: true,
					..Default::default()
				});
			}
		}

		// The node runs offchain workers on a throw-away copy of the state (the worker bumps the
		// nonce it read); roll back likewise.
		sp_io::storage::start_transaction();
		let outcome = pallet_oracle_feeder::offchain::run::<Runtime>(1);
		sp_io::storage::rollback_transaction();
		assert!(matches!(&outcome, Outcome::Submitted { values, .. } if values.len() == 3), "{outcome:?}");
	});

	let encoded = pool_state.write().transactions.pop().expect("the worker submitted");
	assert!(pool_state.read().transactions.is_empty(), "exactly one transaction");
	let xt = UncheckedExtrinsic::decode(&mut &encoded[..]).expect("a runtime extrinsic");
	assert!(matches!(xt.function, RuntimeCall::Oracle(pallet_oracle::Call::feed_values { .. })));

	ext.execute_with(|| {
		let alice = operator(Sr25519Keyring::Alice);
		let before = Balances::free_balance(&alice);
		let applied = Executive::apply_extrinsic(xt);
		assert!(matches!(applied, Ok(Ok(()))), "{applied:?}");
		assert_eq!(Balances::free_balance(&alice), before, "the fee was refunded in full");
		assert_eq!(System::account_nonce(&alice), 1, "the nonce advanced: a real signed transaction");
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(1_000_000_000));
		Oracle::on_finalize(1);
	});
}

/// `call` signed by `pair` with `nonce`, immortal, as a wallet would submit it.
fn signed_by(pair: &sp_core::sr25519::Pair, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	use codec::Encode;
	use sp_core::Pair;
	let extension = clearing_runtime::tx_extension(nonce, sp_runtime::generic::Era::Immortal);
	let payload = clearing_runtime::SignedPayload::new(call, extension).expect("the extensions' implicit data");
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	let (call, extension, _) = payload.deconstruct();
	let account = clearing_primitives::AccountId::from(pair.public().0);
	UncheckedExtrinsic::new_signed(call, account.into(), signature.into(), extension)
}

/// How the pool judges `xt` at the current state.
fn pool_validity(xt: UncheckedExtrinsic) -> sp_runtime::transaction_validity::TransactionValidity {
	Executive::validate_transaction(
		sp_runtime::transaction_validity::TransactionSource::External,
		xt,
		System::parent_hash(),
	)
}

fn feed_call(price: u128) -> RuntimeCall {
	RuntimeCall::Oracle(pallet_oracle::Call::feed_values { values: BoundedVec::truncate_from(vec![(btc(), price)]) })
}

#[test]
fn the_pool_refuses_oracle_feeds_from_non_operators_even_funded_ones() {
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	ext_from_preset("local_testnet").execute_with(|| {
		// Eve holds 1,000,000 CLR and could pay any fee; she is no operator.
		let eve = Sr25519Keyring::Eve.pair();
		assert!(Balances::free_balance(Sr25519Keyring::Eve.to_account_id()) > 0);
		assert_eq!(
			pool_validity(signed_by(&eve, feed_call(1), 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner))
		);
		// Her ordinary transactions are not affected.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_eq!(
			pool_validity(signed_by(&eve, remark, 0))
				.map(|v| v.priority < pallet_oracle_feeder::OPERATOR_FEED_PRIORITY),
			Ok(true)
		);
	});
}

#[test]
fn the_pool_refuses_an_operators_feed_of_unregistered_repeated_or_too_many_feeds() {
	use sp_core::Pair;
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	ext_from_preset("local_testnet").execute_with(|| {
		let bob_operator = sp_core::sr25519::Pair::from_string("//Bob//oracle", None).unwrap();
		let custom = |code| Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code)));
		let call = |values: Vec<(FeedId, u128)>| {
			RuntimeCall::Oracle(pallet_oracle::Call::feed_values { values: BoundedVec::truncate_from(values) })
		};
		let junk = feed_id("JUNK/USD").unwrap();
		assert_eq!(
			pool_validity(signed_by(&bob_operator, call(vec![(junk.clone(), 1)]), 0)),
			custom(pallet_oracle_feeder::extension::UNKNOWN_FEED)
		);
		assert_eq!(
			pool_validity(signed_by(&bob_operator, call(vec![(btc(), 1), (btc(), 1)]), 0)),
			custom(pallet_oracle_feeder::extension::DUPLICATE_FEED)
		);
		// Three registered feeds; four values.
		let four: Vec<_> = ["BTC/USD", "ETH/USD", "DOT/USD", "JUNK/USD"]
			.iter()
			.map(|n| (feed_id(n).unwrap(), 1))
			.collect();
		assert_eq!(
			pool_validity(signed_by(&bob_operator, call(four), 0)),
			custom(pallet_oracle_feeder::extension::TOO_MANY_VALUES)
		);
		// Nor can a block author include one: applying it validates it again.
		assert_eq!(
			Executive::apply_extrinsic(signed_by(&bob_operator, call(vec![(junk, 1)]), 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				pallet_oracle_feeder::extension::UNKNOWN_FEED
			)))
		);
		assert_eq!(System::account_nonce(operator(Sr25519Keyring::Bob)), 0);
	});
}

#[test]
fn an_operators_feed_goes_first_and_only_once_per_block() {
	use sp_core::Pair;
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	ext_from_preset("local_testnet").execute_with(|| {
		let bob_operator = sp_core::sr25519::Pair::from_string("//Bob//oracle", None).unwrap();
		let valid =
			pool_validity(signed_by(&bob_operator, feed_call(100_000_000), 0)).expect("an operator's feed is valid");
		assert!(valid.priority >= pallet_oracle_feeder::OPERATOR_FEED_PRIORITY);
		// Applied in a block, it is recorded; the same operator's second feed in this block is
		// refused as stale when the block builder validates it, and costs nothing.
		assert!(matches!(Executive::apply_extrinsic(signed_by(&bob_operator, feed_call(100_000_000), 0)), Ok(Ok(()))));
		let before = Balances::free_balance(operator(Sr25519Keyring::Bob));
		assert_eq!(
			Executive::apply_extrinsic(signed_by(&bob_operator, feed_call(100_000_001), 1)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_eq!(Balances::free_balance(operator(Sr25519Keyring::Bob)), before);
		assert_eq!(System::account_nonce(operator(Sr25519Keyring::Bob)), 1);
	});
}
