//! # Oracle feeder
//!
//! The ingestion side of the clearing chain's oracle: it gets exchange prices onto the chain and
//! serves them, fresh or not at all, to the pallets that take risk decisions.
//!
//! ## Model
//!
//! - **Feed registry** ([`Feeds`]): governance (the `RiskAdmin` origin) lists each price feed
//!   (`BTC/USD`, …) with the symbol each kind of source uses for it and the decimals of its price.
//! - **Offchain worker**: on every node whose keystore holds the `orcl` key of a current oracle
//!   operator, every block, it reads the node's own source endpoints from offchain local storage
//!   (written by the node from `--price-source NAME=URL`), asks every source for every feed with
//!   a deadline, drops failed, malformed, non-positive and out-of-line answers (too far from the
//!   median of all answers), takes the median of what is left when at least [`OracleParams::min_sources`] answers are, and submits one signed
//!   `Oracle::feed_values` with every such median. A lock in local storage and a record of the last
//!   block it sent for keep overlapping workers from sending twice.
//! - **Aggregation across operators**: polkadot-sdk's `pallet-oracle` stores each operator's
//!   values and calls this pallet's [`AgreedMedian`] (its `CombineData`) to combine them
//!   ([`combine`] has the rule in full):
//!   - only values not older than [`OracleParams::max_price_age_ms`] count;
//!   - a quorum of the larger of [`OracleParams::min_operators`] and ⌊2·n/3⌋ + 1 of the n
//!     operators must have fresh values, and that many must lie within
//!     [`OracleParams::max_source_deviation`] of the fresh values' median; the price is the
//!     median of those agreeing values. Otherwise the price does not move (and goes stale): a
//!     third of the operators (⌊(n−1)/3⌋) cannot move it out of the honest values' range, and
//!     half of them cannot move it further than about `max_source_deviation`;
//!   - **circuit breaker**: a move larger than [`OracleParams::circuit_breaker`] from the price at
//!     the start of the block is held ([`Breakers`]) until the operators have agreed on it for
//!     [`OracleParams::confirmation_blocks`] blocks; meanwhile the price API answers
//!     `PriceError::Held`. A return within the breaker drops the hold.
//! - **Price API** ([`clearing_primitives::PriceProvider`]): the combined price of a feed when it
//!   is not older than [`OracleParams::max_price_age_ms`] and no move of it is held, or a typed
//!   error. Nothing downstream ever sees a stale or unconfirmed price as a number.
//! - **Pool gate** ([`CheckOracleFeed`], a transaction extension): a feed from a non-operator, a
//!   second one of an operator in a block, or one that names an unregistered feed, names a feed
//!   twice or has more values than the registry has feeds, is invalid before it reaches a block
//!   (and a block that contains one anyway does not import: the check runs again when a block is
//!   executed); operators' feeds go first in a full block.
//! - **Governance guards**: `min_operators` cannot exceed the current number of operators; a feed
//!   a market uses ([`Config::FeedUsers`]) cannot be removed nor have its decimals changed.
//! - **Operators are the validators**: `pallet-oracle`'s members are [`ValidatorOperators`], the
//!   accounts of the active validators' `orcl` session keys, which this pallet takes from
//!   `pallet-session` at every session change (its `OneSessionHandler`). A set that leaves fewer
//!   operators than `min_operators` is reported ([`Event::OperatorsBelowMinimum`], by
//!   [`OperatorsChanged`]) and prices stop updating (and go stale) until governance adds
//!   validators or lowers the minimum.
//!
//! Operators pay no fee for a successful `feed_values` (`pallet-oracle` refunds it).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod combine;
pub mod crypto;
pub mod extension;
pub mod migrations;
pub mod offchain;
pub mod runtime_api;
pub mod sources;
#[cfg(test)]
mod tests;
pub mod types;
pub mod vols;
pub mod weights;

pub use combine::{AgreedMedian, OracleWeights};
pub use extension::{CheckOracleFeed, OPERATOR_FEED_PRIORITY};
pub use types::{BreakerState, FeedConfig, HeldMove, OracleParams, SourceKind, SourceSymbol, Symbol};
pub use vols::{Smile, SmileMedian, VolInstance, VolSurfaces};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use clearing_primitives::{oracle::FeedUsage, FeedId, FreshPrice, Moment, Price, PriceError, PriceProvider};
use frame_support::{
	traits::{ChangeMembers, Get, SortedMembers, Time},
	BoundedVec,
};
use sp_runtime::Permill;

