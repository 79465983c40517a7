//! Scale: on_finalize's work depends on the accounts near liquidation, not on how many accounts
//! there are. The same 100 near-the-edge accounts sit among 1,000 and among 100,000 healthy ones;
//! a 6 % fall makes exactly them due. Both runs print the accounts evaluated and liquidated and
//! the weight charged for them.

use super::mock::*;
use crate::{LastBlockWork, LiquidationParameters, Parameters};
use clearing_primitives::Side;
use frame_support::{assert_ok, traits::fungibles::Mutate, weights::Weight};

/// 0.1 BTC: the near-the-edge accounts' position.
const TENTH: u128 = BTC / 10;

/// What on_finalize did when BTC fell 6 % over `healthy` healthy accounts and 100 accounts
/// holding 0.1 BTC with 10.5 % margin: (evaluated, liquidated, weight of that work, weight
/// reserved in on_initialize, on_finalize's wall time in µs). The weight is what the block's meter
/// charged.
fn on_finalize_work(healthy: u64) -> (u32, u32, Weight, Weight, u128) {
	let mut out = (0, 0, Weight::zero(), Weight::zero(), 0);
	new_test_ext().execute_with(|| {
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			LiquidationParameters {
				max_evaluations_per_block: 1_024,
				max_liquidations_per_block: 128,
				..Parameters::<Test>::get()
			}
		));
		fund(ALICE, 10_000_000 * USDC);
		let open = |who: AccountId, collateral: u128, size: u128| {
			let _ = <Assets as Mutate<AccountId>>::mint_into(SETTLEMENT, &who, collateral);
			assert_ok!(Margin::deposit(RuntimeOrigin::signed(who), collateral));
			assert_ok!(<Margin as clearing_primitives::FillClearing<AccountId>>::apply_fill(
				BTC_USD,
				&who,
				&ALICE,
				Side::Buy,
				50_000 * USD,
				size
			));
		};
		// Healthy: one lot (5 USD of BTC) on 10 USDC.
		for i in 0..healthy {
			open(1_000_000 + i, 10 * USDC, LOT);
		}
		// Near the edge: 0.1 BTC (5,000 USD) on 525 USDC.
		for i in 0..100 {
			open(10_000 + i, 525 * USDC, TENTH);
		}
		next_block();
		assert_eq!(LastBlockWork::<Test>::get().evaluations, 0);

		set_btc(47_000);
		let reserved = Liquidation::on_initialize_weight();
		let started = std::time::Instant::now();
		next_block();
		let micros = started.elapsed().as_micros();
		let work = LastBlockWork::<Test>::get();
		let weight = Weight::from_parts(work.weight_used, 0);
		for i in 0..100 {
			assert_eq!(btc_size(10_000 + i), 0, "near-the-edge account {i} liquidated");
		}
		assert_conserved();
		out = (work.evaluations, work.liquidations, weight, reserved, micros);
	});
	out
}

#[test]
fn on_finalize_work_does_not_grow_with_the_number_of_accounts() {
	let small = on_finalize_work(1_000);
	let large = on_finalize_work(100_000);
	for (accounts, (evaluated, liquidated, weight, reserved, micros)) in [(1_100, small), (100_100, large)] {
		println!(
			"scale: {accounts} accounts: evaluated {evaluated}, liquidated {liquidated}, weight of that work {} ps / {} bytes, reserved {} ps, on_finalize took {micros} µs",
			weight.ref_time(),
			weight.proof_size(),
			reserved.ref_time(),
		);
	}
	assert_eq!((small.0, small.1), (100, 100));
	assert_eq!((large.0, large.1), (small.0, small.1));
	assert_eq!(large.2, small.2);
	assert_eq!(large.3, small.3);
}

/// Where a liquidation's time goes, to choose between liquidating account by account and closing
/// each market's liquidated slices in one batch per block: 200 accounts of one position each
/// (0.1 BTC on 10.5 % margin) fall under water together and are closed against one deep bid. The
/// engine's walks of the book are timed apart from the rest of on_finalize: a batch would walk the
/// book once per market instead of once per account, so the walks' share bounds what it could
/// save. Prints the figures (native code, this machine); asserts only that all were liquidated.
#[test]
fn the_book_walk_share_of_a_liquidation() {
	new_test_ext().execute_with(|| {
		fund(ALICE, 10_000_000 * USDC);
		fund(CHARLIE, 10_000_000 * USDC);
		let crowd: Vec<AccountId> = (0..200).map(|i| 20_000 + i).collect();
		for who in &crowd {
			fund(*who, 525 * USDC);
			trade(*who, ALICE, 50_000, TENTH);
		}
		next_block();
		crate::tests::mock::bid(CHARLIE, 46_900, 30 * BTC);
		set_btc(47_000);
		let walked_before = BOOK_WALK_NANOS.with(|n| n.get());
		let (mut total, mut liquidations, mut blocks) = (0u128, 0u32, 0);
		while liquidations < 200 && blocks < 10 {
			let started = std::time::Instant::now();
			next_block();
			total += started.elapsed().as_nanos();
			liquidations += LastBlockWork::<Test>::get().liquidations;
			blocks += 1;
		}
		let walked = BOOK_WALK_NANOS.with(|n| n.get()) - walked_before;
		println!(
			"book walk: {liquidations} liquidations in {blocks} blocks, {} µs of on_finalize ({} µs each), of which walking the book {} µs ({} %)",
			total / 1_000,
			total / 1_000 / u128::from(liquidations.max(1)),
			walked / 1_000,
			walked * 100 / total.max(1),
		);
		assert_eq!(liquidations, 200);
		assert!(crowd.iter().all(|who| btc_size(*who) < TENTH as i128));
		assert_conserved();
	});
}
