//! Attacks on the liquidation engine, each shown failing: a sniper bidding just above the
//! bankruptcy price to take a liquidated account's remaining equity, an under-charged keeper
//! call, the backstop's inventory ignored in the fund's value, and risk parameters that would
//! switch liquidation off. Markets trade without fees; 10 % / 5 % margins, 1 % penalty; the
//! fillable spread is 25 % of the maintenance fraction.

use super::mock::*;
use crate::{Error, Event, LiquidationParameters, Parameters, Pending};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};

fn closed_events(who: AccountId) -> Vec<Event<Test>> {
	events()
		.into_iter()
		.filter(|e| matches!(e, Event::PositionClosed { who: w, .. } if *w == who))
		.collect()
}

#[test]
fn a_partial_liquidation_at_the_fillable_price_restores_the_account_worked_out_by_hand() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		fund(CHARLIE, 1_000_000 * USDC);
		// BTC at 46,000: equity 2,000 < MMR 2,300; equity / MMR = 0.8696.
		set_btc(46_000);
		// Charlie bids 1 BTC at 45,950, 0.11 % below the oracle.
		bid(CHARLIE, 45_950, BTC);
		let before = insurance();
		next_block();

		// Fillable slippage: 25 % × 5 % × (1 − 2,000 / 2,300) = 0.16304 % of 46,000 = 75 USD:
		// limit 45,925 (to Perbill rounding, a few micro-dollars).
		// Slice: (1.1 × 2,300 − 2,000) / (1.1 × 5 % − 1 % − 0.16304 %) = 12,220.55 USDC
		// → 0.265664 BTC → 0.2657 BTC in lots. Bankruptcy price: 46,000 − 2,000 / 1 = 44,000.
		let closed = closed_events(BOB);
		assert_eq!(closed.len(), 1);
		let Event::PositionClosed {
			size, bankruptcy_price, limit_price, book_filled, book_notional, taken_over, ..
		} = closed[0].clone()
		else {
			unreachable!()
		};
		assert_eq!(size, 26_570_000);
		assert_eq!(bankruptcy_price, 44_000 * USD);
		assert!((45_924_990_000..=45_925_010_000).contains(&limit_price), "limit {limit_price}");
		// It filled at Charlie's 45,950: 0.2657 × 45,950 = 12,208.915 USDC.
		assert_eq!((book_filled, book_notional, taken_over), (26_570_000, 12_208_915_000, 0));
		// The penalty is 1 % of the closed notional at the mark: 0.2657 × 46,000 × 1 % =
		// 122.222 USDC, for the insurance fund.
		assert_eq!(insurance(), before + 122_222_000);
		// Bob: −44,000 + 12,208.915 − 122.222 = −31,913.307 USDC, 0.7343 BTC at 46,000 =
		// 33,777.8: equity 1,864.493 ≥ 1.1 × MMR (1.1 × 1,688.89 = 1,857.779). Restored.
		assert_eq!(collateral(BOB), -31_913_307_000);
		let after = risk(BOB);
		assert_eq!(after.health.equity, 1_864_493_000);
		assert_eq!(after.health.maintenance_margin, 1_688_890_000);
		assert!(!after.health.is_liquidatable());
		assert!(!Pending::<Test>::contains_key(BOB));
		assert_conserved();
	});
}

#[test]
fn a_sniper_bidding_just_above_bankruptcy_gets_nothing_the_fund_keeps_the_equity() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		fund(DAVE, 1_000_000 * USDC);
		set_btc(46_000);
		// Dave bids 1 BTC at 44,100: 100 USD above Bob's bankruptcy price, 1,900 below the mark.
		// Closing there would hand Dave 1,900 USDC of Bob's 2,000 of equity.
		bid(DAVE, 44_100, BTC);
		let fund_value_before = insurance() as i128;
		next_block();

		// No fill for the sniper: the limit (45,925 and higher) is far above his bid.
		assert_eq!(btc_size(DAVE), 0);
		assert!(closed_events(BOB)
			.iter()
			.all(|e| matches!(e, Event::PositionClosed { book_filled: 0, .. })));
		// The insurance fund's backstop took it over at the bankruptcy price instead: the fund's
		// value (balance + backstop equity at the mark) grew by what Dave would have taken.
		let backstop = Liquidation::backstop_account();
		assert_eq!(btc_size(backstop), BTC as i128);
		let fund_value = insurance() as i128 + risk(backstop).health.equity;
		assert!(
			fund_value - fund_value_before >= 1_900 * USDC as i128,
			"the fund gained {}",
			fund_value - fund_value_before
		);
		assert_conserved();
	});
}

