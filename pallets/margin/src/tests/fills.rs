//! Fills through the clearing API, worked out by hand: positions, quote balances, fees, open
//! interest, cross-margin, and every refusal leaving storage untouched.

use super::mock::*;
use crate::{Event, FeePool, InsuranceFund, MarketStates, MarketStatus, Markets};
use clearing_primitives::{ClearingError, ClearingView, FillClearing, LiquidationClearing, Party, Side};
use frame_support::assert_ok;

fn fill(
	taker: AccountId,
	maker: AccountId,
	side: Side,
	price_usd: u128,
	size: u128,
) -> Result<clearing_primitives::FillReceipt, ClearingError> {
	Margin::apply_fill(0, &taker, &maker, side, price_usd * USD, size)
}

#[test]
fn a_fill_moves_the_notional_fees_and_open_interest_as_worked_out_by_hand() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 10_000);
		deposit(BOB, 10_000);
		// Bob takes 0.1 BTC at 50,000 from Alice's resting sell.
		let receipt = fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10).unwrap();
		// Notional 5,000 USDC; taker fee 0.05 % = 2.5 USDC; maker fee 0.02 % = 1 USDC.
		assert_eq!((receipt.notional, receipt.taker_fee, receipt.maker_fee), (5_000 * USDC, 2_500_000, 1_000_000));
		assert_eq!(collateral(BOB), (10_000 * USDC - 5_000 * USDC - 2_500_000) as i128);
		assert_eq!(collateral(ALICE), (10_000 * USDC + 5_000 * USDC - 1_000_000) as i128);
		assert_eq!((size(BOB, 0), size(ALICE, 0)), ((BTC / 10) as i128, -((BTC / 10) as i128)));
		// Half of the 3.5 USDC of fees to the insurance fund, half to the fee pool.
		// The fees wait in the market's record until on_finalize sweeps them.
		let state = MarketStates::<Test>::get(0).unwrap();
		assert_eq!((state.unswept_insurance, state.unswept_fee_pool), (1_750_000, 1_750_000));
		assert_eq!((InsuranceFund::<Test>::get(), FeePool::<Test>::get()), (INSURANCE_SEED, 0));
		assert_eq!(Margin::fee_pots(), (INSURANCE_SEED + 1_750_000, 1_750_000));
		next_block(1);
		let state = MarketStates::<Test>::get(0).unwrap();
		assert_eq!((state.unswept_insurance, state.unswept_fee_pool), (0, 0));
		assert_conserved();
		assert_eq!((InsuranceFund::<Test>::get(), FeePool::<Test>::get()), (INSURANCE_SEED + 1_750_000, 1_750_000));
		assert_eq!(MarketStates::<Test>::get(0).unwrap().open_interest, BTC / 10);

		// Bob at 50,000: equity 4,997.5 + 5,000 = 9,997.5 USDC; IMR 10 % of 5,000; MMR 5 %.
		let bob = Margin::health(&BOB).unwrap();
		assert_eq!(bob.equity, 9_997_500_000);
		assert_eq!((bob.initial_margin, bob.maintenance_margin), (500 * USDC, 250 * USDC));
		// BTC to 55,000: Bob gains 500, Alice loses 500.
		set_price(btc_feed(), Some(55_000 * USD));
		assert_eq!(Margin::health(&BOB).unwrap().equity, 10_497_500_000);
		assert_eq!(Margin::health(&ALICE).unwrap().equity, 9_499_000_000);
		assert!(margin_events()
			.iter()
			.any(|e| matches!(e, Event::Filled { taker: BOB, maker: ALICE, size, .. } if *size == BTC / 10)));
		assert_conserved();
	});
}

#[test]
fn the_buyer_pays_the_notional_rounded_up_the_seller_gets_it_rounded_down() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 1_000);
		deposit(BOB, 1_000);
		Markets::<Test>::mutate(0, |m| {
			let m = m.as_mut().unwrap();
			m.maker_fee = Default::default();
			m.taker_fee = Default::default();
		});
		// 0.00010001 BTC at 33,333.333333 USD = 3.333666666… USDC.
		assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 33_333_333_333, 10_001));
		assert_eq!(collateral(BOB), (1_000 * USDC - 3_333_667) as i128);
		assert_eq!(collateral(ALICE), (1_000 * USDC + 3_333_666) as i128);
		next_block(1);
		assert_eq!(FeePool::<Test>::get(), 1, "the atom of rounding goes to the fee pool");
		assert_conserved();
	});
}

