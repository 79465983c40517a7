//! The matching engine and the book's list operations.
//!
//! Every operation touches a constant number of storage items, except the side's price index,
//! which is one bounded value searched in memory by binary search.

use crate::{
	AccountOrders, BookPrices, CancelReason, Config, Error, Event, Levels, Order, OrderId, Orders, Pallet, PriceLevel,
	RemovalReason,
};
use clearing_primitives::{Balance, ClearingError, ClearingView, FillClearing, MarketId, Party, Price, Side};
use core::cmp::Ordering;
use frame_support::traits::Get;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// The incoming order while it matches.
pub(crate) struct Taker<'a, AccountId> {
	/// Who trades.
	pub who: &'a AccountId,
	/// Its order id; none for a liquidation.
	pub order: Option<OrderId>,
	/// The market.
	pub market: MarketId,
	/// Its side.
	pub side: Side,
	/// Worst price it accepts.
	pub limit: Price,
	/// Base atoms it still wants.
	pub remaining: Balance,
	/// Whether it is an account under liquidation (its fills are cleared as liquidation fills).
	pub liquidation: bool,
	/// Most resting orders this run may visit.
	pub max_touched: u32,
}

/// What one matching run did.
#[derive(Default)]
pub(crate) struct MatchOutcome {
	/// Base atoms filled.
	pub filled: Balance,
	/// Σ notional of the fills (settlement atoms).
	pub notional: Balance,
	/// Number of fills.
	pub fills: u32,
	/// Resting orders visited: filled, cancelled as self-trades, or removed.
	pub touched: u32,
	/// Whether matching stopped at `MaxFills` while the book still crossed the taker's limit.
	pub hit_fill_limit: bool,
	/// The margin engine refused a fill for the taker (or the market); matching stopped there.
	pub stopped: Option<ClearingError>,
	/// Most positions any account held after one of these fills (taker or maker): each fill
	/// re-files both with the liquidation engine, at a cost that grows with it.
	pub max_positions: u32,
}

/// Whether `a` is a better price than `b` for resting orders on `side` (higher bids, lower asks).
fn better(side: Side, a: Price, b: Price) -> bool {
	match side {
		Side::Buy => a > b,
		Side::Sell => a < b,
	}
}

/// Where `price` is, or would go, in a side's index (sorted worst first).
fn search(prices: &[Price], side: Side, price: Price) -> Result<usize, usize> {
	prices.binary_search_by(|p| {
		if *p == price {
			Ordering::Equal
		} else if better(side, *p, price) {
			Ordering::Greater
		} else {
			Ordering::Less
		}
	})
}

impl<T: Config> Pallet<T> {
	/// Takes `order` out of its level's list (anywhere in it), in memory for the level and in
	/// storage for its neighbours.
	fn unlink(level: &mut PriceLevel, order: &Order<T::AccountId>) {
		match order.prev {
			Some(prev) => Orders::<T>::mutate_extant(prev, |o| o.next = order.next),
			None => level.head = order.next,
		}
		match order.next {
			Some(next) => Orders::<T>::mutate_extant(next, |o| o.prev = order.prev),
			None => level.tail = order.prev,
		}
		level.total = level.total.saturating_sub(order.remaining);
		level.orders = level.orders.saturating_sub(1);
	}

	/// Deletes an order that is already unlinked from its level, and releases its owner's
	/// reservation.
	fn forget(order_id: OrderId, order: &Order<T::AccountId>) {
		Orders::<T>::remove(order_id);
		AccountOrders::<T>::mutate_exists(&order.owner, |open| {
			if let Some(o) = open {
				o.orders.retain(|id| *id != order_id);
				o.reserved_margin = o.reserved_margin.saturating_sub(order.reserved_margin);
				if o.orders.is_empty() {
					*open = None;
				}
			}
		});
	}

	/// Removes a resting order from the book: its level (and the level's price when it empties),
	/// its owner's list and reservation.
	pub(crate) fn take_off_book(order_id: OrderId, order: &Order<T::AccountId>) -> Result<(), Error<T>> {
		let key = (order.market, order.side, order.price);
		let mut level = Levels::<T>::get(key).unwrap_or_default();
		Self::unlink(&mut level, order);
		Self::forget(order_id, order);
		if level.orders == 0 {
			Levels::<T>::remove(key);
			BookPrices::<T>::mutate(order.market, order.side, |prices| {
				if let Ok(i) = search(prices, order.side, order.price) {
					prices.remove(i);
				}
			});
		} else {
			Levels::<T>::insert(key, level);
		}
		Ok(())
	}

