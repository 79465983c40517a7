//! Matching: price-time priority across levels, partial fills, FIFO within a level, self-trade
//! prevention, makers that can no longer afford their orders, takers that cannot afford theirs,
//! and the per-call fill bound.

use super::mock::*;
use crate::{CancelReason, Error, Event, OrderKind, RemovalReason};
use clearing_primitives::Side;
use frame_support::{assert_noop, assert_ok};

const P: u128 = 50_000 * USD;

#[test]
fn a_taker_sweeps_several_levels_best_price_first_and_rests_the_rest() {
	new_test_ext().execute_with(|| {
		let a = rest(ALICE, Side::Sell, P + 2 * TICK, 3 * LOT);
		let b = rest(BOB, Side::Sell, P, 2 * LOT);
		let c = rest(CHARLIE, Side::Sell, P + TICK, LOT);
		let _far = rest(CHARLIE, Side::Sell, P + 5 * TICK, LOT);
		// Dave buys 8 lots up to P + 2 ticks: 2 at P, 1 at P+1, 3 at P+2, the other 2 rest as a bid.
		let d = rest(DAVE, Side::Buy, P + 2 * TICK, 8 * LOT);
		assert_eq!(
			fills(),
			vec![
				(b, Some(d), BOB, DAVE, P, 2 * LOT),
				(c, Some(d), CHARLIE, DAVE, P + TICK, LOT),
				(a, Some(d), ALICE, DAVE, P + 2 * TICK, 3 * LOT),
			]
		);
		assert_eq!(book_side(BTC_USD, Side::Buy), vec![(P + 2 * TICK, vec![(d, DAVE, 2 * LOT)])]);
		assert_eq!(book_side(BTC_USD, Side::Sell), vec![(P + 5 * TICK, vec![(_far, CHARLIE, LOT)])]);
		assert_eq!(size(DAVE, BTC_USD), 6 * LOT as i128);
		assert_eq!(
			(size(ALICE, BTC_USD), size(BOB, BTC_USD), size(CHARLIE, BTC_USD)),
			(-3 * LOT as i128, -2 * LOT as i128, -(LOT as i128))
		);
		assert!(book_events().contains(&Event::OrderRested {
			order_id: d,
			market: BTC_USD,
			side: Side::Buy,
			price: P + 2 * TICK,
			remaining: 2 * LOT
		}));
		assert_reservations_consistent();
		assert_conserved();
	});
}

