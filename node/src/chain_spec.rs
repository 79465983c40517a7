//! The chains this node knows by name: `dev`, `local` and `staging`, built from the runtime's
//! genesis presets. `staging` is the production-shaped one: no sudo key, the settlement asset's
//! roles held by the keyless governance account.
//!
//! Their specs are also committed under `chain-specs/` (plain and raw), regenerated with
//! `scripts/build-chain-specs.sh`; a test fails when the committed files drift from these.
//!
//! The production chain's spec comes from a file the operators agree on
//! (`--chain production:<file>`, see [`production_chain_spec`]), with the production runtime:
//! a node built without `fast-runtime` refuses nothing, a node built with it refuses to make one.

use clearing_runtime::genesis_config_presets::GenesisValidator;
use sc_service::{ChainType, Properties};
use sp_core::crypto::{ByteArray, Ss58Codec};
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

/// `--chain production:<file>`: the production chain from the operators' genesis file.
pub const PRODUCTION_PREFIX: &str = "production:";

/// The genesis file the operators agree on (`chain-specs/production-genesis.json`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ProductionGenesisFile {
	/// The chain's name, as wallets show it.
	name: String,
	/// The chain's id: its database directory and network protocol name.
	id: String,
	/// Nodes to connect to first, as multiaddresses with peer ids.
	#[serde(default)]
	boot_nodes: Vec<String>,
	/// The genesis validators (at least `MIN_VALIDATORS`).
	validators: Vec<ValidatorEntry>,
	/// Native endowments: `[account, plancks]`, the amount a decimal string.
	#[serde(default)]
	endowments: Vec<(String, String)>,
}

/// One validator of the genesis file: its account and its three public session keys, each as
/// SS58 or `0x` hex (what `author_rotateKeysWithOwner` prints, split in three).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidatorEntry {
	/// Who runs it; for the operators' records only.
	name: String,
	account: String,
	aura: String,
	grandpa: String,
	oracle: String,
}

/// A public key from SS58 or `0x`-prefixed hex.
fn public_key<T: Ss58Codec + ByteArray>(what: &str, text: &str) -> Result<T, String> {
	let parsed = match text.strip_prefix("0x") {
		Some(_) => {
			let bytes = sp_core::bytes::from_hex(text).map_err(|_| format!("{what}: {text} is not hex"))?;
			T::from_slice(&bytes).map_err(|_| format!("{what}: {text} is not a {}-byte key", T::LEN))
		},
		None => T::from_ss58check(text).map_err(|e| format!("{what}: {text} is not SS58 ({e:?})")),
	};
	parsed
}

/// The production chain spec from the operators' genesis file at `path`: its validators with their
/// session keys and its native endowments over the runtime's `production` genesis (no sudo key,
/// the settlement asset's team the keyless governance account), with this node's runtime, which
/// must be the production build.
pub fn production_chain_spec(path: &std::path::Path) -> Result<ChainSpec, String> {
	if cfg!(feature = "fast-runtime") {
		return Err("this node embeds the dev runtime (governance periods of seconds): build the production node \
			 with `cargo build --release -p clearing-node --no-default-features --features metadata-hash`"
			.into());
	}
	let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	let file: ProductionGenesisFile =
		serde_json::from_str(&text).map_err(|e| format!("{} is not a genesis file: {e}", path.display()))?;
	let validators = production_validators(&file.validators)?;
	let mut endowments = Vec::with_capacity(file.endowments.len());
	for (account, amount) in &file.endowments {
		let who = public_key::<sp_core::sr25519::Public>("endowment", account)?;
		let amount: clearing_primitives::Balance = amount
			.parse()
			.map_err(|_| format!("endowment of {account}: {amount} is not an amount in plancks"))?;
		endowments.push((who.into(), amount));
	}
	let boot_nodes = file
		.boot_nodes
		.iter()
		.map(|addr| addr.parse().map_err(|e| format!("boot node {addr}: {e}")))
		.collect::<Result<Vec<_>, String>>()?;
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(&file.name)
		.with_id(&file.id)
		.with_chain_type(ChainType::Live)
		.with_boot_nodes(boot_nodes)
		.with_genesis_config_patch(clearing_runtime::genesis_config_presets::production(validators, endowments))
		.with_properties(properties())
		.build())
}

/// The file's validators, checked: at least `MIN_VALIDATORS`, no account or key of a kind listed
/// twice.
fn production_validators(entries: &[ValidatorEntry]) -> Result<Vec<GenesisValidator>, String> {
	let min = clearing_runtime::configs::MIN_VALIDATORS;
	if entries.len() < min as usize {
		return Err(format!("the genesis file lists {} validators; at least {min} are needed", entries.len()));
	}
	let mut validators = Vec::with_capacity(entries.len());
	let mut seen = std::collections::BTreeSet::new();
	for entry in entries {
		let what = |key: &str| format!("validator {}: {key}", entry.name);
		let validator = GenesisValidator {
			account: public_key::<sp_core::sr25519::Public>(&what("account"), &entry.account)?.into(),
			aura: public_key(&what("aura"), &entry.aura)?,
			grandpa: public_key(&what("grandpa"), &entry.grandpa)?,
			oracle: public_key(&what("oracle"), &entry.oracle)?,
		};
		for (kind, raw) in [
			("account", <clearing_primitives::AccountId as AsRef<[u8]>>::as_ref(&validator.account).to_vec()),
			("aura", validator.aura.to_raw_vec()),
			("grandpa", validator.grandpa.to_raw_vec()),
			("oracle", validator.oracle.to_raw_vec()),
		] {
			if !seen.insert((kind, raw)) {
				return Err(format!("validator {}: its {kind} is another validator's too", entry.name));
			}
		}
		validators.push(validator);
	}
	Ok(validators)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
	use super::*;

	/// The committed genesis file of the production chain.
	fn committed() -> ProductionGenesisFile {
		let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs/production-genesis.json");
		serde_json::from_str(&std::fs::read_to_string(path).expect("committed")).expect("parses")
	}

	#[test]
	fn the_committed_genesis_file_lists_four_distinct_validators() {
		let file = committed();
		let validators = production_validators(&file.validators).expect("valid");
		assert_eq!(validators.len(), 4);
		assert_eq!(file.endowments.len(), 4);
		// Keys in SS58 and the same keys in hex read alike.
		let mut hex = file.validators;
		let aura_hex = format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&validators[0].aura.to_raw_vec()));
		hex[0].aura = aura_hex;
		assert_eq!(production_validators(&hex).expect("valid"), validators);
	}

	#[test]
	fn a_genesis_file_with_too_few_validators_or_a_shared_key_is_refused() {
		let mut file = committed();
		file.validators.truncate(3);
		assert!(production_validators(&file.validators).unwrap_err().contains("at least 4"));

		let mut file = committed();
		file.validators[1].oracle = file.validators[0].oracle.clone();
		assert!(production_validators(&file.validators)
			.unwrap_err()
			.contains("oracle is another validator's"));

		let mut file = committed();
		file.validators[2].grandpa = "5notakey".into();
		assert!(production_validators(&file.validators).unwrap_err().contains("is not SS58"));
	}

	#[test]
	fn a_dev_node_refuses_to_build_the_production_spec() {
		let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs/production-genesis.json"));
		let result = production_chain_spec(path);
		if cfg!(feature = "fast-runtime") {
			assert!(result.err().is_some_and(|e| e.contains("--no-default-features")));
		} else {
			assert!(result.is_ok());
		}
	}
}
