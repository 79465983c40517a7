//! Every order kind, and reduce-only orders.

use super::mock::*;
use crate::{CancelReason, Error, Event, OrderKind, RemovalReason};
use clearing_primitives::Side;
use frame_support::{assert_noop, assert_ok};

const P: u128 = 50_000 * USD;

fn cancelled(order_id: u64, who: AccountId, remaining: u128, reason: CancelReason) -> bool {
	book_events().contains(&Event::OrderCancelled { order_id, who, market: BTC_USD, remaining, reason })
}

#[test]
fn good_till_cancel_rests_what_it_cannot_fill() {
	new_test_ext().execute_with(|| {
		let ask = rest(ALICE, Side::Sell, P, LOT);
		let bid = rest(BOB, Side::Buy, P, 3 * LOT);
		assert_eq!(fills(), vec![(ask, Some(bid), ALICE, BOB, P, LOT)]);
		assert_eq!(book_side(BTC_USD, Side::Buy), vec![(P, vec![(bid, BOB, 2 * LOT)])]);
	});
}

#[test]
fn immediate_or_cancel_cancels_its_rest() {
	new_test_ext().execute_with(|| {
		let ask = rest(ALICE, Side::Sell, P, LOT);
		let t = place(BOB, Side::Buy, P, 3 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		assert_eq!(fills(), vec![(ask, Some(t), ALICE, BOB, P, LOT)]);
		assert!(cancelled(t, BOB, 2 * LOT, CancelReason::Unfilled));
		assert!(book_side(BTC_USD, Side::Buy).is_empty());
		assert_eq!(Orderbook::reserved_margin_of(&BOB), 0);
	});
}

#[test]
fn fill_or_kill_fills_whole_or_changes_nothing() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Sell, P, LOT);
		rest(CHARLIE, Side::Sell, P + TICK, LOT);
		let before = book_side(BTC_USD, Side::Sell);
		assert_noop!(
			place(BOB, Side::Buy, P + TICK, 3 * LOT, OrderKind::FillOrKill),
			Error::<Test>::FillOrKillNotFilled
		);
		assert_eq!(book_side(BTC_USD, Side::Sell), before);
		assert_eq!(size(BOB, BTC_USD), 0);
		let t = place(BOB, Side::Buy, P + TICK, 2 * LOT, OrderKind::FillOrKill).unwrap();
		assert_eq!(fills().len(), 2);
		assert!(fills().iter().all(|f| f.1 == Some(t)));
		assert_eq!(size(BOB, BTC_USD), 2 * LOT as i128);
	});
}

#[test]
fn post_only_rests_or_is_refused_when_it_would_cross() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Sell, P, LOT);
		assert_noop!(place(BOB, Side::Buy, P, LOT, OrderKind::PostOnly), Error::<Test>::PostOnlyWouldCross);
		let bid = place(BOB, Side::Buy, P - TICK, LOT, OrderKind::PostOnly).unwrap();
		assert_eq!(book_side(BTC_USD, Side::Buy), vec![(P - TICK, vec![(bid, BOB, LOT)])]);
		assert!(fills().is_empty());
	});
}

#[test]
fn market_orders_fill_up_to_their_worst_price_off_the_tick_grid() {
	new_test_ext().execute_with(|| {
		let a = rest(ALICE, Side::Sell, P, LOT);
		let b = rest(CHARLIE, Side::Sell, P + TICK, LOT);
		rest(CHARLIE, Side::Sell, P + 3 * TICK, LOT);
		// Worst acceptable price P + 0.15 USD: not on the grid, which market orders need not be.
		let t = place(BOB, Side::Buy, P + TICK + TICK / 2, 5 * LOT, OrderKind::Market).unwrap();
		assert_eq!(fills(), vec![(a, Some(t), ALICE, BOB, P, LOT), (b, Some(t), CHARLIE, BOB, P + TICK, LOT)]);
		assert!(cancelled(t, BOB, 3 * LOT, CancelReason::Unfilled));
		assert!(book_side(BTC_USD, Side::Buy).is_empty());
		// Into an empty side a market order fills nothing and cancels whole.
		let u = place(DAVE, Side::Sell, 1, LOT, OrderKind::Market).unwrap();
		assert!(cancelled(u, DAVE, LOT, CancelReason::Unfilled));
		// A limit order off the grid is refused.
		assert_noop!(
			place(DAVE, Side::Sell, P + TICK / 2, LOT, OrderKind::ImmediateOrCancel),
			Error::<Test>::PriceOffTick
		);
	});
}

