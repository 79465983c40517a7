//! A mock runtime with the real margin engine, order book and options pallet: prices, the clock
//! and the operators' combined smiles are set by the tests.

use crate as pallet_options;
use crate::{StrikeRule, UnderlyingConfig};
use clearing_primitives::{
	options::{ExpiryId, Volatility, VolatilitySource},
	AssetId, Balance, Moment,
};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_arithmetic::Perbill;
use std::cell::RefCell;

pub use clearing_testing::{
	btc_feed, eth_feed, now_ms, set_now_ms, set_price, set_prices, AccountId, ALICE, BOB, BTC, CHARLIE, DAVE,
	SETTLEMENT, USD, USDC,
};

pub const TRADERS: [AccountId; 4] = [ALICE, BOB, CHARLIE, DAVE];
pub const INSURANCE_SEED: Balance = 1_000 * USDC;
pub const DAY_MS: Moment = 86_400_000;
/// How old a smile may be, as the oracle's price rule says (30 s).
pub const MAX_AGE_MS: Moment = 30_000;
pub const START_MS: Moment = 1_000_000_000;
pub const SETTLEMENTS_PER_BLOCK: u32 = 2;
pub const CANCELLATIONS_PER_BLOCK: u32 = 2;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Margin: pallet_margin,
		Orderbook: pallet_orderbook,
		Options: pallet_options,
	}
);

clearing_testing::impl_settlement_chain!(Test);

parameter_types! {
	pub const MarginPalletId: PalletId = PalletId(*b"tst/mrgn");
	pub const Settlement: AssetId = SETTLEMENT;
}

std::thread_local! {
	static SMILES: RefCell<Vec<(ExpiryId, Vec<Volatility>, Moment)>> = const { RefCell::new(Vec::new()) };
}

/// The operators' combined smiles, as the tests set them.
pub struct MockVols;

impl VolatilitySource for MockVols {
	fn smile(expiry: ExpiryId) -> Option<(Vec<Volatility>, Moment)> {
		SMILES.with(|s| {
			s.borrow()
				.iter()
				.find(|(e, _, _)| *e == expiry)
				.map(|(_, v, t)| (v.clone(), *t))
		})
	}
	fn max_age_ms() -> Moment {
		MAX_AGE_MS
	}
}

