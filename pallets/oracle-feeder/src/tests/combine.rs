//! The combination rule (`AgreedMedian`) through the real `pallet-oracle`: quorum, agreement,
//! circuit breaker; and the rule's pure parts, with a property test against liars.

use super::mock::*;
use crate::{
	combine::{agreed_value, median, quorum, TimestampedPrice},
	Breakers, Event, Params,
};
use clearing_primitives::{Price, PriceError, PriceProvider};
use frame_support::{assert_ok, traits::Hooks, BoundedVec};
use pallet_oracle::TimestampedValue;
use proptest::prelude::*;
use sp_runtime::Permill;

const ALICE: &str = "//Alice";
const BOB: &str = "//Bob";
const CHARLIE: &str = "//Charlie";
const DAVE: &str = "//Dave";
const ALL: [&str; 4] = [ALICE, BOB, CHARLIE, DAVE];

/// The price everybody agrees on before each scenario.
const P: Price = 100_000;

fn feed(who: &str, price: Price) {
	assert_ok!(Oracle::feed_values(
		RuntimeOrigin::signed(account(who)),
		BoundedVec::truncate_from(vec![(btc(), price)])
	));
}

/// Ends the block and starts the next one 2 s later.
fn next_block() {
	let n = System::block_number();
	Oracle::on_finalize(n);
	System::set_block_number(n + 1);
	Timestamp::set_timestamp(pallet_timestamp::Now::<Test>::get() + 2_000);
	// The oracle's invariants hold after every block, as `try-runtime` checks them.
	assert_eq!(OracleFeeder::do_try_state(), Ok(()));
}

fn now() -> u64 {
	pallet_timestamp::Now::<Test>::get()
}

fn price() -> Result<Price, PriceError> {
	OracleFeeder::fresh_price(&btc()).map(|p| p.price)
}

fn stored() -> Option<TimestampedPrice> {
	Oracle::get(&btc())
}

/// Four operators (quorum three), all at `P` in block 1; the next block started.
fn four_operators_agreeing_on_p() {
	OperatorList::set(ALL.iter().map(|who| account(who)).collect());
	for who in ALL {
		feed(who, P);
	}
	assert_eq!(price(), Ok(P));
	next_block();
}

fn breaker_events() -> Vec<Event<Test>> {
	feeder_events()
		.into_iter()
		.filter(|e| {
			matches!(e, Event::MoveHeld { .. } | Event::HeldMoveConfirmed { .. } | Event::HeldMoveDropped { .. })
		})
		.collect()
}

#[test]
fn two_liars_of_four_cannot_move_the_price_which_goes_stale() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		let first = stored();
		// Every block: two honest values at P, two liars at 2P, in every order.
		let orders = [[ALICE, BOB, CHARLIE, DAVE], [CHARLIE, ALICE, DAVE, BOB], [DAVE, CHARLIE, BOB, ALICE]];
		let liars = [CHARLIE, DAVE];
		for round in 0..10 {
			for who in orders[round % orders.len()] {
				feed(who, if liars.contains(&who) { 2 * P } else { P });
			}
			// No three values agree: the price is not moved, nor refreshed, nor held.
			assert_eq!(stored(), first, "round {round}");
			assert_eq!(Breakers::<Test>::get(btc()).and_then(|s| s.held), None);
			next_block();
		}
		// 20 s without a new price: stale (20 s is the maximum age), acted on by nobody.
		assert!(matches!(price(), Err(PriceError::Stale { .. })), "{:?}", price());
		assert!(breaker_events().is_empty());
	});
}

#[test]
fn one_liar_of_four_is_ignored() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		for liar in [0, 1, 2 * P, 10_000_000, Price::MAX] {
			feed(ALICE, 100_000);
			feed(BOB, 101_000);
			feed(DAVE, liar);
			feed(CHARLIE, 100_500);
			// The agreeing three's median, whatever the liar sent.
			assert_eq!(price(), Ok(100_500), "liar at {liar}");
			next_block();
		}
		assert!(breaker_events().is_empty());
	});
}

