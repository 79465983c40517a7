//! Option series in the margin engine, worked out by hand: marks and requirements of longs and
//! shorts, fees capped at a share of the premium, no funding, trading stopped at expiry, cash
//! settlement (lazy and by the sweep) conserving the settlement asset to the atom, retirement;
//! and attempts to steal through them.

use super::mock::*;
use crate::{Event, LiveMarkets, MarketStates, Markets, SeriesHolders};
use clearing_primitives::{
	black76::{self, OptionRight, PricingInput},
	options::{OptionMarkets, OptionSeries, SeriesListing},
	ClearingError, ClearingView, FillClearing, LiquidationClearing, Party, Side,
};
use clearing_testing::{set_settlement, set_vol};
use frame_support::{assert_noop, assert_ok};
use sp_arithmetic::Perbill;

const DAY_MS: u64 = 86_400_000;
const EXPIRY: u32 = 7;
/// 60 % volatility.
const VOL: u32 = 600_000;

fn expiry_ms() -> u64 {
	1_000_000 + 30 * DAY_MS
}

fn listing(strike_usd: u128, right: OptionRight) -> SeriesListing {
	SeriesListing {
		feed: btc_feed(),
		series: OptionSeries { expiry: EXPIRY, expiry_ms: expiry_ms(), strike: strike_usd * USD, right },
		base_decimals: 8,
		tick_size: USD / 10,
		step_size: BTC / 100,
		min_order_size: BTC / 100,
		initial_margin: Perbill::from_percent(15),
		min_initial_margin: Perbill::from_percent(13),
		maintenance_margin: Perbill::from_percent(9),
		liquidation_penalty: Perbill::from_percent(1),
		maker_fee: Perbill::from_parts(300_000),
		taker_fee: Perbill::from_parts(300_000),
		fee_cap: Perbill::from_parts(125_000_000),
		price_band: Perbill::from_percent(50),
	}
}

/// Lists a 60,000 call (market 2) and a 40,000 put (market 3) on BTC at 50,000.
fn with_series(f: impl FnOnce(u32, u32)) {
	new_test_ext().execute_with(|| {
		set_vol(EXPIRY, Some(VOL));
		let call = <Margin as OptionMarkets>::list_series(listing(60_000, OptionRight::Call)).unwrap();
		let put = <Margin as OptionMarkets>::list_series(listing(40_000, OptionRight::Put)).unwrap();
		assert_eq!((call, put), (2, 3));
		f(call, put)
	})
}

fn premiums(strike_usd: u128, right: OptionRight) -> (u128, u128) {
	let input =
		PricingInput { forward: 50_000 * USD, strike: strike_usd * USD, vol: VOL, time_ms: expiry_ms() - now_ms() };
	black76::premiums(right, &input).unwrap()
}

/// Settlement atoms of `size` base atoms (8 decimals) at `price` (6 decimals): size·price/10^8.
fn atoms(size: u128, price: u128, up: bool) -> u128 {
	let product = size * price;
	if up {
		product.div_ceil(BTC)
	} else {
		product / BTC
	}
}

#[test]
fn a_long_needs_its_premium_only_and_a_short_the_standard_requirement() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		let (down, up) = premiums(60_000, OptionRight::Call);
		// Bob buys 1 BTC of the call from Alice at the mark.
		let q = BTC;
		assert_ok!(Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, down, q));
		let bob = Margin::account_health(&BOB).unwrap();
		let alice = Margin::account_health(&ALICE).unwrap();
		// Bob: equity counts the call at its premium (rounded down), his requirement is that
		// value rounded up, so what he can still risk fell by what he paid (and the fee).
		assert_eq!(bob.maintenance_margin, atoms(q, down, true));
		assert_eq!(bob.initial_margin, atoms(q, down, true));
		assert_eq!(bob.gross_notional, atoms(q, 50_000 * USD, true));
		let fee = Perbill::from_parts(300_000).mul_ceil(atoms(q, 50_000 * USD, false));
		assert_eq!(
			bob.free_collateral(),
			(100_000 * USDC) as i128
				- atoms(q, down, true) as i128
				- fee as i128
				- (atoms(q, down, true) - atoms(q, down, false)) as i128
		);
		// Alice wrote a call 20 % out of the money: initial max(15 % − 20 %, 13 %) = 13 % of the
		// index, maintenance 9 %; her liability (the premium rounded up) is in her equity.
		assert_eq!(alice.initial_margin, Perbill::from_percent(13).mul_ceil(50_000 * USDC));
		assert_eq!(alice.maintenance_margin, Perbill::from_percent(9).mul_ceil(50_000 * USDC));
		assert_eq!(alice.equity, (100_000 * USDC + atoms(q, down, false) - fee) as i128 - atoms(q, up, true) as i128);
		assert_conserved();
		crate::Pallet::<Test>::do_try_state().unwrap();
	})
}

