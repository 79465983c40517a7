//! Markets, positions and margin accounts as stored.

use clearing_primitives::{
	options::{InstrumentKind, SeriesListing},
	Balance, FeedId, MarketId, Moment,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::Perbill;

/// Longest market ticker in bytes, e.g. `BTC-USD`.
pub const MAX_TICKER_LEN: u32 = 16;

/// A market's ticker.
pub type Ticker = BoundedVec<u8, ConstU32<MAX_TICKER_LEN>>;

/// Whether a market trades.
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
pub enum MarketStatus {
	/// Open for every fill.
	Active,
	/// Fills may only shrink positions.
	ReduceOnly,
	/// No fills.
	Halted,
}

/// A market's risk parameters, set by governance (an option series' by the options pallet when it
/// lists the series).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Serialize, Deserialize,
)]
pub struct MarketParams {
	/// Display name, e.g. `BTC-USD`.
	pub ticker: Ticker,
	/// The oracle feed that marks the market.
	pub feed: FeedId,
	/// Base atoms per base unit: 10^`base_decimals` (8 for BTC: sizes in satoshis).
	pub base_decimals: u8,
	/// Smallest price step, in the feed's price units.
	pub tick_size: Balance,
	/// Lot size: every order size is a multiple of it, in base atoms.
	pub step_size: Balance,
	/// Smallest order, in base atoms (a multiple of `step_size`).
	pub min_order_size: Balance,
	/// Initial margin fraction (new risk needs equity ≥ notional × this), before OI scaling.
	pub initial_margin: Perbill,
	/// Maintenance margin fraction (below notional × this an account is liquidatable).
	pub maintenance_margin: Perbill,
	/// Share of a liquidated position's notional taken as penalty (below `maintenance_margin`).
	pub liquidation_penalty: Perbill,
	/// Fee on the maker's notional.
	pub maker_fee: Perbill,
	/// Fee on the taker's notional.
	pub taker_fee: Perbill,
	/// Hard cap on open interest (longs' total size), in base atoms; 0 means none.
	pub open_interest_cap: Balance,
	/// Open interest (base atoms) from which the initial fraction starts to rise.
	pub imf_scaling_lower: Balance,
	/// Open interest (base atoms) at which the initial fraction reaches 100 %; 0 turns scaling off.
	pub imf_scaling_upper: Balance,
	/// Length of a funding interval, in milliseconds.
	pub funding_interval_ms: Moment,
	/// Largest funding rate per interval, either sign.
	pub max_funding_rate: Perbill,
	/// Whether the market trades.
	pub status: MarketStatus,
	/// How far from the oracle price an order's limit may lie, either way (the order book refuses
	/// orders beyond it and never matches a taker beyond it).
	pub price_band: Perbill,
	/// Funding's impact notional, settlement atoms: the premium is sampled from the average fill
	/// price of this much notional on each side of the book, so a dust order cannot steer it.
	pub impact_notional: Balance,
	/// What the market trades: a perpetual, or an option series (then prices are premiums,
	/// `initial_margin` and `maintenance_margin` are a short's fractions of the index, and the
	/// fees are fractions of the underlying's value; funding does not apply).
	pub kind: InstrumentKind,
}

impl MarketParams {
	/// A trading perpetual market on `feed`, sized by `base_decimals`, `tick_size` and
	/// `step_size` (also the minimum order), with the reference parameters the genesis markets
	/// and the tests start from: 10 % initial and 5 % maintenance margin, a 1 % liquidation
	/// penalty, 0.02 % maker and 0.05 % taker fees, hourly funding capped at 1 %, a 10 % price
	/// band, an impact notional of 1 USDC, no open-interest cap and no initial-margin scaling.
	/// Change what differs with struct update syntax (`MarketParams { …, ..perpetual(…) }`).
	pub fn perpetual(ticker: &str, feed: FeedId, base_decimals: u8, tick_size: Balance, step_size: Balance) -> Self {
		MarketParams {
			ticker: Ticker::truncate_from(ticker.as_bytes().to_vec()),
			feed,
			base_decimals,
			tick_size,
			step_size,
			min_order_size: step_size,
			initial_margin: Perbill::from_percent(10),
			maintenance_margin: Perbill::from_percent(5),
			liquidation_penalty: Perbill::from_percent(1),
			maker_fee: Perbill::from_parts(200_000),
			taker_fee: Perbill::from_parts(500_000),
			open_interest_cap: 0,
			imf_scaling_lower: 0,
			imf_scaling_upper: 0,
			funding_interval_ms: 3_600_000,
			max_funding_rate: Perbill::from_percent(1),
			status: MarketStatus::Active,
			price_band: Perbill::from_percent(10),
			impact_notional: 1_000_000,
			kind: InstrumentKind::Perpetual,
		}
	}

