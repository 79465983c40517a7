//! Runtime integration tests: the genesis presets produce the state the docs promise, and the
//! pallets are wired with the origins and errors a trader or operator relies on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod common;
use common::*;

use clearing_primitives::{feed_id, SETTLEMENT_ASSET_ID, SETTLEMENT_DECIMALS, USDC};
use clearing_runtime::{
	genesis_config_presets::{self, DEV_NATIVE_ENDOWMENT, DEV_SETTLEMENT_ENDOWMENT},
	Assets, Balances, Oracle, Runtime, RuntimeOrigin, Sudo,
};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Inspect, BoundedVec};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{ArithmeticError, DispatchError};

fn alice() -> clearing_primitives::AccountId {
	Sr25519Keyring::Alice.to_account_id()
}
fn bob() -> clearing_primitives::AccountId {
	Sr25519Keyring::Bob.to_account_id()
}
fn charlie() -> clearing_primitives::AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}

/// The oracle operators: the active validators' `orcl` keys' accounts.
fn operators() -> Vec<clearing_primitives::AccountId> {
	pallet_oracle_feeder::SessionOperators::<Runtime>::get().into_inner()
}

fn feed(
	name: &str,
	price: u128,
) -> BoundedVec<(clearing_primitives::FeedId, u128), frame_support::traits::ConstU32<64>> {
	BoundedVec::truncate_from(vec![(feed_id(name).expect("short name"), price)])
}

#[test]
fn dev_oracle_operators_are_the_validators_oracle_derivations() {
	use sp_core::{sr25519, Pair};
	for (name, key) in ["Alice", "Bob", "Charlie", "Dave"]
		.iter()
		.zip(genesis_config_presets::DEV_ORACLE_OPERATOR_KEYS)
	{
		let seed = format!("//{name}{}", clearing_primitives::DEV_ORACLE_DERIVATION);
		let pair = sr25519::Pair::from_string(&seed, None).expect("valid seed");
		assert_eq!(pair.public().0, key, "{seed}");
	}
}

#[test]
fn presets_are_listed() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names, vec!["development".to_string(), "local_testnet".to_string(), "staging".to_string()]);
	// `production` is built by the node from the operators' file, not named here.
	assert_eq!(genesis_config_presets::STAGING_RUNTIME_PRESET, "staging");
	for name in &names {
		assert!(genesis_config_presets::get_preset(name).is_some(), "{name}");
	}
	assert!(genesis_config_presets::get_preset(&"mainnet".to_string()).is_none());
}

#[test]
fn development_has_alice_as_validator_operator_and_sudo() {
	ext_from_preset("development").execute_with(|| {
		let aura: Vec<_> = pallet_aura::Authorities::<Runtime>::get().into_inner();
		assert_eq!(aura, vec![Sr25519Keyring::Alice.public().into()]);
		let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		assert_eq!(grandpa, vec![(Ed25519Keyring::Alice.public().into(), 1)]);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice()));
		assert_eq!(operators(), vec![dev_operator()]);
	});
}

#[test]
fn local_testnet_has_four_validators_who_all_operate_the_oracle() {
	ext_from_preset("local_testnet").execute_with(|| {
		let four = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
		// In the session's order: the validator set's, sorted by account.
		let mut aura: Vec<_> = pallet_aura::Authorities::<Runtime>::get().into_inner();
		aura.sort();
		let mut expected_aura: Vec<sp_consensus_aura::sr25519::AuthorityId> =
			four.iter().map(|k| k.public().into()).collect();
		expected_aura.sort();
		assert_eq!(aura, expected_aura);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		let mut expected = genesis_config_presets::dev_oracle_operators(4);
		expected.sort();
		assert_eq!(operators(), expected);
	});
}

