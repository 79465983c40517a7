//! A mock runtime: Balances, Assets (the settlement asset, id 1), the real margin engine, the
//! real order book and the liquidation engine, with oracle prices and the clock set by the tests.
//! Markets trade without fees so the cascade tests' figures are easy to check by hand.

use crate as pallet_liquidation;
use crate::{Event, LiquidationParameters};
use clearing_primitives::{AccountRisk, AssetId, Balance, FeedId, MarketId, Price, Side};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{fungibles::Mutate, ConstU32, Hooks},
	PalletId,
};
use frame_system::EnsureRoot;
use pallet_margin::MarketParams;
use sp_arithmetic::Perbill;

pub use clearing_testing::{
	btc_feed, eth_feed, now_ms, set_now_ms, set_price, set_prices, AccountId, ALICE, BOB, BTC, CHARLIE, DAVE,
	SETTLEMENT, USD, USDC,
};

pub const KEEPER: AccountId = 5;
/// Accounts with a wallet of 10,000,000 USDC each.
pub const TRADERS: [AccountId; 5] = [ALICE, BOB, CHARLIE, DAVE, KEEPER];
/// One lot: 0.0001 BTC.
pub const LOT: Balance = BTC / 10_000;
/// One tick: 0.1 USD.
pub const TICK: Price = USD / 10;
/// The BTC-USD market's id.
pub const BTC_USD: MarketId = 0;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Margin: pallet_margin,
		Orderbook: pallet_orderbook,
		Liquidation: pallet_liquidation,
	}
);

clearing_testing::impl_settlement_chain!(Test);

