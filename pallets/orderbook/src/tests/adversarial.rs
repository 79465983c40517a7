//! Attacks on the order book with ordinary orders, each shown failing: far prices, dust levels
//! that would freeze a side, a single small order steering funding, and a maker with a stale
//! position blocking every taker. BTC-USD at 50,000 USD, a 10 % band, 0.1 USD ticks,
//! 0.0001 BTC lots; at most 16 levels a side, 8 resting orders an account, 8 visits a call.

use super::mock::*;
use crate::{Error, Event, OrderKind, RemovalReason};
use clearing_primitives::{PremiumSource, Side};
use frame_support::{assert_noop, assert_ok};

const P: u128 = 50_000 * USD;

#[test]
fn prices_outside_the_band_are_refused_and_market_orders_are_clamped_to_it() {
	new_test_ext().execute_with(|| {
		// 10 % of 50,000 = 5,000: limits from 45,000 to 55,000.
		assert_noop!(place(ALICE, Side::Sell, USD / 10, LOT, OrderKind::Limit), Error::<Test>::PriceOutsideBand);
		assert_noop!(place(ALICE, Side::Buy, USD / 10, LOT, OrderKind::Limit), Error::<Test>::PriceOutsideBand);
		assert_noop!(
			place(ALICE, Side::Buy, 2 * P, LOT, OrderKind::ImmediateOrCancel),
			Error::<Test>::PriceOutsideBand
		);
		assert_noop!(
			place(ALICE, Side::Sell, 45_000 * USD - TICK, LOT, OrderKind::PostOnly),
			Error::<Test>::PriceOutsideBand
		);
		rest(ALICE, Side::Sell, 55_000 * USD, LOT);
		rest(ALICE, Side::Buy, 45_000 * USD, LOT);
		// The oracle falls to 48,000: Alice's ask at 55,000 is now beyond the band (52,800). A
		// market buy with no worst price of its own does not reach it.
		set_price(btc_feed(), Some(48_000 * USD));
		assert_ok!(place(BOB, Side::Buy, u128::MAX, LOT, OrderKind::Market));
		assert!(fills().is_empty());
		assert_eq!(size(BOB, BTC_USD), 0);
		// Within the band it fills as usual.
		rest(CHARLIE, Side::Sell, 48_100 * USD, LOT);
		assert_ok!(place(BOB, Side::Buy, u128::MAX, LOT, OrderKind::Market));
		assert_eq!(size(BOB, BTC_USD), LOT as i128);
		assert_conserved();
	});
}

#[test]
fn dust_levels_cannot_freeze_a_side_a_maker_near_the_oracle_evicts_the_farthest() {
	new_test_ext_with(1_000 * USDC).execute_with(|| {
		// Alice and Bob fill all 16 bid levels with minimum bids at the bottom of the band.
		let mut dust = vec![];
		for i in 0..16u128 {
			let who = if i < 8 { ALICE } else { BOB };
			dust.push(rest(who, Side::Buy, 45_000 * USD + i * TICK, LOT));
		}
		assert_eq!(book_side(BTC_USD, Side::Buy).len(), 16);
		// A market maker quoting near the oracle rests: the farthest level (45,000) makes room.
		let mm = rest(CHARLIE, Side::Buy, P - TICK, LOT);
		let bids = book_side(BTC_USD, Side::Buy);
		assert_eq!(bids.len(), 16);
		assert_eq!(bids[0], (P - TICK, vec![(mm, CHARLIE, LOT)]));
		assert!(bids.iter().all(|(price, _)| *price != 45_000 * USD));
		assert!(book_events().contains(&Event::OrderRemoved {
			order_id: dust[0],
			who: ALICE,
			market: BTC_USD,
			remaining: LOT,
			reason: RemovalReason::Evicted,
		}));
		// The evicted order's reservation is released.
		assert_eq!(crate::AccountOrders::<Test>::get(ALICE).unwrap().orders.len(), 7);
		assert_reservations_consistent();
		assert_eq!(Orderbook::do_try_state(), Ok(()));
	});
}

#[test]
fn a_crowded_far_level_is_refused_rather_than_evicted_in_unbounded_work() {
	new_test_ext_with(1_000 * USDC).execute_with(|| {
		// Nine orders (one more than a call may visit) at the worst price, then 15 more levels.
		for who in [ALICE, ALICE, ALICE, ALICE, ALICE, BOB, BOB, BOB, BOB] {
			rest(who, Side::Buy, 45_000 * USD, LOT);
		}
		for i in 1..16u128 {
			let who = if i < 8 { CHARLIE } else { DAVE };
			rest(who, Side::Buy, 45_000 * USD + i * TICK, LOT);
		}
		assert_noop!(place(BOB, Side::Buy, P - TICK, LOT, OrderKind::Limit), Error::<Test>::TooManyPriceLevels);
		// A price that already has a level still rests.
		rest(BOB, Side::Buy, 45_000 * USD + 15 * TICK, LOT);
		assert_eq!(Orderbook::do_try_state(), Ok(()));
	});
}

