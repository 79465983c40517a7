//! # Order book
//!
//! An on-chain central limit order book for the perpetual markets of the margin engine. Every
//! fill is cleared and margined by the margin engine ([`clearing_primitives::Clearing`]) inside the
//! extrinsic that matched it, so the book never holds a trade the clearinghouse has not accepted.
//!
//! ## Model
//!
//! - **Orders** (`place_order`): limit good-till-cancel, immediate-or-cancel, fill-or-kill,
//!   post-only, and market orders with a worst acceptable price ([`OrderKind`]). Limit prices lie
//!   on the market's tick grid, sizes on its lot grid and at or above its minimum.
//! - **Matching** happens at placement, against the opposite side in price-time priority: best
//!   price first, oldest first within a price. The resting order's price is the fill price. Each
//!   fill goes through the margin engine: a maker that can no longer afford its fill is removed
//!   from the book and matching goes on; a taker that cannot afford its fills fails the whole call,
//!   which then changes nothing. A taker meeting its own resting order cancels that order
//!   (self-trade prevention) and goes on.
//! - **Reduce-only** orders never grow a position: a fill is capped at what the owner's position
//!   can shrink by at that moment, and an order with nothing left to reduce leaves the book. In a
//!   market set `ReduceOnly` by governance every order must be reduce-only.
//! - **Margin for resting orders**: an order that comes to rest reserves the initial margin of its
//!   size at its price; the owner's free collateral (equity − IMR) must cover everything its
//!   resting orders reserve, when it places one and after a fill that grows its position. The
//!   margin engine leaves the reservation in place on withdrawals ([`clearing_primitives::OpenOrderMargin`]).
//!   Reduce-only orders reserve nothing.
//! - **Storage**: per market and side a sorted index of the prices that have orders
//!   ([`BookPrices`], best last, at most `MaxPriceLevels`): the best price is one read, a new
//!   price is found by binary search. Per price a FIFO list ([`Levels`]) of doubly linked orders
//!   ([`Orders`]): a fill at the head, a cancel anywhere, and an insertion at the tail each touch a
//!   constant number of items. Per account the ids of its resting orders ([`AccountOrders`], at
//!   most `MaxOpenOrders`).
//! - **Bounded work**: one call visits at most `MaxFills` resting orders (fills, self-trade
//!   cancels and removals). A limit order that reaches the bound while it still crosses cancels its
//!   rest instead of resting on a crossed book. Calls return their actual weight: the orders they
//!   visited and the levels of the side they rested on.
//! - **Funding premium** ([`clearing_primitives::PremiumSource`]): how far the book's best bid is
//!   above the oracle price, or its best ask below it, as a fraction of the oracle price (zero when
//!   the oracle price lies inside the spread).
//! - **Liquidation support** ([`clearing_primitives::OrderBook`]): cancel every order of an
//!   account; take liquidity for it as a reduce-only taker up to a limit price.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod book;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::{CancelReason, OpenOrders, Order, OrderId, OrderKind, PriceLevel, RemovalReason};
pub use weights::WeightInfo;

use clearing_primitives::{Balance, ClearingError, ClearingView, FillClearing, MarketId, Price, Side, TradingStatus};
use frame_support::{dispatch::DispatchResultWithPostInfo, traits::Get, weights::Weight};

#[cfg(feature = "runtime-benchmarks")]
/// What benchmarks need from the runtime: a tradable market and funded traders.
pub trait BenchmarkHelper<AccountId> {
	/// A market that is active with a fresh price (listing it if needed).
	fn market() -> MarketId;
	/// Gives `who` `amount` settlement atoms of margin collateral.
	fn fund(who: &AccountId, amount: Balance);
	/// Lists markets until there are at least `n`, every one with a fresh price.
	fn list_markets(n: u32);
}

