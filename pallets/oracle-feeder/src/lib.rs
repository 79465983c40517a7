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
//! - **Aggregation across operators** stays in polkadot-sdk's `pallet-oracle`: the median of the
//!   operators' fresh values, with the minimum count and expiry this pallet's [`Params`] give it
//!   ([`MinimumOperators`], [`PriceExpiry`]), so one lying operator of three cannot move a price.
//! - **Price API** ([`clearing_primitives::PriceProvider`]): the operators' median of a feed when it
//!   is not older than [`OracleParams::max_price_age_ms`], or a typed error. Nothing downstream ever
//!   sees a stale price as a number.
//!
//! - **Pool gate** ([`CheckOracleFeed`], a transaction extension): a feed from a non-operator, or a
//!   second one of an operator in a block, is invalid before it reaches a block; operators' feeds
//!   go first in a full block.
//!
//! Operators pay no fee for a successful `feed_values` (`pallet-oracle` refunds it).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod crypto;
pub mod extension;
pub mod offchain;
pub mod runtime_api;
pub mod sources;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::{CheckOracleFeed, OPERATOR_FEED_PRIORITY};
pub use types::{FeedConfig, OracleParams, SourceKind, SourceSymbol, Symbol};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use clearing_primitives::{FeedId, FreshPrice, Moment, Price, PriceError, PriceProvider};
use frame_support::traits::{Get, Time};
use sp_runtime::Permill;

/// Shortest maximum price age governance may set, in milliseconds: one 2 s block.
pub const MIN_MAX_PRICE_AGE_MS: Moment = 2_000;

/// Longest maximum price age governance may set, in milliseconds: one hour.
pub const MAX_MAX_PRICE_AGE_MS: Moment = 3_600_000;

/// Largest source deviation governance may allow: beyond half the price nothing is "out of line".
pub const MAX_SOURCE_DEVIATION: Permill = Permill::from_percent(50);

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::types::{MAX_PRICE_DECIMALS, MAX_SYMBOLS_PER_FEED};
	use frame_support::pallet_prelude::*;
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};

	/// The storage layout's version; migrations hook in when it changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_oracle::Config<
			OracleKey = FeedId,
			OracleValue = Price,
			Time: Time<Moment = Moment>,
		> + CreateSignedTransaction<pallet_oracle::Call<Self>>
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

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The feed registry: each feed's decimals and its symbol at each kind of source.
	#[pallet::storage]
	pub type Feeds<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, FeedId, FeedConfig, OptionQuery>;

	/// Oracle parameters set by governance.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, OracleParams, ValueQuery>;

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
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(block: BlockNumberFor<T>) {
			let outcome = offchain::run::<T>(block);
			offchain::log_outcome(block, &outcome);
		}

		fn integrity_test() {
			assert!(
				T::MaxFeeds::get() <= <T as pallet_oracle::Config>::MaxFeedValues::get(),
				"MaxFeeds must fit one Oracle::feed_values"
			);
			assert!(T::MaxOperators::get() >= 1, "MaxOperators must admit an operator");
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
		/// the price API reports the registry's decimals with every price.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::update_feed())]
		pub fn update_feed(origin: OriginFor<T>, feed: FeedId, config: FeedConfig) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_feed(&config)?;
			ensure!(Feeds::<T>::contains_key(&feed), Error::<T>::UnknownFeed);
			Feeds::<T>::insert(&feed, &config);
			Self::deposit_event(Event::FeedUpdated { feed, config });
			Ok(())
		}

		/// Delists a feed: the price API answers `UnknownFeed` for it from now on.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_feed())]
		pub fn remove_feed(origin: OriginFor<T>, feed: FeedId) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			ensure!(Feeds::<T>::contains_key(&feed), Error::<T>::UnknownFeed);
			Feeds::<T>::remove(&feed);
			Self::deposit_event(Event::FeedRemoved { feed });
			Ok(())
		}

		/// Sets the oracle parameters: maximum price age, minimum operators, minimum sources and
		/// maximum deviation between sources.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: OracleParams) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_params(&params)?;
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

		/// Checks oracle parameters against their bounds.
		pub fn validate_params(params: &OracleParams) -> Result<(), Error<T>> {
			ensure!(
				(MIN_MAX_PRICE_AGE_MS..=MAX_MAX_PRICE_AGE_MS).contains(&params.max_price_age_ms),
				Error::<T>::InvalidMaxPriceAge
			);
			ensure!(
				(1..=T::MaxOperators::get()).contains(&params.min_operators),
				Error::<T>::InvalidMinOperators
			);
			ensure!(
				(1..=crate::sources::MAX_SOURCES_PER_NODE as u32).contains(&params.min_sources),
				Error::<T>::InvalidMinSources
			);
			ensure!(
				params.max_source_deviation > Permill::zero() &&
					params.max_source_deviation <= MAX_SOURCE_DEVIATION,
				Error::<T>::InvalidMaxSourceDeviation
			);
			Ok(())
		}

		/// Every registered feed with its definition.
		pub fn feeds() -> Vec<(FeedId, FeedConfig)> {
			Feeds::<T>::iter().collect()
		}
	}
}

impl<T: Config> PriceProvider for Pallet<T> {
	fn fresh_price(feed: &FeedId) -> Result<FreshPrice, PriceError> {
		let config = Feeds::<T>::get(feed).ok_or(PriceError::UnknownFeed)?;
		let latest = pallet_oracle::Pallet::<T>::get(feed).ok_or(PriceError::NoPrice)?;
		let max_age_ms = Params::<T>::get().max_price_age_ms;
		let now = <T as pallet_oracle::Config>::Time::now();
		let age_ms = now.saturating_sub(latest.timestamp);
		if age_ms > max_age_ms {
			return Err(PriceError::Stale { age_ms, max_age_ms });
		}
		Ok(FreshPrice { price: latest.value, decimals: config.decimals, timestamp: latest.timestamp })
	}
}

/// `pallet-oracle`'s minimum count of fresh operator values, from [`OracleParams::min_operators`].
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
