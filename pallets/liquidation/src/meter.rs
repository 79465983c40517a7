//! Metering on_finalize: the block's budget, and what each step costs, from the benchmarks.
//!
//! on_initialize reserves a share of the block (`reserved_share`, or `crash_share` while accounts
//! wait); on_finalize may use that reserve plus whatever the block's transactions left free, up
//! to `crash_share`. Every step is admitted only while its worst case fits what is left, and is
//! then charged what it did: an evaluation by its account's positions, a liquidation by its
//! cancelled orders, resting orders visited, slices, transfers and deleveraging candidates, and
//! the first visit of each market's book in the block. Each part comes from a benchmark of that
//! step in on_finalize: evaluations of one-position and of full accounts, a liquidation filled by
//! one resting order, a liquidation taken over by the backstop; the order book's and the margin
//! engine's benchmarks price the book walks, cancellations and re-marks beyond them. What
//! on_finalize used beyond its reserve is registered with the block, so the block's weight is
//! what the engine did and never more than the block's maximum.

use crate::{engine::LiquidationWork, Config, Pallet, Parameters};
use clearing_primitives::{ClearingView, OrderBook};
use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};
use sp_arithmetic::Perbill;

use crate::weights::WeightInfo;

/// What one more unit of a benchmark's component costs: `weight(2) - weight(1)`, the benchmarks
/// being linear in their component.
fn slope(weight: fn(u32) -> Weight) -> Weight {
	weight(2).saturating_sub(weight(1))
}

/// The block's liquidation budget as on_finalize spends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Meter {
	limit: Weight,
	used: Weight,
	/// Weight promised to work that must happen later in the block (queueing the accounts found
	/// liquidatable but not yet served): no step may take it.
	pledged: Weight,
}

impl Meter {
	pub(crate) fn with_limit(limit: Weight) -> Self {
		Self { limit, used: Weight::zero(), pledged: Weight::zero() }
	}

	/// Whether `weight` more fits beside what is used and pledged.
	pub(crate) fn can(&self, weight: Weight) -> bool {
		self.used
			.saturating_add(self.pledged)
			.saturating_add(weight)
			.all_lte(self.limit)
	}

	/// Counts `weight` as used.
	pub(crate) fn charge(&mut self, weight: Weight) {
		self.used = self.used.saturating_add(weight);
	}

	/// Promises `weight` to work that comes later.
	pub(crate) fn pledge(&mut self, weight: Weight) {
		self.pledged = self.pledged.saturating_add(weight);
	}

	/// Releases a promise, without using it.
	pub(crate) fn release(&mut self, weight: Weight) {
		self.pledged = self.pledged.saturating_sub(weight);
	}

	pub(crate) fn used(&self) -> Weight {
		self.used
	}

	/// What is used and pledged.
	pub(crate) fn committed(&self) -> Weight {
		self.used.saturating_add(self.pledged)
	}

	pub(crate) fn limit(&self) -> Weight {
		self.limit
	}
}

impl<T: Config> Pallet<T> {
	/// `share` of the block's maximum weight.
	pub fn share_of_block(share: Perbill) -> Weight {
		let max = <T as frame_system::Config>::BlockWeights::get().max_block;
		Weight::from_parts(share.mul_floor(max.ref_time()), share.mul_floor(max.proof_size()))
	}

	/// Whether accounts wait for the engine: some are queued, or some bucket is due at the clock
	/// as it stands (a price move landing in this block makes more due; on_finalize then uses the
	/// free part of the block).
	pub fn accounts_waiting() -> bool {
		if crate::Pending::<T>::count() > 0 {
			return true;
		}
		let clock = crate::clock::key_of(crate::RiskClock::<T>::get());
		crate::Buckets::<T>::iter_keys().next().is_some_and(|(key, _)| key <= clock)
	}

	/// What on_initialize reserves for on_finalize: `crash_share` of the block while accounts
	/// wait (never less than [`Self::crash_minimum`]: one liquidation at its worst always fits),
	/// `reserved_share` otherwise (never less than [`Self::minimum_budget`]).
	pub fn reserve() -> Weight {
		let parameters = Parameters::<T>::get();
		if Self::accounts_waiting() {
			Self::share_of_block(parameters.crash_share).max(Self::crash_minimum())
		} else {
			Self::share_of_block(parameters.reserved_share).max(Self::minimum_budget())
		}
	}

	/// The least on_finalize must be able to do in any block: advance the clock over every market
	/// the runtime admits, unwind the backstop once, and evaluate one account at its worst and
	/// queue it (a quiet block's free space, or the next block's crash reserve, liquidates it).
	pub fn minimum_budget() -> Weight {
		Self::block_base_weight(T::MaxMarkets::get())
			.saturating_add(Self::unwind_weight())
			.saturating_add(Self::evaluation_weight(T::MaxPositions::get()))
			.saturating_add(Self::enqueue_weight())
	}

