//! Storage migrations of the margin engine.

/// Version 2: options. Every market gains its instrument kind (the markets listed so far are
/// perpetuals), every market state the settlement counters and pool of an expiring series (zero
/// for perpetuals), and the live-market list is built from the ids listed so far.
pub mod v2 {
	use crate::{
		Config, LiveMarkets, MarketParams, MarketState, MarketStates, MarketStatus, Markets, NextMarketId, Pallet,
	};
	use clearing_primitives::{options::InstrumentKind, Balance, FeedId, Moment};
	use codec::{Decode, Encode};
	use frame_support::{
		traits::{Get, GetStorageVersion, StorageVersion},
		weights::Weight,
		BoundedVec,
	};
	use sp_arithmetic::Perbill;

	/// A market's parameters as version 1 stored them.
	#[derive(Encode, Decode)]
	pub struct MarketParamsV1 {
		pub ticker: crate::Ticker,
		pub feed: FeedId,
		pub base_decimals: u8,
		pub tick_size: Balance,
		pub step_size: Balance,
		pub min_order_size: Balance,
		pub initial_margin: Perbill,
		pub maintenance_margin: Perbill,
		pub liquidation_penalty: Perbill,
		pub maker_fee: Perbill,
		pub taker_fee: Perbill,
		pub open_interest_cap: Balance,
		pub imf_scaling_lower: Balance,
		pub imf_scaling_upper: Balance,
		pub funding_interval_ms: Moment,
		pub max_funding_rate: Perbill,
		pub status: MarketStatus,
		pub price_band: Perbill,
		pub impact_notional: Balance,
	}

	/// A market's state as version 1 stored it.
	#[derive(Encode, Decode)]
	pub struct MarketStateV1 {
		pub open_interest: Balance,
		pub funding_index: i128,
		pub next_funding_ms: Moment,
		pub premium_sum: i128,
		pub premium_samples: u32,
		pub last_funding_rate: i128,
		pub funding_pool: i128,
		pub unswept_insurance: Balance,
		pub unswept_fee_pool: Balance,
	}

	impl From<MarketParamsV1> for MarketParams {
		fn from(old: MarketParamsV1) -> Self {
			MarketParams {
				ticker: old.ticker,
				feed: old.feed,
				base_decimals: old.base_decimals,
				tick_size: old.tick_size,
				step_size: old.step_size,
				min_order_size: old.min_order_size,
				initial_margin: old.initial_margin,
				maintenance_margin: old.maintenance_margin,
				liquidation_penalty: old.liquidation_penalty,
				maker_fee: old.maker_fee,
				taker_fee: old.taker_fee,
				open_interest_cap: old.open_interest_cap,
				imf_scaling_lower: old.imf_scaling_lower,
				imf_scaling_upper: old.imf_scaling_upper,
				funding_interval_ms: old.funding_interval_ms,
				max_funding_rate: old.max_funding_rate,
				status: old.status,
				price_band: old.price_band,
				impact_notional: old.impact_notional,
				kind: InstrumentKind::Perpetual,
			}
		}
	}

	impl From<MarketStateV1> for MarketState {
		fn from(old: MarketStateV1) -> Self {
			MarketState {
				open_interest: old.open_interest,
				funding_index: old.funding_index,
				next_funding_ms: old.next_funding_ms,
				premium_sum: old.premium_sum,
				premium_samples: old.premium_samples,
				last_funding_rate: old.last_funding_rate,
				funding_pool: old.funding_pool,
				unswept_insurance: old.unswept_insurance,
				unswept_fee_pool: old.unswept_fee_pool,
				settled_longs: 0,
				settled_shorts: 0,
				settlement_pool: 0,
			}
		}
	}

	/// The migration, for the runtime's `Migrations`: runs once, when the stored version is 1;
	/// at most `MaxMarkets` markets were listed.
	pub struct MigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> frame_support::traits::OnRuntimeUpgrade for MigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			migrate::<T>()
		}
	}

	/// Translates the stored markets and states, builds the live list, sets version 2.
	pub fn migrate<T: Config>() -> Weight {
		let db = T::DbWeight::get();
		if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(1) {
			return db.reads(1);
		}
		let mut markets = 0u64;
		Markets::<T>::translate_values::<MarketParamsV1, _>(|old| {
			markets = markets.saturating_add(1);
			Some(old.into())
		});
		MarketStates::<T>::translate_values::<MarketStateV1, _>(|old| Some(old.into()));
		let ids: alloc::vec::Vec<_> = (0..NextMarketId::<T>::get())
			.filter(|m| Markets::<T>::contains_key(m))
			.collect();
		LiveMarkets::<T>::put(BoundedVec::truncate_from(ids));
		crate::pallet::STORAGE_VERSION.put::<Pallet<T>>();
		log::info!(target: "margin", "migrated {markets} market(s) to storage version 2");
		db.reads_writes(markets.saturating_mul(3).saturating_add(2), markets.saturating_mul(2).saturating_add(2))
	}
}
