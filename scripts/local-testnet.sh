#!/usr/bin/env bash
# Starts the four-validator local test network on loopback: Alice, Bob, Charlie and Dave of the
# committed chain spec (chain-specs/local-raw.json), each validating (Aura, GRANDPA) and operating
# the oracle with its own price simulator. Ctrl-C stops everything it started.
#
#   scripts/local-testnet.sh [--dir DIR] [--purge] [--rpc-port 9944] [--p2p-port 30333]
#                            [--sim-port 8787] [--chain SPEC] [--no-walk]
#
# Validator i listens on rpc-port + i (ws://127.0.0.1:9944 is Alice) and p2p-port + i, and reads
# prices from its simulator on sim-port + i. DIR (default ./testnet) keeps each validator's base
# path and log; a second run continues the same chain, --purge starts a new one.
# Set NO_BUILD=1 to use the node binary as it is ($NODE_BIN, or the release build).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearing-chain/target}"

if [ "${NO_BUILD:-0}" != 1 ]; then
	bash scripts/setup.sh
	cargo build --release --workspace --locked
fi
exec node scripts/testnet/run.mjs "$@"
