//! The metered engine: what on_initialize reserves, that on_finalize never uses more than its
//! budget (and never overruns the block), that it serves the most under-water accounts first
//! within a block and the queue first come first served across blocks, and that a crash far
//! larger than one block's budget is worked down block by block.

use super::mock::*;
use crate::{Event, LastBlockWork, LiquidationParameters, Parameters, Pending, Reserved};
use frame_support::{assert_noop, assert_ok, dispatch::DispatchClass, traits::Get, weights::Weight};
use sp_runtime::Perbill;

/// 0.1 BTC.
const TENTH: u128 = BTC / 10;

/// `n` accounts from `first`, each long 0.1 BTC at 50,000 against Alice on `margin` USDC.
fn longs(first: AccountId, n: u64, margin: u128) -> Vec<AccountId> {
	(0..n)
		.map(|i| {
			let who = first + i;
			fund(who, margin * USDC);
			trade(who, ALICE, 50_000, TENTH);
			who
		})
		.collect()
}

/// One liquidation per block (so that the order of service shows), Alice and Charlie funded as
/// makers, and each `(account, margin in USDC)` long 0.1 BTC at 50,000 against Alice.
fn one_per_block_with_longs(longs: &[(AccountId, u128)]) {
	assert_ok!(Liquidation::set_parameters(
		RuntimeOrigin::root(),
		LiquidationParameters { max_liquidations_per_block: 1, ..Parameters::<Test>::get() }
	));
	fund(ALICE, 1_000_000 * USDC);
	fund(CHARLIE, 1_000_000 * USDC);
	for (who, margin) in longs {
		fund(*who, margin * USDC);
		trade(*who, ALICE, 50_000, TENTH);
	}
}

fn max_block() -> Weight {
	<<Test as frame_system::Config>::BlockWeights as Get<frame_system::limits::BlockWeights>>::get().max_block
}

/// The accounts whose liquidation started since the events were last reset, in order.
fn liquidated_in_order() -> Vec<AccountId> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::LiquidationStarted { who, .. } => Some(who),
			_ => None,
		})
		.collect()
}

#[test]
fn on_initialize_reserves_the_crash_share_only_while_accounts_wait() {
	new_test_ext().execute_with(|| {
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			LiquidationParameters {
				reserved_share: Perbill::from_percent(10),
				crash_share: Perbill::from_percent(40),
				max_liquidations_per_block: 1,
				..Parameters::<Test>::get()
			}
		));
		fund(ALICE, 1_000_000 * USDC);
		longs(100, 3, 520);
		next_block();
		// Nobody waits: a tenth of the block (or the minimum, if larger).
		let quiet = Liquidation::share_of_block(Perbill::from_percent(10)).max(Liquidation::minimum_budget());
		assert_eq!(Reserved::<Test>::get(), quiet);
		assert!(!Liquidation::accounts_waiting());

		// A 6 % fall: three accounts under water, one liquidated, two queued.
		set_btc(47_000);
		next_block();
		assert_eq!(LastBlockWork::<Test>::get().liquidations, 1);
		assert_eq!(Liquidation::pending_count(), 2);
		assert!(Liquidation::accounts_waiting());
		assert_eq!(Reserved::<Test>::get(), Liquidation::share_of_block(Perbill::from_percent(40)));
		assert_eq!(
			frame_system::Pallet::<Test>::block_weight()
				.get(DispatchClass::Mandatory)
				.ref_time(),
			Reserved::<Test>::get().ref_time()
		);
	});
}

#[test]
fn governance_cannot_give_the_engine_more_than_the_runtime_allows() {
	new_test_ext().execute_with(|| {
		let current = Parameters::<Test>::get();
		for bad in [
			// Beyond `MaxBlockShare` (60 %): transactions and oracle feeds would be squeezed out.
			LiquidationParameters { crash_share: Perbill::from_percent(61), ..current },
			// Reserving more in quiet blocks than in a crash.
			LiquidationParameters {
				reserved_share: Perbill::from_percent(30),
				crash_share: Perbill::from_percent(20),
				..current
			},
		] {
			assert_noop!(
				Liquidation::set_parameters(RuntimeOrigin::root(), bad),
				crate::Error::<Test>::InvalidParameters
			);
		}
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			LiquidationParameters { crash_share: Perbill::from_percent(60), ..current }
		));
	});
}

#[test]
fn the_most_under_water_account_is_liquidated_first_and_the_rest_queue_in_that_order() {
	new_test_ext().execute_with(|| {
		// 0.1 BTC (5,000 USD) on 530, 501 and 515 USDC, all found in one block by a 6 % fall.
		one_per_block_with_longs(&[(200, 530), (201, 501), (202, 515)]);
		next_block();
		bid(CHARLIE, 46_900, BTC);
		set_btc(47_000);
		next_block();
		// Equity at 47,000: 230, 201 and 215 USDC against 235 of MMR: 201 is the deepest.
		assert_eq!(liquidated_in_order(), vec![201]);
		// The other two wait, deeper first.
		let queued: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::Queued { who } if who != 201 => Some(who),
				_ => None,
			})
			.collect();
		assert_eq!(queued, vec![202, 200]);
		assert!(Pending::<Test>::get(202) < Pending::<Test>::get(200));
		System::reset_events();
		next_block();
		assert_eq!(liquidated_in_order(), vec![202]);
		System::reset_events();
		next_block();
		assert_eq!(liquidated_in_order(), vec![200]);
		assert_eq!(Liquidation::pending_count(), 0);
		assert_conserved();
	});
}

