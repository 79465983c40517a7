// Starts the real release `clearing-node` for end-to-end tests and drives it with @polkadot/api.
//
// Each node gets free ports and a fresh temporary base path, its log goes to a file there, and it
// is stopped whatever happens: by `stop()`, or at process exit if a test forgot to call it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, encodeAddress } from '@polkadot/util-crypto';
import { startPriceSim } from '../../price-sim/sim.mjs';
import { spawnPriceSim } from '../../price-sim/process.mjs';
import { nodeBinary, tail } from '../../testnet/network.mjs';

/** Path of the node binary under test (`$NODE_BIN`, else the release build). */
export { nodeBinary };

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const running = new Set();
function killAll() {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { killAll(); process.exit(130); });
}

async function rpcAnswers(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}


/**
 * Starts `clearing-node --dev` (plus `extraArgs`) and connects an ApiPromise to it.
 * Resolves with `{ api, stop, logPath, rpcPort }`.
 */
export async function startDevNode({ extraArgs = [], timeoutMs = 60_000 } = {}) {
  const bin = nodeBinary();
  if (!existsSync(bin)) {
    throw new Error(`node binary not found at ${bin}; build it with: cargo build --release --workspace`);
  }
  const basePath = mkdtempSync(join(tmpdir(), 'clearing-e2e-'));
  const logPath = join(basePath, 'node.log');
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const logFd = openSync(logPath, 'a');
  const child = spawn(bin, [
    '--dev', '--base-path', basePath, '--rpc-port', String(rpcPort), '--port', String(p2pPort),
    '--no-prometheus', '--no-telemetry', '--no-mdns', ...extraArgs,
  ], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  running.add(child);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; running.delete(child); });

  let api;
  const stop = async () => {
    if (api) await api.disconnect().catch(() => {});
    if (exited === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(basePath, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await rpcAnswers(rpcPort))) {
    if (exited !== null) {
      const log = tail(logPath);
      await stop();
      throw new Error(`node exited early (${JSON.stringify(exited)}):\n${log}`);
    }
    if (Date.now() > deadline) {
      const log = tail(logPath);
      await stop();
      throw new Error(`node RPC did not answer within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${rpcPort}`), noInitWarn: true });
  return { api, stop, logPath, rpcPort };
}

/**
 * Starts the price simulator (no random walk; in a child process with `simProcess`) and a dev
 * node whose offchain worker reads all three exchange sources from it. With `waitForFeed` (e.g.
 * `'BTC/USD'`), resolves only once that feed has a fresh price on chain, within 15 blocks.
 * `extraArgs` go to the node as well. Resolves with `{ sim, node, api, stop }`.
 */
export async function startDevNodeWithSim({ waitForFeed, extraArgs = [], simProcess = false } = {}) {
  const sim = await (simProcess ? spawnPriceSim : startPriceSim)({ port: 0, walk: false });
  let node;
  try {
    node = await startDevNode({
      extraArgs: [
        ...['binance', 'coinbase', 'kraken'].flatMap((s) => ['--price-source', `${s}=${sim.url}`]),
        '--option-source', sim.url,
        ...extraArgs,
      ],
    });
  } catch (e) {
    await sim.close();
    throw e;
  }
  const { api } = node;
  const stop = async () => {
    await node.stop();
    await sim.close();
  };
  if (waitForFeed) {
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = start; ; n += 1) {
      await waitForBlock(api, n, 10_000);
      if ((await api.call.oracleFeederApi.freshPrice(waitForFeed)).isOk) break;
      if (n >= start + 15) {
        await stop();
        throw new Error(`${waitForFeed} has no fresh price on chain within 15 blocks`);
      }
    }
  }
  return { sim, node, api, stop };
}

/**
 * Posts `body` to the admin endpoint `path` of a price simulator (`sim` as `startDevNodeWithSim`
 * returns it); resolves with its JSON answer, rejects unless it answered 200.
 */
export async function simCommand(sim, path, body) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path} ${JSON.stringify(body)}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Resolves once the best block number reached `number`, or rejects after `timeoutMs`. */
export function waitForBlock(api, number, timeoutMs = 30_000) {
  return waitForHead(api.rpc.chain.subscribeNewHeads, number, timeoutMs, 'best');
}

/** Resolves once the finalized block number reached `number`, or rejects after `timeoutMs`. */
export function waitForFinalized(api, number, timeoutMs = 30_000) {
  return waitForHead(api.rpc.chain.subscribeFinalizedHeads, number, timeoutMs, 'finalized');
}

function waitForHead(subscribe, number, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      if (unsub) unsub();
      reject(new Error(`${what} block #${number} not reached within ${timeoutMs} ms`));
    }, timeoutMs);
    subscribe((header) => {
      const n = header.number.toNumber();
      if (!done && n >= number) {
        done = true;
        clearTimeout(timer);
        if (unsub) unsub();
        resolve(n);
      }
    }).then((u) => { unsub = u; if (done) u(); }, reject);
  });
}

