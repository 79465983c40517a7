//! # Clearing primitives
//!
//! The types that the clearing chain's runtime, node and pallets must agree on, in one small crate
//! so that no pallet depends on another pallet's crate (see `design.md`).
//!
//! What lives here:
//! - the chain's basic types ([`AccountId`], [`Balance`], [`BlockNumber`], …), shared by the runtime
//!   and the node;
//! - the settlement asset's identity and units ([`SETTLEMENT_ASSET_ID`], [`SETTLEMENT_DECIMALS`]);
//! - the oracle's vocabulary: what names a price feed ([`FeedId`]) and what a price is ([`Price`]);
//! - the oracle operators' signing key ([`ORACLE_KEY_TYPE`], [`oracle_crypto`]), which the node puts
//!   into its keystore and the price-feeding offchain worker signs with;
//! - the price API between pallets ([`PriceProvider`]): the oracle feeder implements it, the margin
//!   engine and the liquidation engine read fresh prices through it;
//! - the clearing API between pallets, one trait per role: what both clients read
//!   ([`ClearingView`]), what the order book does ([`FillClearing`]: fills) and what the
//!   liquidation engine does ([`LiquidationClearing`]: risk, transfers, penalties, the fund); the
//!   margin engine implements all three; and the
//!   funding premium the order book feeds the margin engine ([`PremiumSource`]), the margin its
//!   resting orders reserve ([`OpenOrderMargin`]), and what the liquidation engine asks of the book
//!   ([`OrderBook`]).
//!
//! Units are part of every name or doc comment: an amount without a unit is a bug waiting to happen
//! in a clearinghouse.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
pub mod black76;
pub mod options;
pub mod oracle;
pub mod risk;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::crypto::KeyTypeId;

use sp_runtime::{
	traits::{ConstU32, IdentifyAccount, Verify},
	BoundedVec, MultiSignature,
};

/// A block number.
pub type BlockNumber = u32;

/// A transaction signature: sr25519, ed25519 or ecdsa, as polkadot.js and hardware wallets sign.
pub type Signature = MultiSignature;

/// An account: the public key of the signing scheme in [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of the native token (in plancks, 10^-[`NATIVE_DECIMALS`] CLR) or of a `pallet-assets`
/// asset (in that asset's atoms).
pub type Balance = u128;

/// How many transactions an account has sent.
pub type Nonce = u32;

/// A block or state hash.
pub type Hash = sp_core::H256;

/// Milliseconds since the Unix epoch, as `pallet-timestamp` keeps time.
pub type Moment = u64;

/// Identifier of a `pallet-assets` asset.
pub type AssetId = u32;

/// 1.0 in the chain's 18-decimal fractions: funding rates and the funding index
/// ([`SignedRate`], `FixedI128`'s scale) and the liquidation engine's risk clock. Taken from the
/// SDK's fixed-point types so that every 10^18 scale is this one value.
pub const FIXED_POINT_ONE: u128 = <sp_runtime::FixedU128 as sp_runtime::FixedPointNumber>::DIV;

/// Decimals of the native token (fees, votes): 1 CLR = 10^12 plancks.
pub const NATIVE_DECIMALS: u8 = 12;

/// One native token, in plancks.
pub const CLR: Balance = 10u128.pow(NATIVE_DECIMALS as u32);

/// The asset that backs all margin: a USDC-like stable coin held in `pallet-assets`.
pub const SETTLEMENT_ASSET_ID: AssetId = 1;

/// Decimals of the settlement asset: 1 USDC = 10^6 atoms, as on every major exchange.
pub const SETTLEMENT_DECIMALS: u8 = 6;

/// One unit of the settlement asset, in atoms.
pub const USDC: Balance = 10u128.pow(SETTLEMENT_DECIMALS as u32);

/// Smallest settlement-asset balance an account may keep, in atoms (0.01 USDC): below it the
/// account is reaped, so dust cannot bloat state.
pub const SETTLEMENT_MIN_BALANCE: Balance = USDC / 100;

/// Longest feed name in bytes, e.g. `BTC/USD`.
pub const MAX_FEED_ID_LEN: u32 = 16;

/// The name of an oracle price feed as bytes, e.g. `b"BTC/USD"`; polkadot.js accepts a plain
/// string for it.
pub type FeedId = BoundedVec<u8, ConstU32<MAX_FEED_ID_LEN>>;

/// A price as an integer: the feed's quote per one unit of its base, scaled by 10^decimals where
/// the feed registry gives the decimals. Integers keep every validator's arithmetic identical.
pub type Price = u128;

