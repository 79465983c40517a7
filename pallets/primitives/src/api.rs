//! The clearing runtime API (`ClearingApi`): what traders and front ends read of their risk, the
//! markets, the book and the insurance fund, computed by the pallets' own functions (the same
//! ones the chain acts on), so nobody recomputes the margin math off chain. The node's
//! `clearing_*` JSON-RPC methods call it and format its integers as decimal strings.
//!
//! Units as everywhere in the chain: sizes in base atoms, prices in the feed's units, amounts in
//! settlement atoms, fractions as `Perbill` or 10^18-scaled integers.

// `decl_runtime_apis!` repeats the trait's `AccountId: Codec` bound on every method it generates.
#![allow(clippy::multiple_bound_locations)]

use crate::{AccountHealth, Balance, FeedId, MarketId, Moment, Price, Side};
use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Perbill};

/// One position as a trader sees it. Prices in the feed's units, amounts in settlement atoms.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct PositionSummary {
	/// The market.
	pub market: MarketId,
	/// Signed size in base atoms.
	pub size: i128,
	/// Average entry price of the open size (cost basis / size).
	pub entry_price: Price,
	/// The fresh oracle price it is marked at.
	pub mark_price: Price,
	/// Value at mark minus cost basis (conservatively rounded).
	pub unrealized_pnl: i128,
	/// Funding owed (+) or due (−) since it was last settled.
	pub unsettled_funding: i128,
	/// The mark at which the account would reach its maintenance requirement if only this market
	/// moved (a perpetual's; `None` for an option, whose value is not linear in its own mark).
	pub liquidation_price: Option<Price>,
	/// An option's greeks per unit of underlying at its mark; `None` for a perpetual.
	pub greeks: Option<crate::options::Greeks>,
}

/// One option series as traders see it in the chain of its underlying.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct OptionSeriesView {
	/// Its market.
	pub market: MarketId,
	/// Its expiry's id and time (ms since the epoch).
	pub expiry: crate::options::ExpiryId,
	pub expiry_ms: Moment,
	/// Strike, price units.
	pub strike: Price,
	/// Call or put.
	pub right: crate::options::OptionRight,
	/// Whether it trades.
	pub status: crate::TradingStatus,
	/// Its mark (premium per unit, rounded down), `None` while the index or the surface is stale.
	pub mark: Option<Price>,
	/// The accepted implied volatility of its strike (millionths), `None` while stale.
	pub vol: Option<crate::options::Volatility>,
	/// Greeks per unit at the mark.
	pub greeks: Option<crate::options::Greeks>,
	/// The settlement price once fixed.
	pub settlement_price: Option<Price>,
	/// Open interest, base atoms.
	pub open_interest: Balance,
	/// Best resting bid and ask, price units.
	pub best_bid: Option<Price>,
	pub best_ask: Option<Price>,
}

/// An underlying's option chain: every listed series, by expiry then strike then right.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct OptionChainView {
	/// The underlying's feed.
	pub feed: FeedId,
	/// Its fresh index, `None` while stale.
	pub index: Option<Price>,
	/// Decimals of the feed's prices.
	pub price_decimals: u8,
	/// Decimals of the series' sizes.
	pub base_decimals: u8,
	/// The series.
	pub series: Vec<OptionSeriesView>,
}

/// An account's whole margin picture.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct AccountSummary {
	/// Collateral, equity, requirements.
	pub health: AccountHealth,
	/// Maintenance requirement / equity: at or above one the account is liquidatable; `None` when
	/// equity is zero or negative.
	pub margin_ratio: Option<FixedU128>,
	/// Initial margin the account's resting orders reserve, in settlement atoms; free collateral
	/// for withdrawals is equity − IMR − this.
	pub open_order_margin: Balance,
	/// Each open position.
	pub positions: Vec<PositionSummary>,
}

/// One resting order.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct OpenOrderView {
	/// The order's id.
	pub id: u64,
	/// Its market.
	pub market: MarketId,
	/// Buy or sell.
	pub side: Side,
	/// Limit price, in the feed's units.
	pub price: Price,
	/// Size placed, base atoms.
	pub size: Balance,
	/// Size still resting, base atoms.
	pub remaining: Balance,
	/// Whether it may only shrink a position.
	pub reduce_only: bool,
	/// Initial margin it reserves, settlement atoms.
	pub reserved_margin: Balance,
}

/// An account as `clearing_accountSummary` shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct AccountView {
	/// Margin, positions, requirements.
	pub summary: AccountSummary,
	/// Its resting orders.
	pub open_orders: Vec<OpenOrderView>,
	/// Whether it waits in the liquidation engine's pending queue.
	pub queued_for_liquidation: bool,
}

