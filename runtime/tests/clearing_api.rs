//! Runtime integration tests of the `ClearingApi` runtime API: each method against what the
//! pallets hold, and its typed errors for bad input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{
	api::{runtime_decl_for_clearing_api::ClearingApiV2, BookLevelView, ClearingApiError},
	AccountId, Side, TradingStatus, USDC,
};
use clearing_runtime::{Block, Margin, Runtime, RuntimeOrigin};
use frame_support::assert_ok;
use pallet_orderbook::OrderKind;
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Ferdie};
use sp_runtime::Perbill;

/// 50,000 USD in BTC-USD's price units.
const P: u128 = 50_000_000_000;
const CENTI_BTC: u128 = 1_000_000;

fn account_summary(who: AccountId) -> Result<clearing_primitives::api::AccountView, ClearingApiError> {
	<Runtime as ClearingApiV2<Block, AccountId>>::account_summary(who)
}

#[test]
fn the_account_summary_is_the_margin_engines_with_orders_and_queue_status() {
	ext_from_preset("development").execute_with(|| {
		price_btc(P);
		// Nobody has heard of Ferdie's margin yet.
		assert_eq!(account_summary(Ferdie.to_account_id()), Err(ClearingApiError::UnknownAccount));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(Bob.to_account_id()), 10_000 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(Charlie.to_account_id()), 10_000 * USDC));
		assert_ok!(order(Charlie, Side::Sell, P, CENTI_BTC, OrderKind::Limit));
		assert_ok!(order(Bob, Side::Buy, P, CENTI_BTC, OrderKind::ImmediateOrCancel));
		assert_ok!(order(Bob, Side::Buy, P - 1_000_000, 2 * CENTI_BTC, OrderKind::Limit));

		let view = account_summary(Bob.to_account_id()).unwrap();
		assert_eq!(view.summary, Margin::account_summary(&Bob.to_account_id()).unwrap());
		assert_eq!(view.summary.positions.len(), 1);
		assert_eq!(view.summary.positions[0].size, CENTI_BTC as i128);
		assert_eq!(view.open_orders.len(), 1);
		let resting = &view.open_orders[0];
		assert_eq!((resting.side, resting.price, resting.remaining), (Side::Buy, P - 1_000_000, 2 * CENTI_BTC));
		assert_eq!(view.summary.open_order_margin, resting.reserved_margin);
		assert!(!view.queued_for_liquidation);

		// A stale price: no summary, a typed error.
		let max_age = pallet_oracle_feeder::Params::<Runtime>::get().max_price_age_ms;
		pallet_timestamp::Now::<Runtime>::put(NOW_MS + max_age + 1);
		assert_eq!(account_summary(Bob.to_account_id()), Err(ClearingApiError::StalePrice));
	});
}

#[test]
fn markets_show_parameters_oracle_price_and_funding() {
	ext_from_preset("development").execute_with(|| {
		let before = <Runtime as ClearingApiV2<Block, AccountId>>::markets();
		assert_eq!(before.len(), 3);
		assert_eq!(before[0].ticker, b"BTC-USD".to_vec());
		assert_eq!(before[0].oracle_price, None);
		price_btc(P);
		let markets = <Runtime as ClearingApiV2<Block, AccountId>>::markets();
		let btc = &markets[0];
		assert_eq!((btc.id, btc.oracle_price, btc.price_decimals, btc.oracle_age_ms), (0, Some(P), Some(6), Some(0)));
		assert_eq!(btc.initial_margin, Perbill::from_percent(5));
		assert_eq!(btc.maintenance_margin, Perbill::from_percent(3));
		assert_eq!(btc.status, TradingStatus::Active);
		assert_eq!((btc.open_interest, btc.last_funding_rate, btc.next_funding_rate), (0, 0, 0));
		assert_eq!(btc.funding_interval_ms, 3_600_000);
	});
}

#[test]
fn the_order_book_is_aggregated_by_price_best_first_to_the_depth_asked() {
	ext_from_preset("development").execute_with(|| {
		price_btc(P);
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(Bob.to_account_id()), 100_000 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(Charlie.to_account_id()), 100_000 * USDC));
		assert_ok!(order(Bob, Side::Buy, P - 100_000, CENTI_BTC, OrderKind::Limit));
		assert_ok!(order(Charlie, Side::Buy, P - 100_000, 2 * CENTI_BTC, OrderKind::Limit));
		assert_ok!(order(Bob, Side::Buy, P - 200_000, CENTI_BTC, OrderKind::Limit));
		assert_ok!(order(Charlie, Side::Sell, P + 100_000, 3 * CENTI_BTC, OrderKind::Limit));
		let book = <Runtime as ClearingApiV2<Block, AccountId>>::order_book(0, 10).unwrap();
		assert_eq!(
			book.bids,
			vec![
				BookLevelView { price: P - 100_000, size: 3 * CENTI_BTC, orders: 2 },
				BookLevelView { price: P - 200_000, size: CENTI_BTC, orders: 1 },
			]
		);
		assert_eq!(book.asks, vec![BookLevelView { price: P + 100_000, size: 3 * CENTI_BTC, orders: 1 }]);
		assert_eq!(
			<Runtime as ClearingApiV2<Block, AccountId>>::order_book(0, 1)
				.unwrap()
				.bids
				.len(),
			1
		);
		assert_eq!(<Runtime as ClearingApiV2<Block, AccountId>>::order_book(0, 0).unwrap().bids, vec![]);
		assert_eq!(
			<Runtime as ClearingApiV2<Block, AccountId>>::order_book(9, 10),
			Err(ClearingApiError::UnknownMarket)
		);
	});
}

#[test]
fn the_insurance_fund_view_is_the_ledgers() {
	ext_from_preset("development").execute_with(|| {
		let fund = <Runtime as ClearingApiV2<Block, AccountId>>::insurance_fund();
		assert_eq!((fund.balance, fund.fee_pool), Margin::fee_pots());
		assert_eq!(fund.balance, pallet_margin::InsuranceFund::<Runtime>::get());
		assert_eq!(fund.balance, clearing_runtime::genesis_config_presets::INSURANCE_FUND_SEED);
		assert_eq!(fund.fee_pool, 0);
		assert_eq!(fund.fee_share, Perbill::from_percent(50));
		assert_eq!(fund.pending_liquidations, 0);
		// The backstop holds nothing yet.
		assert_eq!(fund.backstop.map(|b| b.positions.len()), Some(0));
	});
}