#[test]
fn an_in_the_money_short_pays_the_full_fifteen_percent() {
	with_series(|_, put| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		// The index falls to 35,000: the 40,000 put is in the money, OTM 0 → 15 %.
		set_price(btc_feed(), Some(35_000 * USD));
		let input =
			PricingInput { forward: 35_000 * USD, strike: 40_000 * USD, vol: VOL, time_ms: expiry_ms() - now_ms() };
		let (down, _) = black76::premiums(OptionRight::Put, &input).unwrap();
		assert_ok!(Margin::apply_fill(put, &BOB, &ALICE, Side::Buy, down, BTC));
		assert_eq!(
			Margin::account_health(&ALICE).unwrap().initial_margin,
			Perbill::from_percent(15).mul_ceil(35_000 * USDC)
		);
	})
}

#[test]
fn option_fees_are_a_share_of_the_underlying_capped_at_a_share_of_the_premium() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		let (down, _) = premiums(60_000, OptionRight::Call);
		// 0.03 % of 50,000 USDC of underlying is 15 USDC; 12.5 % of the premium is less for a
		// call this far out of the money only if its premium is below 120 USDC.
		let receipt = Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, down, BTC).unwrap();
		let underlying_fee = 15 * USDC;
		assert!(Perbill::from_parts(125_000_000).mul_ceil(receipt.notional) > underlying_fee);
		assert_eq!((receipt.taker_fee, receipt.maker_fee), (underlying_fee, underlying_fee));
		// A premium of 1 USD a unit: 12.5 % of it, 0.125 USDC, is the fee.
		let receipt = Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, USD, BTC).unwrap();
		assert_eq!(receipt.notional, USDC);
		assert_eq!((receipt.taker_fee, receipt.maker_fee), (USDC / 8, USDC / 8));
	})
}

#[test]
fn a_stale_surface_stops_trading_and_marking_in_the_expiry() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		let (down, _) = premiums(60_000, OptionRight::Call);
		assert_ok!(Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, down, BTC));
		set_vol(EXPIRY, None);
		assert_eq!(
			assert_unchanged(|| Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, down, BTC)),
			Err(ClearingError::StalePrice)
		);
		// Alice's short cannot be marked: she is not evaluated on it (and cannot withdraw).
		assert_eq!(Margin::account_risk(&ALICE), Err(ClearingError::StalePrice));
		assert_noop!(Margin::withdraw(RuntimeOrigin::signed(ALICE), USDC), crate::Error::<Test>::StalePrice);
	})
}

#[test]
fn options_pay_no_funding() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		let (down, _) = premiums(60_000, OptionRight::Call);
		assert_ok!(Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, down, BTC));
		PremiumNow::set(Some(clearing_primitives::SignedRate::from_rational(1, 100)));
		for _ in 0..3 {
			next_block(3_600_000);
		}
		assert!(margin_events().iter().all(
			|e| !matches!(e, Event::FundingApplied { market, .. } | Event::FundingSkipped { market } if *market == call)
		));
		assert_eq!(MarketStates::<Test>::get(call).unwrap().funding_index, 0);
		assert_conserved();
	})
}

#[test]
fn nothing_trades_at_or_after_expiry() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		set_now_ms(expiry_ms());
		assert_eq!(
			assert_unchanged(|| Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, USD, BTC)),
			Err(ClearingError::MarketHalted)
		);
	})
}

