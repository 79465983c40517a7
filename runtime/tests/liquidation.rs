//! Runtime integration tests of the liquidation engine: a leveraged long opened through the real
//! order book, an oracle price fall fed by the dev operator, and the block's on_finalize hooks in
//! the runtime's order (funding, then liquidation) closing it against the book; the budget's
//! reserved weight against the block; parameters not for signed accounts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{Side, USDC};
use clearing_runtime::{
	configs::RuntimeBlockWeights, Liquidation, Margin, Oracle, Runtime, RuntimeEvent, RuntimeOrigin, System,
};
use frame_support::{assert_noop, assert_ok, traits::OnFinalize};
use pallet_liquidation::{Event, LiquidationParameters};
use pallet_orderbook::OrderKind;
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave};
use sp_runtime::DispatchError;

/// 50,000 USD in BTC-USD's price units (micro-dollars).
const P: u128 = 50_000_000_000;
/// 0.1 BTC in base atoms.
const TENTH_BTC: u128 = 10_000_000;

/// The oracle's, the margin engine's and the liquidation engine's on_finalize, in the runtime's order.
fn end_block(n: u32) {
	<(Oracle, Margin, Liquidation) as OnFinalize<u32>>::on_finalize(n);
}

fn liquidation_events() -> Vec<Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Liquidation(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn a_price_fall_liquidates_a_leveraged_long_in_the_blocks_on_finalize() {
	ext_from_preset("development").execute_with(|| {
		price_btc(P);
		// The first block's hooks meet the markets' prices.
		end_block(1);
		System::set_block_number(2);
		let bob = Bob.to_account_id();
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(bob.clone()), 300 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(Charlie.to_account_id()), 100_000 * USDC));
		assert_ok!(Margin::deposit(RuntimeOrigin::signed(Dave.to_account_id()), 100_000 * USDC));
		// Bob buys 0.1 BTC (5,000 USDC) from Charlie on 300 USDC: 5 % initial margin is 250.
		assert_ok!(order(Charlie, Side::Sell, P, TENTH_BTC, OrderKind::Limit));
		assert_ok!(order(Bob, Side::Buy, P, TENTH_BTC, OrderKind::ImmediateOrCancel));
		// Dave bids 0.1 BTC at 47,900: within the close-out's fillable price after the fall
		// (48,000 less 25 % × 3 % × (1 − 97.5 / 144) ≈ 0.24 %, 47,884).
		assert_ok!(order(Dave, Side::Buy, 47_900_000_000, TENTH_BTC, OrderKind::Limit));
		assert!(pallet_liquidation::Pallet::<Runtime>::filed_at(&bob).is_some());
		end_block(2);
		assert!(liquidation_events()
			.iter()
			.all(|e| !matches!(e, Event::LiquidationStarted { .. })));

		// BTC falls 4 % to 48,000: Bob's equity ≈ 300 − 2.5 − 200 = 97.5 < 3 % of 4,800 = 144.
		System::set_block_number(3);
		System::reset_events();
		price_btc(48_000_000_000);
		let fund_before = pallet_margin::InsuranceFund::<Runtime>::get();
		end_block(3);
		let events = liquidation_events();
		assert!(events
			.iter()
			.any(|e| matches!(e, Event::LiquidationStarted { who, .. } if *who == bob)));
		let penalty = events
			.iter()
			.find_map(|e| match e {
				Event::Liquidated { who, penalty, .. } if *who == bob => Some(*penalty),
				_ => None,
			})
			.expect("Bob was liquidated");
		assert!(penalty > 0);
		// Closed against Dave's bid, partly: Bob still holds the rest, restored.
		let size = |who: &clearing_primitives::AccountId| {
			<Margin as clearing_primitives::ClearingView<_>>::position_size(0, who)
		};
		let dave_bought = size(&Dave.to_account_id());
		assert!(dave_bought > 0);
		assert_eq!(size(&bob), TENTH_BTC as i128 - dave_bought);
		assert!(!Margin::account_health(&bob).unwrap().is_liquidatable());
		// The fund got the penalty at once, and owns its half of the liquidation fill's fees,
		// which the next block's sweep moves into it.
		let fees: u128 = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Margin(pallet_margin::Event::Filled { taker_fee, maker_fee, .. }) => {
					Some((taker_fee + maker_fee) / 2)
				},
				_ => None,
			})
			.sum();
		assert!(fees > 0);
		assert_eq!(pallet_margin::InsuranceFund::<Runtime>::get(), fund_before + penalty);
		assert_eq!(Margin::fee_pots().0, fund_before + penalty + fees);
		assert!(conserved());
	});
}

