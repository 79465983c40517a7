//! The offchain worker against fake exchanges: `TestOffchainExt` with expected HTTP requests (and
//! [`FaultyNetwork`] for timeouts and error statuses), a memory keystore, and the test pool.

use super::{
	faulty_network::{Fault, Faults, FaultyNetwork},
	mock::*,
};
use crate::{
	offchain::{self, Outcome, LAST_SENT_KEY, LOCK_KEY},
	sources::{encode_sources, AggregateError, AnswerError, SOURCES_STORAGE_KEY},
	Params,
};
use clearing_primitives::{FeedId, Price, ORACLE_KEY_TYPE};
use codec::{Decode, Encode};
use sp_core::offchain::{
	testing::{self, OffchainState, PoolState, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainWorkerExt, StorageKind, TransactionPoolExt,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use std::sync::Arc;

const BINANCE: &str = "http://binance.test";
const COINBASE: &str = "http://coinbase.test";
const KRAKEN: &str = "http://kraken.test";

fn binance_url() -> String {
	format!("{BINANCE}/api/v3/ticker/price?symbol=BTCUSDT")
}
fn coinbase_url() -> String {
	format!("{COINBASE}/v2/prices/BTC-USD/spot")
}
fn kraken_url() -> String {
	format!("{KRAKEN}/0/public/Ticker?pair=XBTUSD")
}

fn binance_answer(price: &str) -> Vec<u8> {
	format!(r#"{{"symbol":"BTCUSDT","price":"{price}"}}"#).into_bytes()
}
fn coinbase_answer(price: &str) -> Vec<u8> {
	format!(r#"{{"data":{{"amount":"{price}","base":"BTC","currency":"USD"}}}}"#).into_bytes()
}
fn kraken_answer(price: &str) -> Vec<u8> {
	format!(
		r#"{{"error":[],"result":{{"XXBTZUSD":{{"a":["{price}","1","1.000"],"b":["{price}","2","2.000"],"c":["{price}","0.00100000"],"v":["10","20"]}}}}}}"#
	)
	.into_bytes()
}

/// Everything a worker test needs to set up and inspect.
pub(super) struct Harness {
	pub(super) ext: sp_io::TestExternalities,
	offchain: Arc<parking_lot::RwLock<OffchainState>>,
	pub(super) pool: Arc<parking_lot::RwLock<PoolState>>,
	faults: Faults,
}

/// Mock storage with the worker's extensions; the keystore holds the `orcl` keys of `key_seeds`,
/// and the node's local storage lists the three exchanges as its sources.
pub(super) fn harness(key_seeds: &[&str]) -> Harness {
	let (offchain_ext, offchain) = TestOffchainExt::new();
	let (pool_ext, pool) = TestTransactionPoolExt::new();
	let faults: Faults = Default::default();
	let keystore = MemoryKeystore::new();
	for seed in key_seeds {
		keystore.sr25519_generate_new(ORACLE_KEY_TYPE, Some(seed)).unwrap();
	}
	let mut ext = new_test_ext();
	ext.register_extension(OffchainDbExt::new(offchain_ext.clone()));
	ext.register_extension(OffchainWorkerExt::new(FaultyNetwork::new(offchain_ext, faults.clone())));
	ext.register_extension(TransactionPoolExt::new(pool_ext));
	ext.register_extension(KeystoreExt::new(keystore));
	let sources = encode_sources(&[
		("binance".into(), BINANCE.into()),
		("coinbase".into(), COINBASE.into()),
		("kraken".into(), KRAKEN.into()),
	]);
	ext.execute_with(|| sp_io::offchain::local_storage_set(StorageKind::PERSISTENT, SOURCES_STORAGE_KEY, &sources));
	Harness { ext, offchain, pool, faults }
}

impl Harness {
	pub(super) fn expect(&self, uri: String, body: Vec<u8>) {
		self.offchain.write().expect_request(testing::PendingRequest {
			method: "GET".into(),
			uri,
			response: Some(body),
			sent: true,
			..Default::default()
		});
	}
	pub(super) fn fault(&self, uri: String, fault: Fault) {
		self.faults.write().unwrap().insert(uri, fault);
	}
	fn run(&mut self, block: u64) -> Outcome {
		self.ext.execute_with(|| {
			System::set_block_number(block);
			offchain::run::<Test>(block)
		})
	}
	/// The transactions in the pool, decoded: (signer, submitted values).
	fn submitted(&self) -> Vec<(AccountId, Vec<(FeedId, Price)>)> {
		self.pool
			.read()
			.transactions
			.iter()
			.map(|bytes| {
				let xt = Extrinsic::decode(&mut &bytes[..]).expect("the worker submits our extrinsic type");
				let signer = match xt.preamble {
					sp_runtime::generic::Preamble::Signed(who, (), ()) => who,
					other => panic!("expected a signed transaction, got {other:?}"),
				};
				match xt.function {
					RuntimeCall::Oracle(pallet_oracle::Call::feed_values { values }) => (signer, values.into_inner()),
					other => panic!("unexpected call {other:?}"),
				}
			})
			.collect()
	}
}

fn usd(whole: u128, micro: u128) -> Price {
	whole * 1_000_000 + micro
}

#[test]
fn all_sources_fine_submits_the_median_signed_by_the_operator() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), binance_answer("67000.10000000"));
	h.expect(coinbase_url(), coinbase_answer("67000.30"));
	h.expect(kraken_url(), kraken_answer("67000.20000"));

	let outcome = h.run(5);

	let expected = vec![(btc(), usd(67_000, 200_000))];
	assert_eq!(outcome, Outcome::Submitted { values: expected.clone(), skipped: vec![], failures: vec![] });
	assert_eq!(h.submitted(), vec![(account("//Alice"), expected)]);
	h.ext.execute_with(|| {
		let last = sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, LAST_SENT_KEY);
		assert_eq!(last, Some(5u64.encode()), "the block it sent for is recorded");
	});
}

