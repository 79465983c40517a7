//! `clearing_*` JSON-RPC methods: the `ClearingApi` runtime API's figures as JSON, every amount a
//! decimal string in its natural unit, so front ends never handle raw atoms or redo the margin
//! math. The runtime computes; this module only formats.
//!
//! Units: money (collateral, equity, requirements, PnL, funding, fees, fund) in USDC; prices in
//! USD per base unit (the feed's decimals); sizes in base units (the market's base decimals);
//! fractions and rates as plain decimals (`"0.05"` is 5 %). Timestamps in ms since the epoch.

use std::sync::Arc;

use clearing_primitives::{
	api::{
		AccountSummary, BookLevelView, ClearingApi as ClearingRuntimeApi, ClearingApiError, MarketView, PositionSummary,
	},
	Side, SETTLEMENT_DECIMALS,
};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use pallet_oracle_feeder::runtime_api::OracleFeederApi;
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, Perbill};

/// JSON-RPC error codes of the `clearing_*` methods.
pub mod error_code {
	/// The runtime API call itself failed.
	pub const RUNTIME: i32 = 8000;
	/// The account has no margin ledger and no orders.
	pub const UNKNOWN_ACCOUNT: i32 = 8001;
	/// No market with this id.
	pub const UNKNOWN_MARKET: i32 = 8002;
	/// A price needed for the answer is stale or missing.
	pub const STALE_PRICE: i32 = 8003;
	/// A figure does not fit the ledger's integers.
	pub const OVERFLOW: i32 = 8004;
}

fn api_error(e: ClearingApiError) -> ErrorObjectOwned {
	let (code, message) = match e {
		ClearingApiError::UnknownAccount => {
			(error_code::UNKNOWN_ACCOUNT, "unknown account: no margin ledger and no orders")
		},
		ClearingApiError::UnknownMarket => (error_code::UNKNOWN_MARKET, "unknown market"),
		ClearingApiError::StalePrice => (error_code::STALE_PRICE, "a price needed for this is stale or missing"),
		ClearingApiError::Overflow => (error_code::OVERFLOW, "a figure does not fit the ledger's integers"),
	};
	ErrorObject::owned(code, message, None::<()>)
}

fn runtime_error(e: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(error_code::RUNTIME, format!("runtime API call failed: {e}"), None::<()>)
}

/// `value` scaled down by 10^`decimals`, as a decimal string without trailing zeros
/// (`decimal(1_500_000, 6)` is `"1.5"`, `decimal(-25, 2)` is `"-0.25"`).
pub fn decimal(value: i128, decimals: u8) -> String {
	let negative = value < 0;
	let magnitude = value.unsigned_abs();
	let scale = 10u128.pow(u32::from(decimals));
	let whole = magnitude / scale;
	let fraction = magnitude % scale;
	let mut out = if negative { format!("-{whole}") } else { whole.to_string() };
	if fraction > 0 {
		let digits = format!("{fraction:0width$}", width = usize::from(decimals));
		out.push('.');
		out.push_str(digits.trim_end_matches('0'));
	}
	out
}

fn unsigned(value: u128, decimals: u8) -> String {
	decimal(i128::try_from(value).unwrap_or(i128::MAX), decimals)
}

fn usdc(value: i128) -> String {
	decimal(value, SETTLEMENT_DECIMALS)
}

fn fraction(value: Perbill) -> String {
	decimal(i128::from(value.deconstruct()), 9)
}

/// A rate scaled by 10^18.
fn rate(value: i128) -> String {
	decimal(value, 18)
}

/// A market's decimals: base (sizes) and price (from the feed registry).
#[derive(Clone, Copy)]
struct Units {
	base: u8,
	price: u8,
}

/// One position, formatted.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct PositionJson {
	market: u32,
	ticker: String,
	size: String,
	entry_price: String,
	mark_price: String,
	unrealized_pnl: String,
	unsettled_funding: String,
	liquidation_price: Option<String>,
	/// An option's greeks per unit of underlying; absent for a perpetual.
	#[serde(skip_serializing_if = "Option::is_none")]
	greeks: Option<GreeksJson>,
}