#[test]
fn expired_positions_settle_at_intrinsic_value_and_conserve_every_atom() {
	with_series(|call, put| {
		for who in [ALICE, BOB, CHARLIE, DAVE] {
			deposit(who, 100_000);
		}
		let (call_premium, _) = premiums(60_000, OptionRight::Call);
		let (put_premium, _) = premiums(40_000, OptionRight::Put);
		// Bob long 1.37 calls from Alice; Charlie long 0.5 puts from Dave; Dave also long 0.25
		// calls from Charlie (odd sizes make the rounding show).
		assert_ok!(Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, call_premium, 137 * BTC / 100));
		assert_ok!(Margin::apply_fill(put, &CHARLIE, &DAVE, Side::Buy, put_premium, BTC / 2));
		assert_ok!(Margin::apply_fill(call, &DAVE, &CHARLIE, Side::Buy, call_premium, BTC / 4));
		assert_eq!(SeriesHolders::<Test>::iter_key_prefix(call).count(), 4);
		next_block(1);
		let before: Vec<i128> = [ALICE, BOB, CHARLIE, DAVE].iter().map(|w| collateral(*w)).collect();
		// Expiry: the settlement price is fixed at 63,333.333333 USD (calls 3,333.333333 in the
		// money, puts out).
		let settlement = 63_333_333_333;
		set_now_ms(expiry_ms());
		set_settlement(EXPIRY, settlement);
		let intrinsic = settlement - 60_000 * USD;
		// Bob withdraws: his position settles first (lazily), to the atom, rounded down.
		assert_ok!(Margin::withdraw(RuntimeOrigin::signed(BOB), USDC));
		let bob_gets = atoms(137 * BTC / 100, intrinsic, false);
		assert_eq!(collateral(BOB), before[1] + bob_gets as i128 - USDC as i128);
		assert_eq!(size(BOB, call), 0);
		assert!(!SeriesHolders::<Test>::contains_key(call, BOB));
		assert_eq!(MarketStates::<Test>::get(call).unwrap().settlement_pool, -(bob_gets as i128));
		assert_conserved();
		crate::Pallet::<Test>::do_try_state().unwrap();
		// The sweep settles the rest, one holder at a time.
		let first = <Margin as OptionMarkets>::settle_series(call, 1).unwrap();
		assert_eq!((first.settled, first.remaining), (1, true));
		assert_conserved();
		crate::Pallet::<Test>::do_try_state().unwrap();
		let rest = <Margin as OptionMarkets>::settle_series(call, 10).unwrap();
		assert!(!rest.remaining);
		let puts = <Margin as OptionMarkets>::settle_series(put, 10).unwrap();
		assert!(!puts.remaining);
		// Writers paid rounded up, holders received rounded down.
		let alice_pays = atoms(137 * BTC / 100, intrinsic, true);
		let charlie_pays = atoms(BTC / 4, intrinsic, true);
		let dave_gets = atoms(BTC / 4, intrinsic, false);
		assert_eq!(collateral(ALICE), before[0] - alice_pays as i128);
		assert_eq!(collateral(CHARLIE), before[2] - charlie_pays as i128);
		assert_eq!(collateral(DAVE), before[3] + dave_gets as i128);
		let pool = MarketStates::<Test>::get(call).unwrap().settlement_pool;
		assert_eq!(pool, (alice_pays + charlie_pays) as i128 - (bob_gets + dave_gets) as i128);
		assert!((0..=2).contains(&pool));
		assert_conserved();
		crate::Pallet::<Test>::do_try_state().unwrap();
		// Retired: the dust goes to the fee pool, the market leaves.
		let fee_pool = crate::FeePool::<Test>::get();
		let unswept = MarketStates::<Test>::get(call).unwrap().unswept_fee_pool;
		assert_ok!(<Margin as OptionMarkets>::retire_series(call));
		assert_eq!(crate::FeePool::<Test>::get(), fee_pool + pool as u128 + unswept);
		assert!(Markets::<Test>::get(call).is_none());
		assert!(!LiveMarkets::<Test>::get().contains(&call));
		assert_ok!(<Margin as OptionMarkets>::retire_series(put));
		assert_eq!(LiveMarkets::<Test>::get().into_inner(), vec![0, 1]);
		assert_conserved();
		crate::Pallet::<Test>::do_try_state().unwrap();
		// A retired id is not reused: the next series gets a new one.
		set_now_ms(1_000_000);
		assert_eq!(<Margin as OptionMarkets>::list_series(listing(50_000, OptionRight::Call)), Ok(4));
	})
}

#[test]
fn a_series_is_retired_only_when_settled_and_empty() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 100_000);
		let (down, _) = premiums(60_000, OptionRight::Call);
		assert_ok!(Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, down, BTC));
		assert_eq!(
			assert_unchanged(|| <Margin as OptionMarkets>::retire_series(call)),
			Err(ClearingError::NotReducing)
		);
		set_now_ms(expiry_ms());
		set_settlement(EXPIRY, 50_000 * USD);
		assert_eq!(
			assert_unchanged(|| <Margin as OptionMarkets>::retire_series(call)),
			Err(ClearingError::NotReducing)
		);
		assert_eq!(<Margin as OptionMarkets>::settle_series(call, 5).map(|o| o.remaining), Ok(false));
		// Out of the money: nobody paid anything, the series leaves.
		assert_ok!(<Margin as OptionMarkets>::retire_series(call));
		assert_conserved();
	})
}

#[test]
fn colluding_accounts_cannot_move_more_than_the_buyers_free_collateral() {
	with_series(|call, _| {
		deposit(ALICE, 100_000);
		deposit(BOB, 1_000);
		// Bob "buys" the far call from Alice at 20,000 USD a unit: his equity would fall far
		// below what his long requires (its value): refused, nothing moves.
		assert_eq!(
			assert_unchanged(|| Margin::apply_fill(call, &BOB, &ALICE, Side::Buy, 20_000 * USD, BTC)),
			Err(ClearingError::InsufficientMargin(Party::Taker))
		);
		// Alice cannot write calls beyond her margin either.
		deposit(CHARLIE, 1_000_000);
		let (down, _) = premiums(60_000, OptionRight::Call);
		assert_eq!(
			assert_unchanged(|| Margin::apply_fill(call, &CHARLIE, &ALICE, Side::Buy, down, 20 * BTC)),
			Err(ClearingError::InsufficientMargin(Party::Maker))
		);
	})
}