parameter_types! {
	/// As the runtime: at most 60 % of a block for the engine.
	pub const MaxBlockShare: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(60);
	/// The insurance fund's seed at genesis.
	pub static InsuranceSeed: Balance = 10_000 * USDC;
	pub const MarginPalletId: PalletId = PalletId(*b"tst/mrgn");
	pub const LiquidationPalletId: PalletId = PalletId(*b"tst/liqd");
	pub const Settlement: AssetId = SETTLEMENT;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
clearing_testing::impl_margin_benchmark_helper!(BenchHelper);
#[cfg(feature = "runtime-benchmarks")]
impl pallet_orderbook::BenchmarkHelper<AccountId> for BenchHelper {
	fn market() -> MarketId {
		set_price(btc_feed(), Some(50_000 * USD));
		BTC_USD
	}
	fn fund(who: &AccountId, amount: Balance) {
		fund(*who, amount);
	}
	fn list_markets(n: u32) {
		<Self as crate::BenchmarkHelper<AccountId>>::list_markets(n);
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn market() -> MarketId {
		set_price(btc_feed(), Some(50_000 * USD));
		BTC_USD
	}
	fn set_price(_market: MarketId, price: Price) {
		set_price(btc_feed(), Some(price));
	}
	fn fund(who: &AccountId, amount: Balance) {
		fund(*who, amount);
	}
	fn rest_order(who: &AccountId, market: MarketId, side: Side, price: Price, size: Balance) {
		let _ = Orderbook::place_order(
			RuntimeOrigin::signed(*who),
			market,
			side,
			price,
			size,
			pallet_orderbook::OrderKind::Limit,
			false,
		);
	}
	fn list_markets(n: u32) {
		// Every mock market reads the BTC feed, which `set_price` moves.
		set_price(btc_feed(), Some(50_000 * USD));
		while pallet_margin::NextMarketId::<Test>::get() < n {
			if pallet_margin::Pallet::<Test>::create_market(RuntimeOrigin::root(), market("BENCH", btc_feed())).is_err()
			{
				break;
			}
		}
	}
}

clearing_testing::impl_margin_config!(Test {
	type Options = clearing_testing::TestOptions;
	type MaxMarkets = ConstU32<4>;
	type Premiums = Orderbook;
	type OpenOrders = Orderbook;
	type Observer = Liquidation;
	type EmergencyOrigin = EnsureRoot<AccountId>;
	type MaxPositions = ConstU32<4>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
});

impl pallet_orderbook::Config for Test {
	type Clearing = Margin;
	type MaxPriceLevels = ConstU32<32>;
	type MaxOpenOrders = ConstU32<16>;
	type MaxFills = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

impl pallet_liquidation::Config for Test {
	type Clearing = Margin;
	type Filings = pallet_margin::ObserverRecords<Test>;
	type Book = TimedBook;
	type RiskAdminOrigin = EnsureRoot<AccountId>;
	type PalletId = LiquidationPalletId;
	type MaxEvaluationsPerBlock = ConstU32<4_096>;
	type MaxLiquidationsPerBlock = ConstU32<1_024>;
	type MaxMarkets = ConstU32<4>;
	type MaxPositions = ConstU32<4>;
	type MaxBlockShare = MaxBlockShare;
	type MaxAdlCandidates = ConstU32<8>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Sets BTC-USD's price in USD.
pub fn set_btc(usd: Price) {
	set_price(btc_feed(), Some(usd * USD));
}

/// A market with 10 % initial and 5 % maintenance margin, a 1 % liquidation penalty, no fees,
/// 8 base decimals, 0.1 USD ticks, 0.0001 lots (minimum one lot).
pub fn market(ticker: &str, feed: FeedId) -> MarketParams {
	MarketParams {
		maker_fee: Perbill::zero(),
		taker_fee: Perbill::zero(),
		..MarketParams::perpetual(ticker, feed, 8, TICK, LOT)
	}
}

/// BTC-USD (0) at 50,000 USD and ETH-USD (1) at 2,000 USD; every trader holds 10,000,000 USDC in
/// its wallet and no collateral yet; the insurance fund holds [`InsuranceSeed`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_prices(vec![(btc_feed(), Some(50_000 * USD)), (eth_feed(), Some(2_000 * USD))]);
	set_now_ms(1_000_000);
	let storage = clearing_testing::margin_genesis!(
		traders: TRADERS,
		wallet: 10_000_000 * USDC,
		insurance: InsuranceSeed::get(),
		markets: vec![market("BTC-USD", btc_feed()), market("ETH-USD", eth_feed())],
		liquidation: pallet_liquidation::GenesisConfig {
			parameters: LiquidationParameters {
				max_evaluations_per_block: 1_024,
				max_liquidations_per_block: 128,
				..Default::default()
			},
			_config: Default::default(),
		},
	);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		initialize_block(1);
		// The first block's on_finalize meets the markets' prices.
		Liquidation::on_finalize(1);
		initialize_block(1);
	});
	ext
}

/// Mints `amount` settlement atoms to `who` and deposits them as collateral.
pub fn fund(who: AccountId, amount: Balance) {
	let _ = <Assets as Mutate<AccountId>>::mint_into(SETTLEMENT, &who, amount);
	assert_ok!(Margin::deposit(RuntimeOrigin::signed(who), amount));
}

/// `long` buys `size` base atoms of BTC-USD from `short` at `usd`, through the book: `short` rests
/// the ask, `long` takes it.
pub fn trade(long: AccountId, short: AccountId, usd: Price, size: Balance) {
	assert_ok!(Orderbook::place_order(
		RuntimeOrigin::signed(short),
		BTC_USD,
		Side::Sell,
		usd * USD,
		size,
		pallet_orderbook::OrderKind::Limit,
		false
	));
	assert_ok!(Orderbook::place_order(
		RuntimeOrigin::signed(long),
		BTC_USD,
		Side::Buy,
		usd * USD,
		size,
		pallet_orderbook::OrderKind::ImmediateOrCancel,
		false
	));
}

/// Bob deposits 6,000 USDC and buys 1 BTC at 50,000 from Alice (1,000,000 USDC): collateral
/// −44,000 USDC, equity 6,000 at 50,000.
pub fn bob_long_one_btc() {
	fund(ALICE, 1_000_000 * USDC);
	fund(BOB, 6_000 * USDC);
	trade(BOB, ALICE, 50_000, BTC);
	assert_eq!(btc_size(BOB), BTC as i128);
	assert_eq!(collateral(BOB), -44_000 * USDC as i128);
}

/// Rests a BTC-USD limit order of `who`.
fn rest(who: AccountId, side: Side, usd: Price, size: Balance) {
	assert_ok!(Orderbook::place_order(
		RuntimeOrigin::signed(who),
		BTC_USD,
		side,
		usd * USD,
		size,
		pallet_orderbook::OrderKind::Limit,
		false
	));
}

/// Rests a BTC-USD bid of `who`.
pub fn bid(who: AccountId, usd: Price, size: Balance) {
	rest(who, Side::Buy, usd, size);
}

/// Rests a BTC-USD ask of `who`.
pub fn ask(who: AccountId, usd: Price, size: Balance) {
	rest(who, Side::Sell, usd, size);
}

/// Ends the current block (the margin engine's on_finalize sweeps fees and samples funding, then
/// the liquidation engine's runs, in the runtime's order) and starts the next.
pub fn next_block() {
	finalize_block();
	start_next_block();
}

/// The current block's on_finalize hooks, in the runtime's order.
pub fn finalize_block() {
	let n = System::block_number();
	Margin::on_finalize(n);
	Liquidation::on_finalize(n);
}

/// Starts the next block, 2 s later.
pub fn start_next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	set_now_ms(now_ms() + 2_000);
	initialize_block(n);
}