/// An option's greeks per unit of underlying: delta as a fraction, gamma per USD of index move,
/// vega in USD per volatility point, theta in USD per day.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct GreeksJson {
	delta: String,
	gamma: String,
	vega: String,
	theta: String,
}

fn greeks_json(g: &clearing_primitives::options::Greeks, price_decimals: u8) -> GreeksJson {
	GreeksJson {
		delta: rate(g.delta),
		gamma: rate(g.gamma),
		vega: decimal(g.vega, price_decimals),
		theta: decimal(g.theta, price_decimals),
	}
}

/// One option series of `clearing_optionChain`, formatted.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OptionSeriesJson {
	market: u32,
	expiry: u32,
	expiry_ms: u64,
	strike: String,
	right: &'static str,
	status: &'static str,
	/// Premium per unit in USD; `None` while the index or the surface is stale.
	mark: Option<String>,
	/// The same in price units, as an integer string (what orders are priced in).
	mark_raw: Option<String>,
	/// Implied volatility as a fraction (`"0.55"` is 55 %).
	iv: Option<String>,
	greeks: Option<GreeksJson>,
	settlement_price: Option<String>,
	open_interest: String,
	best_bid: Option<String>,
	best_ask: Option<String>,
}

/// `clearing_optionChain`'s answer.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OptionChainJson {
	feed: String,
	index: Option<String>,
	series: Vec<OptionSeriesJson>,
}

fn status_name(status: clearing_primitives::TradingStatus) -> &'static str {
	match status {
		clearing_primitives::TradingStatus::Active => "Active",
		clearing_primitives::TradingStatus::ReduceOnly => "ReduceOnly",
		clearing_primitives::TradingStatus::Halted => "Halted",
	}
}

/// One resting order, formatted.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OrderJson {
	id: String,
	market: u32,
	side: &'static str,
	price: String,
	size: String,
	remaining: String,
	reduce_only: bool,
	reserved_margin: String,
}

/// An account's margin picture, formatted.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct SummaryJson {
	collateral: String,
	equity: String,
	initial_margin: String,
	maintenance_margin: String,
	free_collateral: String,
	open_order_margin: String,
	gross_notional: String,
	/// MMR / equity; at or above one the account is liquidatable.
	margin_ratio: Option<String>,
	positions: Vec<PositionJson>,
}

/// `clearing_accountSummary`'s answer.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct AccountJson {
	#[serde(flatten)]
	summary: SummaryJson,
	open_orders: Vec<OrderJson>,
	queued_for_liquidation: bool,
}

/// One market, formatted.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct MarketJson {
	id: u32,
	ticker: String,
	feed: String,
	base_decimals: u8,
	price_decimals: u8,
	tick_size: String,
	step_size: String,
	min_order_size: String,
	initial_margin_fraction: String,
	maintenance_margin_fraction: String,
	liquidation_penalty: String,
	maker_fee: String,
	taker_fee: String,
	open_interest_cap: String,
	status: &'static str,
	oracle_price: Option<String>,
	oracle_age_ms: Option<u64>,
	open_interest: String,
	last_funding_rate: String,
	next_funding_rate: String,
	next_funding_at: u64,
	funding_interval_ms: u64,
}

/// One aggregated level, formatted.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct LevelJson {
	price: String,
	size: String,
	orders: u32,
}

/// `clearing_orderBook`'s answer.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OrderBookJson {
	market: u32,
	ticker: String,
	bids: Vec<LevelJson>,
	asks: Vec<LevelJson>,
}

/// `clearing_insuranceFund`'s answer.
#[derive(Serialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct InsuranceJson {
	balance: String,
	/// The balance plus the backstop's equity at fresh prices (`None` while it cannot be marked).
	value: Option<String>,
	fee_pool: String,
	fee_share: String,
	pending_liquidations: u64,
	/// The backstop account's positions taken over from liquidated accounts (`None` while it
	/// cannot be marked).
	backstop: Option<SummaryJson>,
}

fn side(side: Side) -> &'static str {
	match side {
		Side::Buy => "Buy",
		Side::Sell => "Sell",
	}
}

fn ticker_of(markets: &[MarketView], market: u32) -> String {
	markets
		.iter()
		.find(|m| m.id == market)
		.map(|m| String::from_utf8_lossy(&m.ticker).into_owned())
		.unwrap_or_default()
}