	/// Puts a new order at the tail of its price level, creating the level if needed; returns
	/// the number of levels on that side and the orders evicted to make room (for the weight).
	///
	/// A side that already has `MaxPriceLevels` prices evicts its worst level (the farthest from
	/// the other side, so from the oracle) for a new price better than it, when that level holds
	/// at most `MaxFills` orders; otherwise the order is refused. Dust far from the oracle can
	/// therefore never keep a market maker quoting near it off the book.
	pub(crate) fn rest(order_id: OrderId, mut order: Order<T::AccountId>) -> Result<(u32, u32), Error<T>> {
		let key = (order.market, order.side, order.price);
		let mut prices = BookPrices::<T>::get(order.market, order.side);
		let mut evicted = 0;
		let mut level = match search(&prices, order.side, order.price) {
			Ok(_) => Levels::<T>::get(key).unwrap_or_default(),
			Err(mut at) => {
				if prices.is_full() {
					match prices.first().copied() {
						Some(worst) if at > 0 && better(order.side, order.price, worst) => {
							evicted = Self::evict_level(order.market, order.side, worst)?;
							prices.remove(0);
							at = at.saturating_sub(1);
						},
						_ => return Err(Error::<T>::TooManyPriceLevels),
					}
				}
				prices.try_insert(at, order.price).map_err(|_| Error::<T>::TooManyPriceLevels)?;
				BookPrices::<T>::insert(order.market, order.side, &prices);
				PriceLevel::default()
			},
		};
		AccountOrders::<T>::try_mutate(&order.owner, |open| -> Result<(), Error<T>> {
			let open = open.get_or_insert_with(Default::default);
			open.orders.try_push(order_id).map_err(|_| Error::<T>::TooManyOpenOrders)?;
			open.reserved_margin = open
				.reserved_margin
				.checked_add(order.reserved_margin)
				.ok_or(Error::<T>::Overflow)?;
			Ok(())
		})?;
		order.prev = level.tail;
		order.next = None;
		match level.tail {
			Some(tail) => Orders::<T>::mutate_extant(tail, |o| o.next = Some(order_id)),
			None => level.head = Some(order_id),
		}
		level.tail = Some(order_id);
		level.total = level.total.checked_add(order.remaining).ok_or(Error::<T>::Overflow)?;
		level.orders = level.orders.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Orders::<T>::insert(order_id, order);
		Levels::<T>::insert(key, level);
		Ok((u32::try_from(prices.len()).unwrap_or(u32::MAX), evicted))
	}

	/// Removes every order of one price level (the caller drops the price from the side's
	/// index); refused when the level holds more than `MaxFills` orders, so an eviction's work is
	/// bounded like a sweep's. Returns how many orders it removed.
	fn evict_level(market: MarketId, side: Side, price: Price) -> Result<u32, Error<T>> {
		let key = (market, side, price);
		let level = Levels::<T>::get(key).unwrap_or_default();
		frame_support::ensure!(level.orders <= T::MaxFills::get(), Error::<T>::TooManyPriceLevels);
		Levels::<T>::remove(key);
		let mut next = level.head;
		let mut removed: u32 = 0;
		while let Some(order_id) = next {
			let Some(order) = Orders::<T>::get(order_id) else { break };
			next = order.next;
			Self::forget(order_id, &order);
			removed = removed.saturating_add(1);
			Self::deposit_event(Event::OrderRemoved {
				order_id,
				who: order.owner.clone(),
				market,
				remaining: order.remaining,
				reason: RemovalReason::Evicted,
			});
			if removed >= level.orders {
				break;
			}
		}
		Ok(removed)
	}

	/// Matches `taker` against the opposite side in price-time priority, clearing every fill
	/// through the margin engine, until it is filled, the book no longer crosses its limit, a
	/// fill is refused for the taker, or `MaxFills` resting orders were visited.
	pub(crate) fn match_taker(taker: &mut Taker<'_, T::AccountId>, market_reduce_only: bool) -> MatchOutcome {
		let book_side = taker.side.opposite();
		let max = taker.max_touched.min(T::MaxFills::get());
		let mut out = MatchOutcome::default();
		let mut prices = BookPrices::<T>::get(taker.market, book_side);
		let mut prices_changed = false;
		while taker.remaining > 0 && out.stopped.is_none() {
			let Some(&price) = prices.last() else { break };
			if !Self::crosses(taker.side, taker.limit, price) {
				break;
			}
			if out.touched >= max {
				out.hit_fill_limit = true;
				break;
			}
			let key = (taker.market, book_side, price);
			let mut level = Levels::<T>::get(key).unwrap_or_default();
			while taker.remaining > 0 {
				let Some(order_id) = level.head else { break };
				if out.touched >= max {
					out.hit_fill_limit = true;
					break;
				}
				out.touched = out.touched.saturating_add(1);
				let Some(order) = Orders::<T>::get(order_id) else {
					// A level pointing at a missing order cannot happen; drop the level rather
					// than loop on it.
					level = PriceLevel::default();
					break;
				};
				if let Err(refusal) =
					Self::match_one(taker, &mut level, order_id, order, price, market_reduce_only, &mut out)
				{
					out.stopped = Some(refusal);
					break;
				}
			}
			if level.orders == 0 {
				Levels::<T>::remove(key);
				prices.pop();
				prices_changed = true;
			} else {
				Levels::<T>::insert(key, level);
			}
			if out.hit_fill_limit {
				break;
			}
		}
		if prices_changed {
			BookPrices::<T>::insert(taker.market, book_side, prices);
		}
		out
	}

