//! Weights of `pallet_liquidation`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
//! Do not edit: run the script again after a change to the pallet or its benchmarks.
//!
//! Measured 2026-12-03 on `vm` (AMD EPYC) with benchmark CLI 64.0.0:
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
//!   pallet_liquidation
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
	/// `on_finalize_evaluations_one_position`, `e` in `[1, 64]`.
	fn on_finalize_evaluations_one_position(e: u32) -> Weight;
	/// `on_finalize_takeovers`, `l` in `[1, 4]`.
	fn on_finalize_takeovers(l: u32) -> Weight;
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Liquidation::Parameters` (r:0 w:1)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof size measured: `0` bytes.
		// Minimum execution time: 5_939_000 picoseconds.
		Weight::from_parts(6_970_000, 0).saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Margin::Accounts` (r:2 w:2)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:1 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(196), added: 2671, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:1 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:1 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:1 w:1)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:1)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
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
		// Proof size measured: `1963` bytes.
		// Minimum execution time: 197_133_000 picoseconds.
		Weight::from_parts(205_055_000, 7930)
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Reserved` (r:1 w:0)
	/// Proof: `Liquidation::Reserved` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:32 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(196), added: 2671, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:32 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:3 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:32 w:32)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:1)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:1 w:0)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:1 w:0)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(56), added: 551, mode: `MaxEncodedLen`)
	fn on_finalize_markets(m: u32) -> Weight {
		// Proof size measured: `1408 + m * (143 ±0)` bytes.
		// Minimum execution time: 102_583_000 picoseconds.
		Weight::from_parts(58_853_729, 8832)
			.saturating_add(Weight::from_parts(19_323_296, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(22_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 2589).saturating_mul(m.into()))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Reserved` (r:1 w:0)
	/// Proof: `Liquidation::Reserved` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:16 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(196), added: 2671, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:16 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:3 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:16 w:0)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:65 w:64)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:64 w:128)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:16 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:64 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(56), added: 551, mode: `MaxEncodedLen`)
	fn on_finalize_evaluations(e: u32) -> Weight {
		// Proof size measured: `6567 + e * (232 ±0)` bytes.
		// Minimum execution time: 623_636_000 picoseconds.
		Weight::from_parts(360_838_443, 89966)
			.saturating_add(Weight::from_parts(251_558_925, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(83_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(e.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(e.into()))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Reserved` (r:1 w:0)
	/// Proof: `Liquidation::Reserved` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:3 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(196), added: 2671, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:3 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:1 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:3 w:3)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:1)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:5 w:5)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:5 w:4)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:4 w:0)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFund` (r:1 w:1)
	/// Proof: `Margin::InsuranceFund` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFeeShare` (r:1 w:0)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:1)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:4 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(56), added: 551, mode: `MaxEncodedLen`)
	fn on_finalize_liquidations(l: u32) -> Weight {
		// Proof size measured: `2248 + l * (188 ±0)` bytes.
		// Minimum execution time: 270_762_000 picoseconds.
		Weight::from_parts(121_628_780, 9003)
			.saturating_add(Weight::from_parts(160_730_940, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(31_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(l.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(l.into()))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Reserved` (r:1 w:0)
	/// Proof: `Liquidation::Reserved` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:3 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(196), added: 2671, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:3 w:0)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:1 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:3 w:2)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:0)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:65 w:64)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:64 w:128)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:0)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:64 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(56), added: 551, mode: `MaxEncodedLen`)
	fn on_finalize_evaluations_one_position(e: u32) -> Weight {
		// Proof size measured: `2298 + e * (163 ±0)` bytes.
		// Minimum execution time: 135_061_000 picoseconds.
		Weight::from_parts(109_878_965, 9003)
			.saturating_add(Weight::from_parts(40_984_624, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(27_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(e.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(e.into()))
	}
	/// Storage: `Liquidation::Parameters` (r:1 w:0)
	/// Proof: `Liquidation::Parameters` (`max_values`: Some(1), `max_size`: Some(64), added: 559, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Reserved` (r:1 w:0)
	/// Proof: `Liquidation::Reserved` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:0)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:3 w:0)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(196), added: 2671, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:3 w:1)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:3 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:3 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:1 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Trackers` (r:3 w:3)
	/// Proof: `Liquidation::Trackers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::RiskClock` (r:1 w:1)
	/// Proof: `Liquidation::RiskClock` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Accounts` (r:5 w:5)
	/// Proof: `Margin::Accounts` (`max_values`: None, `max_size`: Some(995), added: 3470, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingHead` (r:1 w:1)
	/// Proof: `Liquidation::PendingHead` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::PendingTail` (r:1 w:0)
	/// Proof: `Liquidation::PendingTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Buckets` (r:5 w:4)
	/// Proof: `Liquidation::Buckets` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::AccountOrders` (r:4 w:0)
	/// Proof: `Orderbook::AccountOrders` (`max_values`: None, `max_size`: Some(578), added: 3053, mode: `MaxEncodedLen`)
	/// Storage: `Orderbook::BookPrices` (r:1 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFund` (r:1 w:1)
	/// Proof: `Margin::InsuranceFund` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFeeShare` (r:1 w:0)
	/// Proof: `Margin::InsuranceFeeShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::AdlRanking` (r:1 w:1)
	/// Proof: `Liquidation::AdlRanking` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::Pending` (r:4 w:0)
	/// Proof: `Liquidation::Pending` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::CounterForPending` (r:1 w:0)
	/// Proof: `Liquidation::CounterForPending` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Liquidation::LastBlockWork` (r:0 w:1)
	/// Proof: `Liquidation::LastBlockWork` (`max_values`: Some(1), `max_size`: Some(56), added: 551, mode: `MaxEncodedLen`)
	fn on_finalize_takeovers(l: u32) -> Weight {
		// Proof size measured: `1981 + l * (188 ±0)` bytes.
		// Minimum execution time: 261_779_000 picoseconds.
		Weight::from_parts(112_049_952, 9003)
			.saturating_add(Weight::from_parts(160_361_715, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(31_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(l.into())))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(l.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(l.into()))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn set_parameters() -> Weight {
		Weight::from_parts(6_970_000, 0).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn liquidate() -> Weight {
		Weight::from_parts(205_055_000, 7930)
			.saturating_add(RocksDbWeight::get().reads(18_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn on_finalize_markets(m: u32) -> Weight {
		Weight::from_parts(58_853_729, 8832)
			.saturating_add(Weight::from_parts(19_323_296, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(22_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 2589).saturating_mul(m.into()))
	}
	fn on_finalize_evaluations(e: u32) -> Weight {
		Weight::from_parts(360_838_443, 89966)
			.saturating_add(Weight::from_parts(251_558_925, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(83_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(e.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(e.into()))
	}
	fn on_finalize_liquidations(l: u32) -> Weight {
		Weight::from_parts(121_628_780, 9003)
			.saturating_add(Weight::from_parts(160_730_940, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(31_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(l.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(l.into()))
	}
	fn on_finalize_evaluations_one_position(e: u32) -> Weight {
		Weight::from_parts(109_878_965, 9003)
			.saturating_add(Weight::from_parts(40_984_624, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(27_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(e.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(e.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(e.into()))
	}
	fn on_finalize_takeovers(l: u32) -> Weight {
		Weight::from_parts(112_049_952, 9003)
			.saturating_add(Weight::from_parts(160_361_715, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(31_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(l.into())))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(l.into())))
			.saturating_add(Weight::from_parts(0, 3470).saturating_mul(l.into()))
	}
}