/// Key type of the oracle operators' signing keys (`orcl`): the offchain worker signs
/// `Oracle::feed_values` with the key of this type that it finds in the node's keystore.
pub const ORACLE_KEY_TYPE: KeyTypeId = KeyTypeId(*b"orcl");

/// Where a dev or test validator's oracle operator key sits below its own seed: `//Alice//oracle`
/// for `--alice`. The operator signs feeds as an account of its own, apart from the validator's
/// personal account, so the offchain worker's signed feeds never take a nonce that the personal
/// account (which trades, votes and pays) is about to use.
pub const DEV_ORACLE_DERIVATION: &str = "//oracle";

/// The oracle operators' application crypto: sr25519 under [`ORACLE_KEY_TYPE`].
///
/// An operator's account is the sr25519 public key itself: the oracle key a validator registers
/// among its session keys (`orcl`) signs its node's price feeds as that key's account.
pub mod oracle_crypto {
	use super::ORACLE_KEY_TYPE;
	use sp_application_crypto::{app_crypto, sr25519};
	app_crypto!(sr25519, ORACLE_KEY_TYPE);
}

/// Builds a [`FeedId`] from a name, or `None` if the name is longer than [`MAX_FEED_ID_LEN`].
pub fn feed_id(name: &str) -> Option<FeedId> {
	FeedId::try_from(name.as_bytes().to_vec()).ok()
}

/// A price that is fresh enough to act on, with what is needed to read it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub struct FreshPrice {
	/// The price: quote per one unit of base, times 10^`decimals`.
	pub price: Price,
	/// Decimals of `price`, from the feed registry.
	pub decimals: u8,
	/// When the operators' median was submitted, in milliseconds since the Unix epoch.
	pub timestamp: Moment,
}

/// Why a feed has no price that may be acted on.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum PriceError {
	/// The feed is not in the registry.
	UnknownFeed,
	/// The feed is registered but the operators never delivered a price for it.
	NoPrice,
	/// The operators' median moved more than the circuit breaker allows within one block and has
	/// not yet persisted for the confirmation period: nobody may be liquidated, and no risk taken,
	/// on a price that may be a lie or a glitch.
	Held,
	/// The latest price is older than the governance-set maximum age.
	Stale {
		/// Age of the latest price, in milliseconds.
		age_ms: Moment,
		/// The maximum age it exceeds, in milliseconds.
		max_age_ms: Moment,
	},
}

/// The oracle's price API for the other pallets.
///
/// Risk decisions must never use a price the operators stopped confirming: a stale price is an
/// error, not a value, so a caller cannot forget to check its age.
pub trait PriceProvider {
	/// The latest operators' median of `feed` if it is not older than the maximum age.
	fn fresh_price(feed: &FeedId) -> Result<FreshPrice, PriceError>;
}

/// Identifier of a perpetual market.
pub type MarketId = u32;

/// A signed fraction with 18 decimals (funding rates, premiums).
pub type SignedRate = sp_runtime::FixedI128;

/// Which way a taker trades.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum Side {
	/// Buys base: a long position grows, a short one shrinks.
	Buy,
	/// Sells base.
	Sell,
}

impl Side {
	/// The other side.
	pub fn opposite(self) -> Self {
		match self {
			Side::Buy => Side::Sell,
			Side::Sell => Side::Buy,
		}
	}
}

/// Which party of a fill a refusal is about.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum Party {
	/// The account that took liquidity.
	Taker,
	/// The account whose resting order was filled.
	Maker,
}

/// Why the clearing API refused an operation; nothing changed.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum ClearingError {
	/// No market with this id.
	UnknownMarket,
	/// The market is halted: no fills at all.
	MarketHalted,
	/// The market is reduce-only and this fill would open or grow a position.
	ReduceOnly,
	/// A price needed to check margin is stale or missing.
	StalePrice,
	/// A position of the named party is in a market whose price is stale: its margin cannot be
	/// checked, so it cannot trade (a resting order of such a maker is removed, not a blocker).
	UnmarkableParty(Party),
	/// The named party would end below its initial margin requirement; for a side whose
	/// position only shrinks: also with non-positive equity, or a worse margin ratio than before.
	InsufficientMargin(Party),
	/// The fill would take open interest above the market's cap.
	OpenInterestCap,
	/// The named party would hold more positions than allowed.
	TooManyPositions(Party),
	/// Size or price zero.
	ZeroAmount,
	/// Taker and maker are the same account.
	SelfTrade,
	/// The operation must reduce a position, and would not.
	NotReducing,
	/// An amount does not fit the ledger's integers.
	Overflow,
}