/// Shortest maximum price age governance may set, in milliseconds: one 2 s block.
pub const MIN_MAX_PRICE_AGE_MS: Moment = 2_000;

/// Longest maximum price age governance may set, in milliseconds: one hour.
pub const MAX_MAX_PRICE_AGE_MS: Moment = 3_600_000;

/// Largest source deviation governance may allow: beyond half the price nothing is "out of line".
pub const MAX_SOURCE_DEVIATION: Permill = Permill::from_percent(50);

// FRAME's pallet macro expands `expect()` calls into the code it generates for this module's
// pallet, storage and error items (clippy points at those attributes), and the lint cannot be
// scoped to generated code alone; our own code in this module calls no `expect()` or `unwrap()`.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::types::{MAX_CONFIRMATION_BLOCKS, MAX_PRICE_DECIMALS, MAX_SYMBOLS_PER_FEED};
	use frame_support::pallet_prelude::*;
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};

	/// The storage layout's version; migrations hook in when it changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_oracle::Config<OracleKey = FeedId, OracleValue = Price, Time: Time<Moment = Moment>>
		+ CreateSignedTransaction<pallet_oracle::Call<Self>>
		+ pallet_oracle::Config<
			vols::VolInstance,
			OracleKey = clearing_primitives::options::ExpiryId,
			OracleValue = vols::Smile,
			Time: Time<Moment = Moment>,
		> + CreateSignedTransaction<pallet_oracle::Call<Self, vols::VolInstance>>
	{
		/// The operators' signing key (`orcl`), found in the node's keystore by the worker.
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// Who changes the registry and the parameters: root or the `RiskAdmin` track.
		type RiskAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most feeds in the registry; every feed's price goes into one `feed_values`, so this
		/// must not exceed `pallet-oracle`'s `MaxFeedValues` (checked by `integrity_test`).
		#[pallet::constant]
		type MaxFeeds: Get<u32>;

		/// Most oracle operators the chain admits; bounds `min_operators`.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// Which feeds markets use: such a feed cannot be removed nor have its decimals changed.
		type FeedUsers: FeedUsage;

		/// The option expiries listed: the worker feeds their smiles, and a smile for anything
		/// else is refused from the pool.
		type OptionExpiries: clearing_primitives::options::ListedExpiries;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The oracle operators when they are the validators ([`ValidatorOperators`]): the accounts of
	/// the active session's validators' `orcl` keys, sorted, as `pallet-session` last handed them
	/// over ([`Pallet`]'s `OneSessionHandler`).
	#[pallet::storage]
	pub type SessionOperators<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxOperators>, ValueQuery>;

	/// The feed registry: each feed's decimals and its symbol at each kind of source.
	#[pallet::storage]
	pub type Feeds<T: Config> = CountedStorageMap<_, Blake2_128Concat, FeedId, FeedConfig, OptionQuery>;

	/// Oracle parameters set by governance.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, OracleParams, ValueQuery>;

	/// The circuit breaker's state of each feed that has had a combined price: the block's
	/// reference price and the move held, if any (see [`crate::combine`]). The price API reads it
	/// on every call: a feed with a held move has no price to act on.
	#[pallet::storage]
	pub type Breakers<T: Config> =
		StorageMap<_, Blake2_128Concat, FeedId, BreakerState<BlockNumberFor<T>>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Feeds listed at genesis.
		pub feeds: Vec<(FeedId, FeedConfig)>,
		/// Oracle parameters at genesis.
		pub params: OracleParams,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Err(e) = Pallet::<T>::validate_params(&self.params) {
				panic!("genesis oracle parameters are invalid: {e:?}");
			}
			Params::<T>::put(self.params);
			for (feed, config) in &self.feeds {
				if let Err(e) = Pallet::<T>::validate_feed(config) {
					panic!("genesis feed {feed:?} is invalid: {e:?}");
				}
				assert!(!Feeds::<T>::contains_key(feed), "genesis lists feed {feed:?} twice");
				Feeds::<T>::insert(feed, config);
			}
			assert!(Feeds::<T>::count() <= T::MaxFeeds::get(), "genesis lists more than MaxFeeds feeds");
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A feed was added to the registry.
		FeedRegistered { feed: FeedId, config: FeedConfig },
		/// A feed's symbols or decimals changed.
		FeedUpdated { feed: FeedId, config: FeedConfig },
		/// A feed left the registry; the price API no longer serves it.
		FeedRemoved { feed: FeedId },
		/// The oracle parameters changed.
		ParamsChanged { params: OracleParams },
		/// The operators agreed on a price further than the circuit breaker from the price at the
		/// start of the block: it is held, and the price API refuses the feed, until the operators
		/// have kept agreeing on it for `confirmation_blocks` blocks.
		MoveHeld { feed: FeedId, from: Price, to: Price },
		/// A held move persisted for the confirmation period: `price` is the feed's price.
		HeldMoveConfirmed { feed: FeedId, price: Price },
		/// The operators came back within the circuit breaker before a held move was confirmed:
		/// the move is dropped and `price` is the feed's price.
		HeldMoveDropped { feed: FeedId, price: Price },
		/// A change of the operator set left fewer operators than `min_operators`: no price can
		/// update (and every price goes stale) until governance adds operators or lowers the
		/// minimum.
		OperatorsBelowMinimum { operators: u32, min_operators: u32 },
		/// A new session's validators bring a different operator set: their `orcl` keys'
		/// accounts, `operators` of them.
		OperatorsFollowedValidators { operators: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A feed with this id is already registered.
		FeedAlreadyRegistered,
		/// No feed with this id is registered.
		UnknownFeed,
		/// The registry holds `MaxFeeds` feeds already.
		TooManyFeeds,
		/// A feed needs a symbol for at least one kind of source.
		NoSymbols,
		/// A feed lists two symbols for the same kind of source.
		DuplicateSourceKind,
		/// A symbol is empty or has characters other than ASCII letters, digits, `.`, `_`, `-`.
		InvalidSymbol,
		/// A feed's price may have at most 18 decimals.
		TooManyDecimals,
		/// The maximum price age must be between 2 s and 1 h.
		InvalidMaxPriceAge,
		/// The minimum of operators must be between 1 and the most operators the chain admits.
		InvalidMinOperators,
		/// The minimum of sources must be between 1 and the most sources a node may configure.
		InvalidMinSources,
		/// The maximum source deviation must be above 0 and at most 50 %.
		InvalidMaxSourceDeviation,
		/// The circuit breaker must be above 0 and at most 100 %.
		InvalidCircuitBreaker,
		/// The confirmation period must be between 1 and 30 blocks.
		InvalidConfirmationBlocks,
		/// The minimum of operators exceeds the current number of operators: no price could ever
		/// update. Add operators first.
		MinOperatorsAboveMembers,
		/// A market uses this feed: it cannot be removed, nor its decimals changed (which would
		/// rescale every price the market acts on). Move the market to another feed first.
		FeedInUse,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(block: BlockNumberFor<T>) {
			let outcome = offchain::run::<T>(block);
			offchain::log_outcome(block, &outcome);
			let smiles = offchain::run_smiles::<T>(block);
			offchain::log_smiles(block, &smiles);
		}

		fn integrity_test() {
			assert!(
				T::MaxFeeds::get() <= <T as pallet_oracle::Config>::MaxFeedValues::get(),
				"MaxFeeds must fit one Oracle::feed_values"
			);
			assert!(T::MaxOperators::get() >= 1, "MaxOperators must admit an operator");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Lists a new feed. Operators' workers ask their sources for it from the next block on.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::register_feed())]
		pub fn register_feed(origin: OriginFor<T>, feed: FeedId, config: FeedConfig) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_feed(&config)?;
			ensure!(!Feeds::<T>::contains_key(&feed), Error::<T>::FeedAlreadyRegistered);
			ensure!(Feeds::<T>::count() < T::MaxFeeds::get(), Error::<T>::TooManyFeeds);
			Feeds::<T>::insert(&feed, &config);
			Self::deposit_event(Event::FeedRegistered { feed, config });
			Ok(())
		}

		/// Changes a listed feed's symbols or decimals.
		///
		/// Changing the decimals changes the scale of the prices operators submit from then on;
		/// the price API reports the registry's decimals with every price. It is refused
		/// (`FeedInUse`) while a market uses the feed: the market's stored prices and parameters
		/// are in the old scale.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::update_feed())]
		pub fn update_feed(origin: OriginFor<T>, feed: FeedId, config: FeedConfig) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_feed(&config)?;
			let current = Feeds::<T>::get(&feed).ok_or(Error::<T>::UnknownFeed)?;
			if current.decimals != config.decimals {
				ensure!(!T::FeedUsers::feed_in_use(&feed), Error::<T>::FeedInUse);
			}
			Feeds::<T>::insert(&feed, &config);
			Self::deposit_event(Event::FeedUpdated { feed, config });
			Ok(())
		}

		/// Delists a feed: the price API answers `UnknownFeed` for it from now on. Refused
		/// (`FeedInUse`) while a market uses the feed.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_feed())]
		pub fn remove_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			ensure!(Feeds::<T>::contains_key(&feed), Error::<T>::UnknownFeed);
			ensure!(!T::FeedUsers::feed_in_use(&feed), Error::<T>::FeedInUse);
			Feeds::<T>::remove(&feed);
			Breakers::<T>::remove(&feed);
			Self::deposit_event(Event::FeedRemoved { feed });
			Ok(())
		}

		/// Sets the oracle parameters: maximum price age, minimum operators, minimum sources,
		/// maximum deviation (between sources and between operators), circuit breaker and its
		/// confirmation period.
		///
		/// `min_operators` may not exceed the current number of operators
		/// (`MinOperatorsAboveMembers`): with fewer operators than the minimum no price updates.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: OracleParams) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_params(&params)?;
			let operators = <T as pallet_oracle::Config>::Members::count();
			ensure!(
				usize::try_from(params.min_operators).is_ok_and(|min| min <= operators),
				Error::<T>::MinOperatorsAboveMembers
			);
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsChanged { params });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Checks a feed definition: decimals, at least one symbol, one per kind, URL-safe symbols.
		pub fn validate_feed(config: &FeedConfig) -> Result<(), Error<T>> {
			ensure!(config.decimals <= MAX_PRICE_DECIMALS, Error::<T>::TooManyDecimals);
			ensure!(!config.symbols.is_empty(), Error::<T>::NoSymbols);
			let mut kinds: Vec<SourceKind> = config.symbols.iter().map(|s| s.kind).collect();
			kinds.sort();
			kinds.dedup();
			ensure!(kinds.len() == config.symbols.len(), Error::<T>::DuplicateSourceKind);
			ensure!(kinds.len() <= MAX_SYMBOLS_PER_FEED as usize, Error::<T>::DuplicateSourceKind);
			for entry in config.symbols.iter() {
				let url_safe = entry
					.symbol
					.iter()
					.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
				ensure!(!entry.symbol.is_empty() && url_safe, Error::<T>::InvalidSymbol);
			}
			Ok(())
		}

		/// Checks oracle parameters against their fixed bounds (not against the operator set,
		/// which genesis builds in another pallet: `set_params` checks that).
		pub fn validate_params(params: &OracleParams) -> Result<(), Error<T>> {
			ensure!(
				(MIN_MAX_PRICE_AGE_MS..=MAX_MAX_PRICE_AGE_MS).contains(&params.max_price_age_ms),
				Error::<T>::InvalidMaxPriceAge
			);
			ensure!((1..=T::MaxOperators::get()).contains(&params.min_operators), Error::<T>::InvalidMinOperators);
			ensure!(
				(1..=crate::sources::MAX_SOURCES_PER_NODE as u32).contains(&params.min_sources),
				Error::<T>::InvalidMinSources
			);
			ensure!(
				params.max_source_deviation > Permill::zero() && params.max_source_deviation <= MAX_SOURCE_DEVIATION,
				Error::<T>::InvalidMaxSourceDeviation
			);
			ensure!(params.circuit_breaker > Permill::zero(), Error::<T>::InvalidCircuitBreaker);
			ensure!(
				(1..=MAX_CONFIRMATION_BLOCKS).contains(&params.confirmation_blocks),
				Error::<T>::InvalidConfirmationBlocks
			);
			Ok(())
		}

		/// The oracle's invariants, checked by `try_state` and by the tests: the parameters are
		/// within their bounds, every registered feed is valid and within `MaxFeeds`, and a held
		/// move (circuit breaker) exists only for a registered feed.
		pub fn do_try_state() -> Result<(), &'static str> {
			Self::validate_params(&Params::<T>::get()).map_err(|_| "the oracle parameters are out of bounds")?;
			if Feeds::<T>::count() > T::MaxFeeds::get() {
				return Err("more feeds are registered than MaxFeeds");
			}
			for (_, config) in Feeds::<T>::iter() {
				Self::validate_feed(&config).map_err(|_| "a registered feed is invalid")?;
			}
			for feed in Breakers::<T>::iter_keys() {
				if !Feeds::<T>::contains_key(&feed) {
					return Err("a circuit breaker holds a move for a feed that is not registered");
				}
			}
			Ok(())
		}

		/// Every registered feed with its definition.
		pub fn feeds() -> Vec<(FeedId, FeedConfig)> {
			Feeds::<T>::iter().collect()
		}

		/// Sets `feed`'s combined price to `price` now, past the quorum and the circuit breaker
		/// (any held move is dropped): other pallets' benchmarks need a price at once.
		#[cfg(feature = "runtime-benchmarks")]
		pub fn force_price_for_benchmarks(feed: &FeedId, price: Price) {
			let timestamp = <T as pallet_oracle::Config>::Time::now();
			pallet_oracle::Values::<T>::insert(feed, pallet_oracle::TimestampedValue { value: price, timestamp });
			Breakers::<T>::remove(feed);
		}
	}
}

