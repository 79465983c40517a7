//! Weights of the order book's calls.
//!
//! PROVISIONAL: written by hand, not generated. Each figure charges 100 µs of compute per call
//! plus 150 µs per resting order visited (each fill is cleared by the margin engine) or 2 µs per
//! price level of the side an order rests on, and the database operations the code does, several
//! times what such code measures on reference hardware. `scripts/benchmark-weights.sh` (issue 10)
//! replaces this file with weights generated from `benchmarking.rs`.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	/// `place_order` that visits `f` resting orders (every one on its own price level, each
	/// filled through the margin engine) and does not rest.
	fn place_order_crossing(f: u32) -> Weight;
	/// `place_order` that rests on a side with `l` price levels, at its worst price.
	fn place_order_resting(l: u32) -> Weight;
	/// `cancel_order` of the only order at the worst price of a full side.
	fn cancel_order() -> Weight;
	/// `cancel_all` of `n` orders, each alone at its price.
	fn cancel_all(n: u32) -> Weight;
}

const BASE: u64 = 100_000_000;
const PER_FILL: u64 = 150_000_000;
const PER_LEVEL: u64 = 2_000_000;
const PROOF: u64 = 8_192;

fn provisional(db: RuntimeDbWeight, compute: u64, proof_items: u64, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE.saturating_add(compute), PROOF.saturating_mul(proof_items.saturating_add(1)))
		.saturating_add(db.reads_writes(reads, writes))
}

/// Provisional, conservative weights, with the database weights `D` gives.
pub struct ProvisionalWeight<D>(PhantomData<D>);

/// For tests: the provisional figures with RocksDB's database weights.
pub type TestWeight = ProvisionalWeight<RocksDbWeight>;

impl<D: Get<RuntimeDbWeight>> WeightInfo for ProvisionalWeight<D> {
	fn place_order_crossing(f: u32) -> Weight {
		let f = u64::from(f);
		// Call: market, price, position, health (≈ 8 reads), id and index (2 writes). Per fill:
		// level, order, neighbour, account orders, and the margin engine's fill (≈ 14 reads,
		// 12 writes), and the margin engine's observer (the liquidation engine) re-filing both
		// accounts, each with up to 16 positions (≈ 2 × 165 reads, 2 × 8 writes).
		provisional(
			D::get(),
			PER_FILL.saturating_mul(f),
			f.saturating_mul(2),
			8u64.saturating_add(344u64.saturating_mul(f)),
			2u64.saturating_add(28u64.saturating_mul(f)),
		)
	}
	fn place_order_resting(l: u32) -> Weight {
		provisional(D::get(), PER_LEVEL.saturating_mul(u64::from(l)), 2, 6, 5)
	}
	fn cancel_order() -> Weight {
		provisional(D::get(), 0, 1, 5, 5)
	}
	fn cancel_all(n: u32) -> Weight {
		let n = u64::from(n);
		provisional(D::get(), PER_LEVEL.saturating_mul(n), n, 1u64.saturating_add(4u64.saturating_mul(n)), 1u64.saturating_add(4u64.saturating_mul(n)))
	}
}
