// The four-validator local test network: Alice, Bob, Charlie and Dave of the committed local chain
// spec, on loopback, each an oracle operator reading its own price simulator.
//
// One definition serves `scripts/local-testnet.sh` (through run.mjs) and the end-to-end network
// tests, so what the tests check is what an operator runs. No npm packages: only node's own
// modules and the price simulator.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPriceSim } from '../price-sim/process.mjs';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The committed chain spec of the local network (raw form: genesis as storage). */
export const LOCAL_CHAIN_SPEC = join(REPO, 'chain-specs/local-raw.json');

/**
 * The validators of the local preset (Aura authorities in the order of their accounts, as the
 * validator set sorts them). Each has a fixed libp2p node key, so every node knows every other's
 * peer id in advance and any of them can be a bootnode. These keys are public: a loopback test
 * network only, never a real one. `peerId` is what `clearing-node key inspect-node-key` prints
 * for the key (the network tests check it).
 */
export const VALIDATORS = [
  { name: 'alice', flag: '--alice', nodeKey: '1'.padStart(64, '0'), peerId: '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp' },
  { name: 'bob', flag: '--bob', nodeKey: '2'.padStart(64, '0'), peerId: '12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD' },
  { name: 'charlie', flag: '--charlie', nodeKey: '3'.padStart(64, '0'), peerId: '12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x' },
  { name: 'dave', flag: '--dave', nodeKey: '4'.padStart(64, '0'), peerId: '12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st' },
];

/** Default ports: validator `i` uses base + i (the same ports docker/docker-compose.yml maps). */
export const DEFAULT_PORTS = { p2p: 30333, rpc: 9944, sim: 8787 };

/** Path of the node binary: `$NODE_BIN`, else the release build in the shared target directory. */
export function nodeBinary() {
  if (process.env.NODE_BIN) return process.env.NODE_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/clearing-chain/target');
  return join(target, 'release/clearing-node');
}

/** The command-line flags of validator `index`: its keys, ports, peers and price sources. */
export function validatorArgs(index, { dir, ports = DEFAULT_PORTS, chainSpec = LOCAL_CHAIN_SPEC, simUrl }) {
  const v = VALIDATORS[index];
  const bootnodes = VALIDATORS.flatMap((peer, j) => (j === index ? [] : [
    '--bootnodes', `/ip4/127.0.0.1/tcp/${ports.p2p + j}/p2p/${peer.peerId}`,
  ]));
  return [
    '--chain', chainSpec,
    '--base-path', join(dir, v.name),
    v.flag, // --alice: name, --validator, and Alice's Aura, GRANDPA and oracle (`orcl`) keys
    '--node-key', v.nodeKey,
    // Loopback only: the p2p port on 127.0.0.1, nothing on other interfaces.
    '--listen-addr', `/ip4/127.0.0.1/tcp/${ports.p2p + index}`,
    '--rpc-port', String(ports.rpc + index),
    '--rpc-cors', 'all',
    ...bootnodes,
    '--no-mdns', '--no-telemetry', '--no-prometheus',
    ...['binance', 'coinbase', 'kraken'].flatMap((source) => ['--price-source', `${source}=${simUrl}`]),
  ];
}

