//! The committed chain specs in `chain-specs/` must be what this node's `build-spec` produces.
//! When this fails, regenerate them with `scripts/build-chain-specs.sh` and review the diff.
//!
//! The runtime wasm blob is left out of the comparison: it embeds the absolute source paths of
//! the machine that built it (panic locations), so two correct builds in different checkouts
//! differ there. Everything else (genesis accounts, balances, keys, properties, ids) is compared.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde_json::Value;
use std::{path::PathBuf, process::Command};

/// Storage key of the runtime code in a raw spec: hex of `:code`.
const CODE_KEY: &str = "0x3a636f6465";

fn generated(chain: &str, raw: bool) -> Value {
	let mut cmd = Command::new(env!("CARGO_BIN_EXE_clearing-node"));
	cmd.args(["build-spec", "--chain", chain, "--disable-default-bootnode"]);
	if raw {
		cmd.arg("--raw");
	}
	let out = cmd.output().expect("the node binary runs");
	assert!(out.status.success(), "build-spec failed: {}", String::from_utf8_lossy(&out.stderr));
	serde_json::from_slice(&out.stdout).expect("build-spec prints JSON")
}

fn committed(file: &str) -> Value {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs").join(file);
	let text = std::fs::read_to_string(&path)
		.unwrap_or_else(|e| panic!("{} is missing ({e}); run scripts/build-chain-specs.sh", path.display()));
	serde_json::from_str(&text).expect("committed spec is JSON")
}

/// The spec without its wasm blob; fails if the blob is not where a spec keeps it.
fn without_code(mut spec: Value, raw: bool) -> Value {
	let code = if raw {
		spec.pointer_mut("/genesis/raw/top")
			.and_then(|top| top.as_object_mut())
			.and_then(|top| top.remove(CODE_KEY))
	} else {
		spec.pointer_mut("/genesis/runtimeGenesis")
			.and_then(|g| g.as_object_mut())
			.and_then(|g| g.remove("code"))
	};
	let code = code.expect("a chain spec carries the runtime code");
	assert!(code.as_str().is_some_and(|hex| hex.len() > 100_000), "the runtime code is a large hex string");
	spec
}

fn assert_same(chain: &str, file: &str, raw: bool) {
	let now = without_code(generated(chain, raw), raw);
	let then = without_code(committed(file), raw);
	assert!(
		now == then,
		"chain-specs/{file} drifted from `clearing-node build-spec --chain {chain}{}`; \
		 run scripts/build-chain-specs.sh and review the diff",
		if raw { " --raw" } else { "" }
	);
}

#[test]
fn dev_spec_is_current() {
	assert_same("dev", "dev.json", false);
}

#[test]
fn dev_raw_spec_is_current() {
	assert_same("dev", "dev-raw.json", true);
}

#[test]
fn local_spec_is_current() {
	assert_same("local", "local.json", false);
}

#[test]
fn local_raw_spec_is_current() {
	assert_same("local", "local-raw.json", true);
}

#[test]
fn committed_specs_describe_the_intended_chains() {
	let dev = committed("dev.json");
	assert_eq!(dev["id"], "clearing_dev");
	assert_eq!(dev["chainType"], "Development");
	assert_eq!(dev["properties"]["tokenSymbol"], "CLR");
	assert_eq!(dev["properties"]["tokenDecimals"], 12);
	let local = committed("local.json");
	assert_eq!(local["id"], "clearing_local");
	assert_eq!(local["chainType"], "Local");
	// Aura's and GRANDPA's authorities come from the genesis validators' session keys.
	let keys = local
		.pointer("/genesis/runtimeGenesis/patch/session/keys")
		.expect("session keys");
	assert_eq!(keys.as_array().map(Vec::len), Some(4));
	let validators = local
		.pointer("/genesis/runtimeGenesis/patch/validatorSet/validators")
		.expect("validator set");
	assert_eq!(validators.as_array().map(Vec::len), Some(4));
	assert_eq!(local.pointer("/genesis/runtimeGenesis/patch/validatorSet/minValidators"), Some(&Value::from(4)));
}

/// `Metadata_metadata` and `Core_version` of a (possibly compressed) runtime wasm, executed.
fn metadata_and_version(code: &[u8]) -> (Vec<u8>, Vec<u8>) {
	use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};
	let executor = sc_executor::WasmExecutor::<sp_io::SubstrateHostFunctions>::builder().build();
	let fetcher = WrappedRuntimeCode(code.into());
	let runtime_code = RuntimeCode {
		code_fetcher: &fetcher,
		heap_pages: None,
		hash: <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(code)
			.as_bytes()
			.to_vec(),
	};
	let mut storage = sp_io::TestExternalities::default();
	let mut ext = storage.ext();
	let mut call = |method: &str| {
		executor
			.call(&mut ext, &runtime_code, method, &[], CallContext::Offchain)
			.0
			.unwrap_or_else(|e| panic!("{method}: {e}"))
	};
	(call("Metadata_metadata"), call("Core_version"))
}

