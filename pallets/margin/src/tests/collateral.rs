//! Deposits and withdrawals of the settlement asset.

use super::mock::*;
use crate::{Error, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn deposits_and_withdrawals_move_exactly_the_amount() {
	new_test_ext().execute_with(|| {
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 250 * USDC));
		assert_eq!(collateral(ALICE), 250 * USDC as i128);
		assert_eq!(Assets::balance(SETTLEMENT, ALICE), 999_750 * USDC);
		assert_eq!(Margin::held(), INSURANCE_SEED + 250 * USDC);
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 100 * USDC));
		assert_eq!(collateral(ALICE), 150 * USDC as i128);
		assert_eq!(Assets::balance(SETTLEMENT, ALICE), 999_850 * USDC);
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 150 * USDC));
		assert!(crate::Accounts::<Test>::get(ALICE).is_none(), "an empty ledger is removed");
		assert_eq!(
			margin_events(),
			vec![
				Event::Deposited { who: ALICE, amount: 250 * USDC },
				Event::Withdrawn { who: ALICE, amount: 100 * USDC },
				Event::Withdrawn { who: ALICE, amount: 150 * USDC },
			]
		);
		assert_conserved();
	});
}

#[test]
fn bad_amounts_and_origins_are_refused_and_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(Margin::deposit(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Margin::deposit(RuntimeOrigin::signed(ALICE), 2_000_000 * USDC),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(Margin::deposit(RuntimeOrigin::signed(ALICE), u128::MAX), Error::<Test>::Overflow);
		assert_noop!(Margin::deposit(RuntimeOrigin::root(), 1), DispatchError::BadOrigin);
		assert_noop!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 1), Error::<Test>::NoAccount);
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 10 * USDC));
		assert_noop!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::ZeroAmount);
		assert_noop!(Margin::withdraw(RuntimeOrigin::signed(ALICE), 10 * USDC + 1), Error::<Test>::InsufficientMargin);
		assert_noop!(Margin::withdraw(RuntimeOrigin::signed(ALICE), u128::MAX), Error::<Test>::Overflow);
		assert_conserved();
	});
}

#[test]
fn a_withdrawal_needs_fresh_prices_for_the_accounts_positions() {
	new_test_ext().execute_with(|| {
		use clearing_primitives::{FillClearing, Side};
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(ALICE), 100_000 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(BOB), 100_000 * USDC));
		assert_ok!(Margin::apply_fill(0, &BOB, &ALICE, Side::Buy, 50_000 * USD, BTC / 10));
		set_price(btc_feed(), None);
		assert_noop!(Margin::withdraw(RuntimeOrigin::signed(BOB), USDC), Error::<Test>::StalePrice);
		set_price(btc_feed(), Some(50_000 * USD));
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(BOB), USDC));
	});
}