#[test]
fn a_fill_that_would_leave_the_taker_below_initial_margin_is_refused_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 1_000);
		// 0.3 BTC at 50,000 = 15,000 USDC notional needs 1,500 USDC of equity.
		let r = assert_unchanged(|| fill(BOB, ALICE, Side::Buy, 50_000, 3 * BTC / 10));
		assert_eq!(r, Err(ClearingError::InsufficientMargin(Party::Taker)));
		// 0.19 BTC = 9,500 notional needs 950; Bob has 1,000 minus a 4.75 fee: fine.
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, 19 * BTC / 100));
		assert_conserved();
	});
}

#[test]
fn a_maker_that_cannot_afford_its_fill_is_named() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100);
		deposit(BOB, 100_000);
		let r = assert_unchanged(|| fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10));
		assert_eq!(r, Err(ClearingError::InsufficientMargin(Party::Maker)));
	});
}

#[test]
fn a_profitable_position_backs_a_losing_one_across_markets() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 1_000);
		deposit(CHARLIE, 100_000);
		// Bob: long 0.1 BTC at 50,000 (IMR 500), short 1 ETH at 2,000 (IMR 200).
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10));
		assert_ok!(Margin::apply_fill(1, &BOB, &CHARLIE, Side::Sell, 2_000 * USD, BTC));
		// BTC +10 % (+500 for Bob), ETH +10 % (−200 for Bob): equity up by 300.
		let before = Margin::health(&BOB).unwrap();
		set_price(btc_feed(), Some(55_000 * USD));
		set_price(eth_feed(), Some(2_200 * USD));
		let after = Margin::health(&BOB).unwrap();
		assert_eq!(after.equity - before.equity, 300 * USDC as i128);
		// ETH alone would have eaten 200 of Bob's ~996 USDC; BTC's gain carries it. Bob may
		// withdraw exactly his free collateral, not one atom more.
		let free = after.free_collateral();
		assert!(free > 0);
		let r = assert_unchanged(|| Margin::withdraw(RuntimeOrigin::signed(BOB), free as u128 + 1));
		assert_eq!(r, Err(crate::Error::<Test>::InsufficientMargin.into()));
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(BOB), free as u128));
		assert_eq!(Margin::health(&BOB).unwrap().free_collateral(), 0);
		assert_conserved();
	});
}

#[test]
fn reducing_closing_and_flipping_keep_the_cost_basis_and_open_interest_right() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		deposit(CHARLIE, 100_000);
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, BTC)); // Bob long 1 @ 50,000
		let cost = |who| crate::Accounts::<Test>::get(who).unwrap().positions[0].cost;
		assert_eq!(cost(BOB), 50_000 * USDC as i128);
		// Bob sells 0.25 to Charlie at 60,000: 0.75 left with cost 37,500.
		set_price(btc_feed(), Some(60_000 * USD));
		assert_ok!(fill(BOB, CHARLIE, Side::Sell, 60_000, BTC / 4));
		assert_eq!((size(BOB, 0), cost(BOB)), ((3 * BTC / 4) as i128, 37_500 * USDC as i128));
		assert_eq!(MarketStates::<Test>::get(0).unwrap().open_interest, BTC, "0.75 Bob + 0.25 Charlie");
		// Bob sells 2 to Charlie: he is now short 1.25, opened at 60,000.
		assert_ok!(fill(BOB, CHARLIE, Side::Sell, 60_000, 2 * BTC));
		assert_eq!((size(BOB, 0), cost(BOB)), (-((5 * BTC / 4) as i128), -75_000 * USDC as i128));
		assert_eq!(MarketStates::<Test>::get(0).unwrap().open_interest, 9 * BTC / 4, "Charlie's 2.25 long");
		// Everybody closes: no positions, open interest zero.
		assert_ok!(fill(BOB, ALICE, Side::Buy, 60_000, 5 * BTC / 4));
		assert_ok!(fill(ALICE, CHARLIE, Side::Buy, 60_000, 9 * BTC / 4));
		assert_eq!((size(ALICE, 0), size(BOB, 0), size(CHARLIE, 0)), (0, 0, 0));
		assert_eq!(MarketStates::<Test>::get(0).unwrap().open_interest, 0);
		assert_conserved();
	});
}

