//! Expiry: the settlement TWAP worked out by hand from the blocks' index values, the fixing, and
//! the bounded sweep (orders cancelled, positions settled at intrinsic value, series retired),
//! conserving the settlement asset in every block.

use super::mock::*;
use crate::{Event, Expiries, ExpiryDays, ExpiryStage, LiveExpiries, RiskIndex, SeriesCount, Twaps, TWAP_WINDOW_MS};
use clearing_primitives::{
	options::{OptionMark, OptionPricing, OptionRight, OptionSeries},
	FillClearing, Side,
};
use frame_support::assert_ok;

const MINUTE: u64 = 60_000;

/// Lists an expiry 40 minutes ahead with a smile, and returns its time.
fn listed_soon() -> u64 {
	let expiry_ms = START_MS + 40 * MINUTE;
	assert_ok!(Options::list_expiry(RuntimeOrigin::root(), btc_feed(), expiry_ms, rule()));
	set_smile(0, vec![650_000, 600_000, 620_000]);
	next_block(2_000);
	expiry_ms
}

fn premium(expiry_ms: u64, strike_usd: u128, right: OptionRight) -> u128 {
	let series = OptionSeries { expiry: 0, expiry_ms, strike: strike_usd * USD, right };
	match Options::option_mark(&btc_feed(), &series).unwrap() {
		OptionMark::Live { premium_down, .. } => premium_down / (USD / 10) * (USD / 10),
		other => panic!("live mark expected, got {other:?}"),
	}
}

/// Blocks one minute apart with the given index each, keeping the smile fresh; returns the
/// (time, index) of every block whose on_finalize ran at or after the window's start.
fn minutes(prices: &[u128], expiry_ms: u64) -> Vec<(u64, u128)> {
	let mut samples = vec![];
	for price in prices {
		set_price(btc_feed(), Some(*price));
		set_smile(0, vec![650_000, 600_000, 620_000]);
		if now_ms() + TWAP_WINDOW_MS >= expiry_ms && now_ms() < expiry_ms {
			samples.push((now_ms(), *price));
		}
		next_block(MINUTE);
	}
	samples
}

#[test]
fn the_settlement_price_is_the_time_weighted_index_of_the_last_30_minutes() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed_soon();
		// 41 one-minute blocks, the last one the first at or after the expiry: the index walks
		// up and down; only the blocks in the last 30 minutes count, each for as long as it held
		// (the last one until the expiry).
		let prices: Vec<u128> = (0..41u128).map(|i| (50_000 + (i * 37 % 11) * 100) * USD).collect();
		let samples = minutes(&prices, expiry_ms);
		assert!(samples.len() >= 28, "{} samples", samples.len());
		let fixed = options_events().into_iter().find_map(|e| match e {
			Event::SettlementPriceFixed { price, samples, .. } => Some((price, samples)),
			_ => None,
		});
		// By hand: Σ pᵢ·(tᵢ₊₁ − tᵢ) with the last interval ending at the expiry, over the time
		// from the first sample to the expiry, rounded down.
		let mut weighted = 0u128;
		for pair in samples.windows(2) {
			weighted += pair[0].1 * u128::from(pair[1].0 - pair[0].0);
		}
		let (last_t, last_p) = *samples.last().unwrap();
		weighted += last_p * u128::from(expiry_ms - last_t);
		let twap = weighted / u128::from(expiry_ms - samples[0].0);
		assert_eq!(fixed, Some((twap, samples.len() as u32)));
		assert!(matches!(Expiries::<Test>::get(0).unwrap().stage, ExpiryStage::Settled { price } if price == twap));
		assert!(Twaps::<Test>::get(0).is_none());
		// Its series no longer trade.
		for market in 2..8 {
			assert_eq!(
				pallet_margin::Markets::<Test>::get(market).unwrap().status,
				pallet_margin::MarketStatus::Halted
			);
		}
		// The risk index counts the jump from the index to the TWAP.
		let index = *prices.last().unwrap();
		let jump = (twap.abs_diff(index) * clearing_primitives::FIXED_POINT_ONE).div_ceil(index);
		assert!(RiskIndex::<Test>::get(0) >= jump);
		// Nobody held a position: the next block retires every series and the expiry.
		next_block(2_000);
		assert!(Expiries::<Test>::get(0).is_none());
		assert!(options_events().iter().any(|e| matches!(e, Event::ExpiryRetired { expiry: 0 })));
		assert_invariants();
	})
}

#[test]
fn fixing_waits_for_a_price_when_there_was_none_in_the_window() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed_soon();
		set_price(btc_feed(), None);
		while now_ms() < expiry_ms + 2 * MINUTE {
			next_block(MINUTE);
		}
		assert_eq!(Expiries::<Test>::get(0).unwrap().stage, ExpiryStage::Trading);
		// The index comes back: the first fresh price is the settlement price.
		set_price(btc_feed(), Some(51_234 * USD));
		next_block(2_000);
		assert_eq!(Expiries::<Test>::get(0).unwrap().stage, ExpiryStage::Settled { price: 51_234 * USD });
	})
}

