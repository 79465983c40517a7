//! Unit tests: governance adds and removes validators under the set's rules, and the session
//! manager hands each change to `pallet-session` exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use crate as pallet_validator_set;
use crate::{Error, Event, MinValidators, SetChanged, Validators};
use frame_support::{
	assert_noop, assert_ok, derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64, Hooks, ValidatorRegistration},
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use pallet_session::SessionManager;
use sp_runtime::{BuildStorage, DispatchError};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	/// Accounts that have registered session keys.
	pub static Registered: Vec<u64> = vec![];
	/// How many times the session was rotated.
	pub static Rotations: u32 = 0;
	pub const RotationWeight: frame_support::weights::Weight = frame_support::weights::Weight::from_parts(7_000_000, 1_000);
}

/// Counts rotations.
pub struct MockSessions;
impl crate::RotateSession for MockSessions {
	fn rotate_session() {
		Rotations::mutate(|n| *n += 1);
	}
}

ord_parameter_types! {
	/// A signed account that stands in for the validator-admin track.
	pub const Admin: u64 = 99;
}

/// Session-key registration as the tests set it.
pub struct MockKeys;
impl ValidatorRegistration<u64> for MockKeys {
	fn is_registered(id: &u64) -> bool {
		Registered::get().contains(id)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockKeys {
	fn register_keys(who: &u64) {
		Registered::mutate(|r| r.push(*who));
	}
}

impl pallet_validator_set::Config for Test {
	type ValidatorAdminOrigin = frame_support::traits::EitherOfDiverse<EnsureRoot<u64>, EnsureSignedBy<Admin, u64>>;
	type KeysRegistered = MockKeys;
	type MaxValidators = ConstU32<6>;
	type WeightInfo = ();
	type Sessions = MockSessions;
	type SessionEnds = pallet_session::PeriodicSessions<ConstU64<5>, ConstU64<0>>;
	type RotationWeight = RotationWeight;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockKeys;
}

/// Validators 1, 2, 3 and 4 (all with keys), at least 3; 5 and 6 have registered keys too; 7 has none.
pub fn new_test_ext() -> sp_io::TestExternalities {
	Registered::set(vec![1, 2, 3, 4, 5, 6]);
	let storage = RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig { validators: vec![4, 2, 1, 3], min_validators: 3 },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn set() -> Vec<u64> {
	Validators::<Test>::get().into_inner()
}

#[test]
fn genesis_sorts_the_set_and_hands_it_to_the_first_session() {
	new_test_ext().execute_with(|| {
		assert_eq!(set(), vec![1, 2, 3, 4]);
		assert_eq!(ValidatorSet::new_session_genesis(0), Some(vec![1, 2, 3, 4]));
		assert!(!SetChanged::<Test>::get());
		assert_eq!(ValidatorSet::new_session(1), None, "an unchanged set is not handed over again");
		ValidatorSet::do_try_state().unwrap();
	});
}

#[test]
fn the_session_rotates_at_its_period_and_is_charged_the_rotation_not_the_block() {
	new_test_ext().execute_with(|| {
		Rotations::set(0);
		let mut charged = vec![];
		for n in 1..=10u64 {
			charged.push(ValidatorSet::on_initialize(n));
		}
		assert_eq!(Rotations::get(), 2, "blocks 5 and 10");
		assert_eq!(charged[4], RotationWeight::get());
		assert_eq!(charged[9], RotationWeight::get());
		assert_eq!(charged.iter().filter(|w| **w == frame_support::weights::Weight::zero()).count(), 8);
		// pallet-session's own hook never ends a session.
		use pallet_session::ShouldEndSession;
		assert!((0..100u64).all(|n| !crate::NeverEndsItself::should_end_session(n)));
	});
}

#[test]
fn governance_adds_a_validator_for_the_next_session_once() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(root(), 5));
		System::assert_last_event(Event::ValidatorAdded { who: 5 }.into());
		assert_eq!(set(), vec![1, 2, 3, 4, 5]);
		assert_eq!(ValidatorSet::new_session(7), Some(vec![1, 2, 3, 4, 5]));
		System::assert_last_event(Event::SetQueued { session: 7, validators: 5 }.into());
		assert_eq!(ValidatorSet::new_session(8), None);
		ValidatorSet::do_try_state().unwrap();
	});
}