#[test]
fn staging_has_local_testnets_validators_and_operators() {
	let (mut local_aura, mut local_grandpa, mut local_operators) = (Vec::new(), Vec::new(), Vec::new());
	let mut local_params = None;
	ext_from_preset("local_testnet").execute_with(|| {
		local_aura = pallet_aura::Authorities::<Runtime>::get().into_inner();
		local_grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		local_operators = operators();
		local_params = Some(pallet_oracle_feeder::Params::<Runtime>::get());
	});
	ext_from_preset("staging").execute_with(|| {
		assert_eq!(local_aura.len(), 4);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), local_aura);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(), local_grandpa);
		assert_eq!(operators(), local_operators);
		assert_eq!(Some(pallet_oracle_feeder::Params::<Runtime>::get()), local_params);
	});
}

/// Every account whose key someone on a dev or test network holds: the six dev accounts, the
/// oracle operators' accounts, and the validators' accounts.
fn keyed_accounts() -> Vec<clearing_primitives::AccountId> {
	let mut keyed = genesis_config_presets::dev_accounts();
	keyed.extend(genesis_config_presets::dev_oracle_operators(4));
	keyed.extend(
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.iter()
			.map(|k| k.to_account_id()),
	);
	keyed
}

#[test]
fn staging_has_no_sudo_key_and_the_settlement_asset_belongs_to_the_keyless_governance_account() {
	use frame_support::traits::fungibles::roles::Inspect as Roles;
	let gov = clearing_runtime::configs::governance::governance_account();
	// Derived from `clr/govn`, not any key anyone holds, nor a pallet's account.
	assert!(!keyed_accounts().contains(&gov));
	assert_ne!(gov, pallet_margin::Pallet::<Runtime>::account_id());
	ext_from_preset("staging").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(Assets::owner(SETTLEMENT_ASSET_ID), Some(gov.clone()));
		assert_eq!(Assets::issuer(SETTLEMENT_ASSET_ID), Some(gov.clone()));
		assert_eq!(Assets::admin(SETTLEMENT_ASSET_ID), Some(gov.clone()));
		assert_eq!(Assets::freezer(SETTLEMENT_ASSET_ID), Some(gov.clone()));
		// The governance account holds nothing and signs nothing.
		assert_eq!(Balances::free_balance(&gov), 0);
		assert_eq!(Assets::balance(SETTLEMENT_ASSET_ID, &gov), 0);
	});
	// The dev presets, for contrast: Alice holds sudo and every role of the asset.
	for preset in ["development", "local_testnet"] {
		ext_from_preset(preset).execute_with(|| {
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice()));
			assert_eq!(Assets::owner(SETTLEMENT_ASSET_ID), Some(alice()));
			assert_eq!(Assets::issuer(SETTLEMENT_ASSET_ID), Some(alice()));
		});
	}
}

#[test]
fn on_staging_no_signed_account_can_use_sudo_or_the_settlement_assets_privileged_calls() {
	ext_from_preset("staging").execute_with(|| {
		let id = || SETTLEMENT_ASSET_ID.into();
		let add_charlie = Box::new(clearing_runtime::RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: charlie().into(),
			new_free: 1,
		}));
		let no_permission = || pallet_assets::Error::<Runtime>::NoPermission;
		for who in keyed_accounts() {
			let origin = RuntimeOrigin::signed(who.clone());
			assert_noop!(Sudo::sudo(origin.clone(), add_charlie.clone()), pallet_sudo::Error::<Runtime>::RequireSudo);
			assert_noop!(Sudo::set_key(origin.clone(), who.clone().into()), pallet_sudo::Error::<Runtime>::RequireSudo);
			// Issuer: minting unbacked settlement asset.
			assert_noop!(Assets::mint(origin.clone(), id(), who.clone().into(), 1_000_000 * USDC), no_permission());
			// Admin: moving or burning anyone's balance, e.g. the insurance fund's.
			let fund = pallet_margin::Pallet::<Runtime>::account_id();
			assert_noop!(
				Assets::force_transfer(origin.clone(), id(), fund.clone().into(), who.clone().into(), USDC),
				no_permission()
			);
			assert_noop!(Assets::burn(origin.clone(), id(), fund.into(), USDC), no_permission());
			// Freezer: freezing an account or the whole asset.
			assert_noop!(Assets::freeze(origin.clone(), id(), bob().into()), no_permission());
			assert_noop!(Assets::freeze_asset(origin.clone(), id()), no_permission());
			// Owner: handing the roles over, renaming, destroying.
			assert_noop!(
				Assets::set_team(origin.clone(), id(), who.clone().into(), who.clone().into(), who.clone().into()),
				no_permission()
			);
			assert_noop!(Assets::transfer_ownership(origin.clone(), id(), who.clone().into()), no_permission());
			assert_noop!(
				Assets::set_metadata(origin.clone(), id(), b"Fake".to_vec(), b"USDC".to_vec(), 6),
				no_permission()
			);
			assert_noop!(Assets::start_destroy(origin, id()), no_permission());
		}
		// Root (a root-track referendum; see the governance tests) still can.
		let gov = clearing_runtime::configs::governance::governance_account();
		assert_ok!(Assets::force_asset_status(
			RuntimeOrigin::root(),
			id(),
			gov.clone().into(),
			gov.clone().into(),
			gov.clone().into(),
			gov.into(),
			clearing_primitives::SETTLEMENT_MIN_BALANCE,
			true,
			false
		));
	});
}

