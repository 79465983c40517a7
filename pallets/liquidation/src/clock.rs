//! Detection: the risk clock, filing accounts at their trigger level, the pending queue, the
//! deleveraging ranking, and the per-block run.

use crate::meter::Meter;
use crate::{
	AdlRanking, BlockWork, BucketKey, Buckets, Config, Event, Filing, LastBlockWork, MarketTracker, Pallet, Parameters,
	Pending, PendingHead, PendingQueue, PendingTail, RiskClock, Trackers,
};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::Encode;
use frame_support::{weights::Weight, BoundedVec};
use sp_arithmetic::{traits::Bounded, FixedI128, FixedPointNumber};

/// Half of `weight`, each component rounded down.
fn half(weight: Weight) -> Weight {
	Weight::from_parts(weight.ref_time().saturating_div(2), weight.proof_size().saturating_div(2))
}
use clearing_primitives::{
	risk::{bucket_of, relative_move, safety_buffer, trigger_level},
	AccountRisk, Clearing, MarketId, Price,
};
use frame_support::traits::Get;

/// Clock units per Perbill part: 10^18 / 10^9.
const CLOCK_PER_PART: u128 = 1_000_000_000;

/// A clock level as a bucket key (big-endian: byte order is numeric order).
pub(crate) fn key_of(level: u128) -> BucketKey {
	level.to_be_bytes()
}

/// What one market moved the clock by since it was last counted, and its new tracker. A stale
/// price moves nothing (the move is counted once the price is fresh again); an applied funding
/// step counts its rate cap; a raised maintenance fraction counts the increase.
fn market_move(last: Option<MarketTracker>, inputs: clearing_primitives::MarketClockInputs) -> (u128, MarketTracker) {
	let Some(last) = last else {
		// First sight of the market: nothing has been filed against it yet.
		return (
			0,
			MarketTracker {
				price: inputs.price.unwrap_or_default(),
				maintenance_fraction: inputs.maintenance_fraction,
				funding_index: inputs.funding_index,
			},
		);
	};
	let mut moved = 0u128;
	let mut next = last;
	if let Some(price) = inputs.price {
		if last.price == 0 {
			// A market's first fresh price: no one could be evaluated in it before, and those
			// who could not wait just past the clock; one unit wakes them.
			moved = 1;
		} else {
			moved = relative_move(last.price, price);
		}
		next.price = price;
	}
	if inputs.funding_index != last.funding_index {
		moved = moved.max(u128::from(inputs.max_funding_rate.deconstruct()).saturating_mul(CLOCK_PER_PART));
		next.funding_index = inputs.funding_index;
	}
	if inputs.maintenance_fraction > last.maintenance_fraction {
		let raised = inputs
			.maintenance_fraction
			.deconstruct()
			.saturating_sub(last.maintenance_fraction.deconstruct());
		moved = moved.max(u128::from(raised).saturating_mul(CLOCK_PER_PART));
	}
	next.maintenance_fraction = inputs.maintenance_fraction;
	(moved, next)
}

impl<T: Config> Pallet<T> {
	/// Advances the clock over `markets` by the largest move among them; returns the new clock.
	/// Each market comes with its fresh price when the caller already has it (`None`: read it).
	///
	/// Counting a subset of markets is safe: every move is counted when its market is next
	/// looked at, and counting moves one call at a time only makes the clock larger (earlier
	/// evaluations, never later ones).
	pub(crate) fn advance_clock(markets: impl Iterator<Item = (MarketId, Option<Price>)>) -> u128 {
		let mut largest = 0u128;
		for (market, fresh_price) in markets {
			let Some(inputs) = T::Clearing::market_clock_inputs(market, fresh_price) else { continue };
			let last = Trackers::<T>::get(market);
			let (moved, next) = market_move(last, inputs);
			if last != Some(next) {
				Trackers::<T>::insert(market, next);
			}
			largest = largest.max(moved);
		}
		let clock = RiskClock::<T>::get();
		if largest == 0 {
			return clock;
		}
		let clock = clock.saturating_add(largest);
		RiskClock::<T>::put(clock);
		clock
	}

	/// Every market the runtime admits, each without a known price.
	fn every_market() -> impl Iterator<Item = (MarketId, Option<Price>)> {
		(0..T::Clearing::market_count().min(T::MaxMarkets::get())).map(|market| (market, None))
	}

