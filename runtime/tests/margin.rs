//! Runtime integration tests of the margin engine: the presets' markets and insurance fund, a fill
//! cleared at an operator's oracle price through the real wiring (assets, oracle feeder), and
//! conservation of the settlement asset.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{feed_id, ClearingError, ClearingView, FillClearing, Side, SETTLEMENT_ASSET_ID, USDC};
use clearing_runtime::{genesis_config_presets::INSURANCE_FUND_SEED, Assets, Margin, Oracle, Runtime, RuntimeOrigin};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use pallet_margin::{Error, MarketStatus};
use sp_keyring::Sr25519Keyring;
use sp_runtime::DispatchError;

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

#[test]
fn both_presets_list_three_perpetuals_and_a_seeded_insurance_fund() {
	for preset in ["development", "local_testnet"] {
		ext_from_preset(preset).execute_with(|| {
			let tickers: Vec<_> = (0..3)
				.map(|m| String::from_utf8(pallet_margin::Markets::<Runtime>::get(m).unwrap().ticker.to_vec()).unwrap())
				.collect();
			assert_eq!(tickers, vec!["BTC-USD", "ETH-USD", "DOT-USD"]);
			assert_eq!(pallet_margin::NextMarketId::<Runtime>::get(), 3);
			assert_eq!(pallet_margin::InsuranceFund::<Runtime>::get(), INSURANCE_FUND_SEED);
			assert_eq!(Margin::held(), INSURANCE_FUND_SEED);
			assert!(conserved());
		});
	}
}

#[test]
fn a_fill_clears_at_the_operators_price_and_conserves_the_settlement_asset() {
	ext_from_preset("development").execute_with(|| {
		let (bob, charlie) = (Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Charlie.to_account_id());
		// Alice, the dev operator, prices BTC at 60,000 USD.
		let btc = feed_id("BTC/USD").unwrap();
		let operator = dev_operator();
		assert_ok!(Oracle::feed_values(
			RuntimeOrigin::signed(operator),
			BoundedVec::truncate_from(vec![(btc, 60_000_000_000)])
		));
		assert_ok!(Margin::deposit(signed(Sr25519Keyring::Bob), 10_000 * USDC));
		assert_ok!(Margin::deposit(signed(Sr25519Keyring::Charlie), 10_000 * USDC));
		assert_eq!(Assets::balance(SETTLEMENT_ASSET_ID, &bob), 990_000 * USDC);

		// Bob buys 0.1 BTC (10^7 atoms) from Charlie at 60,000: notional 6,000 USDC, IMR 5 % = 300.
		let receipt = Margin::apply_fill(0, &bob, &charlie, Side::Buy, 60_000_000_000, 10_000_000).unwrap();
		assert_eq!((receipt.notional, receipt.taker_fee, receipt.maker_fee), (6_000 * USDC, 3 * USDC, 1_200_000));
		let health = Margin::health(&bob).unwrap();
		assert_eq!((health.equity, health.initial_margin), (9_997 * USDC as i128, 300 * USDC));
		assert!(conserved());

		// Bob can take out his free collateral, not more.
		assert_noop!(Margin::withdraw(signed(Sr25519Keyring::Bob), 9_698 * USDC), Error::<Runtime>::InsufficientMargin);
		assert_ok!(Margin::withdraw(signed(Sr25519Keyring::Bob), 9_697 * USDC));
		assert!(conserved());

		// Twenty-one seconds later the price is stale: no withdrawal, no fill.
		pallet_timestamp::Now::<Runtime>::put(NOW_MS + 21_000);
		assert_noop!(Margin::withdraw(signed(Sr25519Keyring::Bob), 1), Error::<Runtime>::StalePrice);
		assert_eq!(
			Margin::apply_fill(0, &bob, &charlie, Side::Sell, 60_000_000_000, 10_000_000),
			Err(ClearingError::StalePrice)
		);
	});
}

#[test]
fn markets_change_only_by_root() {
	ext_from_preset("development").execute_with(|| {
		assert_noop!(
			Margin::set_market_status(signed(Sr25519Keyring::Alice), 0, MarketStatus::Halted),
			DispatchError::BadOrigin
		);
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), 0, MarketStatus::Halted));
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().status, MarketStatus::Halted);
	});
}
