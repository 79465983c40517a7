//! # Test doubles for the pallets' mock runtimes
//!
//! The margin engine, the order book and the liquidation engine each test against a mock runtime
//! that needs oracle prices and a clock the test controls. They share these doubles instead of
//! each writing its own: [`TestPrices`] answers `PriceProvider` from prices the test sets (or marks
//! stale), [`TestClock`] is a `Time` the test moves. State is per test thread, like
//! `parameter_types!` statics, so tests running in parallel do not see each other's prices.

use clearing_primitives::{
	black76, feed_id,
	options::{ExpiryId, OptionMark, OptionPricing, OptionSeries, Volatility},
	ClearingError, FeedId, FreshPrice, Moment, Price, PriceError, PriceProvider,
};
use std::cell::{Cell, RefCell};

/// Decimals of every test price: micro-dollars.
pub const PRICE_DECIMALS: u8 = 6;

/// Where the test clock starts, in ms.
pub const START_MS: Moment = 1_000_000;

std::thread_local! {
	static PRICES: RefCell<Vec<(FeedId, Option<Price>)>> = const { RefCell::new(Vec::new()) };
	static NOW_MS: Cell<Moment> = const { Cell::new(START_MS) };
}

/// Prices by feed as the test set them: unknown feeds are `UnknownFeed`, feeds set to `None` are
/// stale, the others fresh at the test clock's time with [`PRICE_DECIMALS`] decimals.
pub struct TestPrices;

impl PriceProvider for TestPrices {
	fn fresh_price(feed: &FeedId) -> Result<FreshPrice, PriceError> {
		PRICES.with(|prices| match prices.borrow().iter().find(|(f, _)| f == feed) {
			None => Err(PriceError::UnknownFeed),
			Some((_, None)) => Err(PriceError::Stale { age_ms: 60_000, max_age_ms: 20_000 }),
			Some((_, Some(price))) => Ok(FreshPrice { price: *price, decimals: PRICE_DECIMALS, timestamp: now_ms() }),
		})
	}
}

std::thread_local! {
	static VOLS: RefCell<Vec<(ExpiryId, Option<Volatility>)>> = const { RefCell::new(Vec::new()) };
	static SETTLEMENTS: RefCell<Vec<(ExpiryId, Price)>> = const { RefCell::new(Vec::new()) };
	static RISK_INDEX: RefCell<Vec<(ExpiryId, u128)>> = const { RefCell::new(Vec::new()) };
}

/// Option marks as the options pallet would give them, from what the test sets: Black-76 at the
/// [`TestPrices`] index of the series' feed and a flat volatility per expiry ([`set_vol`];
/// `None` is a stale surface), or the intrinsic value once [`set_settlement`] fixed the expiry.
pub struct TestOptions;

impl OptionPricing for TestOptions {
	fn option_mark(feed: &FeedId, series: &OptionSeries) -> Result<OptionMark, ClearingError> {
		if let Some(price) = SETTLEMENTS.with(|s| s.borrow().iter().find(|(e, _)| *e == series.expiry).map(|(_, p)| *p))
		{
			return Ok(OptionMark::Settled { price, decimals: PRICE_DECIMALS });
		}
		let vol = VOLS
			.with(|v| v.borrow().iter().find(|(e, _)| *e == series.expiry).map(|(_, v)| *v))
			.flatten()
			.ok_or(ClearingError::StalePrice)?;
		let index = TestPrices::fresh_price(feed).map_err(|_| ClearingError::StalePrice)?;
		let input = black76::PricingInput {
			forward: index.price,
			strike: series.strike,
			vol,
			time_ms: series.expiry_ms.saturating_sub(now_ms()),
		};
		let (premium_down, premium_up) = black76::premiums(series.right, &input).ok_or(ClearingError::Overflow)?;
		Ok(OptionMark::Live { premium_down, premium_up, index: index.price, decimals: PRICE_DECIMALS })
	}

	fn risk_index(expiry: ExpiryId) -> u128 {
		RISK_INDEX.with(|r| r.borrow().iter().find(|(e, _)| *e == expiry).map(|(_, v)| *v).unwrap_or(0))
	}

	fn mark_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}

	fn option_greeks(feed: &FeedId, series: &OptionSeries) -> Option<black76::Greeks> {
		let vol = VOLS
			.with(|v| v.borrow().iter().find(|(e, _)| *e == series.expiry).map(|(_, v)| *v))
			.flatten()?;
		let index = TestPrices::fresh_price(feed).ok()?;
		let input = black76::PricingInput {
			forward: index.price,
			strike: series.strike,
			vol,
			time_ms: series.expiry_ms.saturating_sub(now_ms()),
		};
		black76::greeks(series.right, &input, PRICE_DECIMALS)
	}
}

/// Sets an expiry's flat volatility (`None`: its surface is stale).
pub fn set_vol(expiry: ExpiryId, vol: Option<Volatility>) {
	VOLS.with(|v| {
		let mut vols = v.borrow_mut();
		vols.retain(|(e, _)| *e != expiry);
		vols.push((expiry, vol));
	});
}