	/// The taker meets the resting order at the head of `level`: cancel it (self-trade), remove
	/// it (nothing to reduce, or its owner cannot afford the fill), or fill it. Errs when the
	/// margin engine refuses the fill for the taker or the market.
	#[allow(clippy::too_many_arguments)]
	fn match_one(
		taker: &mut Taker<'_, T::AccountId>,
		level: &mut PriceLevel,
		order_id: OrderId,
		mut order: Order<T::AccountId>,
		price: Price,
		market_reduce_only: bool,
		out: &mut MatchOutcome,
	) -> Result<(), ClearingError> {
		if &order.owner == taker.who {
			Self::drop_resting(level, order_id, &order, Ok(CancelReason::SelfTrade));
			return Ok(());
		}
		let mut cap = order.remaining;
		if order.reduce_only || market_reduce_only {
			cap = cap.min(Self::reducible(T::Clearing::position_size(taker.market, &order.owner), order.side));
		}
		if cap == 0 {
			Self::drop_resting(level, order_id, &order, Err(RemovalReason::NotReducing));
			return Ok(());
		}
		let size = taker.remaining.min(cap);
		let fill = if taker.liquidation { T::Clearing::apply_liquidation_fill } else { T::Clearing::apply_fill };
		let receipt = match fill(taker.market, taker.who, &order.owner, taker.side, price, size) {
			Ok(receipt) => receipt,
			Err(ClearingError::UnmarkableParty(Party::Maker)) => {
				// A maker holding a position in a market without a fresh price cannot be
				// margined: its order leaves the book instead of blocking every taker.
				Self::drop_resting(level, order_id, &order, Err(RemovalReason::StalePrice));
				return Ok(());
			},
			Err(ClearingError::InsufficientMargin(Party::Maker)) => {
				Self::drop_resting(level, order_id, &order, Err(RemovalReason::InsufficientMargin));
				return Ok(());
			},
			Err(ClearingError::TooManyPositions(Party::Maker)) => {
				Self::drop_resting(level, order_id, &order, Err(RemovalReason::TooManyPositions));
				return Ok(());
			},
			Err(refusal) => return Err(refusal),
		};
		taker.remaining = taker.remaining.saturating_sub(size);
		out.max_positions = out
			.max_positions
			.max(T::Clearing::position_count(taker.who))
			.max(T::Clearing::position_count(&order.owner));
		out.filled = out.filled.saturating_add(size);
		out.notional = out.notional.saturating_add(receipt.notional);
		out.fills = out.fills.saturating_add(1);
		Self::deposit_event(Event::OrderFilled {
			market: taker.market,
			maker_order: order_id,
			taker_order: taker.order,
			maker: order.owner.clone(),
			taker: taker.who.clone(),
			taker_side: taker.side,
			price,
			size,
			taker_fee: receipt.taker_fee,
			maker_fee: receipt.maker_fee,
		});

		// The filled size leaves the order and the level.
		let before = order.remaining;
		order.remaining = before.saturating_sub(size);
		level.total = level.total.saturating_sub(size);
		if order.remaining == 0 {
			// Off the book; `forget` releases the whole reservation.
			Self::unlink(level, &order);
			Self::forget(order_id, &order);
		} else if size == cap {
			// A reduce-only order (or any order in a reduce-only market) whose owner's position is
			// now closed: the rest cannot fill; `forget` releases its whole reservation.
			Self::drop_resting(level, order_id, &order, Err(RemovalReason::NotReducing));
		} else {
			// Still resting: its reservation shrinks in proportion, rounded up so what stays
			// reserved never falls below the rest's share.
			let kept = multiply_by_rational_with_rounding(order.reserved_margin, order.remaining, before, Rounding::Up)
				.unwrap_or(order.reserved_margin)
				.min(order.reserved_margin);
			let released = order.reserved_margin.saturating_sub(kept);
			order.reserved_margin = kept;
			if released > 0 {
				AccountOrders::<T>::mutate_extant(&order.owner, |o| {
					o.reserved_margin = o.reserved_margin.saturating_sub(released)
				});
			}
			Orders::<T>::insert(order_id, order);
		}
		Ok(())
	}

	/// Takes the head order off its level during matching, with the event that says why:
	/// `Ok` a cancellation on the owner's behalf, `Err` a removal by the book.
	fn drop_resting(
		level: &mut PriceLevel,
		order_id: OrderId,
		order: &Order<T::AccountId>,
		why: Result<CancelReason, RemovalReason>,
	) {
		Self::unlink(level, order);
		Self::forget(order_id, order);
		let (who, market, remaining) = (order.owner.clone(), order.market, order.remaining);
		Self::deposit_event(match why {
			Ok(reason) => Event::OrderCancelled { order_id, who, market, remaining, reason },
			Err(reason) => Event::OrderRemoved { order_id, who, market, remaining, reason },
		});
	}
}
