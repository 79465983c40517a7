//! Orders, price levels and per-account order lists as stored.

use clearing_primitives::{Balance, MarketId, Price, Side};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;

/// Identifier of an order; every placed order gets the next one, resting or not.
pub type OrderId = u64;

/// How an order treats what it cannot fill at once.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum OrderKind {
	/// Limit, good till cancelled: fills what crosses, rests the rest.
	Limit,
	/// Limit, immediate or cancel: fills what crosses, cancels the rest.
	ImmediateOrCancel,
	/// Limit, fill or kill: fills the whole size at once or fails and changes nothing.
	FillOrKill,
	/// Limit, post only: rests the whole size; refused if it would cross the book.
	PostOnly,
	/// Market: fills what the book has at prices no worse than the given worst acceptable price
	/// (which need not be on the tick grid) and cancels the rest.
	Market,
}

impl OrderKind {
	/// Whether what is left after matching rests on the book.
	pub fn rests(self) -> bool {
		matches!(self, OrderKind::Limit | OrderKind::PostOnly)
	}
}

/// A resting order: a node of its price level's FIFO list.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct Order<AccountId> {
	/// Who placed it.
	pub owner: AccountId,
	/// The market.
	pub market: MarketId,
	/// Bid (`Buy`) or ask (`Sell`).
	pub side: Side,
	/// Limit price, on the tick grid; every fill against it is at this price.
	pub price: Price,
	/// Size when it came to rest, in base atoms.
	pub size: Balance,
	/// Size not yet filled, in base atoms.
	pub remaining: Balance,
	/// Only ever shrinks the owner's position: fills are capped at the position's size.
	pub reduce_only: bool,
	/// Initial margin this order keeps out of its owner's free collateral, settlement atoms
	/// (zero for reduce-only orders); shrinks with the remaining size.
	pub reserved_margin: Balance,
	/// The order ahead of it at its price (older), if any.
	pub prev: Option<OrderId>,
	/// The order behind it at its price (newer), if any.
	pub next: Option<OrderId>,
}

/// One price of one side of a market's book: a FIFO list of resting orders.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug, Default)]
pub struct PriceLevel {
	/// The oldest order, filled first.
	pub head: Option<OrderId>,
	/// The newest order.
	pub tail: Option<OrderId>,
	/// Σ remaining size of its orders, in base atoms.
	pub total: Balance,
	/// Number of its orders.
	pub orders: u32,
}

/// An account's resting orders and the margin they reserve.
#[derive(
	Encode, Decode, TypeInfo, MaxEncodedLen, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, DefaultNoBound,
)]
#[scale_info(skip_type_params(MaxOrders))]
pub struct OpenOrders<MaxOrders: Get<u32>> {
	/// Ids of its resting orders, oldest first.
	pub orders: BoundedVec<OrderId, MaxOrders>,
	/// Σ reserved margin of those orders, settlement atoms.
	pub reserved_margin: Balance,
}

/// Why a resting order left the book on its owner's behalf.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum CancelReason {
	/// The owner cancelled it.
	ByOwner,
	/// An incoming order of the same owner would have traded with it (self-trade prevention:
	/// the resting order is cancelled, the incoming one goes on).
	SelfTrade,
	/// The unfilled rest of an immediate-or-cancel or market order.
	Unfilled,
	/// The rest of an order that reached the per-call fill bound while it still crossed the book
	/// (resting it would cross the book).
	FillLimit,
	/// Its owner is being liquidated.
	Liquidation,
	/// Its market, an option series, expired.
	Expired,
}

/// Why the book removed a resting order it could not fill.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum RemovalReason {
	/// The owner could no longer afford the fill's initial margin.
	InsufficientMargin,
	/// The fill would have given the owner one position too many.
	TooManyPositions,
	/// A reduce-only order (or any order in a reduce-only market) with nothing left to reduce.
	NotReducing,
	/// The owner holds a position in a market without a fresh price: it cannot be margined.
	StalePrice,
	/// Its price level was the farthest from the oracle on a full side, and a better price
	/// needed the room.
	Evicted,
}