/// What one fill did, in settlement-asset atoms.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Default,
)]
pub struct FillReceipt {
	/// The fill's notional value (quote atoms, rounded down).
	pub notional: Balance,
	/// Fee the taker paid.
	pub taker_fee: Balance,
	/// Fee the maker paid.
	pub maker_fee: Balance,
}

/// An account's risk at current prices, in settlement-asset atoms.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Default,
)]
pub struct AccountHealth {
	/// Quote balance: deposits − withdrawals − fees ± funding settled − net cost of fills.
	pub collateral: i128,
	/// Collateral + value of all positions at mark − funding not yet settled.
	pub equity: i128,
	/// Initial margin requirement (rounded up).
	pub initial_margin: Balance,
	/// Maintenance margin requirement (rounded up).
	pub maintenance_margin: Balance,
	/// Sum of the positions' risk notionals (|size| × mark for perpetuals, |size| × index for
	/// options), rounded up: what a relative price move scales.
	pub gross_notional: Balance,
}

impl AccountHealth {
	/// Equity minus the initial margin requirement: what may still be withdrawn or risked.
	pub fn free_collateral(&self) -> i128 {
		self.equity
			.saturating_sub(i128::try_from(self.initial_margin).unwrap_or(i128::MAX))
	}
	/// Whether the account is below its maintenance requirement.
	pub fn is_liquidatable(&self) -> bool {
		self.equity < i128::try_from(self.maintenance_margin).unwrap_or(i128::MAX)
	}
}

/// The margin engine as its clients read it: market rules and marks, positions, health, and what
/// storing a changed account costs. The order book and the liquidation engine each need it; each
/// also has a role trait of its own ([`FillClearing`], [`LiquidationClearing`]), so that neither
/// sees what only the other may do.
pub trait ClearingView<AccountId> {
	/// The account's health at fresh prices.
	fn health(who: &AccountId) -> Result<AccountHealth, ClearingError>;

	/// What the order book must check before it accepts an order in `market`.
	fn market_rules(market: MarketId) -> Result<MarketRules, ClearingError>;

	/// The market's fresh mark (oracle) price, in its price units; `StalePrice` when there is none.
	fn mark_price(market: MarketId) -> Result<Price, ClearingError>;

	/// `who`'s signed position in `market`, in base atoms (positive long, negative short).
	fn position_size(market: MarketId, who: &AccountId) -> i128;

	/// How many positions `who` holds: what re-filing it with the liquidation engine costs
	/// grows with it (the weights count it).
	fn position_count(who: &AccountId) -> u32;

	/// Most positions one account may hold.
	fn max_positions() -> u32;

	/// What storing a changed account that holds `positions` positions costs, with what its
	/// observer (the liquidation engine's re-filing) does: every fill does it for both accounts.
	fn account_changed_weight(positions: u32) -> sp_runtime::Weight;

	/// What marking an account of `positions` positions costs beyond what the margin engine's
	/// benchmarks (perpetuals) measured: an option's mark is a Black-76 evaluation.
	fn option_marks_weight(positions: u32) -> sp_runtime::Weight {
		let _ = positions;
		sp_runtime::Weight::zero()
	}

	/// The initial margin a position of `size` base atoms at `price` needs now (open-interest
	/// scaling included), rounded up: what a resting order of that size reserves.
	fn order_margin(market: MarketId, price: Price, size: Balance) -> Result<Balance, ClearingError>;
}

/// What the order book may do to the margin engine: clear fills.
pub trait FillClearing<AccountId>: ClearingView<AccountId> {
	/// Applies one fill of `size` base atoms at `price` (the market's price units) between a
	/// taker trading `taker_side` and a maker on the other side, atomically: positions, quote
	/// balances, fees, open interest. Refused, with nothing changed, when a party that increases
	/// risk would end below its initial margin, when the market's status or open-interest cap
	/// forbids it, or when a needed price is stale.
	fn apply_fill(
		market: MarketId,
		taker: &AccountId,
		maker: &AccountId,
		taker_side: Side,
		price: Price,
		size: Balance,
	) -> Result<FillReceipt, ClearingError>;

