//! The feed registry's and the oracle parameters' types.

use clearing_primitives::Moment;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::Permill;

/// The kinds of price API the offchain worker can read.
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, TypeInfo,
	MaxEncodedLen, Debug, Serialize, Deserialize,
)]
pub enum SourceKind {
	/// Binance spot: `GET /api/v3/ticker/price?symbol=<symbol>`, e.g. `BTCUSDT`.
	Binance,
	/// Coinbase: `GET /v2/prices/<symbol>/spot`, e.g. `BTC-USD`.
	Coinbase,
	/// Kraken: `GET /0/public/Ticker?pair=<symbol>`, e.g. `XBTUSD`; the last trade price.
	Kraken,
	/// Any JSON API: the node's URL template gets the symbol, its JSON path finds the price.
	Json,
}

impl SourceKind {
	/// The kind named `name` in a `--price-source` definition.
	pub fn from_name(name: &str) -> Option<Self> {
		match name {
			"binance" => Some(Self::Binance),
			"coinbase" => Some(Self::Coinbase),
			"kraken" => Some(Self::Kraken),
			"json" => Some(Self::Json),
			_ => None,
		}
	}
}

/// Longest symbol of a feed at one source, in bytes.
pub const MAX_SYMBOL_LEN: u32 = 24;

/// How many source kinds there are: a feed has at most one symbol per kind.
pub const MAX_SYMBOLS_PER_FEED: u32 = 4;

/// Most decimals a feed's price may have: 10^18 still leaves 10^20 of headroom in a `u128`.
pub const MAX_PRICE_DECIMALS: u8 = 18;

/// A symbol as a source names an instrument, e.g. `BTCUSDT`; ASCII letters, digits, `.`, `_`, `-`
/// only, because it goes into URLs.
pub type Symbol = BoundedVec<u8, ConstU32<MAX_SYMBOL_LEN>>;

/// What one source calls a feed.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
	Debug, Serialize, Deserialize,
)]
pub struct SourceSymbol {
	/// The kind of source.
	pub kind: SourceKind,
	/// The instrument's name at that source.
	pub symbol: Symbol,
}

/// A registered feed: how to ask each kind of source for it, and the scale of its price.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
	Debug, Serialize, Deserialize,
)]
pub struct FeedConfig {
	/// The price is an integer: quote per one base unit times 10^`decimals`.
	pub decimals: u8,
	/// The feed's symbol at each kind of source that lists it (at most one per kind).
	pub symbols: BoundedVec<SourceSymbol, ConstU32<MAX_SYMBOLS_PER_FEED>>,
}

impl FeedConfig {
	/// The symbol this feed has at sources of `kind`, if it is listed there.
	pub fn symbol_for(&self, kind: SourceKind) -> Option<&Symbol> {
		self.symbols.iter().find(|s| s.kind == kind).map(|s| &s.symbol)
	}
}

/// Oracle parameters that governance sets.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
	Debug, Serialize, Deserialize,
)]
pub struct OracleParams {
	/// A price older than this, in milliseconds, is stale: the price API refuses it and
	/// `pallet-oracle` leaves operators' values this old out of the median.
	pub max_price_age_ms: Moment,
	/// Fresh operator values a median needs (`pallet-oracle`'s minimum count); with fewer the
	/// previous median stays, and goes stale.
	pub min_operators: u32,
	/// Usable source answers an operator needs before it submits a feed's price.
	pub min_sources: u32,
	/// A source answer further than this from the median of the other sources' answers is dropped.
	pub max_source_deviation: Permill,
}

impl Default for OracleParams {
	/// Conservative values for a chain whose genesis sets none: 30 s maximum age, one operator,
	/// two sources, 5 % maximum deviation between sources.
	fn default() -> Self {
		Self {
			max_price_age_ms: 30_000,
			min_operators: 1,
			min_sources: 2,
			max_source_deviation: Permill::from_percent(5),
		}
	}
}