/// Sets an expiry's combined smile, combined now.
pub fn set_smile(expiry: ExpiryId, vols: Vec<Volatility>) {
	let now = now_ms();
	SMILES.with(|s| {
		let mut smiles = s.borrow_mut();
		smiles.retain(|(e, _, _)| *e != expiry);
		smiles.push((expiry, vols, now));
	});
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MarginBenchmarkHelper;
clearing_testing::impl_margin_benchmark_helper!(MarginBenchmarkHelper);

clearing_testing::impl_margin_config!(Test {
	type Options = Options;
	type MaxMarkets = ConstU32<40>;
	type Premiums = Orderbook;
	type OpenOrders = Orderbook;
	type Observer = ();
	type EmergencyOrigin = EnsureRoot<AccountId>;
	type MaxPositions = ConstU32<8>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarginBenchmarkHelper;
});

#[cfg(feature = "runtime-benchmarks")]
pub struct OrderbookBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_orderbook::BenchmarkHelper<AccountId> for OrderbookBenchmarkHelper {
	fn market() -> clearing_primitives::MarketId {
		0
	}
	fn fund(_who: &AccountId, _amount: Balance) {}
	fn list_markets(_n: u32) {}
}

impl pallet_orderbook::Config for Test {
	type Clearing = Margin;
	type MaxPriceLevels = ConstU32<16>;
	type MaxOpenOrders = ConstU32<8>;
	type MaxFills = ConstU32<8>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OrderbookBenchmarkHelper;
}

impl pallet_options::Config for Test {
	type Prices = clearing_testing::TestPrices;
	type Vols = MockVols;
	type Markets = Margin;
	type Book = Orderbook;
	type Time = clearing_testing::TestClock;
	type RiskAdminOrigin = EnsureRoot<AccountId>;
	type MaxStrikes = ConstU32<8>;
	type MaxExpiries = ConstU32<3>;
	type MaxUnderlyings = ConstU32<2>;
	type SettlementsPerBlock = ConstU32<SETTLEMENTS_PER_BLOCK>;
	type CancellationsPerBlock = ConstU32<CANCELLATIONS_PER_BLOCK>;
	type MinListingLeadMs = ConstU64<60_000>;
	type MaxListingLeadMs = ConstU64<{ 365 * DAY_MS }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OptionsBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct OptionsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for OptionsBenchmarkHelper {
	fn set_price(feed: &clearing_primitives::FeedId, price: clearing_primitives::Price) {
		set_price(feed.clone(), Some(price));
	}
	fn set_smile(expiry: ExpiryId, vols: Vec<Volatility>, timestamp: Moment) {
		SMILES.with(|s| {
			let mut smiles = s.borrow_mut();
			smiles.retain(|(e, _, _)| *e != expiry);
			smiles.push((expiry, vols, timestamp));
		});
	}
}

/// BTC's option rules in the tests: 0.01 BTC lots, Derive's margin fractions, Deribit's fees,
/// volatility between 5 % and 500 %, 1 % arbitrage tolerance, at most 12 series.
pub fn btc_options() -> UnderlyingConfig {
	UnderlyingConfig {
		venue_currency: b"BTC".to_vec().try_into().unwrap(),
		base_decimals: 8,
		tick_size: USD / 10,
		step_size: BTC / 100,
		min_order_size: BTC / 100,
		initial_margin: Perbill::from_percent(15),
		min_initial_margin: Perbill::from_percent(13),
		maintenance_margin: Perbill::from_percent(9),
		liquidation_penalty: Perbill::from_percent(1),
		maker_fee: Perbill::from_parts(300_000),
		taker_fee: Perbill::from_parts(300_000),
		fee_cap: Perbill::from_parts(125_000_000),
		price_band: Perbill::from_percent(50),
		min_vol: 50_000,
		max_vol: 5_000_000,
		arbitrage_tolerance: Perbill::from_percent(1),
		max_series: 12,
	}
}

/// Strikes every 5,000 USD within 10 % of the index (45,000, 50,000, 55,000 at 50,000).
pub fn rule() -> StrikeRule {
	StrikeRule { step: 5_000 * USD, range: Perbill::from_percent(10) }
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	set_prices(vec![(btc_feed(), Some(50_000 * USD)), (eth_feed(), Some(2_000 * USD))]);
	set_now_ms(START_MS);
	SMILES.with(|s| s.borrow_mut().clear());
	let storage = clearing_testing::margin_genesis!(
		traders: TRADERS,
		wallet: 1_000_000 * USDC,
		insurance: INSURANCE_SEED,
		markets: vec![
			pallet_margin::MarketParams::perpetual("BTC-USD", btc_feed(), 8, USD / 10, BTC / 10_000),
			pallet_margin::MarketParams::perpetual("ETH-USD", eth_feed(), 8, USD / 10, BTC / 10_000),
		],
		options: pallet_options::GenesisConfig { underlyings: vec![(btc_feed(), btc_options())], ..Default::default() },
	);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		for who in TRADERS {
			assert_ok!(Margin::deposit(RuntimeOrigin::signed(who), 200_000 * USDC));
		}
	});
	ext
}

/// Ends the block (options, then margin, then the book's hooks in the runtime's order) and starts
/// the next one `ms` later.
pub fn next_block(ms: Moment) {
	let n = System::block_number();
	Options::on_finalize(n);
	Margin::on_finalize(n);
	System::set_block_number(n + 1);
	set_now_ms(now_ms() + ms);
	Options::on_initialize(n + 1);
}

pub fn options_events() -> Vec<pallet_options::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Options(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn assert_invariants() {
	let held = i128::try_from(Margin::held()).unwrap_or(i128::MAX);
	assert_eq!(Some(held), Margin::ledger_total(), "conservation of the settlement asset");
	pallet_margin::Pallet::<Test>::do_try_state().unwrap();
	pallet_orderbook::Pallet::<Test>::do_try_state().unwrap();
	crate::Pallet::<Test>::do_try_state().unwrap();
}