#[test]
fn one_source_down_uses_the_other_two() {
	let mut h = harness(&["//Alice"]);
	h.fault(binance_url(), Fault::Status(503, b"Service Unavailable".to_vec()));
	h.expect(coinbase_url(), coinbase_answer("100.00"));
	h.expect(kraken_url(), kraken_answer("101.00"));

	let outcome = h.run(2);

	// Median of two: their mean, rounded down.
	let expected = vec![(btc(), usd(100, 500_000))];
	assert_eq!(
		outcome,
		Outcome::Submitted {
			values: expected.clone(),
			skipped: vec![],
			failures: vec![(btc(), "binance".into(), AnswerError::Status(503))],
		}
	);
	assert_eq!(h.submitted(), vec![(account("//Alice"), expected)]);
}

#[test]
fn a_connection_error_counts_as_a_failed_source() {
	let mut h = harness(&["//Alice"]);
	h.fault(kraken_url(), Fault::IoError);
	h.expect(binance_url(), binance_answer("100.00"));
	h.expect(coinbase_url(), coinbase_answer("102.00"));

	let outcome = h.run(2);

	assert!(
		matches!(&outcome, Outcome::Submitted { values, failures, .. }
			if *values == vec![(btc(), usd(101, 0))] && *failures == vec![(btc(), "kraken".into(), AnswerError::Http)]),
		"{outcome:?}"
	);
}

#[test]
fn a_source_lying_far_out_of_line_is_dropped() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), binance_answer("6700.00")); // a tenth of the others
	h.expect(coinbase_url(), coinbase_answer("67000.00"));
	h.expect(kraken_url(), kraken_answer("67010.00"));

	let outcome = h.run(3);

	let expected = vec![(btc(), usd(67_005, 0))];
	assert_eq!(outcome, Outcome::Submitted { values: expected.clone(), skipped: vec![], failures: vec![] });
	assert_eq!(h.submitted(), vec![(account("//Alice"), expected)]);
}

#[test]
fn malformed_json_is_dropped() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), binance_answer("50.00"));
	h.expect(coinbase_url(), br#"{"data": {"amount": "51.00""#.to_vec()); // cut off
	h.expect(kraken_url(), kraken_answer("52.00"));

	let outcome = h.run(2);

	assert!(
		matches!(&outcome, Outcome::Submitted { values, failures, .. }
			if *values == vec![(btc(), usd(51, 0))]
				&& matches!(failures.as_slice(), [(_, source, AnswerError::Malformed(_))] if source == "coinbase")),
		"{outcome:?}"
	);
}

