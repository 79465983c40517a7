//! Weights of `pallet_liquidation`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
//! Do not edit: run the script again after a change to the pallet or its benchmarks.
//!
//! Measured 2026-12-02 on `vm` (Intel(R) Xeon(R) Processor) with benchmark CLI 64.0.0:
//! 10 steps, 10 repeats, `Compiled` wasm execution, chain `Some("dev")`.
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
//!   pallet_liquidation
//!   --extrinsic
//!   *
//!   --steps
//!   10
//!   --repeat
//!   10
//!   --wasm-execution
//!   compiled
//!   --heap-pages
//!   4096
//!   --template
//!   scripts/bench/weights-template.hbs
//!   --output
//!   pallets/liquidation/src/weights.rs

#![allow(unused_parens, unused_imports, clippy::unnecessary_cast, clippy::double_parens)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each benchmarked call and hook of this pallet.
pub trait WeightInfo {
	/// `set_parameters`.
	fn set_parameters() -> Weight;
	/// `liquidate`.
	fn liquidate() -> Weight;
	/// `on_finalize_markets`, `m` in `[1, 32]`.
	fn on_finalize_markets(m: u32) -> Weight;
	/// `on_finalize_evaluations`, `e` in `[1, 64]`.
	fn on_finalize_evaluations(e: u32) -> Weight;
	/// `on_finalize_liquidations`, `l` in `[1, 4]`.
	fn on_finalize_liquidations(l: u32) -> Weight;
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Liquidation::Parameters` (r:0 w:1)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof size measured: `0` bytes.
		// Minimum execution time: 7_553_000 picoseconds.
		Weight::from_parts(15_442_000, 0).saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Margin::Accounts` (r:2 w:2)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:1 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:1 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:1 w:1)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:1)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:1 w:0)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFund` (r:1 w:1)
	/// Proof: `Margin::InsuranceFund` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFeeShare` (r:1 w:0)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:1)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingQueue` (r:0 w:1)
	/// Proof: `Liquidation::PendingQueue` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn liquidate() -> Weight {
		// Proof size measured: `1918` bytes.
		// Minimum execution time: 223_129_000 picoseconds.
		Weight::from_parts(418_688_000, 7930)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:32 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:32 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:32 w:32)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:1)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:1 w:0)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn on_finalize_markets(m: u32) -> Weight {
		// Proof size measured: `1323 + m * (143 ±0)` bytes.
		// Minimum execution time: 115_483_000 picoseconds.
		Weight::from_parts(149_456_398, 8832)
			.saturating_add(Weight::from_parts(35_269_136, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 2570).saturating_mul(m.into()))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:16 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:16 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:16 w:0)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:64 w:128)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:64 w:64)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:16 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:64 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn on_finalize_evaluations(e: u32) -> Weight {
		// Proof size measured: `6482 + e * (232 ±0)` bytes.
		// Minimum execution time: 660_196_000 picoseconds.
		Weight::from_parts(421_950_089, 89966)
			.saturating_add(Weight::from_parts(461_406_864, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(78_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(e.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(e.into()))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:3 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:3 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:3 w:3)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:1)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:1)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:5 w:4)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:5 w:5)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:4 w:1)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:3 w:0)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFund` (r:1 w:1)
	/// Proof: `Margin::InsuranceFund` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFeeShare` (r:1 w:0)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:1)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:1)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingQueue` (r:0 w:1)
	/// Proof: `Liquidation::PendingQueue` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn on_finalize_liquidations(l: u32) -> Weight {
		// Proof size measured: `2163 + l * (188 ±0)` bytes.
		// Minimum execution time: 400_972_000 picoseconds.
		Weight::from_parts(421_216_970, 8943)
			.saturating_add(Weight::from_parts(330_331_933, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(29_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes(9_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(l.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(l.into()))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn set_parameters() -> Weight {
		Weight::from_parts(15_442_000, 0).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn liquidate() -> Weight {
		Weight::from_parts(418_688_000, 7930)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn on_finalize_markets(m: u32) -> Weight {
		Weight::from_parts(149_456_398, 8832)
			.saturating_add(Weight::from_parts(35_269_136, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 2570).saturating_mul(m.into()))
	}
	fn on_finalize_evaluations(e: u32) -> Weight {
		Weight::from_parts(421_950_089, 89966)
			.saturating_add(Weight::from_parts(461_406_864, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(78_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(e.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(e.into()))
	}
	fn on_finalize_liquidations(l: u32) -> Weight {
		Weight::from_parts(421_216_970, 8943)
			.saturating_add(Weight::from_parts(330_331_933, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(29_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(l.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(l.into()))
	}
}
