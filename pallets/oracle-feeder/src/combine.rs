//! [`AgreedMedian`]: how the operators' values of a feed become its price.
//!
//! `pallet-oracle`'s `DefaultCombineData` takes the upper middle value of the fresh values: with
//! four operators, two that lie in the same direction set the price. This rule does not let a
//! minority of a third of the operators move a price, and stops the price (it goes stale) rather
//! than follow a larger one:
//!
//! 1. **Fresh values only**: a value older than [`OracleParams::max_price_age_ms`] does not count
//!    (the same bound as the price API's, so a value too old to be served is too old to vote).
//! 2. **Quorum** ([`quorum`]): the larger of [`OracleParams::min_operators`] and ⌊2·n/3⌋ + 1, n
//!    the current number of operators. Fewer fresh values than the quorum: no new price.
//! 3. **Agreement** ([`agreed_value`]): the true median of the fresh values (for an even count
//!    the mean of the two middle values, rounded down); at least a quorum of the fresh values must
//!    lie within [`OracleParams::max_source_deviation`] of it, or there is no new price. The new
//!    price is the median of those agreeing values. Two liars of four that move further than
//!    about `max_source_deviation` from the honest two leave no three values in agreement: the
//!    price stays where it was and goes stale after the maximum age, and a stale price liquidates
//!    nobody and blocks risk-increasing trades downstream. (Liars that stay closer count as
//!    agreeing, so half the operators can shade a price by up to about that deviation, no
//!    more.) With at most ⌊(n−1)/3⌋ liars the honest values are a quorum on their own and the
//!    new price lies within their range whatever the liars send.
//! 4. **Circuit breaker** ([`OracleParams::circuit_breaker`],
//!    [`OracleParams::confirmation_blocks`]): a candidate further than the breaker from the price
//!    at the start of the block is held, not accepted; the price API refuses the feed
//!    (`PriceError::Held`) while a move is held. Candidates that keep agreeing with the held
//!    value (within `max_source_deviation`) confirm it once `confirmation_blocks` blocks have
//!    passed since it was first seen, and the latest of them becomes the price; a candidate back
//!    within the breaker clears the hold and is accepted; a candidate that is a different large
//!    move holds anew. Without a previous price the breaker does not apply.
//!
//! The combined value's timestamp is the oldest timestamp among the agreeing values: a price is
//! no fresher than the oldest value that had to agree for it.
//!
//! Values fed by root (`pallet-oracle`'s own account, governance's emergency path) are one more
//! value among the operators' and count towards the quorum like an operator's; n counts the
//! operators only.
//!
//! `pallet-oracle` calls the rule for each key of every submission, so several times per block;
//! the breaker's state ([`crate::Breakers`]) makes the outcome independent of that (see
//! [`BreakerState`]). The state is written only when it changes.

use crate::{types::HeldMove, BreakerState, Breakers, Config, Event, OracleParams, Pallet, Params};
use alloc::vec::Vec;
use clearing_primitives::{FeedId, Moment, Price};
use core::marker::PhantomData;
use frame_support::{
	traits::{Get, SortedMembers, Time},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_oracle::{CombineData, TimestampedValue};
use sp_runtime::{traits::Saturating, Permill};

/// An operator's value of a feed, or a combined price, with its time.
pub type TimestampedPrice = TimestampedValue<Price, Moment>;

/// Fresh values a new combined price needs: the larger of governance's `min_operators` and
/// ⌊2·`operators`/3⌋ + 1. The two-thirds bound is what makes a third of the operators (rounded
/// down, ⌊(n−1)/3⌋) unable to decide anything: the others are a quorum without them, and they
/// are not a quorum without the others.
pub fn quorum(min_operators: u32, operators: u32) -> u32 {
	let two_thirds = operators.saturating_mul(2) / 3;
	min_operators.max(two_thirds.saturating_add(1))
}

/// Whether `value` lies within `tolerance` (relative to `reference`, rounded down) of
/// `reference`.
pub fn within(value: Price, reference: Price, tolerance: Permill) -> bool {
	value.abs_diff(reference) <= tolerance.mul_floor(reference)
}

/// The median of `sorted` (ascending): the middle value, or for an even count the mean of the two
/// middle values rounded down. `None` for no values.
pub fn median(sorted: &[TimestampedPrice]) -> Option<Price> {
	let count = sorted.len();
	let upper = sorted.get(count / 2)?.value;
	if count % 2 == 1 {
		return Some(upper);
	}
	let lower = sorted.get((count / 2).checked_sub(1)?)?.value;
	// lower <= upper (sorted); lower + (upper - lower) / 2 cannot overflow, unlike (a + b) / 2.
	Some(lower.saturating_add(upper.saturating_sub(lower) / 2))
}

/// Rule steps 2 and 3 on the fresh values: `None` unless at least `quorum` of them lie within
/// `tolerance` of their median; otherwise the median of those agreeing values, timestamped with
/// the oldest of them.
pub fn agreed_value(mut fresh: Vec<TimestampedPrice>, quorum: u32, tolerance: Permill) -> Option<TimestampedPrice> {
	let needed = usize::try_from(quorum).unwrap_or(usize::MAX);
	if fresh.len() < needed || fresh.is_empty() {
		return None;
	}
	fresh.sort_by_key(|v| v.value);
	let centre = median(&fresh)?;
	// Still sorted: the agreeing values are a contiguous run of the sorted fresh values.
	fresh.retain(|v| within(v.value, centre, tolerance));
	if fresh.len() < needed || fresh.is_empty() {
		return None;
	}
	let value = median(&fresh)?;
	let timestamp = fresh.iter().map(|v| v.timestamp).min()?;
	Some(TimestampedValue { value, timestamp })
}

/// What the circuit breaker does with a candidate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
	/// The candidate becomes the price.
	Accept,
	/// The candidate becomes the price, confirming the held move.
	Confirm,
	/// The candidate agrees with the held move, which is not yet confirmed: no new price.
	KeepHolding,
	/// The candidate is a new large move, held from this block on: no new price.
	Hold,
}

