#!/usr/bin/env bash
# Builds the node and starts a single-validator dev chain (Alice validates and operates the oracle).
# Prints the RPC endpoint and the polkadot.js apps link; Ctrl-C stops everything it started.
# Extra arguments go to the node, e.g. `scripts/run-dev.sh --rpc-external`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearing-chain/target}"
rpc_port="${RPC_PORT:-9944}"

bash scripts/setup.sh
cargo build --release --workspace --locked

children=()
cleanup() {
	trap - EXIT INT TERM
	for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# The local price simulator (scripts/price-sim) starts here once it exists.
if [ -f scripts/price-sim/server.js ]; then
	node scripts/price-sim/server.js &
	children+=($!)
fi

"$CARGO_TARGET_DIR/release/clearing-node" --dev --tmp --rpc-port "$rpc_port" --rpc-cors all "$@" &
node_pid=$!
children+=("$node_pid")

for _ in $(seq 1 60); do
	if curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		"http://127.0.0.1:$rpc_port" >/dev/null 2>&1; then
		break
	fi
	kill -0 "$node_pid" 2>/dev/null || { echo "the node exited; see its log above" >&2; exit 1; }
	sleep 1
done

cat <<MSG

Dev chain running.
  RPC endpoint:    ws://127.0.0.1:$rpc_port
  polkadot.js:     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$rpc_port#/explorer
  Press Ctrl-C to stop.

MSG
wait "$node_pid"