#[test]
fn governance_removes_a_validator_for_the_next_session() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::signed(99), 2));
		System::assert_last_event(Event::ValidatorRemoved { who: 2 }.into());
		assert_eq!(ValidatorSet::new_session(3), Some(vec![1, 3, 4]));
	});
}

#[test]
fn the_set_never_falls_below_its_minimum() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(root(), 4));
		assert_noop!(ValidatorSet::remove_validator(root(), 3), Error::<Test>::TooFewValidators);
		assert_eq!(set(), vec![1, 2, 3]);
	});
}

#[test]
fn governance_sets_the_minimum_within_the_set() {
	new_test_ext().execute_with(|| {
		assert_noop!(ValidatorSet::set_min_validators(root(), 0), Error::<Test>::InvalidMinimum);
		assert_noop!(ValidatorSet::set_min_validators(root(), 5), Error::<Test>::InvalidMinimum);
		assert_noop!(ValidatorSet::set_min_validators(RuntimeOrigin::signed(1), 4), DispatchError::BadOrigin);
		assert_ok!(ValidatorSet::set_min_validators(root(), 4));
		System::assert_last_event(Event::MinValidatorsSet { min: 4 }.into());
		assert_eq!(MinValidators::<Test>::get(), 4);
		assert_noop!(ValidatorSet::remove_validator(root(), 1), Error::<Test>::TooFewValidators);
	});
}

#[test]
fn the_set_never_exceeds_its_maximum() {
	new_test_ext().execute_with(|| {
		Registered::mutate(|r| r.extend([7, 8]));
		assert_ok!(ValidatorSet::add_validator(root(), 5));
		assert_ok!(ValidatorSet::add_validator(root(), 6));
		assert_noop!(ValidatorSet::add_validator(root(), 7), Error::<Test>::TooManyValidators);
	});
}

#[test]
fn bad_inputs_are_refused_and_change_nothing() {
	new_test_ext().execute_with(|| {
		// Without session keys an account could never author, vote or feed.
		assert_noop!(ValidatorSet::add_validator(root(), 7), Error::<Test>::NoSessionKeys);
		assert_noop!(ValidatorSet::add_validator(root(), 3), Error::<Test>::AlreadyValidator);
		assert_noop!(ValidatorSet::remove_validator(root(), 5), Error::<Test>::NotValidator);
		assert!(!SetChanged::<Test>::get());
		assert_eq!(ValidatorSet::new_session(2), None);
	});
}

#[test]
fn attack_a_validator_or_any_signed_account_cannot_change_the_set() {
	new_test_ext().execute_with(|| {
		// A sitting validator adds its sock puppet, or evicts a rival: both are governance's.
		for who in [1u64, 5, 7] {
			assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::signed(who), 5), DispatchError::BadOrigin);
			assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::signed(who), 2), DispatchError::BadOrigin);
		}
		assert_eq!(set(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn attack_add_then_remove_in_one_session_hands_over_the_final_set() {
	new_test_ext().execute_with(|| {
		// Flapping the set inside one session never leaves a stale set queued.
		assert_ok!(ValidatorSet::add_validator(root(), 5));
		assert_ok!(ValidatorSet::remove_validator(root(), 5));
		assert_ok!(ValidatorSet::remove_validator(root(), 1));
		assert_eq!(ValidatorSet::new_session(2), Some(vec![2, 3, 4]));
		assert_eq!(ValidatorSet::new_session(3), None);
	});
}

#[test]
#[should_panic(expected = "genesis has at least min_validators validators")]
fn genesis_below_the_minimum_is_refused() {
	let _ = RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig { validators: vec![1, 2], min_validators: 3 },
		..Default::default()
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "genesis validators are listed once each")]
fn genesis_with_a_duplicate_is_refused() {
	let _ = RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig { validators: vec![1, 2, 3, 3], min_validators: 3 },
		..Default::default()
	}
	.build_storage();
}
