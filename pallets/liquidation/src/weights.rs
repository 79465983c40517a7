//! Weights of the liquidation engine's calls and hooks.
//!
//! PROVISIONAL: written by hand, not generated. Each figure charges generous compute and the
//! database operations the code does in its worst case, several times what such code measures
//! on reference hardware: an evaluation marks every position of a full account; a liquidation
//! cancels a full set of resting orders and closes slices of a full account against a full book
//! walk, an insurance takeover and a deleveraging walk. `scripts/benchmark-weights.sh` (issue 10)
//! replaces this file with weights generated from `benchmarking.rs`.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// The weight of each call and hook of this pallet.
pub trait WeightInfo {
	/// on_finalize: advancing the clock over `m` markets, evaluating `e` accounts and
	/// liquidating `l` of them.
	fn on_finalize(m: u32, e: u32, l: u32) -> Weight;
	/// `liquidate` by a keeper: one liquidation with the keeper's reward.
	fn liquidate() -> Weight;
	/// `set_parameters`.
	fn set_parameters() -> Weight;
}

const BASE: u64 = 50_000_000;
/// Compute per market the clock looks at (µs × 10^6 = ps).
const PER_MARKET: u64 = 20_000_000;
/// Compute per evaluation: every position of a full account marked, the buffer computed.
const PER_EVALUATION: u64 = 400_000_000;
/// Compute per liquidation: a book walk per slice, takeover, deleveraging.
const PER_LIQUIDATION: u64 = 20_000_000_000;
const PROOF: u64 = 8_192;

/// Provisional, conservative weights, with the database weights `D` gives.
pub struct ProvisionalWeight<D>(PhantomData<D>);

/// For tests: the provisional figures with RocksDB's database weights.
pub type TestWeight = ProvisionalWeight<RocksDbWeight>;

impl<D: Get<RuntimeDbWeight>> WeightInfo for ProvisionalWeight<D> {
	fn on_finalize(m: u32, e: u32, l: u32) -> Weight {
		let (m, e, l) = (u64::from(m), u64::from(e), u64::from(l));
		// Per market: clock inputs (params, state, price: 4 reads), tracker (1 read, 1 write).
		// Per evaluation: the queue or bucket entry, the account and 16 positions' markets and
		// prices, the ranking lists (≈ 70 reads), re-filing (≈ 6 writes).
		// Per liquidation: 64 orders cancelled, slices' book fills (each re-filing its maker),
		// takeover, and a deleveraging walk marking 32 candidates of 16 positions each
		// (≈ 4,000 reads, 1,500 writes).
		let reads = 6u64
			.saturating_add(m.saturating_mul(5))
			.saturating_add(e.saturating_mul(70))
			.saturating_add(l.saturating_mul(4_000));
		let writes = 4u64
			.saturating_add(m)
			.saturating_add(e.saturating_mul(6))
			.saturating_add(l.saturating_mul(1_500));
		let compute = BASE
			.saturating_add(PER_MARKET.saturating_mul(m))
			.saturating_add(PER_EVALUATION.saturating_mul(e))
			.saturating_add(PER_LIQUIDATION.saturating_mul(l));
		Weight::from_parts(compute, PROOF.saturating_mul(e.saturating_add(l.saturating_mul(40)).saturating_add(1)))
			.saturating_add(D::get().reads_writes(reads, writes))
	}
	fn liquidate() -> Weight {
		Weight::from_parts(BASE.saturating_add(PER_LIQUIDATION), PROOF.saturating_mul(41))
			.saturating_add(D::get().reads_writes(4_080, 1_510))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(BASE, PROOF).saturating_add(D::get().writes(1))
	}
}