impl<T: Config> PriceProvider for Pallet<T> {
	/// The registry, the combined price, the parameters, the time and the breaker's state: one
	/// read more than without the breaker, on every trade's path.
	fn fresh_price(feed: &FeedId) -> Result<FreshPrice, PriceError> {
		let config = Feeds::<T>::get(feed).ok_or(PriceError::UnknownFeed)?;
		let latest = pallet_oracle::Pallet::<T>::get(feed).ok_or(PriceError::NoPrice)?;
		// A held move means the stored price may be wrong (the operators agree on another one)
		// and the new one is not confirmed: neither may be acted on.
		if Breakers::<T>::get(feed).is_some_and(|state| state.held.is_some()) {
			return Err(PriceError::Held);
		}
		let max_age_ms = Params::<T>::get().max_price_age_ms;
		let now = <T as pallet_oracle::Config>::Time::now();
		let age_ms = now.saturating_sub(latest.timestamp);
		if age_ms > max_age_ms {
			return Err(PriceError::Stale { age_ms, max_age_ms });
		}
		Ok(FreshPrice { price: latest.value, decimals: config.decimals, timestamp: latest.timestamp })
	}
}

/// The operator set's change handler: passes every change on to `Inner` (`pallet-oracle`, which
/// drops a removed operator's values) and reports ([`Event::OperatorsBelowMinimum`]) a change
/// that leaves fewer operators than `min_operators`. The session change that calls it (or
/// `pallet-membership`, in a runtime that keeps a list) has already happened.
///
/// It cannot refuse the change: a session's validators are what governance chose sessions ago,
/// and a chain cannot refuse to rotate. What happens instead is safe:
/// the quorum ([`combine::quorum`]) exceeds the operators, no price updates, and every price goes
/// stale after `max_price_age_ms`, so nobody is liquidated and no risk is added on an old price,
/// until governance adds operators or lowers `min_operators`.
pub struct OperatorsChanged<T, Inner>(core::marker::PhantomData<(T, Inner)>);

