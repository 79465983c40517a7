//! # Options pallet
//!
//! European options on the oracle's indices, as a second kind of instrument next to perpetuals.
//! This pallet lists them and keeps what marks them; the margin engine clears, margins and
//! settles their positions, the order book trades them, the liquidation engine liquidates them
//! (see `docs/options.md`).
//!
//! - **Listing**: governance (RiskAdmin) sets an underlying's option rules
//!   ([`Pallet::set_underlying`]) and lists expiries ([`Pallet::list_expiry`]) with a strike rule;
//!   every strike of the grid becomes a call and a put market in the margin engine
//!   ([`OptionMarkets::list_series`]), bounded per underlying and per expiry.
//! - **Surface**: each block the expiry's combined smile ([`VolatilitySource`], the operators'
//!   median per strike) is accepted only within the underlying's volatility bounds and free of
//!   static arbitrage beyond a tolerance (call spreads, butterflies, calendars against the other
//!   expiries of the underlying); a smile older than the price rule allows marks nothing, so the
//!   expiry's series cannot be margin-checked (as with a stale price).
//! - **Marks** ([`OptionPricing`]): Black-76 on the fresh index with the accepted volatility and
//!   the time to expiry; once the settlement price is fixed, intrinsic value at it.
//! - **Risk index** for the liquidation engine's clock: it grows by the largest premium move each
//!   accepted smile change could cause (`√T·|Δσ|/√(2π)` of the index) and by the settlement
//!   fixing's jump (`|TWAP − index| / index`).
//! - **Settlement**: the index is sampled every block in the last 30 minutes before expiry; the
//!   first block at or after expiry fixes the time-weighted average as the settlement price and
//!   halts the series; then, within a per-block bound, resting orders are cancelled, positions
//!   settled in cash, and series retired; the expiry leaves storage when its last series has.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod surface;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::{ExpiryStage, StrikeRule, SurfaceRejection, UnderlyingConfig, VenueCurrency};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use clearing_primitives::{
	black76::{self, PricingInput},
	options::{
		ExpiryId, OptionMark, OptionMarkets, OptionPricing, OptionRight, OptionSeries, SeriesListing, VolatilitySource,
	},
	ClearingError, FeedId, MarketId, Moment, OrderBook, Price, PriceError, PriceProvider,
};
use frame_support::{
	pallet_prelude::*,
	traits::{Get, Time},
};
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// A day in ms: at most one expiry per underlying per UTC day, so that a venue's instrument
/// names (`BTC-27DEC26-70000-C`) name one series.
pub const DAY_MS: Moment = 86_400_000;

/// The settlement average's window: the last 30 minutes before expiry (Deribit, Derive).
pub const TWAP_WINDOW_MS: Moment = 30 * 60 * 1_000;

/// Highest fee governance may set on an option (fraction of the underlying).
pub const MAX_FEE: Perbill = Perbill::from_percent(1);

/// Widest price band governance may set on an option (the margin engine's bound for any market).
pub const MAX_PRICE_BAND: Perbill = Perbill::from_percent(50);

/// What the benchmarks need of the runtime: a fresh index and a combined smile on demand.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `feed` a known feed with a fresh price `price`.
	fn set_price(feed: &FeedId, price: Price);
	/// Makes `vols` the operators' combined smile of `expiry`, combined at `timestamp` (ms).
	fn set_smile(expiry: ExpiryId, vols: Vec<clearing_primitives::options::Volatility>, timestamp: Moment);
}

/// An expiry as stored.
pub type ExpiryOf<T> = types::Expiry<<T as Config>::MaxStrikes>;

/// A smile as stored.
pub type SurfaceOf<T> = types::Surface<<T as Config>::MaxStrikes>;

