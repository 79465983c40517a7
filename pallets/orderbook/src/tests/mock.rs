//! A mock runtime: Balances, Assets (the settlement asset, id 1), the real margin engine and the
//! order book, with oracle prices and the clock set by the tests.

use crate as pallet_orderbook;
use crate::{BookPrices, Event, Levels, OrderId, Orders};
use clearing_primitives::{AssetId, Balance, FeedId, MarketId, Price, Side};
use frame_support::{assert_ok, derive_impl, parameter_types, traits::ConstU32, PalletId};
use frame_system::EnsureRoot;
use pallet_margin::MarketParams;

pub use clearing_testing::{
	btc_feed, eth_feed, set_now_ms, set_price, set_prices, AccountId, ALICE, BOB, BTC, CHARLIE, DAVE, SETTLEMENT, USD,
	USDC,
};

/// Traders with a wallet of 1,000,000 USDC each.
pub const TRADERS: [AccountId; 4] = [ALICE, BOB, CHARLIE, DAVE];
pub const INSURANCE_SEED: Balance = 1_000 * USDC;
/// One lot: 0.0001 BTC.
pub const LOT: Balance = BTC / 10_000;
/// One tick: 0.1 USD.
pub const TICK: Price = USD / 10;
/// The BTC-USD market's id.
pub const BTC_USD: MarketId = 0;
/// The ETH-USD market's id.
pub const ETH_USD: MarketId = 1;
/// Most resting orders one call visits, in this mock.
pub const MAX_FILLS: u32 = 8;
/// Most price levels per side, in this mock.
pub const MAX_LEVELS: u32 = 16;
/// Most resting orders per account, in this mock.
pub const MAX_OPEN_ORDERS: u32 = 8;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Margin: pallet_margin,
		Orderbook: pallet_orderbook,
	}
);

clearing_testing::impl_settlement_chain!(Test);

parameter_types! {
	pub const MarginPalletId: PalletId = PalletId(*b"tst/mrgn");
	pub const Settlement: AssetId = SETTLEMENT;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MarginBenchmarkHelper;
clearing_testing::impl_margin_benchmark_helper!(MarginBenchmarkHelper);

#[cfg(feature = "runtime-benchmarks")]
pub struct OrderbookBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for OrderbookBenchmarkHelper {
	fn market() -> MarketId {
		set_price(btc_feed(), Some(50_000 * USD));
		BTC_USD
	}
	fn fund(who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		let _ = <Assets as Mutate<AccountId>>::mint_into(SETTLEMENT, who, amount);
		let _ = Margin::deposit(RuntimeOrigin::signed(*who), amount);
	}
	fn list_markets(n: u32) {
		// BTC-USD and ETH-USD are listed at genesis; more copies of BTC-USD as needed.
		set_price(btc_feed(), Some(50_000 * USD));
		set_price(eth_feed(), Some(50_000 * USD));
		while pallet_margin::NextMarketId::<Test>::get() < n {
			if Margin::create_market(RuntimeOrigin::root(), market("BENCH", btc_feed())).is_err() {
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
	type Observer = ();
	type EmergencyOrigin = EnsureRoot<AccountId>;
	type MaxPositions = ConstU32<2>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarginBenchmarkHelper;
});

impl pallet_orderbook::Config for Test {
	type Clearing = Margin;
	type MaxPriceLevels = ConstU32<MAX_LEVELS>;
	type MaxOpenOrders = ConstU32<MAX_OPEN_ORDERS>;
	type MaxFills = ConstU32<MAX_FILLS>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OrderbookBenchmarkHelper;
}

/// A market with 10 % initial and 5 % maintenance margin, 0.02 % maker and 0.05 % taker fees,
/// 8 base decimals, 0.1 USD ticks, 0.0001 lots (minimum one lot).
pub fn market(ticker: &str, feed: FeedId) -> MarketParams {
	MarketParams::perpetual(ticker, feed, 8, TICK, LOT)
}

/// BTC-USD (0) at 50,000 USD and ETH-USD (1) at 2,000 USD; every trader holds 1,000,000 USDC in
/// their wallet and deposits `deposit` of it as collateral.
pub fn new_test_ext_with(deposit: Balance) -> sp_io::TestExternalities {
	set_prices(vec![(btc_feed(), Some(50_000 * USD)), (eth_feed(), Some(2_000 * USD))]);
	set_now_ms(1_000_000);
	let storage = clearing_testing::margin_genesis!(
		traders: TRADERS,
		wallet: 1_000_000 * USDC,
		insurance: INSURANCE_SEED,
		markets: vec![market("BTC-USD", btc_feed()), market("ETH-USD", eth_feed())],
	);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		if deposit > 0 {
			for who in TRADERS {
				assert_ok!(Margin::deposit(RuntimeOrigin::signed(who), deposit));
			}
		}
	});
	ext
}

/// Every trader deposits 100,000 USDC.
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(100_000 * USDC)
}

