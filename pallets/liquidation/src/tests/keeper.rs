//! The block budget, the pending queue and the keeper call; parameter changes.

use super::mock::*;
use crate::{Error, Event, LastBlockWork, LiquidationParameters, Parameters, Pending};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

/// Bob, Charlie and Dave each deposit 6,000 USDC and buy 1 BTC from Alice at 50,000; Alice bids
/// 3 BTC at 46,000 and BTC falls there: all three are liquidatable (equity 2,000 < 2,300).
fn three_under_water_with_one_liquidation_per_block() {
	assert_ok!(Liquidation::set_parameters(
		RuntimeOrigin::root(),
		LiquidationParameters { max_liquidations_per_block: 1, ..Parameters::<Test>::get() }
	));
	fund(ALICE, 1_000_000 * USDC);
	for who in [BOB, CHARLIE, DAVE] {
		fund(who, 6_000 * USDC);
		trade(who, ALICE, 50_000, BTC);
	}
	set_btc(46_000);
	bid(ALICE, 46_000, 3 * BTC);
}

fn queued() -> Vec<AccountId> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::Queued { who } => Some(who),
			_ => None,
		})
		.collect()
}

#[test]
fn what_the_budget_cannot_serve_waits_in_the_queue_oldest_first() {
	new_test_ext().execute_with(|| {
		three_under_water_with_one_liquidation_per_block();
		next_block();
		let work = LastBlockWork::<Test>::get();
		assert_eq!((work.evaluations, work.liquidations, work.pending), (3, 1, 2));
		let waiting = queued();
		assert_eq!(waiting.len(), 2);
		// The next block serves the queue first, oldest first.
		System::reset_events();
		next_block();
		let started: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::LiquidationStarted { who, .. } => Some(who),
				_ => None,
			})
			.collect();
		assert_eq!(started, vec![waiting[0]]);
		assert_eq!(LastBlockWork::<Test>::get().pending, 1);
		next_block();
		assert_eq!(LastBlockWork::<Test>::get().pending, 0);
		for who in [BOB, CHARLIE, DAVE] {
			assert!(!risk(who).health.is_liquidatable(), "{who} restored");
		}
		assert_conserved();
	});
}

#[test]
fn a_keeper_liquidates_a_queued_account_and_earns_its_share_of_the_penalty() {
	new_test_ext().execute_with(|| {
		three_under_water_with_one_liquidation_per_block();
		next_block();
		let target = queued()[0];
		let before = insurance();
		assert_ok!(Liquidation::liquidate(RuntimeOrigin::signed(KEEPER), target));
		// The same partial close as on_finalize would do (see `adversarial.rs` for the sizing at
		// the fillable price): 0.2657 BTC at 46,000, penalty 1 % of 12,222.2 = 122.222 USDC, of
		// which the keeper gets 20 %: 24.4444 USDC, as margin collateral.
		assert!(events().contains(&Event::Liquidated {
			who: target,
			closed_notional: 12_222_200_000,
			penalty: 122_222_000,
			keeper: Some(KEEPER),
			keeper_reward: 24_444_400,
			positions_left: 1,
		}));
		assert_eq!(collateral(KEEPER), 24_444_400);
		assert_eq!(insurance(), before + 122_222_000 - 24_444_400);
		assert!(!Pending::<Test>::contains_key(target));
		assert_conserved();
	});
}

#[test]
fn the_keeper_call_refuses_healthy_unqueued_and_stale_accounts() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 1_000_000 * USDC);
		fund(BOB, 6_000 * USDC);
		trade(BOB, ALICE, 50_000, BTC);
		assert_noop!(Liquidation::liquidate(RuntimeOrigin::signed(KEEPER), ALICE), Error::<Test>::AccountHealthy);
		assert_noop!(Liquidation::liquidate(RuntimeOrigin::signed(KEEPER), CHARLIE), Error::<Test>::AccountHealthy);
		// Under water but not queued: on_finalize is about to liquidate it.
		set_btc(46_000);
		assert_noop!(Liquidation::liquidate(RuntimeOrigin::signed(KEEPER), BOB), Error::<Test>::NotQueued);
		set_price(btc_feed(), None);
		assert_noop!(Liquidation::liquidate(RuntimeOrigin::signed(KEEPER), BOB), Error::<Test>::StalePrice);
		assert_noop!(Liquidation::liquidate(RuntimeOrigin::none(), BOB), DispatchError::BadOrigin);
	});
}

#[test]
fn parameters_change_only_through_the_risk_admin_and_stay_valid() {
	new_test_ext().execute_with(|| {
		let current = Parameters::<Test>::get();
		let wanted = LiquidationParameters { max_evaluations_per_block: 200, ..current };
		assert_noop!(Liquidation::set_parameters(RuntimeOrigin::signed(ALICE), wanted), DispatchError::BadOrigin);
		for bad in [
			LiquidationParameters { max_evaluations_per_block: 0, ..current },
			LiquidationParameters { max_evaluations_per_block: 4_097, ..current },
			LiquidationParameters { max_liquidations_per_block: 0, ..current },
			LiquidationParameters { max_liquidations_per_block: 1_025, ..current },
			LiquidationParameters { bucket_width: 0, ..current },
			LiquidationParameters { bucket_width: clearing_primitives::risk::CLOCK_ONE + 1, ..current },
			LiquidationParameters { max_close_notional_per_block: 0, ..current },
		] {
			assert_noop!(Liquidation::set_parameters(RuntimeOrigin::root(), bad), Error::<Test>::InvalidParameters);
		}
		assert_ok!(Liquidation::set_parameters(RuntimeOrigin::root(), wanted));
		assert_eq!(Parameters::<Test>::get(), wanted);
		assert!(events().contains(&Event::ParametersChanged { parameters: wanted }));
	});
}
