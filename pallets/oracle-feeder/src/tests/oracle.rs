//! On chain: `pallet-oracle` combining operators' values with the feeder's rule (fresh values, a
//! two-thirds quorum in agreement; see `combine.rs` for the rule's own tests), and the price API on
//! top of it.

use super::mock::*;
use crate::{MinimumOperators, Params, PriceExpiry};
use clearing_primitives::{FeedId, FreshPrice, Price, PriceError, PriceProvider};
use frame_support::{assert_noop, assert_ok, dispatch::Pays, traits::Get, BoundedVec};
use sp_runtime::DispatchError;

fn feed(who: &str, feed: FeedId, price: Price) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Oracle::feed_values(RuntimeOrigin::signed(account(who)), BoundedVec::truncate_from(vec![(feed, price)]))
}

/// Ends the block and starts the next one `ms` later (operators may feed once per block).
fn next_block(ms: u64) {
	use frame_support::traits::Hooks;
	let n = System::block_number();
	Oracle::on_finalize(n);
	System::set_block_number(n + 1);
	Timestamp::set_timestamp(pallet_timestamp::Now::<Test>::get() + ms);
}

fn three_operators() {
	OperatorList::set(vec![account("//Alice"), account("//Bob"), account("//Charlie")]);
}

#[test]
fn the_price_is_the_median_of_three_operators() {
	new_test_ext().execute_with(|| {
		three_operators();
		Params::<Test>::mutate(|p| p.min_operators = 3);
		assert_ok!(feed("//Alice", btc(), 100));
		assert_ok!(feed("//Bob", btc(), 102));
		// Two of three: below the minimum count, no price yet.
		assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::NoPrice));
		assert_ok!(feed("//Charlie", btc(), 101));
		assert_eq!(OracleFeeder::fresh_price(&btc()), Ok(FreshPrice { price: 101, decimals: 6, timestamp: 1_000_000 }));
	});
}

#[test]
fn one_lying_operator_of_three_cannot_move_the_price() {
	new_test_ext().execute_with(|| {
		three_operators();
		Params::<Test>::mutate(|p| p.min_operators = 3);
		for who in ["//Alice", "//Bob", "//Charlie"] {
			assert_ok!(feed(who, btc(), 100));
		}
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(100));
		for liar_price in [1, 10_000_000, Price::MAX] {
			next_block(2_000);
			assert_ok!(feed("//Alice", btc(), 100));
			assert_ok!(feed("//Bob", btc(), 101));
			assert_ok!(feed("//Charlie", btc(), liar_price));
			// The quorum of three operators is all three: two honest values are not enough to
			// move the price, and the liar's is not in agreement. The price stays, with its
			// first timestamp (it goes stale if this lasts).
			assert_eq!(
				OracleFeeder::fresh_price(&btc()).map(|p| (p.price, p.timestamp)),
				Ok((100, 1_000_000)),
				"liar at {liar_price}"
			);
		}
	});
}

#[test]
fn stale_values_expire_and_the_price_api_says_so() {
	new_test_ext().execute_with(|| {
		assert_ok!(feed("//Alice", btc(), 500));
		let max_age = Params::<Test>::get().max_price_age_ms;
		assert_eq!(PriceExpiry::<Test>::get(), max_age);

		// Exactly at the maximum age the price still serves.
		Timestamp::set_timestamp(1_000_000 + max_age);
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(500));

		// One millisecond later it is stale, with its age.
		Timestamp::set_timestamp(1_000_000 + max_age + 1);
		assert_eq!(
			OracleFeeder::fresh_price(&btc()),
			Err(PriceError::Stale { age_ms: max_age + 1, max_age_ms: max_age })
		);
	});
}

#[test]
fn expired_operator_values_leave_the_median_and_too_few_fresh_ones_keep_the_old_price_stale() {
	new_test_ext().execute_with(|| {
		three_operators();
		Params::<Test>::mutate(|p| p.min_operators = 2);
		// The quorum is the larger of min_operators (2) and two thirds of three plus one (3).
		assert_ok!(feed("//Alice", btc(), 100));
		assert_ok!(feed("//Bob", btc(), 100));
		assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::NoPrice));
		assert_ok!(feed("//Charlie", btc(), 100));
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(100));

		// Long after, only Charlie and Bob feed: Alice's value expired, two fresh values are
		// below the quorum, so the old price stays, and is stale.
		next_block(30_000);
		assert_ok!(feed("//Charlie", btc(), 104));
		assert_ok!(feed("//Bob", btc(), 102));
		assert!(matches!(OracleFeeder::fresh_price(&btc()), Err(PriceError::Stale { .. })));

		// A third fresh operator restores a fresh price, of the fresh values only (with Alice's
		// expired 100 it would be 102).
		assert_ok!(feed("//Alice", btc(), 103));
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(103));
	});
}

#[test]
fn non_members_are_refused_and_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(feed("//Eve", btc(), 1), pallet_oracle::Error::<Test>::NoPermission);
		assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::NoPrice));
		assert_eq!(pallet_oracle::RawValues::<Test>::iter().count(), 0);
	});
}

#[test]
fn an_operator_feeds_once_per_block_and_for_free() {
	new_test_ext().execute_with(|| {
		let post = feed("//Alice", btc(), 10).expect("operator feeds");
		assert_eq!(post.pays_fee, Pays::No);
		assert_noop!(feed("//Alice", btc(), 11), pallet_oracle::Error::<Test>::AlreadyFeeded);
		next_block(2_000);
		assert_ok!(feed("//Alice", btc(), 11));
		assert_eq!(OracleFeeder::fresh_price(&btc()).map(|p| p.price), Ok(11));
	});
}

#[test]
fn unknown_feeds_have_no_price_even_if_an_operator_fed_them() {
	new_test_ext().execute_with(|| {
		assert_ok!(feed("//Alice", eth(), 3_000));
		assert_eq!(OracleFeeder::fresh_price(&eth()), Err(PriceError::UnknownFeed));
		assert_ok!(OracleFeeder::remove_feed(RuntimeOrigin::root(), btc()));
		assert_eq!(OracleFeeder::fresh_price(&btc()), Err(PriceError::UnknownFeed));
	});
}

#[test]
fn the_minimum_operator_count_follows_governance() {
	new_test_ext().execute_with(|| {
		assert_eq!(MinimumOperators::<Test>::get(), 1);
		three_operators();
		let params = crate::OracleParams { min_operators: 3, ..test_params() };
		assert_ok!(OracleFeeder::set_params(RuntimeOrigin::root(), params));
		assert_eq!(MinimumOperators::<Test>::get(), 3);
		// Signed origins, even an operator's, cannot.
		assert_noop!(
			OracleFeeder::set_params(RuntimeOrigin::signed(account("//Alice")), test_params()),
			DispatchError::BadOrigin
		);
	});
}
