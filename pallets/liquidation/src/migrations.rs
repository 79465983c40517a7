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
