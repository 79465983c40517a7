//! Margin for resting orders, the funding premium, and the liquidation engine's API.

use super::mock::*;
use crate::{CancelReason, Error, Event, OrderKind};
use clearing_primitives::{OrderBook, PremiumSource, Side, SignedRate};
use frame_support::{assert_noop, assert_ok, traits::Hooks};

const P: u128 = 50_000 * USD;

#[test]
fn resting_orders_reserve_initial_margin_that_withdrawals_leave_alone() {
	new_test_ext_with(0).execute_with(|| {
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 1_000 * USDC));
		// A 0.1 BTC bid at 50,000 reserves 10 % of 5,000 USDC.
		let id = rest(ALICE, Side::Buy, P, BTC / 10);
		assert_eq!(Orderbook::reserved_margin_of(&ALICE), 500 * USDC);
		assert_eq!(Margin::account_summary(&ALICE).unwrap().open_order_margin, 500 * USDC);
		assert_noop!(
			Margin::withdraw(RuntimeOrigin::signed(ALICE), 501 * USDC),
			pallet_margin::Error::<Test>::InsufficientMargin
		);
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 500 * USDC));
		// Nothing left for a second order.
		assert_noop!(place(ALICE, Side::Buy, P - TICK, LOT, OrderKind::Limit), Error::<Test>::InsufficientMargin);
		assert_ok!(Orderbook::cancel_order(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Orderbook::reserved_margin_of(&ALICE), 0);
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 500 * USDC));
		assert_conserved();
	});
}

#[test]
fn a_partial_fill_releases_its_share_of_the_reservation() {
	new_test_ext().execute_with(|| {
		let id = rest(ALICE, Side::Buy, P, 3 * LOT);
		// 10 % of 15 USDC.
		assert_eq!(Orderbook::reserved_margin_of(&ALICE), 1_500_000);
		place(BOB, Side::Sell, P, LOT, OrderKind::ImmediateOrCancel).unwrap();
		assert_eq!(Orderbook::reserved_margin_of(&ALICE), 1_000_000);
		assert_eq!(crate::Orders::<Test>::get(id).map(|o| o.reserved_margin), Some(1_000_000));
		place(BOB, Side::Sell, P, 2 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		assert_eq!(Orderbook::reserved_margin_of(&ALICE), 0);
		assert_reservations_consistent();
	});
}

#[test]
fn a_taker_cannot_spend_the_margin_of_its_own_resting_orders() {
	new_test_ext_with(0).execute_with(|| {
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 100_000 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(BOB), 1_000 * USDC));
		// Bob's ETH bid reserves 600 of his 1,000 USDC (10 % of 3 ETH × 2,000).
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			ETH_USD,
			Side::Buy,
			2_000 * USD,
			3 * BTC,
			OrderKind::Limit,
			false
		));
		rest(ALICE, Side::Sell, P, BTC / 10);
		// Buying 0.1 BTC needs 500 more initial margin: the engine alone would allow it, the
		// reservation does not.
		assert_noop!(
			place(BOB, Side::Buy, P, BTC / 10, OrderKind::ImmediateOrCancel),
			Error::<Test>::InsufficientMargin
		);
		assert_ok!(place(BOB, Side::Buy, P, BTC / 100, OrderKind::ImmediateOrCancel));
	});
}

#[test]
fn the_premium_is_how_far_the_book_is_through_the_oracle_price() {
	new_test_ext().execute_with(|| {
		assert_eq!(Orderbook::premium(BTC_USD), None);
		// Oracle inside the spread: zero.
		rest(ALICE, Side::Buy, P - 10 * TICK, LOT);
		rest(BOB, Side::Sell, P + 10 * TICK, LOT);
		assert_eq!(Orderbook::premium(BTC_USD), Some(SignedRate::from_inner(0)));
		// Best bid 1 % above the oracle, best ask 2 % above it.
		assert_ok!(Orderbook::cancel_all(RuntimeOrigin::signed(BOB), None));
		rest(BOB, Side::Sell, P + 1_000 * USD, LOT);
		rest(ALICE, Side::Buy, P + 500 * USD, LOT);
		assert_eq!(Orderbook::premium(BTC_USD), Some(SignedRate::from_rational(1, 100)));
		// Only an ask, 2 % below the oracle: one side without depth gives no sample.
		assert_ok!(Orderbook::cancel_all(RuntimeOrigin::signed(ALICE), None));
		assert_ok!(Orderbook::cancel_all(RuntimeOrigin::signed(BOB), None));
		rest(BOB, Side::Sell, P - 1_000 * USD, LOT);
		assert_eq!(Orderbook::premium(BTC_USD), None);
		// With a bid 3 % below, the ask 2 % below the oracle makes the premium −2 %.
		rest(ALICE, Side::Buy, P - 1_500 * USD, LOT);
		assert_eq!(Orderbook::premium(BTC_USD), Some(-SignedRate::from_rational(2, 100)));
		// A stale oracle price gives no sample.
		set_price(btc_feed(), None);
		assert_eq!(Orderbook::premium(BTC_USD), None);
	});
}