#[test]
fn a_partially_filled_maker_keeps_its_place_at_the_head() {
	new_test_ext().execute_with(|| {
		let a = rest(ALICE, Side::Buy, P, 5 * LOT);
		let b = rest(BOB, Side::Buy, P, LOT);
		let t = place(CHARLIE, Side::Sell, P, 2 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		assert_eq!(fills(), vec![(a, Some(t), ALICE, CHARLIE, P, 2 * LOT)]);
		assert_eq!(book_side(BTC_USD, Side::Buy), vec![(P, vec![(a, ALICE, 3 * LOT), (b, BOB, LOT)])]);
		// The next taker still meets Alice first.
		let t2 = place(DAVE, Side::Sell, P, 4 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		assert_eq!(fills()[1..], [(a, Some(t2), ALICE, DAVE, P, 3 * LOT), (b, Some(t2), BOB, DAVE, P, LOT)]);
		assert!(book_side(BTC_USD, Side::Buy).is_empty());
		assert_reservations_consistent();
		assert_conserved();
	});
}

#[test]
fn orders_at_one_price_fill_first_in_first_out() {
	new_test_ext().execute_with(|| {
		let first = rest(CHARLIE, Side::Sell, P, LOT);
		let second = rest(ALICE, Side::Sell, P, LOT);
		let third = rest(BOB, Side::Sell, P, LOT);
		// Alice cancels hers from the middle; the list stays linked in order.
		assert_ok!(Orderbook::cancel_order(RuntimeOrigin::signed(ALICE), second));
		assert_eq!(book_side(BTC_USD, Side::Sell), vec![(P, vec![(first, CHARLIE, LOT), (third, BOB, LOT)])]);
		let fourth = rest(ALICE, Side::Sell, P, LOT);
		let t = place(DAVE, Side::Buy, P, 3 * LOT, OrderKind::ImmediateOrCancel).unwrap();
		let makers: Vec<_> = fills().iter().map(|f| f.0).collect();
		assert_eq!(makers, vec![first, third, fourth]);
		assert!(fills().iter().all(|f| f.1 == Some(t)));
		assert!(book_side(BTC_USD, Side::Sell).is_empty());
	});
}

#[test]
fn a_taker_meeting_its_own_order_cancels_it_and_goes_on() {
	new_test_ext().execute_with(|| {
		let own = rest(ALICE, Side::Sell, P, 2 * LOT);
		let bobs = rest(BOB, Side::Sell, P + TICK, 2 * LOT);
		let t = place(ALICE, Side::Buy, P + TICK, 3 * LOT, OrderKind::Limit).unwrap();
		assert!(book_events().contains(&Event::OrderCancelled {
			order_id: own,
			who: ALICE,
			market: BTC_USD,
			remaining: 2 * LOT,
			reason: CancelReason::SelfTrade
		}));
		assert_eq!(fills(), vec![(bobs, Some(t), BOB, ALICE, P + TICK, 2 * LOT)]);
		// Alice's own ask never traded; her remaining lot rests as a bid.
		assert_eq!(book_side(BTC_USD, Side::Buy), vec![(P + TICK, vec![(t, ALICE, LOT)])]);
		assert!(book_side(BTC_USD, Side::Sell).is_empty());
		assert_eq!(size(ALICE, BTC_USD), 2 * LOT as i128);
		assert_reservations_consistent();
	});
}

#[test]
fn a_maker_that_can_no_longer_afford_its_fill_is_removed_and_matching_goes_on() {
	new_test_ext_with(0).execute_with(|| {
		for who in [ALICE, BOB, CHARLIE] {
			assert_ok!(Margin::deposit(RuntimeOrigin::signed(who), 100_000 * USDC));
		}
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(DAVE), 1_000 * USDC));
		// Dave goes long 1 ETH at 2,000 (initial margin 200 USDC) against Charlie.
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(CHARLIE),
			ETH_USD,
			Side::Sell,
			2_000 * USD,
			BTC,
			OrderKind::Limit,
			false
		));
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(DAVE),
			ETH_USD,
			Side::Buy,
			2_000 * USD,
			BTC,
			OrderKind::ImmediateOrCancel,
			false
		));
		// Dave rests an ask of 0.1 BTC at 50,000: it reserves 500 USDC of his ~799 free.
		let daves = rest(DAVE, Side::Sell, P, BTC / 10);
		assert_eq!(Orderbook::reserved_margin_of(&DAVE), 500 * USDC);
		let alices = rest(ALICE, Side::Sell, P, BTC / 10);
		// ETH falls to 1,500: Dave's equity is ~500 USDC, his ETH margin 150; a 0.1 BTC short
		// would need another 500.
		set_price(eth_feed(), Some(1_500 * USD));
		let t = place(BOB, Side::Buy, P, BTC / 10, OrderKind::ImmediateOrCancel).unwrap();
		assert!(book_events().contains(&Event::OrderRemoved {
			order_id: daves,
			who: DAVE,
			market: BTC_USD,
			remaining: BTC / 10,
			reason: RemovalReason::InsufficientMargin
		}));
		assert_eq!(fills().last().copied(), Some((alices, Some(t), ALICE, BOB, P, BTC / 10)));
		assert_eq!(size(DAVE, BTC_USD), 0);
		assert_eq!(Orderbook::reserved_margin_of(&DAVE), 0);
		assert!(book_side(BTC_USD, Side::Sell).is_empty());
		assert_reservations_consistent();
		assert_conserved();
	});
}

#[test]
fn a_taker_that_cannot_afford_its_fills_fails_whole_and_changes_nothing() {
	new_test_ext_with(0).execute_with(|| {
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 100_000 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(BOB), 100 * USDC));
		rest(ALICE, Side::Sell, P, LOT);
		rest(ALICE, Side::Sell, P + TICK, BTC);
		let before = book_side(BTC_USD, Side::Sell);
		// Bob's 100 USDC affords the first lot (5 USDC) but not a whole BTC after it.
		assert_noop!(
			place(BOB, Side::Buy, P + TICK, BTC + LOT, OrderKind::ImmediateOrCancel),
			Error::<Test>::InsufficientMargin
		);
		assert_eq!(book_side(BTC_USD, Side::Sell), before);
		assert_eq!(size(BOB, BTC_USD), 0);
	});
}