#[test]
fn a_genuine_crash_is_held_then_lands_after_the_confirmation_blocks() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		let crashed = P * 7 / 10; // -30 %
		let held_since = System::block_number();
		// Three blocks of every operator at -30 %: held, the price API refuses the feed.
		for _ in 0..3 {
			for who in ALL {
				feed(who, crashed);
			}
			assert_eq!(price(), Err(PriceError::Held));
			assert_eq!(stored().map(|v| v.value), Some(P), "the old price is kept, not served");
			assert_eq!(
				Breakers::<Test>::get(btc()).and_then(|s| s.held).map(|h| (h.value, h.since)),
				Some((crashed, held_since))
			);
			next_block();
		}
		// The third block after the first sighting: the first agreeing candidate confirms it.
		feed(ALICE, crashed);
		assert_eq!(price(), Ok(crashed));
		// The block's other submissions agree with the confirmed price: not held again.
		for who in [BOB, CHARLIE, DAVE] {
			feed(who, crashed);
		}
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| (p.price, p.timestamp)), Ok((crashed, now())));
		assert_eq!(Breakers::<Test>::get(btc()).and_then(|s| s.held), None);
		// One event per transition, however many submissions a block had.
		assert_eq!(
			breaker_events(),
			vec![
				Event::MoveHeld { feed: btc(), from: P, to: crashed },
				Event::HeldMoveConfirmed { feed: btc(), price: crashed },
			]
		);
	});
}

#[test]
fn the_confirmation_period_follows_governance() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		Params::<Test>::mutate(|p| p.confirmation_blocks = 1);
		for who in ALL {
			feed(who, P / 2);
		}
		assert_eq!(price(), Err(PriceError::Held));
		next_block();
		feed(ALICE, P / 2);
		assert_eq!(price(), Ok(P / 2));
	});
}

#[test]
fn a_move_within_the_breaker_lands_at_once() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		for who in ALL {
			feed(who, P * 95 / 100);
		}
		assert_eq!(price(), Ok(P * 95 / 100));
		next_block();
		// +9.5 % from there: within the 10 % breaker, too.
		for who in ALL {
			feed(who, 104_025);
		}
		assert_eq!(price(), Ok(104_025));
		assert!(breaker_events().is_empty());
	});
}

#[test]
fn small_steps_within_one_block_cannot_add_up_past_the_breaker() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		// In one block the candidates walk +4 %, then +11.5 % from the block's start: the second
		// step is within 10 % of the first, not of the price the block started with.
		feed(ALICE, 108_000);
		feed(BOB, 108_000);
		assert_eq!(price(), Ok(104_000), "[P, P, 1.08P, 1.08P]: median 1.04P, all agree");
		feed(CHARLIE, 115_000);
		assert_eq!(price(), Ok(104_000), "[P, 1.08P, 1.08P, 1.15P]: only two agree");
		feed(DAVE, 115_000);
		// [1.08P, 1.08P, 1.15P, 1.15P]: 1.115P, 7.2 % above 1.04P but 11.5 % above P: held.
		assert_eq!(price(), Err(PriceError::Held));
		assert_eq!(Breakers::<Test>::get(btc()).and_then(|s| s.held).map(|h| h.value), Some(111_500));
		assert_eq!(breaker_events(), vec![Event::MoveHeld { feed: btc(), from: P, to: 111_500 }]);
	})
}

#[test]
fn a_held_move_that_reverts_is_dropped() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		for who in ALL {
			feed(who, P * 7 / 10);
		}
		assert_eq!(price(), Err(PriceError::Held));
		next_block();
		// The operators come back to P (+0.5 %): the third value back makes a quorum at 100,500,
		// within the breaker of P, which drops the hold.
		for who in ALL {
			feed(who, 100_500);
		}
		assert_eq!(price(), Ok(100_500));
		assert_eq!(Breakers::<Test>::get(btc()).and_then(|s| s.held), None);
		// The dropped move is not confirmed later either.
		for _ in 0..4 {
			next_block();
			for who in ALL {
				feed(who, 100_500);
			}
			assert_eq!(price(), Ok(100_500));
		}
		assert_eq!(
			breaker_events(),
			vec![
				Event::MoveHeld { feed: btc(), from: P, to: P * 7 / 10 },
				Event::HeldMoveDropped { feed: btc(), price: 100_500 },
			]
		);
	});
}

