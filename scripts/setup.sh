#!/usr/bin/env bash
# Installs what building and testing the chain needs on a fresh Debian/Ubuntu machine, and nothing
# that is already there: apt packages, the wasm target and rust-src (rustup does not install them on
# its own here: RUSTUP_AUTO_INSTALL=0), and the end-to-end suite's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)   # litep2p's build script runs protoc
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)     # bindgen in some -sys crates
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
	echo "setup: cargo is not installed; install Rust with rustup first (https://rustup.rs)" >&2
	exit 1
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src

if ! command -v node >/dev/null 2>&1; then
	echo "setup: Node.js (20 or later) is needed for the end-to-end suite" >&2
	exit 1
fi
e2e=scripts/e2e
if [ ! -d "$e2e/node_modules" ] || [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
	echo "setup: installing the end-to-end suite's npm packages"
	(cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
