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

# The local price simulator: the dev node's oracle worker asks it for prices (--price-source
# defaults to it on --dev). Its admin API moves prices and breaks sources (README).
sim_port="${PRICE_SIM_PORT:-8787}"
node scripts/price-sim/server.mjs --port "$sim_port" &
children+=($!)
price_flags=()
if [ "$sim_port" != 8787 ]; then
	for source in binance coinbase kraken; do price_flags+=(--price-source "$source=http://127.0.0.1:$sim_port"); done
fi

"$CARGO_TARGET_DIR/release/clearing-node" --dev --tmp --rpc-port "$rpc_port" --rpc-cors all "${price_flags[@]}" "$@" &
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
  price simulator: http://127.0.0.1:$sim_port/admin/state
                   shock BTC by -30 %: curl -d '{"pair":"BTC/USD","percent":-30}' http://127.0.0.1:$sim_port/admin/shock
  Press Ctrl-C to stop.

MSG
wait "$node_pid"
