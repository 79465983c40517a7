//! The deleveraging ranking: per market and side, the largest positions (at most
//! `MaxAdlCandidates`), kept up to date as fills change sizes, so that auto-deleveraging finds its
//! counterparties without scanning accounts.

use crate::{AdlRanking, Config, Pallet};
use alloc::vec::Vec;
use clearing_primitives::{AccountRisk, MarketId};
use frame_support::BoundedVec;

impl<T: Config> Pallet<T> {
	/// The deleveraging lists after `who`'s change: every position of `who` is listed on its
	/// market and side by size (the largest `MaxAdlCandidates` stay), and taken off the sides it no
	/// longer holds (`before`: the lists it was on). Sizes change only with fills, so the lists
	/// need no price to stay right; deleveraging orders the candidates by profit and leverage when
	/// it runs. A market's record is read once and written only if it changed. Returns the lists
	/// `who` is on now.
	pub(crate) fn rank(
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
}