#[test]
fn the_margin_engine_samples_the_premium_every_block() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Buy, P + 500 * USD, LOT);
		rest(BOB, Side::Sell, P + 1_000 * USD, LOT);
		Margin::on_finalize(1);
		Margin::on_finalize(2);
		let state = pallet_margin::MarketStates::<Test>::get(BTC_USD).unwrap();
		assert_eq!(state.premium_samples, 2);
		assert_eq!(state.premium_sum, 2 * SignedRate::from_rational(1, 100).into_inner());
		// ETH's book is empty: no samples.
		assert_eq!(pallet_margin::MarketStates::<Test>::get(ETH_USD).unwrap().premium_samples, 0);
	});
}

#[test]
fn liquidation_cancels_every_order_of_an_account() {
	new_test_ext().execute_with(|| {
		let a = rest(ALICE, Side::Buy, P, LOT);
		rest(ALICE, Side::Sell, P + TICK, LOT);
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(ALICE),
			ETH_USD,
			Side::Buy,
			2_000 * USD,
			LOT,
			OrderKind::Limit,
			false
		));
		assert_eq!(<Orderbook as OrderBook<AccountId>>::cancel_all_orders(&ALICE), 3);
		assert_eq!(Orderbook::reserved_margin_of(&ALICE), 0);
		assert!(book_events().contains(&Event::OrderCancelled {
			order_id: a,
			who: ALICE,
			market: BTC_USD,
			remaining: LOT,
			reason: CancelReason::Liquidation
		}));
		assert!(book_side(BTC_USD, Side::Buy).is_empty() && book_side(BTC_USD, Side::Sell).is_empty());
		assert_eq!(<Orderbook as OrderBook<AccountId>>::cancel_all_orders(&ALICE), 0);
	});
}

#[test]
fn liquidation_takes_liquidity_up_to_a_limit_and_never_grows_the_position() {
	new_test_ext().execute_with(|| {
		// Dave is long 5 lots.
		rest(ALICE, Side::Sell, P, 5 * LOT);
		place(DAVE, Side::Buy, P, 5 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		let b1 = rest(BOB, Side::Buy, P - TICK, 2 * LOT);
		let b2 = rest(CHARLIE, Side::Buy, P - 2 * TICK, 2 * LOT);
		rest(BOB, Side::Buy, P - 10 * TICK, 10 * LOT);
		// Sell up to 9 lots no lower than P − 2 ticks: 4 fill, the 10-lot bid is beyond the limit.
		let out = <Orderbook as OrderBook<AccountId>>::take_liquidity(
			BTC_USD,
			&DAVE,
			Side::Sell,
			P - 2 * TICK,
			9 * LOT,
			MAX_FILLS,
		)
		.unwrap();
		assert_eq!((out.filled, out.fills, out.orders_touched), (4 * LOT, 2, 2));
		assert_eq!(out.notional, 2 * LOT * (P - TICK) / BTC + 2 * LOT * (P - 2 * TICK) / BTC);
		assert_eq!(
			fills()[1..],
			[(b1, None, BOB, DAVE, P - TICK, 2 * LOT), (b2, None, CHARLIE, DAVE, P - 2 * TICK, 2 * LOT)]
		);
		assert_eq!(size(DAVE, BTC_USD), LOT as i128);
		// However much is asked, only the position's size fills.
		let out =
			<Orderbook as OrderBook<AccountId>>::take_liquidity(BTC_USD, &DAVE, Side::Sell, 1, 100 * LOT, MAX_FILLS)
				.unwrap();
		assert_eq!(out.filled, LOT);
		assert_eq!(size(DAVE, BTC_USD), 0);
		let out =
			<Orderbook as OrderBook<AccountId>>::take_liquidity(BTC_USD, &DAVE, Side::Sell, 1, LOT, MAX_FILLS).unwrap();
		assert_eq!(out.filled, 0);
		assert_conserved();
	});
}