#[test]
fn dev_accounts_hold_native_tokens_and_the_settlement_asset() {
	for preset in ["development", "local_testnet", "staging"] {
		ext_from_preset(preset).execute_with(|| {
			let accounts = genesis_config_presets::dev_accounts();
			assert_eq!(accounts.len(), 6);
			for who in &accounts {
				assert_eq!(Balances::free_balance(who), DEV_NATIVE_ENDOWMENT);
				assert_eq!(Assets::balance(SETTLEMENT_ASSET_ID, who), DEV_SETTLEMENT_ENDOWMENT);
			}
			// Oracle operators hold native tokens (their accounts must exist), no settlement asset.
			for who in genesis_config_presets::dev_oracle_operators(4) {
				let operates = operators().contains(&who);
				assert_eq!(Balances::free_balance(&who), if operates { DEV_NATIVE_ENDOWMENT } else { 0 });
				assert_eq!(Assets::balance(SETTLEMENT_ASSET_ID, &who), 0);
			}
			// The six dev accounts and the insurance fund's seed in the margin pallet's account.
			assert_eq!(
				<Assets as Inspect<_>>::total_issuance(SETTLEMENT_ASSET_ID),
				6 * DEV_SETTLEMENT_ENDOWMENT + genesis_config_presets::INSURANCE_FUND_SEED
			);
			assert_eq!(
				<Assets as frame_support::traits::fungibles::metadata::Inspect<_>>::symbol(SETTLEMENT_ASSET_ID),
				b"USDC".to_vec()
			);
			assert_eq!(
				<Assets as frame_support::traits::fungibles::metadata::Inspect<_>>::decimals(SETTLEMENT_ASSET_ID),
				SETTLEMENT_DECIMALS
			);
		});
	}
}

#[test]
fn settlement_asset_moves_exactly_and_refuses_overdrafts() {
	ext_from_preset("development").execute_with(|| {
		assert_ok!(Assets::transfer(
			RuntimeOrigin::signed(alice()),
			SETTLEMENT_ASSET_ID.into(),
			bob().into(),
			25 * USDC
		));
		assert_eq!(Assets::balance(SETTLEMENT_ASSET_ID, alice()), DEV_SETTLEMENT_ENDOWMENT - 25 * USDC);
		assert_eq!(Assets::balance(SETTLEMENT_ASSET_ID, bob()), DEV_SETTLEMENT_ENDOWMENT + 25 * USDC);

		// More than Bob has: refused, nothing moves.
		assert_noop!(
			Assets::transfer(
				RuntimeOrigin::signed(bob()),
				SETTLEMENT_ASSET_ID.into(),
				charlie().into(),
				DEV_SETTLEMENT_ENDOWMENT + 26 * USDC
			),
			pallet_assets::Error::<Runtime>::BalanceLow
		);
	});
}

#[test]
fn native_overdraft_is_refused_and_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		assert_noop!(
			Balances::transfer_allow_death(RuntimeOrigin::signed(bob()), charlie().into(), 1u128 << 120),
			DispatchError::Arithmetic(ArithmeticError::Underflow)
		);
	});
}

