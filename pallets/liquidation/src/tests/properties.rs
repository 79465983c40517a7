//! The design's invariant as a property test: on random price paths over accounts with random
//! leveraged positions, after every block no account is liquidatable unless it waits in the
//! pending queue, checked against a brute-force scan of every account; and the settlement asset
//! is conserved to the atom through every liquidation, takeover and deleveraging.

use super::mock::*;
use crate::{LastBlockWork, LiquidationParameters, Parameters, Pending};
use clearing_primitives::Clearing;
use frame_support::assert_ok;
use proptest::prelude::*;

/// 0.01 BTC in base atoms.
const CENTI_BTC: u128 = BTC / 100;
/// The first trader's account id.
const FIRST_TRADER: AccountId = 100;

/// Every account that the brute-force scan finds liquidatable at fresh prices but that is not in
/// the pending queue (the insurance fund's backstop is never liquidated).
fn liquidatable_outside_the_queue() -> Vec<AccountId> {
	let backstop = Liquidation::backstop_account();
	pallet_margin::Accounts::<Test>::iter_keys()
		.filter(|who| *who != backstop)
		.filter(|who| {
			<Margin as Clearing<AccountId>>::account_risk(who)
				.map(|r| !r.positions.is_empty() && r.health.is_liquidatable())
				.unwrap_or(false)
		})
		.filter(|who| !Pending::<Test>::contains_key(who))
		.collect()
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

	#[test]
	fn after_every_block_no_account_is_liquidatable_outside_the_queue(
		// (size in 0.01 BTC, long?, collateral per mille of notional: 10.5 % to 40 %)
		traders in prop::collection::vec((1u128..=50, any::<bool>(), 105u128..=400), 2..12),
		// Per block: BTC's move in basis points, and whether a trader withdraws.
		path in prop::collection::vec((-500i64..=500, prop::option::of(0usize..12)), 1..25),
		// A trend in basis points per block, so that many paths end far from where they started.
		drift in -200i64..=200,
		liquidations_per_block in 1u32..=3,
		book_depth in 0u128..=3,
	) {
		new_test_ext().execute_with(|| {
			assert_ok!(Liquidation::set_parameters(
				RuntimeOrigin::root(),
				LiquidationParameters { max_liquidations_per_block: liquidations_per_block, ..Parameters::<Test>::get() }
			));
			fund(ALICE, 5_000_000 * USDC);
			fund(CHARLIE, 5_000_000 * USDC);
			let mut ids = vec![];
			for (i, (centis, long, per_mille)) in traders.iter().enumerate() {
				let who = FIRST_TRADER + i as AccountId;
				let size = centis * CENTI_BTC;
				fund(who, size * 50_000 / BTC * USDC * per_mille / 1_000);
				if *long { trade(who, ALICE, 50_000, size) } else { trade(ALICE, who, 50_000, size) }
				ids.push(who);
			}
			let mut price: i64 = 50_000;
			let mut liquidations = 0;
			for (bps, withdrawer) in path {
				price = (price * (10_000 + bps + drift) / 10_000).max(1_000);
				set_btc(price as u128);
				// Liquidity near the new price for close-outs, both sides.
				if book_depth > 0 {
					let _ = pallet_orderbook::Pallet::<Test>::place_order(
						RuntimeOrigin::signed(CHARLIE), BTC_USD, clearing_primitives::Side::Buy,
						(price as u128 * 995 / 1_000) * USD, book_depth * CENTI_BTC * 10,
						pallet_orderbook::OrderKind::Limit, false);
					let _ = pallet_orderbook::Pallet::<Test>::place_order(
						RuntimeOrigin::signed(CHARLIE), BTC_USD, clearing_primitives::Side::Sell,
						(price as u128 * 1_005 / 1_000) * USD, book_depth * CENTI_BTC * 10,
						pallet_orderbook::OrderKind::Limit, false);
				}
				if let Some(who) = withdrawer.and_then(|i| ids.get(i)) {
					// Take out a tenth of what is free; refused if it would breach margin.
					let free = Margin::account_health(who).map(|h| h.free_collateral()).unwrap_or(0);
					if free > 10 {
						let _ = Margin::withdraw(RuntimeOrigin::signed(*who), (free / 10) as u128);
					}
				}
				next_block();
				liquidations += LastBlockWork::<Test>::get().liquidations;
				let outside = liquidatable_outside_the_queue();
				prop_assert!(outside.is_empty(), "liquidatable outside the queue at {price}: {outside:?}");
				let held = i128::try_from(Margin::held()).unwrap_or(i128::MAX);
				prop_assert_eq!(Some(held), Margin::ledger_total());
				// The pallets' own invariant checks (what try-runtime runs after every block).
				prop_assert_eq!(Margin::do_try_state(), Ok(()));
				prop_assert_eq!(Liquidation::do_try_state(), Ok(()));
				prop_assert_eq!(Orderbook::do_try_state(), Ok(()));
				// Filing saves queue reads on it: a queued account is in no bucket, and every
				// bucket entry is the one its account's filing (in its ledger) names.
				for (key, who) in crate::Buckets::<Test>::iter_keys() {
					prop_assert!(!Pending::<Test>::contains_key(who), "{who} is queued and in a bucket");
					prop_assert_eq!(Liquidation::filed_at(&who), Some(key));
				}
			}
			if std::env::var("LIQUIDATION_PROPTEST_STATS").is_ok() {
				println!("traders {} liquidations {liquidations} pending {}", ids.len(), Liquidation::pending_count());
			}
			Ok(())
		})?;
	}
}