	/// The least on_finalize needs while accounts wait: [`Self::minimum_budget`] and one
	/// liquidation step at its worst.
	pub fn crash_minimum() -> Weight {
		Self::minimum_budget().saturating_add(Self::max_step_weight(T::MaxPositions::get()))
	}

	/// What on_initialize costs: the reserve it takes for on_finalize, plus reading the queue's
	/// size, the clock and the first bucket, and storing the reserve.
	pub fn on_initialize_weight() -> Weight {
		Self::reserve().saturating_add(T::DbWeight::get().reads_writes(4, 1))
	}

	/// What on_finalize may use given its `reserved` weight: the reserve plus what the block
	/// left free, up to `crash_share` of the block (and never less than the reserve).
	pub(crate) fn block_limit(reserved: Weight) -> Weight {
		let max_block = <T as frame_system::Config>::BlockWeights::get().max_block;
		let consumed = frame_system::Pallet::<T>::block_weight().total();
		let free = max_block.saturating_sub(consumed);
		let cap = Self::share_of_block(Parameters::<T>::get().crash_share).max(reserved);
		reserved.saturating_add(free).min(cap)
	}

	/// Registers what on_finalize used beyond its reserve with the block (its reserve was
	/// counted by on_initialize).
	pub(crate) fn settle(meter: &Meter, reserved: Weight) {
		let extra = meter.used().saturating_sub(reserved);
		if extra.any_gt(Weight::zero()) {
			frame_system::Pallet::<T>::register_extra_weight_unchecked(extra, DispatchClass::Mandatory);
		}
	}

	/// on_finalize's fixed part: the clock over `markets` markets (benchmarked with every price
	/// moved), the parameters, the reserve, the backstop's inventory and the block's record.
	pub fn block_base_weight(markets: u32) -> Weight {
		<T as Config>::WeightInfo::on_finalize_markets(markets.max(1))
			.saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}

	/// Evaluating one account of `positions` positions in on_finalize, as benchmarked: one more
	/// due account costs `on_finalize_evaluations_one_position` one position, and
	/// `on_finalize_evaluations` the most; between them it grows linearly with positions
	/// (rounded up). The markets' own records are read once per block, with the clock
	/// ([`Self::block_base_weight`]).
	pub fn evaluation_weight(positions: u32) -> Weight {
		// Each position may be an option, marked by a Black-76 evaluation the benchmarks (of
		// perpetuals) did not see.
		Self::perpetual_evaluation_weight(positions).saturating_add(T::Clearing::option_marks_weight(positions))
	}

	fn perpetual_evaluation_weight(positions: u32) -> Weight {
		let most = T::MaxPositions::get().max(1);
		let positions = positions.clamp(1, most);
		let one = slope(<T as Config>::WeightInfo::on_finalize_evaluations_one_position);
		let full = slope(<T as Config>::WeightInfo::on_finalize_evaluations).max(one);
		if most == 1 {
			return full;
		}
		let more = full.saturating_sub(one);
		let share = |total: u64| -> u64 {
			let scaled = u128::from(total).saturating_mul(u128::from(positions.saturating_sub(1)));
			let span = u128::from(most.saturating_sub(1));
			scaled
				.saturating_add(span.saturating_sub(1))
				.checked_div(span)
				.and_then(|w| u64::try_from(w).ok())
				.unwrap_or(u64::MAX)
		};
		one.saturating_add(Weight::from_parts(share(more.ref_time()), share(more.proof_size())))
	}

	/// What queueing an account costs: its slot, its index entry, the counter and its filing.
	pub fn enqueue_weight() -> Weight {
		T::DbWeight::get().reads_writes(3, 4)
	}

	/// One more liquidation in on_finalize, as benchmarked: the last of `l` accounts liquidated
	/// against one deep bid costs this much more than the first (its evaluation, its one fill,
	/// its penalty and filing).
	pub fn marginal_liquidation_weight() -> Weight {
		slope(<T as Config>::WeightInfo::on_finalize_liquidations)
	}

	/// One more liquidation in on_finalize whose account's position the insurance fund's backstop
	/// took over, as benchmarked (an empty book): the last of `l` such accounts costs this much
	/// more than the first.
	pub fn marginal_takeover_weight() -> Weight {
		slope(<T as Config>::WeightInfo::on_finalize_takeovers)
	}