	/// Applies a fill whose taker is an account under liquidation: as [`FillClearing::apply_fill`], but
	/// the taker's side must only shrink its position and is not margin-checked (the liquidation
	/// engine bounds its price; the maker is checked as in any fill).
	fn apply_liquidation_fill(
		market: MarketId,
		taker: &AccountId,
		maker: &AccountId,
		taker_side: Side,
		price: Price,
		size: Balance,
	) -> Result<FillReceipt, ClearingError>;

	/// The market's fresh mark price with its decimals.
	fn fresh_mark(market: MarketId) -> Result<(Price, u8), ClearingError>;
}

/// What the liquidation engine may do to the margin engine: read an account's full risk, move
/// positions (takeover, deleveraging), charge penalties and pay from the insurance fund. Its
/// per-account record lives in the margin ledger, reached through a `StoredMap` the margin
/// engine provides (as `pallet-balances` keeps its data in `frame-system`'s account record).
pub trait LiquidationClearing<AccountId>: ClearingView<AccountId> {
	/// The account's health and every position marked at fresh prices, with what the liquidation
	/// engine needs to size and price a close-out.
	fn account_risk(who: &AccountId) -> Result<AccountRisk, ClearingError>;

	/// Moves `size` base atoms of `from`'s position in `market` to `to` at `price`, without fees
	/// or margin checks: `from`'s position must shrink (liquidation takeover, auto-deleveraging).
	fn transfer_position(
		market: MarketId,
		from: &AccountId,
		to: &AccountId,
		price: Price,
		size: Balance,
	) -> Result<(), ClearingError>;

	/// Moves a liquidation penalty of up to `amount` settlement atoms from `who`'s collateral to
	/// the insurance fund, capped at what equity the account has left; returns what was charged.
	fn charge_liquidation_penalty(who: &AccountId, amount: Balance) -> Result<Balance, ClearingError>;

	/// The markets listed now (at most `MaxMarkets`; ids of retired markets are not reused).
	fn live_markets() -> alloc::vec::Vec<MarketId>;

	/// What moves the liquidation engine's risk clock in a market; `None` for an unknown market.
	/// `fresh_price`: the market's fresh price when the caller has just read it in this block
	/// (an account's risk carries it), so that it is not read again.
	fn market_clock_inputs(market: MarketId, fresh_price: Option<Price>) -> Option<MarketClockInputs>;

	/// Settles `who`'s positions in option series whose settlement price is fixed (they are
	/// sure cash amounts; the engine does this before it liquidates an account); returns how many.
	fn settle_expired(who: &AccountId) -> Result<u32, ClearingError>;

	/// The insurance fund's balance, in settlement atoms.
	fn insurance_fund() -> Balance;

	/// Moves up to `amount` settlement atoms from the insurance fund into `to`'s collateral
	/// (bad debt, keeper rewards, takeover losses); returns what was paid, at most the fund.
	fn insurance_payout(to: &AccountId, amount: Balance) -> Result<Balance, ClearingError>;

	/// Every account that holds a position. It iterates every ledger: for invariant checks
	/// (`try_state`, tests), never for a block's work.
	fn accounts_with_positions() -> alloc::vec::Vec<AccountId>;
}

/// One position as the liquidation engine sees it: marked at a fresh price, in settlement atoms.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub struct PositionRisk {
	/// The market.
	pub market: MarketId,
	/// Signed size in base atoms: positive long, negative short.
	pub size: i128,
	/// The fresh oracle price it is marked at, in the feed's price units.
	pub mark: Price,
	/// Decimals of `mark`.
	pub price_decimals: u8,
	/// Decimals of the base asset (base atoms per unit = 10^this).
	pub base_decimals: u8,
	/// |size| × mark, rounded up: what closing it trades (an option's premium notional).
	pub notional: Balance,
	/// |size| × the price its risk moves with, rounded up: the notional for a perpetual, the
	/// underlying's value (|size| × index) for an option. Gross notional sums these.
	pub risk_notional: Balance,
	/// Whether the market is an option series (its requirement is not a fraction of `notional`).
	pub is_option: bool,
	/// The price whose relative moves bound this position's value moves (the risk clock's):
	/// the mark for a perpetual, the index for an option (|delta| ≤ 1).
	pub clock_price: Price,
	/// This position's share of the maintenance requirement (rounded up).
	pub maintenance_margin: Balance,
	/// The market's maintenance fraction.
	pub maintenance_fraction: sp_runtime::Perbill,
	/// The market's liquidation penalty fraction.
	pub liquidation_penalty: sp_runtime::Perbill,
	/// The market's taker fee (liquidation fills against the book pay it).
	pub taker_fee: sp_runtime::Perbill,
	/// The market's lot size, in base atoms.
	pub step_size: Balance,
	/// Value at mark minus cost basis, settlement atoms.
	pub unrealized_pnl: i128,
}

