//! Placement checks and cancellation: bad input gets a typed error and changes nothing; the
//! book's bounds; cancelling one order or all of them.

use super::mock::*;
use crate::{AccountOrders, BookPrices, CancelReason, Error, Event, Levels, OrderKind, Orders};
use clearing_primitives::Side;
use frame_support::{assert_noop, assert_ok};
use pallet_margin::MarketStatus;
use sp_runtime::DispatchError;

const P: u128 = 50_000 * USD;

fn order(market: u32, price: u128, size: u128) -> Result<(), DispatchError> {
	Orderbook::place_order(RuntimeOrigin::signed(ALICE), market, Side::Buy, price, size, OrderKind::Limit, false)
		.map(|_| ())
		.map_err(|e| e.error)
}

#[test]
fn bad_orders_get_typed_errors_and_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(order(BTC_USD, P, 0), Error::<Test>::ZeroSize);
		assert_noop!(order(BTC_USD, 0, LOT), Error::<Test>::ZeroPrice);
		assert_noop!(order(7, P, LOT), Error::<Test>::UnknownMarket);
		assert_noop!(order(BTC_USD, P + 1, LOT), Error::<Test>::PriceOffTick);
		assert_noop!(order(BTC_USD, P, LOT + 1), Error::<Test>::SizeOffStep);
		assert_noop!(order(BTC_USD, P, u128::MAX / LOT * LOT), Error::<Test>::Overflow);
		assert_noop!(
			Orderbook::place_order(RuntimeOrigin::none(), BTC_USD, Side::Buy, P, LOT, OrderKind::Limit, false),
			DispatchError::BadOrigin
		);
		// A minimum of ten lots.
		let mut params = market("BTC-USD", btc_feed());
		params.min_order_size = 10 * LOT;
		assert_ok!(Margin::update_market(RuntimeOrigin::root(), BTC_USD, params));
		assert_noop!(order(BTC_USD, P, 9 * LOT), Error::<Test>::BelowMinimumSize);
		assert_ok!(order(BTC_USD, P, 10 * LOT));
	});
}

#[test]
fn halted_markets_and_stale_prices_take_no_orders() {
	new_test_ext().execute_with(|| {
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), BTC_USD, MarketStatus::Halted));
		assert_noop!(order(BTC_USD, P, LOT), Error::<Test>::MarketHalted);
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), BTC_USD, MarketStatus::Active));
		set_price(btc_feed(), None);
		assert_noop!(order(BTC_USD, P, LOT), Error::<Test>::StalePrice);
		// A stale price in another market the account holds blocks new risk too.
		set_price(btc_feed(), Some(P));
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(ALICE),
			ETH_USD,
			Side::Sell,
			2_000 * USD,
			LOT,
			OrderKind::Limit,
			false
		));
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			ETH_USD,
			Side::Buy,
			2_000 * USD,
			LOT,
			OrderKind::ImmediateOrCancel,
			false
		));
		set_price(eth_feed(), None);
		assert_noop!(order(BTC_USD, P, LOT), Error::<Test>::StalePrice);
	});
}

#[test]
fn a_side_holds_at_most_max_price_levels() {
	new_test_ext().execute_with(|| {
		let mut n = 0u128;
		for who in [ALICE, BOB] {
			for _ in 0..MAX_OPEN_ORDERS {
				rest(who, Side::Buy, P - n * TICK, LOT);
				n += 1;
			}
		}
		assert_eq!(BookPrices::<Test>::get(BTC_USD, Side::Buy).len(), MAX_LEVELS as usize);
		assert_noop!(place(CHARLIE, Side::Buy, P - n * TICK, LOT, OrderKind::Limit), Error::<Test>::TooManyPriceLevels);
		// An existing level still takes orders, and the other side has its own bound.
		rest(CHARLIE, Side::Buy, P, LOT);
		rest(CHARLIE, Side::Sell, P + TICK, LOT);
	});
}

#[test]
fn an_account_holds_at_most_max_open_orders() {
	new_test_ext().execute_with(|| {
		for i in 0..MAX_OPEN_ORDERS as u128 {
			rest(ALICE, Side::Buy, P - i * TICK, LOT);
		}
		assert_noop!(place(ALICE, Side::Buy, P, LOT, OrderKind::Limit), Error::<Test>::TooManyOpenOrders);
		// Orders that do not rest are fine.
		rest(BOB, Side::Sell, P + TICK, LOT);
		assert_ok!(place(ALICE, Side::Buy, P + TICK, LOT, OrderKind::ImmediateOrCancel));
	});
}

#[test]
fn cancel_takes_one_order_off_the_book() {
	new_test_ext().execute_with(|| {
		let id = rest(ALICE, Side::Buy, P, 2 * LOT);
		let reserved = Orderbook::reserved_margin_of(&ALICE);
		assert_eq!(reserved, 1_000_000); // 10 % of 10 USDC
		assert_noop!(Orderbook::cancel_order(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOrderOwner);
		assert_noop!(Orderbook::cancel_order(RuntimeOrigin::signed(ALICE), id + 1), Error::<Test>::UnknownOrder);
		assert_ok!(Orderbook::cancel_order(RuntimeOrigin::signed(ALICE), id));
		assert!(book_events().contains(&Event::OrderCancelled {
			order_id: id,
			who: ALICE,
			market: BTC_USD,
			remaining: 2 * LOT,
			reason: CancelReason::ByOwner
		}));
		assert!(Orders::<Test>::get(id).is_none());
		assert!(Levels::<Test>::get((BTC_USD, Side::Buy, P)).is_none());
		assert!(BookPrices::<Test>::get(BTC_USD, Side::Buy).is_empty());
		assert!(AccountOrders::<Test>::get(ALICE).is_none());
		assert_noop!(Orderbook::cancel_order(RuntimeOrigin::signed(ALICE), id), Error::<Test>::UnknownOrder);
	});
}

#[test]
fn cancel_all_clears_one_market_or_every_market() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Buy, P, LOT);
		rest(ALICE, Side::Sell, P + TICK, LOT);
		let other = rest(BOB, Side::Sell, P + TICK, LOT);
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(ALICE),
			ETH_USD,
			Side::Buy,
			2_000 * USD,
			LOT,
			OrderKind::Limit,
			false
		));
		let info = Orderbook::cancel_all(RuntimeOrigin::signed(ALICE), Some(BTC_USD)).unwrap();
		assert_eq!(info.actual_weight, Some(<() as crate::WeightInfo>::cancel_all(2)));
		assert!(book_side(BTC_USD, Side::Buy).is_empty());
		assert_eq!(book_side(BTC_USD, Side::Sell), vec![(P + TICK, vec![(other, BOB, LOT)])]);
		assert_eq!(AccountOrders::<Test>::get(ALICE).map(|o| o.orders.len()), Some(1));
		assert_ok!(Orderbook::cancel_all(RuntimeOrigin::signed(ALICE), None));
		assert!(AccountOrders::<Test>::get(ALICE).is_none());
		assert!(BookPrices::<Test>::get(ETH_USD, Side::Buy).is_empty());
		assert_reservations_consistent();
	});
}