#[test]
fn the_backstop_unwinds_its_inventory_on_the_book_and_returns_the_gain_to_the_fund() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		set_btc(44_500);
		next_block();
		let backstop = Liquidation::backstop_account();
		assert_eq!(btc_size(backstop), BTC as i128);
		// The backstop owns 1 BTC bought at 44,000 and marked at 44,500: the fund is worth 500
		// more than its balance, and its losses would count against a takeover.
		assert_eq!(Liquidation::insurance_available(), insurance());
		set_btc(43_000);
		assert_eq!(Liquidation::insurance_available(), insurance() - 1_000 * USDC);
		set_btc(44_500);
		// A bid appears within 1 % of the oracle: the backstop sells into it.
		fund(CHARLIE, 1_000_000 * USDC);
		bid(CHARLIE, 44_200, BTC);
		let before = insurance();
		next_block();
		assert!(events().contains(&Event::BackstopUnwound { market: BTC_USD, size: BTC, notional: 44_200 * USDC }));
		assert_eq!(btc_size(backstop), 0);
		// Sold at 44,200 what it bought at 44,000: 200 USDC back to the fund.
		assert_eq!(insurance(), before + 200 * USDC);
		assert_eq!(collateral(backstop), 0);
		assert_conserved();
	});
}

#[test]
fn the_keeper_call_is_charged_its_worst_case_and_refunded_down_to_what_it_did() {
	new_test_ext().execute_with(|| {
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			LiquidationParameters { max_liquidations_per_block: 1, ..Parameters::<Test>::get() }
		));
		fund(ALICE, 1_000_000 * USDC);
		for who in [BOB, CHARLIE] {
			fund(who, 6_000 * USDC);
			trade(who, ALICE, 50_000, BTC);
		}
		set_btc(46_000);
		bid(ALICE, 46_000, 2 * BTC);
		next_block();
		let queued = [BOB, CHARLIE]
			.into_iter()
			.find(|who| Pending::<Test>::contains_key(who))
			.unwrap();
		let call = crate::Call::<Test>::liquidate { who: queued };
		let declared = call.get_dispatch_info().call_weight;
		assert_eq!(declared, Liquidation::max_liquidation_weight());
		let post = Liquidation::liquidate(RuntimeOrigin::signed(DAVE), queued).unwrap();
		let actual = post.actual_weight.unwrap();
		// One slice, one fill: far below the worst case, above the benchmarked step.
		assert!(actual.all_lt(declared), "{actual:?} < {declared:?}");
		assert!(actual.all_gte(<() as crate::WeightInfo>::liquidate()));
		assert_eq!(
			actual,
			Liquidation::liquidation_weight(&crate::LiquidationWork {
				orders_cancelled: 0,
				orders_touched: 1,
				transfers: 0,
				candidates: 0,
				rounds: 1,
				positions: 1,
				fresh_markets: 1,
				counterparty_positions: 0,
			})
		);
	});
}

#[test]
fn no_referendum_can_switch_liquidation_off() {
	new_test_ext().execute_with(|| {
		let current = Parameters::<Test>::get();
		for bad in [
			// A bucket as wide as a 2 % move makes every account due at every move.
			LiquidationParameters { bucket_width: crate::MAX_BUCKET_WIDTH + 1, ..current },
			// A close-out cap of a few dollars would never restore anyone.
			LiquidationParameters { max_close_notional_per_block: crate::MIN_CLOSE_NOTIONAL - 1, ..current },
			// Fewer evaluations than liquidations.
			LiquidationParameters { max_evaluations_per_block: 4, max_liquidations_per_block: 5, ..current },
			// A keeper taking more than half the penalty.
			LiquidationParameters { keeper_share: sp_runtime::Perbill::from_percent(51), ..current },
			// The backstop dumping its inventory far from the oracle.
			LiquidationParameters { backstop_unwind_slippage: sp_runtime::Perbill::from_percent(11), ..current },
		] {
			assert_noop!(Liquidation::set_parameters(RuntimeOrigin::root(), bad), Error::<Test>::InvalidParameters);
		}
		assert_eq!(Parameters::<Test>::get(), current);
	});
}
