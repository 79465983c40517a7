//! The per-block run of on_finalize: the queue first, then detection of the due accounts, then
//! the accounts found, most under water first, every step within the block's meter.

use crate::clock::key_of;
use crate::meter::Meter;
use crate::{
	BlockWork, BucketKey, Buckets, Config, LastBlockWork, Pallet, Parameters, Pending, PendingHead, PendingQueue,
	PendingTail, RiskClock,
};
use alloc::{collections::BTreeSet, vec::Vec};
use clearing_primitives::{AccountRisk, ClearingView, LiquidationClearing, MarketId};
use codec::Encode;
use frame_support::{traits::Get, weights::Weight};
use sp_arithmetic::{traits::Bounded, FixedI128, FixedPointNumber};

/// Half of `weight`, each component rounded down.
fn half(weight: Weight) -> Weight {
	Weight::from_parts(weight.ref_time().saturating_div(2), weight.proof_size().saturating_div(2))
}

impl<T: Config> Pallet<T> {
	/// on_finalize: advance the clock over every market, unwind the backstop, serve the pending
	/// queue oldest first (within half of the budget), find the due accounts (lowest trigger
	/// level first), then liquidate those found most under water first; each step admitted only
	/// while its worst case fits the block's meter and charged what it did. Those the budget
	/// cannot serve are queued, deepest first; while older ones still wait, the new ones queue
	/// behind them at once.
	pub(crate) fn run_block() {
		let parameters = Parameters::<T>::get();
		let reserved = crate::Reserved::<T>::take();
		let mut meter = Meter::with_limit(Self::block_limit(reserved));
		let live = u32::try_from(T::Clearing::live_markets().len()).unwrap_or(u32::MAX);
		meter.charge(Self::block_base_weight(live.min(T::MaxMarkets::get())));
		let clock = Self::advance_clock(Self::every_market());
		// The backstop's inventory from earlier blocks first.
		if T::Clearing::position_count(&Self::backstop_account()) > 0 && meter.can(Self::unwind_weight()) {
			meter.charge(Self::unwind_weight());
			Self::unwind_backstop(&parameters);
		}
		let mut round = Round {
			meter,
			clock,
			evaluations_left: parameters.max_evaluations_per_block,
			liquidations_left: parameters.max_liquidations_per_block,
			work: BlockWork::default(),
			evaluation_weight: Weight::zero(),
			markets_seen: Default::default(),
		};
		// The queue first, oldest first, within half of what is left: detection keeps the rest.
		let left = round.meter.limit().saturating_sub(round.meter.committed());
		let queue_cap = round.meter.committed().saturating_add(half(left));
		let drained = Self::serve_queue(&mut round, Some(queue_cap));
		let mut found = Self::detect(&mut round);
		// Most under water first; among equals, in the order found (lowest trigger level first).
		found.sort_by_key(|f| f.depth);
		if drained {
			let mut changed = BTreeSet::new();
			touched::using(&mut changed, || Self::serve_found(&mut round, found));
		} else {
			// Older accounts still wait: the new ones queue behind them, deepest first, and the
			// queue goes on with what is left.
			for Found { who, risk, pledged, .. } in found {
				round.meter.release(pledged);
				Self::queue_found(&mut round, who, positions_of(&risk), false);
			}
			Self::serve_queue(&mut round, None);
		}

		let Round { meter, mut work, evaluation_weight, .. } = round;
		work.pending = Self::pending_count();
		work.clock = RiskClock::<T>::get();
		work.weight_used = meter.used().ref_time();
		work.weight_limit = meter.limit().ref_time();
		work.evaluation_weight = evaluation_weight.ref_time();
		LastBlockWork::<T>::put(work);
		Self::settle(&meter, reserved);
	}

	/// Counts an evaluation against the block's cap.
	fn count_evaluation(round: &mut Round) {
		round.evaluations_left = round.evaluations_left.saturating_sub(1);
		round.work.evaluations = round.work.evaluations.saturating_add(1);
	}

	/// Charges marking (and filing) an account of `positions` positions. A liquidation step's
	/// benchmark includes marking the account it liquidates, so an account liquidated right after
	/// its evaluation is charged the step alone.
	fn charge_evaluation(round: &mut Round, positions: u32) {
		let weight = Self::evaluation_weight(positions);
		round.meter.charge(weight);
		round.evaluation_weight = round.evaluation_weight.saturating_add(weight);
	}