/// Formats a position with its market's units (raw integers if the market is gone).
fn position_json(p: &PositionSummary, markets: &[MarketView], units: &dyn Fn(u32) -> Units) -> PositionJson {
	let u = units(p.market);
	PositionJson {
		market: p.market,
		ticker: ticker_of(markets, p.market),
		size: decimal(p.size, u.base),
		entry_price: unsigned(p.entry_price, u.price),
		mark_price: unsigned(p.mark_price, u.price),
		unrealized_pnl: usdc(p.unrealized_pnl),
		unsettled_funding: usdc(p.unsettled_funding),
		liquidation_price: p.liquidation_price.map(|x| unsigned(x, u.price)),
		greeks: p.greeks.as_ref().map(|g| greeks_json(g, u.price)),
	}
}

fn summary_json(s: &AccountSummary, markets: &[MarketView], units: &dyn Fn(u32) -> Units) -> SummaryJson {
	let h = &s.health;
	SummaryJson {
		collateral: usdc(h.collateral),
		equity: usdc(h.equity),
		initial_margin: unsigned(h.initial_margin, SETTLEMENT_DECIMALS),
		maintenance_margin: unsigned(h.maintenance_margin, SETTLEMENT_DECIMALS),
		free_collateral: usdc(h.free_collateral()),
		open_order_margin: unsigned(s.open_order_margin, SETTLEMENT_DECIMALS),
		gross_notional: unsigned(h.gross_notional, SETTLEMENT_DECIMALS),
		margin_ratio: s.margin_ratio.map(|r| unsigned(r.into_inner(), 18)),
		positions: s.positions.iter().map(|p| position_json(p, markets, units)).collect(),
	}
}

#[rpc(server)]
pub trait ClearingRpc<BlockHash, AccountId> {
	/// `who`'s margin, positions, open orders and liquidation status at block `at` (best block
	/// if omitted).
	#[method(name = "clearing_accountSummary")]
	fn account_summary(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<AccountJson>;

	/// Every market: parameters, oracle price and age, open interest, funding.
	#[method(name = "clearing_markets")]
	fn markets(&self, at: Option<BlockHash>) -> RpcResult<Vec<MarketJson>>;

	/// `market`'s book aggregated by price, `depth` levels a side (default 20).
	#[method(name = "clearing_orderBook")]
	fn order_book(&self, market: u32, depth: Option<u32>, at: Option<BlockHash>) -> RpcResult<OrderBookJson>;

	/// The insurance fund, the fee pool, the backstop's positions and the liquidation queue.
	#[method(name = "clearing_insuranceFund")]
	fn insurance_fund(&self, at: Option<BlockHash>) -> RpcResult<InsuranceJson>;

	/// `underlying`'s option chain (its feed, e.g. `BTC/USD`): every listed series with its
	/// mark, implied volatility, greeks, open interest and book top.
	#[method(name = "clearing_optionChain")]
	fn option_chain(&self, underlying: String, at: Option<BlockHash>) -> RpcResult<OptionChainJson>;
}

/// The `clearing_*` methods, over a client.
pub struct Clearing<C, B> {
	client: Arc<C>,
	_block: std::marker::PhantomData<B>,
}

/// Every market, and each market's units by id.
type MarketsAndUnits = (Vec<MarketView>, Vec<(u32, Units)>);

impl<C, B> Clearing<C, B> {
	/// The methods for `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: Default::default() }
	}
}

impl<C, B> Clearing<C, B>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + Send + Sync + 'static,
	C::Api: ClearingRuntimeApi<B, clearing_primitives::AccountId> + OracleFeederApi<B>,
{
	fn at(&self, at: Option<B::Hash>) -> B::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	/// The markets and a way to find each one's units (price decimals from the feed registry,
	/// which knows them even while a price is stale).
	fn markets_and_units(&self, at: B::Hash) -> RpcResult<MarketsAndUnits> {
		let api = self.client.runtime_api();
		let markets = api.markets(at).map_err(runtime_error)?;
		let feeds = api.feeds(at).map_err(runtime_error)?;
		let units = markets
			.iter()
			.map(|m| {
				let price = feeds.iter().find(|(id, _)| *id == m.feed).map(|(_, f)| f.decimals).unwrap_or(0);
				(m.id, Units { base: m.base_decimals, price })
			})
			.collect();
		Ok((markets, units))
	}
}

