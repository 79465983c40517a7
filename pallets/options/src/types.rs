//! What the options pallet stores: underlyings' option rules, listed expiries, their surfaces and
//! settlement averages.

use clearing_primitives::{options::Volatility, Balance, FeedId, MarketId, Moment, Price};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::Perbill;

/// Longest currency name at the options venue, e.g. `BTC`.
pub const MAX_VENUE_CURRENCY_LEN: u32 = 8;

/// An underlying's currency as the options venue names it (Deribit: `BTC`, `ETH`).
pub type VenueCurrency = BoundedVec<u8, ConstU32<MAX_VENUE_CURRENCY_LEN>>;

/// How an underlying's options are listed, margined and fed, set by governance.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Serialize, Deserialize,
)]
pub struct UnderlyingConfig {
	/// The currency as the options venue names it: the volatility worker asks for its book.
	pub venue_currency: VenueCurrency,
	/// Base atoms per unit of underlying: 10^this (8 for BTC).
	pub base_decimals: u8,
	/// Premium tick, in the feed's price units.
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
	/// Liquidation penalty on the premium closed.
	pub liquidation_penalty: Perbill,
	/// Maker fee, fraction of the underlying's value.
	pub maker_fee: Perbill,
	/// Taker fee, fraction of the underlying's value.
	pub taker_fee: Perbill,
	/// Fee cap, share of the premium.
	pub fee_cap: Perbill,
	/// How far from the mark an order's limit may lie.
	pub price_band: Perbill,
	/// Lowest volatility a surface may carry, millionths.
	pub min_vol: Volatility,
	/// Highest volatility a surface may carry, millionths.
	pub max_vol: Volatility,
	/// How much arbitrage a surface may show before it is refused: a fraction of the index for
	/// butterflies and call spreads, of total variance for calendars.
	pub arbitrage_tolerance: Perbill,
	/// Most series of this underlying listed at once (each strike is a call and a put).
	pub max_series: u32,
}

/// How a listed expiry's strikes are chosen: every multiple of `step` within `range` of the
/// index at listing (Deribit-like grids: every 1,000 USD within ±30 %).
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
	Serialize,
	Deserialize,
)]
pub struct StrikeRule {
	/// Distance between strikes, price units.
	pub step: Price,
	/// How far above and below the index strikes reach.
	pub range: Perbill,
}

/// Where an expiry is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum ExpiryStage {
	/// Before expiry: its series trade, marked from the surface.
	Trading,
	/// The settlement price is fixed: positions settle, series leave.
	Settled {
		/// The settlement price, price units.
		price: Price,
	},
}

/// A listed expiry: its underlying, time, strike grid and series.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxStrikes))]
pub struct Expiry<MaxStrikes: Get<u32>> {
	/// The underlying's feed.
	pub feed: FeedId,
	/// When it expires, ms since the epoch.
	pub expiry_ms: Moment,
	/// Decimals of the feed's prices (strikes, the settlement price).
	pub price_decimals: u8,
	/// The strikes, ascending, price units.
	pub strikes: BoundedVec<Price, MaxStrikes>,
	/// Each strike's (call, put) market, in the strikes' order.
	pub markets: BoundedVec<(MarketId, MarketId), MaxStrikes>,
	/// Where it is in its life.
	pub stage: ExpiryStage,
}

/// An expiry's accepted volatility smile: one volatility per strike, as last validated.
#[derive(Encode, Decode, TypeInfo, MaxEncodedLen, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxStrikes))]
pub struct Surface<MaxStrikes: Get<u32>> {
	/// Volatility per strike, millionths.
	pub vols: BoundedVec<Volatility, MaxStrikes>,
	/// When the operators' median was combined, ms.
	pub timestamp: Moment,
}

/// The running time-weighted average of the index before an expiry.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug, Default)]
pub struct Twap {
	/// The first sample's time, ms.
	pub start_ms: Moment,
	/// The last sample's time, ms.
	pub last_ms: Moment,
	/// The last sample, price units: it holds until the next sample (or the expiry).
	pub last_price: Price,
	/// Σ price × ms each sample held, over closed intervals.
	pub weighted_sum: u128,
	/// Samples taken.
	pub samples: u32,
}

/// Why a combined smile was not accepted.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum SurfaceRejection {
	/// It does not have one volatility per strike.
	WrongLength,
	/// A volatility is outside the underlying's bounds.
	OutOfBounds,
	/// Call prices rise with the strike, or are not convex in it, beyond the tolerance.
	Butterfly,
	/// Total variance falls from an earlier expiry to a later one beyond the tolerance.
	Calendar,
	/// A price does not fit.
	Overflow,
}
