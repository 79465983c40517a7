//! Runtime integration tests of governance: referenda on the risk admin track change a risk
//! parameter at enactment; a rejected referendum, an invalid enacted value and a signed account
//! change nothing; the emergency origin halts a market but cannot touch its margins; a near-empty
//! turnout never passes (every track has a support floor), one at the floor does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{SETTLEMENT_ASSET_ID, SETTLEMENT_MIN_BALANCE, USDC};
use clearing_runtime::{
	configs::governance::{
		governance_account, pallet_custom_origins::Origin as GovOrigin, track_ids, Tracks,
		MARKET_EMERGENCY_SUPPORT_FLOOR_PERCENT, RISK_ADMIN_SUPPORT_FLOOR_PERCENT, ROOT_SUPPORT_FLOOR_PERCENT,
	},
	genesis_config_presets::DEV_NATIVE_ENDOWMENT,
	Assets, Balances, ConvictionVoting, Liquidation, Margin, OracleFeeder, OriginCaller, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System,
};
use frame_support::{assert_noop, assert_ok, traits::fungible};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_margin::MarketStatus;
use pallet_referenda::TracksInfo;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{traits::Dispatchable, DispatchError, Perbill};

/// BTC-USD's parameters with a new maintenance fraction.
fn btc_with_maintenance(percent: u32) -> pallet_margin::MarketParams {
	let mut params = pallet_margin::Markets::<Runtime>::get(0).unwrap();
	params.maintenance_margin = Perbill::from_percent(percent);
	params
}

#[test]
fn a_risk_admin_referendum_changes_a_maintenance_fraction_at_enactment() {
	ext_from_preset("development").execute_with(|| {
		let call =
			RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(4) });
		let index = referendum(
			call,
			OriginCaller::Origins(GovOrigin::RiskAdmin),
			&[(Alice, true), (Bob, true), (Charlie, true)],
		);
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
		assert!(System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::Margin(pallet_margin::Event::MarketUpdated { market: 0, .. }))));
	});
}

#[test]
fn a_rejected_referendum_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		let call =
			RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(4) });
		let index = referendum(
			call,
			OriginCaller::Origins(GovOrigin::RiskAdmin),
			&[(Alice, true), (Bob, false), (Charlie, false)],
		);
		run_until(track_ids::RISK_ADMIN, || {
			matches!(
				pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
				Some(pallet_referenda::ReferendumInfo::Rejected(..))
			)
		});
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
		assert!(dispatched_results().is_empty());
	});
}

#[test]
fn an_invalid_value_enacted_by_referendum_fails_its_dispatch_and_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		// Maintenance above initial (5 %): invalid.
		let call =
			RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(6) });
		referendum(call, OriginCaller::Origins(GovOrigin::RiskAdmin), &[(Alice, true), (Bob, true)]);
		run_until(track_ids::RISK_ADMIN, || !dispatched_results().is_empty());
		assert_eq!(dispatched_results(), vec![Err(pallet_margin::Error::<Runtime>::InvalidMarginFractions.into())]);
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
	});
}