	/// The market of an option series as the options pallet lists it: no funding (its interval
	/// and cap are unused), no open-interest cap or scaling.
	pub fn option_series(ticker: Ticker, listing: &SeriesListing) -> Self {
		MarketParams {
			ticker,
			feed: listing.feed.clone(),
			base_decimals: listing.base_decimals,
			tick_size: listing.tick_size,
			step_size: listing.step_size,
			min_order_size: listing.min_order_size,
			initial_margin: listing.initial_margin,
			maintenance_margin: listing.maintenance_margin,
			liquidation_penalty: listing.liquidation_penalty,
			maker_fee: listing.maker_fee,
			taker_fee: listing.taker_fee,
			open_interest_cap: 0,
			imf_scaling_lower: 0,
			imf_scaling_upper: 0,
			funding_interval_ms: crate::MIN_FUNDING_INTERVAL_MS,
			max_funding_rate: Perbill::from_parts(0),
			status: MarketStatus::Active,
			price_band: listing.price_band,
			impact_notional: 1,
			kind: InstrumentKind::Option {
				series: listing.series,
				min_initial_margin: listing.min_initial_margin,
				fee_cap: listing.fee_cap,
			},
		}
	}
}

/// A market's running state, kept by the pallet.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug, Default, Serialize, Deserialize)]
pub struct MarketState {
	/// Total size of all long positions (= all short positions), in base atoms.
	pub open_interest: Balance,
	/// Cumulative funding paid by a long of one base unit, in settlement atoms × 10^18.
	pub funding_index: i128,
	/// When the current funding interval ends (ms since the epoch).
	pub next_funding_ms: Moment,
	/// Sum of this interval's premium samples (fractions × 10^18).
	pub premium_sum: i128,
	/// Number of this interval's premium samples.
	pub premium_samples: u32,
	/// The last funding rate applied (fraction × 10^18, per interval).
	pub last_funding_rate: i128,
	/// Funding settled by payers but not yet by receivers (and rounding dust), settlement atoms.
	/// Part of the conservation identity.
	pub funding_pool: i128,
	/// The insurance fund's share of fills' fees not yet swept to it, settlement atoms. A fill
	/// adds here, to the record it writes anyway, rather than write the global fund; the margin
	/// engine's `on_finalize` sweeps it. Part of the conservation identity.
	pub unswept_insurance: Balance,
	/// The rest of those fees and the rounding dust (buyers pay notionals rounded up, sellers get
	/// them rounded down), for the fee pool, settlement atoms: swept like `unswept_insurance`.
	/// Part of the conservation identity.
	pub unswept_fee_pool: Balance,
	/// An expired option series: base atoms of long positions settled so far (each settles on
	/// its own, lazily or by the sweep, so longs and shorts leave at different times).
	pub settled_longs: Balance,
	/// An expired option series: base atoms of short positions settled so far.
	pub settled_shorts: Balance,
	/// An expired option series: what settled shorts paid (rounded up) minus what settled longs
	/// received (rounded down), settlement atoms. Negative while longs settled first; its
	/// rounding dust goes to the fee pool when the series is retired. Part of the conservation
	/// identity.
	pub settlement_pool: i128,
}

/// An account's position in one market.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct Position {
	/// The market.
	pub market: MarketId,
	/// Signed size in base atoms: positive long, negative short.
	pub size: i128,
	/// Signed cost basis in settlement atoms: what opening the current size cost (positive for
	/// longs, negative for shorts); entry price = cost / size.
	pub cost: i128,
	/// The market's funding index when funding was last settled on this position.
	pub funding_snapshot: i128,
}

/// One account's margin ledger: a quote balance and its positions (cross-margined).
#[derive(
	Encode, Decode, TypeInfo, MaxEncodedLen, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, DefaultNoBound,
)]
#[scale_info(skip_type_params(MaxPositions))]
pub struct MarginAccount<MaxPositions: Get<u32>, ObserverRecord: Clone + PartialEq + Eq + core::fmt::Debug + Default> {
	/// Quote balance in settlement atoms: deposits − withdrawals − fees ± settled funding − the
	/// net cost of all fills (buying spends it, selling adds to it). Negative for a leveraged
	/// long; equity adds the positions' value.
	pub collateral: i128,
	/// Open positions, at most one per market.
	pub positions: BoundedVec<Position, MaxPositions>,
	/// The account observer's record (the liquidation engine's filing), kept here so that a
	/// change of the account reads and writes one record; the margin engine never reads it.
	pub observer_record: ObserverRecord,
}

impl<MaxPositions: Get<u32>, ObserverRecord: Clone + PartialEq + Eq + core::fmt::Debug + Default>
	MarginAccount<MaxPositions, ObserverRecord>
{
	/// Whether the ledger holds nothing, so it need not be stored.
	pub fn is_empty(&self) -> bool {
		self.collateral == 0 && self.positions.is_empty() && self.observer_record == ObserverRecord::default()
	}
}

/// A trader's view of an account and its positions: shared with the runtime API.
pub use clearing_primitives::api::{AccountSummary, PositionSummary};

impl From<MarketStatus> for clearing_primitives::TradingStatus {
	fn from(status: MarketStatus) -> Self {
		match status {
			MarketStatus::Active => Self::Active,
			MarketStatus::ReduceOnly => Self::ReduceOnly,
			MarketStatus::Halted => Self::Halted,
		}
	}
}
