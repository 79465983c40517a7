//! Detection: accounts are filed at their trigger level, evaluated only when the risk clock
//! passes it, and never liquidated on a stale price; funding and margin increases move the clock.

use super::mock::*;
use crate::{Event, LastBlockWork, Pending, RiskClock};
use clearing_primitives::risk::{bucket_of, safety_buffer, trigger_level, CLOCK_ONE};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_arithmetic::Perbill;

/// The key an account with `risk` is filed at when the clock reads `clock`.
fn expected_key(risk: &clearing_primitives::AccountRisk, clock: u128) -> [u8; 16] {
	let width = crate::Parameters::<Test>::get().bucket_width;
	let buffer = safety_buffer(
		risk.health.equity,
		risk.health.maintenance_margin,
		risk.health.gross_notional,
		risk.max_maintenance_fraction(),
		risk.positions.len() as u32,
	)
	.expect("has positions");
	(bucket_of(trigger_level(clock, buffer), width) * width).to_be_bytes()
}

/// Charlie bids 1 BTC at 50,000 and Bob sells his long into it (`reduce_only` or not).
fn bob_sells_his_long_to_charlie(reduce_only: bool) {
	fund(CHARLIE, 100_000 * USDC);
	bid(CHARLIE, 50_000, BTC);
	assert_ok!(pallet_orderbook::Pallet::<Test>::place_order(
		RuntimeOrigin::signed(BOB),
		BTC_USD,
		clearing_primitives::Side::Sell,
		50_000 * USD,
		BTC,
		pallet_orderbook::OrderKind::ImmediateOrCancel,
		reduce_only
	));
	assert_eq!(btc_size(BOB), 0);
}

#[test]
fn a_fill_files_both_accounts_at_their_trigger_level() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		let clock = RiskClock::<Test>::get();
		assert_eq!(crate::Pallet::<Test>::filed_at(&BOB), Some(expected_key(&risk(BOB), clock)));
		assert_eq!(crate::Pallet::<Test>::filed_at(&ALICE), Some(expected_key(&risk(ALICE), clock)));
		// Bob's buffer: (6,000 − 2,500 − 2 atoms) / (1.05 × 50,000) ≈ 6.66 %; due after
		// s / (1 + s) ≈ 6.25 %, filed in the 0.1 % bucket below: 6.2 %.
		assert_eq!(u128::from_be_bytes(crate::Pallet::<Test>::filed_at(&BOB).unwrap()), CLOCK_ONE * 62 / 1_000);
		// Closing the position takes the account out of the buckets.
		bob_sells_his_long_to_charlie(true);
		assert_eq!(crate::Pallet::<Test>::filed_at(&BOB), None);
	});
}

#[test]
fn the_filing_lives_in_the_margin_ledger_and_one_record_holds_both_sides_of_a_market() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		// Bob's filing is in his margin ledger: his bucket and the long list he is on.
		let ledger = pallet_margin::Accounts::<Test>::get(BOB).expect("Bob has a ledger");
		assert_eq!(ledger.observer_record.bucket, crate::Pallet::<Test>::filed_at(&BOB));
		assert!(ledger.observer_record.bucket.is_some());
		assert_eq!(ledger.observer_record.ranked.to_vec(), vec![(BTC_USD, true)]);
		// The market's one deleveraging record lists the long and the short.
		let candidates = crate::AdlRanking::<Test>::get(BTC_USD);
		assert_eq!(candidates.longs.to_vec(), vec![(BOB, BTC)]);
		assert_eq!(candidates.shorts.to_vec(), vec![(ALICE, BTC)]);

		// Bob sells his long back to Charlie's bid and withdraws everything: no position, no
		// collateral, no filing, so the ledger goes, and so do his list entry and his bucket.
		bob_sells_his_long_to_charlie(false);
		let left = u128::try_from(collateral(BOB)).expect("Bob's collateral is positive");
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(BOB), left));
		assert!(pallet_margin::Accounts::<Test>::get(BOB).is_none(), "an empty ledger is removed");
		let candidates = crate::AdlRanking::<Test>::get(BTC_USD);
		assert_eq!(candidates.longs.to_vec(), vec![(CHARLIE, BTC)]);
		assert_eq!(candidates.shorts.to_vec(), vec![(ALICE, BTC)]);
		assert!(crate::Buckets::<Test>::iter_keys().all(|(_, who)| who != BOB));
		assert_conserved();
	});
}