	/// Detection: evaluates the accounts whose trigger level the clock has passed, lowest level
	/// first, within the evaluation budget and what the block has left but one liquidation step
	/// at its worst (so that the first account found can be served), and at least half of what
	/// is left (so that a small budget still finds accounts, for the next block). Healthy ones are
	/// filed again; the liquidatable ones are returned, each with its evaluation and a queue
	/// slot pledged: whatever happens to it later in the block is paid for.
	fn detect(round: &mut Round) -> Vec<Found<T::AccountId>> {
		// The most one evaluation commits: its mark and queue slot, or a common step's pledge.
		let most = T::MaxPositions::get();
		let worst = Self::evaluation_weight(most)
			.saturating_add(Self::enqueue_weight())
			.max(Self::common_step_weight(most));
		let left = round.meter.limit().saturating_sub(round.meter.committed());
		let cap = round
			.meter
			.limit()
			.saturating_sub(Self::max_step_weight(T::MaxPositions::get()).saturating_add(Self::enqueue_weight()))
			.max(round.meter.committed().saturating_add(half(left)));
		let due_limit = key_of(round.clock);
		let mut found = Vec::new();
		'detect: while round.evaluations_left > 0 {
			// Batches bound the keys read ahead of the meter; the keys are paid as read (one more
			// for the key that ends the batch).
			let batch = round.evaluations_left.min(DUE_BATCH);
			let keys = T::DbWeight::get().reads(u64::from(batch).saturating_add(1));
			if !round.meter.can(keys.saturating_add(worst)) {
				break;
			}
			let due: Vec<(BucketKey, T::AccountId)> = Buckets::<T>::iter_keys()
				.take_while(|(key, _)| *key <= due_limit)
				.take(batch as usize)
				.collect();
			round
				.meter
				.charge(T::DbWeight::get().reads(u64::try_from(due.len()).unwrap_or(u64::MAX).saturating_add(1)));
			if due.is_empty() {
				break;
			}
			for (key, who) in due {
				if round.evaluations_left == 0
					|| !round.meter.can(worst)
					|| round.meter.committed().saturating_add(worst).any_gt(cap)
				{
					break 'detect;
				}
				// Out of its bucket first: the evaluation files it again (or keeps it for serving).
				Buckets::<T>::remove(key, &who);
				Self::unfile(&who);
				Self::count_evaluation(round);
				match T::Clearing::account_risk(&who) {
					Err(_) => {
						Self::charge_evaluation(round, T::Clearing::position_count(&who));
						// Stale: never liquidated on it; due again at the clock's next move.
						Self::file_at(&who, key_of(round.clock.saturating_add(1)));
					},
					Ok(risk) if risk.health.is_liquidatable() && !risk.positions.is_empty() => {
						// Its evaluation is paid by its liquidation step, or, if it must wait, with
						// its queue slot: the larger of the two (a common step's cost) is promised
						// now, so that detection finds about as many as the block can liquidate and
						// leaves the rest in their buckets instead of queueing them twice.
						let positions = positions_of(&risk);
						let pledged = Self::evaluation_weight(positions)
							.saturating_add(Self::enqueue_weight())
							.max(Self::common_step_weight(positions));
						round.meter.pledge(pledged);
						found.push(Found { depth: depth_of(&risk), who, risk, pledged });
					},
					Ok(risk) => {
						Self::charge_evaluation(round, positions_of(&risk));
						Self::file(&who, &risk, round.clock);
					},
				}
			}
		}
		found
	}

	/// Serves the pending queue oldest first (each account marked again), within `cap` when
	/// given; returns whether the queue is empty now.
	fn serve_queue(round: &mut Round, cap: Option<Weight>) -> bool {
		let enqueue = Self::enqueue_weight();
		let mut head = PendingHead::<T>::get();
		let tail = PendingTail::<T>::get();
		while head < tail && round.liquidations_left > 0 && round.evaluations_left > 0 {
			let Some(who) = PendingQueue::<T>::get(head) else {
				// A slot its account left (served by a keeper, or healthy again): one read.
				if !round.meter.can(T::DbWeight::get().reads(1)) {
					break;
				}
				round.meter.charge(T::DbWeight::get().reads(1));
				head = head.saturating_add(1);
				continue;
			};
			let positions = T::Clearing::position_count(&who);
			let need = Self::evaluation_weight(positions)
				.saturating_add(Self::max_step_weight(positions))
				.saturating_add(enqueue);
			if !round.meter.can(need) || cap.is_some_and(|cap| round.meter.committed().saturating_add(need).any_gt(cap))
			{
				break;
			}
			PendingQueue::<T>::remove(head);
			Pending::<T>::remove(&who);
			head = head.saturating_add(1);
			Self::count_evaluation(round);
			match T::Clearing::account_risk(&who) {
				Ok(risk) if risk.health.is_liquidatable() && !risk.positions.is_empty() => {
					Self::liquidate_in_block(round, &who, risk)
				},
				Ok(risk) => {
					Self::charge_evaluation(round, positions);
					Self::file(&who, &risk, round.clock);
				},
				Err(_) => {
					Self::charge_evaluation(round, positions);
					Self::file_at(&who, key_of(round.clock.saturating_add(1)));
				},
			}
		}
		PendingHead::<T>::put(head);
		head >= tail
	}

	/// Liquidates the accounts `found` in this block (sorted, most under water first) while the
	/// meter allows; the rest are queued in that order. Runs with [`touched`] set, so that an
	/// account changed since it was found (a maker filled, a deleveraging counterparty) is marked
	/// again before it is liquidated.
	fn serve_found(round: &mut Round, found: Vec<Found<T::AccountId>>) {
		let enqueue = Self::enqueue_weight();
		let mut found = found.into_iter();
		for Found { who, risk, pledged, .. } in found.by_ref() {
			round.meter.release(pledged);
			let changed = touched::with(|set| set.contains(&who.encode())).unwrap_or(true);
			let positions = positions_of(&risk);
			let need = if changed {
				// A change may have opened positions: the worst step of any account, and two marks.
				let most = T::MaxPositions::get();
				Self::max_step_weight(most)
					.saturating_add(Self::evaluation_weight(positions))
					.saturating_add(Self::evaluation_weight(most))
			} else {
				Self::max_step_weight(positions)
			}
			.saturating_add(enqueue);
			if round.liquidations_left == 0 || !round.meter.can(need) {
				Self::queue_found(round, who, positions, changed);
				break;
			}
			if !changed {
				Self::liquidate_in_block(round, &who, risk);
				continue;
			}
			// Changed since it was found (its filing already follows the change): its first
			// mark is paid, and it is marked again.
			Self::charge_evaluation(round, positions);
			let now = T::Clearing::account_risk(&who);
			match now {
				Ok(risk) if risk.health.is_liquidatable() && !risk.positions.is_empty() => {
					Self::liquidate_in_block(round, &who, risk)
				},
				_ => Self::charge_evaluation(round, T::Clearing::position_count(&who)),
			}
		}
		// The rest wait, deepest first.
		for Found { who, risk, pledged, .. } in found {
			round.meter.release(pledged);
			let changed = touched::with(|set| set.contains(&who.encode())).unwrap_or(true);
			Self::queue_found(round, who, positions_of(&risk), changed);
		}
	}

	/// Queues an account found liquidatable that the budget could not serve, paying its
	/// evaluation; one that changed since was filed by that change (due at once if still
	/// liquidatable) and needs no slot.
	fn queue_found(round: &mut Round, who: T::AccountId, positions: u32, changed: bool) {
		Self::charge_evaluation(round, positions);
		if changed {
			return;
		}
		round.meter.charge(Self::enqueue_weight());
		Self::enqueue(&who);
	}

	/// Liquidates `who` (whose `risk` is fresh) as one metered step.
	fn liquidate_in_block(round: &mut Round, who: &T::AccountId, risk: AccountRisk) {
		round.liquidations_left = round.liquidations_left.saturating_sub(1);
		let work = Self::liquidate_account(who, risk, None, &mut round.markets_seen);
		let mut weight = Self::block_step_weight(&work);
		if Pending::<T>::contains_key(who) {
			// Still under water: it waits for the next block.
			weight = weight.saturating_add(Self::enqueue_weight());
		}
		round.meter.charge(weight);
		round.work.liquidations = round.work.liquidations.saturating_add(1);
	}
}