impl<T: Config, Inner: ChangeMembers<T::AccountId>> ChangeMembers<T::AccountId> for OperatorsChanged<T, Inner> {
	fn change_members_sorted(incoming: &[T::AccountId], outgoing: &[T::AccountId], sorted_new: &[T::AccountId]) {
		Inner::change_members_sorted(incoming, outgoing, sorted_new);
		let operators = u32::try_from(sorted_new.len()).unwrap_or(u32::MAX);
		let min_operators = Params::<T>::get().min_operators;
		if operators < min_operators {
			Pallet::<T>::deposit_event(Event::OperatorsBelowMinimum { operators, min_operators });
		}
	}

	fn set_prime(prime: Option<T::AccountId>) {
		Inner::set_prime(prime);
	}

	fn get_prime() -> Option<T::AccountId> {
		Inner::get_prime()
	}
}

/// `pallet-oracle`'s operators when the validators are the oracle: the active validators' `orcl`
/// keys ([`SessionOperators`]). There is no separate list to keep in step with the validator set;
/// the quorum ([`combine::quorum`]) counts them, so it follows the set.
pub struct ValidatorOperators<T>(core::marker::PhantomData<T>);

impl<T: Config> SortedMembers<T::AccountId> for ValidatorOperators<T> {
	fn sorted_members() -> Vec<T::AccountId> {
		SessionOperators::<T>::get().into_inner()
	}

