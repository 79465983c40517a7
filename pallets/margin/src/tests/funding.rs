//! Funding: premium samples, the interval, the cap, lazy settlement and health before it.

use super::mock::*;
use crate::{math::RATE_SCALE, Event, MarketStates};
use clearing_primitives::{ClearingView, FillClearing, Side, SignedRate};
use frame_support::assert_ok;

/// A premium of `b` basis points.
fn bps(b: i128) -> SignedRate {
	SignedRate::from_inner(b * 100_000_000_000_000)
}

fn open_bob_long_alice_short() {
	assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 100_000 * USDC));
	assert_ok!(Margin::deposit(RuntimeOrigin::signed(BOB), 100_000 * USDC));
	assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC / 10));
}

fn close_interval() {
	// The genesis interval ends at 3,600,000 ms; the clock starts at 1,000,000.
	set_now_ms(3_600_000);
	next_block(0);
}

#[test]
fn a_positive_premium_makes_longs_pay_shorts_and_settles_when_touched() {
	new_test_ext().execute_with(|| {
		open_bob_long_alice_short();
		PremiumNow::set(Some(bps(10))); // +0.1 %
		next_block(2_000);
		close_interval();
		let state = MarketStates::<Test>::get(0).unwrap();
		assert_eq!(state.last_funding_rate, (RATE_SCALE / 1_000) as i128);
		// 0.1 % of 50,000 = 50 USDC per BTC; Bob (long 0.1) owes 5, Alice (short 0.1) gets 5.
		assert_eq!(state.funding_index, 50 * USDC as i128 * RATE_SCALE as i128);
		assert!(margin_events()
			.iter()
			.any(|e| matches!(e, Event::FundingApplied { market: 0, .. })));

		// Health counts it before anything is settled.
		let bob_before = collateral(BOB);
		assert_eq!(Margin::health(&BOB).unwrap().equity, bob_before + 5_000 * USDC as i128 - 5 * USDC as i128);
		assert_conserved();

		// Touching the accounts settles it: Bob pays 5, Alice receives 5; the funding pool in
		// between holds what one side settled and the other did not yet.
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(BOB), USDC));
		assert_eq!(collateral(BOB), bob_before - 5 * USDC as i128 - USDC as i128);
		assert_eq!(MarketStates::<Test>::get(0).unwrap().funding_pool, 5 * USDC as i128);
		assert_conserved();
		let alice_before = collateral(ALICE);
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(ALICE), USDC));
		assert_eq!(collateral(ALICE), alice_before + 5 * USDC as i128 - USDC as i128);
		assert_eq!(MarketStates::<Test>::get(0).unwrap().funding_pool, 0);
		assert!(margin_events().iter().any(
			|e| matches!(e, Event::FundingSettled { who: BOB, market: 0, amount } if *amount == 5 * USDC as i128)
		));
		assert_conserved();
	});
}

#[test]
fn the_rate_is_the_average_premium_clamped_to_the_cap() {
	new_test_ext().execute_with(|| {
		open_bob_long_alice_short();
		// Samples −3 % and −1 %: average −2 %, capped at −1 %.
		PremiumNow::set(Some(bps(-300)));
		next_block(2_000);
		PremiumNow::set(Some(bps(-100)));
		close_interval();
		let state = MarketStates::<Test>::get(0).unwrap();
		assert_eq!(state.last_funding_rate, -((RATE_SCALE / 100) as i128));
		// Shorts pay: 1 % of 50,000 = 500 per BTC; Alice's 0.1 short owes 50 USDC.
		let alice = Margin::health(&ALICE).unwrap();
		let bob = Margin::health(&BOB).unwrap();
		assert_eq!(alice.equity, collateral(ALICE) - 5_000 * USDC as i128 - 50 * USDC as i128);
		assert_eq!(bob.equity, collateral(BOB) + 5_000 * USDC as i128 + 50 * USDC as i128);
		assert_eq!((state.premium_sum, state.premium_samples), (0, 0), "the next interval starts afresh");
	});
}

#[test]
fn no_samples_means_no_funding_and_a_stale_price_skips_the_interval() {
	new_test_ext().execute_with(|| {
		open_bob_long_alice_short();
		close_interval();
		assert_eq!(MarketStates::<Test>::get(0).unwrap().funding_index, 0);
		// Next interval: premium but a stale price: skipped.
		PremiumNow::set(Some(bps(10)));
		set_price(btc_feed(), None);
		set_now_ms(3_600_000 * 2 + 10);
		next_block(0);
		assert_eq!(MarketStates::<Test>::get(0).unwrap().funding_index, 0);
		assert!(margin_events().iter().any(|e| matches!(e, Event::FundingSkipped { market: 0 })));
	});
}

#[test]
fn one_extreme_sample_moves_the_rate_by_at_most_the_cap_over_the_samples() {
	new_test_ext().execute_with(|| {
		open_bob_long_alice_short();
		// One block with a +50 % premium (a thin book's outlier) and nine at zero: the sample is
		// clamped to the 1 % cap before averaging, so the rate is 1 % / 10 = 0.1 %, not 5 %.
		PremiumNow::set(Some(bps(5_000)));
		next_block(2_000);
		PremiumNow::set(Some(bps(0)));
		for _ in 0..9 {
			next_block(2_000);
		}
		let state = MarketStates::<Test>::get(0).unwrap();
		assert_eq!(state.premium_samples, 10);
		assert_eq!(
			Margin::funding_rate(&crate::Markets::<Test>::get(0).unwrap(), &state),
			(RATE_SCALE / 1_000) as i128
		);
	});
}

#[test]
fn a_halted_market_neither_samples_nor_pays_funding() {
	new_test_ext().execute_with(|| {
		open_bob_long_alice_short();
		assert_ok!(Margin::set_market_status(RuntimeOrigin::root(), 0, crate::MarketStatus::Halted));
		PremiumNow::set(Some(bps(10)));
		next_block(2_000);
		assert_eq!(MarketStates::<Test>::get(0).unwrap().premium_samples, 0);
		close_interval();
		let state = MarketStates::<Test>::get(0).unwrap();
		assert_eq!((state.funding_index, state.last_funding_rate), (0, 0));
		assert!(margin_events().iter().any(|e| matches!(e, Event::FundingSkipped { market: 0 })));
		assert!(!margin_events()
			.iter()
			.any(|e| matches!(e, Event::FundingApplied { market: 0, .. })));
		assert_conserved();
	});
}
