//! The operators follow the validators: at every session change they become the accounts of the
//! active validators' `orcl` session keys, and a departed operator's values are dropped at once.

use super::mock::*;
use crate::{Event, SessionOperators, ValidatorOperators};
use clearing_primitives::oracle_crypto;
use frame_support::traits::{OneSessionHandler, SortedMembers};

/// The `orcl` key of a dev seed, as `pallet-session` hands it over.
fn orcl(seed: &str) -> oracle_crypto::Public {
	oracle_crypto::Public::from(account(seed))
}

/// A session change to validators whose `orcl` keys derive from `seeds` (validator ids are the
/// same accounts; only the keys matter).
fn new_session(seeds: &[&str]) {
	let validators: Vec<(AccountId, oracle_crypto::Public)> = seeds
		.iter()
		.map(|seed| (account(&format!("{seed}//stash")), orcl(seed)))
		.collect();
	let iter = || validators.iter().map(|(who, key)| (who, key.clone()));
	<OracleFeeder as OneSessionHandler<AccountId>>::on_new_session(true, iter(), iter());
}

fn operators() -> Vec<AccountId> {
	ValidatorOperators::<Test>::sorted_members()
}

#[test]
fn the_operators_are_the_validators_orcl_keys_sorted() {
	new_test_ext().execute_with(|| {
		let genesis = [account("//Alice"), account("//Bob")];
		let iter = genesis.iter().map(|who| (who, oracle_crypto::Public::from(*who)));
		<OracleFeeder as OneSessionHandler<AccountId>>::on_genesis_session(iter);
		let mut expected = genesis.to_vec();
		expected.sort();
		assert_eq!(operators(), expected);

		new_session(&["//Charlie", "//Alice", "//Bob"]);
		let mut expected = vec![account("//Alice"), account("//Bob"), account("//Charlie")];
		expected.sort();
		assert_eq!(operators(), expected);
		assert_eq!(ValidatorOperators::<Test>::count(), 3);
		assert!(ValidatorOperators::<Test>::contains(&account("//Charlie")));
		assert!(!ValidatorOperators::<Test>::contains(&account("//Dave")));
		assert_eq!(feeder_events().last(), Some(&Event::OperatorsFollowedValidators { operators: 3 }));
	});
}

#[test]
fn an_unchanged_set_writes_nothing_and_says_nothing() {
	new_test_ext().execute_with(|| {
		new_session(&["//Alice", "//Bob"]);
		let events = System::events().len();
		new_session(&["//Bob", "//Alice"]);
		assert_eq!(System::events().len(), events);
	});
}

#[test]
fn a_departed_validators_values_are_dropped_at_the_session_change() {
	new_test_ext().execute_with(|| {
		new_session(&["//Alice", "//Bob", "//Charlie"]);
		let value = pallet_oracle::TimestampedValue { value: 50_000_000_000u128, timestamp: 1_000_000u64 };
		for who in ["//Alice", "//Bob"] {
			pallet_oracle::RawValues::<Test>::insert(account(who), btc(), value);
		}
		new_session(&["//Alice", "//Charlie"]);
		assert!(pallet_oracle::RawValues::<Test>::get(account("//Bob"), btc()).is_none());
		assert!(pallet_oracle::RawValues::<Test>::get(account("//Alice"), btc()).is_some());
	});
}

#[test]
fn a_rotated_orcl_key_replaces_the_operator_without_a_set_change() {
	new_test_ext().execute_with(|| {
		new_session(&["//Alice", "//Bob"]);
		// Same validators; Bob rotated his oracle key.
		new_session(&["//Alice", "//Bob//rotated"]);
		assert!(ValidatorOperators::<Test>::contains(&account("//Bob//rotated")));
		assert!(!ValidatorOperators::<Test>::contains(&account("//Bob")));
	});
}

#[test]
fn a_set_below_min_operators_is_reported() {
	new_test_ext().execute_with(|| {
		crate::Params::<Test>::mutate(|params| params.min_operators = 3);
		new_session(&["//Alice", "//Bob"]);
		assert!(feeder_events().contains(&Event::OperatorsBelowMinimum { operators: 2, min_operators: 3 }));
	});
}

#[test]
fn attack_one_validator_registering_many_identical_keys_counts_once() {
	new_test_ext().execute_with(|| {
		// Two validator accounts presenting the same oracle key are one operator, not two votes.
		let key = orcl("//Mallory");
		let stash = [account("//Mallory//1"), account("//Mallory//2"), account("//Alice")];
		let pairs = [(stash[0], key.clone()), (stash[1], key.clone()), (stash[2], orcl("//Alice"))];
		let iter = || pairs.iter().map(|(who, key)| (who, key.clone()));
		<OracleFeeder as OneSessionHandler<AccountId>>::on_new_session(true, iter(), iter());
		assert_eq!(SessionOperators::<Test>::get().len(), 2);
	});
}
