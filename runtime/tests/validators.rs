//! Runtime integration tests of the validator set: governance adds and removes validators by
//! referendum, the change reaches Aura's and GRANDPA's authorities and the oracle's operators at
//! the session change, a set below its minimum is refused, and nobody else can change it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{feed_id, AccountId};
use clearing_runtime::{
	configs::{governance::pallet_custom_origins::Origin as GovOrigin, governance::track_ids, SessionPeriod},
	genesis_config_presets::oracle_account,
	opaque::SessionKeys,
	Grandpa, Oracle, OriginCaller, Runtime, RuntimeCall, RuntimeOrigin, Session, System, ValidatorSet,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{OnFinalize, OnInitialize},
	BoundedVec,
};
use sp_core::crypto::ByteArray;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::DispatchError;

/// Externalities of `preset` with a keystore, so session keys can be generated and proven.
fn ext_with_keystore(preset: &str) -> sp_io::TestExternalities {
	let mut ext = ext_from_preset(preset);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext
}

/// `who` generates fresh session keys (as `author_rotateKeysWithOwner` does on a node) and
/// registers them with `session.setKeys`. Returns the keys.
fn register_fresh_keys(who: Sr25519Keyring) -> SessionKeys {
	let owner = who.to_account_id();
	let generated = SessionKeys::generate(&owner.encode(), None);
	assert_ok!(Session::set_keys(RuntimeOrigin::signed(owner), generated.keys.clone(), generated.proof.encode()));
	generated.keys
}

/// Advances one block: the scheduler (referenda), the validator set (which rotates the session
/// at its period) and GRANDPA's finalize (which applies a scheduled authority change).
fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	clearing_runtime::Scheduler::on_initialize(n);
	assert_eq!(
		Session::on_initialize(n),
		frame_support::weights::Weight::zero(),
		"pallet-session's own hook never rotates"
	);
	let charged = ValidatorSet::on_initialize(n);
	assert!(
		charged.all_lte(clearing_runtime::configs::RuntimeBlockWeights::get().max_block / 10),
		"a rotation costs at most a tenth of a block: {charged:?}"
	);
	Grandpa::on_finalize(n);
}

/// Advances until session `index` has started.
fn run_to_session(index: u32) {
	let limit = System::block_number() + (index + 1) * SessionPeriod::get() + 1;
	while Session::current_index() < index {
		assert!(System::block_number() < limit, "session {index} did not start");
		next_block();
	}
}

fn aura_authorities() -> Vec<Vec<u8>> {
	pallet_aura::Authorities::<Runtime>::get()
		.iter()
		.map(|k| k.to_raw_vec())
		.collect()
}

fn grandpa_authorities() -> Vec<Vec<u8>> {
	Grandpa::grandpa_authorities().iter().map(|(k, _)| k.to_raw_vec()).collect()
}

fn operators() -> Vec<AccountId> {
	pallet_oracle_feeder::SessionOperators::<Runtime>::get().into_inner()
}

fn voters() -> [(Sr25519Keyring, bool); 4] {
	[(Alice, true), (Bob, true), (Charlie, true), (Dave, true)]
}

#[test]
fn genesis_validators_author_vote_and_operate_the_oracle() {
	ext_from_preset("local_testnet").execute_with(|| {
		let four = [Alice, Bob, Charlie, Dave];
		// In the session's order: the validator set's, sorted by account (here, by Aura key).
		let mut expected_aura: Vec<Vec<u8>> = four.iter().map(|k| k.public().to_raw_vec()).collect();
		expected_aura.sort();
		assert_eq!(aura_authorities(), expected_aura);
		assert_eq!(grandpa_authorities().len(), 4);
		assert_eq!(pallet_validator_set::MinValidators::<Runtime>::get(), 4);
		let mut expected = clearing_runtime::genesis_config_presets::dev_oracle_operators(4);
		expected.sort();
		assert_eq!(operators(), expected);
		let mut validators: Vec<AccountId> = four.iter().map(|k| k.to_account_id()).collect();
		validators.sort();
		assert_eq!(ValidatorSet::validators(), validators);
		assert_eq!(Session::validators().len(), 4);
	});
}

