//! # Validator set
//!
//! The chain's validators, chosen by governance. The set this pallet keeps is the one
//! `pallet-session` will use from its next rotation: [`Pallet::add_validator`] and
//! [`Pallet::remove_validator`] (root, or the validator-admin track of OpenGov) change it, and
//! the session manager ([`pallet_session::SessionManager`]) hands it over at the next session
//! change, once per change. `pallet-session` queues the set it is given for one session before it
//! becomes active, so a change made during session `n` is active from session `n + 2`: every node
//! then knows a session ahead which keys will author and vote.
//!
//! The validators' session keys hold Aura's, GRANDPA's and the oracle's (`orcl`) keys; the oracle
//! operators are the active validators' `orcl` keys (`pallet-oracle-feeder` follows the session),
//! so governing this set governs who produces blocks, who finalizes them and who feeds prices.
//!
//! Rules, each refused with a typed error and no change:
//! - a validator is added only once it has registered session keys (`session.setKeys`): a member
//!   without keys would count in the set but could never author, vote or feed;
//! - the set never holds fewer than [`MinValidators`] (removal is refused below it), a minimum
//!   governance sets ([`Pallet::set_min_validators`], at least one, at most the set's size), nor
//!   more than [`Config::MaxValidators`];
//! - an account is in the set at most once.
//!
//! Why a governed set, not staking: the validators are also the price oracle, whose honesty is
//! the margin engine's first defence; a small set of operators the token holders chose by
//! referendum is accountable in a way an open stake-weighted election is not yet, while the
//! chain's token is young and thinly held. Moving to `pallet-staking` means a session manager
//! from its elections instead of this pallet, slashing for equivocations (GRANDPA's and Aura's
//! offence reports, which this runtime leaves off because there is nothing to slash), and an
//! oracle weighted or bonded by stake.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use sp_staking::SessionIndex;

