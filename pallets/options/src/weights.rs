//! Weights of `pallet_options`, generated from its `benchmarking.rs` by `scripts/benchmark-weights.sh`.
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
//!   pallet_options
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
//!   pallets/options/src/weights.rs

#![allow(unused_parens, unused_imports, clippy::unnecessary_cast, clippy::double_parens)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each benchmarked call and hook of this pallet.
pub trait WeightInfo {
	/// `set_underlying`.
	fn set_underlying() -> Weight;
	/// `list_expiry`, `s` in `[1, 32]`.
	fn list_expiry(s: u32) -> Weight;
	/// `refresh_surface`, `s` in `[1, 32]`.
	fn refresh_surface(s: u32) -> Weight;
	/// `fix_settlement`.
	fn fix_settlement() -> Weight;
	/// `sweep_markets`, `n` in `[2, 64]`.
	fn sweep_markets(n: u32) -> Weight;
	/// `option_mark`.
	fn option_mark() -> Weight;
}

/// The measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
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
	/// Storage: `Options::Underlyings` (r:1 w:1)
	/// Proof: `Options::Underlyings` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Options::CounterForUnderlyings` (r:1 w:1)
	/// Proof: `Options::CounterForUnderlyings` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_underlying() -> Weight {
		// Proof size measured: `673` bytes.
		// Minimum execution time: 37_065_000 picoseconds.
		Weight::from_parts(47_691_000, 3604)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Options::Underlyings` (r:1 w:0)
	/// Proof: `Options::Underlyings` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Options::ExpiryDays` (r:1 w:1)
	/// Proof: `Options::ExpiryDays` (`max_values`: None, `max_size`: Some(53), added: 2528, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Feeds` (r:1 w:0)
	/// Proof: `OracleFeeder::Feeds` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
	/// Storage: `Oracle::Values` (r:1 w:0)
	/// Proof: `Oracle::Values` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Breakers` (r:1 w:0)
	/// Proof: `OracleFeeder::Breakers` (`max_values`: None, `max_size`: Some(75), added: 2550, mode: `MaxEncodedLen`)
	/// Storage: `OracleFeeder::Params` (r:1 w:0)
	/// Proof: `OracleFeeder::Params` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Options::SeriesCount` (r:1 w:1)
	/// Proof: `Options::SeriesCount` (`max_values`: None, `max_size`: Some(37), added: 2512, mode: `MaxEncodedLen`)
	/// Storage: `Options::LiveExpiries` (r:1 w:1)
	/// Proof: `Options::LiveExpiries` (`max_values`: Some(1), `max_size`: Some(97), added: 592, mode: `MaxEncodedLen`)
	/// Storage: `Options::NextExpiryId` (r:1 w:1)
	/// Proof: `Options::NextExpiryId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::NextMarketId` (r:1 w:1)
	/// Proof: `Margin::NextMarketId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Margin::LiveMarkets` (r:1 w:1)
	/// Proof: `Margin::LiveMarkets` (`max_values`: Some(1), `max_size`: Some(642), added: 1137, mode: `MaxEncodedLen`)
	/// Storage: `Options::Expiries` (r:0 w:1)
	/// Proof: `Options::Expiries` (`max_values`: None, `max_size`: Some(825), added: 3300, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:0 w:62)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(184), added: 2659, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:0 w:62)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(234), added: 2709, mode: `MaxEncodedLen`)
	fn list_expiry(s: u32) -> Weight {
		// Proof size measured: `1027` bytes.
		// Minimum execution time: 94_710_000 picoseconds.
		Weight::from_parts(81_533_288, 3604)
			.saturating_add(Weight::from_parts(42_543_040, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(s.into())))
	}
	/// Storage: `VolOracle::Values` (r:1 w:0)
	/// Proof: `VolOracle::Values` (`max_values`: None, `max_size`: Some(278), added: 2753, mode: `MaxEncodedLen`)
	/// Storage: `Options::Surfaces` (r:2 w:1)
	/// Proof: `Options::Surfaces` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Storage: `Options::RejectedAt` (r:1 w:0)
	/// Proof: `Options::RejectedAt` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Options::Underlyings` (r:1 w:0)
	/// Proof: `Options::Underlyings` (`max_values`: None, `max_size`: Some(139), added: 2614, mode: `MaxEncodedLen`)
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
	/// Storage: `Options::Expiries` (r:1 w:0)
	/// Proof: `Options::Expiries` (`max_values`: None, `max_size`: Some(825), added: 3300, mode: `MaxEncodedLen`)
	/// Storage: `Options::RiskIndex` (r:1 w:1)
	/// Proof: `Options::RiskIndex` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Options::Twaps` (r:1 w:1)
	/// Proof: `Options::Twaps` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn refresh_surface(s: u32) -> Weight {
		// Proof size measured: `1179 + s * (36 ±0)` bytes.
		// Minimum execution time: 174_800_000 picoseconds.
		Weight::from_parts(245_496_075, 6238)
			.saturating_add(Weight::from_parts(47_857_862, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Options::Twaps` (r:1 w:1)
	/// Proof: `Options::Twaps` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
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
	/// Storage: `Options::RiskIndex` (r:1 w:1)
	/// Proof: `Options::RiskIndex` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:62 w:62)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(234), added: 2709, mode: `MaxEncodedLen`)
	/// Storage: `Options::Expiries` (r:0 w:1)
	/// Proof: `Options::Expiries` (`max_values`: None, `max_size`: Some(825), added: 3300, mode: `MaxEncodedLen`)
	fn fix_settlement() -> Weight {
		// Proof size measured: `15677` bytes.
		// Minimum execution time: 470_078_000 picoseconds.
		Weight::from_parts(493_193_000, 168948)
			.saturating_add(T::DbWeight::get().reads(69_u64))
			.saturating_add(T::DbWeight::get().writes(65_u64))
	}
	/// Storage: `Orderbook::BookPrices` (r:124 w:0)
	/// Proof: `Orderbook::BookPrices` (`max_values`: None, `max_size`: Some(1623), added: 4098, mode: `MaxEncodedLen`)
	/// Storage: `Margin::SeriesHolders` (r:62 w:0)
	/// Proof: `Margin::SeriesHolders` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	/// Storage: `Margin::Markets` (r:62 w:62)
	/// Proof: `Margin::Markets` (`max_values`: None, `max_size`: Some(234), added: 2709, mode: `MaxEncodedLen`)
	/// Storage: `Options::Expiries` (r:1 w:1)
	/// Proof: `Options::Expiries` (`max_values`: None, `max_size`: Some(825), added: 3300, mode: `MaxEncodedLen`)
	/// Storage: `Margin::MarketStates` (r:62 w:62)
	/// Proof: `Margin::MarketStates` (`max_values`: None, `max_size`: Some(184), added: 2659, mode: `MaxEncodedLen`)
	/// Storage: `Margin::FeePool` (r:1 w:1)
	/// Proof: `Margin::FeePool` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::InsuranceFund` (r:1 w:1)
	/// Proof: `Margin::InsuranceFund` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Margin::LiveMarkets` (r:1 w:1)
	/// Proof: `Margin::LiveMarkets` (`max_values`: Some(1), `max_size`: Some(642), added: 1137, mode: `MaxEncodedLen`)
	/// Storage: `Options::SeriesCount` (r:1 w:1)
	/// Proof: `Options::SeriesCount` (`max_values`: None, `max_size`: Some(37), added: 2512, mode: `MaxEncodedLen`)
	/// Storage: `Options::LiveExpiries` (r:1 w:1)
	/// Proof: `Options::LiveExpiries` (`max_values`: Some(1), `max_size`: Some(97), added: 592, mode: `MaxEncodedLen`)
	/// Storage: `Options::RejectedAt` (r:0 w:1)
	/// Proof: `Options::RejectedAt` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Options::ExpiryDays` (r:0 w:1)
	/// Proof: `Options::ExpiryDays` (`max_values`: None, `max_size`: Some(53), added: 2528, mode: `MaxEncodedLen`)
	/// Storage: `Options::RiskIndex` (r:0 w:1)
	/// Proof: `Options::RiskIndex` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// Storage: `Options::Surfaces` (r:0 w:1)
	/// Proof: `Options::Surfaces` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	fn sweep_markets(n: u32) -> Weight {
		// Proof size measured: `643 + n * (292 ±0)` bytes.
		// Minimum execution time: 120_219_000 picoseconds.
		Weight::from_parts(123_704_000, 17382)
			.saturating_add(Weight::from_parts(41_517_879, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(8_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7532).saturating_mul(n.into()))
	}
	/// Storage: `Options::Expiries` (r:1 w:0)
	/// Proof: `Options::Expiries` (`max_values`: None, `max_size`: Some(825), added: 3300, mode: `MaxEncodedLen`)
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
	/// Storage: `Options::Surfaces` (r:1 w:0)
	/// Proof: `Options::Surfaces` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	fn option_mark() -> Weight {
		// Proof size measured: `882` bytes.
		// Minimum execution time: 103_564_000 picoseconds.
		Weight::from_parts(109_072_000, 4290).saturating_add(T::DbWeight::get().reads(7_u64))
	}
}

/// For the pallet's tests: the same figures with RocksDB's database weights.
impl WeightInfo for () {
	fn set_underlying() -> Weight {
		Weight::from_parts(47_691_000, 3604)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn list_expiry(s: u32) -> Weight {
		Weight::from_parts(81_533_288, 3604)
			.saturating_add(Weight::from_parts(42_543_040, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(s.into())))
	}
	fn refresh_surface(s: u32) -> Weight {
		Weight::from_parts(245_496_075, 6238)
			.saturating_add(Weight::from_parts(47_857_862, 0).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(13_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn fix_settlement() -> Weight {
		Weight::from_parts(493_193_000, 168948)
			.saturating_add(RocksDbWeight::get().reads(69_u64))
			.saturating_add(RocksDbWeight::get().writes(65_u64))
	}
	fn sweep_markets(n: u32) -> Weight {
		Weight::from_parts(123_704_000, 17382)
			.saturating_add(Weight::from_parts(41_517_879, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7532).saturating_mul(n.into()))
	}
	fn option_mark() -> Weight {
		Weight::from_parts(109_072_000, 4290).saturating_add(RocksDbWeight::get().reads(7_u64))
	}
}