/// A market as `clearing_markets` shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct MarketView {
	/// The market's id.
	pub id: MarketId,
	/// Its ticker, e.g. `BTC-USD`.
	pub ticker: Vec<u8>,
	/// The oracle feed that marks it.
	pub feed: FeedId,
	/// Base atoms per base unit: 10^this.
	pub base_decimals: u8,
	/// Decimals of its prices (the feed's), when the feed has a price.
	pub price_decimals: Option<u8>,
	/// Tick, lot and minimum order size.
	pub tick_size: Balance,
	/// Lot size, base atoms.
	pub step_size: Balance,
	/// Smallest order, base atoms.
	pub min_order_size: Balance,
	/// The initial margin fraction now (open-interest scaling included).
	pub initial_margin: Perbill,
	/// The maintenance margin fraction.
	pub maintenance_margin: Perbill,
	/// The liquidation penalty fraction.
	pub liquidation_penalty: Perbill,
	/// Maker fee.
	pub maker_fee: Perbill,
	/// Taker fee.
	pub taker_fee: Perbill,
	/// Open interest cap, base atoms (0: none).
	pub open_interest_cap: Balance,
	/// Whether it trades.
	pub status: crate::TradingStatus,
	/// The fresh oracle price, or `None` while it is stale or missing.
	pub oracle_price: Option<Price>,
	/// When the operators last delivered a price (ms since the epoch), fresh or not.
	pub oracle_timestamp: Option<Moment>,
	/// Age of that price at this block, ms.
	pub oracle_age_ms: Option<Moment>,
	/// Open interest (longs' total size), base atoms.
	pub open_interest: Balance,
	/// The funding rate applied at the last interval close (× 10^18, per interval).
	pub last_funding_rate: i128,
	/// The rate the next close would apply with the samples so far (× 10^18, clamped to the cap).
	pub next_funding_rate: i128,
	/// When the current funding interval closes (ms since the epoch).
	pub next_funding_ms: Moment,
	/// The funding interval, ms.
	pub funding_interval_ms: Moment,
}

/// One aggregated price level of a book.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct BookLevelView {
	/// The price, in the feed's units.
	pub price: Price,
	/// Total resting size there, base atoms.
	pub size: Balance,
	/// How many orders rest there.
	pub orders: u32,
}

/// A market's book as `clearing_orderBook` shows it, best prices first.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct OrderBookView {
	/// The market.
	pub market: MarketId,
	/// Bids, highest first.
	pub bids: Vec<BookLevelView>,
	/// Asks, lowest first.
	pub asks: Vec<BookLevelView>,
}

/// The insurance fund as `clearing_insuranceFund` shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct InsuranceFundView {
	/// The fund's balance, settlement atoms.
	pub balance: Balance,
	/// What the fund is worth: its balance plus its backstop's equity at fresh prices (the
	/// inventory's unrealized losses count), settlement atoms; `None` while the backstop cannot
	/// be marked.
	pub value: Option<i128>,
	/// The fee pool (fees not owed to the fund), settlement atoms.
	pub fee_pool: Balance,
	/// Share of trading fees that goes to the fund.
	pub fee_share: Perbill,
	/// The fund's backstop account, which holds positions the fund took over, with its margin
	/// picture (marked at fresh prices), or `None` when it cannot be marked.
	pub backstop: Option<AccountSummary>,
	/// Accounts waiting in the liquidation engine's pending queue.
	pub pending_liquidations: u64,
}

/// Why a `ClearingApi` query has no answer.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum ClearingApiError {
	/// The account has no margin ledger and no orders.
	UnknownAccount,
	/// No market with this id.
	UnknownMarket,
	/// A price needed to mark the account is stale or missing.
	StalePrice,
	/// A figure does not fit the ledger's integers.
	Overflow,
}

impl From<crate::ClearingError> for ClearingApiError {
	fn from(e: crate::ClearingError) -> Self {
		match e {
			crate::ClearingError::UnknownMarket => Self::UnknownMarket,
			crate::ClearingError::StalePrice => Self::StalePrice,
			_ => Self::Overflow,
		}
	}
}

sp_api::decl_runtime_apis! {
	/// Traders' view of the clearinghouse (polkadot.js: `api.call.clearingApi`). Version 2 adds
	/// the option chain.
	#[api_version(2)]
	pub trait ClearingApi<AccountId: Codec> {
		/// `who`'s margin, positions, orders and liquidation status at fresh prices.
		fn account_summary(who: AccountId) -> Result<AccountView, ClearingApiError>;
		/// Every listed market with its parameters, oracle price and funding.
		fn markets() -> Vec<MarketView>;
		/// `market`'s book, aggregated by price, up to `depth` levels a side.
		fn order_book(market: MarketId, depth: u32) -> Result<OrderBookView, ClearingApiError>;
		/// The insurance fund and the backstop's positions.
		fn insurance_fund() -> InsuranceFundView;
		/// `feed`'s option chain: every listed series with its mark, volatility, greeks, open
		/// interest and book top.
		#[api_version(2)]
		fn option_chain(feed: FeedId) -> OptionChainView;
	}
}
