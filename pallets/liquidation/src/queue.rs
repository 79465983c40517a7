//! The pending queue: accounts found liquidatable that wait for a block (or a keeper) to serve
//! them, first come first served. An account is either filed in a bucket or queued, never both.

use crate::{Config, Event, Pallet, Pending, PendingQueue, PendingTail};

impl<T: Config> Pallet<T> {
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
}
