#!/usr/bin/env node
// Runs the four-validator local test network until Ctrl-C (see network.mjs and the README's
// "Run a validator network"). Started by scripts/local-testnet.sh, which builds the node first.
//
//   node scripts/testnet/run.mjs [--dir DIR] [--purge] [--chain SPEC] [--p2p-port 30333]
//                                [--rpc-port 9944] [--sim-port 8787] [--no-walk]
//
// Validator i (Alice, Bob, Charlie, Dave) listens on p2p-port + i and rpc-port + i, and reads its
// own price simulator on sim-port + i. DIR (default ./testnet) holds each validator's base path
// and log; a second run on the same DIR continues the same chain, `--purge` starts it afresh.

import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_PORTS, LOCAL_CHAIN_SPEC, REPO, heights, startTestnet, waitForHeights } from './network.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const known = ['--dir', '--purge', '--chain', '--p2p-port', '--rpc-port', '--sim-port', '--no-walk', '--help'];
const unknown = args.filter((a, i) => a.startsWith('--') && !known.includes(a) && !known.includes(args[i - 1]));
if (args.includes('--help') || unknown.length) {
  if (unknown.length) console.error(`unknown option(s): ${unknown.join(' ')}`);
  console.error('usage: local-testnet.sh [--dir DIR] [--purge] [--chain SPEC] [--p2p-port N] [--rpc-port N] [--sim-port N] [--no-walk]');
  process.exit(unknown.length ? 2 : 0);
}

const dir = resolve(option('--dir', resolve(REPO, 'testnet')));
const ports = {
  p2p: Number(option('--p2p-port', DEFAULT_PORTS.p2p)),
  rpc: Number(option('--rpc-port', DEFAULT_PORTS.rpc)),
  sim: Number(option('--sim-port', DEFAULT_PORTS.sim)),
};
if (args.includes('--purge')) rmSync(dir, { recursive: true, force: true });

let network;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the validators (SIGTERM, then SIGKILL after 15 s) and the price simulators …');
  if (network) {
    await network.stop();
    for (const v of network.validators) console.log(`  ${v.name}: exited ${JSON.stringify(v.exit)}`);
  }
  console.log(`stopped; base paths and logs stay in ${dir}`);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  network = await startTestnet({
    dir,
    ports,
    chainSpec: resolve(option('--chain', LOCAL_CHAIN_SPEC)),
    sim: { walk: !args.includes('--no-walk') },
    onSpawn: (v) => v.exited.then((exit) => {
      if (!stopping) console.log(`${v.name} exited on its own: ${JSON.stringify(exit)}; see ${v.logPath}`);
    }),
  });
} catch (e) {
  console.error(`the network did not start: ${e.message}`);
  await shutdown(1);
}

console.log(`\nFour validators running on loopback (chain spec ${network.chainSpec}):\n`);
for (const v of network.validators) {
  console.log(`  ${v.name.padEnd(8)} pid ${String(v.child.pid).padEnd(8)} ws://127.0.0.1:${v.rpcPort}  p2p ${v.p2pPort}  prices ${v.sim.url}/admin/state`);
  console.log(`  ${''.padEnd(8)} base path ${v.basePath}  log ${v.logPath}`);
}
console.log(`\npolkadot.js: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${ports.rpc}#/explorer`);

try {
  const start = await heights(network.validators[0]);
  const up = await waitForHeights(network.validators[0], { best: start.best + 3, finalized: start.best + 1 }, 90_000);
  console.log(`network up: best #${up.best}, finalized #${up.finalized}. Press Ctrl-C to stop.`);
} catch (e) {
  console.error(`the network started but does not finalize: ${e.message}`);
  await shutdown(1);
}

// A status line every 30 s, so a stalled network shows in the terminal.
setInterval(async () => {
  const lines = await Promise.all(network.validators.map(async (v) => {
    if (!v.running) return `${v.name} down`;
    try {
      const h = await heights(v);
      return `${v.name} #${h.best}/#${h.finalized}`;
    } catch {
      return `${v.name} ?`;
    }
  }));
  console.log(`${new Date().toISOString().slice(11, 19)} best/finalized: ${lines.join('  ')}`);
}, 30_000).unref();
// Keep the process alive until a signal arrives.
setInterval(() => {}, 1 << 30);