	/// Re-files `who` after its ledger changed or it was evaluated: at its trigger level, in the
	/// due bucket when it is liquidatable, just past the clock when it cannot be marked, nowhere
	/// without positions. A queued account stays queued while it is liquidatable.
	/// `known`: its risk, when the margin engine has just marked it.
	pub(crate) fn refile(who: &T::AccountId, known: Option<&AccountRisk>) {
		let marked;
		let risk = match known {
			Some(risk) => Ok(risk),
			None => {
				marked = T::Clearing::account_risk(who);
				marked.as_ref()
			},
		};
		match risk {
			Ok(risk) => {
				// The clock must include every move up to the prices this evaluation used.
				// The risk's marks are this block's fresh prices: no need to read them again.
				let clock = Self::advance_clock(risk.positions.iter().map(|p| (p.market, Some(p.mark))));
				Self::file(who, risk, clock);
			},
			Err(_) => {
				// Unmarkable: count every market (bounded), so a stale one's return is seen.
				let clock = Self::advance_clock(Self::every_market());
				if !Pending::<T>::contains_key(who) {
					Self::file_at(who, key_of(clock.saturating_add(1)));
				}
			},
		}
	}

	/// The bucket `who` waits in, if it is filed.
	pub fn filed_at(who: &T::AccountId) -> Option<BucketKey> {
		T::Clearing::observer_record(who).bucket
	}

	/// Writes `after` as `who`'s record (in its margin ledger) if it differs from `before`.
	fn store_filing(who: &T::AccountId, before: &Filing<T::MaxPositions>, after: Filing<T::MaxPositions>) {
		if *before == after {
			return;
		}
		T::Clearing::set_observer_record(who, after);
	}

	/// Moves `who` (whose record is `filing`) into bucket `key`, or out of the buckets.
	fn place(who: &T::AccountId, filing: &mut Filing<T::MaxPositions>, key: Option<BucketKey>) {
		if filing.bucket == key {
			return;
		}
		if let Some(old) = filing.bucket {
			Buckets::<T>::remove(old, who);
		}
		if let Some(new) = key {
			Buckets::<T>::insert(new, who, ());
		}
		filing.bucket = key;
	}

	/// Files an account whose risk is known, at clock `clock`: its deleveraging lists and its
	/// bucket, in one write of its record.
	pub(crate) fn file(who: &T::AccountId, risk: &AccountRisk, clock: u128) {
		let before = T::Clearing::observer_record(who);
		let mut filing = before.clone();
		filing.ranked = Self::rank(who, risk, &before.ranked);
		// A queued account is never in a bucket (queueing takes it out, and filing keeps a queued
		// one out): one in a bucket needs no read of the queue.
		let may_be_queued = before.bucket.is_none();
		let target = if risk.positions.is_empty() {
			if may_be_queued {
				Self::dequeue(who);
			}
			None
		} else if risk.health.is_liquidatable() {
			if may_be_queued && Pending::<T>::contains_key(who) {
				// Queued: it stays out of the buckets until the queue serves it.
				filing.bucket
			} else {
				// Due at once: this block's on_finalize evaluates it (or queues it).
				let width = Parameters::<T>::get().bucket_width;
				Some(key_of(bucket_of(clock, width).saturating_mul(width)))
			}
		} else {
			if may_be_queued {
				Self::dequeue(who);
			}
			let buffer = safety_buffer(
				risk.health.equity,
				risk.health.maintenance_margin,
				risk.health.gross_notional,
				risk.max_maintenance_fraction(),
				u32::try_from(risk.positions.len()).unwrap_or(u32::MAX),
			)
			.unwrap_or(0);
			let width = Parameters::<T>::get().bucket_width;
			let level = bucket_of(trigger_level(clock, buffer), width).saturating_mul(width);
			// Nothing can change a healthy account's risk before the clock moves (its own changes
			// re-file it): never due again in the same block.
			Some(key_of(level.max(clock.saturating_add(1))))
		};
		Self::place(who, &mut filing, target);
		Self::store_filing(who, &before, filing);
	}

	/// Puts `who` into bucket `key`, out of any other.
	pub(crate) fn file_at(who: &T::AccountId, key: BucketKey) {
		let before = T::Clearing::observer_record(who);
		let mut filing = before.clone();
		Self::place(who, &mut filing, Some(key));
		Self::store_filing(who, &before, filing);
	}

	/// Takes `who` out of the buckets.
	pub(crate) fn unfile(who: &T::AccountId) {
		let before = T::Clearing::observer_record(who);
		let mut filing = before.clone();
		Self::place(who, &mut filing, None);
		Self::store_filing(who, &before, filing);
	}

