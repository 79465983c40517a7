//! The liquidation cascade with figures computed by hand (the partial close against the book at
//! the fillable price is in `adversarial.rs`): a full insurance takeover, bad debt paid by the fund, and auto-deleveraging when the fund is
//! short. Markets trade without fees here; 1 BTC = 10^8 base atoms, 1 USD = 10^6 price units,
//! 1 USDC = 10^6 atoms.

use super::mock::*;
use crate::{Event, Pending};
use frame_support::assert_ok;

fn liquidated_event(who: AccountId) -> Event<Test> {
	events()
		.into_iter()
		.rev()
		.find(|e| matches!(e, Event::Liquidated { who: w, .. } if *w == who))
		.unwrap_or_else(|| panic!("account {who} was liquidated"))
}

#[test]
fn what_the_book_cannot_absorb_the_insurance_fund_takes_over_at_the_bankruptcy_price() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		// BTC at 44,500, an empty book: equity 500 < MMR 2,225.
		set_btc(44_500);
		let before = insurance();
		next_block();

		let backstop = Liquidation::backstop_account();
		// Restoring would need more than the position (with equity at 22 % of MMR the fillable
		// slippage is 0.97 %: (1.1 × 2,225 − 500) / (5.5 % − 1 % − 0.97 %) = 55,155 USDC of
		// notional), so the whole BTC in one slice, at 44,500 − 500 / 1 = 44,000, the price at
		// which Bob's equity is used up.
		let takeovers: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::InsuranceTakeover { who, size, price, loss, .. } if who == BOB => Some((size, price, loss)),
				_ => None,
			})
			.collect();
		assert_eq!(takeovers, vec![(100_000_000, 44_000 * USD, 0)]);
		assert_eq!(btc_size(BOB), 0);
		assert_eq!(collateral(BOB), 0);
		assert_eq!(btc_size(backstop), BTC as i128);
		assert_eq!(collateral(backstop), -44_000 * USDC as i128);
		// Bob's 500 USDC of equity went with the position: the backstop is worth +500 at the
		// mark; no penalty was left to charge.
		assert_eq!(risk(backstop).health.equity, 500 * USDC as i128);
		assert_eq!(
			liquidated_event(BOB),
			Event::Liquidated {
				who: BOB,
				closed_notional: 44_500 * USDC,
				penalty: 0,
				keeper: None,
				keeper_reward: 0,
				positions_left: 0,
			}
		);
		assert_eq!(insurance(), before);
		assert!(!Pending::<Test>::contains_key(BOB));
		assert_conserved();
	});
}

#[test]
fn bad_debt_is_paid_by_the_insurance_fund() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		// BTC gaps to 43,000: equity −1,000. The bankruptcy price 44,000 lies above the mark;
		// the backstop takes over there and the fund pays the 1,000 USDC it loses at once.
		set_btc(43_000);
		let before = insurance();
		next_block();

		let backstop = Liquidation::backstop_account();
		assert!(events().contains(&Event::InsuranceTakeover {
			who: BOB,
			market: BTC_USD,
			size: BTC,
			price: 44_000 * USD,
			loss: 1_000 * USDC,
		}));
		assert!(events().contains(&Event::BadDebtCovered { who: BOB, amount: 1_000 * USDC }));
		assert_eq!(insurance(), before - 1_000 * USDC);
		assert_eq!((btc_size(BOB), collateral(BOB)), (0, 0));
		assert_eq!(btc_size(backstop), BTC as i128);
		assert_eq!(risk(backstop).health.equity, 0);
		assert_conserved();
	});
}

#[test]
fn when_the_fund_cannot_pay_the_most_profitable_most_leveraged_shorts_are_deleveraged() {
	InsuranceSeed::set(500 * USDC);
	new_test_ext().execute_with(|| {
		// Bob buys 0.6 BTC from Alice (1,000,000 USDC) and 0.4 BTC from Dave (5,000 USDC) at
		// 50,000: the same profit per notional when BTC falls, Dave far more leveraged.
		fund(ALICE, 1_000_000 * USDC);
		fund(DAVE, 5_000 * USDC);
		fund(BOB, 6_000 * USDC);
		trade(BOB, ALICE, 50_000, 60_000_000);
		trade(BOB, DAVE, 50_000, 40_000_000);
		// BTC at 43,000: Bob's equity −1,000, bankruptcy price 44,000; the takeover would cost
		// the fund 1,000 USDC and it holds 500.
		set_btc(43_000);
		next_block();

		let deleveraged: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::Deleveraged { who, counterparty, size, price, .. } if who == BOB => {
					Some((counterparty, size, price))
				},
				_ => None,
			})
			.collect();
		assert_eq!(deleveraged, vec![(DAVE, 40_000_000, 44_000 * USD), (ALICE, 60_000_000, 44_000 * USD)]);
		assert_eq!((btc_size(BOB), collateral(BOB)), (0, 0));
		assert_eq!((btc_size(ALICE), btc_size(DAVE)), (0, 0));
		// Each short bought back at 44,000 what it sold at 50,000.
		assert_eq!(collateral(DAVE), (5_000 + 2_400) * USDC as i128);
		assert_eq!(collateral(ALICE), (1_000_000 + 3_600) * USDC as i128);
		assert_eq!(insurance(), 500 * USDC);
		assert!(!events().iter().any(|e| matches!(e, Event::InsuranceTakeover { .. })));
		assert_conserved();
	});
	InsuranceSeed::set(10_000 * USDC);
}

#[test]
fn a_large_position_is_worked_down_over_several_blocks() {
	new_test_ext().execute_with(|| {
		bob_long_one_btc();
		fund(CHARLIE, 1_000_000 * USDC);
		// At most 10,000 USDC of notional per account and block.
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			crate::LiquidationParameters {
				max_close_notional_per_block: 10_000 * USDC,
				..crate::Parameters::<Test>::get()
			}
		));
		set_btc(45_000);
		bid(CHARLIE, 45_000, BTC);
		next_block();
		// 10,000 / 45,000 = 0.22222 BTC → 0.2222 in lots; still under water: queued.
		assert_eq!(btc_size(CHARLIE), 22_220_000);
		assert!(Pending::<Test>::contains_key(BOB));
		let mut blocks = 1;
		while Pending::<Test>::contains_key(BOB) && blocks < 10 {
			next_block();
			blocks += 1;
			// Never more than the cap in one block.
			let closed: u128 = events()
				.iter()
				.rev()
				.find_map(|e| match e {
					Event::Liquidated { who, closed_notional, .. } if *who == BOB => Some(*closed_notional),
					_ => None,
				})
				.unwrap_or(0);
			assert!(closed <= 10_000 * USDC);
		}
		assert!(blocks > 1 && blocks < 10, "worked down in {blocks} blocks");
		assert!(!risk(BOB).health.is_liquidatable());
		assert_conserved();
	});
}