#[test]
fn a_timeout_is_dropped() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), binance_answer("50.00"));
	h.expect(coinbase_url(), coinbase_answer("50.02"));
	h.fault(kraken_url(), Fault::Timeout);

	let outcome = h.run(2);

	assert_eq!(
		outcome,
		Outcome::Submitted {
			values: vec![(btc(), usd(50, 10_000))],
			skipped: vec![],
			failures: vec![(btc(), "kraken".into(), AnswerError::Timeout)],
		}
	);
}

#[test]
fn zero_negative_and_wrong_symbol_answers_are_dropped() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), br#"{"symbol":"ETHUSDT","price":"3000.00"}"#.to_vec());
	h.expect(coinbase_url(), coinbase_answer("0.000"));
	h.expect(kraken_url(), kraken_answer("-5.0"));

	let outcome = h.run(2);

	let Outcome::NothingToSubmit { skipped, failures } = outcome else {
		panic!("expected nothing submitted, got {outcome:?}")
	};
	assert_eq!(skipped, vec![(btc(), AggregateError::TooFewSources { usable: 0, required: 2 })]);
	assert_eq!(
		failures,
		vec![
			(btc(), "binance".into(), AnswerError::WrongSymbol),
			(btc(), "coinbase".into(), AnswerError::NonPositive),
			(btc(), "kraken".into(), AnswerError::NonPositive),
		]
	);
	assert!(h.submitted().is_empty());
}

#[test]
fn fewer_usable_sources_than_the_minimum_submits_nothing() {
	let mut h = harness(&["//Alice"]);
	h.ext.execute_with(|| Params::<Test>::mutate(|p| p.min_sources = 3));
	h.expect(binance_url(), binance_answer("50.00"));
	h.expect(coinbase_url(), coinbase_answer("50.01"));
	h.fault(kraken_url(), Fault::Status(500, vec![]));

	let outcome = h.run(2);

	assert!(
		matches!(&outcome, Outcome::NothingToSubmit { skipped, .. }
			if *skipped == vec![(btc(), AggregateError::TooFewSources { usable: 2, required: 3 })]),
		"{outcome:?}"
	);
	assert!(h.submitted().is_empty(), "nothing reaches the pool");
	h.ext.execute_with(|| {
		assert_eq!(sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, LAST_SENT_KEY), None);
	});
}

#[test]
fn a_node_without_an_operator_key_submits_nothing_and_asks_nobody() {
	// No key at all. No requests are expected: any HTTP call would fail the test.
	let mut h = harness(&[]);
	assert_eq!(h.run(2), Outcome::NotAnOperator);
	assert!(h.submitted().is_empty());

	// A key, but of an account that is not an operator.
	let mut h = harness(&["//Eve"]);
	assert_eq!(h.run(2), Outcome::NotAnOperator);
	assert!(h.submitted().is_empty());
}

#[test]
fn signs_with_the_key_of_a_current_operator_only() {
	// The keystore holds a non-operator's key too: the worker must sign with Bob's, the operator's.
	let mut h = harness(&["//Eve", "//Bob"]);
	OperatorList::set(vec![account("//Bob")]);
	h.expect(binance_url(), binance_answer("10.00"));
	h.expect(coinbase_url(), coinbase_answer("10.00"));
	h.expect(kraken_url(), kraken_answer("10.00"));

	assert!(matches!(h.run(2), Outcome::Submitted { .. }));
	assert_eq!(h.submitted(), vec![(account("//Bob"), vec![(btc(), usd(10, 0))])]);
}

#[test]
fn submits_at_most_once_per_block() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), binance_answer("10.00"));
	h.expect(coinbase_url(), coinbase_answer("10.00"));
	h.expect(kraken_url(), kraken_answer("10.00"));
	assert!(matches!(h.run(7), Outcome::Submitted { .. }));

	// A second worker run for the same block (a re-import, a sibling block) asks nobody.
	assert_eq!(h.run(7), Outcome::AlreadySent);
	assert_eq!(h.submitted().len(), 1);

	// The next block submits again.
	h.expect(binance_url(), binance_answer("11.00"));
	h.expect(coinbase_url(), coinbase_answer("11.00"));
	h.expect(kraken_url(), kraken_answer("11.00"));
	assert!(matches!(h.run(8), Outcome::Submitted { .. }));
	assert_eq!(h.submitted().len(), 2);
}