#[test]
fn status_cap_prices_and_bad_input_are_refused_with_typed_errors() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10));

		assert_eq!(assert_unchanged(|| fill(BOB, ALICE, Side::Buy, 50_000, 0)), Err(ClearingError::ZeroAmount));
		assert_eq!(assert_unchanged(|| fill(BOB, ALICE, Side::Buy, 0, BTC)), Err(ClearingError::ZeroAmount));
		assert_eq!(assert_unchanged(|| fill(BOB, BOB, Side::Buy, 50_000, BTC)), Err(ClearingError::SelfTrade));
		assert_eq!(
			assert_unchanged(|| Margin::apply_fill(9, &BOB, &ALICE, Side::Buy, USD, BTC)),
			Err(ClearingError::UnknownMarket)
		);
		assert_eq!(
			assert_unchanged(|| Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, u128::MAX, u128::MAX)),
			Err(ClearingError::Overflow)
		);

		// Reduce-only: Bob may sell back, not buy more.
		Markets::<Test>::mutate(0, |m| m.as_mut().unwrap().status = MarketStatus::ReduceOnly);
		assert_eq!(assert_unchanged(|| fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10)), Err(ClearingError::ReduceOnly));
		assert_ok!(fill(BOB, ALICE, Side::Sell, 50_000, BTC / 20));
		// Halted: nothing.
		Markets::<Test>::mutate(0, |m| m.as_mut().unwrap().status = MarketStatus::Halted);
		assert_eq!(
			assert_unchanged(|| fill(BOB, ALICE, Side::Sell, 50_000, BTC / 20)),
			Err(ClearingError::MarketHalted)
		);
		Markets::<Test>::mutate(0, |m| m.as_mut().unwrap().status = MarketStatus::Active);

		// Open-interest cap at 0.1 BTC (open interest is 0.05 now).
		Markets::<Test>::mutate(0, |m| m.as_mut().unwrap().open_interest_cap = BTC / 10);
		assert_eq!(
			assert_unchanged(|| fill(CHARLIE, ALICE, Side::Buy, 50_000, BTC / 10)),
			Err(ClearingError::OpenInterestCap)
		);

		// A stale price blocks fills in that market.
		set_price(btc_feed(), None);
		assert_eq!(assert_unchanged(|| fill(BOB, ALICE, Side::Sell, 50_000, BTC / 20)), Err(ClearingError::StalePrice));
		assert_conserved();
	});
}

#[test]
fn an_account_holds_at_most_max_positions() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		// The mock allows 3 positions but lists 2 markets; list two more.
		for (ticker, feed) in [("X-USD", "BTC/USD"), ("Y-USD", "ETH/USD")] {
			let feed = clearing_primitives::feed_id(feed).unwrap();
			assert_ok!(Margin::create_market(RuntimeOrigin::root(), market(ticker, feed)));
		}
		for m in 0..3 {
			assert_ok!(Margin::apply_fill(m, &BOB, &ALICE, Side::Buy, 1_000 * USD, BTC / 100));
		}
		let r = assert_unchanged(|| Margin::apply_fill(3, &BOB, &ALICE, Side::Buy, 1_000 * USD, BTC / 100));
		assert_eq!(r, Err(ClearingError::TooManyPositions(Party::Taker)));
	});
}

#[test]
fn transfer_position_moves_size_without_fees_and_only_shrinks_the_giver() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, BTC));
		let (insurance, fees) = Margin::fee_pots();
		// Bob's long 0.4 goes to Charlie at 45,000 (no margin check, no fee).
		assert_ok!(Margin::transfer_position(0, &BOB, &CHARLIE, 45_000 * USD, 4 * BTC / 10));
		assert_eq!((size(BOB, 0), size(CHARLIE, 0)), ((6 * BTC / 10) as i128, (4 * BTC / 10) as i128));
		assert_eq!(collateral(CHARLIE), -(18_000 * USDC as i128));
		assert_eq!(Margin::fee_pots(), (insurance, fees));
		// Alice's short given back to Bob (deleveraging both): Alice buys 0.5 from Bob.
		assert_ok!(Margin::transfer_position(0, &ALICE, &BOB, 45_000 * USD, BTC / 2));
		assert_eq!((size(ALICE, 0), size(BOB, 0)), (-((BTC / 2) as i128), (BTC / 10) as i128));
		// More than the giver holds, or a giver without a position: refused.
		assert_eq!(
			assert_unchanged(|| Margin::transfer_position(0, &ALICE, &BOB, USD, BTC)),
			Err(ClearingError::NotReducing)
		);
		assert_eq!(
			assert_unchanged(|| Margin::transfer_position(0, &DAVE, &BOB, USD, 1)),
			Err(ClearingError::NotReducing)
		);
		assert_eq!(MarketStates::<Test>::get(0).unwrap().open_interest, BTC / 2);
		assert_conserved();
	});
}

