//! A mock runtime: Balances, Assets (the settlement asset, id 1) and the margin engine, with
//! prices, premiums and the clock set by the tests.

use crate as pallet_margin;
use crate::MarketParams;
use clearing_primitives::{AssetId, Balance, FeedId, Moment, SignedRate};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks},
	PalletId,
};

pub use clearing_testing::{
	btc_feed, eth_feed, now_ms, set_now_ms, set_price, set_prices, AccountId, ALICE, BOB, BTC, CHARLIE, DAVE,
	SETTLEMENT, USD, USDC,
};

/// The insurance fund's genesis seed: 1,000 USDC.
pub const INSURANCE_SEED: Balance = 1_000 * USDC;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Margin: pallet_margin,
	}
);

clearing_testing::impl_settlement_chain!(Test);

frame_support::ord_parameter_types! {
	/// The account that acts as the emergency origin in this mock.
	pub const EmergencyCouncil: AccountId = EMERGENCY;
}

/// The emergency council's account.
pub const EMERGENCY: AccountId = 9;

parameter_types! {
	/// The premium every market reports, if any.
	pub static PremiumNow: Option<SignedRate> = None;
	pub const MarginPalletId: PalletId = PalletId(*b"tst/mrgn");
	pub const Settlement: AssetId = SETTLEMENT;
}

pub struct MockPremiums;
impl clearing_primitives::PremiumSource for MockPremiums {
	fn premium(_market: clearing_primitives::MarketId) -> Option<SignedRate> {
		PremiumNow::get()
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
clearing_testing::impl_margin_benchmark_helper!(MockBenchmarkHelper);

clearing_testing::impl_margin_config!(Test {
	type Options = clearing_testing::TestOptions;
	type MaxMarkets = ConstU32<4>;
	type Premiums = MockPremiums;
	type OpenOrders = ();
	type Observer = ();
	/// The emergency council: account [`EMERGENCY`].
	type EmergencyOrigin = frame_system::EnsureSignedBy<EmergencyCouncil, AccountId>;
	type MaxPositions = ConstU32<3>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
});

/// A market with 10 % initial and 5 % maintenance margin, 1 % penalty, 0.02 % maker and 0.05 %
/// taker fees, 8 base decimals, 0.1 USD ticks, 0.0001 lots, hourly funding capped at 1 %.
pub fn market(ticker: &str, feed: FeedId) -> MarketParams {
	MarketParams::perpetual(ticker, feed, 8, USD / 10, BTC / 10_000)
}

/// Market 0 is BTC-USD, market 1 ETH-USD; BTC at 50,000 USD, ETH at 2,000 USD; half of the fees
/// go to the insurance fund, seeded with 1,000 USDC; Alice, Bob, Charlie and Dave hold 1,000,000 USDC each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_prices(vec![(btc_feed(), Some(50_000 * USD)), (eth_feed(), Some(2_000 * USD))]);
	PremiumNow::set(None);
	set_now_ms(1_000_000);
	let storage = clearing_testing::margin_genesis!(
		traders: [ALICE, BOB, CHARLIE, DAVE],
		wallet: 1_000_000 * USDC,
		insurance: INSURANCE_SEED,
		markets: vec![market("BTC-USD", btc_feed()), market("ETH-USD", eth_feed())],
	);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Ends the block (funding runs in `on_finalize`) and starts the next `ms` later.
pub fn next_block(ms: Moment) {
	let n = System::block_number();
	Margin::on_finalize(n);
	System::set_block_number(n + 1);
	set_now_ms(now_ms() + ms);
}

/// Deposits `usdc` whole USDC as `who`'s collateral.
pub fn deposit(who: AccountId, usdc: u128) {
	frame_support::assert_ok!(Margin::deposit(RuntimeOrigin::signed(who), usdc * USDC));
}

/// Runs `f` and checks it changed no storage at all.
pub fn assert_unchanged<R: core::fmt::Debug>(f: impl FnOnce() -> R) -> R {
	let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
	let r = f();
	assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), before, "a refusal changed storage ({r:?})");
	r
}

/// The conservation identity: what the pallet holds equals its ledger.
pub fn assert_conserved() {
	let held = i128::try_from(Margin::held()).unwrap_or(i128::MAX);
	assert_eq!(
		Some(held),
		Margin::ledger_total(),
		"settlement asset held = Σ collateral + insurance + fees + funding pools"
	);
}

/// An account's collateral (quote balance).
pub fn collateral(who: AccountId) -> i128 {
	crate::Accounts::<Test>::get(who).map(|a| a.collateral).unwrap_or(0)
}

/// An account's signed size in a market.
pub fn size(who: AccountId, market: u32) -> i128 {
	crate::Accounts::<Test>::get(who)
		.and_then(|a| a.positions.iter().find(|p| p.market == market).map(|p| p.size))
		.unwrap_or(0)
}

/// The margin events, oldest first.
pub fn margin_events() -> Vec<pallet_margin::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Margin(e) => Some(e),
			_ => None,
		})
		.collect()
}