/// What the executive does at a block's start for the engine: a fresh block weight, and
/// on_initialize's reserve registered in it.
pub fn initialize_block(n: u64) {
	frame_system::BlockWeight::<Test>::kill();
	let reserved = Liquidation::on_initialize(n);
	System::register_extra_weight_unchecked(reserved, frame_support::dispatch::DispatchClass::Mandatory);
}

/// `who`'s risk at the current prices.
pub fn risk(who: AccountId) -> AccountRisk {
	Margin::account_risk(&who).unwrap_or_else(|e| panic!("account {who} can be marked: {e:?}"))
}

/// `who`'s collateral, in settlement atoms.
pub fn collateral(who: AccountId) -> i128 {
	pallet_margin::Accounts::<Test>::get(who).map(|a| a.collateral).unwrap_or(0)
}

/// An account's signed size in BTC-USD.
pub fn btc_size(who: AccountId) -> i128 {
	<Margin as clearing_primitives::ClearingView<AccountId>>::position_size(BTC_USD, &who)
}

/// The conservation identity: what the margin pallet holds equals its ledger.
pub fn assert_conserved() {
	let held = i128::try_from(Margin::held()).unwrap_or(i128::MAX);
	assert_eq!(
		Some(held),
		Margin::ledger_total(),
		"settlement asset held = Σ collateral + insurance + fees + funding pools"
	);
}

/// The liquidation engine's events, oldest first.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Liquidation(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The insurance fund's balance.
pub fn insurance() -> Balance {
	pallet_margin::InsuranceFund::<Test>::get()
}

std::thread_local! {
	/// Wall time the engine spent walking the book (`take_liquidity`), in nanoseconds.
	pub static BOOK_WALK_NANOS: std::cell::Cell<u128> = const { std::cell::Cell::new(0) };
}

/// The real order book, with the time the engine spends walking it measured: what closing each
/// market's liquidated slices in one batch per block could save at most.
pub struct TimedBook;

impl clearing_primitives::OrderBook<AccountId> for TimedBook {
	fn cancel_all_orders(who: &AccountId) -> u32 {
		<Orderbook as clearing_primitives::OrderBook<AccountId>>::cancel_all_orders(who)
	}

	fn cancel_market_orders(market: MarketId, max_orders: u32) -> (u32, bool) {
		<Orderbook as clearing_primitives::OrderBook<AccountId>>::cancel_market_orders(market, max_orders)
	}

	fn take_liquidity(
		market: MarketId,
		who: &AccountId,
		side: Side,
		limit_price: Price,
		size: Balance,
		max_touched: u32,
	) -> Result<clearing_primitives::TakeOutcome, clearing_primitives::ClearingError> {
		let started = std::time::Instant::now();
		let taken = <Orderbook as clearing_primitives::OrderBook<AccountId>>::take_liquidity(
			market,
			who,
			side,
			limit_price,
			size,
			max_touched,
		);
		BOOK_WALK_NANOS.with(|n| n.set(n.get() + started.elapsed().as_nanos()));
		taken
	}

	fn max_touched() -> u32 {
		<Orderbook as clearing_primitives::OrderBook<AccountId>>::max_touched()
	}

	fn max_open_orders() -> u32 {
		<Orderbook as clearing_primitives::OrderBook<AccountId>>::max_open_orders()
	}

	fn cancel_weight(orders: u32) -> frame_support::weights::Weight {
		<Orderbook as clearing_primitives::OrderBook<AccountId>>::cancel_weight(orders)
	}

	fn take_weight(touched: u32, positions: u32) -> frame_support::weights::Weight {
		<Orderbook as clearing_primitives::OrderBook<AccountId>>::take_weight(touched, positions)
	}
}
