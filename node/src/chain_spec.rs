//! The chains this node knows by name: `dev`, `local` and `staging`, built from the runtime's
//! genesis presets. `staging` is the production-shaped one: no sudo key, the settlement asset's
//! roles held by the keyless governance account.
//!
//! Their specs are also committed under `chain-specs/` (plain and raw), regenerated with
//! `scripts/build-chain-specs.sh`; a test fails when the committed files drift from these.

use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain spec of this node; no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol and decimals, so polkadot.js shows balances as CLR.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "CLR".into());
	properties.insert("tokenDecimals".into(), clearing_primitives::NATIVE_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

/// The runtime's wasm, or an error when the node was built with `SKIP_WASM_BUILD`.
fn wasm_binary() -> Result<&'static [u8], String> {
	clearing_runtime::WASM_BINARY.ok_or_else(|| "the runtime wasm was not built (SKIP_WASM_BUILD was set)".to_string())
}

/// A chain spec over one of the runtime's genesis presets.
fn from_preset(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// The single-validator development chain (`--dev`, `--chain dev`).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset("Clearing Development", "clearing_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// The four-validator local test network (`--chain local`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset("Clearing Local Testnet", "clearing_local", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}

/// The four-validator staging network without privileged keys (`--chain staging`): a `Live`
/// chain, so a node does not fill in the dev price simulator as its oracle sources.
pub fn staging_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Clearing Staging",
		"clearing_staging",
		ChainType::Live,
		clearing_runtime::genesis_config_presets::STAGING_RUNTIME_PRESET,
	)
}