#[test]
fn the_engine_leaves_room_for_transactions_and_oracle_feeds() {
	ext_from_preset("development").execute_with(|| {
		let weights = RuntimeBlockWeights::get();
		let max = weights.max_block.ref_time();
		let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
		let operational = weights.get(frame_support::dispatch::DispatchClass::Operational);
		// Quiet blocks: the genesis reserve is a small share of the block.
		let quiet = Liquidation::reserve().ref_time();
		println!(
			"reserve: quiet {quiet} ps (minimum {} ps), in a crash at least {} ps, of {max}",
			Liquidation::minimum_budget().ref_time(),
			Liquidation::crash_minimum().ref_time()
		);
		assert!(quiet * 10 <= max, "quiet reserve {quiet} of {max}");
		// The most governance may give the engine, reserved in a crash.
		assert_ok!(Liquidation::set_parameters(
			RuntimeOrigin::root(),
			LiquidationParameters {
				reserved_share: clearing_runtime::configs::MAX_LIQUIDATION_BLOCK_SHARE,
				crash_share: clearing_runtime::configs::MAX_LIQUIDATION_BLOCK_SHARE,
				..pallet_liquidation::Parameters::<Runtime>::get()
			}
		));
		let largest = Liquidation::reserve().ref_time();
		assert_eq!(largest, clearing_runtime::configs::MAX_LIQUIDATION_BLOCK_SHARE.mul_floor(max));
		// Ordinary transactions keep at least 30 % of the block beside it and the base block…
		let base = weights.base_block.ref_time();
		let room = max
			.saturating_sub(largest)
			.saturating_sub(base)
			.min(normal.max_total.unwrap().ref_time());
		assert!(room * 10 >= max * 3, "room for transactions {room} of {max}");
		// …and the operational class (oracle feeds) its own reserved pool on top of a full block.
		assert!(operational.reserved.unwrap().ref_time() * 10 >= max * 2);
		// One liquidation at its worst, with the clock and an evaluation, fits a third of the
		// block: the meter never needs the whole block to make progress. (A fifth before options:
		// an account of 16 option positions re-marked in each of its 32 rounds is the worst step.)
		let crash_minimum = Liquidation::crash_minimum().ref_time();
		assert!(crash_minimum * 3 <= max, "crash minimum {crash_minimum} of {max}");
	});
}

#[test]
fn parameters_are_not_for_signed_accounts_and_genesis_sets_the_defaults() {
	ext_from_preset("development").execute_with(|| {
		assert_eq!(pallet_liquidation::Parameters::<Runtime>::get(), LiquidationParameters::default());
		let wanted = LiquidationParameters { max_liquidations_per_block: 1, ..LiquidationParameters::default() };
		assert_noop!(
			Liquidation::set_parameters(RuntimeOrigin::signed(Bob.to_account_id()), wanted),
			DispatchError::BadOrigin
		);
		assert_ne!(Liquidation::backstop_account(), Margin::account_id());
	});
}

/// Where a liquidation's weight goes, with the runtime's weights (printed; the README's table
/// comes from here): what the meter charges for each kind of step and each extra it did.
#[test]
fn what_the_meter_charges_for_each_step() {
	ext_from_preset("development").execute_with(|| {
		use pallet_liquidation::LiquidationWork;
		let ms = |w: frame_support::weights::Weight| w.ref_time() as f64 / 1e9;
		let one = LiquidationWork { orders_touched: 1, rounds: 1, positions: 1, ..Default::default() };
		let base = Liquidation::block_step_weight(&one);
		let with = |work: LiquidationWork| Liquidation::block_step_weight(&work).saturating_sub(base);
		let takeover = Liquidation::block_step_weight(&LiquidationWork {
			orders_touched: 0,
			transfers: 1,
			counterparty_positions: 1,
			..one
		});
		let rows = [
			("one liquidation: 1 position, 1 slice, 1 fill (evaluation included)", base),
			("one liquidation taken over by the backstop: 1 position, an empty book", takeover),
			("evaluating an account that is not liquidated, 1 position", Liquidation::evaluation_weight(1)),
			("evaluating an account that is not liquidated, 3 positions", Liquidation::evaluation_weight(3)),
			("queueing an account", Liquidation::enqueue_weight()),
			("+ a market's book visited first in the block", with(LiquidationWork { fresh_markets: 1, ..one })),
			("+ each resting order visited beyond the first", with(LiquidationWork { orders_touched: 2, ..one })),
			(
				"+ each slice beyond the first (3 positions)",
				with(LiquidationWork { rounds: 2, positions: 3, ..one })
					- with(LiquidationWork { positions: 3, ..one }),
			),
			(
				"+ each takeover or deleveraging transfer (3 positions, the other side 3)",
				with(LiquidationWork { transfers: 1, positions: 3, counterparty_positions: 3, ..one })
					- with(LiquidationWork { positions: 3, ..one }),
			),
			(
				"+ each takeover or deleveraging transfer (1 position, the other side 1)",
				with(LiquidationWork { transfers: 1, counterparty_positions: 1, ..one }),
			),
			("+ each cancelled order", with(LiquidationWork { orders_cancelled: 1, ..one })),
			("the worst step admitted (16 positions)", Liquidation::max_step_weight(16)),
			("the worst step admitted (3 positions)", Liquidation::max_step_weight(3)),
		];
		for (what, weight) in rows {
			println!("step weight: {what}: {:.3} ms", ms(weight));
		}
		assert!(base.all_lt(Liquidation::max_step_weight(1)));
		// A takeover step is priced from its own benchmark, not as a fill plus a transfer.
		let fill_and_transfer =
			Liquidation::block_step_weight(&LiquidationWork { transfers: 1, counterparty_positions: 1, ..one });
		assert!(
			takeover.all_lte(fill_and_transfer) && takeover.ref_time() < fill_and_transfer.ref_time(),
			"{takeover:?} against {fill_and_transfer:?}"
		);
		assert!(Liquidation::evaluation_weight(1).all_lte(Liquidation::evaluation_weight(3)));
		assert!(Liquidation::evaluation_weight(3).all_lte(Liquidation::evaluation_weight(16)));
		assert!(Liquidation::max_step_weight(3).all_lt(Liquidation::max_step_weight(16)));
	});
}
