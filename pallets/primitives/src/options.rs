//! Options as the margin engine, the options pallet and the liquidation engine agree on them.
//!
//! A European option series is one margin market whose [`InstrumentKind`] says which series it
//! is. The options pallet lists series, keeps the volatility surface, prices marks and fixes the
//! settlement price; the margin engine clears, margins and settles positions in them; neither
//! crate depends on the other: they meet through [`OptionPricing`] (the margin engine asks the
//! options pallet for marks) and [`OptionMarkets`] (the options pallet asks the margin engine to
//! list, settle and retire series).

pub use crate::black76::{Greeks, OptionRight};
use crate::{Balance, ClearingError, FeedId, MarketId, Moment, Price};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{Perbill, Weight};

/// Annualised volatility in millionths: 550_000 is 55 % ([`crate::black76::VOL_ONE`] is 100 %).
pub type Volatility = u32;

/// Identifier of a listed expiry (an underlying and an expiry time with its strike grid).
pub type ExpiryId = u32;

/// Most strikes one expiry's smile may carry (the volatility feed's bound; an options pallet's
/// grid may not be longer).
pub const MAX_SMILE_STRIKES: u32 = 64;

/// One listed expiry as the volatility worker asks the venue for it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SmileRequest {
	/// The expiry.
	pub expiry: ExpiryId,
	/// The underlying's currency at the venue, e.g. `BTC`.
	pub currency: alloc::vec::Vec<u8>,
	/// When it expires, ms since the epoch (the venue names it by its UTC date).
	pub expiry_ms: Moment,
	/// Its strikes, ascending, in the feed's price units.
	pub strikes: alloc::vec::Vec<Price>,
	/// Decimals of the strikes.
	pub price_decimals: u8,
}

/// The listed expiries the operators must feed smiles for.
pub trait ListedExpiries {
	/// Every expiry still trading, with what the worker needs to ask a venue for its smile.
	fn smile_requests() -> alloc::vec::Vec<SmileRequest>;

	/// Whether `expiry` is listed and still trading (a smile for anything else is refused).
	fn is_trading(expiry: ExpiryId) -> bool;
}

/// No options.
impl ListedExpiries for () {
	fn smile_requests() -> alloc::vec::Vec<SmileRequest> {
		alloc::vec::Vec::new()
	}
	fn is_trading(_expiry: ExpiryId) -> bool {
		false
	}
}

/// One option series: which expiry, strike and right a market trades.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct OptionSeries {
	/// The expiry it belongs to (the options pallet's id).
	pub expiry: ExpiryId,
	/// When it expires, ms since the Unix epoch.
	pub expiry_ms: Moment,
	/// The strike, in the underlying feed's price units.
	pub strike: Price,
	/// Call or put.
	pub right: OptionRight,
}

/// What a market trades.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Default,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum InstrumentKind {
	/// A perpetual future on the market's feed: funding, no expiry.
	#[default]
	Perpetual,
	/// A European option on the market's feed, cash-settled at expiry; prices are premiums per
	/// unit of underlying, in the feed's price units.
	Option {
		/// The series.
		series: OptionSeries,
		/// A short's initial requirement per unit is `max(initial − OTM %, this) × index`
		/// (Derive's standard manager: 15 % less out-of-the-moneyness, at least 13 %).
		min_initial_margin: Perbill,
		/// A fill's fee is `fee × size × index`, capped at this share of the premium paid
		/// (Deribit: 0.03 % of the underlying, at most 12.5 % of the premium).
		fee_cap: Perbill,
	},
}

impl InstrumentKind {
	/// The option series, if this is one.
	pub fn series(&self) -> Option<&OptionSeries> {
		match self {
			InstrumentKind::Option { series, .. } => Some(series),
			InstrumentKind::Perpetual => None,
		}
	}
}

/// How the options pallet marks a series.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum OptionMark {
	/// Before expiry: Black-76 at the index, the surface's volatility and the time left.
	Live {
		/// The premium rounded down (a holder's value), price units.
		premium_down: Price,
		/// The premium rounded up (a writer's liability), price units.
		premium_up: Price,
		/// The index it was priced at, price units.
		index: Price,
		/// Decimals of all three.
		decimals: u8,
	},
	/// The settlement price is fixed: the series is worth its intrinsic value at it, a sure cash
	/// amount with no risk left.
	Settled {
		/// The settlement price (the index's TWAP before expiry), price units.
		price: Price,
		/// Its decimals.
		decimals: u8,
	},
}