#[test]
fn signed_accounts_even_sudos_key_cannot_call_the_parameter_setters() {
	for preset in ["development", "local_testnet"] {
		ext_from_preset(preset).execute_with(|| {
			for who in [Alice, Bob, Dave, Eve] {
				let origin = RuntimeOrigin::signed(who.to_account_id());
				assert_noop!(
					Margin::update_market(origin.clone(), 0, btc_with_maintenance(4)),
					DispatchError::BadOrigin
				);
				assert_noop!(
					Margin::set_market_status(origin.clone(), 0, MarketStatus::Halted),
					DispatchError::BadOrigin
				);
				assert_noop!(
					Margin::set_insurance_fee_share(origin.clone(), Perbill::zero()),
					DispatchError::BadOrigin
				);
				assert_noop!(
					Liquidation::set_parameters(origin.clone(), pallet_liquidation::LiquidationParameters::default()),
					DispatchError::BadOrigin
				);
				assert_noop!(
					OracleFeeder::set_params(origin.clone(), pallet_oracle_feeder::OracleParams::default()),
					DispatchError::BadOrigin
				);
				assert_noop!(
					RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator { who: who.to_account_id() })
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
		let call =
			RuntimeCall::Margin(pallet_margin::Call::set_market_status { market: 1, status: MarketStatus::ReduceOnly });
		referendum(call, OriginCaller::Origins(GovOrigin::MarketEmergency), &[(Alice, true), (Bob, true)]);
		run_until(track_ids::MARKET_EMERGENCY, || {
			pallet_margin::Markets::<Runtime>::get(1).unwrap().status == MarketStatus::ReduceOnly
		});
		assert_eq!(dispatched_results(), vec![Ok(())]);
	});
}

/// The active issuance: what support is measured against.
fn active_issuance() -> u128 {
	<Balances as fungible::Inspect<_>>::active_issuance()
}

/// The referendum's final state, once it is no longer ongoing.
fn finished(index: u32) -> bool {
	!matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(pallet_referenda::ReferendumInfo::Ongoing(..))
	)
}

/// A risk-admin referendum setting BTC-USD's maintenance to 4 %, with one voter, Bob: aye, 1×
/// conviction, on `support` of the active issuance and nothing else. Runs it to its end; returns
/// its index and the blocks that took.
fn lone_aye_risk_admin_referendum(support: Perbill) -> (u32, u32) {
	let call = RuntimeCall::Margin(pallet_margin::Call::update_market { market: 0, params: btc_with_maintenance(4) });
	let index = referendum(call, OriginCaller::Origins(GovOrigin::RiskAdmin), &[]);
	let balance = support.mul_ceil(active_issuance());
	assert!(balance <= pallet_balances::Pallet::<Runtime>::free_balance(Bob.to_account_id()));
	assert_ok!(ConvictionVoting::vote(
		RuntimeOrigin::signed(Bob.to_account_id()),
		index,
		AccountVote::Standard { vote: Vote { aye: true, conviction: Conviction::Locked1x }, balance }
	));
	let blocks = run_until(track_ids::RISK_ADMIN, || finished(index));
	(index, blocks)
}

#[test]
fn every_track_has_a_support_floor_and_the_dev_voters_clear_it() {
	for (track, floor) in [
		(track_ids::ROOT, ROOT_SUPPORT_FLOOR_PERCENT),
		(track_ids::RISK_ADMIN, RISK_ADMIN_SUPPORT_FLOOR_PERCENT),
		(track_ids::MARKET_EMERGENCY, MARKET_EMERGENCY_SUPPORT_FLOOR_PERCENT),
		(track_ids::VALIDATOR_ADMIN, ROOT_SUPPORT_FLOOR_PERCENT),
	] {
		let info = Tracks::info(track).unwrap();
		// The least support ever asked, at (and after) the end of the decision period.
		assert_eq!(info.min_support.threshold(Perbill::one()), Perbill::from_percent(floor), "track {track}");
		assert!(floor > 0, "track {track} has no floor");
		// The curve never asks less before then.
		for step in 0..=10 {
			assert!(info.min_support.threshold(Perbill::from_percent(step * 10)) >= Perbill::from_percent(floor));
		}
	}
	const { assert!(ROOT_SUPPORT_FLOOR_PERCENT >= RISK_ADMIN_SUPPORT_FLOOR_PERCENT) };
	const { assert!(RISK_ADMIN_SUPPORT_FLOOR_PERCENT >= MARKET_EMERGENCY_SUPPORT_FLOOR_PERCENT) };
	// The e2e suite's root referendum: Alice, Bob, Charlie and Dave vote half their free balance,
	// Alice's net of the root decision deposit. Even in the four-validator presets (more issuance
	// than `development`) that clears the root floor, the highest one.
	for preset in ["development", "local_testnet", "staging"] {
		ext_from_preset(preset).execute_with(|| {
			let root_deposit = Tracks::info(track_ids::ROOT).unwrap().decision_deposit;
			let votes = (DEV_NATIVE_ENDOWMENT - root_deposit) / 2 + 3 * (DEV_NATIVE_ENDOWMENT / 2);
			assert!(
				Perbill::from_rational(votes, active_issuance()) >= Perbill::from_percent(ROOT_SUPPORT_FLOOR_PERCENT),
				"{preset}: {votes} of {}",
				active_issuance()
			);
		});
	}
}

#[test]
fn a_risk_admin_referendum_with_a_tiny_turnout_does_not_pass_even_at_the_end_of_its_decision_period() {
	ext_from_preset("development").execute_with(|| {
		// 0.1 % of the issuance, all aye: full approval, support far below the floor.
		let (index, blocks) = lone_aye_risk_admin_referendum(Perbill::from_rational(1u32, 1_000u32));
		let info = Tracks::info(track_ids::RISK_ADMIN).unwrap();
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(pallet_referenda::ReferendumInfo::Rejected(..))
		));
		// Rejected only when its decision period ran out, not before.
		assert!(blocks >= info.prepare_period + info.decision_period, "ended after {blocks} blocks");
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Referenda(pallet_referenda::Event::Rejected { index: i, .. }) if i == index
		)));
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
		assert!(dispatched_results().is_empty());
	});
}