#[test]
fn option_order_margin_covers_writing() {
	with_series(|call, _| {
		let (down, _) = premiums(60_000, OptionRight::Call);
		// A resting option order may be a write: 15 % of the underlying, more than the premium.
		assert_eq!(Margin::order_margin(call, down, BTC), Ok(Perbill::from_percent(15).mul_ceil(50_000 * USDC)));
	})
}

#[test]
fn option_series_cannot_be_listed_or_changed_by_the_perpetual_calls() {
	with_series(|call, _| {
		let params = Markets::<Test>::get(call).unwrap();
		assert_noop!(
			Margin::create_market(RuntimeOrigin::root(), params.clone()),
			crate::Error::<Test>::InvalidInstrument
		);
		let perpetual = Markets::<Test>::get(0).unwrap();
		assert_noop!(
			Margin::update_market(RuntimeOrigin::root(), call, crate::MarketParams { kind: perpetual.kind, ..params }),
			crate::Error::<Test>::InvalidInstrument
		);
	})
}

#[test]
fn the_clock_sees_an_option_at_its_index() {
	with_series(|call, _| {
		let inputs = <Margin as LiquidationClearing<AccountId>>::market_clock_inputs(call, None).unwrap();
		assert_eq!(inputs.price, Some(50_000 * USD));
		assert_eq!(inputs.maintenance_fraction, Perbill::from_percent(9));
		clearing_testing::set_risk_index(EXPIRY, 42);
		assert_eq!(
			<Margin as LiquidationClearing<AccountId>>::market_clock_inputs(call, None)
				.unwrap()
				.risk_index,
			42
		);
		assert_eq!(<Margin as LiquidationClearing<AccountId>>::live_markets(), vec![0, 1, 2, 3]);
		let _ = <Margin as ClearingView<AccountId>>::mark_price(call).unwrap();
	})
}

#[test]
fn version_1_markets_and_states_migrate_to_perpetuals_with_empty_settlement() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	new_test_ext().execute_with(|| {
		let params = Markets::<Test>::get(0).unwrap();
		let state = MarketStates::<Test>::get(0).unwrap();
		// Write market 0 as version 1 stored it: the same fields without the new ones.
		let old = crate::migrations::v2::MarketParamsV1 {
			ticker: params.ticker.clone(),
			feed: params.feed.clone(),
			base_decimals: params.base_decimals,
			tick_size: params.tick_size,
			step_size: params.step_size,
			min_order_size: params.min_order_size,
			initial_margin: params.initial_margin,
			maintenance_margin: params.maintenance_margin,
			liquidation_penalty: params.liquidation_penalty,
			maker_fee: params.maker_fee,
			taker_fee: params.taker_fee,
			open_interest_cap: params.open_interest_cap,
			imf_scaling_lower: params.imf_scaling_lower,
			imf_scaling_upper: params.imf_scaling_upper,
			funding_interval_ms: params.funding_interval_ms,
			max_funding_rate: params.max_funding_rate,
			status: params.status,
			price_band: params.price_band,
			impact_notional: params.impact_notional,
		};
		let old_state = crate::migrations::v2::MarketStateV1 {
			open_interest: 5,
			funding_index: 7,
			next_funding_ms: state.next_funding_ms,
			premium_sum: 0,
			premium_samples: 0,
			last_funding_rate: 0,
			funding_pool: 3,
			unswept_insurance: 0,
			unswept_fee_pool: 0,
		};
		for market in [0u32, 1] {
			frame_support::storage::unhashed::put_raw(&Markets::<Test>::hashed_key_for(market), &old.encode());
			frame_support::storage::unhashed::put_raw(
				&MarketStates::<Test>::hashed_key_for(market),
				&old_state.encode(),
			);
		}
		LiveMarkets::<Test>::kill();
		StorageVersion::new(1).put::<Margin>();
		crate::migrations::v2::migrate::<Test>();
		assert_eq!(Margin::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Markets::<Test>::get(0), Some(params.clone()));
		let migrated = MarketStates::<Test>::get(1).unwrap();
		assert_eq!((migrated.open_interest, migrated.funding_index, migrated.funding_pool), (5, 7, 3));
		assert_eq!((migrated.settled_longs, migrated.settled_shorts, migrated.settlement_pool), (0, 0, 0));
		assert_eq!(LiveMarkets::<Test>::get().into_inner(), vec![0, 1]);
		// A second run does nothing.
		crate::migrations::v2::migrate::<Test>();
		assert_eq!(Markets::<Test>::get(0), Some(params));
	})
}
