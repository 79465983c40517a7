//! The risk clock and filing: how far prices (and funding, and maintenance fractions) have moved
//! since each market was last counted, and each account filed in the bucket of the clock level
//! at which it could first be liquidatable. The queue, the deleveraging ranking and the per-block
//! run are in `queue.rs`, `ranking.rs` and `run.rs`.

use crate::{BucketKey, Buckets, Config, Filing, MarketTracker, Pallet, Parameters, Pending, RiskClock, Trackers};
use clearing_primitives::{
	risk::{bucket_of, relative_move, safety_buffer, trigger_level},
	AccountRisk, LiquidationClearing, MarketId, Price,
};
use frame_support::traits::{Get, StoredMap};

/// Clock units per Perbill part: 10^18 / 10^9.
const CLOCK_PER_PART: u128 = 1_000_000_000;

/// A clock level as a bucket key (big-endian: byte order is numeric order).
pub(crate) fn key_of(level: u128) -> BucketKey {
	level.to_be_bytes()
}

/// What one market moved the clock by since it was last counted, and its new tracker. A stale
/// price moves nothing (the move is counted once the price is fresh again); an applied funding
/// step counts its rate cap; a raised maintenance fraction counts the increase; an option
/// expiry's risk index counts its growth (surface moves, the settlement fixing). The parts are
/// added, not the largest taken: a price move and a funding step in the same block both take
/// from the same position's equity.
fn market_move(last: Option<MarketTracker>, inputs: clearing_primitives::MarketClockInputs) -> (u128, MarketTracker) {
	let Some(last) = last else {
		// First sight of the market: nothing has been filed against it yet.
		return (
			0,
			MarketTracker {
				price: inputs.price.unwrap_or_default(),
				maintenance_fraction: inputs.maintenance_fraction,
				funding_index: inputs.funding_index,
				risk_index: inputs.risk_index,
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
		moved = moved.saturating_add(u128::from(inputs.max_funding_rate.deconstruct()).saturating_mul(CLOCK_PER_PART));
		next.funding_index = inputs.funding_index;
	}
	if inputs.maintenance_fraction > last.maintenance_fraction {
		let raised = inputs
			.maintenance_fraction
			.deconstruct()
			.saturating_sub(last.maintenance_fraction.deconstruct());
		moved = moved.saturating_add(u128::from(raised).saturating_mul(CLOCK_PER_PART));
	}
	next.maintenance_fraction = inputs.maintenance_fraction;
	if inputs.risk_index > last.risk_index {
		moved = moved.saturating_add(inputs.risk_index.saturating_sub(last.risk_index));
	}
	next.risk_index = inputs.risk_index;
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

	/// Every live market (at most `MaxMarkets`), each without a known price.
	pub(crate) fn every_market() -> impl Iterator<Item = (MarketId, Option<Price>)> {
		T::Clearing::live_markets()
			.into_iter()
			.take(usize::try_from(T::MaxMarkets::get()).unwrap_or(usize::MAX))
			.map(|market| (market, None))
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
				let clock = Self::advance_clock(risk.positions.iter().map(|p| (p.market, Some(p.clock_price))));
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
		T::Filings::get(who).bucket
	}

	/// Writes `after` as `who`'s record (in its margin ledger) if it differs from `before`.
	pub(crate) fn store_filing(who: &T::AccountId, before: &Filing<T::MaxPositions>, after: Filing<T::MaxPositions>) {
		if *before == after {
			return;
		}
		if T::Filings::insert(who, after).is_err() {
			frame_support::defensive!("the margin ledger keeps every filing");
		}
	}

	/// Moves `who` (whose record is `filing`) into bucket `key`, or out of the buckets.
	pub(crate) fn place(who: &T::AccountId, filing: &mut Filing<T::MaxPositions>, key: Option<BucketKey>) {
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
		let before = T::Filings::get(who);
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
		let before = T::Filings::get(who);
		let mut filing = before.clone();
		Self::place(who, &mut filing, Some(key));
		Self::store_filing(who, &before, filing);
	}

	/// Takes `who` out of the buckets.
	pub(crate) fn unfile(who: &T::AccountId) {
		let before = T::Filings::get(who);
		let mut filing = before.clone();
		Self::place(who, &mut filing, None);
		Self::store_filing(who, &before, filing);
	}
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
			risk_index: 0,
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
		// All of them at once add up: they all take from the same positions' equity.
		assert_eq!(
			market_move(Some(t), inputs(Some(98), 8, 7)).0,
			clearing_primitives::risk::relative_move(100, 98) + CLOCK_ONE / 100 + 3 * CLOCK_ONE / 100
		);
	}

	#[test]
	fn an_option_expirys_risk_index_moves_the_clock_by_its_growth() {
		let (_, t) = market_move(None, MarketClockInputs { risk_index: 5, ..inputs(Some(100), 9, 0) });
		assert_eq!(t.risk_index, 5);
		let grown = MarketClockInputs { risk_index: 5 + CLOCK_ONE / 50, ..inputs(Some(100), 9, 0) };
		let (m, next) = market_move(Some(t), grown);
		assert_eq!((m, next.risk_index), (CLOCK_ONE / 50, 5 + CLOCK_ONE / 50));
		// With a 1 % index move in the same block: both count.
		let both = MarketClockInputs { risk_index: 5 + CLOCK_ONE / 50, ..inputs(Some(101), 9, 0) };
		assert_eq!(market_move(Some(t), both).0, CLOCK_ONE / 50 + CLOCK_ONE / 100);
	}

	#[test]
	fn bucket_keys_sort_numerically() {
		assert!(key_of(255) < key_of(256));
		assert!(key_of(CLOCK_ONE) < key_of(CLOCK_ONE + 1));
		assert!(key_of(0) < key_of(1));
	}
}