#[test]
fn a_risk_admin_referendum_just_below_the_floor_does_not_pass() {
	ext_from_preset("development").execute_with(|| {
		// A tenth of a percentage point short of the floor.
		let floor = Perbill::from_percent(RISK_ADMIN_SUPPORT_FLOOR_PERCENT);
		let support = Perbill::from_parts(floor.deconstruct() - Perbill::from_rational(1u32, 1_000u32).deconstruct());
		let (index, _) = lone_aye_risk_admin_referendum(support);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(pallet_referenda::ReferendumInfo::Rejected(..))
		));
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(3));
		assert!(dispatched_results().is_empty());
	});
}

#[test]
fn a_risk_admin_referendum_reaching_the_floor_passes_at_the_end_of_its_decision_period() {
	ext_from_preset("development").execute_with(|| {
		let (index, blocks) = lone_aye_risk_admin_referendum(Perbill::from_percent(RISK_ADMIN_SUPPORT_FLOOR_PERCENT));
		let info = Tracks::info(track_ids::RISK_ADMIN).unwrap();
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(pallet_referenda::ReferendumInfo::Approved(..))
		));
		// The curve asks more than the floor until the decision period ends, so it confirms after.
		assert!(
			blocks >= info.prepare_period + info.decision_period + info.confirm_period,
			"approved after {blocks} blocks"
		);
		run_until(track_ids::RISK_ADMIN, || !dispatched_results().is_empty());
		assert_eq!(dispatched_results(), vec![Ok(())]);
		assert_eq!(pallet_margin::Markets::<Runtime>::get(0).unwrap().maintenance_margin, Perbill::from_percent(4));
	});
}

#[test]
fn on_staging_only_a_root_referendum_changes_the_settlement_asset() {
	ext_from_preset("staging").execute_with(|| {
		let gov = governance_account();
		// Nobody can sign for the asset's team: even its would-be admin calls fail for Alice.
		assert_noop!(
			Assets::freeze_asset(RuntimeOrigin::signed(Alice.to_account_id()), SETTLEMENT_ASSET_ID.into()),
			pallet_assets::Error::<Runtime>::NoPermission
		);
		// A root-track referendum freezes the asset (force_asset_status: the `ForceOrigin`), with
		// Alice, Bob and Charlie voting half their balances.
		let call = RuntimeCall::Assets(pallet_assets::Call::force_asset_status {
			id: SETTLEMENT_ASSET_ID.into(),
			owner: gov.clone().into(),
			issuer: gov.clone().into(),
			admin: gov.clone().into(),
			freezer: gov.into(),
			min_balance: SETTLEMENT_MIN_BALANCE,
			is_sufficient: true,
			is_frozen: true,
		});
		let index = referendum(
			call,
			OriginCaller::system(frame_system::RawOrigin::Root),
			&[(Alice, true), (Bob, true), (Charlie, true)],
		);
		run_until(track_ids::ROOT, || !dispatched_results().is_empty());
		assert_eq!(dispatched_results(), vec![Ok(())]);
		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
			Some(pallet_referenda::ReferendumInfo::Approved(..))
		));
		assert_noop!(
			Assets::transfer(
				RuntimeOrigin::signed(Alice.to_account_id()),
				SETTLEMENT_ASSET_ID.into(),
				Bob.to_account_id().into(),
				USDC
			),
			pallet_assets::Error::<Runtime>::AssetNotLive
		);
	});
}