// FRAME's pallet macro expands `expect()` into the code it generates for the pallet's items; the
// lint cannot be scoped to generated code alone, and this module's own code calls none.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
	use frame_system::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who adds and removes validators: root, or a referendum on the validator-admin track.
		type ValidatorAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has registered session keys (`pallet-session`).
		type KeysRegistered: ValidatorRegistration<Self::AccountId>;

		/// Most validators the set may hold; no more than Aura's and GRANDPA's `MaxAuthorities`
		/// and the oracle's `MaxOperators`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// The session pallet, which this pallet rotates ([`Hooks::on_initialize`]).
		type Sessions: RotateSession;

		/// When a session ends (`pallet_session::PeriodicSessions`). `pallet-session`'s own hook
		/// must never end one (its `ShouldEndSession` is [`NeverEndsItself`]): it would charge a
		/// whole block for every rotation.
		type SessionEnds: pallet_session::ShouldEndSession<BlockNumberFor<Self>>;

		/// What one rotation costs with the set at its largest: `pallet-session`'s queue and
		/// every session handler (Aura's and GRANDPA's authorities, the oracle's operators, with
		/// a departed operator's values).
		type RotationWeight: Get<Weight>;

		/// Registers session keys for the benchmarks' accounts.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The storage layout's version (`runtime/tests/storage_layout.rs` guards it).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The validator set governance has chosen, sorted: what `pallet-session` gets at its next
	/// rotation (and the active set once that rotation's queue has passed).
	#[pallet::storage]
	pub type Validators<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Fewest validators the set may hold, set at genesis and by governance. With GRANDPA's
	/// two-thirds threshold, four tolerate one faulty validator; fewer and one failure stops
	/// finality (a single-validator dev chain sets 1).
	#[pallet::storage]
	pub type MinValidators<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Whether [`Validators`] changed since the session manager last handed it over.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators at genesis; `pallet-session`'s genesis keys must cover the same accounts.
		pub validators: Vec<T::AccountId>,
		/// The fewest validators the set may hold ([`MinValidators`]): at least 1, at most the
		/// genesis set's size.
		pub min_validators: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut validators = self.validators.clone();
			validators.sort();
			validators.dedup();
			assert!(validators.len() == self.validators.len(), "genesis validators are listed once each");
			// A runtime built without validators (the SDK's default-genesis test) has no minimum
			// to keep; any set must hold its minimum, at least one.
			if !validators.is_empty() {
				assert!(self.min_validators >= 1, "genesis min_validators is at least 1");
				assert!(
					u32::try_from(validators.len()).is_ok_and(|n| n >= self.min_validators),
					"genesis has at least min_validators validators"
				);
			}
			MinValidators::<T>::put(self.min_validators.max(1));
			let validators = BoundedVec::<_, T::MaxValidators>::try_from(validators)
				.unwrap_or_else(|_| panic!("genesis has at most MaxValidators validators"));
			Validators::<T>::put(validators);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joins the set at the next session change (active one session later).
		ValidatorAdded { who: T::AccountId },
		/// `who` leaves the set at the next session change (inactive one session later).
		ValidatorRemoved { who: T::AccountId },
		/// The changed set was handed to `pallet-session` for session `session`.
		SetQueued { session: SessionIndex, validators: u32 },
		/// Governance set the fewest validators the set may hold.
		MinValidatorsSet { min: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the set.
		AlreadyValidator,
		/// The account is not in the set.
		NotValidator,
		/// The account has no session keys registered (`session.setKeys`): it could not author,
		/// vote or feed prices.
		NoSessionKeys,
		/// The removal would leave fewer than `MinValidators` validators.
		TooFewValidators,
		/// The set already holds `MaxValidators` validators.
		TooManyValidators,
		/// A minimum must be at least 1 and at most the set's current size.
		InvalidMinimum,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Rotates the session at its period and charges what the rotation costs, not the whole
		/// block `pallet-session`'s own hook would charge.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			use pallet_session::ShouldEndSession;
			if T::SessionEnds::should_end_session(n) {
				T::Sessions::rotate_session();
				T::RotationWeight::get()
			} else {
				Weight::zero()
			}
		}

		fn integrity_test() {
			assert!(T::MaxValidators::get() >= 1, "a chain needs at least one validator");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator set from the next session change on. `who` must have
		/// registered its session keys.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ValidatorAdminOrigin::ensure_origin(origin)?;
			ensure!(T::KeysRegistered::is_registered(&who), Error::<T>::NoSessionKeys);
			Validators::<T>::try_mutate(|set| {
				let at = set.binary_search(&who).err().ok_or(Error::<T>::AlreadyValidator)?;
				set.try_insert(at, who.clone()).map_err(|_| Error::<T>::TooManyValidators)
			})?;
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Removes `who` from the validator set from the next session change on, unless that
		/// would leave fewer than `MinValidators`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ValidatorAdminOrigin::ensure_origin(origin)?;
			Validators::<T>::try_mutate(|set| {
				let at = set.binary_search(&who).map_err(|_| Error::<T>::NotValidator)?;
				let left = u32::try_from(set.len().saturating_sub(1)).unwrap_or(u32::MAX);
				ensure!(left >= MinValidators::<T>::get(), Error::<T>::TooFewValidators);
				set.remove(at);
				Ok::<_, Error<T>>(())
			})?;
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { who });
			Ok(())
		}

		/// Sets the fewest validators the set may hold: at least 1, at most its current size.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_min_validators())]
		pub fn set_min_validators(origin: OriginFor<T>, min: u32) -> DispatchResult {
			T::ValidatorAdminOrigin::ensure_origin(origin)?;
			let size = u32::try_from(Validators::<T>::decode_len().unwrap_or(0)).unwrap_or(u32::MAX);
			ensure!(min >= 1 && min <= size, Error::<T>::InvalidMinimum);
			MinValidators::<T>::put(min);
			Self::deposit_event(Event::MinValidatorsSet { min });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The set governance has chosen (sorted).
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	/// The set is sorted, without duplicates, and within its bounds.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let set = Validators::<T>::get();
		frame_support::ensure!(set.windows(2).all(|w| matches!(w, [a, b] if a < b)), "validators sorted and unique");
		let len = u32::try_from(set.len()).unwrap_or(u32::MAX);
		let min = MinValidators::<T>::get();
		frame_support::ensure!(min >= 1 && len >= min, "at least MinValidators (>= 1) validators");
		Ok(())
	}
}

/// Rotating the session: `pallet_session::Pallet::rotate_session` in a runtime.
pub trait RotateSession {
	/// Ends the current session and starts the next one.
	fn rotate_session();
}

/// `pallet-session`'s `ShouldEndSession` when this pallet rotates the session: never.
pub struct NeverEndsItself;

impl<BlockNumber> pallet_session::ShouldEndSession<BlockNumber> for NeverEndsItself {
	fn should_end_session(_now: BlockNumber) -> bool {
		false
	}
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` count as having registered session keys.
	fn register_keys(who: &AccountId);
}

/// Hands the chosen set to `pallet-session` when it changed, and only then (an unchanged set
/// is `None`, which keeps the queued one and costs `pallet-session` nothing).
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let validators = Self::validators();
		Self::deposit_event(Event::SetQueued {
			session: new_index,
			validators: u32::try_from(validators.len()).unwrap_or(u32::MAX),
		});
		Some(validators)
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Some(Self::validators())
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}