/// Fixes an expiry's settlement price.
pub fn set_settlement(expiry: ExpiryId, price: Price) {
	SETTLEMENTS.with(|s| {
		let mut settlements = s.borrow_mut();
		settlements.retain(|(e, _)| *e != expiry);
		settlements.push((expiry, price));
	});
}

/// Sets an expiry's risk index (what the liquidation clock reads).
pub fn set_risk_index(expiry: ExpiryId, value: u128) {
	RISK_INDEX.with(|r| {
		let mut values = r.borrow_mut();
		values.retain(|(e, _)| *e != expiry);
		values.push((expiry, value));
	});
}

/// The test clock, in ms since the epoch.
pub struct TestClock;

impl frame_support::traits::Time for TestClock {
	type Moment = Moment;
	fn now() -> Moment {
		now_ms()
	}
}

/// Replaces every price (`None`: known but stale).
pub fn set_prices(prices: Vec<(FeedId, Option<Price>)>) {
	PRICES.with(|p| *p.borrow_mut() = prices);
}

/// Sets one feed's price (`None`: stale), adding the feed if it is new.
pub fn set_price(feed: FeedId, price: Option<Price>) {
	PRICES.with(|p| {
		let mut prices = p.borrow_mut();
		prices.retain(|(f, _)| *f != feed);
		prices.push((feed, price));
	});
}

/// The test clock's time, in ms.
pub fn now_ms() -> Moment {
	NOW_MS.with(Cell::get)
}

/// Sets the test clock, in ms.
pub fn set_now_ms(ms: Moment) {
	NOW_MS.with(|now| now.set(ms));
}

/// The `BTC/USD` feed id.
pub fn btc_feed() -> FeedId {
	feed_id("BTC/USD").unwrap_or_default()
}

/// The `ETH/USD` feed id.
pub fn eth_feed() -> FeedId {
	feed_id("ETH/USD").unwrap_or_default()
}

/// The pallet mocks' accounts.
pub type AccountId = u64;
/// Settlement atoms per USDC (6 decimals).
pub const USDC: u128 = 1_000_000;
/// The settlement asset's id in every mock.
pub const SETTLEMENT: u32 = 1;
/// The mocks' traders.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// Base atoms per BTC (8 decimals; ETH in the mocks has 8 too).
pub const BTC: u128 = 100_000_000;
/// Price units per USD (6 decimals, [`PRICE_DECIMALS`]).
pub const USD: Price = 1_000_000;

/// `pallet_margin::BenchmarkHelper` for a mock built with [`impl_settlement_chain!`]: prices
/// through [`TestPrices`], funds minted as the settlement asset ([`SETTLEMENT`]).
#[macro_export]
macro_rules! impl_margin_benchmark_helper {
	($helper:ty) => {
		#[cfg(feature = "runtime-benchmarks")]
		impl pallet_margin::BenchmarkHelper<u64> for $helper {
			fn set_price(feed: &::clearing_primitives::FeedId, price: ::clearing_primitives::Price) {
				$crate::set_price(feed.clone(), Some(price));
			}
			fn fund(who: &u64, amount: u128) {
				use ::frame_support::traits::fungibles::Mutate;
				let _ = <Assets as Mutate<u64>>::mint_into($crate::SETTLEMENT, who, amount);
			}
		}
	};
}

/// The part of a pallet mock every mock shares: `frame_system`, `pallet_balances` (the native
/// token, `u128`) and `pallet_assets` (where the settlement asset lives; anyone may create an
/// asset, root forces), each from its SDK test preset. The mock's `construct_runtime!` names
/// them `System`, `Balances` and `Assets`; its accounts are `u64`.
///
/// ```text
/// frame_support::construct_runtime!(pub enum Test { System: frame_system, Balances: pallet_balances, Assets: pallet_assets, … });
/// clearing_testing::impl_settlement_chain!(Test);
/// ```
#[macro_export]
macro_rules! impl_settlement_chain {
	($runtime:ident) => {
		#[::frame_support::derive_impl(::frame_system::config_preludes::TestDefaultConfig)]
		impl ::frame_system::Config for $runtime {
			type Block = ::frame_system::mocking::MockBlock<$runtime>;
			type AccountData = ::pallet_balances::AccountData<u128>;
		}

		#[::frame_support::derive_impl(::pallet_balances::config_preludes::TestDefaultConfig)]
		impl ::pallet_balances::Config for $runtime {
			type Balance = u128;
			type AccountStore = System;
			type ExistentialDeposit = ::frame_support::traits::ConstU128<1>;
		}

		#[::frame_support::derive_impl(::pallet_assets::config_preludes::TestDefaultConfig)]
		impl ::pallet_assets::Config for $runtime {
			type Balance = u128;
			type AssetId = u32;
			type AssetIdParameter = u32;
			type Currency = Balances;
			type CreateOrigin = ::frame_support::traits::AsEnsureOriginWithArg<::frame_system::EnsureSigned<u64>>;
			type ForceOrigin = ::frame_system::EnsureRoot<u64>;
			type Freezer = ();
			type Holder = ();
		}
	};
}