	fn contains(who: &T::AccountId) -> bool {
		SessionOperators::<T>::get().binary_search(who).is_ok()
	}

	fn count() -> usize {
		SessionOperators::<T>::decode_len().unwrap_or(0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &T::AccountId) {
		SessionOperators::<T>::mutate(|operators| {
			if let Err(at) = operators.binary_search(who) {
				let _ = operators.try_insert(at, who.clone());
			}
		});
	}
}

impl<T: Config> sp_runtime::BoundToRuntimeAppPublic for Pallet<T> {
	type Public = clearing_primitives::oracle_crypto::Public;
}

/// The session's `orcl` keys: at genesis and at every session change, the operators become the
/// accounts of the active validators' oracle keys. A changed set goes through
/// [`OperatorsChanged`]: `pallet-oracle` drops a departed operator's values at once, and a set
/// smaller than `min_operators` is reported.
impl<T: Config> frame_support::traits::OneSessionHandler<T::AccountId> for Pallet<T>
where
	T::AccountId: From<sp_core::sr25519::Public>,
{
	type Key = clearing_primitives::oracle_crypto::Public;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, Self::Key)>,
		T::AccountId: 'a,
	{
		Self::follow_validators(validators.map(|(_, key)| key));
	}

	fn on_new_session<'a, I>(_changed: bool, validators: I, _queued_validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, Self::Key)>,
		T::AccountId: 'a,
	{
		// Recomputed every session (at most `MaxOperators` keys): a validator that rotated only
		// its `orcl` key changes the operators without changing the validator set.
		Self::follow_validators(validators.map(|(_, key)| key));
	}