#[test]
fn a_different_large_move_restarts_the_hold() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		for who in ALL {
			feed(who, P * 7 / 10);
		}
		next_block();
		let restarted = System::block_number();
		for who in ALL {
			feed(who, P * 13 / 10);
		}
		assert_eq!(price(), Err(PriceError::Held));
		assert_eq!(
			Breakers::<Test>::get(btc()).and_then(|s| s.held).map(|h| (h.value, h.since)),
			Some((P * 13 / 10, restarted))
		);
		// Held for three blocks from the restart, not from the first move.
		for _ in 0..2 {
			next_block();
			for who in ALL {
				feed(who, P * 13 / 10);
			}
			assert_eq!(price(), Err(PriceError::Held));
		}
		next_block();
		feed(ALICE, P * 13 / 10);
		assert_eq!(price(), Ok(P * 13 / 10));
	});
}

#[test]
fn fewer_fresh_values_than_the_quorum_do_nothing() {
	new_test_ext().execute_with(|| {
		OperatorList::set(ALL.iter().map(|who| account(who)).collect());
		// No price yet: two of four agreeing operators are below the quorum of three.
		feed(ALICE, P);
		feed(BOB, P);
		assert_eq!(price(), Err(PriceError::NoPrice));
		assert_eq!(stored(), None);
		feed(CHARLIE, P);
		assert_eq!(price(), Ok(P));
		let first = stored();

		// Long after (all values expired), two fresh values: nothing changes, the price is stale
		// and no hold is started, however far the two are from the old price.
		for _ in 0..11 {
			next_block();
		}
		feed(ALICE, P / 2);
		feed(BOB, P / 2);
		assert_eq!(stored(), first);
		assert!(matches!(price(), Err(PriceError::Stale { .. })));
		assert_eq!(Breakers::<Test>::get(btc()).and_then(|s| s.held), None);
	});
}

#[test]
fn min_operators_above_two_thirds_raises_the_quorum() {
	new_test_ext().execute_with(|| {
		OperatorList::set(ALL.iter().map(|who| account(who)).collect());
		Params::<Test>::mutate(|p| p.min_operators = 4);
		for who in [ALICE, BOB, CHARLIE] {
			feed(who, P);
		}
		assert_eq!(price(), Err(PriceError::NoPrice));
		feed(DAVE, P);
		assert_eq!(price(), Ok(P));
	});
}

#[test]
fn the_first_price_is_not_held() {
	new_test_ext().execute_with(|| {
		feed(ALICE, 64_000_000_000);
		assert_eq!(price(), Ok(64_000_000_000));
		assert!(breaker_events().is_empty());
	});
}

#[test]
fn the_combined_timestamp_is_the_oldest_agreeing_value() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		let block_two = now();
		feed(ALICE, P);
		// Alice's new value and three from block 1 agree: the price is as old as block 1.
		assert_eq!(stored().map(|v| v.timestamp), Some(block_two - 2_000));
		for who in [BOB, CHARLIE, DAVE] {
			feed(who, P);
		}
		assert_eq!(stored().map(|v| v.timestamp), Some(block_two));
	});
}

#[test]
fn quorum_is_two_thirds_plus_one_or_the_governance_minimum() {
	assert_eq!(quorum(1, 0), 1);
	assert_eq!(quorum(1, 1), 1);
	assert_eq!(quorum(1, 2), 2);
	assert_eq!(quorum(1, 3), 3);
	assert_eq!(quorum(1, 4), 3);
	assert_eq!(quorum(1, 5), 4);
	assert_eq!(quorum(1, 6), 5);
	assert_eq!(quorum(1, 7), 5);
	assert_eq!(quorum(5, 4), 5);
	assert_eq!(quorum(u32::MAX, u32::MAX), u32::MAX);
	assert_eq!(quorum(1, u32::MAX), u32::MAX / 3 + 1);
}