#[test]
fn one_call_visits_at_most_max_fills_resting_orders() {
	new_test_ext().execute_with(|| {
		let makers = [ALICE, BOB, CHARLIE];
		let mut ids = vec![];
		for i in 0..(MAX_FILLS as u128 + 1) {
			ids.push(rest(makers[(i % 3) as usize], Side::Sell, P + i * TICK, LOT));
		}
		let t = place(DAVE, Side::Buy, P + 20 * TICK, 20 * LOT, OrderKind::Limit).unwrap();
		assert_eq!(fills().len(), MAX_FILLS as usize);
		// The rest would cross the last ask; it is cancelled instead of resting on a crossed book.
		assert!(book_events().contains(&Event::OrderCancelled {
			order_id: t,
			who: DAVE,
			market: BTC_USD,
			remaining: 12 * LOT,
			reason: CancelReason::FillLimit
		}));
		assert!(book_side(BTC_USD, Side::Buy).is_empty());
		assert_eq!(book_side(BTC_USD, Side::Sell), vec![(P + 8 * TICK, vec![(ids[8], CHARLIE, LOT)])]);
	});
}

#[test]
fn the_call_pays_for_the_orders_it_visited() {
	new_test_ext().execute_with(|| {
		rest(ALICE, Side::Sell, P, LOT);
		rest(BOB, Side::Sell, P + TICK, LOT);
		let info = Orderbook::place_order(
			RuntimeOrigin::signed(CHARLIE),
			BTC_USD,
			Side::Buy,
			P + TICK,
			2 * LOT,
			OrderKind::ImmediateOrCancel,
			false,
		)
		.unwrap();
		// Two fills between single-position accounts.
		assert_eq!(info.actual_weight, Some(Orderbook::place_order_weight(2, 1, None)));
		let info =
			Orderbook::place_order(RuntimeOrigin::signed(CHARLIE), BTC_USD, Side::Buy, P, LOT, OrderKind::Limit, false)
				.unwrap();
		// Nothing crossed: the resting benchmark alone, the caller's one position counted.
		assert_eq!(info.actual_weight, Some(Orderbook::place_order_weight(0, 1, Some(1))));
		assert_eq!(Orderbook::place_order_weight(0, 1, Some(1)), <() as crate::WeightInfo>::place_order_resting(1));
		// One fill has a benchmark of its own; more positions and more fills cost more.
		assert_eq!(Orderbook::place_order_weight(1, 1, None), <() as crate::WeightInfo>::place_order_one_fill());
		assert!(Orderbook::place_order_weight(1, 1, None).all_lt(Orderbook::place_order_weight(1, 2, None)));
		assert!(Orderbook::place_order_weight(1, 1, None).all_lt(Orderbook::place_order_weight(2, 1, None)));
		// What the call declares before dispatch covers every outcome.
		let most = Orderbook::place_order_weight(MAX_FILLS, 2, Some(MAX_LEVELS));
		assert!(Orderbook::place_order_weight(2, 2, Some(MAX_LEVELS)).all_lt(most));
		assert!(Orderbook::place_order_weight(0, 2, Some(MAX_LEVELS)).all_lt(most));
	});
}

#[test]
fn fees_and_notional_move_to_the_ledger_to_the_atom() {
	new_test_ext().execute_with(|| {
		let held = Assets::balance(SETTLEMENT, Margin::account_id());
		rest(ALICE, Side::Buy, P, 3 * LOT);
		place(BOB, Side::Sell, P, 3 * LOT, OrderKind::Market).unwrap();
		// Notional 15 USDC: taker fee 0.05 % = 7,500 atoms, maker 0.02 % = 3,000.
		let filled = book_events().into_iter().find_map(|e| match e {
			Event::OrderFilled { taker_fee, maker_fee, .. } => Some((taker_fee, maker_fee)),
			_ => None,
		});
		assert_eq!(filled, Some((7_500, 3_000)));
		assert_eq!(Assets::balance(SETTLEMENT, Margin::account_id()), held);
		assert_conserved();
	});
}
