#!/usr/bin/env bash
# Installs what building and testing the chain needs on a fresh Debian/Ubuntu machine, and nothing
# that is already there: apt packages, the toolchain of rust-toolchain.toml with the wasm target,
# rust-src, rustfmt and clippy (rustup does not install them on its own here:
# RUSTUP_AUTO_INSTALL=0), and the end-to-end suite's npm packages; checks Node.js is 20 or later.
# Says what to install by hand when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

# What the build needs from the system: a C toolchain and pkg-config (native build scripts),
# OpenSSL's headers, curl (rustup's installer), protoc (litep2p's build script), clang and
# libclang (bindgen in some -sys crates).
missing=()
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
dpkg -s libssl-dev >/dev/null 2>&1 || missing+=(libssl-dev)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "setup: no apt-get here; install these packages (or your system's equivalents) and run again: ${missing[*]}" >&2
		exit 1
	fi
	if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		|| ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
		echo "setup: could not install ${missing[*]} (this needs root or sudo, and a reachable package" >&2
		echo "setup: mirror); install them by hand: sudo apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup: rustup is not installed; install Rust with it first:" >&2
	echo "setup:   curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh" >&2
	exit 1
fi
# rust-toolchain.toml names the toolchain; `rustup show` installs it with its components and
# targets where it is missing (RUSTUP_AUTO_INSTALL=0 stops the proxies from doing it silently).
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
for component in rust-src rustfmt clippy; do
	rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if ! command -v node >/dev/null 2>&1; then
	echo "setup: Node.js (20 or later) is needed for the end-to-end suite: https://nodejs.org" >&2
	exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
	echo "setup: Node.js $(node --version) is too old: the end-to-end suite's test runner needs 20 or later" >&2
	exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "setup: npm (shipped with Node.js) is needed to install the end-to-end suite's packages" >&2
	exit 1
fi
e2e=scripts/e2e
if [ ! -d "$e2e/node_modules" ] || [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
	echo "setup: installing the end-to-end suite's npm packages"
	(cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
