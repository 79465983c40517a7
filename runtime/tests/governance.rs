//! Runtime integration tests of governance: referenda on the risk admin track change a risk
//! parameter at enactment; a rejected referendum, an invalid enacted value and a signed account
//! change nothing; the emergency origin halts a market but cannot touch its margins.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_runtime::{
	configs::governance::{pallet_custom_origins::Origin as GovOrigin, track_ids, Tracks},
	ConvictionVoting, Liquidation, Margin, OracleFeeder, OriginCaller, Preimage, Referenda, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, Scheduler, System,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{schedule::DispatchTime, OnInitialize, StorePreimage},
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_margin::MarketStatus;
use pallet_referenda::TracksInfo;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{traits::Dispatchable, DispatchError, Perbill};

/// BTC-USD's parameters with a new maintenance fraction.
fn btc_with_maintenance(percent: u32) -> pallet_margin::MarketParams {
	let mut params = pallet_margin::Markets::<Runtime>::get(0).unwrap();
	params.maintenance_margin = Perbill::from_percent(percent);
	params
}

/// Submits a referendum for `call` on the track of `origin`, places its decision deposit, and has
/// `voters` vote (aye or nay) with 1× conviction on half their free balance. Returns its index.
fn referendum(call: RuntimeCall, origin: OriginCaller, voters: &[(Sr25519Keyring, bool)]) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let proposal = Preimage::bound(call).unwrap();
	assert_ok!(Referenda::submit(
		RuntimeOrigin::signed(Alice.to_account_id()),
		Box::new(origin),
		proposal,
		DispatchTime::After(1)
	));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(Alice.to_account_id()), index));
	for (who, aye) in voters {
		let balance = pallet_balances::Pallet::<Runtime>::free_balance(who.to_account_id()) / 2;
		assert_ok!(ConvictionVoting::vote(
			RuntimeOrigin::signed(who.to_account_id()),
			index,
			AccountVote::Standard { vote: Vote { aye: *aye, conviction: Conviction::Locked1x }, balance }
		));
	}
	index
}

/// Runs the scheduler (which drives referenda and enacts them) block by block until `done`
/// holds, at most through the track's whole life; returns how many blocks that took.
fn run_until(track: u16, done: impl Fn() -> bool) -> u32 {
	let info = Tracks::info(track).unwrap();
	let limit = info.prepare_period + info.decision_period + info.confirm_period + info.min_enactment_period + 10;
	let start = System::block_number();
	for n in start + 1..=start + limit {
		System::set_block_number(n);
		Scheduler::on_initialize(n);
		if done() {
			return n - start;
		}
	}
	panic!("not done within {limit} blocks");
}

/// The results of enacted proposals: the scheduler's named tasks (the referenda's own alarms are
/// anonymous).
fn dispatched_results() -> Vec<Result<(), DispatchError>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { id: Some(_), result, .. }) => Some(result),
			_ => None,
		})
		.collect()
}

#[test]
fn a_risk_admin_referendum_changes_a_maintenance_fraction_at_enactment() {
	ext_from_preset("development").execute_with(|| {
		let call = RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(4) });
		let index = referendum(call, OriginCaller::Origins(GovOrigin::RiskAdmin), &[(Alice, true), (Bob, true), (Charlie, true)]);
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
		let blocks = run_until(track_ids::RISK_ADMIN, || {
			pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin == Perbill::from_percent(4)
		});
		// With the fast runtime that is well under a minute of 2 s blocks.
		assert!(blocks < 30, "enacted after {blocks} blocks");
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(pallet_referenda::ReferendumInfo::Approved(..))
		));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Margin(pallet_margin::Event::MarketUpdated { market: 0, .. })
		)));
	});
}