/// Most due bucket entries read ahead of the meter at once.
const DUE_BATCH: u32 = 64;

environmental::environmental!(touched: BTreeSet<Vec<u8>>);

/// Notes that `who`'s ledger changed, while on_finalize serves the accounts it found earlier in
/// the block (a no-op otherwise).
pub(crate) fn note_changed<AccountId: Encode>(who: &AccountId) {
	touched::with(|set| {
		set.insert(who.encode());
	});
}

/// What on_finalize is spending in this block.
struct Round {
	meter: Meter,
	clock: u128,
	evaluations_left: u32,
	liquidations_left: u32,
	work: BlockWork,
	evaluation_weight: Weight,
	markets_seen: BTreeSet<MarketId>,
}

/// An account found liquidatable in this block, waiting for its turn.
struct Found<AccountId> {
	/// Equity / maintenance requirement: the lower, the deeper under water.
	depth: FixedI128,
	who: AccountId,
	risk: AccountRisk,
	/// What the meter holds for it until it is served or queued.
	pledged: Weight,
}

/// How far under water an account is: equity / maintenance requirement (negative below zero
/// equity); an account without a requirement sorts first.
fn depth_of(risk: &AccountRisk) -> FixedI128 {
	FixedI128::checked_from_rational(risk.health.equity, risk.health.maintenance_margin)
		.unwrap_or(FixedI128::min_value())
}

fn positions_of(risk: &AccountRisk) -> u32 {
	u32::try_from(risk.positions.len()).unwrap_or(u32::MAX)
}