fn lookup(units: &[(u32, Units)]) -> impl Fn(u32) -> Units + '_ {
	move |market| {
		units
			.iter()
			.find(|(id, _)| *id == market)
			.map(|(_, u)| *u)
			.unwrap_or(Units { base: 0, price: 0 })
	}
}

impl<C, B> ClearingRpcServer<B::Hash, clearing_primitives::AccountId> for Clearing<C, B>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + Send + Sync + 'static,
	C::Api: ClearingRuntimeApi<B, clearing_primitives::AccountId> + OracleFeederApi<B>,
{
	fn account_summary(&self, who: clearing_primitives::AccountId, at: Option<B::Hash>) -> RpcResult<AccountJson> {
		let at = self.at(at);
		let view = self
			.client
			.runtime_api()
			.account_summary(at, who)
			.map_err(runtime_error)?
			.map_err(api_error)?;
		let (markets, units) = self.markets_and_units(at)?;
		let units = lookup(&units);
		Ok(AccountJson {
			summary: summary_json(&view.summary, &markets, &units),
			open_orders: view
				.open_orders
				.iter()
				.map(|o| {
					let u = units(o.market);
					OrderJson {
						id: o.id.to_string(),
						market: o.market,
						side: side(o.side),
						price: unsigned(o.price, u.price),
						size: unsigned(o.size, u.base),
						remaining: unsigned(o.remaining, u.base),
						reduce_only: o.reduce_only,
						reserved_margin: unsigned(o.reserved_margin, SETTLEMENT_DECIMALS),
					}
				})
				.collect(),
			queued_for_liquidation: view.queued_for_liquidation,
		})
	}

	fn markets(&self, at: Option<B::Hash>) -> RpcResult<Vec<MarketJson>> {
		let at = self.at(at);
		let (markets, units) = self.markets_and_units(at)?;
		let units = lookup(&units);
		Ok(markets
			.iter()
			.map(|m| {
				let u = units(m.id);
				MarketJson {
					id: m.id,
					ticker: String::from_utf8_lossy(&m.ticker).into_owned(),
					feed: String::from_utf8_lossy(&m.feed).into_owned(),
					base_decimals: m.base_decimals,
					price_decimals: u.price,
					tick_size: unsigned(m.tick_size, u.price),
					step_size: unsigned(m.step_size, u.base),
					min_order_size: unsigned(m.min_order_size, u.base),
					initial_margin_fraction: fraction(m.initial_margin),
					maintenance_margin_fraction: fraction(m.maintenance_margin),
					liquidation_penalty: fraction(m.liquidation_penalty),
					maker_fee: fraction(m.maker_fee),
					taker_fee: fraction(m.taker_fee),
					open_interest_cap: unsigned(m.open_interest_cap, u.base),
					status: match m.status {
						clearing_primitives::TradingStatus::Active => "Active",
						clearing_primitives::TradingStatus::ReduceOnly => "ReduceOnly",
						clearing_primitives::TradingStatus::Halted => "Halted",
					},
					oracle_price: m.oracle_price.map(|p| unsigned(p, u.price)),
					oracle_age_ms: m.oracle_age_ms,
					open_interest: unsigned(m.open_interest, u.base),
					last_funding_rate: rate(m.last_funding_rate),
					next_funding_rate: rate(m.next_funding_rate),
					next_funding_at: m.next_funding_ms,
					funding_interval_ms: m.funding_interval_ms,
				}
			})
			.collect())
	}

	fn order_book(&self, market: u32, depth: Option<u32>, at: Option<B::Hash>) -> RpcResult<OrderBookJson> {
		let at = self.at(at);
		let book = self
			.client
			.runtime_api()
			.order_book(at, market, depth.unwrap_or(20))
			.map_err(runtime_error)?
			.map_err(api_error)?;
		let (markets, units) = self.markets_and_units(at)?;
		let u = lookup(&units)(market);
		let level = |l: &BookLevelView| LevelJson {
			price: unsigned(l.price, u.price),
			size: unsigned(l.size, u.base),
			orders: l.orders,
		};
		Ok(OrderBookJson {
			market,
			ticker: ticker_of(&markets, market),
			bids: book.bids.iter().map(level).collect(),
			asks: book.asks.iter().map(level).collect(),
		})
	}

	fn insurance_fund(&self, at: Option<B::Hash>) -> RpcResult<InsuranceJson> {
		let at = self.at(at);
		let fund = self.client.runtime_api().insurance_fund(at).map_err(runtime_error)?;
		let (markets, units) = self.markets_and_units(at)?;
		let units = lookup(&units);
		Ok(InsuranceJson {
			balance: unsigned(fund.balance, SETTLEMENT_DECIMALS),
			value: fund.value.map(usdc),
			fee_pool: unsigned(fund.fee_pool, SETTLEMENT_DECIMALS),
			fee_share: fraction(fund.fee_share),
			pending_liquidations: fund.pending_liquidations,
			backstop: fund.backstop.as_ref().map(|b| summary_json(b, &markets, &units)),
		})
	}

	fn option_chain(&self, underlying: String, at: Option<B::Hash>) -> RpcResult<OptionChainJson> {
		let at = self.at(at);
		let feed = clearing_primitives::feed_id(&underlying).ok_or_else(|| {
			ErrorObject::owned(error_code::UNKNOWN_MARKET, "a feed name is at most 16 bytes", None::<()>)
		})?;
		let chain = self.client.runtime_api().option_chain(at, feed).map_err(runtime_error)?;
		let (price, base) = (chain.price_decimals, chain.base_decimals);
		Ok(OptionChainJson {
			feed: underlying,
			index: chain.index.map(|p| unsigned(p, price)),
			series: chain
				.series
				.iter()
				.map(|s| OptionSeriesJson {
					market: s.market,
					expiry: s.expiry,
					expiry_ms: s.expiry_ms,
					strike: unsigned(s.strike, price),
					right: match s.right {
						clearing_primitives::options::OptionRight::Call => "Call",
						clearing_primitives::options::OptionRight::Put => "Put",
					},
					status: status_name(s.status),
					mark: s.mark.map(|m| unsigned(m, price)),
					mark_raw: s.mark.map(|m| m.to_string()),
					iv: s.vol.map(|v| decimal(i128::from(v), 6)),
					greeks: s.greeks.as_ref().map(|g| greeks_json(g, price)),
					settlement_price: s.settlement_price.map(|p| unsigned(p, price)),
					open_interest: unsigned(s.open_interest, base),
					best_bid: s.best_bid.map(|p| unsigned(p, price)),
					best_ask: s.best_ask.map(|p| unsigned(p, price)),
				})
				.collect(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn decimals_are_exact_strings() {
		assert_eq!(decimal(1_500_000, 6), "1.5");
		assert_eq!(decimal(-25, 2), "-0.25");
		assert_eq!(decimal(0, 6), "0");
		assert_eq!(decimal(7, 0), "7");
		assert_eq!(decimal(100_000_000, 8), "1");
		assert_eq!(decimal(123_456_789_012, 6), "123456.789012");
		assert_eq!(decimal(i128::MIN, 18), "-170141183460469231731.687303715884105728");
		assert_eq!(fraction(Perbill::from_percent(5)), "0.05");
		assert_eq!(fraction(Perbill::from_parts(500_000)), "0.0005");
		assert_eq!(rate(7_500_000_000_000_000), "0.0075");
		assert_eq!(unsigned(u128::MAX, 6), decimal(i128::MAX, 6));
	}

	#[test]
	fn api_errors_map_to_their_codes() {
		assert_eq!(api_error(ClearingApiError::UnknownAccount).code(), error_code::UNKNOWN_ACCOUNT);
		assert_eq!(api_error(ClearingApiError::UnknownMarket).code(), error_code::UNKNOWN_MARKET);
		assert_eq!(api_error(ClearingApiError::StalePrice).code(), error_code::STALE_PRICE);
		assert_eq!(api_error(ClearingApiError::Overflow).code(), error_code::OVERFLOW);
	}
}
