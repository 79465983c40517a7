//! The liquidation engine's stored types.

use clearing_primitives::{Balance, Price};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::Perbill;

/// The liquidation engine's risk parameters, set by governance (`RiskAdmin`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct LiquidationParameters {
	/// Most accounts on_finalize evaluates per block (pending ones and due ones together); at most
	/// the runtime's `MaxEvaluationsPerBlock`. The block's weight meter usually binds first.
	pub max_evaluations_per_block: u32,
	/// Most accounts on_finalize liquidates per block; at most `MaxLiquidationsPerBlock`. The
	/// block's weight meter usually binds first.
	pub max_liquidations_per_block: u32,
	/// Share of the block's maximum weight on_initialize reserves for on_finalize when no account
	/// waits (none queued, none due at the last clock): the clock, and the evaluations and
	/// liquidations a price move landing in this block makes due. on_finalize may also use what
	/// the block's transactions left free, up to `crash_share`.
	pub reserved_share: Perbill,
	/// Share of the block's maximum weight the engine may use in a block, reserved in
	/// on_initialize while accounts wait (a crash): at most the runtime's `MaxBlockShare`, which
	/// leaves room for ordinary transactions and for the operational class (oracle feeds).
	pub crash_share: Perbill,
	/// Share of the liquidation penalty paid to the keeper who called `liquidate`.
	pub keeper_share: Perbill,
	/// Width of a trigger bucket, in risk-clock units (10^18 = a 100 % move): accounts are filed
	/// at their trigger level rounded down to a multiple of it, so evaluated up to one width early.
	pub bucket_width: u128,
	/// A partial liquidation closes enough to bring equity back to `(1 + buffer) × MMR`.
	pub restore_buffer: Perbill,
	/// Most notional closed per account per block, in settlement atoms: larger positions are
	/// worked down over several blocks, not dumped on the book at once.
	pub max_close_notional_per_block: Balance,
	/// How far below the oracle (for a long; above for a short) a liquidation may sell on the
	/// book, as a share of the position's maintenance fraction, scaled by how far the account
	/// is under water (`1 − equity / MMR`): the "fillable price" (dYdX's rule). Never worse than
	/// the bankruptcy price; it leaves the penalty for the insurance fund rather than hand the
	/// remaining equity to whoever bids just above bankruptcy.
	pub fillable_spread: Perbill,
	/// How far from the oracle the insurance fund's backstop may sell (or buy back) the
	/// positions it took over, when it unwinds them on the book block by block.
	pub backstop_unwind_slippage: Perbill,
}

impl Default for LiquidationParameters {
	fn default() -> Self {
		Self {
			max_evaluations_per_block: 4_096,
			max_liquidations_per_block: 1_024,
			// 5 % of a block every block; half of it while accounts wait.
			reserved_share: Perbill::from_percent(5),
			crash_share: Perbill::from_percent(50),
			keeper_share: Perbill::from_percent(20),
			// 0.1 % of clock: accounts are evaluated at most a 0.1 % move early.
			bucket_width: clearing_primitives::risk::CLOCK_ONE / 1_000,
			restore_buffer: Perbill::from_percent(10),
			// 1,000,000 USDC.
			max_close_notional_per_block: 1_000_000_000_000,
			// A quarter of the maintenance fraction at most: with a 1 % penalty and a 3 %
			// maintenance fraction, the fund keeps its penalty until equity is below ~40 % of MMR.
			fillable_spread: Perbill::from_percent(25),
			backstop_unwind_slippage: Perbill::from_percent(1),
		}
	}
}

/// What a market last contributed to the risk clock.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug, Default)]
pub struct MarketTracker {
	/// The fresh oracle price the clock last counted, in the feed's price units.
	pub price: Price,
	/// The maintenance fraction last seen.
	pub maintenance_fraction: Perbill,
	/// The funding index last seen.
	pub funding_index: i128,
	/// The option expiry's risk index last seen (zero for perpetuals).
	pub risk_index: u128,
}