#[test]
fn an_account_queued_earlier_is_served_before_a_deeper_one_found_later() {
	new_test_ext().execute_with(|| {
		// Equity at 47,000: 205 and 225 USDC against 235 of MMR.
		one_per_block_with_longs(&[(300, 505), (301, 525)]);
		// Long 2.5 ETH at 2,000 (5,000 USD) on 600 USDC: healthy until ETH falls.
		fund(310, 600 * USDC);
		assert_ok!(<Margin as clearing_primitives::FillClearing<AccountId>>::apply_fill(
			1,
			&310,
			&ALICE,
			clearing_primitives::Side::Buy,
			2_000 * USD,
			250_000_000
		));
		next_block();
		bid(CHARLIE, 46_000, 2 * BTC);
		set_btc(47_000);
		System::reset_events();
		next_block();
		assert_eq!(liquidated_in_order(), vec![300]);
		assert!(Pending::<Test>::contains_key(301));
		// ETH falls 15 %: 310's equity is −150 USDC, far deeper than 301 (225 of 235), but 301 has
		// waited a block: it goes first.
		clearing_testing::set_price(eth_feed(), Some(1_700 * USD));
		System::reset_events();
		next_block();
		assert_eq!(liquidated_in_order(), vec![301]);
		assert!(Pending::<Test>::contains_key(310));
		System::reset_events();
		next_block();
		assert_eq!(liquidated_in_order(), vec![310]);
		assert_conserved();
	});
}

#[test]
fn a_crash_larger_than_a_block_is_worked_down_within_each_blocks_meter() {
	new_test_ext().execute_with(|| {
		// A small share, so that the meter (not the caps) decides how many fit in a block.
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			LiquidationParameters {
				reserved_share: Perbill::from_percent(5),
				crash_share: Perbill::from_percent(10),
				..Parameters::<Test>::get()
			}
		));
		fund(ALICE, 10_000_000 * USDC);
		fund(CHARLIE, 10_000_000 * USDC);
		let crowd = longs(1_000, 240, 520);
		next_block();
		bid(CHARLIE, 46_900, 30 * BTC);
		set_btc(47_000);
		let mut blocks = 0;
		let mut per_block = vec![];
		loop {
			finalize_block();
			// Never beyond the meter's limit, never beyond the block.
			assert!(frame_system::Pallet::<Test>::block_weight().total().all_lte(max_block()));
			start_next_block();
			blocks += 1;
			let work = LastBlockWork::<Test>::get();
			assert!(work.weight_used <= work.weight_limit, "{work:?}");
			assert!(work.weight_limit <= Liquidation::share_of_block(Perbill::from_percent(10)).ref_time());
			per_block.push(work.liquidations);
			if crowd.iter().all(|who| btc_size(*who) == 0) {
				break;
			}
			assert!(blocks < 40, "still liquidating after {blocks} blocks: {per_block:?}");
		}
		// More than one block was needed, and every block liquidated some.
		assert!(blocks > 1, "{per_block:?}");
		assert!(per_block.iter().all(|n| *n > 0), "{per_block:?}");
		assert_eq!(per_block.iter().sum::<u32>(), 240);
		assert_eq!(Liquidation::pending_count(), 0);
		assert_eq!(Liquidation::do_try_state(), Ok(()));
		assert_conserved();
	});
}

#[test]
fn on_finalize_uses_no_more_than_its_reserve_in_a_block_full_of_transactions() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 10_000_000 * USDC);
		fund(CHARLIE, 10_000_000 * USDC);
		// More accounts than the quiet reserve can liquidate in one block.
		longs(2_000, 150, 520);
		next_block();
		bid(CHARLIE, 46_900, 20 * BTC);
		set_btc(47_000);
		// The block's transactions took everything on_initialize did not reserve.
		let taken = max_block().saturating_sub(frame_system::Pallet::<Test>::block_weight().total());
		System::register_extra_weight_unchecked(taken, DispatchClass::Normal);
		let reserved = Reserved::<Test>::get();
		next_block();
		let work = LastBlockWork::<Test>::get();
		assert_eq!(work.weight_limit, reserved.ref_time());
		assert!(work.weight_used <= reserved.ref_time());
		// Within the quiet reserve it found them; what it could not liquidate waits, and the
		// next block's crash reserve goes on.
		assert!(work.evaluations > 0);
		let waiting = Liquidation::pending_count();
		assert!(work.liquidations > 0 || waiting > 0);
		assert!(Liquidation::accounts_waiting());
		next_block();
		assert!(LastBlockWork::<Test>::get().liquidations > 0);
	});
}
