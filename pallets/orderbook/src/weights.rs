//! Weights of `pallet_orderbook`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
//! Do not edit: run the script again after a change to the pallet or its benchmarks.
//!
//! Measured 2026-12-02 on `vm` (Intel(R) Xeon(R) Processor) with benchmark CLI 64.0.0:
//! 10 steps, 50 repeats, `Compiled` wasm execution, chain `Some("dev")`.
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
//!   pallet_orderbook
//!   --extrinsic
//!   *
//!   --steps
//!   10
//!   --repeat
//!   50
//!   --wasm-execution
//!   compiled
//!   --heap-pages
//!   4096
//!   --template
//!   scripts/bench/weights-template.hbs
//!   --output
//!   pallets/orderbook/src/weights.rs

#![allow(unused_parens, unused_imports, clippy::unnecessary_cast, clippy::double_parens)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each benchmarked call and hook of this pallet.
pub trait WeightInfo {
	/// `place_order_crossing`, `f` in `[1, 32]`.
	fn place_order_crossing(f: u32) -> Weight;
	/// `place_order_one_fill`.
	fn place_order_one_fill() -> Weight;
	/// `place_order_resting`, `l` in `[0, 99]`.
	fn place_order_resting(l: u32) -> Weight;
	/// `cancel_order`.
	fn cancel_order() -> Weight;
	/// `cancel_all`, `n` in `[1, 64]`.
	fn cancel_all(n: u32) -> Weight;
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Margin::Markets` (r:1 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:33 w:33)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::NextOrderId` (r:1 w:1)
	/// Proof: `Orderbook::NextOrderId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:1)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Levels` (r:32 w:32)
	/// Proof: `Orderbook::Levels` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Orders` (r:32 w:32)
	/// Proof: `Orderbook::Orders` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:1 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFeeShare` (r:1 w:0)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:1 w:0)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:1)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:33 w:32)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:0 w:97)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:1 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	fn place_order_crossing(f: u32) -> Weight {
		// Proof size measured: `1676 + f * (441 ±0)` bytes.
		// Minimum execution time: 243_893_000 picoseconds.
		Weight::from_parts(83_001_976, 6551)
			.saturating_add(Weight::from_parts(197_866_058, 0).saturating_mul(f.into()))
			.saturating_add(T::DbWeight::get().reads(15_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(f.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((7_u64).saturating_mul(f.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(f.into()))
	}
	/// Storage: `Margin::Markets` (r:1 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:2 w:2)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::NextOrderId` (r:1 w:1)
	/// Proof: `Orderbook::NextOrderId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:1)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Levels` (r:1 w:1)
	/// Proof: `Orderbook::Levels` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Orders` (r:1 w:1)
	/// Proof: `Orderbook::Orders` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:1 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFeeShare` (r:1 w:0)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:1 w:0)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:1)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:2 w:1)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:0 w:4)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn place_order_one_fill() -> Weight {
		// Proof size measured: `2117` bytes.
		// Minimum execution time: 207_288_000 picoseconds.
		Weight::from_parts(322_650_000, 7930)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(13_u64))
	}
	/// Storage: `Margin::Markets` (r:1 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:1 w:0)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::NextOrderId` (r:1 w:1)
	/// Proof: `Orderbook::NextOrderId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:2 w:1)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:1 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:1 w:1)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Orders` (r:0 w:1)
	/// Proof: `Orderbook::Orders` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Levels` (r:0 w:1)
	/// Proof: `Orderbook::Levels` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	fn place_order_resting(l: u32) -> Weight {
		// Proof size measured: `1948 + l * (24 ±0)` bytes.
		// Minimum execution time: 110_570_000 picoseconds.
		Weight::from_parts(182_701_054, 9186)
			.saturating_add(Weight::from_parts(2_017_584, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Orderbook::Orders` (r:1 w:1)
	/// Proof: `Orderbook::Orders` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Levels` (r:1 w:1)
	/// Proof: `Orderbook::Levels` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:1 w:1)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:1)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	fn cancel_order() -> Weight {
		// Proof size measured: `4010` bytes.
		// Minimum execution time: 138_895_000 picoseconds.
		Weight::from_parts(180_338_000, 5088)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Orderbook::AccountOrders` (r:1 w:1)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Orders` (r:64 w:64)
	/// Proof: `Orderbook::Orders` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::Levels` (r:64 w:64)
	/// Proof: `Orderbook::Levels` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:1)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	fn cancel_all(n: u32) -> Weight {
		// Proof size measured: `212 + n * (235 ±0)` bytes.
		// Minimum execution time: 83_258_000 picoseconds.
		Weight::from_parts(65_898_206, 5088)
			.saturating_add(Weight::from_parts(45_872_059, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2611).saturating_mul(n.into()))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn place_order_crossing(f: u32) -> Weight {
		Weight::from_parts(83_001_976, 6551)
			.saturating_add(Weight::from_parts(197_866_058, 0).saturating_mul(f.into()))
			.saturating_add(RocksDbWeight::get().reads(15_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(f.into())))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((7_u64).saturating_mul(f.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(f.into()))
	}
	fn place_order_one_fill() -> Weight {
		Weight::from_parts(322_650_000, 7930)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
	}
	fn place_order_resting(l: u32) -> Weight {
		Weight::from_parts(182_701_054, 9186)
			.saturating_add(Weight::from_parts(2_017_584, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(180_338_000, 5088)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn cancel_all(n: u32) -> Weight {
		Weight::from_parts(65_898_206, 5088)
			.saturating_add(Weight::from_parts(45_872_059, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2611).saturating_mul(n.into()))
	}
}