/// `pallet_margin::Config` for a mock built with [`impl_settlement_chain!`]: the settlement asset
/// [`SETTLEMENT`] in `Assets` (the mock's `Settlement` parameter), prices through [`TestPrices`],
/// time through [`TestClock`], root as the risk administrator, the pallet id `MarginPalletId` and
/// unit weights. The mock names what differs between mocks: who prices options ([`TestOptions`]
/// or a real options pallet), how many markets, who reports premiums and open orders, who
/// observes the engine, the emergency origin, positions per account and the benchmark helper.
///
/// ```text
/// clearing_testing::impl_margin_config!(Test {
///     type Options = clearing_testing::TestOptions; type MaxMarkets = ConstU32<4>;
///     type Premiums = Orderbook; type OpenOrders = Orderbook; type Observer = ();
///     type EmergencyOrigin = EnsureRoot<AccountId>; type MaxPositions = ConstU32<2>;
///     #[cfg(feature = "runtime-benchmarks")] type BenchmarkHelper = Helper;
/// });
/// ```
#[macro_export]
macro_rules! impl_margin_config {
	($runtime:ty { $($(#[$attr:meta])* type $name:ident = $value:ty;)* }) => {
		impl pallet_margin::Config for $runtime {
			type Assets = Assets;
			type SettlementAsset = Settlement;
			type Prices = $crate::TestPrices;
			type Time = $crate::TestClock;
			type RiskAdminOrigin = ::frame_system::EnsureRoot<u64>;
			type PalletId = MarginPalletId;
			type WeightInfo = ();
			$($(#[$attr])* type $name = $value;)*
		}
	};
}

/// The genesis storage of a mock built with [`impl_settlement_chain!`] and [`impl_margin_config!`]:
/// the wallets of [`settlement_wallets`] (each trader holds `wallet` atoms of [`SETTLEMENT`], the
/// margin engine `insurance`, the fund's seed), the margin engine's `markets`, half of every fee to
/// the insurance fund, and any further pallets' genesis given as `field: value`.
///
/// ```text
/// let storage = clearing_testing::margin_genesis!(traders: TRADERS, wallet: 1_000 * USDC,
///     insurance: SEED, markets: vec![…], liquidation: pallet_liquidation::GenesisConfig { … });
/// ```
#[macro_export]
macro_rules! margin_genesis {
	(traders: $traders:expr, wallet: $wallet:expr, insurance: $seed:expr, markets: $markets:expr $(, $field:ident: $value:expr)* $(,)?) => {{
		use ::sp_runtime::BuildStorage as _;
		let seed: u128 = $seed;
		let (native, assets, accounts) =
			$crate::settlement_wallets(&$traders, $crate::SETTLEMENT, $wallet, Margin::account_id(), seed.max(1));
		RuntimeGenesisConfig {
			balances: ::pallet_balances::GenesisConfig { balances: native, ..Default::default() },
			assets: ::pallet_assets::GenesisConfig { assets, metadata: vec![], accounts, ..Default::default() },
			margin: pallet_margin::GenesisConfig {
				markets: $markets,
				insurance_fee_share: ::sp_runtime::Perbill::from_percent(50),
				insurance_fund_seed: seed,
				_config: Default::default(),
			},
			$($field: $value,)*
			..Default::default()
		}
		.build_storage()
		.unwrap_or_else(|e| panic!("genesis builds: {e}"))
	}};
}

/// The genesis wallets of a pallet mock: each of `traders` holds 1,000 native units (fees) and
/// `wallet` atoms of the settlement asset `asset` (owned by the first trader, sufficient, minimum
/// balance 1), and `pallet_account` (the margin engine's) holds `seed`, the insurance fund's
/// seed. Returns `pallet_balances`' balances, `pallet_assets`' assets and its accounts.
#[allow(clippy::type_complexity)]
pub fn settlement_wallets<AccountId: Clone>(
	traders: &[AccountId],
	asset: u32,
	wallet: u128,
	pallet_account: AccountId,
	seed: u128,
) -> (Vec<(AccountId, u128)>, Vec<(u32, AccountId, bool, u128)>, Vec<(u32, AccountId, u128)>) {
	let native = traders.iter().map(|who| (who.clone(), 1_000)).collect();
	let owner = traders.first().cloned().unwrap_or_else(|| pallet_account.clone());
	let assets = vec![(asset, owner, true, 1)];
	let accounts = traders
		.iter()
		.map(|who| (asset, who.clone(), wallet))
		.chain([(asset, pallet_account, seed)])
		.collect();
	(native, assets, accounts)
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::traits::Time;

	#[test]
	fn prices_are_fresh_stale_or_unknown_as_set() {
		set_prices(vec![(btc_feed(), Some(50))]);
		set_now_ms(7);
		assert_eq!(TestPrices::fresh_price(&btc_feed()), Ok(FreshPrice { price: 50, decimals: 6, timestamp: 7 }));
		assert_eq!(TestPrices::fresh_price(&eth_feed()), Err(PriceError::UnknownFeed));
		set_price(btc_feed(), None);
		assert!(matches!(TestPrices::fresh_price(&btc_feed()), Err(PriceError::Stale { .. })));
		assert_eq!(TestClock::now(), 7);
	}
}
