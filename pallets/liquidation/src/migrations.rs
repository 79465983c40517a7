//! Storage migrations of the liquidation engine.

use crate::{Config, LastBlockWork, LiquidationParameters, Pallet, Parameters};
use codec::{Decode, Encode};
use frame_support::{
	traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	weights::Weight,
};
use sp_arithmetic::Perbill;

/// The parameters as version 1 stored them: before the metered budget's shares.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct ParametersV1 {
	pub max_evaluations_per_block: u32,
	pub max_liquidations_per_block: u32,
	pub keeper_share: Perbill,
	pub bucket_width: u128,
	pub restore_buffer: Perbill,
	pub max_close_notional_per_block: clearing_primitives::Balance,
	pub fillable_spread: Perbill,
	pub backstop_unwind_slippage: Perbill,
}

impl ParametersV1 {
	/// Version 2 of the same parameters: governance's numbers kept, the new shares at their
	/// defaults (capped by the runtime's bound).
	pub fn upgrade<T: Config>(self) -> LiquidationParameters {
		let defaults = LiquidationParameters::default();
		let crash_share = defaults.crash_share.min(T::MaxBlockShare::get());
		LiquidationParameters {
			max_evaluations_per_block: self.max_evaluations_per_block,
			max_liquidations_per_block: self.max_liquidations_per_block,
			reserved_share: defaults.reserved_share.min(crash_share),
			crash_share,
			keeper_share: self.keeper_share,
			bucket_width: self.bucket_width,
			restore_buffer: self.restore_buffer,
			max_close_notional_per_block: self.max_close_notional_per_block,
			fillable_spread: self.fillable_spread,
			backstop_unwind_slippage: self.backstop_unwind_slippage,
		}
	}
}

/// Version 1 → 2: the parameters gain `reserved_share` and `crash_share`; the last block's record
/// (which gained its weight figures) is dropped and written again by the next block.
pub struct MigrateV1ToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> OnRuntimeUpgrade for MigrateV1ToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let db = T::DbWeight::get();
		if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(1) {
			return db.reads(1);
		}
		let _ = Parameters::<T>::translate::<ParametersV1, _>(|old| old.map(|old| old.upgrade::<T>()));
		LastBlockWork::<T>::kill();
		StorageVersion::new(2).put::<Pallet<T>>();
		db.reads_writes(2, 3)
	}
}

/// A market's tracker as version 2 stored it: before options' risk index.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct MarketTrackerV2 {
	pub price: clearing_primitives::Price,
	pub maintenance_fraction: Perbill,
	pub funding_index: i128,
}

/// Version 2 → 3: every market tracker gains the option risk index it last saw (zero: no
/// market was an option before). Trackers are kept, not dropped: a missing tracker counts as a
/// market seen for the first time, which would let a move between the upgrade and the next
/// block go uncounted.
pub struct MigrateV2ToV3<T>(core::marker::PhantomData<T>);

impl<T: Config> OnRuntimeUpgrade for MigrateV2ToV3<T> {
	fn on_runtime_upgrade() -> Weight {
		let db = T::DbWeight::get();
		if Pallet::<T>::on_chain_storage_version() != StorageVersion::new(2) {
			return db.reads(1);
		}
		let mut count = 0u64;
		crate::Trackers::<T>::translate_values::<MarketTrackerV2, _>(|old| {
			count = count.saturating_add(1);
			Some(crate::MarketTracker {
				price: old.price,
				maintenance_fraction: old.maintenance_fraction,
				funding_index: old.funding_index,
				risk_index: 0,
			})
		});
		StorageVersion::new(3).put::<Pallet<T>>();
		db.reads_writes(count.saturating_add(1), count.saturating_add(1))
	}
}