#[test]
fn a_maker_with_a_stale_position_is_removed_not_a_blocker() {
	new_test_ext().execute_with(|| {
		// Alice holds ETH, then its feed goes stale.
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(DAVE),
			ETH_USD,
			Side::Sell,
			2_000 * USD,
			LOT,
			OrderKind::Limit,
			false
		));
		assert_ok!(Orderbook::place_order(
			RuntimeOrigin::signed(ALICE),
			ETH_USD,
			Side::Buy,
			2_000 * USD,
			LOT,
			OrderKind::Limit,
			false
		));
		assert_eq!(size(ALICE, ETH_USD), LOT as i128);
		let alice_ask = rest(ALICE, Side::Sell, P, LOT);
		let charlie_ask = rest(CHARLIE, Side::Sell, P + TICK, LOT);
		set_price(eth_feed(), None);
		// Bob's buy meets Alice's ask first: it leaves the book, and Bob fills against Charlie.
		assert_ok!(place(BOB, Side::Buy, P + TICK, LOT, OrderKind::ImmediateOrCancel));
		assert!(book_events().contains(&Event::OrderRemoved {
			order_id: alice_ask,
			who: ALICE,
			market: BTC_USD,
			remaining: LOT,
			reason: RemovalReason::StalePrice,
		}));
		assert_eq!(fills().last().map(|f| (f.0, f.2, f.4)), Some((charlie_ask, CHARLIE, P + TICK)));
		assert_eq!(size(BOB, BTC_USD), LOT as i128);
		assert_conserved();
	});
}

/// Sets BTC-USD's impact notional.
fn set_impact_notional(usdc: u128) {
	pallet_margin::Markets::<Test>::mutate(BTC_USD, |m| m.as_mut().unwrap().impact_notional = usdc * USDC);
}

#[test]
fn one_small_order_does_not_move_funding_a_deep_one_sided_book_does() {
	new_test_ext().execute_with(|| {
		set_impact_notional(10_000);
		// One 0.0001 BTC bid 9 % above the oracle, nothing on the other side: no sample.
		rest(ALICE, Side::Buy, 54_500 * USD, LOT);
		assert_eq!(<Orderbook as PremiumSource>::premium(BTC_USD), None);
		// Both sides, but thinner than 10,000 USDC: still none.
		rest(BOB, Side::Sell, 54_600 * USD, LOT);
		assert_eq!(<Orderbook as PremiumSource>::premium(BTC_USD), None);
		// Deep both sides (0.3 BTC each way) at +1 % and +9.4 %: the impact bid is about 50,500,
		// so the premium is about +1 %; the dust bid on top moves the average by a hair.
		rest(CHARLIE, Side::Buy, 50_500 * USD, 3_000 * LOT);
		rest(DAVE, Side::Sell, 54_700 * USD, 3_000 * LOT);
		let premium = <Orderbook as PremiumSource>::premium(BTC_USD).unwrap().into_inner();
		// Impact bid: 10,000 USDC = 5.45 (0.0001 BTC at 54,500) + 9,994.55 at 50,500 →
		// 0.0001 + 0.19791188 BTC; average 50,502.06…: premium ≈ 1.004 %.
		assert!((10_000_000_000_000_000..10_100_000_000_000_000).contains(&premium), "premium {premium}");
		// An ask inside the impact notional below the oracle is what pulls it down.
		assert!(Orderbook::impact_price(BTC_USD, Side::Sell, 10_000 * USDC, 8, 6).is_some());
	});
}

#[test]
fn reduce_only_orders_leave_the_book_when_their_position_closes() {
	new_test_ext().execute_with(|| {
		// Bob buys 2 lots, then rests two reduce-only take-profit asks.
		rest(ALICE, Side::Sell, P, 2 * LOT);
		assert_ok!(place(BOB, Side::Buy, P, 2 * LOT, OrderKind::ImmediateOrCancel));
		let tp1 = Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			BTC_USD,
			Side::Sell,
			P + 5 * TICK,
			LOT,
			OrderKind::Limit,
			true,
		);
		assert_ok!(tp1);
		let tp2 = Orderbook::place_order(
			RuntimeOrigin::signed(BOB),
			BTC_USD,
			Side::Sell,
			P + 6 * TICK,
			LOT,
			OrderKind::Limit,
			true,
		);
		assert_ok!(tp2);
		assert_eq!(book_side(BTC_USD, Side::Sell).len(), 2);
		// He closes the position with a market sell into Charlie's bid: the take-profits can no
		// longer reduce anything and leave the book at once.
		rest(CHARLIE, Side::Buy, P - TICK, 2 * LOT);
		assert_ok!(place(BOB, Side::Sell, 1, 2 * LOT, OrderKind::Market));
		assert_eq!(size(BOB, BTC_USD), 0);
		assert!(book_side(BTC_USD, Side::Sell).is_empty());
		let swept = book_events()
			.into_iter()
			.filter(|e| matches!(e, Event::OrderRemoved { who: BOB, reason: RemovalReason::NotReducing, .. }))
			.count();
		assert_eq!(swept, 2);
		assert!(crate::AccountOrders::<Test>::get(BOB).is_none());
		assert_eq!(Orderbook::do_try_state(), Ok(()));
	});
}