/// An account's health with its positions, as [`LiquidationClearing::account_risk`] reports it.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct AccountRisk {
	/// Collateral, equity, requirements and gross notional.
	pub health: AccountHealth,
	/// Every open position.
	pub positions: alloc::vec::Vec<PositionRisk>,
}

impl AccountRisk {
	/// The largest maintenance fraction among the account's markets (zero without positions).
	pub fn max_maintenance_fraction(&self) -> sp_runtime::Perbill {
		self.positions.iter().map(|p| p.maintenance_fraction).max().unwrap_or_default()
	}
}

/// A market's inputs to the risk clock.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub struct MarketClockInputs {
	/// The fresh oracle price, `None` while it is stale (a stale price moves nothing).
	pub price: Option<Price>,
	/// The maintenance fraction: an increase uses up buffers like a price move.
	pub maintenance_fraction: sp_runtime::Perbill,
	/// The funding rate cap: an applied funding step moves equity by at most this fraction.
	pub max_funding_rate: sp_runtime::Perbill,
	/// The cumulative funding index: when it changes, funding was applied.
	pub funding_index: i128,
	/// An option's expiry risk index ([`options::OptionPricing::risk_index`]): it grows by the
	/// largest premium move (fraction of the index × 10^18) a volatility change or the
	/// settlement fixing could cause; the clock advances by its growth. Zero for perpetuals.
	pub risk_index: u128,
}

/// Told whenever the margin engine stored a changed account (fill, withdrawal, funding
/// settlement, penalty, payout), so the liquidation engine re-files it at a fresh trigger level.
pub trait AccountObserver<AccountId> {
	/// What the observer keeps per account. The margin engine stores it inside the account's
	/// ledger (as frame-system keeps pallet-balances' data in its account record), so that a
	/// fill reads and writes one record per account rather than two; it never looks inside.
	type Record: codec::FullCodec
		+ MaxEncodedLen
		+ TypeInfo
		+ Clone
		+ PartialEq
		+ Eq
		+ core::fmt::Debug
		+ Default
		+ 'static;

	/// `who`'s ledger changed (and is stored): the observer may rewrite its record with
	/// its `StoredMap` (`pallet_margin::ObserverRecords` in the runtime). `risk` is the stored ledger's risk when the margin
	/// engine has just marked it (a fill does), so that it is not marked twice; `None` makes the
	/// observer ask [`LiquidationClearing::account_risk`].
	fn account_changed(who: &AccountId, risk: Option<&AccountRisk>);
}

/// Nobody watching.
impl<AccountId> AccountObserver<AccountId> for () {
	type Record = ();
	fn account_changed(_who: &AccountId, _risk: Option<&AccountRisk>) {}
}

/// Whether a market accepts orders and fills.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub enum TradingStatus {
	/// Every order.
	Active,
	/// Only fills that shrink both parties' positions.
	ReduceOnly,
	/// No orders, no fills.
	Halted,
}

/// A market's order rules, as the order book enforces them.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug)]
pub struct MarketRules {
	/// Every limit price is a multiple of it, in the market's price units.
	pub tick_size: Balance,
	/// Every order size is a multiple of it, in base atoms.
	pub step_size: Balance,
	/// Smallest order, in base atoms.
	pub min_order_size: Balance,
	/// Whether the market trades.
	pub status: TradingStatus,
	/// How far a limit price may lie from the oracle price, either way: orders beyond it are
	/// refused, a market order's worst price is clamped to it, and takers never match beyond it.
	pub price_band: sp_runtime::Perbill,
	/// The notional (settlement atoms) whose average fill price on each side of the book is the
	/// market's impact price, which funding samples (one dust order cannot move it).
	pub impact_notional: Balance,
	/// Decimals of the base asset (base atoms per unit = 10^this).
	pub base_decimals: u8,
}

/// The settlement atoms an account's resting orders keep out of its free collateral.
///
/// The order book implements it; the margin engine subtracts it before it lets collateral leave,
/// so a trader cannot withdraw the margin that backs their own resting orders.
pub trait OpenOrderMargin<AccountId> {
	/// Initial margin reserved by `who`'s resting orders, in settlement atoms.
	fn reserved_margin(who: &AccountId) -> Balance;
}

