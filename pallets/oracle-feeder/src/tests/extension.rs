//! The pool gate for oracle feeds: who may feed is decided while validating, before a block.

use super::mock::*;
use crate::{
	extension::{DUPLICATE_FEED, TOO_MANY_VALUES, UNKNOWN_FEED},
	weights::WeightInfo,
	CheckOracleFeed, OPERATOR_FEED_PRIORITY,
};
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	pallet_prelude::{InvalidTransaction, TransactionSource},
	traits::Hooks,
	weights::Weight,
	BoundedVec,
};
use sp_runtime::traits::{DispatchTransaction, TransactionExtension};

fn feed_call() -> RuntimeCall {
	RuntimeCall::Oracle(pallet_oracle::Call::feed_values { values: BoundedVec::truncate_from(vec![(btc(), 100)]) })
}

/// The validity the extension gives `call` from `origin`, as the pool would ask.
fn validate(origin: RuntimeOrigin, call: &RuntimeCall) -> Result<u64, InvalidTransaction> {
	let info = call.get_dispatch_info();
	CheckOracleFeed::<Test>::new()
		.validate_only(origin, call, &info, 0, TransactionSource::External, 0)
		.map(|(valid, _, _)| valid.priority)
		.map_err(|e| match e {
			sp_runtime::transaction_validity::TransactionValidityError::Invalid(i) => i,
			other => panic!("unexpected validity error {other:?}"),
		})
}

#[test]
fn a_feed_from_a_non_operator_is_invalid_before_any_block() {
	new_test_ext().execute_with(|| {
		assert_eq!(validate(RuntimeOrigin::signed(account("//Eve")), &feed_call()), Err(InvalidTransaction::BadSigner));
	});
}

#[test]
fn an_operators_feed_is_valid_and_first_in_line() {
	new_test_ext().execute_with(|| {
		assert_eq!(validate(RuntimeOrigin::signed(account("//Alice")), &feed_call()), Ok(OPERATOR_FEED_PRIORITY));
	});
}

#[test]
fn a_second_feed_in_the_same_block_is_stale_until_the_block_ends() {
	new_test_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(account("//Alice"));
		// The real pallet records the feed; the extension reads that record.
		assert_ok!(Oracle::feed_values(alice.clone(), BoundedVec::truncate_from(vec![(btc(), 100)])));
		assert_eq!(validate(alice.clone(), &feed_call()), Err(InvalidTransaction::Stale));
		// Another operator is not affected by Alice's feed.
		OperatorList::mutate(|list| list.push(account("//Bob")));
		assert_eq!(validate(RuntimeOrigin::signed(account("//Bob")), &feed_call()), Ok(OPERATOR_FEED_PRIORITY));
		Oracle::on_finalize(1);
		System::set_block_number(2);
		assert_eq!(validate(alice, &feed_call()), Ok(OPERATOR_FEED_PRIORITY));
	});
}

#[test]
fn a_removed_operator_is_refused_at_once() {
	new_test_ext().execute_with(|| {
		OperatorList::set(vec![]);
		assert_eq!(
			validate(RuntimeOrigin::signed(account("//Alice")), &feed_call()),
			Err(InvalidTransaction::BadSigner)
		);
	});
}

#[test]
fn other_calls_and_root_feeds_pass_untouched_at_no_weight() {
	new_test_ext().execute_with(|| {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_eq!(validate(RuntimeOrigin::signed(account("//Eve")), &remark), Ok(0));
		assert_eq!(validate(RuntimeOrigin::root(), &feed_call()), Ok(0));
		let extension = CheckOracleFeed::<Test>::new();
		assert_eq!(extension.weight(&remark), Weight::zero());
		assert_eq!(extension.weight(&feed_call()), <() as WeightInfo>::check_oracle_feed());
		assert!(extension.weight(&feed_call()).ref_time() > 0);
	});
}

#[test]
fn a_refused_feed_is_never_dispatched() {
	new_test_ext().execute_with(|| {
		let call = feed_call();
		let info = call.get_dispatch_info();
		let outcome = CheckOracleFeed::<Test>::new().test_run(
			RuntimeOrigin::signed(account("//Eve")),
			&call,
			&info,
			0,
			0,
			|_| panic!("a refused feed must not reach dispatch"),
		);
		assert!(outcome.is_err());
		assert_eq!(pallet_oracle::RawValues::<Test>::iter().count(), 0);
	});
}