#[test]
fn a_rejected_referendum_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		let call = RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(4) });
		let index = referendum(call, OriginCaller::Origins(GovOrigin::RiskAdmin), &[(Alice, true), (Bob, false), (Charlie, false)]);
		run_until(track_ids::RISK_ADMIN, || {
			matches!(pallet_referenda::ReferendumInfoFor::<Runtime>::get(index), Some(pallet_referenda::ReferendumInfo::Rejected(..)))
		});
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
		assert!(dispatched_results().is_empty());
	});
}

#[test]
fn an_invalid_value_enacted_by_referendum_fails_its_dispatch_and_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		// Maintenance above initial (5 %): invalid.
		let call = RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(6) });
		referendum(call, OriginCaller::Origins(GovOrigin::RiskAdmin), &[(Alice, true), (Bob, true)]);
		run_until(track_ids::RISK_ADMIN, || !dispatched_results().is_empty());
		assert_eq!(
			dispatched_results(),
			vec![Err(pallet_margin::Error::<Runtime>::InvalidMarginFractions.into())]
		);
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
	});
}

#[test]
fn signed_accounts_even_sudos_key_cannot_call_the_parameter_setters() {
	for preset in ["development", "local_testnet"] {
		ext_from_preset(preset).execute_with(|| {
			for who in [Alice, Bob, Dave, Eve] {
				let origin = RuntimeOrigin::signed(who.to_account_id());
				assert_noop!(Margin::update_market(origin.clone(), 0, btc_with_maintenance(4)), DispatchError::BadOrigin);
				assert_noop!(Margin::set_market_status(origin.clone(), 0, MarketStatus::Halted), DispatchError::BadOrigin);
				assert_noop!(Margin::set_insurance_fee_share(origin.clone(), Perbill::zero()), DispatchError::BadOrigin);
				assert_noop!(
					Liquidation::set_parameters(origin.clone(), pallet_liquidation::LiquidationParameters::default()),
					DispatchError::BadOrigin
				);
				assert_noop!(
					OracleFeeder::set_params(origin.clone(), pallet_oracle_feeder::OracleParams::default()),
					DispatchError::BadOrigin
				);
				assert_noop!(
					RuntimeCall::OracleOperators(pallet_membership::Call::add_member { who: who.to_account_id().into() })
						.dispatch(origin)
						.map_err(|e| e.error),
					DispatchError::BadOrigin
				);
			}
		});
	}
}

#[test]
fn the_emergency_origin_halts_a_market_but_cannot_change_its_margins_or_reopen_it() {
	ext_from_preset("development").execute_with(|| {
		let emergency = RuntimeOrigin::from(GovOrigin::MarketEmergency);
		assert_ok!(Margin::set_market_status(emergency.clone(), 0, MarketStatus::Halted));
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().status, MarketStatus::Halted);
		assert_noop!(
			Margin::set_market_status(emergency.clone(), 0, MarketStatus::Active),
			pallet_margin::Error::<Runtime>::EmergencyCannotReopen
		);
		assert_noop!(Margin::update_market(emergency.clone(), 0, btc_with_maintenance(4)), DispatchError::BadOrigin);
		assert_noop!(
			Liquidation::set_parameters(emergency, pallet_liquidation::LiquidationParameters::default()),
			DispatchError::BadOrigin
		);
		// The risk admin reopens it.
		assert_ok!(Margin::set_market_status(RuntimeOrigin::from(GovOrigin::RiskAdmin), 0, MarketStatus::Active));
	});
}

#[test]
fn the_emergency_track_halts_a_market_by_referendum() {
	ext_from_preset("development").execute_with(|| {
		let call = RuntimeCall::Margin(pallet_margin::Call::set_market_status { market: 1, status: MarketStatus::ReduceOnly });
		referendum(call, OriginCaller::Origins(GovOrigin::MarketEmergency), &[(Alice, true), (Bob, true)]);
		run_until(track_ids::MARKET_EMERGENCY, || {
			pallet_margin::Markets::<Runtime>::get(1).unwrap().status == MarketStatus::ReduceOnly
		});
		assert_eq!(dispatched_results(), vec![Ok(())]);
	});
}