#[test]
fn only_root_creates_assets() {
	ext_from_preset("development").execute_with(|| {
		assert_noop!(
			Assets::create(RuntimeOrigin::signed(alice()), 7u32.into(), alice().into(), 1),
			DispatchError::BadOrigin
		);
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 7u32.into(), alice().into(), true, 1));
		assert!(<Assets as Inspect<_>>::asset_exists(7));
	});
}

#[test]
fn oracle_takes_operator_feeds_and_refuses_others() {
	ext_from_preset("development").execute_with(|| {
		let btc = feed_id("BTC/USD").expect("short name");
		assert_ok!(Oracle::feed_values(RuntimeOrigin::signed(dev_operator()), feed("BTC/USD", 64_000_000_000)));
		assert_eq!(Oracle::get(&btc).map(|v| v.value), Some(64_000_000_000));

		// One feed per operator per block.
		assert_noop!(
			Oracle::feed_values(RuntimeOrigin::signed(dev_operator()), feed("BTC/USD", 1)),
			pallet_oracle::Error::<Runtime>::AlreadyFeeded
		);
		// Neither Bob nor Alice's own account is an operator on the dev chain.
		assert_noop!(
			Oracle::feed_values(RuntimeOrigin::signed(alice()), feed("BTC/USD", 1)),
			pallet_oracle::Error::<Runtime>::NoPermission
		);
		assert_noop!(
			Oracle::feed_values(RuntimeOrigin::signed(bob()), feed("BTC/USD", 1)),
			pallet_oracle::Error::<Runtime>::NoPermission
		);
	});
}

#[test]
fn sudo_key_reaches_root_only_calls() {
	ext_from_preset("development").execute_with(|| {
		let call = Box::new(clearing_runtime::RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: charlie().into(),
			new_free: 7 * clearing_primitives::CLR,
		}));
		assert_ok!(Sudo::sudo(RuntimeOrigin::signed(alice()), call.clone()));
		assert_eq!(Balances::free_balance(charlie()), 7 * clearing_primitives::CLR);
		assert_noop!(Sudo::sudo(RuntimeOrigin::signed(bob()), call), pallet_sudo::Error::<Runtime>::RequireSudo);
	});
}

#[test]
fn block_weights_use_the_base_weights_measured_here_and_are_valid() {
	use frame_support::{dispatch::DispatchClass, weights::constants::WEIGHT_REF_TIME_PER_SECOND};
	use frame_system::limits::BlockWeights;
	let weights: BlockWeights = clearing_runtime::configs::RuntimeBlockWeights::get();
	assert!(weights.clone().validate().is_ok(), "{weights:?}");
	assert_eq!(weights.base_block, clearing_runtime::weights::block_weights::BlockExecutionWeight::get());
	for class in [DispatchClass::Normal, DispatchClass::Operational, DispatchClass::Mandatory] {
		assert_eq!(
			weights.get(class).base_extrinsic,
			clearing_runtime::weights::extrinsic_weights::ExtrinsicBaseWeight::get()
		);
	}
	assert_eq!(weights.max_block.ref_time(), WEIGHT_REF_TIME_PER_SECOND);
	assert_eq!(
		weights.get(DispatchClass::Normal).max_total.map(|w| w.ref_time()),
		Some(WEIGHT_REF_TIME_PER_SECOND / 4 * 3)
	);
	// The transaction extensions are priced with this runtime's database (ParityDb), not RocksDB.
	let nonce = <clearing_runtime::weights::frame_system_extensions::WeightInfo<clearing_runtime::Runtime> as frame_system::ExtensionsWeightInfo>::check_nonce();
	let parity = <clearing_runtime::Runtime as frame_system::Config>::DbWeight::get();
	assert!(nonce.ref_time() >= parity.reads_writes(1, 1).ref_time());
	assert!(
		nonce.ref_time()
			< frame_support::weights::constants::RocksDbWeight::get()
				.reads_writes(1, 1)
				.ref_time()
	);
}
