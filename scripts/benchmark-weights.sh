#!/usr/bin/env bash
# Builds the node with the `runtime-benchmarks` feature, runs `benchmark pallet` on the dev chain's
# runtime for every pallet of ours (their calls, the oracle feed gate, and the hooks: margin's
# funding over markets, the liquidation engine's on_finalize over markets, evaluations and
# liquidations) and for the SDK pieces every transaction pays (`pallet_balances`, the
# `frame_system` transaction extensions), so that all of them are measured on the same machine.
# Writes each pallet's `src/weights.rs` (from scripts/bench/weights-template.hbs) and
# runtime/src/weights/<pallet>.rs (the SDK's standard template); with no names given, also the
# base block and extrinsic weights (`benchmark overhead`).
#
#   scripts/benchmark-weights.sh [name ...]     # default: all; names as in pallets/ (margin, …)
#                                               # or pallet_balances, frame_system_extensions
#
# STEPS and REPEAT (environment) set the sampling: 10 and 5 by default. The benchmark binary is
# kept as $CARGO_TARGET_DIR/release/clearing-node-benchmarks; the regular node is rebuilt
# afterwards with the new weights, so the tests keep running the node without the benchmark
# feature. NO_BUILD=1 uses the benchmark binary as it is and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clearing-chain/target}"
steps="${STEPS:-10}"
repeat="${REPEAT:-5}"
sdk=(pallet_balances frame_system_extensions)
pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
	for dir in pallets/*/; do
		[ -f "$dir/src/benchmarking.rs" ] && pallets+=("$(basename "$dir")")
	done
	pallets+=("${sdk[@]}")
fi

bench="$CARGO_TARGET_DIR/release/clearing-node-benchmarks"
if [ "${NO_BUILD:-0}" != 1 ]; then
	bash scripts/setup.sh
	cargo build --release --workspace --locked --features clearing-node/runtime-benchmarks
	cp "$CARGO_TARGET_DIR/release/clearing-node" "$bench"
fi

mkdir -p runtime/src/weights
if [ $# -eq 0 ]; then
	# The base weights of a block and of an extrinsic (runtime/src/weights/block_weights.rs,
	# extrinsic_weights.rs): measured here too, not taken from the SDK's reference machine.
	echo "=== overhead -> runtime/src/weights/{block,extrinsic}_weights.rs"
	"$bench" benchmark overhead --chain dev --weight-path runtime/src/weights --warmup 10 --repeat "$((repeat * 20))"
fi
for name in "${pallets[@]}"; do
	if [[ " ${sdk[*]} " == *" $name "* ]]; then
		crate="$name"
		template=()
		output="runtime/src/weights/$name.rs"
	else
		crate="pallet_${name//-/_}"
		template=(--template scripts/bench/weights-template.hbs)
		output="pallets/$name/src/weights.rs"
	fi
	echo "=== $crate -> $output"
	"$bench" benchmark pallet \
		--chain dev \
		--pallet "$crate" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		"${template[@]}" \
		--output "$output"
	# The generated file in the repository's style (rustfmt.toml), as `cargo fmt --check` wants it.
	rustfmt --edition 2021 "$output"
done
if [ "${NO_BUILD:-0}" != 1 ]; then
	# The regular node, with the new weights (both feature sets stay built side by side).
	cargo build --release --workspace --locked
fi
echo "wrote the weights of ${pallets[*]}; review the diff, regenerate the chain specs"
echo "(scripts/build-chain-specs.sh) and commit them"
