//! Weights of `pallet_margin`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
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
//!   pallet_margin
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
//!   pallets/margin/src/weights.rs

#![allow(unused_parens, unused_imports, clippy::unnecessary_cast, clippy::double_parens)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each benchmarked call and hook of this pallet.
pub trait WeightInfo {
	/// `deposit`.
	fn deposit() -> Weight;
	/// `withdraw`, `p` in `[1, 16]`.
	fn withdraw(p: u32, ) -> Weight;
	/// `account_changed`, `p` in `[1, 16]`.
	fn account_changed(p: u32, ) -> Weight;
	/// `create_market`.
	fn create_market() -> Weight;
	/// `update_market`.
	fn update_market() -> Weight;
	/// `set_market_status`.
	fn set_market_status() -> Weight;
	/// `set_insurance_fee_share`.
	fn set_insurance_fee_share() -> Weight;
	/// `on_finalize_funding`, `m` in `[1, 32]`.
	fn on_finalize_funding(m: u32, ) -> Weight;
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Margin::Accounts` (r:1 w:1)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(897), added: 3372, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Proof: `Assets::Asset` (`max_values`: None, `max_size`: Some(210), added: 2685, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Account` (r:2 w:2)
	/// Proof: `Assets::Account` (`max_values`: None, `max_size`: Some(134), added: 2609, mode: `MaxEncodedLen`)
	fn deposit() -> Weight {
		// Proof size measured: `888` bytes.
		// Minimum execution time: 91_690_000 picoseconds.
		Weight::from_parts(170_147_000, 6208)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Margin::Accounts` (r:1 w:1)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(897), added: 3372, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:16 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:16 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:1 w:0)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Proof: `Assets::Asset` (`max_values`: None, `max_size`: Some(210), added: 2685, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Account` (r:2 w:2)
	/// Proof: `Assets::Account` (`max_values`: None, `max_size`: Some(134), added: 2609, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:16 w:0)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Filings` (r:1 w:0)
	/// Proof: `Liquidation::Filings` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:16 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(1550), added: 4025, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:1 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	fn withdraw(p: u32, ) -> Weight {
		// Proof size measured: `2449 + p * (282 ±0)` bytes.
		// Minimum execution time: 209_456_000 picoseconds.
		Weight::from_parts(262_185_263, 6208)
			.saturating_add(Weight::from_parts(92_022_225, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(15_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 4025).saturating_mul(p.into()))
	}
	/// Storage: `Margin::Markets` (r:16 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:16 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
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
	/// Storage: `Liquidation::Filings` (r:1 w:1)
	/// Proof: `Liquidation::Filings` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:16 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(1550), added: 4025, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:1 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:0 w:2)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:0 w:1)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(897), added: 3372, mode: `MaxEncodedLen`)
	fn account_changed(p: u32, ) -> Weight {
		// Proof size measured: `1681 + p * (230 ±0)` bytes.
		// Minimum execution time: 106_570_000 picoseconds.
		Weight::from_parts(106_005_654, 6141)
			.saturating_add(Weight::from_parts(61_049_502, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 4025).saturating_mul(p.into()))
	}
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:1)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:0 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:0 w:1)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	fn create_market() -> Weight {
		// Proof size measured: `581` bytes.
		// Minimum execution time: 42_589_000 picoseconds.
		Weight::from_parts(87_476_000, 3604)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:1 w:1)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	fn update_market() -> Weight {
		// Proof size measured: `872` bytes.
		// Minimum execution time: 60_006_000 picoseconds.
		Weight::from_parts(90_316_000, 3641)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Margin::Markets` (r:1 w:1)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	fn set_market_status() -> Weight {
		// Proof size measured: `435` bytes.
		// Minimum execution time: 22_518_000 picoseconds.
		Weight::from_parts(44_281_000, 3641)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Margin::InsuranceFeeShare` (r:0 w:1)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_insurance_fee_share() -> Weight {
		// Proof size measured: `0` bytes.
		// Minimum execution time: 7_633_000 picoseconds.
		Weight::from_parts(19_987_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:32 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:32 w:32)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:64 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	fn on_finalize_funding(m: u32, ) -> Weight {
		// Proof size measured: `1237 + m * (95 ±0)` bytes.
		// Minimum execution time: 142_847_000 picoseconds.
		Weight::from_parts(124_794_305, 8832)
			.saturating_add(Weight::from_parts(48_464_248, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 7946).saturating_mul(m.into()))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn deposit() -> Weight {
		Weight::from_parts(170_147_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn withdraw(p: u32, ) -> Weight {
		Weight::from_parts(262_185_263, 6208)
			.saturating_add(Weight::from_parts(92_022_225, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(15_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 4025).saturating_mul(p.into()))
	}
	fn account_changed(p: u32, ) -> Weight {
		Weight::from_parts(106_005_654, 6141)
			.saturating_add(Weight::from_parts(61_049_502, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 4025).saturating_mul(p.into()))
	}
	fn create_market() -> Weight {
		Weight::from_parts(87_476_000, 3604)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn update_market() -> Weight {
		Weight::from_parts(90_316_000, 3641)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_market_status() -> Weight {
		Weight::from_parts(44_281_000, 3641)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_insurance_fee_share() -> Weight {
		Weight::from_parts(19_987_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_finalize_funding(m: u32, ) -> Weight {
		Weight::from_parts(124_794_305, 8832)
			.saturating_add(Weight::from_parts(48_464_248, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 7946).saturating_mul(m.into()))
	}
}