#[test]
fn every_position_settles_at_intrinsic_value_within_the_sweeps_bound_and_the_expiry_leaves() {
	new_test_ext().execute_with(|| {
		let expiry_ms = listed_soon();
		let (call_45k, call_50k, put_55k) = (2, 4, 7);
		let c45 = premium(expiry_ms, 45_000, OptionRight::Call);
		let c50 = premium(expiry_ms, 50_000, OptionRight::Call);
		let p55 = premium(expiry_ms, 55_000, OptionRight::Put);
		// Bob long 0.37 of the 45,000 call from Alice; Charlie long 1.21 of the 55,000 put from
		// Dave; Alice long 0.05 of the 50,000 call from Charlie; resting orders left on the book.
		assert_ok!(Margin::apply_fill(call_45k, &BOB, &ALICE, Side::Buy, c45, 37 * BTC / 100));
		assert_ok!(Margin::apply_fill(put_55k, &CHARLIE, &DAVE, Side::Buy, p55, 121 * BTC / 100));
		assert_ok!(Margin::apply_fill(call_50k, &ALICE, &CHARLIE, Side::Buy, c50, 5 * BTC / 100));
		for (who, market, price) in [(BOB, call_45k, c45 / 2), (DAVE, put_55k, p55 / 2), (ALICE, call_45k, c45 / 2)] {
			let price = price / (USD / 10) * (USD / 10);
			assert_ok!(Orderbook::place_order(
				RuntimeOrigin::signed(who),
				market,
				Side::Buy,
				price,
				BTC / 100,
				pallet_orderbook::OrderKind::Limit,
				false
			));
		}
		let reserved_before = pallet_orderbook::AccountOrders::<Test>::get(BOB).unwrap().reserved_margin;
		assert!(reserved_before > 0);
		let collateral = |who| pallet_margin::Accounts::<Test>::get(who).map(|a| a.collateral).unwrap_or(0);
		let before: Vec<i128> = TRADERS.iter().map(|w| collateral(*w)).collect();
		// The index sits at 52,345.678901 through the window: that is the TWAP.
		let settle = 52_345_678_901;
		while now_ms() < expiry_ms {
			set_price(btc_feed(), Some(settle));
			set_smile(0, vec![650_000, 600_000, 620_000]);
			next_block(MINUTE);
			assert_invariants();
		}
		// Fixing, then the sweep: 2 positions and 2 orders per block.
		let mut blocks = 0;
		while LiveExpiries::<Test>::get().len() == 1 {
			next_block(2_000);
			assert_invariants();
			blocks += 1;
			assert!(blocks < 20, "the sweep does not finish");
		}
		assert!(blocks >= 3, "6 positions at 2 per block take 3 blocks, took {blocks}");
		// Payoffs by hand (8-decimal sizes, 6-decimal prices: atoms = size·intrinsic/10^8),
		// holders rounded down, writers up.
		let down = |size: u128, intrinsic: u128| (size * intrinsic / BTC) as i128;
		let up = |size: u128, intrinsic: u128| (size * intrinsic).div_ceil(BTC) as i128;
		let call_45k_pays = settle - 45_000 * USD;
		let call_50k_pays = settle - 50_000 * USD;
		let put_55k_pays = 55_000 * USD - settle;
		assert_eq!(collateral(BOB), before[1] + down(37 * BTC / 100, call_45k_pays));
		assert_eq!(
			collateral(ALICE),
			before[0] - up(37 * BTC / 100, call_45k_pays) + down(5 * BTC / 100, call_50k_pays)
		);
		assert_eq!(
			collateral(CHARLIE),
			before[2] + down(121 * BTC / 100, put_55k_pays) - up(5 * BTC / 100, call_50k_pays)
		);
		assert_eq!(collateral(DAVE), before[3] - up(121 * BTC / 100, put_55k_pays));
		for who in TRADERS {
			assert!(pallet_margin::Accounts::<Test>::get(who).unwrap().positions.is_empty());
		}
		// Orders gone, their margin free; series and expiry gone.
		assert!(pallet_orderbook::AccountOrders::<Test>::get(BOB).is_none());
		for market in 2..8 {
			assert!(pallet_margin::Markets::<Test>::get(market).is_none());
		}
		assert_eq!(pallet_margin::LiveMarkets::<Test>::get().to_vec(), vec![0, 1]);
		assert!(Expiries::<Test>::get(0).is_none());
		assert_eq!(SeriesCount::<Test>::get(btc_feed()), 0);
		assert!(ExpiryDays::<Test>::iter().next().is_none());
		assert!(options_events().iter().any(|e| matches!(e, Event::ExpiryRetired { expiry: 0 })));
		let settled = System::events()
			.into_iter()
			.filter(|r| matches!(r.event, RuntimeEvent::Margin(pallet_margin::Event::OptionSettled { .. })))
			.count();
		assert_eq!(settled, 6);
		assert_invariants();
	})
}
