//! Weights of `pallet-validator-set`'s calls.
//!
//! Until `scripts/benchmark-weights.sh validator-set` has been run on the reference machine,
//! these are the benchmarks' storage access priced at the runtime's database weights plus the
//! compute measured for `pallet-membership`'s `add_member` on it (a sorted insert into a vector
//! of similar size), with the set at its largest. Both calls are rare (one per referendum).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weights of this pallet's calls.
pub trait WeightInfo {
	fn add_validator(s: u32) -> Weight;
	fn remove_validator(s: u32) -> Weight;
	fn set_min_validators() -> Weight;
}

/// The weights for a runtime, with its database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Session::NextKeys` (r:1 w:0), `ValidatorSet::Validators` (r:1 w:1),
	/// `ValidatorSet::SetChanged` (r:0 w:1).
	fn add_validator(s: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `ValidatorSet::Validators` (r:1 w:1), `ValidatorSet::SetChanged` (r:0 w:1).
	fn remove_validator(s: u32) -> Weight {
		Weight::from_parts(18_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `ValidatorSet::Validators` (r:1 w:0), `ValidatorSet::MinValidators` (r:0 w:1).
	fn set_min_validators() -> Weight {
		Weight::from_parts(10_000_000, 1_600)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// For tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn add_validator(s: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(2))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn remove_validator(s: u32) -> Weight {
		Weight::from_parts(18_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn set_min_validators() -> Weight {
		Weight::from_parts(10_000_000, 1_600)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
}