// FRAME's pallet macro expands `expect()` calls into the code it generates for this module's
// pallet, storage and error items (clippy points at those attributes), and the lint cannot be
// scoped to generated code alone; our own code in this module calls no `expect()` or `unwrap()`.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The storage layout's version; migrations hook in when it changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The margin engine: market rules, marks, positions, and the clearing of every fill.
		type Clearing: FillClearing<Self::AccountId>;

		/// Most price levels on one side of one market's book.
		#[pallet::constant]
		type MaxPriceLevels: Get<u32>;

		/// Most resting orders one account may have, over all markets.
		#[pallet::constant]
		type MaxOpenOrders: Get<u32>;

		/// Most resting orders one call visits (fills, self-trade cancels, removals).
		#[pallet::constant]
		type MaxFills: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// A market and funds for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next placed order gets.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// Resting orders by id.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, Order<T::AccountId>, OptionQuery>;

	/// Price levels by (market, side, price): each a FIFO list of resting orders.
	#[pallet::storage]
	pub type Levels<T: Config> = StorageMap<_, Blake2_128Concat, (MarketId, Side, Price), PriceLevel, OptionQuery>;

	/// The prices with resting orders, per market and side, sorted worst first: the best bid
	/// (highest) or best ask (lowest) is the last element.
	#[pallet::storage]
	pub type BookPrices<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		MarketId,
		Twox64Concat,
		Side,
		BoundedVec<Price, T::MaxPriceLevels>,
		ValueQuery,
	>;

	/// Every account's resting orders and the margin they reserve.
	#[pallet::storage]
	pub type AccountOrders<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OpenOrders<T::MaxOpenOrders>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An order was accepted; `size` is what it may fill (a reduce-only order is cut to the
		/// position it reduces). Matching follows at once.
		OrderPlaced {
			order_id: OrderId,
			who: T::AccountId,
			market: MarketId,
			side: Side,
			price: Price,
			size: Balance,
			kind: OrderKind,
			reduce_only: bool,
		},
		/// What was left of an order after matching rests on the book.
		OrderRested { order_id: OrderId, market: MarketId, side: Side, price: Price, remaining: Balance },
		/// A resting order (`maker_order`) was filled by a taker (`taker_order`, none for a
		/// liquidation). Size in base atoms, price in the market's units, fees in settlement atoms.
		OrderFilled {
			market: MarketId,
			maker_order: OrderId,
			taker_order: Option<OrderId>,
			maker: T::AccountId,
			taker: T::AccountId,
			taker_side: Side,
			price: Price,
			size: Balance,
			taker_fee: Balance,
			maker_fee: Balance,
		},
		/// An order (or its unfilled rest) was cancelled on its owner's behalf.
		OrderCancelled {
			order_id: OrderId,
			who: T::AccountId,
			market: MarketId,
			remaining: Balance,
			reason: CancelReason,
		},
		/// The book removed a resting order it could not fill.
		OrderRemoved {
			order_id: OrderId,
			who: T::AccountId,
			market: MarketId,
			remaining: Balance,
			reason: RemovalReason,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No market with this id.
		UnknownMarket,
		/// The market is halted: no orders.
		MarketHalted,
		/// The market is reduce-only: orders must be reduce-only.
		MarketReduceOnly,
		/// Order size zero.
		ZeroSize,
		/// Limit price zero.
		ZeroPrice,
		/// The limit price is not a multiple of the market's tick size.
		PriceOffTick,
		/// The size is not a multiple of the market's lot (step) size.
		SizeOffStep,
		/// The size is below the market's minimum order size.
		BelowMinimumSize,
		/// The market's oracle price (or that of a market the account holds) is stale or missing.
		StalePrice,
		/// A reduce-only order would not shrink the position (there is none on the other side).
		NotReducing,
		/// A post-only order would cross the book.
		PostOnlyWouldCross,
		/// A fill-or-kill order could not be filled whole.
		FillOrKillNotFilled,
		/// The caller cannot afford the fills, or its resting orders' margin, at its initial
		/// margin requirement.
		InsufficientMargin,
		/// The fills would take open interest above the market's cap.
		OpenInterestCap,
		/// The fill would give the caller more positions than an account may hold.
		TooManyPositions,
		/// This side of the market's book has `MaxPriceLevels` prices already.
		TooManyPriceLevels,
		/// The caller has `MaxOpenOrders` resting orders already.
		TooManyOpenOrders,
		/// The limit price lies farther from the oracle price than the market's price band.
		PriceOutsideBand,
		/// No resting order with this id.
		UnknownOrder,
		/// The order belongs to another account.
		NotOrderOwner,
		/// An amount does not fit the ledger's integers.
		Overflow,
	}

	impl<T: Config> From<ClearingError> for Error<T> {
		fn from(e: ClearingError) -> Self {
			match e {
				ClearingError::UnknownMarket => Error::<T>::UnknownMarket,
				ClearingError::MarketHalted => Error::<T>::MarketHalted,
				ClearingError::ReduceOnly => Error::<T>::MarketReduceOnly,
				ClearingError::StalePrice | ClearingError::UnmarkableParty(_) => Error::<T>::StalePrice,
				ClearingError::InsufficientMargin(_) => Error::<T>::InsufficientMargin,
				ClearingError::OpenInterestCap => Error::<T>::OpenInterestCap,
				ClearingError::TooManyPositions(_) => Error::<T>::TooManyPositions,
				ClearingError::ZeroAmount => Error::<T>::ZeroSize,
				ClearingError::NotReducing => Error::<T>::NotReducing,
				// Self-trades never reach the margin engine: the book cancels the resting order.
				ClearingError::SelfTrade | ClearingError::Overflow => Error::<T>::Overflow,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Places an order of `size` base atoms on `side` of `market` at limit `price` (for a
		/// `Market` order: the worst acceptable price), matches it against the book at once, and
		/// rests, cancels or refuses the rest as its `kind` says. A `reduce_only` order never
		/// grows the caller's position.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::place_order_weight(
			T::MaxFills::get(),
			T::Clearing::max_positions(),
			Some(T::MaxPriceLevels::get()),
		// Evicting a full side's farthest level, and sweeping the trader's reduce-only orders
		// that its fills left with nothing to reduce.
		).saturating_add(Pallet::<T>::eviction_weight(T::MaxFills::get().saturating_add(T::MaxOpenOrders::get()))))]
		pub fn place_order(
			origin: OriginFor<T>,
			market: MarketId,
			side: Side,
			price: Price,
			size: Balance,
			kind: OrderKind,
			reduce_only: bool,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			// All or nothing even when called directly rather than dispatched: a refused fill,
			// an unfilled fill-or-kill or a bound at rest time undoes every fill before it.
			let (matched, rested_on, removed) = frame_support::storage::with_storage_layer(|| {
				Self::do_place_order(&who, market, side, price, size, kind, reduce_only).map_err(DispatchError::from)
			})?;
			let positions =
				if matched.touched == 0 { T::Clearing::position_count(&who) } else { matched.max_positions };
			Ok(Some(
				Self::place_order_weight(matched.touched, positions, rested_on)
					.saturating_add(Self::eviction_weight(removed)),
			)
			.into())
		}

		/// Cancels one of the caller's resting orders.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::cancel_order())]
		pub fn cancel_order(origin: OriginFor<T>, order_id: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let order = Orders::<T>::get(order_id).ok_or(Error::<T>::UnknownOrder)?;
			ensure!(order.owner == who, Error::<T>::NotOrderOwner);
			Self::take_off_book(order_id, &order)?;
			Self::deposit_event(Event::OrderCancelled {
				order_id,
				who,
				market: order.market,
				remaining: order.remaining,
				reason: CancelReason::ByOwner,
			});
			Ok(())
		}

		/// Cancels all of the caller's resting orders, or those in `market` only.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::cancel_all(T::MaxOpenOrders::get()))]
		pub fn cancel_all(origin: OriginFor<T>, market: Option<MarketId>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let cancelled = Self::cancel_orders_of(&who, market, CancelReason::ByOwner)?;
			Ok(Some(<T as Config>::WeightInfo::cancel_all(cancelled)).into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// What `place_order` costs: `touched` resting orders visited, filled between accounts that
	/// hold up to `positions` positions (the caller's own count when nothing was touched), plus
	/// the insertion into a side with `rested_on` price levels if the order came to rest.
	pub fn place_order_weight(touched: u32, positions: u32, rested_on: Option<u32>) -> Weight {
		// Benchmarked between single-position accounts; each account touched is dearer by what
		// re-filing (and marking) `positions` positions costs over one.
		let more_positions = T::Clearing::account_changed_weight(positions.max(1))
			.saturating_sub(T::Clearing::account_changed_weight(1));
		let resting = |levels: u32| <T as Config>::WeightInfo::place_order_resting(levels);
		if touched == 0 {
			// Nothing crossed: the resting benchmark is the whole call, the caller's margin check
			// over its positions included (an order that neither crossed nor rested does less).
			return resting(rested_on.unwrap_or(0)).saturating_add(more_positions);
		}
		let crossing = if touched == 1 {
			<T as Config>::WeightInfo::place_order_one_fill()
		} else {
			<T as Config>::WeightInfo::place_order_crossing(touched)
		}
		.saturating_add(more_positions.saturating_mul(2).saturating_mul(u64::from(touched)));
		match rested_on {
			Some(levels) => crossing.saturating_add(resting(levels)),
			None => crossing,
		}
	}

	/// What removing `orders` resting orders costs (a full side's farthest level, or reduce-only
	/// orders left with nothing to reduce): each is taken off the book as a cancellation is.
	pub fn eviction_weight(orders: u32) -> Weight {
		<T as Config>::WeightInfo::cancel_order().saturating_mul(u64::from(orders))
	}

	/// The band around `oracle`: (lowest, highest) price an order may name, the band's width
	/// rounded down.
	pub fn band(oracle: Price, band: sp_runtime::Perbill) -> (Price, Price) {
		let width = band.mul_floor(oracle);
		(oracle.saturating_sub(width), oracle.saturating_add(width))
	}

	/// How much an order on `side` can shrink a position of `position` base atoms.
	pub fn reducible(position: i128, side: Side) -> Balance {
		match side {
			Side::Sell if position > 0 => position.unsigned_abs(),
			Side::Buy if position < 0 => position.unsigned_abs(),
			_ => 0,
		}
	}

	/// Whether a taker on `side` with limit `limit` trades with a resting order at `resting`.
	pub fn crosses(side: Side, limit: Price, resting: Price) -> bool {
		match side {
			Side::Buy => resting <= limit,
			Side::Sell => resting >= limit,
		}
	}

	/// `who`'s resting orders, as traders see them.
	pub fn open_orders_of(who: &T::AccountId) -> alloc::vec::Vec<clearing_primitives::api::OpenOrderView> {
		AccountOrders::<T>::get(who)
			.map(|open| {
				open.orders
					.iter()
					.filter_map(|id| {
						Orders::<T>::get(id).map(|o| clearing_primitives::api::OpenOrderView {
							id: *id,
							market: o.market,
							side: o.side,
							price: o.price,
							size: o.size,
							remaining: o.remaining,
							reduce_only: o.reduce_only,
							reserved_margin: o.reserved_margin,
						})
					})
					.collect()
			})
			.unwrap_or_default()
	}

	/// One side of `market`'s book aggregated by price, best first, at most `depth` levels.
	pub fn depth(market: MarketId, side: Side, depth: u32) -> alloc::vec::Vec<clearing_primitives::api::BookLevelView> {
		BookPrices::<T>::get(market, side)
			.iter()
			.rev()
			.take(depth as usize)
			.filter_map(|price| {
				Levels::<T>::get((market, side, *price)).map(|level| clearing_primitives::api::BookLevelView {
					price: *price,
					size: level.total,
					orders: level.orders,
				})
			})
			.collect()
	}

	/// The best resting price on `side` of `market`'s book.
	pub fn best_price(market: MarketId, side: Side) -> Option<Price> {
		BookPrices::<T>::get(market, side).last().copied()
	}

	/// Margin reserved by `who`'s resting orders, settlement atoms.
	pub fn reserved_margin_of(who: &T::AccountId) -> Balance {
		AccountOrders::<T>::get(who).map(|o| o.reserved_margin).unwrap_or(0)
	}

	#[allow(clippy::too_many_arguments)]
	fn do_place_order(
		who: &T::AccountId,
		market: MarketId,
		side: Side,
		price: Price,
		size: Balance,
		kind: OrderKind,
		reduce_only: bool,
	) -> Result<(book::MatchOutcome, Option<u32>, u32), Error<T>> {
		frame_support::ensure!(size > 0, Error::<T>::ZeroSize);
		frame_support::ensure!(price > 0, Error::<T>::ZeroPrice);
		let rules = T::Clearing::market_rules(market).map_err(Error::<T>::from)?;
		frame_support::ensure!(rules.status != TradingStatus::Halted, Error::<T>::MarketHalted);
		let on_grid = |value: Balance, unit: Balance| value.checked_rem(unit) == Some(0);
		if kind != OrderKind::Market {
			frame_support::ensure!(on_grid(price, rules.tick_size), Error::<T>::PriceOffTick);
		}
		frame_support::ensure!(on_grid(size, rules.step_size), Error::<T>::SizeOffStep);
		frame_support::ensure!(size >= rules.min_order_size, Error::<T>::BelowMinimumSize);
		let (oracle, _) = T::Clearing::fresh_mark(market).map_err(Error::<T>::from)?;
		// Every limit lies inside the band around the oracle; a market order's worst price is
		// clamped to it. Far prices can neither drain an account through a colluding fill nor
		// fill the book's price levels with dust.
		let (lowest, highest) = Self::band(oracle, rules.price_band);
		let price = if kind == OrderKind::Market {
			match side {
				Side::Buy => price.min(highest),
				Side::Sell => price.max(lowest),
			}
		} else {
			frame_support::ensure!((lowest..=highest).contains(&price), Error::<T>::PriceOutsideBand);
			price
		};
		let market_reduce_only = rules.status == TradingStatus::ReduceOnly;
		frame_support::ensure!(reduce_only || !market_reduce_only, Error::<T>::MarketReduceOnly);

		let position_before = T::Clearing::position_size(market, who);
		let mut accepted = size;
		if reduce_only {
			let reducible = Self::reducible(position_before, side);
			frame_support::ensure!(reducible > 0, Error::<T>::NotReducing);
			accepted = accepted.min(reducible);
		}
		if kind == OrderKind::PostOnly {
			if let Some(best) = Self::best_price(market, side.opposite()) {
				frame_support::ensure!(!Self::crosses(side, price, best), Error::<T>::PostOnlyWouldCross);
			}
		}
		let order_id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(order_id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Self::deposit_event(Event::OrderPlaced {
			order_id,
			who: who.clone(),
			market,
			side,
			price,
			size: accepted,
			kind,
			reduce_only,
		});

		let mut taker = book::Taker {
			who,
			order: Some(order_id),
			market,
			side,
			limit: price,
			remaining: accepted,
			liquidation: false,
			max_touched: T::MaxFills::get(),
		};
		let outcome = Self::match_taker(&mut taker, market_reduce_only);
		if let Some(refusal) = outcome.stopped {
			return Err(refusal.into());
		}
		frame_support::ensure!(kind != OrderKind::FillOrKill || taker.remaining == 0, Error::<T>::FillOrKillNotFilled);

		let mut rested_on = None;
		if taker.remaining > 0 {
			if kind.rests() && !outcome.hit_fill_limit {
				let reserved = if reduce_only {
					0
				} else {
					T::Clearing::order_margin(market, price, taker.remaining).map_err(Error::<T>::from)?
				};
				let order = Order {
					owner: who.clone(),
					market,
					side,
					price,
					size: taker.remaining,
					remaining: taker.remaining,
					reduce_only,
					reserved_margin: reserved,
					prev: None,
					next: None,
				};
				rested_on = Some(Self::rest(order_id, order)?);
				Self::deposit_event(Event::OrderRested { order_id, market, side, price, remaining: taker.remaining });
			} else {
				let reason = if outcome.hit_fill_limit { CancelReason::FillLimit } else { CancelReason::Unfilled };
				Self::deposit_event(Event::OrderCancelled {
					order_id,
					who: who.clone(),
					market,
					remaining: taker.remaining,
					reason,
				});
			}
		}

		// Fills that closed (or flipped) the position leave the trader's reduce-only orders in
		// this market on the side that can no longer reduce: they leave the book now rather than
		// wait, reserving nothing, for a taker to meet them.
		let after = if outcome.fills > 0 { T::Clearing::position_size(market, who) } else { position_before };
		let closed = position_before != 0 && (after == 0 || (after > 0) != (position_before > 0));
		let swept = if outcome.fills > 0 && closed { Self::drop_unreducing(who, market, after) } else { 0 };
		let (rested_on, evicted) = match rested_on {
			Some((levels, evicted)) => (Some(levels), evicted),
			None => (None, 0),
		};

		// Resting orders' margin must stay covered when this order rests or its fills grew the
		// position. The margin engine has already checked each fill that grew it against the
		// initial margin, on the state the order leaves (a taker's fills all go one way, so the
		// last fill grew it too): with nothing reserved and nothing resting, that check is this one.
		if !reduce_only {
			let grew = after.unsigned_abs() > position_before.unsigned_abs()
				|| (after != 0 && position_before != 0 && (after > 0) != (position_before > 0));
			if grew || rested_on.is_some() {
				let reserved = i128::try_from(Self::reserved_margin_of(who)).map_err(|_| Error::<T>::Overflow)?;
				if reserved > 0 || rested_on.is_some() {
					let health = T::Clearing::health(who).map_err(Error::<T>::from)?;
					frame_support::ensure!(health.free_collateral() >= reserved, Error::<T>::InsufficientMargin);
				}
			}
		}
		Ok((outcome, rested_on, evicted.saturating_add(swept)))
	}

	/// Takes `who`'s reduce-only orders in `market` that a position of `position` base atoms no
	/// longer lets reduce off the book; returns how many.
	fn drop_unreducing(who: &T::AccountId, market: MarketId, position: i128) -> u32 {
		let ids = AccountOrders::<T>::get(who).map(|o| o.orders).unwrap_or_default();
		let mut dropped: u32 = 0;
		for order_id in ids {
			let Some(order) = Orders::<T>::get(order_id) else { continue };
			if order.market != market || !order.reduce_only || Self::reducible(position, order.side) > 0 {
				continue;
			}
			if Self::take_off_book(order_id, &order).is_ok() {
				dropped = dropped.saturating_add(1);
				Self::deposit_event(Event::OrderRemoved {
					order_id,
					who: who.clone(),
					market,
					remaining: order.remaining,
					reason: RemovalReason::NotReducing,
				});
			}
		}
		dropped
	}

	/// Cancels `who`'s resting orders (in `market` only, if given); returns how many.
	fn cancel_orders_of(who: &T::AccountId, market: Option<MarketId>, reason: CancelReason) -> Result<u32, Error<T>> {
		let ids = AccountOrders::<T>::get(who).map(|o| o.orders).unwrap_or_default();
		let mut cancelled: u32 = 0;
		for order_id in ids {
			let Some(order) = Orders::<T>::get(order_id) else { continue };
			if market.is_some_and(|m| m != order.market) {
				continue;
			}
			Self::take_off_book(order_id, &order)?;
			cancelled = cancelled.saturating_add(1);
			Self::deposit_event(Event::OrderCancelled {
				order_id,
				who: who.clone(),
				market: order.market,
				remaining: order.remaining,
				reason,
			});
		}
		Ok(cancelled)
	}
}

impl<T: Config> Pallet<T> {
	/// The book's invariants, checked by `try_state` and by the tests: every price in a side's
	/// index has a level and every level is indexed; each level's list links its orders both
	/// ways, and its count and total are those of its orders; every resting order is on its
	/// owner's list, and each owner's reservation is the sum of its orders' reservations.
	pub fn do_try_state() -> Result<(), &'static str> {
		let mut listed: u64 = 0;
		for (market, side, prices) in BookPrices::<T>::iter() {
			for price in prices.iter() {
				let level = Levels::<T>::get((market, side, *price)).ok_or("an indexed price has no level")?;
				let (mut count, mut total, mut prev, mut next) = (0u32, 0 as Balance, None, level.head);
				while let Some(id) = next {
					let order = Orders::<T>::get(id).ok_or("a level links a missing order")?;
					if order.prev != prev || order.market != market || order.side != side || order.price != *price {
						return Err("a level's list is inconsistent");
					}
					count = count.saturating_add(1);
					total = total.saturating_add(order.remaining);
					if count > level.orders {
						return Err("a level holds more orders than it counts");
					}
					prev = Some(id);
					next = order.next;
				}
				if count != level.orders || total != level.total || level.tail != prev {
					return Err("a level's count, total or tail differs from its orders");
				}
				listed = listed.saturating_add(u64::from(count));
			}
		}
		let levels = Levels::<T>::iter_keys().count() as u64;
		let indexed: u64 = BookPrices::<T>::iter_values().map(|p| p.len() as u64).sum();
		if levels != indexed {
			return Err("a level is not indexed");
		}
		if Orders::<T>::iter_keys().count() as u64 != listed {
			return Err("a resting order is on no level");
		}
		for (who, open) in AccountOrders::<T>::iter() {
			let mut reserved: Balance = 0;
			for id in open.orders.iter() {
				let order = Orders::<T>::get(id).ok_or("an account lists a missing order")?;
				if order.owner != who {
					return Err("an account lists another account's order");
				}
				reserved = reserved.saturating_add(order.reserved_margin);
			}
			if reserved != open.reserved_margin {
				return Err("an account's reservation differs from its orders'");
			}
		}
		Ok(())
	}
}

impl<T: Config> clearing_primitives::OpenOrderMargin<T::AccountId> for Pallet<T> {
	fn reserved_margin(who: &T::AccountId) -> Balance {
		Self::reserved_margin_of(who)
	}
}

/// Most price levels an impact price walks on one side: beyond them the book is too thin to
/// sample (and the funding hook's work stays bounded).
pub const MAX_IMPACT_LEVELS: u32 = 16;

impl<T: Config> Pallet<T> {
	/// The average price of filling `notional` settlement atoms against `side` of `market`'s
	/// book from its best price on, within [`MAX_IMPACT_LEVELS`] levels; `None` when the side is
	/// thinner than that. Rounded away from the oracle's side of the book (down for bids, up for
	/// asks), so rounding never invents a premium.
	pub fn impact_price(
		market: MarketId,
		side: Side,
		notional: Balance,
		base_decimals: u8,
		price_decimals: u8,
	) -> Option<Price> {
		use clearing_primitives::risk::value_of;
		use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};
		if notional == 0 {
			return None;
		}
		// Whole levels taken (base atoms) and what is left of the notional when the last level,
		// at `last`, covers it.
		let mut left = notional;
		let mut whole_levels: Balance = 0;
		let mut last = None;
		for price in BookPrices::<T>::get(market, side).iter().rev().take(MAX_IMPACT_LEVELS as usize) {
			let level = Levels::<T>::get((market, side, *price))?;
			let level_notional = value_of(level.total, *price, base_decimals, price_decimals, Rounding::Down)?;
			if level_notional >= left {
				last = Some(*price);
				break;
			}
			whole_levels = whole_levels.checked_add(level.total)?;
			left = left.saturating_sub(level_notional);
		}
		let last = last?;
		// The average price is notional / size, the size being the whole levels plus left / last
		// at the last level. With `scale` = 10^(bd + pd − 6) base-atom-price units per settlement
		// atom: price = notional · scale · last / (whole · last + left · scale), exact but for
		// the final division, which rounds away from the oracle's side of the book (down for
		// bids, up for asks), so rounding never invents a premium.
		let rounding = match side {
			Side::Buy => Rounding::Down,
			Side::Sell => Rounding::Up,
		};
		let exp = u32::from(base_decimals).checked_add(u32::from(price_decimals))?;
		let settlement = u32::from(clearing_primitives::SETTLEMENT_DECIMALS);
		if exp >= settlement {
			let scale = 10u128.checked_pow(exp.checked_sub(settlement)?)?;
			let denominator = whole_levels.checked_mul(last)?.checked_add(left.checked_mul(scale)?)?;
			multiply_by_rational_with_rounding(notional, scale.checked_mul(last)?, denominator, rounding)
		} else {
			// scale = 1 / 10^(6 − bd − pd): multiply both parts of the fraction by 10^(6 − bd − pd).
			let inverse = 10u128.checked_pow(settlement.checked_sub(exp)?)?;
			let denominator = whole_levels.checked_mul(last)?.checked_mul(inverse)?.checked_add(left)?;
			multiply_by_rational_with_rounding(notional, last, denominator, rounding)
		}
	}
}

impl<T: Config> clearing_primitives::PremiumSource for Pallet<T> {
	/// `(max(0, impact bid − oracle) − max(0, oracle − impact ask)) / oracle`, where the impact
	/// prices are the average prices of filling the market's impact notional on each side
	/// ([`Pallet::impact_price`]). No sample unless both sides are that deep, so one small order
	/// cannot move funding, while a deep book that trades away from the oracle still does.
	fn premium(market: MarketId) -> Option<clearing_primitives::SignedRate> {
		let rules = T::Clearing::market_rules(market).ok()?;
		let (oracle, decimals) = T::Clearing::fresh_mark(market).ok()?;
		let bid = Self::impact_price(market, Side::Buy, rules.impact_notional, rules.base_decimals, decimals)?;
		let ask = Self::impact_price(market, Side::Sell, rules.impact_notional, rules.base_decimals, decimals)?;
		let above = bid.saturating_sub(oracle);
		let below = oracle.saturating_sub(ask);
		let numerator = i128::try_from(above).ok()?.checked_sub(i128::try_from(below).ok()?)?;
		<clearing_primitives::SignedRate as sp_arithmetic::FixedPointNumber>::checked_from_rational(numerator, oracle)
	}

	fn premium_weight() -> Weight {
		// Per side: the price index and up to MAX_IMPACT_LEVELS levels; the market's rules and
		// its oracle price.
		T::DbWeight::get().reads(
			u64::from(MAX_IMPACT_LEVELS)
				.saturating_add(1)
				.saturating_mul(2)
				.saturating_add(4),
		)
	}
}

impl<T: Config> clearing_primitives::OrderBook<T::AccountId> for Pallet<T> {
	fn cancel_all_orders(who: &T::AccountId) -> u32 {
		// Taking an order off the book only fails on corrupted storage; cancel what can be.
		Self::cancel_orders_of(who, None, CancelReason::Liquidation).unwrap_or(0)
	}

	fn take_liquidity(
		market: MarketId,
		who: &T::AccountId,
		side: Side,
		limit_price: Price,
		size: Balance,
		max_touched: u32,
	) -> Result<clearing_primitives::TakeOutcome, ClearingError> {
		let rules = T::Clearing::market_rules(market)?;
		if rules.status == TradingStatus::Halted {
			return Err(ClearingError::MarketHalted);
		}
		let reducible = Self::reducible(T::Clearing::position_size(market, who), side);
		let mut taker = book::Taker {
			who,
			order: None,
			market,
			side,
			limit: limit_price,
			remaining: size.min(reducible),
			liquidation: true,
			max_touched,
		};
		let outcome = Self::match_taker(&mut taker, rules.status == TradingStatus::ReduceOnly);
		match outcome.stopped {
			Some(refusal) if outcome.fills == 0 => Err(refusal),
			_ => Ok(clearing_primitives::TakeOutcome {
				filled: outcome.filled,
				notional: outcome.notional,
				fills: outcome.fills,
				orders_touched: outcome.touched,
			}),
		}
	}

	fn cancel_market_orders(market: MarketId, max_orders: u32) -> (u32, bool) {
		let mut cancelled: u32 = 0;
		for side in [Side::Buy, Side::Sell] {
			while cancelled < max_orders {
				let Some(price) = BookPrices::<T>::get(market, side).last().copied() else { break };
				let Some(order_id) = Levels::<T>::get((market, side, price)).and_then(|level| level.head) else {
					break;
				};
				let Some(order) = Orders::<T>::get(order_id) else { break };
				if Self::take_off_book(order_id, &order).is_err() {
					break;
				}
				cancelled = cancelled.saturating_add(1);
				Self::deposit_event(Event::OrderCancelled {
					order_id,
					who: order.owner.clone(),
					market,
					remaining: order.remaining,
					reason: CancelReason::Expired,
				});
			}
		}
		let remaining = [Side::Buy, Side::Sell]
			.into_iter()
			.any(|side| !BookPrices::<T>::get(market, side).is_empty());
		(cancelled, remaining)
	}

	fn max_touched() -> u32 {
		T::MaxFills::get()
	}

	fn max_open_orders() -> u32 {
		T::MaxOpenOrders::get()
	}

	fn cancel_weight(orders: u32) -> Weight {
		<T as Config>::WeightInfo::cancel_all(orders)
	}

	fn take_weight(touched: u32, positions: u32) -> Weight {
		if touched == 0 {
			return Weight::zero();
		}
		Self::place_order_weight(touched, positions, None)
	}
}
