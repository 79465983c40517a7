//! Weights of the oracle feeder's calls.
//!
//! PROVISIONAL: written by hand, not generated. Each call reads and writes at most the registry
//! counter, one registry entry and the parameters; the figures below charge 50 µs of compute and
//! the full proof size of those entries, which is several times what such calls measure on
//! reference hardware. `scripts/benchmark-weights.sh` (issue 10) replaces this file with weights
//! generated from `benchmarking.rs`.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	/// `register_feed`: reads the entry and the counter, writes both.
	fn register_feed() -> Weight;
	/// `update_feed`: reads and writes the entry.
	fn update_feed() -> Weight;
	/// `remove_feed`: reads the entry and the counter, writes both.
	fn remove_feed() -> Weight;
	/// `set_params`: writes the parameters.
	fn set_params() -> Weight;
}

/// Provisional, conservative weights for a runtime (see the module docs).
pub struct ProvisionalWeight<T>(PhantomData<T>);

/// Compute charged per call, in picoseconds (50 µs).
const PROVISIONAL_REF_TIME: u64 = 50_000_000;

/// Proof size charged per call, in bytes: a registry entry is under 200 bytes encoded.
const PROVISIONAL_PROOF_SIZE: u64 = 4_096;

impl<T: frame_system::Config> WeightInfo for ProvisionalWeight<T> {
	fn register_feed() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn update_feed() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn remove_feed() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn set_params() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// For tests: the same provisional figures with RocksDB's database weights.
impl WeightInfo for () {
	fn register_feed() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn update_feed() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn remove_feed() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn set_params() -> Weight {
		Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
}