/// Places an order and returns its id.
pub fn place(
	who: AccountId,
	side: Side,
	price: Price,
	size: Balance,
	kind: crate::OrderKind,
) -> Result<OrderId, sp_runtime::DispatchError> {
	let id = crate::NextOrderId::<Test>::get();
	Orderbook::place_order(RuntimeOrigin::signed(who), BTC_USD, side, price, size, kind, false).map_err(|e| e.error)?;
	Ok(id)
}

/// A resting limit order in BTC-USD; panics if refused.
pub fn rest(who: AccountId, side: Side, price: Price, size: Balance) -> OrderId {
	place(who, side, price, size, crate::OrderKind::Limit).unwrap_or_else(|e| panic!("order rests: {e:?}"))
}

/// One side of a book: (price, [(order id, owner, remaining)] oldest first), best price first.
pub type BookSide = Vec<(Price, Vec<(OrderId, AccountId, Balance)>)>;

/// One side of a market's book, walked through the price index and the levels' linked lists
/// (checking every link, count and total on the way).
pub fn book_side(market: MarketId, side: Side) -> BookSide {
	let mut out = vec![];
	for price in BookPrices::<Test>::get(market, side).iter().rev() {
		let level = Levels::<Test>::get((market, side, *price)).expect("indexed price has a level");
		let mut orders = vec![];
		let mut cursor = level.head;
		let mut prev = None;
		while let Some(id) = cursor {
			let order = Orders::<Test>::get(id).expect("linked order exists");
			assert_eq!(order.prev, prev, "order {id}'s back link");
			assert_eq!((order.market, order.side, order.price), (market, side, *price));
			orders.push((id, order.owner, order.remaining));
			prev = Some(id);
			cursor = order.next;
		}
		assert_eq!(level.tail, prev, "level's tail is its last order");
		assert_eq!(level.orders as usize, orders.len(), "level's order count");
		assert_eq!(level.total, orders.iter().map(|o| o.2).sum::<Balance>(), "level's total size");
		assert!(!orders.is_empty(), "no empty level is indexed");
		out.push((*price, orders));
	}
	out
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

/// Every account's reservation equals the sum of its orders' reservations, and lists exactly the
/// orders it owns.
pub fn assert_reservations_consistent() {
	for (who, open) in crate::AccountOrders::<Test>::iter() {
		let mut sum = 0;
		for id in open.orders.iter() {
			let order = Orders::<Test>::get(id).expect("listed order exists");
			assert_eq!(order.owner, who);
			sum += order.reserved_margin;
		}
		assert_eq!(open.reserved_margin, sum, "account {who}'s reservation");
	}
	for (id, order) in Orders::<Test>::iter() {
		let listed = crate::AccountOrders::<Test>::get(order.owner)
			.map(|o| o.orders.contains(&id))
			.unwrap_or(false);
		assert!(listed, "order {id} is in its owner's list");
	}
}

/// The order book's events, oldest first.
pub fn book_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Orderbook(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// (maker order, taker order, maker, taker, price, size) of every fill, oldest first.
pub fn fills() -> Vec<(OrderId, Option<OrderId>, AccountId, AccountId, Price, Balance)> {
	book_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::OrderFilled { maker_order, taker_order, maker, taker, price, size, .. } => {
				Some((maker_order, taker_order, maker, taker, price, size))
			},
			_ => None,
		})
		.collect()
}

/// An account's signed size in a market.
pub fn size(who: AccountId, market: MarketId) -> i128 {
	<Margin as clearing_primitives::ClearingView<AccountId>>::position_size(market, &who)
}