#[test]
fn reduce_only_is_cut_to_the_position_and_never_grows_it() {
	new_test_ext().execute_with(|| {
		// Without a position there is nothing to reduce.
		assert_noop!(
			Orderbook::place_order(RuntimeOrigin::signed(BOB), BTC_USD, Side::Sell, P, LOT, OrderKind::Limit, true),
			Error::<Test>::NotReducing
		);
		// Bob goes long 2 lots.
		rest(ALICE, Side::Sell, P, 2 * LOT);
		place(BOB, Side::Buy, P, 2 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		// A reduce-only buy would grow it: refused.
		assert_noop!(
			Orderbook::place_order(RuntimeOrigin::signed(BOB), BTC_USD, Side::Buy, P, LOT, OrderKind::Limit, true),
			Error::<Test>::NotReducing
		);
		// A reduce-only sell of 5 lots is cut to 2; it sweeps Charlie's 5-lot bid for 2 only.
		rest(CHARLIE, Side::Buy, P, 5 * LOT);
		let id = crate::NextOrderId::<Test>::get();
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			BTC_USD,
			Side::Sell,
			P,
			5 * LOT,
			OrderKind::Limit,
			true
		));
		assert!(book_events().contains(&Event::OrderPlaced {
			order_id: id,
			who: BOB,
			market: BTC_USD,
			side: Side::Sell,
			price: P,
			size: 2 * LOT,
			kind: OrderKind::Limit,
			reduce_only: true
		}));
		assert_eq!(size(BOB, BTC_USD), 0);
		assert!(book_side(BTC_USD, Side::Sell).is_empty());
	});
}

#[test]
fn a_resting_reduce_only_order_leaves_the_book_once_nothing_is_left_to_reduce() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Sell, P, 2 * LOT);
		place(BOB, Side::Buy, P, 2 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		// Bob rests a reduce-only take-profit (no margin reserved), then closes at market instead.
		let tp = crate::NextOrderId::<Test>::get();
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			BTC_USD,
			Side::Sell,
			P + 10 * TICK,
			2 * LOT,
			OrderKind::Limit,
			true
		));
		assert_eq!(Orderbook::reserved_margin_of(&BOB), 0);
		rest(CHARLIE, Side::Buy, P, LOT);
		rest(DAVE, Side::Buy, P, LOT);
		place(BOB, Side::Sell, P, LOT, OrderKind::Market).unwrap();
		// One lot left: Charlie's buy through the take-profit fills one lot, the rest is removed.
		let t = place(CHARLIE, Side::Buy, P + 10 * TICK, 2 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		assert_eq!(fills().last().copied(), Some((tp, Some(t), BOB, CHARLIE, P + 10 * TICK, LOT)));
		assert!(book_events().contains(&Event::OrderRemoved {
			order_id: tp,
			who: BOB,
			market: BTC_USD,
			remaining: LOT,
			reason: RemovalReason::NotReducing
		}));
		assert_eq!(size(BOB, BTC_USD), 0);
		assert!(book_side(BTC_USD, Side::Sell).is_empty());
		assert_reservations_consistent();
	});
}

#[test]
fn a_reduce_only_market_takes_only_reducing_orders_and_drops_growing_makers() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Sell, P, 2 * LOT);
		place(BOB, Side::Buy, P, 2 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		// Charlie (flat) bids before the market turns reduce-only.
		let charlies = rest(CHARLIE, Side::Buy, P, LOT);
		let alices = rest(ALICE, Side::Buy, P, 2 * LOT);
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), BTC_USD, pallet_margin::MarketStatus::ReduceOnly));
		assert_noop!(place(DAVE, Side::Sell, P, LOT, OrderKind::Limit), Error::<Test>::MarketReduceOnly);
		// Bob closes: Charlie's bid would open a position and is removed; Alice's closes her short.
		let t = crate::NextOrderId::<Test>::get();
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			BTC_USD,
			Side::Sell,
			P,
			2 * LOT,
			OrderKind::ImmediateOrCancel,
			true
		));
		assert!(book_events().contains(&Event::OrderRemoved {
			order_id: charlies,
			who: CHARLIE,
			market: BTC_USD,
			remaining: LOT,
			reason: RemovalReason::NotReducing
		}));
		assert_eq!(fills().last().copied(), Some((alices, Some(t), ALICE, BOB, P, 2 * LOT)));
		assert_eq!((size(ALICE, BTC_USD), size(BOB, BTC_USD)), (0, 0));
		assert_conserved();
	});
}