/// The options pallet's prices for the margin engine.
pub trait OptionPricing {
	/// The mark of `series` on `feed`: fresh (index and surface both fresh) or settled; else
	/// `StalePrice` (and nobody is liquidated on it).
	fn option_mark(feed: &FeedId, series: &OptionSeries) -> Result<OptionMark, ClearingError>;

	/// The expiry's risk index for the liquidation clock: a monotone sum (fraction of the index
	/// × 10^18) of the largest premium moves the expiry's surface changes and its settlement
	/// fixing could cause, beyond what the index's own moves already count.
	fn risk_index(expiry: ExpiryId) -> u128;

	/// What one [`Self::option_mark`] costs.
	fn mark_weight() -> Weight;

	/// The series' greeks per unit of underlying at its mark (none once settled or while stale).
	fn option_greeks(feed: &FeedId, series: &OptionSeries) -> Option<Greeks>;
}

/// No options: every series is unknown.
impl OptionPricing for () {
	fn option_mark(_feed: &FeedId, _series: &OptionSeries) -> Result<OptionMark, ClearingError> {
		Err(ClearingError::UnknownMarket)
	}
	fn risk_index(_expiry: ExpiryId) -> u128 {
		0
	}
	fn mark_weight() -> Weight {
		Weight::zero()
	}
	fn option_greeks(_feed: &FeedId, _series: &OptionSeries) -> Option<Greeks> {
		None
	}
}

/// A series market as the options pallet asks the margin engine to list it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub struct SeriesListing {
	/// The underlying feed (the index).
	pub feed: FeedId,
	/// The series.
	pub series: OptionSeries,
	/// Base atoms per unit of underlying: 10^this.
	pub base_decimals: u8,
	/// Premium tick, price units.
	pub tick_size: Balance,
	/// Lot, base atoms.
	pub step_size: Balance,
	/// Smallest order, base atoms.
	pub min_order_size: Balance,
	/// A short's initial fraction of the index before the out-of-the-money discount (15 %).
	pub initial_margin: Perbill,
	/// Its floor (13 %).
	pub min_initial_margin: Perbill,
	/// A short's maintenance fraction of the index (9 %).
	pub maintenance_margin: Perbill,
	/// Liquidation penalty, as a share of the maintenance requirement it releases.
	pub liquidation_penalty: Perbill,
	/// Maker fee as a fraction of the underlying's value.
	pub maker_fee: Perbill,
	/// Taker fee as a fraction of the underlying's value.
	pub taker_fee: Perbill,
	/// Fee cap as a share of the premium.
	pub fee_cap: Perbill,
	/// How far from the mark an order's limit may lie, either way.
	pub price_band: Perbill,
}

/// What one settlement sweep did.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Default,
)]
pub struct SweepOutcome {
	/// Positions settled.
	pub settled: u32,
	/// Whether positions of the series are left.
	pub remaining: bool,
}

/// What the options pallet may do to the margin engine: list series, settle them at expiry and
/// remove them once nobody holds them.
pub trait OptionMarkets {
	/// Lists a series as a new market; returns its id.
	fn list_series(listing: SeriesListing) -> Result<MarketId, ClearingError>;

	/// Stops all trading in a series (it expired): no orders, no fills.
	fn halt_series(market: MarketId) -> Result<(), ClearingError>;

	/// Settles up to `max_positions` positions of an expired series at its fixed settlement
	/// price (what [`OptionPricing::option_mark`] reports as `Settled`).
	fn settle_series(market: MarketId, max_positions: u32) -> Result<SweepOutcome, ClearingError>;

	/// Removes a settled series nobody holds any more; its rounding dust goes to the fee pool.
	fn retire_series(market: MarketId) -> Result<(), ClearingError>;

	/// What settling `positions` positions costs.
	fn settle_weight(positions: u32) -> Weight;

	/// What retiring a series costs.
	fn retire_weight() -> Weight;
}

/// The oracle's combined volatility smiles, per listed expiry: one volatility per strike of the
/// expiry's grid, in the grid's order (the operators' median per strike).
pub trait VolatilitySource {
	/// The latest combined smile of `expiry` and when it was combined (ms), if there is one.
	/// Freshness is the caller's to check against [`Self::max_age_ms`] (the prices' rule).
	fn smile(expiry: ExpiryId) -> Option<(alloc::vec::Vec<Volatility>, Moment)>;

	/// The oldest a smile may be and still be acted on, ms: the same as a price's.
	fn max_age_ms() -> Moment;
}

/// No volatility feed: no smile.
impl VolatilitySource for () {
	fn smile(_expiry: ExpiryId) -> Option<(alloc::vec::Vec<Volatility>, Moment)> {
		None
	}
	fn max_age_ms() -> Moment {
		0
	}
}