#[test]
fn an_overlapping_worker_holding_the_lock_makes_this_one_stand_aside() {
	let mut h = harness(&["//Alice"]);
	h.ext.execute_with(|| {
		System::set_block_number(3);
		let mut lock = sp_runtime::offchain::storage_lock::StorageLock::<
			sp_runtime::offchain::storage_lock::BlockAndTime<System>,
		>::with_block_and_time_deadline(
			LOCK_KEY, 1, sp_runtime::offchain::Duration::from_millis(4_000)
		);
		let guard = lock.try_lock().expect("nobody holds it yet");
		// While the guard lives, another run must not fetch or send.
		assert_eq!(offchain::run::<Test>(3), Outcome::Locked);
		drop(guard);
	});
	assert!(h.submitted().is_empty());
}

#[test]
fn a_node_without_sources_says_so_and_submits_nothing() {
	let mut h = harness(&["//Alice"]);
	h.ext
		.execute_with(|| sp_io::offchain::local_storage_clear(StorageKind::PERSISTENT, SOURCES_STORAGE_KEY));
	assert_eq!(h.run(2), Outcome::NoSources);
	assert!(h.submitted().is_empty());
}

#[test]
fn every_registered_feed_goes_into_one_transaction() {
	let mut h = harness(&["//Alice"]);
	h.ext.execute_with(|| {
		crate::Feeds::<Test>::insert(eth(), exchange_feed("ETHUSDT", "ETH-USD", "ETHUSD", 6));
	});
	// Requests go out feed by feed in registry order, each feed to every source.
	let order: Vec<FeedId> = h.ext.execute_with(|| crate::Feeds::<Test>::iter_keys().collect());
	for feed in &order {
		if *feed == btc() {
			h.expect(binance_url(), binance_answer("60000.00"));
			h.expect(coinbase_url(), coinbase_answer("60000.00"));
			h.expect(kraken_url(), kraken_answer("60000.00"));
		} else {
			h.expect(
				format!("{BINANCE}/api/v3/ticker/price?symbol=ETHUSDT"),
				br#"{"symbol":"ETHUSDT","price":"3000.5"}"#.to_vec(),
			);
			h.expect(
				format!("{COINBASE}/v2/prices/ETH-USD/spot"),
				br#"{"data":{"amount":"3000.5","base":"ETH","currency":"USD"}}"#.to_vec(),
			);
			h.expect(
				format!("{KRAKEN}/0/public/Ticker?pair=ETHUSD"),
				br#"{"error":[],"result":{"XETHZUSD":{"c":["3000.50000","1.0"]}}}"#.to_vec(),
			);
		}
	}

	let outcome = h.run(2);

	let Outcome::Submitted { mut values, .. } = outcome else { panic!("expected a submission, got {outcome:?}") };
	values.sort();
	assert_eq!(values, {
		let mut v = vec![(btc(), usd(60_000, 0)), (eth(), usd(3_000, 500_000))];
		v.sort();
		v
	});
	assert_eq!(h.submitted().len(), 1, "one transaction for all feeds");
}

#[test]
fn the_submitted_call_is_accepted_by_the_oracle_and_priced() {
	let mut h = harness(&["//Alice"]);
	h.expect(binance_url(), binance_answer("42.00"));
	h.expect(coinbase_url(), coinbase_answer("42.00"));
	h.expect(kraken_url(), kraken_answer("42.00"));
	assert!(matches!(h.run(2), Outcome::Submitted { .. }));
	let (signer, values) = h.submitted().remove(0);
	h.ext.execute_with(|| {
		let bounded = frame_support::BoundedVec::truncate_from(values);
		let post = Oracle::feed_values(RuntimeOrigin::signed(signer), bounded).expect("an operator may feed");
		assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No, "operators feed for free");
		use clearing_primitives::PriceProvider;
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(usd(42, 0)));
	});
}