#[test]
fn a_referendum_adds_a_validator_who_then_authors_votes_and_feeds() {
	ext_with_keystore("local_testnet").execute_with(|| {
		let keys = register_fresh_keys(Eve);
		let call = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator { who: Eve.to_account_id() });
		referendum(call, OriginCaller::Origins(GovOrigin::ValidatorAdmin), &voters());
		run_until(track_ids::VALIDATOR_ADMIN, || ValidatorSet::validators().contains(&Eve.to_account_id()));
		let decided_in = Session::current_index();
		// Not yet: pallet-session queues the new set for one session first.
		assert!(!aura_authorities().contains(&keys.aura.to_raw_vec()));
		run_to_session(decided_in + 1);
		assert!(Session::queued_keys().iter().any(|(who, _)| *who == Eve.to_account_id()));
		run_to_session(decided_in + 2);

		assert!(Session::validators().contains(&Eve.to_account_id()));
		assert_eq!(aura_authorities().len(), 5);
		assert!(aura_authorities().contains(&keys.aura.to_raw_vec()));
		assert!(grandpa_authorities().contains(&keys.grandpa.to_raw_vec()));
		let eve_operator = oracle_account(&keys.oracle);
		assert!(operators().contains(&eve_operator));
		assert_eq!(operators().len(), 5);

		// Eve's oracle key feeds, and counts: with five operators the quorum is four.
		let btc = feed_id("BTC/USD").unwrap();
		assert_ok!(Oracle::feed_values(
			RuntimeOrigin::signed(eve_operator),
			BoundedVec::truncate_from(vec![(btc.clone(), 64_000_000_000)])
		));
		assert_eq!(pallet_oracle_feeder::combine::quorum(3, 5), 4);
	});
}

#[test]
fn a_referendum_removes_a_validator_from_authorities_and_operators() {
	ext_with_keystore("local_testnet").execute_with(|| {
		// Five first, so one can go without falling below the minimum of four.
		register_fresh_keys(Eve);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), Eve.to_account_id()));
		let dave_operator = clearing_runtime::genesis_config_presets::dev_oracle_operators(4)[3].clone();
		let dave_value = pallet_oracle::TimestampedValue { value: 1u128, timestamp: NOW_MS };
		pallet_oracle::RawValues::<Runtime>::insert(&dave_operator, feed_id("BTC/USD").unwrap(), dave_value);

		let call =
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator { who: Dave.to_account_id() });
		referendum(call, OriginCaller::Origins(GovOrigin::ValidatorAdmin), &voters());
		run_until(track_ids::VALIDATOR_ADMIN, || !ValidatorSet::validators().contains(&Dave.to_account_id()));
		let decided_in = Session::current_index();
		run_to_session(decided_in + 2);

		assert!(!Session::validators().contains(&Dave.to_account_id()));
		assert!(!aura_authorities().contains(&Dave.public().to_raw_vec()));
		assert_eq!(grandpa_authorities().len(), 4);
		assert!(!operators().contains(&dave_operator));
		// A departed operator's values are dropped with it, and it can no longer feed.
		assert!(pallet_oracle::RawValues::<Runtime>::get(&dave_operator, feed_id("BTC/USD").unwrap()).is_none());
		assert_noop!(
			Oracle::feed_values(
				RuntimeOrigin::signed(dave_operator),
				BoundedVec::truncate_from(vec![(feed_id("BTC/USD").unwrap(), 1)])
			),
			pallet_oracle::Error::<Runtime>::NoPermission
		);
	});
}

#[test]
fn a_set_below_the_minimum_is_refused() {
	ext_from_preset("local_testnet").execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), Dave.to_account_id()),
			pallet_validator_set::Error::<Runtime>::TooFewValidators
		);
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::root(), 5),
			pallet_validator_set::Error::<Runtime>::InvalidMinimum
		);
		// Enacted by referendum, the removal fails its dispatch and the set stays.
		let call =
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator { who: Dave.to_account_id() });
		referendum(call, OriginCaller::Origins(GovOrigin::ValidatorAdmin), &voters());
		run_until(track_ids::VALIDATOR_ADMIN, || dispatched_results().iter().any(Result::is_err));
		assert_eq!(ValidatorSet::validators().len(), 4);
	});
}

#[test]
fn a_validator_without_session_keys_cannot_be_added() {
	ext_from_preset("local_testnet").execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), Eve.to_account_id()),
			pallet_validator_set::Error::<Runtime>::NoSessionKeys
		);
	});
}