#[test]
fn open_interest_scaling_raises_the_initial_requirement_of_a_crowded_market() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 1_000_000);
		deposit(BOB, 1_000_000);
		Markets::<Test>::mutate(0, |m| {
			let m = m.as_mut().unwrap();
			m.imf_scaling_lower = BTC;
			m.imf_scaling_upper = 3 * BTC;
		});
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, 2 * BTC));
		// Open interest 2 BTC: halfway, imf = 10 % + 45 % = 55 % of 100,000 notional.
		let bob = Margin::health(&BOB).unwrap();
		assert_eq!(bob.initial_margin, 55_000 * USDC);
		assert_eq!(bob.maintenance_margin, 5_000 * USDC, "maintenance stays on its base value");
	});
}

#[test]
fn the_account_summary_shows_entry_mark_pnl_funding_and_liquidation_price() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 1_000);
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10));
		set_price(btc_feed(), Some(55_000 * USD));
		let summary = Margin::account_summary(&BOB).unwrap();
		let p = &summary.positions[0];
		assert_eq!(
			(p.market, p.size, p.entry_price, p.mark_price),
			(0, (BTC / 10) as i128, 50_000 * USD, 55_000 * USD)
		);
		// 0.1 × (55,000 − 50,000) = 500 USDC.
		assert_eq!(p.unrealized_pnl, 500 * USDC as i128);
		assert_eq!(p.unsettled_funding, 0);
		// Equity 997.5 + 500 = 1,497.5; MMR 5 % × 5,500 = 275. The long is liquidated when
		// 1,497.5 − 0.1·(55,000 − p) = 0.05 · 0.1 · p, i.e. p = (5,500 − 1,497.5) / 0.095
		// = 42,131.578947… (rounded up: 42,131.578948).
		assert_eq!(p.liquidation_price, Some(42_131_578_948));
		// Margin ratio 275 / 1,497.5 = 0.18363939…
		let ratio = summary.margin_ratio.unwrap();
		assert_eq!(ratio, sp_arithmetic::FixedU128::from_rational(275_000_000, 1_497_500_000));
		// Rounded toward the mark, the reported price is already liquidatable (equity and MMR meet
		// there only in real numbers; in atoms the rounding favours the protocol); one tick
		// (0.1 USD) above it the account is safe.
		set_price(btc_feed(), Some(42_131_578_948));
		assert!(Margin::health(&BOB).unwrap().is_liquidatable());
		set_price(btc_feed(), Some(42_131_578_948 + 100_000));
		assert!(!Margin::health(&BOB).unwrap().is_liquidatable());
	});
}

#[test]
fn a_liquidation_penalty_goes_to_the_insurance_fund_capped_at_equity() {
	new_test_ext().execute_with(|| {
		deposit(ALICE, 100_000);
		deposit(BOB, 1_000);
		assert_ok!(fill(BOB, ALICE, Side::Buy, 50_000, BTC / 10));
		let insurance = InsuranceFund::<Test>::get();
		// 50 USDC of penalty: charged in full.
		assert_eq!(Margin::charge_liquidation_penalty(&BOB, 50 * USDC), Ok(50 * USDC));
		assert_eq!(InsuranceFund::<Test>::get(), insurance + 50 * USDC);
		// BTC falls to 41,000: Bob's equity is 947.5 − 900 = 47.5 USDC; a 100 USDC penalty takes 47.5.
		set_price(btc_feed(), Some(41_000 * USD));
		assert_eq!(Margin::charge_liquidation_penalty(&BOB, 100 * USDC), Ok(47_500_000));
		assert_eq!(Margin::health(&BOB).unwrap().equity, 0);
		// Nothing left: nothing more.
		assert_eq!(Margin::charge_liquidation_penalty(&BOB, 1), Ok(0));
		assert!(margin_events()
			.iter()
			.any(|e| matches!(e, Event::LiquidationPenaltyCharged { who: BOB, amount: 47_500_000 })));
		assert_conserved();
	});
}