fn values(prices: &[Price]) -> Vec<TimestampedPrice> {
	prices.iter().map(|&value| TimestampedValue { value, timestamp: 0 }).collect()
}

#[test]
fn the_median_of_an_even_count_is_the_mean_of_the_middle_two_rounded_down() {
	assert_eq!(median(&values(&[])), None);
	assert_eq!(median(&values(&[7])), Some(7));
	assert_eq!(median(&values(&[1, 2])), Some(1));
	assert_eq!(median(&values(&[1, 2, 4, 9])), Some(3));
	assert_eq!(median(&values(&[1, 2, 3])), Some(2));
	assert_eq!(median(&values(&[Price::MAX - 1, Price::MAX])), Some(Price::MAX - 1), "no overflow");
}

#[test]
fn agreement_needs_a_quorum_around_the_median() {
	let tolerance = Permill::from_percent(5);
	assert_eq!(agreed_value(values(&[100, 200, 100, 200]), 3, tolerance), None);
	assert_eq!(agreed_value(values(&[100, 100, 200]), 3, tolerance), None);
	assert_eq!(agreed_value(values(&[100, 104, 200, 102]), 3, tolerance).map(|v| v.value), Some(102));
	assert_eq!(agreed_value(values(&[]), 0, tolerance), None);
	assert_eq!(agreed_value(values(&[0, 0, 0]), 3, tolerance).map(|v| v.value), Some(0));
}

#[test]
fn a_removed_feed_forgets_its_breaker() {
	new_test_ext().execute_with(|| {
		four_operators_agreeing_on_p();
		for who in ALL {
			feed(who, P / 2);
		}
		assert!(Breakers::<Test>::get(btc()).is_some());
		assert_ok!(OracleFeeder::remove_feed(RuntimeOrigin::root(), btc()));
		assert_eq!(Breakers::<Test>::get(btc()), None);
	});
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

	/// With n operators of which at most ⌊(n−1)/3⌋ lie arbitrarily and the others report within
	/// 1 % of one another, there is a combined value, and it lies within the honest values' range.
	#[test]
	fn a_third_of_liars_cannot_move_the_value_out_of_the_honest_range(
		operators in 1u32..=32,
		base in 1_000u128..=1_000_000_000_000_000u128,
		honest_spread in proptest::collection::vec(0u128..=10_000, 32),
		liar_values in proptest::collection::vec(any::<u128>(), 32),
		liar_count_seed in any::<u32>(),
		min_operators in 1u32..=3,
		timestamps in proptest::collection::vec(0u64..=1_000_000, 64),
	) {
		let max_liars = (operators - 1) / 3;
		let liars = liar_count_seed % (max_liars + 1);
		let honest = operators - liars;
		// Honest values: base plus up to 1 % (spread in 1/1,000,000ths of base).
		let honest_values: Vec<Price> = honest_spread
			.iter()
			.take(honest as usize)
			.map(|s| base + base * s / 1_000_000)
			.collect();
		let low = *honest_values.iter().min().unwrap();
		let high = *honest_values.iter().max().unwrap();
		let mut all: Vec<TimestampedPrice> = honest_values
			.iter()
			.chain(liar_values.iter().take(liars as usize))
			.zip(timestamps.iter())
			.map(|(&value, &timestamp)| TimestampedValue { value, timestamp })
			.collect();
		all.reverse();
		let min_operators = min_operators.min(honest);
		let combined = agreed_value(all, quorum(min_operators, operators), Permill::from_percent(5));
		let combined = combined.expect("the honest operators are a quorum in agreement");
		prop_assert!(low <= combined.value && combined.value <= high, "{} not in [{}, {}]", combined.value, low, high);
	}
}
