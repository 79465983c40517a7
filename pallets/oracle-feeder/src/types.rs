//! The feed registry's and the oracle parameters' types.

use clearing_primitives::{Moment, Price};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::Permill;

/// The kinds of price API the offchain worker can read.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
	Serialize,
	Deserialize,
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
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Serialize, Deserialize,
)]
pub struct SourceSymbol {
	/// The kind of source.
	pub kind: SourceKind,
	/// The instrument's name at that source.
	pub symbol: Symbol,
}

/// A registered feed: how to ask each kind of source for it, and the scale of its price.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Serialize, Deserialize,
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
pub struct OracleParams {
	/// A price older than this, in milliseconds, is stale: the price API refuses it and
	/// `pallet-oracle` leaves operators' values this old out of the median.
	pub max_price_age_ms: Moment,
	/// Least number of fresh operator values a new combined price needs. The quorum actually
	/// applied is the larger of this and two thirds of the operators plus one (see
	/// [`crate::combine`]); with fewer fresh values, or fewer agreeing ones, the previous price
	/// stays, and goes stale. At most the current number of operators (`set_params` checks).
	pub min_operators: u32,
	/// Usable source answers an operator needs before it submits a feed's price.
	pub min_sources: u32,
	/// The largest relative distance that still counts as agreement, on two levels: a source
	/// answer further than this from the median of a node's sources is dropped by that node's
	/// worker, and on chain an operator's value further than this from the median of the fresh
	/// operator values does not count towards the quorum (nor does a candidate this far from a
	/// held move confirm it). One bound for both because both ask the same question: do two
	/// honest observers of the same market disagree this much?
	pub max_source_deviation: Permill,
	/// Circuit breaker: the largest move of the combined price, relative to the price at the
	/// start of the block, accepted at once. A larger move is held (the price API refuses the
	/// feed) until it has persisted for [`Self::confirmation_blocks`] blocks. Above 0, at most
	/// 100 %.
	pub circuit_breaker: Permill,
	/// Blocks a move larger than the circuit breaker must persist before it is accepted: long
	/// enough that a glitch or a short-lived capture of the operators is not acted on, short
	/// enough that a real crash reaches the liquidation engine within seconds. 1 to
	/// [`MAX_CONFIRMATION_BLOCKS`].
	pub confirmation_blocks: u32,
}

/// Longest confirmation governance may set: 30 blocks (one minute of 2 s blocks). A longer one
/// would keep a real crash from the liquidation engine for too long; the price API refuses the
/// feed throughout.
pub const MAX_CONFIRMATION_BLOCKS: u32 = 30;

impl Default for OracleParams {
	/// Conservative values for a chain whose genesis sets none: 30 s maximum age, one operator,
	/// two sources, 5 % maximum deviation, a 10 % circuit breaker confirmed over 3 blocks (6 s).
	fn default() -> Self {
		Self {
			max_price_age_ms: 30_000,
			min_operators: 1,
			min_sources: 2,
			max_source_deviation: Permill::from_percent(5),
			circuit_breaker: Permill::from_percent(10),
			confirmation_blocks: 3,
		}
	}
}

/// A move of a feed's combined price beyond the circuit breaker, waiting for confirmation.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub struct HeldMove<BlockNumber> {
	/// The candidate price that first made the move; later candidates confirm it when they agree
	/// with it (within `max_source_deviation`).
	pub value: Price,
	/// The block in which the move was first seen.
	pub since: BlockNumber,
}

/// The circuit breaker's state for one feed.
///
/// `pallet-oracle` combines a feed's values again on every operator's submission, several times
/// a block. The breaker measures every candidate of a block against one reference, the price at
/// the start of the block ([`Self::reference`], taken at the block's first combination), so the
/// outcome does not depend on how many submissions a block has or in which order: a sequence of
/// small steps within one block cannot add up to a move the breaker would hold.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Default,
)]
pub struct BreakerState<BlockNumber> {
	/// The block [`Self::reference`] belongs to.
	pub block: BlockNumber,
	/// The combined price candidates of [`Self::block`] are measured against: the price at the
	/// block's start, or the move confirmed in the block. `None`: there was no price, and the
	/// breaker does not apply.
	pub reference: Option<Price>,
	/// A move waiting for confirmation; while there is one, the price API refuses the feed.
	pub held: Option<HeldMove<BlockNumber>>,
}
