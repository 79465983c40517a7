//! Property tests over random sequences of deposits, fills, transfers, price moves, funding and
//! withdrawals: the pallet holds exactly its ledger to the atom, nothing overflows or panics, a
//! refused action changes no storage, and every market's longs equal its shorts equal its open
//! interest.

use super::mock::*;
use crate::{Accounts, MarketStates};
use clearing_primitives::{ClearingView, FillClearing, LiquidationClearing, Side, SignedRate};
use frame_support::traits::Hooks;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Deposit { who: AccountId, usdc: u128 },
	Withdraw { who: AccountId, usdc: u128 },
	Fill { market: u32, taker: AccountId, maker: AccountId, buy: bool, price_bps: i64, lots: u128 },
	Transfer { market: u32, from: AccountId, to: AccountId, lots: u128 },
	MovePrice { market: u32, percent: i64 },
	Funding { premium_bps: i64 },
	Stale { market: u32 },
}

fn account() -> impl Strategy<Value = AccountId> {
	1u64..=4
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		1 => (account(), 0u128..=50_000).prop_map(|(who, usdc)| Op::Deposit { who, usdc }),
		1 => (account(), 0u128..=60_000).prop_map(|(who, usdc)| Op::Withdraw { who, usdc }),
		4 => (0u32..2, account(), account(), any::<bool>(), -500i64..=500, 0u128..=2_000)
			.prop_map(|(market, taker, maker, buy, price_bps, lots)| Op::Fill { market, taker, maker, buy, price_bps, lots }),
		1 => (0u32..2, account(), account(), 0u128..=2_000).prop_map(|(market, from, to, lots)| Op::Transfer { market, from, to, lots }),
		2 => (0u32..2, -20i64..=20).prop_map(|(market, percent)| Op::MovePrice { market, percent }),
		1 => (-200i64..=200).prop_map(|premium_bps| Op::Funding { premium_bps }),
		1 => (0u32..2).prop_map(|market| Op::Stale { market }),
	]
}

fn feed(market: u32) -> clearing_primitives::FeedId {
	if market == 0 {
		btc_feed()
	} else {
		eth_feed()
	}
}

/// Last fresh price per market, kept by the test (a stale feed remembers it for later).
fn price_of(prices: &[u128; 2], market: u32) -> u128 {
	prices[market as usize]
}

fn check_open_interest() {
	for market in 0..2u32 {
		let (mut longs, mut shorts) = (0u128, 0u128);
		for (_, account) in Accounts::<Test>::iter() {
			for p in account.positions.iter().filter(|p| p.market == market) {
				if p.size > 0 {
					longs += p.size as u128
				} else {
					shorts += p.size.unsigned_abs()
				}
			}
		}
		let oi = MarketStates::<Test>::get(market).unwrap().open_interest;
		assert_eq!((longs, shorts), (oi, oi), "market {market}: longs, shorts and open interest agree");
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

	#[test]
	fn conservation_and_atomicity_hold_over_random_sequences(ops in prop::collection::vec(op(), 1..40)) {
		new_test_ext().execute_with(|| {
			let mut prices = [50_000 * USD, 2_000 * USD];
			// Everybody starts with collateral, so most fills can clear.
			for who in [ALICE, BOB, CHARLIE, DAVE] {
				Margin::deposit(RuntimeOrigin::signed(who), 20_000 * USDC).unwrap();
			}
			let mut refused = 0usize;
			for op in ops {
				let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let failed = match op.clone() {
					Op::Deposit { who, usdc } => Margin::deposit(RuntimeOrigin::signed(who), usdc * USDC).is_err(),
					Op::Withdraw { who, usdc } => Margin::withdraw(RuntimeOrigin::signed(who), usdc * USDC).is_err(),
					Op::Fill { market, taker, maker, buy, price_bps, lots } => {
						let oracle = price_of(&prices, market) as i128;
						let price = (oracle + oracle * i128::from(price_bps) / 10_000).max(1) as u128;
						let side = if buy { Side::Buy } else { Side::Sell };
						let failed = Margin::apply_fill(market, &taker, &maker, side, price, lots * (BTC / 10_000)).is_err();
						if !failed {
							// No fill, at any price, leaves either side with negative equity: a
							// loss beyond an account's equity comes only from the oracle.
							for who in [taker, maker] {
								let health = Margin::health(&who).unwrap();
								assert!(health.equity >= 0, "{op:?} left {who} with equity {}", health.equity);
							}
						}
						failed
					},
					Op::Transfer { market, from, to, lots } => {
						Margin::transfer_position(market, &from, &to, price_of(&prices, market), lots * (BTC / 10_000)).is_err()
					},
					Op::MovePrice { market, percent } => {
						let p = prices[market as usize] as i128;
						prices[market as usize] = (p + p * i128::from(percent) / 100).max(1) as u128;
						set_price(feed(market), Some(prices[market as usize]));
						false
					},
					Op::Stale { market } => {
						set_price(feed(market), None);
						false
					},
					Op::Funding { premium_bps } => {
						PremiumNow::set(Some(SignedRate::from_inner(i128::from(premium_bps) * 100_000_000_000_000)));
						let next = MarketStates::<Test>::get(0).unwrap().next_funding_ms;
						set_now_ms(next.max(now_ms()));
						let n = System::block_number();
						Margin::on_finalize(n);
						System::set_block_number(n + 1);
						// Prices come back fresh in the next block.
						set_price(btc_feed(), Some(prices[0]));
						set_price(eth_feed(), Some(prices[1]));
						false
					},
				};
				if failed {
					refused += 1;
					assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "refused {op:?} changed storage");
				}
				assert_conserved();
				check_open_interest();
				// The pallet's own invariants, as `try-runtime` checks them after every block.
				assert_eq!(Margin::do_try_state(), Ok(()), "after {op:?}");
			}
			let _ = refused;
		});
	}
}