#[test]
fn accounts_are_evaluated_only_once_the_clock_passes_their_level() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		next_block();
		assert_eq!(LastBlockWork::<Test>::get().evaluations, 0);
		// 3 %: below Bob's 6.25 %. Nobody is evaluated.
		set_btc(48_500);
		next_block();
		let work = LastBlockWork::<Test>::get();
		assert_eq!((work.evaluations, work.clock), (0, CLOCK_ONE * 3 / 100));
		// Another 3.1 % (from 48,500): the clock reads 6.09 %, still short of 6.25 %.
		set_btc(47_000);
		next_block();
		assert_eq!(LastBlockWork::<Test>::get().evaluations, 0);
		// 47,000 → 46,900: 0.21 %, the clock passes Bob's level; he is evaluated (healthy:
		// equity 2,900 ≥ MMR 2,345) and filed again further on.
		set_btc(46_900);
		next_block();
		let work = LastBlockWork::<Test>::get();
		assert_eq!((work.evaluations, work.liquidations), (1, 0));
		let clock = RiskClock::<Test>::get();
		assert_eq!(crate::Pallet::<Test>::filed_at(&BOB), Some(expected_key(&risk(BOB), clock)));
		assert!(u128::from_be_bytes(crate::Pallet::<Test>::filed_at(&BOB).unwrap()) > clock);
	});
}

#[test]
fn a_stale_price_never_liquidates() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		// The feed goes stale: nothing can be marked, nothing is liquidated, for many blocks.
		set_price(btc_feed(), None);
		for _ in 0..5 {
			next_block();
		}
		assert!(!events().iter().any(|e| matches!(e, Event::LiquidationStarted { .. })));
		assert!(!Pending::<Test>::contains_key(BOB));
		assert_noop!(Liquidation::liquidate(RuntimeOrigin::signed(KEEPER), BOB), crate::Error::<Test>::StalePrice);
		// It comes back fresh 8 % lower: Bob (equity 2,000 < MMR 2,300) is liquidated at once.
		set_btc(46_000);
		next_block();
		assert!(events().iter().any(|e| matches!(e, Event::LiquidationStarted { who: BOB, .. })));
	});
}

#[test]
fn raising_a_maintenance_fraction_moves_the_clock() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		next_block();
		let before = RiskClock::<Test>::get();
		let mut params = pallet_margin::Markets::<Test>::get(BTC_USD).unwrap();
		params.maintenance_margin = Perbill::from_percent(8);
		assert_ok!(Margin::update_market(RuntimeOrigin::root(), BTC_USD, params.clone()));
		next_block();
		assert_eq!(RiskClock::<Test>::get(), before + CLOCK_ONE * 3 / 100);
		// Lowering it again moves nothing.
		params.maintenance_margin = Perbill::from_percent(5);
		assert_ok!(Margin::update_market(RuntimeOrigin::root(), BTC_USD, params));
		next_block();
		assert_eq!(RiskClock::<Test>::get(), before + CLOCK_ONE * 3 / 100);
	});
}

#[test]
fn an_applied_funding_step_moves_the_clock_by_its_cap() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		// A bid above the oracle price, an ask above it: a positive premium, so funding moves
		// the index.
		fund(CHARLIE, 100_000 * USDC);
		bid(CHARLIE, 50_100, LOT);
		ask(ALICE, 50_200, LOT);
		Margin::on_finalize(System::block_number());
		next_block();
		let before = RiskClock::<Test>::get();
		set_now_ms(now_ms() + 3_600_000);
		Margin::on_finalize(System::block_number());
		assert!(System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::Margin(pallet_margin::Event::FundingApplied { .. }))));
		next_block();
		// The market's cap is 1 %.
		assert_eq!(RiskClock::<Test>::get(), before + CLOCK_ONE / 100);
	});
}

#[test]
fn a_price_change_within_the_block_is_counted_before_an_account_is_filed() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 1_000_000 * USDC);
		fund(BOB, 6_000 * USDC);
		// The oracle moves 2 % during the block, before Bob trades: filing Bob counts that move
		// first, so his level is measured from the prices he was evaluated at.
		set_btc(49_000);
		trade(BOB, ALICE, 49_000, BTC);
		let clock = RiskClock::<Test>::get();
		assert_eq!(clock, CLOCK_ONE * 2 / 100);
		assert_eq!(crate::Pallet::<Test>::filed_at(&BOB), Some(expected_key(&risk(BOB), clock)));
		// on_finalize finds nothing more to count.
		next_block();
		assert_eq!(RiskClock::<Test>::get(), clock);
	});
}