/// No order book: nothing reserved.
impl<AccountId> OpenOrderMargin<AccountId> for () {
	fn reserved_margin(_who: &AccountId) -> Balance {
		0
	}
}

/// What taking liquidity for a liquidation did.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug, Default,
)]
pub struct TakeOutcome {
	/// Base atoms filled.
	pub filled: Balance,
	/// Sum of the fills' notionals, settlement atoms (each rounded down).
	pub notional: Balance,
	/// Number of fills.
	pub fills: u32,
	/// Resting orders visited (filled, cancelled or removed): the work done.
	pub orders_touched: u32,
}

/// The order book's API for the liquidation engine.
pub trait OrderBook<AccountId> {
	/// Cancels every resting order of `who` (their margin must not stand behind new risk while
	/// the account is liquidated); returns how many.
	fn cancel_all_orders(who: &AccountId) -> u32;

	/// Takes resting liquidity for `who` as taker: `side` up to `size` base atoms at prices no
	/// worse than `limit_price`, never growing `who`'s position, within the book's per-call work
	/// bound and at most `max_touched` resting orders. Reports what filled; a fill refused for the
	/// taker stops the walk there.
	fn take_liquidity(
		market: MarketId,
		who: &AccountId,
		side: Side,
		limit_price: Price,
		size: Balance,
		max_touched: u32,
	) -> Result<TakeOutcome, ClearingError>;

	/// Cancels up to `max_orders` resting orders in `market` (an expired option series leaves
	/// the book); returns how many it cancelled and whether any are left.
	fn cancel_market_orders(market: MarketId, max_orders: u32) -> (u32, bool);

	/// Most resting orders one matching call visits.
	fn max_touched() -> u32;

	/// Most resting orders one account may have.
	fn max_open_orders() -> u32;

	/// What cancelling `orders` resting orders of one account costs.
	fn cancel_weight(orders: u32) -> sp_runtime::Weight;

	/// What taking liquidity costs when it visits `touched` resting orders, between accounts
	/// holding up to `positions` positions.
	fn take_weight(touched: u32, positions: u32) -> sp_runtime::Weight;
}

/// Premium samples for funding: how far the market's impact prices (the average fill price of
/// the market's impact notional on each side of the book) are from the oracle price, as a signed
/// fraction of the oracle price. No sample unless both sides have that depth.
pub trait PremiumSource {
	/// The current premium of `market`, if the book can tell one.
	fn premium(market: MarketId) -> Option<SignedRate>;

	/// The most one [`Self::premium`] call costs.
	fn premium_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

/// No order book: no premium, so funding rates stay zero.
impl PremiumSource for () {
	fn premium(_market: MarketId) -> Option<SignedRate> {
		None
	}
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
	use super::*;
	use sp_application_crypto::{sr25519, Pair, RuntimeAppPublic};

	#[test]
	fn oracle_key_type_is_orcl() {
		assert_eq!(&ORACLE_KEY_TYPE.0, b"orcl");
		assert_eq!(oracle_crypto::Public::ID, ORACLE_KEY_TYPE);
	}

	#[test]
	fn oracle_key_signs_as_the_same_account() {
		// An `orcl` key signs as the account of the same sr25519 public key: the node inserts
		// `//Alice//oracle` under `orcl` for `--alice`, and the operator set (accounts, from the
		// validators' `orcl` session keys) must recognise that key's submissions as that account's.
		let pair = sr25519::Pair::from_string("//Alice", None).expect("dev seed is valid");
		let oracle_public = oracle_crypto::Public::from(pair.public());
		let as_account: AccountId = sp_runtime::MultiSigner::from(sr25519::Public::from(oracle_public)).into_account();
		let alice: AccountId = sp_runtime::MultiSigner::from(pair.public()).into_account();
		assert_eq!(as_account, alice);
	}

	#[test]
	fn units_match_their_decimals() {
		assert_eq!(CLR, 1_000_000_000_000);
		assert_eq!(USDC, 1_000_000);
		assert_eq!(SETTLEMENT_MIN_BALANCE, 10_000);
	}

	#[test]
	fn feed_ids_are_bounded() {
		assert_eq!(feed_id("BTC/USD").map(|f| f.into_inner()), Some(b"BTC/USD".to_vec()));
		assert_eq!(feed_id("0123456789abcdef").map(|f| f.len()), Some(16));
		assert_eq!(feed_id("0123456789abcdefX"), None);
	}
}