	fn on_disabled(_validator_index: u32) {}
}

impl<T: Config> Pallet<T>
where
	T::AccountId: From<sp_core::sr25519::Public>,
{
	/// Makes the accounts of `keys` the operators, if they differ from the current ones. More
	/// keys than `MaxOperators` cannot happen in a runtime whose validator set is bounded by it
	/// (the runtime's integrity test); were it to, the first `MaxOperators` accounts (sorted)
	/// would be the operators.
	fn follow_validators(keys: impl Iterator<Item = clearing_primitives::oracle_crypto::Public>) {
		let mut operators: Vec<T::AccountId> = keys
			.map(|key| T::AccountId::from(sp_core::sr25519::Public::from(key)))
			.collect();
		operators.sort();
		operators.dedup();
		let operators = BoundedVec::<T::AccountId, T::MaxOperators>::truncate_from(operators);
		let old = SessionOperators::<T>::get();
		if operators == old {
			return;
		}
		SessionOperators::<T>::put(&operators);
		OperatorsChanged::<T, pallet_oracle::Pallet<T>>::set_members_sorted(&operators, &old);
		Self::deposit_event(Event::OperatorsFollowedValidators {
			operators: u32::try_from(operators.len()).unwrap_or(u32::MAX),
		});
	}
}

/// `pallet-oracle`'s minimum count of fresh operator values, from [`OracleParams::min_operators`].
///
/// Only for `pallet-oracle`'s `DefaultCombineData`; this chain's runtime combines with
/// [`AgreedMedian`], which reads the parameters itself.
pub struct MinimumOperators<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u32> for MinimumOperators<T> {
	fn get() -> u32 {
		Params::<T>::get().min_operators
	}
}

/// `pallet-oracle`'s expiry of operator values, from [`OracleParams::max_price_age_ms`]: a value
/// too old to be served is too old to count in the median.
pub struct PriceExpiry<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<Moment> for PriceExpiry<T> {
	fn get() -> Moment {
		Params::<T>::get().max_price_age_ms
	}
}