/// Rule step 4: the breaker's verdict on `candidate` in `block`, and its state after it.
///
/// `state` is the feed's stored state (default if none); `previous` is the price now stored
/// (`pallet-oracle`'s `Values`), which is the price at the start of `block` when `state` is
/// from an earlier block, since every change of it in a block goes through here first.
pub fn breaker<BlockNumber>(
	mut state: BreakerState<BlockNumber>,
	previous: Option<Price>,
	candidate: Price,
	block: BlockNumber,
	params: &OracleParams,
) -> (Verdict, BreakerState<BlockNumber>)
where
	BlockNumber: Copy + PartialEq + Saturating + From<u32> + PartialOrd,
{
	if state.block != block {
		state.block = block;
		state.reference = previous;
	}
	let Some(reference) = state.reference else {
		// No price to measure against: nothing to break.
		state.held = None;
		return (Verdict::Accept, state);
	};
	if within(candidate, reference, params.circuit_breaker) {
		// Back within the breaker (or never outside): any held move is dropped.
		state.held = None;
		return (Verdict::Accept, state);
	}
	match state.held {
		Some(held) if within(candidate, held.value, params.max_source_deviation) => {
			let waited = block.saturating_sub(held.since);
			if waited >= BlockNumber::from(params.confirmation_blocks) {
				state.held = None;
				// The confirmed move is this block's reference from now on, so the block's later
				// candidates, which agree with it, are not held again.
				state.reference = Some(candidate);
				(Verdict::Confirm, state)
			} else {
				(Verdict::KeepHolding, state)
			}
		},
		_ => {
			state.held = Some(HeldMove { value: candidate, since: block });
			(Verdict::Hold, state)
		},
	}
}

/// `pallet-oracle`'s `CombineData`: fresh values, a two-thirds quorum, agreement around the
/// median, and the circuit breaker (see the module docs).
pub struct AgreedMedian<T>(PhantomData<T>);

impl<T: Config> CombineData<FeedId, TimestampedPrice> for AgreedMedian<T> {
	fn combine_data(
		key: &FeedId,
		values: Vec<TimestampedPrice>,
		prev_value: Option<TimestampedPrice>,
	) -> Option<TimestampedPrice> {
		let params = Params::<T>::get();
		let now = <T as pallet_oracle::Config>::Time::now();
		let operators = u32::try_from(<T as pallet_oracle::Config>::Members::count()).unwrap_or(u32::MAX);
		let fresh: Vec<TimestampedPrice> = values
			.into_iter()
			.filter(|v| now.saturating_sub(v.timestamp) <= params.max_price_age_ms)
			.collect();
		// No agreement: no new price, and the breaker's state stays as it is.
		let candidate = agreed_value(fresh, quorum(params.min_operators, operators), params.max_source_deviation)?;

		let block = frame_system::Pallet::<T>::block_number();
		let stored = Breakers::<T>::get(key);
		let before = stored.unwrap_or_default();
		let (verdict, after) =
			breaker::<BlockNumberFor<T>>(before, prev_value.map(|p| p.value), candidate.value, block, &params);
		if stored != Some(after) {
			Breakers::<T>::insert(key, after);
		}
		let was_held = before.held.is_some();
		match verdict {
			Verdict::Accept => {
				if was_held {
					Pallet::<T>::deposit_event(Event::HeldMoveDropped { feed: key.clone(), price: candidate.value });
				}
				Some(candidate)
			},
			Verdict::Confirm => {
				Pallet::<T>::deposit_event(Event::HeldMoveConfirmed { feed: key.clone(), price: candidate.value });
				Some(candidate)
			},
			Verdict::KeepHolding => None,
			Verdict::Hold => {
				// Only a new hold is news; a repeated one within its own block is not.
				if before.held != after.held {
					Pallet::<T>::deposit_event(Event::MoveHeld {
						feed: key.clone(),
						from: after.reference.unwrap_or_default(),
						to: candidate.value,
					});
				}
				None
			},
		}
	}
}

/// `pallet-oracle`'s weights with this rule's own storage access per submitted value added: the
/// parameters, the operator count and the breaker's state read, the breaker's state written.
/// (The operators' raw values are `pallet-oracle`'s reads and in `Inner`.)
pub struct OracleWeights<T, Inner>(PhantomData<(T, Inner)>);

impl<T: frame_system::Config, Inner: pallet_oracle::WeightInfo> pallet_oracle::WeightInfo for OracleWeights<T, Inner> {
	fn feed_values(x: u32) -> Weight {
		let per_value = T::DbWeight::get().reads_writes(3, 1);
		Inner::feed_values(x).saturating_add(per_value.saturating_mul(u64::from(x)))
	}

	fn on_finalize() -> Weight {
		Inner::on_finalize()
	}
}
