//! The pure margin arithmetic against values worked out by hand.

use crate::math::*;
use sp_arithmetic::{Perbill, Rounding};

#[test]
fn value_converts_base_atoms_and_price_units_to_settlement_atoms() {
	// 0.1 BTC (10^7 atoms at 8 decimals) at 50,000 USD (6 decimals): 5,000 USDC.
	assert_eq!(value(10_000_000, 50_000_000_000, 8, 6, Rounding::Down), Some(5_000_000_000));
	// 0.00010001 BTC at 33,333.333333: 3.33366666… USDC; down 3,333,666 atoms, up 3,333,667.
	assert_eq!(value(10_001, 33_333_333_333, 8, 6, Rounding::Down), Some(3_333_666));
	assert_eq!(value(10_001, 33_333_333_333, 8, 6, Rounding::Up), Some(3_333_667));
	// Fewer decimals than the settlement asset scale up exactly: 3 units at 2 USD, 0 and 0 decimals.
	assert_eq!(value(3, 2, 0, 0, Rounding::Down), Some(6_000_000));
	assert_eq!(value(u128::MAX, u128::MAX, 0, 0, Rounding::Down), None, "overflow is refused, not wrapped");
}

#[test]
fn signed_value_is_conservative_for_both_sides() {
	assert_eq!(signed_value(10_001, 33_333_333_333, 8, 6), Some(3_333_666));
	assert_eq!(signed_value(-10_001, 33_333_333_333, 8, 6), Some(-3_333_667));
}

#[test]
fn requirements_round_up_and_payouts_down() {
	let five_percent = Perbill::from_percent(5);
	assert_eq!(fraction_up(five_percent, 101), 6); // 5.05
	assert_eq!(fraction_down(five_percent, 101), 5);
	assert_eq!(fraction_up(Perbill::from_parts(500_000), 5_000_000_000), 2_500_000);
	// 0.05 % of 5,000 USDC
}

#[test]
fn open_interest_scaling_rises_linearly_to_one_hundred_percent() {
	let base = Perbill::from_percent(10);
	assert_eq!(scaled_initial_margin(base, 500, 1_000, 0), base, "upper zero: off");
	assert_eq!(scaled_initial_margin(base, 1_000, 1_000, 2_000), base);
	// Halfway: 10 % + 90 % / 2 = 55 %.
	assert_eq!(scaled_initial_margin(base, 1_500, 1_000, 2_000), Perbill::from_percent(55));
	// A quarter of the way: 10 % + 22.5 % = 32.5 %.
	assert_eq!(scaled_initial_margin(base, 1_250, 1_000, 2_000), Perbill::from_parts(325_000_000));
	// One unit in: 10 % + 90 % / 1000, rounded up.
	assert_eq!(scaled_initial_margin(base, 1_001, 1_000, 2_000), Perbill::from_parts(100_900_000));
	assert_eq!(scaled_initial_margin(base, 2_000, 1_000, 2_000), Perbill::one());
	assert_eq!(scaled_initial_margin(base, 9_999, 1_000, 2_000), Perbill::one());
}

#[test]
fn funding_is_owed_by_longs_when_the_index_rises_and_rounds_against_the_account() {
	// Index +50 USDC per BTC (0.1 % of 50,000), × 10^18.
	let delta = 50_000_000 * RATE_SCALE as i128;
	// A long of 0.1 BTC pays 5 USDC; a short of 0.1 BTC receives 5 USDC.
	assert_eq!(funding_owed(10_000_000, delta, 8), Some(5_000_000));
	assert_eq!(funding_owed(-10_000_000, delta, 8), Some(-5_000_000));
	// A falling index: shorts pay.
	assert_eq!(funding_owed(-10_000_000, -delta, 8), Some(5_000_000));
	// Fractions of an atom: 1 base atom at +1 atom per BTC owes 10^-8 atoms: the payer pays 1,
	// the receiver gets 0.
	assert_eq!(funding_owed(1, RATE_SCALE as i128, 8), Some(1));
	assert_eq!(funding_owed(-1, RATE_SCALE as i128, 8), Some(0));
}

#[test]
fn a_funding_rate_moves_the_index_by_rate_times_price() {
	// 0.1 % at 50,000 USD: 50 USDC per BTC = 50,000,000 atoms, × 10^18.
	let rate = (RATE_SCALE / 1_000) as i128;
	assert_eq!(funding_index_delta(rate, 50_000 * 1_000_000, 6), Some(50_000_000 * RATE_SCALE as i128));
	assert_eq!(funding_index_delta(-rate, 50_000 * 1_000_000, 6), Some(-50_000_000 * RATE_SCALE as i128));
}

#[test]
fn reducing_a_position_removes_its_share_of_the_cost_basis() {
	// Long 4 units bought for 400: selling 1 leaves 3 units costing 300.
	assert_eq!(reduce_cost(4, 400, 1), Some((300, 100)));
	// Short 3 units sold for 100 (cost −100): buying back 1 removes −33 (toward zero).
	assert_eq!(reduce_cost(-3, -100, 1), Some((-67, -33)));
}

#[test]
fn liquidation_price_puts_equity_at_the_maintenance_requirement() {
	// Long 1 BTC (10^8 atoms) marked at 50,000; equity 10,000 USDC; MMR 5 % × 50,000 = 2,500.
	// Price move to liquidation: (10,000 − 2,500) / (1 × (1 − 0.05)) = 7,894.7368… USD,
	// so the price is 42,105.263158 (the move rounded down, the price up).
	let p =
		liquidation_price(100_000_000, 50_000_000_000, 10_000_000_000, 2_500_000_000, Perbill::from_percent(5), 8, 6);
	assert_eq!(p, Some(42_105_263_158));
	// Check: at that price equity 10,000 − 7,894.736842 = 2,105.263158 and MMR 5 % × 42,105.263158
	// = 2,105.263158: equal to the atom.
	// Short 1 BTC: (10,000 − 2,500) / 1.05 = 7,142.857142… up: 57,142.857142.
	let p =
		liquidation_price(-100_000_000, 50_000_000_000, 10_000_000_000, 2_500_000_000, Perbill::from_percent(5), 8, 6);
	assert_eq!(p, Some(57_142_857_142));
	// Already under water: the mark itself.
	assert_eq!(liquidation_price(1, 7, 10, 20, Perbill::from_percent(5), 8, 6), Some(7));
	assert_eq!(liquidation_price(0, 7, 10, 20, Perbill::from_percent(5), 8, 6), None);
}