	/// One takeover or deleveraging transfer to a counterparty of `counterparty_positions`
	/// positions: the benchmarked takeover step less the account's evaluation, which leaves the
	/// transfer, both ledgers stored and re-marked, and the counterparty re-filed (both with one
	/// position in the benchmark; [`Self::step_weight`] adds the liquidated account's further
	/// positions, this the counterparty's).
	pub fn transfer_weight(counterparty_positions: u32) -> Weight {
		let positions = counterparty_positions.clamp(1, T::MaxPositions::get().max(1));
		Self::marginal_takeover_weight()
			.saturating_sub(Self::evaluation_weight(1))
			.saturating_add(
				T::Clearing::account_changed_weight(positions).saturating_sub(T::Clearing::account_changed_weight(1)),
			)
	}

	/// A liquidation step that did `work`, on top of `base` (the benchmarked step: one position,
	/// one fill against a resting order, no order cancelled): each cancelled order, each resting
	/// order visited beyond the first, each market whose book the block had not visited yet, each
	/// slice beyond the first (a re-mark), each transfer (by the takeover benchmark, the other
	/// side by its own positions), each deleveraging candidate (a mark), and positions beyond one
	/// (marking and filing cost grows with them).
	pub fn step_weight(base: Weight, work: &LiquidationWork) -> Weight {
		Self::step_weight_with_transfers(base, work, work.transfers)
	}

	fn step_weight_with_transfers(base: Weight, work: &LiquidationWork, transfers: u32) -> Weight {
		let positions = work.positions.max(1);
		let per_account = T::Clearing::account_changed_weight(positions);
		let per_counterparty = T::Clearing::account_changed_weight(work.counterparty_positions.max(1));
		let more_positions = per_account.saturating_sub(T::Clearing::account_changed_weight(1));
		let cancelled = if work.orders_cancelled > 0 {
			T::Book::cancel_weight(work.orders_cancelled).saturating_sub(T::Book::cancel_weight(0))
		} else {
			Weight::zero()
		};
		let visits = if work.orders_touched > 1 {
			T::Book::take_weight(work.orders_touched, positions).saturating_sub(T::Book::take_weight(1, positions))
		} else {
			Weight::zero()
		};
		let marks = u64::from(work.rounds.saturating_sub(1));
		base.saturating_add(cancelled)
			.saturating_add(visits)
			.saturating_add(T::Book::take_weight(1, positions).saturating_mul(u64::from(work.fresh_markets)))
			.saturating_add(per_account.saturating_mul(marks))
			.saturating_add(
				Self::transfer_weight(work.counterparty_positions)
					.saturating_add(more_positions)
					.saturating_mul(u64::from(transfers)),
			)
			.saturating_add(per_counterparty.saturating_mul(u64::from(work.candidates)))
			.saturating_add(more_positions.saturating_mul(2))
	}

	/// What a liquidation step in on_finalize that did `work` is charged: from the takeover
	/// benchmark when nothing filled on the book and the backstop took a position over (the
	/// step a crash of bankrupt accounts repeats), from the one-fill benchmark otherwise.
	pub fn block_step_weight(work: &LiquidationWork) -> Weight {
		if work.orders_touched == 0 && work.transfers > 0 {
			Self::step_weight_with_transfers(Self::marginal_takeover_weight(), work, work.transfers.saturating_sub(1))
		} else {
			Self::step_weight(Self::marginal_liquidation_weight(), work)
		}
	}

	/// What the most common liquidation step of an account with `positions` positions costs in
	/// on_finalize: one slice, filled by one resting order, in a market the block visited
	/// already. Detection promises at least this for each account it finds, so that it finds
	/// about as many as the block can liquidate.
	pub fn common_step_weight(positions: u32) -> Weight {
		let positions = positions.clamp(1, T::MaxPositions::get());
		Self::block_step_weight(&LiquidationWork { orders_touched: 1, rounds: 1, positions, ..Default::default() })
	}

	/// The most a liquidation step of an account with `positions` positions may cost in
	/// on_finalize: all its orders cancelled, every bound of a step reached, every market it
	/// holds visited for the first time.
	pub fn max_step_weight(positions: u32) -> Weight {
		Self::block_step_weight(&Self::worst_work(positions))
	}

	/// A step that reached every bound, for an account of `positions` positions.
	pub(crate) fn worst_work(positions: u32) -> LiquidationWork {
		let positions = positions.clamp(1, T::MaxPositions::get());
		let (visits, transfers) = Self::step_bounds();
		let rounds = positions.saturating_mul(2).min(Self::max_rounds());
		LiquidationWork {
			orders_cancelled: T::Book::max_open_orders(),
			orders_touched: visits,
			transfers,
			candidates: transfers,
			rounds,
			positions,
			fresh_markets: positions.min(rounds).min(T::MaxMarkets::get()),
			counterparty_positions: T::MaxPositions::get(),
		}
	}
}