/** One JSON-RPC call over HTTP; rejects on a transport error or an RPC error. */
export async function rpc(port, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every node process this module started is killed when the process exits, however it exits, so
// a failed test or a crashed runner leaves no validator behind.
const alive = new Set();
process.on('exit', () => {
  for (const child of alive) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/** The last `lines` lines of a log file. */
export function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * One validator: a node process that can be started, killed and started again on the same base
 * path, and the price simulator its oracle worker reads.
 */
class Validator {
  constructor(index, network) {
    Object.assign(this, VALIDATORS[index]);
    this.index = index;
    this.network = network;
    this.rpcPort = network.ports.rpc + index;
    this.p2pPort = network.ports.p2p + index;
    this.basePath = join(network.dir, this.name);
    this.logPath = join(network.dir, `${this.name}.log`);
    this.commandPath = join(network.dir, `${this.name}.sh`);
    this.child = null;
    this.exit = null;
  }

  /** Whether the node process is alive. */
  get running() {
    return this.child !== null && this.exit === null;
  }

  /** Starts the node (appending to its log) and resolves once its RPC answers. */
  async start({ timeoutMs = 60_000 } = {}) {
    if (this.running) throw new Error(`${this.name} is already running`);
    const args = validatorArgs(this.index, {
      dir: this.network.dir, ports: this.network.ports, chainSpec: this.network.chainSpec, simUrl: this.sim.url,
    });
    // The exact command, so an operator can restart this one validator by hand.
    const quote = (a) => `'${String(a).replaceAll("'", "'\\''")}'`;
    writeFileSync(this.commandPath, `#!/bin/sh\n# ${this.name}: restarts this validator on its base path, as the network started it\nexec ${[this.network.nodeBin, ...args].map(quote).join(' ')} >> ${quote(this.logPath)} 2>&1\n`, { mode: 0o755 });
    // Where this start's output begins in the (appended) log, so a reader can tell it from
    // earlier starts' lines.
    this.logOffsetAtStart = existsSync(this.logPath) ? statSync(this.logPath).size : 0;
    const log = openSync(this.logPath, 'a');
    const child = spawn(this.network.nodeBin, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.exit = null;
    alive.add(child);
    this.exited = new Promise((resolveExit) => child.once('exit', (code, signal) => {
      alive.delete(child);
      this.exit = { code, signal };
      resolveExit(this.exit);
    }));
    this.network.onSpawn?.(this);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exit !== null) throw new Error(`${this.name} exited at start (${JSON.stringify(this.exit)}):\n${tail(this.logPath)}`);
      try {
        await rpc(this.rpcPort, 'system_health');
        return this;
      } catch {
        if (Date.now() > deadline) throw new Error(`${this.name}'s RPC did not answer within ${timeoutMs} ms:\n${tail(this.logPath)}`);
        await sleep(250);
      }
    }
  }

  /** Sends `signal` and resolves once the process is gone. */
  async kill(signal = 'SIGKILL') {
    if (!this.running) return this.exit;
    this.child.kill(signal);
    return this.exited;
  }

  /** Stops the node cleanly (SIGTERM), or kills it if it has not exited after `graceMs`. */
  async stop({ graceMs = 15_000 } = {}) {
    if (!this.running) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => { if (this.running) this.child.kill('SIGKILL'); }, graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** A JSON-RPC call to this node. */
  rpc(method, params) {
    return rpc(this.rpcPort, method, params);
  }
}

/**
 * Starts the network: one price simulator process per validator, then the four nodes.
 *
 * Options: `dir` (base paths and logs; required), `ports` (`{ p2p, rpc, sim }` bases, `sim: 0`
 * picks free ports), `chainSpec`, `nodeBin`, `sim` (options for every simulator, e.g.
 * `{ walk: false }`), `onSpawn(validator)` (called with each started process).
 * Resolves with `{ validators, byName, dir, stop() }` once every RPC answers.
 */
export async function startTestnet({
  dir, ports = DEFAULT_PORTS, chainSpec = LOCAL_CHAIN_SPEC, nodeBin = nodeBinary(), sim = {}, onSpawn,
}) {
  if (!dir) throw new Error('startTestnet needs a directory for base paths and logs');
  if (!existsSync(nodeBin)) throw new Error(`node binary not found at ${nodeBin}; build it with: cargo build --release --workspace`);
  if (!existsSync(chainSpec)) throw new Error(`chain spec not found at ${chainSpec}`);
  mkdirSync(dir, { recursive: true });
  const network = { dir, ports, chainSpec, nodeBin, onSpawn };
  network.validators = VALIDATORS.map((_, i) => new Validator(i, network));
  network.byName = Object.fromEntries(network.validators.map((v) => [v.name, v]));
  network.stop = async () => {
    await Promise.all(network.validators.map((v) => v.stop()));
    await Promise.all(network.validators.map((v) => v.sim?.close()));
  };
  try {
    for (const v of network.validators) {
      // Each in a process of its own: a busy caller (the spam test signs thousands) never
      // stalls the validators' price fetches.
      v.sim = await spawnPriceSim({ ...sim, port: ports.sim === 0 ? 0 : ports.sim + v.index });
    }
    await Promise.all(network.validators.map((v) => v.start()));
  } catch (e) {
    await network.stop();
    throw e;
  }
  return network;
}

/**
 * Resolves with `{ best, finalized }` of `validator` once its best block reached `best` and its
 * finalized block reached `finalized` (either may be omitted), polling; rejects after `timeoutMs`.
 */
export async function waitForHeights(validator, { best = 0, finalized = 0 }, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = { best: -1, finalized: -1 };
  for (;;) {
    try {
      last = await heights(validator);
      if (last.best >= best && last.finalized >= finalized) return last;
    } catch { /* the node may be starting */ }
    if (Date.now() > deadline) {
      throw new Error(`${validator.name}: best #${last.best} finalized #${last.finalized}, wanted best #${best} finalized #${finalized} within ${timeoutMs} ms`);
    }
    await sleep(500);
  }
}

/** The best and finalized block numbers of a node. */
export async function heights(validator) {
  const header = await validator.rpc('chain_getHeader');
  const finalizedHash = await validator.rpc('chain_getFinalizedHead');
  const finalizedHeader = await validator.rpc('chain_getHeader', [finalizedHash]);
  return { best: parseInt(header.number, 16), finalized: parseInt(finalizedHeader.number, 16) };
}