#[test]
fn attack_no_signed_account_nor_other_track_changes_the_set() {
	ext_with_keystore("local_testnet").execute_with(|| {
		register_fresh_keys(Eve);
		let add = pallet_validator_set::Call::<Runtime>::add_validator { who: Eve.to_account_id() };
		let remove = pallet_validator_set::Call::<Runtime>::remove_validator { who: Alice.to_account_id() };
		// A sitting validator, the sudo key's holder on this chain, and the would-be validator.
		for who in [Bob, Alice, Eve] {
			let origin = RuntimeOrigin::signed(who.to_account_id());
			assert_noop!(ValidatorSet::add_validator(origin.clone(), Eve.to_account_id()), DispatchError::BadOrigin);
			assert_noop!(ValidatorSet::remove_validator(origin, Alice.to_account_id()), DispatchError::BadOrigin);
		}
		// The risk-admin and emergency tracks do not reach it either.
		for track in [GovOrigin::RiskAdmin, GovOrigin::MarketEmergency] {
			let origin = RuntimeOrigin::from(track);
			assert_noop!(
				sp_runtime::traits::Dispatchable::dispatch(RuntimeCall::ValidatorSet(add.clone()), origin.clone())
					.map_err(|e| e.error),
				DispatchError::BadOrigin
			);
			assert_noop!(
				sp_runtime::traits::Dispatchable::dispatch(RuntimeCall::ValidatorSet(remove.clone()), origin)
					.map_err(|e| e.error),
				DispatchError::BadOrigin
			);
		}
		assert_eq!(ValidatorSet::validators().len(), 4);
	});
}

#[test]
fn attack_a_validators_keys_cannot_be_registered_by_another_account() {
	ext_with_keystore("local_testnet").execute_with(|| {
		// Eve copies Alice's public keys from chain state: without the private keys she has no
		// proof of possession.
		let alice_keys = pallet_session::NextKeys::<Runtime>::get(Alice.to_account_id()).unwrap();
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(Eve.to_account_id()), alice_keys, vec![0u8; 192]),
			pallet_session::Error::<Runtime>::InvalidProof
		);
		// With Alice's private keys (the dev seed), the proof holds but the keys are Alice's: one
		// key, one validator, so a stolen key never doubles a vote or a price.
		let stolen = SessionKeys::generate(&Eve.to_account_id().encode(), Some(b"//Alice".to_vec()));
		assert_eq!(stolen.keys.aura, Alice.public().into());
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(Eve.to_account_id()), stolen.keys, stolen.proof.encode()),
			pallet_session::Error::<Runtime>::DuplicatedKey
		);
	});
}

#[test]
fn setting_keys_holds_a_deposit_so_flooding_registrations_costs() {
	ext_with_keystore("local_testnet").execute_with(|| {
		use frame_support::traits::fungible::InspectHold;
		let eve = Eve.to_account_id();
		register_fresh_keys(Eve);
		let held = <clearing_runtime::Balances as InspectHold<AccountId>>::total_balance_on_hold(&eve);
		assert_eq!(held, clearing_runtime::configs::SessionKeyDeposit::get());
		// Purging the keys returns it.
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(eve.clone())));
		assert_eq!(<clearing_runtime::Balances as InspectHold<AccountId>>::total_balance_on_hold(&eve), 0);
	});
}

#[test]
fn removing_validators_below_the_oracles_minimum_is_reported_and_stops_prices() {
	ext_from_preset("local_testnet").execute_with(|| {
		// Governance lowers the validator minimum and removes two of four: two operators are
		// left against a `min_operators` of three.
		assert_ok!(ValidatorSet::set_min_validators(RuntimeOrigin::root(), 2));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), Dave.to_account_id()));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), Charlie.to_account_id()));
		run_to_session(Session::current_index() + 2);
		let reported = System::events().into_iter().any(|record| {
			record.event
				== clearing_runtime::RuntimeEvent::OracleFeeder(pallet_oracle_feeder::Event::OperatorsBelowMinimum {
					operators: 2,
					min_operators: 3,
				})
		});
		assert!(reported, "the change below the minimum of three is reported");
		// Two operators left, a quorum of three: no price.
		let btc = feed_id("BTC/USD").unwrap();
		for operator in operators() {
			assert_ok!(Oracle::feed_values(
				RuntimeOrigin::signed(operator),
				BoundedVec::truncate_from(vec![(btc.clone(), 100_000_000)])
			));
		}
		use clearing_primitives::PriceProvider;
		assert_eq!(clearing_runtime::OracleFeeder::fresh_price(&btc), Err(clearing_primitives::PriceError::NoPrice));
	});
}
