//! Weights of `pallet_oracle_feeder`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
//! Do not edit: run the script again after a change to the pallet or its benchmarks.
//!
//! Measured 2026-12-01 on `vm` (Intel(R) Xeon(R) Processor) with benchmark CLI 64.0.0:
//! 10 steps, 5 repeats, `Compiled` wasm execution, chain `Some("dev")`.
//! Each figure is the linear fit of the measured execution time over the benchmark's components,
//! plus the storage items the benchmark read and wrote (priced by the runtime's database weights)
//! and the proof size of those items.
//!
//! Command:
//!   /root/.cache/clearing-chain/target/release/clearing-node-benchmarks
//!   benchmark
//!   pallet
//!   --chain
//!   dev
//!   --pallet
//!   pallet_oracle_feeder
//!   --extrinsic
//!   *
//!   --steps
//!   10
//!   --repeat
//!   5
//!   --wasm-execution
//!   compiled
//!   --heap-pages
//!   4096
//!   --template
//!   scripts/bench/weights-template.hbs
//!   --output
//!   pallets/oracle-feeder/src/weights.rs

#![allow(unused_parens, unused_imports, clippy::unnecessary_cast, clippy::double_parens)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each benchmarked call and hook of this pallet.
pub trait WeightInfo {
	/// `register_feed`.
	fn register_feed() -> Weight;
	/// `update_feed`.
	fn update_feed() -> Weight;
	/// `remove_feed`.
	fn remove_feed() -> Weight;
	/// `set_params`.
	fn set_params() -> Weight;
	/// `check_oracle_feed`.
	fn check_oracle_feed() -> Weight;
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `OracleFeeder::Feeds` (r:1 w:1)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::CounterForFeeds` (r:1 w:1)
	/// Proof: `OracleFeeder::CounterForFeeds` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn register_feed() -> Weight {
		// Proof size measured: `549` bytes.
		// Minimum execution time: 30_528_000 picoseconds.
		Weight::from_parts(59_338_000, 3604)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `OracleFeeder::Feeds` (r:1 w:1)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	fn update_feed() -> Weight {
		// Proof size measured: `586` bytes.
		// Minimum execution time: 26_422_000 picoseconds.
		Weight::from_parts(49_924_000, 3604)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `OracleFeeder::Feeds` (r:1 w:1)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::CounterForFeeds` (r:1 w:1)
	/// Proof: `OracleFeeder::CounterForFeeds` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn remove_feed() -> Weight {
		// Proof size measured: `586` bytes.
		// Minimum execution time: 27_117_000 picoseconds.
		Weight::from_parts(62_727_000, 3604)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `OracleFeeder::Params` (r:0 w:1)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	fn set_params() -> Weight {
		// Proof size measured: `0` bytes.
		// Minimum execution time: 7_482_000 picoseconds.
		Weight::from_parts(15_355_000, 0).saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `OracleOperators::Members` (r:1 w:0)
	/// Proof: `OracleOperators::Members` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::HasDispatched` (r:1 w:0)
	/// Proof: `Oracle::HasDispatched` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	fn check_oracle_feed() -> Weight {
		// Proof size measured: `1229` bytes.
		// Minimum execution time: 17_298_000 picoseconds.
		Weight::from_parts(34_845_000, 2510).saturating_add(T::DbWeight::get().reads(2_u64))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn register_feed() -> Weight {
		Weight::from_parts(59_338_000, 3604)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn update_feed() -> Weight {
		Weight::from_parts(49_924_000, 3604)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn remove_feed() -> Weight {
		Weight::from_parts(62_727_000, 3604)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(15_355_000, 0).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn check_oracle_feed() -> Weight {
		Weight::from_parts(34_845_000, 2510).saturating_add(RocksDbWeight::get().reads(2_u64))
	}
}