/**
 * Signs and submits `tx`, resolving once it is in a block with
 * `{ blockHash, events, dispatchError, error }`, where `error` names a failed dispatch
 * (`section.name` for a module error, e.g. `assets.BalanceLow`; `Arithmetic.Underflow`, … otherwise).
 * Rejects when the pool refuses or drops the transaction.
 */
export function signAndWait(api, tx, pair, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    const timer = setTimeout(() => {
      if (unsub) unsub();
      reject(new Error(`transaction not included within ${timeoutMs} ms`));
    }, timeoutMs);
    tx.signAndSend(pair, ({ status, events, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer);
        if (unsub) unsub();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (!status.isInBlock) return;
      clearTimeout(timer);
      if (unsub) unsub();
      resolve({ blockHash: status.asInBlock, events, dispatchError, error: describeError(api, dispatchError) });
    }).then((u) => { unsub = u; }, (err) => { clearTimeout(timer); reject(err); });
  });
}

/**
 * Passes `call` by referendum with `origin` (e.g. `{ Origins: 'ValidatorAdmin' }`, `{ system: 'Root' }`):
 * `proposer` notes the preimage, submits and places the decision deposit, and every one of
 * `voters` votes aye with 1× conviction on half its free balance. Resolves with the referendum's
 * index once the votes are in (enactment follows the track's periods).
 */
export async function referendum(api, call, origin, proposer, voters) {
  const ok = async (tx, who) => {
    const result = await signAndWait(api, tx, who);
    if (result.error !== null) throw new Error(`${tx.method.section}.${tx.method.method}: ${result.error}`);
    return result;
  };
  const encoded = call.method.toU8a();
  await ok(api.tx.preimage.notePreimage(u8aToHex(encoded)), proposer);
  const index = (await api.query.referenda.referendumCount()).toNumber();
  await ok(api.tx.referenda.submit(origin, { Lookup: { hash: blake2AsHex(encoded, 256), len: encoded.length } }, { After: 1 }), proposer);
  await ok(api.tx.referenda.placeDecisionDeposit(index), proposer);
  for (const voter of voters) {
    const free = (await api.query.system.account(voter.address)).data.free.toBigInt();
    await ok(api.tx.convictionVoting.vote(index, { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: free / 2n } }), voter);
  }
  return index;
}

/** `section.name` for a module error, `Kind.Variant` for other dispatch errors, null for success. */
export function describeError(api, dispatchError) {
  if (!dispatchError) return null;
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  const kind = dispatchError.type;
  const inner = dispatchError[`as${kind}`];
  return inner && inner.type ? `${kind}.${inner.type}` : kind;
}

/** The settlement asset's id. */
export const SETTLEMENT_ASSET = 1;

/** The margin pallet's account (`PalletId(*b"clr/mrgn")`), which holds all collateral. */
export const marginAccount = () => encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('clr/mrgn'), new Uint8Array(20)), 42);

/**
 * The conservation identity's two sides at block `hash`: the settlement asset the margin pallet
 * holds, and its ledger (Σ collateral + insurance fund + fee pool + Σ funding and settlement
 * pools + Σ unswept fees).
 */
export async function ledgerAt(api, hash) {
  const q = (await api.at(hash)).query;
  const held = (await q.assets.account(SETTLEMENT_ASSET, marginAccount())).unwrap().balance.toBigInt();
  let total = (await q.margin.insuranceFund()).toBigInt() + (await q.margin.feePool()).toBigInt();
  for (const [, account] of await q.margin.accounts.entries()) total += account.unwrap().collateral.toBigInt();
  for (const [, state] of await q.margin.marketStates.entries()) {
    const s = state.unwrap();
    total += s.fundingPool.toBigInt() + s.settlementPool.toBigInt() + s.unsweptInsurance.toBigInt() + s.unsweptFeePool.toBigInt();
  }
  return { held, total };
}

/// What the insurance fund owns at block `hash`: its balance and its share of the fees waiting in
/// the markets' records for the next sweep (the fills of the liquidation engine's on_finalize run
/// after the margin engine's sweep), as `clearing_insuranceFund` reports it.
export async function insuranceOwnedAt(api, hash) {
  const q = (await api.at(hash)).query;
  let owned = (await q.margin.insuranceFund()).toBigInt();
  for (const [, state] of await q.margin.marketStates.entries()) owned += state.unwrap().unsweptInsurance.toBigInt();
  return owned;
}

/**
 * Signs `tx` offline (immortal, `nonce` given, no RPC round trip); returns the hex. For batches
 * of thousands, and for what a spammer's script would send.
 */
export function signOffline(api, tx, pair, nonce) {
  tx.sign(pair, {
    blockHash: api.genesisHash,
    genesisHash: api.genesisHash,
    era: api.createType('ExtrinsicEra'),
    nonce,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
    version: api.extrinsicType,
  });
  return tx.toHex();
}