// FRAME's pallet macro expands `expect()` calls into the code it generates for this module's
// pallet, storage and error items; our own code in this module calls no `expect()` or `unwrap()`.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The oracle's fresh index prices.
		type Prices: PriceProvider;

		/// The oracle's combined volatility smiles.
		type Vols: VolatilitySource;

		/// The margin engine: lists, settles and retires series.
		type Markets: OptionMarkets;

		/// The order book: an expired series' resting orders leave it.
		type Book: OrderBook<Self::AccountId>;

		/// The chain's clock, ms.
		type Time: Time<Moment = Moment>;

		/// Who sets option rules and lists expiries: root or the `RiskAdmin` track.
		type RiskAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most strikes in one expiry's grid (each a call and a put).
		#[pallet::constant]
		type MaxStrikes: Get<u32>;

		/// Most expiries listed at once, over all underlyings: bounds every block's work.
		#[pallet::constant]
		type MaxExpiries: Get<u32>;

		/// Most underlyings with option rules.
		#[pallet::constant]
		type MaxUnderlyings: Get<u32>;

		/// Positions settled per block by the sweep, at most.
		#[pallet::constant]
		type SettlementsPerBlock: Get<u32>;

		/// Resting orders of expired series cancelled per block, at most.
		#[pallet::constant]
		type CancellationsPerBlock: Get<u32>;

		/// Soonest an expiry may be listed ahead of now, ms.
		#[pallet::constant]
		type MinListingLeadMs: Get<Moment>;

		/// Furthest an expiry may be listed ahead of now, ms.
		#[pallet::constant]
		type MaxListingLeadMs: Get<Moment>;

		/// Weights of calls and hooks.
		type WeightInfo: WeightInfo;

		/// Prices and smiles for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Option rules per underlying feed.
	#[pallet::storage]
	pub type Underlyings<T: Config> = CountedStorageMap<_, Blake2_128Concat, FeedId, UnderlyingConfig, OptionQuery>;

	/// Listed expiries.
	#[pallet::storage]
	pub type Expiries<T: Config> = StorageMap<_, Twox64Concat, ExpiryId, ExpiryOf<T>, OptionQuery>;

	/// The expiries listed now with their times, in listing order: what every block walks.
	#[pallet::storage]
	pub type LiveExpiries<T: Config> = StorageValue<_, BoundedVec<(ExpiryId, Moment), T::MaxExpiries>, ValueQuery>;

	/// The id the next expiry gets.
	#[pallet::storage]
	pub type NextExpiryId<T: Config> = StorageValue<_, ExpiryId, ValueQuery>;

	/// The expiry of an underlying on a UTC day (days since the epoch): one at most.
	#[pallet::storage]
	pub type ExpiryDays<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, FeedId, Twox64Concat, u64, ExpiryId, OptionQuery>;

	/// Series listed now per underlying.
	#[pallet::storage]
	pub type SeriesCount<T: Config> = StorageMap<_, Blake2_128Concat, FeedId, u32, ValueQuery>;

	/// Each expiry's accepted smile.
	#[pallet::storage]
	pub type Surfaces<T: Config> = StorageMap<_, Twox64Concat, ExpiryId, SurfaceOf<T>, OptionQuery>;

	/// The time of the last combined smile refused for each expiry (so it is reported once).
	#[pallet::storage]
	pub type RejectedAt<T: Config> = StorageMap<_, Twox64Concat, ExpiryId, Moment, OptionQuery>;

	/// The settlement average being taken for each expiry in its last 30 minutes.
	#[pallet::storage]
	pub type Twaps<T: Config> = StorageMap<_, Twox64Concat, ExpiryId, types::Twap, OptionQuery>;

	/// Each expiry's risk index for the liquidation clock (fraction of the index × 10^18).
	#[pallet::storage]
	pub type RiskIndex<T: Config> = StorageMap<_, Twox64Concat, ExpiryId, u128, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Option rules per underlying at genesis.
		pub underlyings: Vec<(FeedId, UnderlyingConfig)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (feed, config) in &self.underlyings {
				if let Err(e) = Pallet::<T>::validate_underlying(feed, config) {
					panic!("genesis option rules for {feed:?} are invalid: {e:?}");
				}
				Underlyings::<T>::insert(feed, config);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An underlying's option rules were set.
		UnderlyingSet { feed: FeedId, config: UnderlyingConfig },
		/// An expiry was listed: its strikes (ascending) and each strike's (call, put) market.
		ExpiryListed {
			expiry: ExpiryId,
			feed: FeedId,
			expiry_ms: Moment,
			strikes: Vec<Price>,
			markets: Vec<(MarketId, MarketId)>,
		},
		/// A combined smile was refused: the expiry keeps its last accepted one (which ages).
		SurfaceRejected { expiry: ExpiryId, reason: SurfaceRejection, timestamp: Moment },
		/// The settlement price was fixed: the TWAP of `samples` index samples.
		SettlementPriceFixed { expiry: ExpiryId, price: Price, samples: u32 },
		/// Every series of the expiry settled and left; so did the expiry.
		ExpiryRetired { expiry: ExpiryId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The feed has no option rules.
		UnknownUnderlying,
		/// The oracle does not know the feed.
		UnknownFeed,
		/// The option rules break a bound (margin fractions, fees, sizes, volatility bounds).
		InvalidConfig,
		/// Too many underlyings have option rules.
		TooManyUnderlyings,
		/// The index is stale: strikes are chosen around it.
		StalePrice,
		/// The expiry is too soon (or past).
		ExpiryTooSoon,
		/// The expiry is too far ahead.
		ExpiryTooFar,
		/// The underlying already has an expiry on that UTC day.
		ExpiryDayTaken,
		/// The strike rule needs a step above zero and a range above zero.
		InvalidStrikeRule,
		/// The rule gives no strike.
		NoStrikes,
		/// The rule gives more strikes than an expiry may have.
		TooManyStrikes,
		/// The underlying would have more series than its rules allow.
		TooManySeries,
		/// Too many expiries are listed.
		TooManyExpiries,
		/// The margin engine refused a series (its registry is full).
		ListingFailed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::on_finalize_weight(T::Time::now())
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::run_block(T::Time::now());
		}

		fn integrity_test() {
			assert!(T::MaxStrikes::get() >= 1, "an expiry needs a strike");
			assert!(T::MaxExpiries::get() >= 1, "at least one expiry must be listable");
			assert!(
				T::MaxStrikes::get() <= clearing_primitives::options::MAX_SMILE_STRIKES,
				"a grid must fit the volatility feed's smile"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets `feed`'s option rules; they apply to expiries listed from now on.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_underlying())]
		pub fn set_underlying(origin: OriginFor<T>, feed: FeedId, config: UnderlyingConfig) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_underlying(&feed, &config)?;
			if !Underlyings::<T>::contains_key(&feed) {
				ensure!(Underlyings::<T>::count() < T::MaxUnderlyings::get(), Error::<T>::TooManyUnderlyings);
			}
			Underlyings::<T>::insert(&feed, &config);
			Self::deposit_event(Event::UnderlyingSet { feed, config });
			Ok(())
		}

		/// Lists an expiry of `feed`'s options at `expiry_ms`, with a call and a put at every
		/// multiple of `rule.step` within `rule.range` of the index now.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::list_expiry(T::MaxStrikes::get()))]
		pub fn list_expiry(
			origin: OriginFor<T>,
			feed: FeedId,
			expiry_ms: Moment,
			rule: StrikeRule,
		) -> DispatchResultWithPostInfo {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			let config = Underlyings::<T>::get(&feed).ok_or(Error::<T>::UnknownUnderlying)?;
			let now = T::Time::now();
			ensure!(expiry_ms >= now.saturating_add(T::MinListingLeadMs::get()), Error::<T>::ExpiryTooSoon);
			ensure!(expiry_ms <= now.saturating_add(T::MaxListingLeadMs::get()), Error::<T>::ExpiryTooFar);
			let day = expiry_ms / DAY_MS;
			ensure!(!ExpiryDays::<T>::contains_key(&feed, day), Error::<T>::ExpiryDayTaken);
			let fresh = T::Prices::fresh_price(&feed).map_err(|_| Error::<T>::StalePrice)?;
			let strikes = Self::strike_grid(fresh.price, &rule)?;
			let count = u32::try_from(strikes.len()).map_err(|_| Error::<T>::TooManyStrikes)?;
			let series = count.saturating_mul(2);
			let listed = SeriesCount::<T>::get(&feed);
			ensure!(listed.saturating_add(series) <= config.max_series, Error::<T>::TooManySeries);
			let mut live = LiveExpiries::<T>::get();
			let expiry = NextExpiryId::<T>::get();
			live.try_push((expiry, expiry_ms)).map_err(|_| Error::<T>::TooManyExpiries)?;
			let mut markets = BoundedVec::<(MarketId, MarketId), T::MaxStrikes>::new();
			for strike in strikes.iter() {
				let call = Self::list_series(&feed, &config, expiry, expiry_ms, *strike, OptionRight::Call)?;
				let put = Self::list_series(&feed, &config, expiry, expiry_ms, *strike, OptionRight::Put)?;
				markets.try_push((call, put)).map_err(|_| Error::<T>::TooManyStrikes)?;
			}
			Expiries::<T>::insert(
				expiry,
				types::Expiry {
					feed: feed.clone(),
					expiry_ms,
					price_decimals: fresh.decimals,
					strikes: strikes.clone(),
					markets: markets.clone(),
					stage: ExpiryStage::Trading,
				},
			);
			LiveExpiries::<T>::put(live);
			NextExpiryId::<T>::put(expiry.saturating_add(1));
			ExpiryDays::<T>::insert(&feed, day, expiry);
			SeriesCount::<T>::insert(&feed, listed.saturating_add(series));
			Self::deposit_event(Event::ExpiryListed {
				expiry,
				feed,
				expiry_ms,
				strikes: strikes.into_inner(),
				markets: markets.into_inner(),
			});
			Ok(Some(T::WeightInfo::list_expiry(count)).into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Checks option rules against the bounds governance must respect.
	pub fn validate_underlying(feed: &FeedId, c: &UnderlyingConfig) -> Result<(), Error<T>> {
		ensure!(!matches!(T::Prices::fresh_price(feed), Err(PriceError::UnknownFeed)), Error::<T>::UnknownFeed);
		let fractions_ok = !c.maintenance_margin.is_zero()
			&& c.maintenance_margin < c.min_initial_margin
			&& c.min_initial_margin <= c.initial_margin
			&& c.liquidation_penalty < c.maintenance_margin;
		let fees_ok = c.maker_fee <= MAX_FEE && c.taker_fee <= MAX_FEE;
		let sizes_ok = c.tick_size > 0
			&& c.step_size > 0
			&& c.min_order_size >= c.step_size
			&& c.min_order_size.is_multiple_of(c.step_size)
			&& c.base_decimals <= 18;
		let vols_ok = c.min_vol > 0 && c.min_vol < c.max_vol && c.max_vol <= black76::MAX_VOL;
		let band_ok = !c.price_band.is_zero() && c.price_band <= MAX_PRICE_BAND;
		ensure!(
			fractions_ok
				&& fees_ok && sizes_ok
				&& vols_ok && band_ok
				&& c.max_series > 0
				&& !c.venue_currency.is_empty(),
			Error::<T>::InvalidConfig
		);
		Ok(())
	}

	/// Every multiple of `rule.step` within `rule.range` of `index`, ascending.
	pub fn strike_grid(index: Price, rule: &StrikeRule) -> Result<BoundedVec<Price, T::MaxStrikes>, Error<T>> {
		ensure!(rule.step > 0 && !rule.range.is_zero(), Error::<T>::InvalidStrikeRule);
		let reach = rule.range.mul_floor(index);
		let low = index.saturating_sub(reach);
		let high = index.saturating_add(reach);
		// The first multiple of the step at or above `low` (never zero: a zero strike is no option).
		let first = low.div_ceil(rule.step).max(1).saturating_mul(rule.step);
		let mut strikes = BoundedVec::new();
		let mut strike = first;
		while strike <= high {
			strikes.try_push(strike).map_err(|_| Error::<T>::TooManyStrikes)?;
			strike = strike.checked_add(rule.step).ok_or(Error::<T>::InvalidStrikeRule)?;
		}
		ensure!(!strikes.is_empty(), Error::<T>::NoStrikes);
		Ok(strikes)
	}

	fn list_series(
		feed: &FeedId,
		config: &UnderlyingConfig,
		expiry: ExpiryId,
		expiry_ms: Moment,
		strike: Price,
		right: OptionRight,
	) -> Result<MarketId, Error<T>> {
		T::Markets::list_series(SeriesListing {
			feed: feed.clone(),
			series: OptionSeries { expiry, expiry_ms, strike, right },
			base_decimals: config.base_decimals,
			tick_size: config.tick_size,
			step_size: config.step_size,
			min_order_size: config.min_order_size,
			initial_margin: config.initial_margin,
			min_initial_margin: config.min_initial_margin,
			maintenance_margin: config.maintenance_margin,
			liquidation_penalty: config.liquidation_penalty,
			maker_fee: config.maker_fee,
			taker_fee: config.taker_fee,
			fee_cap: config.fee_cap,
			price_band: config.price_band,
		})
		.map_err(|_| Error::<T>::ListingFailed)
	}

	/// What `on_finalize` may do this block: refresh and sample every trading expiry; for an
	/// expiry due or settling, fix its price and run the bounded sweep.
	fn on_finalize_weight(now: Moment) -> Weight {
		let live = LiveExpiries::<T>::get();
		let mut weight = T::DbWeight::get().reads(1);
		let mut sweeping = false;
		for (_, expiry_ms) in live.iter() {
			if now >= *expiry_ms {
				sweeping = true;
				weight = weight.saturating_add(T::WeightInfo::fix_settlement());
			} else {
				weight = weight.saturating_add(T::WeightInfo::refresh_surface(T::MaxStrikes::get()));
			}
		}
		if sweeping {
			let series = T::MaxStrikes::get().saturating_mul(2);
			weight = weight
				.saturating_add(T::Markets::settle_weight(T::SettlementsPerBlock::get()))
				.saturating_add(T::Book::cancel_weight(T::CancellationsPerBlock::get()))
				// The walk, retirements included (benchmarked with the real margin engine).
				.saturating_add(T::WeightInfo::sweep_markets(series));
		}
		weight
	}

	/// One block's work over the live expiries.
	pub(crate) fn run_block(now: Moment) {
		let live = LiveExpiries::<T>::get();
		let mut settlements = T::SettlementsPerBlock::get();
		let mut cancellations = T::CancellationsPerBlock::get();
		for (expiry_id, expiry_ms) in live.iter() {
			let Some(expiry) = Expiries::<T>::get(expiry_id) else { continue };
			match expiry.stage {
				ExpiryStage::Trading if now < *expiry_ms => Self::trading_block(*expiry_id, &expiry, now, &live),
				ExpiryStage::Trading => Self::fix_settlement(*expiry_id, expiry),
				ExpiryStage::Settled { .. } => {
					Self::sweep(*expiry_id, &expiry, &mut settlements, &mut cancellations);
				},
			}
		}
	}

	/// A trading expiry's block: its surface refreshed and, in its last 30 minutes, the index
	/// sampled for the settlement average.
	pub(crate) fn trading_block(expiry_id: ExpiryId, expiry: &ExpiryOf<T>, now: Moment, live: &[(ExpiryId, Moment)]) {
		Self::refresh_surface(expiry_id, expiry, now, live);
		if now.saturating_add(TWAP_WINDOW_MS) >= expiry.expiry_ms {
			if let Ok(index) = T::Prices::fresh_price(&expiry.feed) {
				Twaps::<T>::mutate(expiry_id, |twap| {
					let mut t = twap.unwrap_or_default();
					surface::sample(&mut t, now, index.price);
					*twap = Some(t);
				});
			}
		}
	}

	/// Accepts the expiry's newer combined smile if it passes the checks; grows the risk index
	/// by the largest premium move the change could cause.
	fn refresh_surface(expiry_id: ExpiryId, expiry: &ExpiryOf<T>, now: Moment, live: &[(ExpiryId, Moment)]) {
		let Some((vols, timestamp)) = T::Vols::smile(expiry_id) else { return };
		let current = Surfaces::<T>::get(expiry_id);
		if current.as_ref().is_some_and(|s| s.timestamp >= timestamp)
			|| RejectedAt::<T>::get(expiry_id).is_some_and(|t| t >= timestamp)
		{
			return;
		}
		let Some(config) = Underlyings::<T>::get(&expiry.feed) else { return };
		let time_ms = expiry.expiry_ms.saturating_sub(now);
		let checked = match T::Prices::fresh_price(&expiry.feed) {
			Ok(index) => surface::check_smile(
				&expiry.strikes,
				&vols,
				index.price,
				time_ms,
				(config.min_vol, config.max_vol),
				config.arbitrage_tolerance,
			)
			.and_then(|()| Self::check_calendars(expiry_id, expiry, &vols, now, live, config.arbitrage_tolerance)),
			// No index to price the checks at: wait for one (the smile is not refused).
			Err(_) => return,
		};
		match checked {
			Ok(()) => {
				let change = match &current {
					Some(before) => surface::largest_vol_change(&before.vols, &vols),
					None => 0,
				};
				if change > 0 {
					let moved = black76::max_vol_move_fraction(change, time_ms).unwrap_or(u128::MAX);
					RiskIndex::<T>::mutate(expiry_id, |index| *index = index.saturating_add(moved));
				}
				Surfaces::<T>::insert(expiry_id, types::Surface { vols: BoundedVec::truncate_from(vols), timestamp });
			},
			Err(reason) => {
				RejectedAt::<T>::insert(expiry_id, timestamp);
				Self::deposit_event(Event::SurfaceRejected { expiry: expiry_id, reason, timestamp });
			},
		}
	}

	/// The calendar check of a smile against the nearest earlier and later expiries of the same
	/// underlying (their accepted smiles).
	fn check_calendars(
		expiry_id: ExpiryId,
		expiry: &ExpiryOf<T>,
		vols: &[clearing_primitives::options::Volatility],
		now: Moment,
		live: &[(ExpiryId, Moment)],
		tolerance: Perbill,
	) -> Result<(), SurfaceRejection> {
		let mine = (&expiry.strikes[..], vols, expiry.expiry_ms.saturating_sub(now));
		let mut earlier: Option<(ExpiryId, Moment)> = None;
		let mut later: Option<(ExpiryId, Moment)> = None;
		for (other, other_ms) in live {
			if *other == expiry_id || now >= *other_ms {
				continue;
			}
			if *other_ms < expiry.expiry_ms && earlier.is_none_or(|(_, ms)| *other_ms > ms) {
				earlier = Some((*other, *other_ms));
			}
			if *other_ms > expiry.expiry_ms && later.is_none_or(|(_, ms)| *other_ms < ms) {
				later = Some((*other, *other_ms));
			}
		}
		for (neighbour, is_earlier) in [(earlier, true), (later, false)] {
			let Some((other, other_ms)) = neighbour else { continue };
			let (Some(other_expiry), Some(other_surface)) = (Expiries::<T>::get(other), Surfaces::<T>::get(other))
			else {
				continue;
			};
			if other_expiry.feed != expiry.feed {
				continue;
			}
			let theirs = (&other_expiry.strikes[..], &other_surface.vols[..], other_ms.saturating_sub(now));
			if is_earlier {
				surface::check_calendar(theirs, mine, tolerance)?;
			} else {
				surface::check_calendar(mine, theirs, tolerance)?;
			}
		}
		Ok(())
	}

	/// Fixes the settlement price of an expiry whose time has come: the TWAP of its window, or
	/// the fresh index if no sample was taken; with neither it waits for a fresh index.
	pub(crate) fn fix_settlement(expiry_id: ExpiryId, mut expiry: ExpiryOf<T>) {
		let twap = Twaps::<T>::get(expiry_id).unwrap_or_default();
		let fresh = T::Prices::fresh_price(&expiry.feed).ok().map(|p| p.price);
		let Some(price) = surface::average(&twap, expiry.expiry_ms).or(fresh) else { return };
		// The jump from Black-76 at the index to intrinsic value at the TWAP.
		let reference = fresh.unwrap_or(twap.last_price);
		if reference > 0 {
			let jump = multiply_by_rational_with_rounding(
				price.abs_diff(reference),
				clearing_primitives::FIXED_POINT_ONE,
				reference,
				Rounding::Up,
			)
			.unwrap_or(u128::MAX);
			RiskIndex::<T>::mutate(expiry_id, |index| *index = index.saturating_add(jump));
		}
		expiry.stage = ExpiryStage::Settled { price };
		for (call, put) in expiry.markets.iter() {
			let _ = T::Markets::halt_series(*call);
			let _ = T::Markets::halt_series(*put);
		}
		Expiries::<T>::insert(expiry_id, expiry);
		Twaps::<T>::remove(expiry_id);
		Self::deposit_event(Event::SettlementPriceFixed { expiry: expiry_id, price, samples: twap.samples });
	}

	/// Within the block's bounds: cancels the expired series' resting orders, settles their
	/// positions, retires the series left with neither; when none is left the expiry goes.
	pub(crate) fn sweep(expiry_id: ExpiryId, expiry: &ExpiryOf<T>, settlements: &mut u32, cancellations: &mut u32) {
		let mut left = 0u32;
		for market in expiry.markets.iter().flat_map(|(call, put)| [*call, *put]) {
			let (cancelled, orders_left) =
				if *cancellations > 0 { T::Book::cancel_market_orders(market, *cancellations) } else { (0, true) };
			*cancellations = cancellations.saturating_sub(cancelled);
			let positions_left = if *settlements > 0 {
				match T::Markets::settle_series(market, *settlements) {
					Ok(outcome) => {
						*settlements = settlements.saturating_sub(outcome.settled);
						outcome.remaining
					},
					// Retired already.
					Err(ClearingError::UnknownMarket) => continue,
					Err(_) => true,
				}
			} else {
				true
			};
			if orders_left || positions_left {
				left = left.saturating_add(1);
				continue;
			}
			match T::Markets::retire_series(market) {
				Ok(()) | Err(ClearingError::UnknownMarket) => {},
				Err(_) => left = left.saturating_add(1),
			}
		}
		if left == 0 {
			Self::remove_expiry(expiry_id, expiry);
		}
	}

	fn remove_expiry(expiry_id: ExpiryId, expiry: &ExpiryOf<T>) {
		Expiries::<T>::remove(expiry_id);
		Surfaces::<T>::remove(expiry_id);
		RejectedAt::<T>::remove(expiry_id);
		RiskIndex::<T>::remove(expiry_id);
		ExpiryDays::<T>::remove(&expiry.feed, expiry.expiry_ms / DAY_MS);
		let series = u32::try_from(expiry.markets.len()).unwrap_or(u32::MAX).saturating_mul(2);
		SeriesCount::<T>::mutate(&expiry.feed, |count| *count = count.saturating_sub(series));
		LiveExpiries::<T>::mutate(|live| live.retain(|(id, _)| *id != expiry_id));
		Self::deposit_event(Event::ExpiryRetired { expiry: expiry_id });
	}

	/// The accepted volatility of `series`' strike if the expiry's smile is fresh.
	pub fn fresh_vol(expiry: &ExpiryOf<T>, expiry_id: ExpiryId, strike: Price, now: Moment) -> Option<u32> {
		let surface = Surfaces::<T>::get(expiry_id)?;
		if now.saturating_sub(surface.timestamp) > T::Vols::max_age_ms() {
			return None;
		}
		let i = expiry.strikes.binary_search(&strike).ok()?;
		surface.vols.get(i).copied()
	}

	/// The invariants, checked by `try_state` and the tests: every live expiry is stored with as
	/// many markets as strikes and its day reserved; every stored expiry is live; each
	/// underlying's series count is its expiries' series.
	pub fn do_try_state() -> Result<(), &'static str> {
		let live = LiveExpiries::<T>::get();
		let mut per_feed: alloc::collections::BTreeMap<FeedId, u32> = Default::default();
		for (id, ms) in live.iter() {
			let expiry = Expiries::<T>::get(id).ok_or("a live expiry is not stored")?;
			if expiry.expiry_ms != *ms || expiry.strikes.len() != expiry.markets.len() {
				return Err("a live expiry's time or grid is inconsistent");
			}
			if ExpiryDays::<T>::get(&expiry.feed, expiry.expiry_ms / DAY_MS) != Some(*id) {
				return Err("a live expiry's day is not reserved for it");
			}
			let series = u32::try_from(expiry.markets.len()).unwrap_or(u32::MAX).saturating_mul(2);
			let entry = per_feed.entry(expiry.feed.clone()).or_default();
			*entry = entry.saturating_add(series);
		}
		if Expiries::<T>::iter_keys().count() != live.len() {
			return Err("a stored expiry is not live");
		}
		for (feed, count) in SeriesCount::<T>::iter() {
			if per_feed.get(&feed).copied().unwrap_or(0) != count {
				return Err("an underlying's series count differs from its expiries");
			}
		}
		Ok(())
	}
}

impl<T: Config> clearing_primitives::options::ListedExpiries for Pallet<T> {
	fn smile_requests() -> Vec<clearing_primitives::options::SmileRequest> {
		let now = T::Time::now();
		LiveExpiries::<T>::get()
			.into_iter()
			.filter(|(_, expiry_ms)| now < *expiry_ms)
			.filter_map(|(id, _)| {
				let expiry = Expiries::<T>::get(id)?;
				let config = Underlyings::<T>::get(&expiry.feed)?;
				Some(clearing_primitives::options::SmileRequest {
					expiry: id,
					currency: config.venue_currency.into_inner(),
					expiry_ms: expiry.expiry_ms,
					strikes: expiry.strikes.into_inner(),
					price_decimals: expiry.price_decimals,
				})
			})
			.collect()
	}

	fn is_trading(expiry: ExpiryId) -> bool {
		let now = T::Time::now();
		LiveExpiries::<T>::get()
			.iter()
			.any(|(id, expiry_ms)| *id == expiry && now < *expiry_ms)
	}
}

impl<T: Config> OptionPricing for Pallet<T> {
	fn option_mark(feed: &FeedId, series: &OptionSeries) -> Result<OptionMark, ClearingError> {
		let expiry = Expiries::<T>::get(series.expiry).ok_or(ClearingError::UnknownMarket)?;
		if let ExpiryStage::Settled { price } = expiry.stage {
			return Ok(OptionMark::Settled { price, decimals: expiry.price_decimals });
		}
		let index = T::Prices::fresh_price(feed).map_err(|_| ClearingError::StalePrice)?;
		let now = T::Time::now();
		let vol = Self::fresh_vol(&expiry, series.expiry, series.strike, now).ok_or(ClearingError::StalePrice)?;
		let input = PricingInput {
			forward: index.price,
			strike: series.strike,
			vol,
			time_ms: series.expiry_ms.saturating_sub(now),
		};
		let (premium_down, premium_up) = black76::premiums(series.right, &input).ok_or(ClearingError::Overflow)?;
		Ok(OptionMark::Live { premium_down, premium_up, index: index.price, decimals: index.decimals })
	}

	fn risk_index(expiry: ExpiryId) -> u128 {
		RiskIndex::<T>::get(expiry)
	}

	fn mark_weight() -> Weight {
		T::WeightInfo::option_mark()
	}

	fn option_greeks(feed: &FeedId, series: &OptionSeries) -> Option<clearing_primitives::options::Greeks> {
		let expiry = Expiries::<T>::get(series.expiry)?;
		if expiry.stage != ExpiryStage::Trading {
			return None;
		}
		let index = T::Prices::fresh_price(feed).ok()?;
		let now = T::Time::now();
		let vol = Self::fresh_vol(&expiry, series.expiry, series.strike, now)?;
		let input = PricingInput {
			forward: index.price,
			strike: series.strike,
			vol,
			time_ms: series.expiry_ms.saturating_sub(now),
		};
		black76::greeks(series.right, &input, index.decimals)
	}
}

/// One listed series as [`Pallet::chain`] reports it (the runtime adds the margin engine's and
/// the book's figures).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ChainEntry {
	/// Its market.
	pub market: MarketId,
	/// The series.
	pub series: OptionSeries,
	/// Its accepted volatility, if fresh.
	pub vol: Option<clearing_primitives::options::Volatility>,
	/// Its premium rounded down, if markable.
	pub mark: Option<Price>,
	/// Its greeks, if markable.
	pub greeks: Option<clearing_primitives::options::Greeks>,
	/// The expiry's settlement price, once fixed.
	pub settlement_price: Option<Price>,
}

impl<T: Config> Pallet<T> {
	/// `feed`'s listed series, by expiry then strike (call, then put): the option chain's part
	/// this pallet knows. Reads every live expiry: for the RPC, never for a block's work.
	pub fn chain(feed: &FeedId) -> Vec<ChainEntry> {
		let now = T::Time::now();
		let mut entries = Vec::new();
		for (id, _) in LiveExpiries::<T>::get() {
			let Some(expiry) = Expiries::<T>::get(id) else { continue };
			if expiry.feed != *feed {
				continue;
			}
			let settlement_price = match expiry.stage {
				ExpiryStage::Settled { price } => Some(price),
				ExpiryStage::Trading => None,
			};
			for (strike, (call, put)) in expiry.strikes.iter().zip(expiry.markets.iter()) {
				for (market, right) in [(*call, OptionRight::Call), (*put, OptionRight::Put)] {
					let series = OptionSeries { expiry: id, expiry_ms: expiry.expiry_ms, strike: *strike, right };
					let mark = match <Self as OptionPricing>::option_mark(feed, &series) {
						Ok(OptionMark::Live { premium_down, .. }) => Some(premium_down),
						Ok(OptionMark::Settled { price, .. }) => Some(black76::intrinsic(right, price, *strike)),
						Err(_) => None,
					};
					entries.push(ChainEntry {
						market,
						series,
						vol: Self::fresh_vol(&expiry, id, *strike, now),
						mark,
						greeks: <Self as OptionPricing>::option_greeks(feed, &series),
						settlement_price,
					});
				}
			}
		}
		entries
	}
}
