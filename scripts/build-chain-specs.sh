#!/usr/bin/env bash
# Regenerates the committed chain specs in chain-specs/ with the node's own `build-spec`.
# `node/tests/chain_specs.rs` fails when the committed files drift from what the node produces.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearing-chain/target}"
cargo build --release --workspace --locked
node_bin="$CARGO_TARGET_DIR/release/clearing-node"
for chain in dev local staging; do
	"$node_bin" build-spec --chain "$chain" --disable-default-bootnode > "chain-specs/$chain.json"
	"$node_bin" build-spec --chain "$chain" --disable-default-bootnode --raw > "chain-specs/$chain-raw.json"
	echo "wrote chain-specs/$chain.json and chain-specs/$chain-raw.json"
done
