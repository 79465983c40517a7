//! The committed chain specs in `chain-specs/` must be what this node's `build-spec` produces.
//! When this fails, regenerate them with `scripts/build-chain-specs.sh` and review the diff.
//!
//! The runtime wasm blob is left out of the comparison: it embeds the absolute source paths of
//! the machine that built it (panic locations), so two correct builds in different checkouts
//! differ there. Everything else (genesis accounts, balances, keys, properties, ids) is compared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

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
		spec.pointer_mut("/genesis/raw/top").and_then(|top| top.as_object_mut()).and_then(|top| top.remove(CODE_KEY))
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
	let authorities = local.pointer("/genesis/runtimeGenesis/patch/aura/authorities").expect("aura authorities");
	assert_eq!(authorities.as_array().map(Vec::len), Some(4));
}