/// The wasm a committed raw spec starts its chain with.
fn committed_code(file: &str) -> Vec<u8> {
	let spec = committed(file);
	let hex = spec
		.pointer("/genesis/raw/top")
		.and_then(|top| top.get(CODE_KEY))
		.and_then(Value::as_str)
		.expect("raw spec has code");
	sp_core::bytes::from_hex(hex).expect("code is hex")
}

/// The wasm blob itself differs between checkouts (it embeds source paths), so the drift tests
/// above leave it out. But the local network (`scripts/local-testnet.sh`, the network suite) runs
/// the committed spec's runtime, not this build's: a spec left behind after a runtime change would
/// test old code. Its metadata (every call, event, error, storage item, constant value, extension
/// and doc comment) and version must be this build's.
#[test]
fn committed_raw_specs_run_this_builds_runtime() {
	let built = metadata_and_version(clearing_runtime::WASM_BINARY.expect("built with the wasm"));
	for file in ["dev-raw.json", "local-raw.json"] {
		let committed = metadata_and_version(&committed_code(file));
		assert!(
			committed.1 == built.1,
			"chain-specs/{file} carries a runtime of another version; run scripts/build-chain-specs.sh"
		);
		assert!(
			committed.0 == built.0,
			"chain-specs/{file} carries a runtime whose metadata differs from this build's; run scripts/build-chain-specs.sh"
		);
	}
}

/// The committed production spec (`scripts/build-production-spec.sh`, from
/// `chain-specs/production-genesis.json`): nobody holds a privileged key, the four validators of
/// the file with their session keys, and a runtime that is not this (fast-runtime) build's.
#[test]
fn the_committed_production_spec_has_no_privileged_key_and_the_operators_validators() {
	let spec = committed("production.json");
	assert_eq!(spec["id"], "clearing");
	assert_eq!(spec["chainType"], "Live");
	let patch = spec.pointer("/genesis/runtimeGenesis/patch").expect("a genesis patch");
	assert!(patch.pointer("/sudo/key").is_none_or(Value::is_null), "no sudo key");
	let file: Value = serde_json::from_str(
		&std::fs::read_to_string(
			PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs/production-genesis.json"),
		)
		.expect("the genesis file is committed"),
	)
	.expect("JSON");
	let accounts: Vec<&Value> = file["validators"]
		.as_array()
		.expect("validators")
		.iter()
		.map(|v| &v["account"])
		.collect();
	let mut set: Vec<&Value> = patch
		.pointer("/validatorSet/validators")
		.and_then(Value::as_array)
		.expect("set")
		.iter()
		.collect();
	let mut expected = accounts.clone();
	set.sort_by_key(|v| v.to_string());
	expected.sort_by_key(|v| v.to_string());
	assert_eq!(set, expected, "the validators are the file's");
	assert_eq!(patch.pointer("/validatorSet/minValidators"), Some(&Value::from(4)));
	let keys = patch.pointer("/session/keys").and_then(Value::as_array).expect("session keys");
	assert_eq!(keys.len(), 4);
	for (entry, key) in file["validators"].as_array().expect("validators").iter().zip(keys) {
		let registered = keys.iter().find(|k| k[0] == entry["account"]).unwrap_or(key);
		assert_eq!(registered[2]["oracle"], entry["oracle"], "{}'s oracle key", entry["name"]);
		assert_eq!(registered[2]["grandpa"], entry["grandpa"], "{}'s GRANDPA key", entry["name"]);
	}
	// The settlement asset's team is the keyless governance account; USDC exists only as the
	// insurance fund's seed (one account).
	let asset = &patch.pointer("/assets/assets").and_then(Value::as_array).expect("assets")[0];
	let governance =
		sp_core::crypto::Ss58Codec::to_ss58check(&clearing_runtime::configs::governance::governance_account());
	assert_eq!(asset[1], Value::from(governance));
	assert_eq!(patch.pointer("/assets/accounts").and_then(Value::as_array).map(Vec::len), Some(1));

	// Its runtime runs, and is not this fast-runtime build's (whose constants differ).
	let production = metadata_and_version(&committed_code("production-raw.json"));
	let dev = metadata_and_version(clearing_runtime::WASM_BINARY.expect("built with the wasm"));
	assert_ne!(production.0, dev.0, "the production spec carries the production runtime's metadata");
}