/// What on_finalize did in the last block: the figures the budget bounds.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug, Default)]
pub struct BlockWork {
	/// Accounts evaluated (pending and due).
	pub evaluations: u32,
	/// Accounts liquidated (fully or partly).
	pub liquidations: u32,
	/// Accounts left waiting in the pending queue.
	pub pending: u64,
	/// The risk clock after the block, in clock units.
	pub clock: u128,
	/// Weight (ref time, picoseconds) on_finalize charged itself for what it did.
	pub weight_used: u64,
	/// Weight (ref time, picoseconds) on_finalize could use: its reserve and what the block's
	/// transactions left free, within `crash_share`.
	pub weight_limit: u64,
	/// Of `weight_used`, what evaluations cost (detection), the rest being liquidations, the
	/// clock and the backstop.
	pub evaluation_weight: u64,
}

/// Where an account stands with the engine: the trigger bucket it waits in, and the
/// deleveraging lists (market, long side?) it is on. One record, so that re-filing an account
/// after a fill writes one item for both.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DefaultNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxPositions))]
pub struct Filing<MaxPositions: frame_support::traits::Get<u32>> {
	/// The bucket it waits in: its trigger level, big-endian; `None` while queued or unfiled.
	pub bucket: Option<crate::BucketKey>,
	/// The deleveraging lists it is on.
	pub ranked: frame_support::BoundedVec<(clearing_primitives::MarketId, bool), MaxPositions>,
}

/// One side's deleveraging candidates: (account, |size| in base atoms), largest first.
pub type CandidateList<AccountId, MaxCandidates> =
	frame_support::BoundedVec<(AccountId, clearing_primitives::Balance), MaxCandidates>;

/// A market's deleveraging candidates on both sides.
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DefaultNoBound,
	frame_support::DebugNoBound,
	Encode,
	Decode,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCandidates))]
pub struct AdlCandidates<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxCandidates: frame_support::traits::Get<u32>,
> {
	/// The largest longs.
	pub longs: CandidateList<AccountId, MaxCandidates>,
	/// The largest shorts.
	pub shorts: CandidateList<AccountId, MaxCandidates>,
}

impl<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, MaxCandidates: frame_support::traits::Get<u32>>
	AdlCandidates<AccountId, MaxCandidates>
{
	/// The longs (`long`) or the shorts.
	pub fn side(&self, long: bool) -> &CandidateList<AccountId, MaxCandidates> {
		if long {
			&self.longs
		} else {
			&self.shorts
		}
	}

	/// The longs (`long`) or the shorts, to change.
	pub fn side_mut(&mut self, long: bool) -> &mut CandidateList<AccountId, MaxCandidates> {
		if long {
			&mut self.longs
		} else {
			&mut self.shorts
		}
	}

	/// Takes `who` off a side; whether it was on it.
	pub fn remove(&mut self, long: bool, who: &AccountId) -> bool {
		let list = self.side_mut(long);
		let before = list.len();
		list.retain(|(account, _)| account != who);
		list.len() != before
	}

	/// Lists `who` on a side with `size`, where its size ranks it (the smallest candidate makes
	/// room when the side is full; one smaller than all of a full side stays off). Returns
	/// whether `who` is listed now and whether the side changed.
	pub fn place(&mut self, long: bool, who: &AccountId, size: clearing_primitives::Balance) -> (bool, bool) {
		let list = self.side_mut(long);
		let old = list.iter().find(|(account, _)| account == who).map(|(_, s)| *s);
		if old == Some(size) {
			return (true, false);
		}
		list.retain(|(account, _)| account != who);
		let at = list.iter().position(|(_, s)| *s < size).unwrap_or(list.len());
		if at < MaxCandidates::get() as usize {
			if list.is_full() {
				list.pop();
			}
			// Room was made above.
			let listed = list.try_insert(at, (who.clone(), size)).is_ok();
			(listed, true)
		} else {
			// Too small to enter: changed only if it was listed before.
			(false, old.is_some())
		}
	}
}
