//! Weights of `pallet_margin`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
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
//!   pallet_margin
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
	fn withdraw(p: u32) -> Weight;
	/// `account_changed`, `p` in `[1, 16]`.
	fn account_changed(p: u32) -> Weight;
	/// `create_market`.
	fn create_market() -> Weight;
	/// `update_market`.
	fn update_market() -> Weight;
	/// `set_market_status`.
	fn set_market_status() -> Weight;
	/// `set_insurance_fee_share`.
	fn set_insurance_fee_share() -> Weight;
	/// `on_finalize_funding`, `m` in `[1, 32]`.
	fn on_finalize_funding(m: u32) -> Weight;
	/// Settling `n` holders of an expired option series (the options pallet's sweep): each is
	/// bounded by a withdrawal's work on a full ledger (every position marked, the ledger
	/// written) plus its observer's re-filing. Derived from those two benchmarks.
	fn settle_series(n: u32) -> Weight {
		Self::withdraw(16)
			.saturating_add(Self::account_changed(16))
			.saturating_mul(u64::from(n))
	}
	/// Retiring a settled series: a registry change like `create_market` plus the pots.
	fn retire_series() -> Weight {
		Self::create_market().saturating_add(Self::set_insurance_fee_share())
	}
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Margin::Accounts` (r:1 w:1)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Asset` (r:1 w:1)
	/// Proof: `Assets::Asset` (`max_values`: None, `max_size`: Some(210), added: 2685, mode: `MaxEncodedLen`)
	/// Storage: `Assets::Account` (r:2 w:2)
	/// Proof: `Assets::Account` (`max_values`: None, `max_size`: Some(134), added: 2609, mode: `MaxEncodedLen`)
	fn deposit() -> Weight {
		// Proof size measured: `888` bytes.
		// Minimum execution time: 73_213_000 picoseconds.
		Weight::from_parts(94_169_000, 6208)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Margin::Accounts` (r:1 w:1)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
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
	/// Storage: `Liquidation::AdlRanking` (r:16 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	fn withdraw(p: u32) -> Weight {
		// Proof size measured: `2503 + p * (247 ±0)` bytes.
		// Minimum execution time: 183_677_000 picoseconds.
		Weight::from_parts(235_451_828, 6208)
			.saturating_add(Weight::from_parts(70_732_172, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 5561).saturating_mul(p.into()))
	}
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
	/// Storage: `Liquidation::AdlRanking` (r:16 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(48), added: 543, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:0 w:2)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:0 w:1)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	fn account_changed(p: u32) -> Weight {
		// Proof size measured: `1717 + p * (190 ±0)` bytes.
		// Minimum execution time: 82_341_000 picoseconds.
		Weight::from_parts(66_619_563, 6141)
			.saturating_add(Weight::from_parts(38_765_625, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 5561).saturating_mul(p.into()))
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
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:0 w:1)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	fn create_market() -> Weight {
		// Proof size measured: `581` bytes.
		// Minimum execution time: 40_211_000 picoseconds.
		Weight::from_parts(83_715_000, 3604)
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
		// Minimum execution time: 40_012_000 picoseconds.
		Weight::from_parts(55_447_000, 3641)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Margin::Markets` (r:1 w:1)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	fn set_market_status() -> Weight {
		// Proof size measured: `435` bytes.
		// Minimum execution time: 22_233_000 picoseconds.
		Weight::from_parts(42_843_000, 3641)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Margin::InsuranceFeeShare` (r:0 w:1)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_insurance_fee_share() -> Weight {
		// Proof size measured: `0` bytes.
		// Minimum execution time: 8_404_000 picoseconds.
		Weight::from_parts(16_910_000, 0).saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:32 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(176), added: 2651, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:32 w:32)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:64 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFund` (r:1 w:1)
	/// Proof: `Margin::InsuranceFund` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::FeePool` (r:1 w:1)
	/// Proof: `Margin::FeePool` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn on_finalize_funding(m: u32) -> Weight {
		// Proof size measured: `1272 + m * (95 ±0)` bytes.
		// Minimum execution time: 175_327_000 picoseconds.
		Weight::from_parts(126_130_624, 8832)
			.saturating_add(Weight::from_parts(45_528_795, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 7946).saturating_mul(m.into()))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn deposit() -> Weight {
		Weight::from_parts(94_169_000, 6208)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn withdraw(p: u32) -> Weight {
		Weight::from_parts(235_451_828, 6208)
			.saturating_add(Weight::from_parts(70_732_172, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(13_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 5561).saturating_mul(p.into()))
	}
	fn account_changed(p: u32) -> Weight {
		Weight::from_parts(66_619_563, 6141)
			.saturating_add(Weight::from_parts(38_765_625, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 5561).saturating_mul(p.into()))
	}
	fn create_market() -> Weight {
		Weight::from_parts(83_715_000, 3604)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn update_market() -> Weight {
		Weight::from_parts(55_447_000, 3641)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_market_status() -> Weight {
		Weight::from_parts(42_843_000, 3641)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_insurance_fee_share() -> Weight {
		Weight::from_parts(16_910_000, 0).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_finalize_funding(m: u32) -> Weight {
		Weight::from_parts(126_130_624, 8832)
			.saturating_add(Weight::from_parts(45_528_795, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(14_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 7946).saturating_mul(m.into()))
	}
}
