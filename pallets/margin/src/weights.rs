//! Weights of the margin engine's calls and hooks.
//!
//! PROVISIONAL: written by hand, not generated. Each figure charges 100 µs of compute per call
//! (plus 50 µs per position or market it iterates) and the database operations the code does,
//! several times what such code measures on reference hardware. `scripts/benchmark-weights.sh`
//! (issue 10) replaces this file with weights generated from `benchmarking.rs`.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, RuntimeDbWeight, Weight},
};

/// The weight of each call and hook of this pallet.
pub trait WeightInfo {
	/// `deposit`: the ledger, two asset accounts.
	fn deposit() -> Weight;
	/// `withdraw` for an account with `p` positions (each needs its market and a price).
	fn withdraw(p: u32) -> Weight;
	/// `create_market`.
	fn create_market() -> Weight;
	/// `update_market`.
	fn update_market() -> Weight;
	/// `set_market_status`.
	fn set_market_status() -> Weight;
	/// `set_insurance_fee_share`.
	fn set_insurance_fee_share() -> Weight;
	/// `on_finalize` funding work over `m` markets.
	fn on_finalize_funding(m: u32) -> Weight;
}

const BASE: u64 = 100_000_000;
const PER_ITEM: u64 = 50_000_000;
const PROOF: u64 = 8_192;

fn provisional(db: RuntimeDbWeight, items: u32, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(BASE.saturating_add(PER_ITEM.saturating_mul(u64::from(items))), PROOF.saturating_mul(u64::from(items).saturating_add(1)))
		.saturating_add(db.reads_writes(reads, writes))
}

/// Provisional, conservative weights, with the database weights `D` gives.
pub struct ProvisionalWeight<D>(PhantomData<D>);

/// For tests: the provisional figures with RocksDB's database weights.
pub type TestWeight = ProvisionalWeight<RocksDbWeight>;

impl<D: Get<RuntimeDbWeight>> WeightInfo for ProvisionalWeight<D> {
	fn deposit() -> Weight {
		provisional(D::get(), 0, 5, 4)
	}
	fn withdraw(p: u32) -> Weight {
		// The withdrawal's own reads and writes, plus the observer (the liquidation engine)
		// re-filing the account: its risk, the clock over its markets, its ranking lists and
		// bucket (≈ 5 + 10 reads per position, 8 writes).
		let positions = u64::from(p);
		provisional(D::get(), p, 10u64.saturating_add(14u64.saturating_mul(positions)), 12u64.saturating_add(positions))
	}
	fn create_market() -> Weight {
		provisional(D::get(), 0, 3, 3)
	}
	fn update_market() -> Weight {
		provisional(D::get(), 0, 2, 1)
	}
	fn set_market_status() -> Weight {
		provisional(D::get(), 0, 1, 1)
	}
	fn set_insurance_fee_share() -> Weight {
		provisional(D::get(), 0, 0, 1)
	}
	fn on_finalize_funding(m: u32) -> Weight {
		provisional(D::get(), m, 1u64.saturating_add(4u64.saturating_mul(u64::from(m))), u64::from(m))
	}
}
