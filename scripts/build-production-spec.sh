#!/usr/bin/env bash
# Builds the production node (no `fast-runtime`: governance periods of days, hour-long sessions;
# with the runtime's metadata hash for `CheckMetadataHash`) and writes the production chain spec
# from the operators' genesis file:
#
#   scripts/build-production-spec.sh [chain-specs/production-genesis.json]
#
# Writes chain-specs/production.json and chain-specs/production-raw.json, keeps the production
# node as $CARGO_TARGET_DIR/release/clearing-node-production, prints the blake2-256 hash of the
# runtime code in the raw spec (what an operator compares with the wasm they build themselves),
# and rebuilds the regular (dev) node afterwards, as the two builds share a target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearing-chain/target}"
genesis="${1:-chain-specs/production-genesis.json}"
production="$CARGO_TARGET_DIR/release/clearing-node-production"
wasm="$CARGO_TARGET_DIR/release/wbuild/clearing-runtime/clearing_runtime.compact.compressed.wasm"

bash scripts/setup.sh
# The runtime's build script reruns for any change of its sources, so touching one makes it
# rebuild the wasm for this feature set (the dev and production wasm share their output path).
touch runtime/src/lib.rs
cargo build --release --workspace --locked --no-default-features --features clearing-node/metadata-hash
cp "$CARGO_TARGET_DIR/release/clearing-node" "$production"

"$production" build-spec --chain "production:$genesis" --disable-default-bootnode > chain-specs/production.json
"$production" build-spec --chain "production:$genesis" --disable-default-bootnode --raw > chain-specs/production-raw.json
echo "wrote chain-specs/production.json and chain-specs/production-raw.json from $genesis"
node scripts/code-hash.mjs chain-specs/production-raw.json "$wasm"

# Back to the dev node the other scripts and tests run.
touch runtime/src/lib.rs
cargo build --release --workspace --locked