fn feed_of(values: Vec<(clearing_primitives::FeedId, u128)>) -> RuntimeCall {
	RuntimeCall::Oracle(pallet_oracle::Call::feed_values { values: BoundedVec::truncate_from(values) })
}

#[test]
fn a_feed_naming_an_unregistered_feed_is_invalid() {
	new_test_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(account("//Alice"));
		assert_eq!(
			validate(alice.clone(), &feed_of(vec![(eth(), 3_000)])),
			Err(InvalidTransaction::Custom(UNKNOWN_FEED))
		);
		// Once registered, the same feed is fine, alone or with BTC/USD.
		assert_ok!(OracleFeeder::register_feed(RuntimeOrigin::root(), eth(), btc_feed()));
		assert_eq!(validate(alice.clone(), &feed_of(vec![(eth(), 3_000)])), Ok(OPERATOR_FEED_PRIORITY));
		assert_eq!(validate(alice.clone(), &feed_of(vec![(btc(), 1), (eth(), 3_000)])), Ok(OPERATOR_FEED_PRIORITY));
		// A removed feed is unknown again.
		assert_ok!(OracleFeeder::remove_feed(RuntimeOrigin::root(), eth()));
		assert_eq!(validate(alice, &feed_of(vec![(eth(), 3_000)])), Err(InvalidTransaction::Custom(UNKNOWN_FEED)));
	});
}

#[test]
fn a_feed_naming_a_feed_twice_is_invalid() {
	new_test_ext().execute_with(|| {
		assert_ok!(OracleFeeder::register_feed(RuntimeOrigin::root(), eth(), btc_feed()));
		let alice = RuntimeOrigin::signed(account("//Alice"));
		// Two values, two registered feeds: the count passes, the repetition does not.
		assert_eq!(
			validate(alice, &feed_of(vec![(btc(), 1), (btc(), 2)])),
			Err(InvalidTransaction::Custom(DUPLICATE_FEED))
		);
	});
}

#[test]
fn a_feed_with_more_values_than_registered_feeds_is_invalid() {
	new_test_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(account("//Alice"));
		// One registered feed (BTC/USD), two values, however they are named.
		assert_eq!(
			validate(alice.clone(), &feed_of(vec![(btc(), 1), (eth(), 2)])),
			Err(InvalidTransaction::Custom(TOO_MANY_VALUES))
		);
		assert_eq!(
			validate(alice, &feed_of(vec![(btc(), 1), (btc(), 2)])),
			Err(InvalidTransaction::Custom(TOO_MANY_VALUES))
		);
	});
}

#[test]
fn a_non_operator_is_refused_as_such_whatever_it_feeds() {
	new_test_ext().execute_with(|| {
		let eve = RuntimeOrigin::signed(account("//Eve"));
		assert_eq!(validate(eve, &feed_of(vec![(eth(), 1), (eth(), 1)])), Err(InvalidTransaction::BadSigner));
	});
}

#[test]
fn a_feed_refused_for_its_keys_is_not_applied_in_a_block_either() {
	new_test_ext().execute_with(|| {
		// Applying an extrinsic validates it again (`TransactionSource::InBlock`), so an author
		// cannot include it: the stand-in dispatch never runs and nothing is stored.
		let call = feed_of(vec![(eth(), 3_000)]);
		let info = call.get_dispatch_info();
		let outcome = CheckOracleFeed::<Test>::new().test_run(
			RuntimeOrigin::signed(account("//Alice")),
			&call,
			&info,
			0,
			0,
			|_| panic!("a refused feed must not reach dispatch"),
		);
		assert_eq!(
			outcome.map(|_| ()),
			Err(sp_runtime::transaction_validity::TransactionValidityError::Invalid(InvalidTransaction::Custom(
				UNKNOWN_FEED
			)))
		);
		assert_eq!(pallet_oracle::RawValues::<Test>::iter().count(), 0);
	});
}
