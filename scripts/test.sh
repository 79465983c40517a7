#!/usr/bin/env bash
# Every test of the project: the Rust workspace (unit, runtime integration, chain-spec drift),
# then the end-to-end suite against the real release node, then the four-validator network suite.
#
# Everything builds in the release profile, into one target directory, with one feature set
# (`--workspace` everywhere): the node binary and the tests share that build.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearing-chain/target}"
start=$(date +%s)
stage() { echo; echo "=== $1 (at $(( $(date +%s) - start )) s)"; }

stage "setup"
bash scripts/setup.sh

stage "formatting (rustfmt.toml)"
cargo fmt --all --check

stage "build (release)"
cargo build --release --workspace --locked

stage "lints (clippy, warnings are errors)"
# Every target of the workspace, tests included, with the release profile and the build's
# environment, so that build scripts, proc macros and the wasm runtime are the build's own.
cargo clippy --release --workspace --all-targets --locked -- -D warnings

stage "cargo test (release)"
cargo test --release --workspace --locked

stage "benchmarks as tests (runtime-benchmarks feature, our pallets)"
# Every benchmark runs once on the pallet's mock, so a benchmark that no longer compiles or whose
# setup fails breaks CI before anyone needs it for weights. A separate feature set: its artifacts
# sit beside the main build's in the target directory, neither rebuilds the other.
for pallet in pallets/*/; do
	name=$(basename "$pallet")
	# Only the pallets (crates with benchmarks); not the shared primitives or test doubles.
	[ -f "$pallet/src/benchmarking.rs" ] || continue
	SKIP_WASM_BUILD=1 cargo test --release --locked -p "pallet-$name" --features runtime-benchmarks -- benchmark
done

stage "end-to-end suite"
NODE_BIN="$CARGO_TARGET_DIR/release/clearing-node" \
	node --test --test-concurrency=1 scripts/e2e/*.test.mjs

stage "validator network suite (four validators on loopback: faults, lying oracle, spam)"
# Four nodes per file on the committed local chain spec (scripts/testnet/network.mjs): longer
# than the single-node suite, so a stage of its own.
NODE_BIN="$CARGO_TARGET_DIR/release/clearing-node" \
	node --test --test-concurrency=1 scripts/e2e/network/*.test.mjs

stage "all tests passed"