	/// Appends `who` to the pending queue (out of the buckets).
	pub(crate) fn enqueue(who: &T::AccountId) {
		Self::unfile(who);
		if Pending::<T>::contains_key(who) {
			return;
		}
		let slot = PendingTail::<T>::get();
		PendingQueue::<T>::insert(slot, who);
		Pending::<T>::insert(who, slot);
		PendingTail::<T>::put(slot.saturating_add(1));
		Self::deposit_event(Event::Queued { who: who.clone() });
	}

	/// Takes `who` out of the pending queue, if it is there (a read only, if it is not).
	pub(crate) fn dequeue(who: &T::AccountId) {
		if let Some(slot) = Pending::<T>::get(who) {
			Pending::<T>::remove(who);
			PendingQueue::<T>::remove(slot);
		}
	}

	/// The deleveraging lists after `who`'s change: every position of `who` is listed on its
	/// market and side by size (the largest `MaxAdlCandidates` stay), and taken off the sides it no
	/// longer holds (`before`: the lists it was on). Sizes change only with fills, so the lists
	/// need no price to stay right; deleveraging orders the candidates by profit and leverage when
	/// it runs. A market's record is read once and written only if it changed. Returns the lists
	/// `who` is on now.
	fn rank(
		who: &T::AccountId,
		risk: &AccountRisk,
		before: &[(MarketId, bool)],
	) -> BoundedVec<(MarketId, bool), T::MaxPositions> {
		let now: Vec<((MarketId, bool), u128)> = risk
			.positions
			.iter()
			.map(|p| ((p.market, p.size > 0), p.size.unsigned_abs()))
			.collect();
		let mut markets: Vec<MarketId> = now
			.iter()
			.map(|((market, _), _)| *market)
			.chain(before.iter().map(|(market, _)| *market))
			.collect();
		markets.sort_unstable();
		markets.dedup();
		let mut listed = Vec::new();
		for market in markets {
			let mut candidates = AdlRanking::<T>::get(market);
			let mut changed = false;
			for long in [true, false] {
				let side = (market, long);
				match now.iter().find(|(held, _)| *held == side) {
					Some((_, size)) => {
						let (on_list, side_changed) = candidates.place(long, who, *size);
						if on_list {
							listed.push(side);
						}
						changed |= side_changed;
					},
					None if before.contains(&side) => changed |= candidates.remove(long, who),
					None => {},
				}
			}
			if changed {
				AdlRanking::<T>::insert(market, candidates);
			}
		}
		BoundedVec::truncate_from(listed)
	}

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
		meter.charge(Self::block_base_weight(T::Clearing::market_count().min(T::MaxMarkets::get())));
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

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use clearing_primitives::{risk::CLOCK_ONE, MarketClockInputs};
	use sp_arithmetic::Perbill;

	fn inputs(price: Option<u128>, mmf: u32, index: i128) -> MarketClockInputs {
		MarketClockInputs {
			price,
			maintenance_fraction: Perbill::from_percent(mmf),
			max_funding_rate: Perbill::from_percent(1),
			funding_index: index,
		}
	}

	#[test]
	fn market_moves_count_price_funding_and_fraction_increases() {
		let (m, t) = market_move(None, inputs(Some(100), 5, 0));
		assert_eq!((m, t.price), (0, 100));
		// 10 % price move.
		assert_eq!(market_move(Some(t), inputs(Some(110), 5, 0)).0, CLOCK_ONE / 10);
		// Stale: nothing moves, the tracker keeps the last fresh price.
		let (m, stale) = market_move(Some(t), inputs(None, 5, 0));
		assert_eq!((m, stale.price), (0, 100));
		// Funding applied: the 1 % cap, even without a price move.
		assert_eq!(market_move(Some(t), inputs(Some(100), 5, 7)).0, CLOCK_ONE / 100);
		// Maintenance fraction 5 % → 8 %: 3 %; lowering it moves nothing.
		assert_eq!(market_move(Some(t), inputs(Some(100), 8, 0)).0, 3 * CLOCK_ONE / 100);
		assert_eq!(market_move(Some(t), inputs(Some(100), 4, 0)).0, 0);
		// The largest of them.
		assert_eq!(market_move(Some(t), inputs(Some(98), 8, 7)).0, 3 * CLOCK_ONE / 100);
	}

	#[test]
	fn bucket_keys_sort_numerically() {
		assert!(key_of(255) < key_of(256));
		assert!(key_of(CLOCK_ONE) < key_of(CLOCK_ONE + 1));
		assert!(key_of(0) < key_of(1));
	}
}
