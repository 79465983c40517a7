// The four-validator network of scripts/testnet/network.mjs, for the end-to-end network tests:
// free loopback ports, a temporary folder for base paths and logs, simulators that do not walk,
// @polkadot/api connections, and the facts the tests read off the chain (slots, authors, GRANDPA
// votes, operators' prices).

import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { startTestnet, heights, waitForHeights, tail, VALIDATORS } from '../../testnet/network.mjs';

export { heights, waitForHeights, VALIDATORS };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first of `n` consecutive loopback ports that were all free a moment ago. */
export async function freePortRange(n) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    let free = true;
    for (let i = 0; i < n && free; i += 1) free = await portFree(base + i);
    if (free) return base;
  }
  throw new Error(`no ${n} consecutive free ports found`);
}

/**
 * Dev keys of each validator: its Aura public key (sr25519, hex), its GRANDPA key (ed25519, as the
 * SS58 address `grandpa_roundState` prints) and its oracle operator's account.
 */
export async function devKeys() {
  await cryptoWaitReady();
  const sr = new Keyring({ type: 'sr25519' });
  const ed = new Keyring({ type: 'ed25519' });
  const title = (name) => name[0].toUpperCase() + name.slice(1);
  return Object.fromEntries(VALIDATORS.map(({ name }) => [name, {
    aura: u8aToHex(sr.addFromUri(`//${title(name)}`).publicKey),
    grandpa: ed.addFromUri(`//${title(name)}`).address,
    operator: sr.addFromUri(`//${title(name)}//oracle`).address,
  }]));
}

/** Connects @polkadot/api to a validator. */
export function connect(validator) {
  return ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${validator.rpcPort}`, 1_000), noInitWarn: true });
}

/**
 * Starts the network in a temporary folder on free ports with still simulators, and waits until
 * it is ready: every node has three peers, blocks are finalized, and BTC/USD has a fresh price
 * (which needs three of the four operators). Resolves with the network plus `api` (Alice's
 * connection), `keys` ([`devKeys`]) and `teardown()`. The folder is removed at teardown unless
 * `KEEP_TESTNET=1`.
 */
export async function startTestNetwork({ timeoutMs = 120_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'clearing-testnet-'));
  const ports = { p2p: await freePortRange(4), rpc: await freePortRange(4), sim: 0 };
  const network = await startTestnet({ dir, ports, sim: { walk: false } });
  const keys = await devKeys();
  const apis = [];
  network.keys = keys;
  network.connect = async (validator) => {
    const api = await connect(validator);
    apis.push(api);
    return api;
  };
  network.teardown = async () => {
    await Promise.all(apis.map((api) => api.disconnect().catch(() => {})));
    await network.stop();
    if (process.env.KEEP_TESTNET !== '1') rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + timeoutMs;
    for (const v of network.validators) {
      for (;;) {
        const health = await v.rpc('system_health');
        if (health.peers >= 3) break;
        if (Date.now() > deadline) throw new Error(`${v.name} has ${health.peers} peers, not 3`);
        await sleep(500);
      }
    }
    await waitForHeights(network.validators[0], { best: 3, finalized: 2 }, deadline - Date.now());
    network.api = await network.connect(network.validators[0]);
    for (;;) {
      if ((await network.api.call.oracleFeederApi.freshPrice('BTC/USD')).isOk) break;
      if (Date.now() > deadline) throw new Error('BTC/USD has no fresh price on the network');
      await sleep(1_000);
    }
  } catch (e) {
    const logs = network.validators.map((v) => `--- ${v.name}\n${tail(v.logPath, 15)}`).join('\n');
    await network.teardown();
    throw new Error(`${e.message}\n${logs}`);
  }
  return network;
}

/** The Aura slot of a header (from its pre-runtime digest). */
export function slotOf(api, header) {
  for (const log of header.digest.logs) {
    if (log.isPreRuntime) {
      const [engine, data] = log.asPreRuntime;
      if (engine.toString() === 'aura') return api.createType('u64', data).toNumber();
    }
  }
  throw new Error(`block #${header.number} has no Aura slot`);
}

/** The canonical headers from `from` to `to` (inclusive), as seen by `api`. */
export async function canonicalHeaders(api, from, to) {
  const headers = [];
  for (let n = from; n <= to; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    headers.push(await api.rpc.chain.getHeader(hash));
  }
  return headers;
}

/** Name of the validator that authored in `slot` (Aura authorities in the order of the chain). */
export async function authorOfSlot(api, keys, slot) {
  const authorities = (await api.query.aura.authorities()).map((a) => u8aToHex(a.toU8a()));
  const address = authorities[slot % authorities.length];
  return Object.keys(keys).find((name) => keys[name].aura === address);
}

/**
 * The GRANDPA votes of the current round, from `grandpa_roundState`: the prevote and precommit
 * weights so far and the names of the voters still missing.
 */
export async function grandpaRound(validator, keys) {
  const state = await validator.rpc('grandpa_roundState');
  const name = (id) => Object.keys(keys).find((n) => keys[n].grandpa === id) ?? id;
  const votes = (v) => ({ weight: v.currentWeight, missing: v.missing.map(name).sort() });
  return { setId: state.setId, round: state.best.round, prevotes: votes(state.best.prevotes), precommits: votes(state.best.precommits), threshold: state.best.thresholdWeight };
}

/** The on-chain value an operator last fed for `feed` (`{ value, timestamp }` as bigints), or null. */
export async function operatorValue(api, operator, feed = 'BTC/USD', at) {
  const query = at ? (await api.at(at)).query : api.query;
  const raw = await query.oracle.rawValues(operator, feed);
  if (raw.isNone) return null;
  const { value, timestamp } = raw.unwrap();
  return { value: value.toBigInt(), timestamp: timestamp.toBigInt() };
}

/** The operators' median for `feed` (`{ value, timestamp }` as bigints), or null. */
export async function combinedValue(api, feed = 'BTC/USD', at) {
  const query = at ? (await api.at(at)).query : api.query;
  const combined = await query.oracle.values(feed);
  if (combined.isNone) return null;
  const { value, timestamp } = combined.unwrap();
  return { value: value.toBigInt(), timestamp: timestamp.toBigInt() };
}

/** The chain's timestamp (ms) at the best block, or at `at`. */
export async function chainNow(api, at) {
  const query = at ? (await api.at(at)).query : api.query;
  return (await query.timestamp.now()).toBigInt();
}

/** Posts to a validator's price simulator admin API. */
export async function simAdmin(validator, path, body) {
  const res = await fetch(`${validator.sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${validator.name}'s simulator ${path} ${JSON.stringify(body)}: ${text}`);
  return JSON.parse(text);
}

/**
 * The block number at which `validator` opened its database on its last start, read from the
 * part of its log written since then. The node flushes its log from a background thread, so
 * the line can land after the RPC already answers: wait for it (null if it never comes).
 */
export async function highestKnownAtStart(validator, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sinceStart = readFileSync(validator.logPath).subarray(validator.logOffsetAtStart ?? 0).toString('utf8');
    const match = /Highest known block at #(\d+)/.exec(sinceStart);
    if (match) return Number(match[1]);
    if (Date.now() > deadline) return null;
    await sleep(200);
  }
}
