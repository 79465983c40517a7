//! Weights of the oracle feeder's calls.
//!
//! PROVISIONAL: written by hand, not generated. Each call reads and writes at most the registry
//! counter, one registry entry and the parameters (the feed gate reads two items); the figures below charge 50 µs of compute and
//! the full proof size of those entries, which is several times what such calls measure on
//! reference hardware. `scripts/benchmark-weights.sh` (issue 10) replaces this file with weights
//! generated from `benchmarking.rs`.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
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
	/// The [`crate::CheckOracleFeed`] extension on an `Oracle::feed_values`: reads the operators
	/// and the operators that fed in this block.
	fn check_oracle_feed() -> Weight;
}

/// Compute charged per call, in picoseconds (50 µs).
const PROVISIONAL_REF_TIME: u64 = 50_000_000;

/// Proof size charged per call, in bytes: a registry entry is under 200 bytes encoded.
const PROVISIONAL_PROOF_SIZE: u64 = 4_096;

/// The provisional figure for a call doing `reads` and `writes` database operations.
fn provisional(db: RuntimeDbWeight, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(PROVISIONAL_REF_TIME, PROVISIONAL_PROOF_SIZE).saturating_add(db.reads_writes(reads, writes))
}

/// Provisional, conservative weights, with the database weights `D` gives.
pub struct ProvisionalWeight<D>(PhantomData<D>);

/// For tests: the provisional figures with RocksDB's database weights.
pub type TestWeight = ProvisionalWeight<RocksDbWeight>;

impl<D: Get<RuntimeDbWeight>> WeightInfo for ProvisionalWeight<D> {
	fn register_feed() -> Weight {
		provisional(D::get(), 2, 2)
	}
	fn update_feed() -> Weight {
		provisional(D::get(), 1, 1)
	}
	fn remove_feed() -> Weight {
		provisional(D::get(), 2, 2)
	}
	fn set_params() -> Weight {
		provisional(D::get(), 0, 1)
	}
	fn check_oracle_feed() -> Weight {
		provisional(D::get(), 2, 0)
	}
}
