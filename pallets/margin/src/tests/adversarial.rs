//! Attacks on the clearing API with ordinary fills, each shown failing: two colluding accounts
//! trying to move value out of the pool by closing positions at absurd or merely bad prices.
//! BTC-USD: 10 % initial, 5 % maintenance, 0.05 % taker and 0.02 % maker fees, BTC at 50,000.

use super::mock::*;
use clearing_primitives::{ClearingError, ClearingView, FillClearing, Party, Side};
use frame_support::assert_ok;

#[test]
fn closing_a_position_at_ten_cents_cannot_drain_the_pool() {
	new_test_ext().execute_with(|| {
		// Bob (long) and Alice (short) open 1 BTC at the oracle, 10,000 USDC each.
		deposit(BOB, 10_000);
		deposit(ALICE, 10_000);
		assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC));
		// Bob's reduce-only ask at 0.10 USD, taken by Alice: Bob would end flat at about
		// 10,000 − 50,000 − 25 + 0.1 = −40,025 USDC and Alice could withdraw ~50,000.
		let refused = assert_unchanged(|| Margin::apply_fill(0, &ALICE, &BOB, Side::Buy, USD / 10, BTC));
		assert_eq!(refused, Err(ClearingError::InsufficientMargin(Party::Maker)));
		// The same with Bob as taker.
		let refused = assert_unchanged(|| Margin::apply_fill(0, &BOB, &ALICE, Side::Sell, USD / 10, BTC));
		assert_eq!(refused, Err(ClearingError::InsufficientMargin(Party::Taker)));
		// Alice cannot take more than her own equity out: her withdrawal beyond it is refused.
		assert!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 10_001 * USDC).is_err());
		assert_conserved();
	});
}

#[test]
fn closing_through_the_oracle_inside_the_band_cannot_create_debt_either() {
	new_test_ext().execute_with(|| {
		// Bob: 520 USDC behind 0.1 BTC at 50,000 (IMR 500; the taker fee takes 2.5).
		deposit(BOB, 520);
		deposit(ALICE, 10_000);
		assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC / 10));
		// BTC falls to 47,000: Bob's equity 517.5 − 300 = 217.5 < MMR 235: under water.
		set_price(btc_feed(), Some(47_000 * USD));
		let bob = Margin::health(&BOB).unwrap();
		assert_eq!(bob.equity, 217_500_000);
		// Selling 8 % through the oracle (43,240) to a colluding Alice would leave Bob flat at
		// 217.5 − 376 − 0.86 = −159.36 USDC: refused, nothing changes.
		let refused = assert_unchanged(|| Margin::apply_fill(0, &ALICE, &BOB, Side::Buy, 43_240 * USD, BTC / 10));
		assert_eq!(refused, Err(ClearingError::InsufficientMargin(Party::Maker)));
		// Half of it at the same price would worsen his margin ratio (MMR / equity): refused too.
		let refused = assert_unchanged(|| Margin::apply_fill(0, &ALICE, &BOB, Side::Buy, 43_240 * USD, BTC / 20));
		assert_eq!(refused, Err(ClearingError::InsufficientMargin(Party::Maker)));
		// Half at the oracle improves it (equity 217.5 − 0.47 fee, MMR halves to 117.5): allowed
		// although he stays below his initial requirement.
		assert_ok!(Margin::apply_fill(0, &ALICE, &BOB, Side::Buy, 47_000 * USD, BTC / 20));
		let after = Margin::health(&BOB).unwrap();
		assert_eq!(after.equity, 217_500_000 - 470_000);
		assert!(after.free_collateral() < 0);
		assert_conserved();
	});
}

#[test]
fn a_reducing_fill_that_keeps_the_initial_requirement_may_take_a_bad_price() {
	new_test_ext().execute_with(|| {
		// Bob is well funded: closing 0.1 BTC 8 % through the oracle is his loss to take.
		deposit(BOB, 10_000);
		deposit(ALICE, 10_000);
		assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC / 10));
		assert_ok!(Margin::apply_fill(0, &ALICE, &BOB, Side::Buy, 46_000 * USD, BTC / 10));
		// 10,000 − 2.5 (taker) − 400 (loss) − 0.92 (maker) = 9,596.58 USDC.
		assert_eq!(collateral(BOB), 9_596_580_000);
		assert_conserved();
	});
}

#[test]
fn a_maker_whose_other_market_is_stale_is_named_as_unmarkable() {
	new_test_ext().execute_with(|| {
		deposit(BOB, 10_000);
		deposit(ALICE, 10_000);
		deposit(CHARLIE, 10_000);
		// Alice holds ETH; its feed goes stale.
		assert_ok!(Margin::apply_fill(1, &ALICE, &CHARLIE, Side::Buy, 2_000 * USD, BTC));
		set_price(eth_feed(), None);
		// A BTC fill with Alice as maker cannot check her margin: it names her, so the book can
		// drop her order and go on; with Alice as taker it names the taker.
		let refused = assert_unchanged(|| Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC / 10));
		assert_eq!(refused, Err(ClearingError::UnmarkableParty(Party::Maker)));
		let refused = assert_unchanged(|| Margin::apply_fill(0, &ALICE, &BOB, Side::Buy, 50_000 * USD, BTC / 10));
		assert_eq!(refused, Err(ClearingError::UnmarkableParty(Party::Taker)));
	});
}

#[test]
fn a_liquidation_fill_skips_the_liquidated_side_but_must_shrink_it() {
	new_test_ext().execute_with(|| {
		deposit(BOB, 520);
		deposit(ALICE, 10_000);
		assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC / 10));
		set_price(btc_feed(), Some(47_000 * USD));
		// A liquidation may not grow the liquidated account's position.
		let refused =
			assert_unchanged(|| Margin::apply_liquidation_fill(0, &BOB, &ALICE, Side::Buy, 47_000 * USD, BTC / 10));
		assert_eq!(refused, Err(ClearingError::NotReducing));
		// Closing it (the engine bounds the price) is not margin-checked for Bob.
		assert_ok!(Margin::apply_liquidation_fill(0, &BOB, &ALICE, Side::Sell, 45_000 * USD, BTC / 10));
		assert_conserved();
	});
}
