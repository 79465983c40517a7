// Shared by the performance harnesses (throughput.mjs, liquidation-capacity.mjs): a dev node of
// their own (or one given by --rpc), many funded accounts, transactions signed offline and
// submitted in bulk, and what each block held and weighed.
//
// The packages come from scripts/e2e (npm ci there; scripts/setup.sh does it).

import { startDevNodeWithSim, signOffline, describeError, SETTLEMENT_ASSET } from '../e2e/lib/node.mjs';
import { ApiPromise, WsProvider, Keyring, cryptoWaitReady } from '../e2e/lib/polkadot.mjs';

export const USDC = 1_000_000n;
export const USD = 1_000_000n;
export const CLR = 1_000_000_000_000n;

/** `--name value` from the command line, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/**
 * A dev chain to measure on: the node at `--rpc` if given, else a fresh `--dev` node of our own
 * with the price simulator in a child process (BTC fresh before it resolves) and a transaction pool big enough for
 * the batches. Resolves with `{ api, sim, stop, logPath }`; `sim` and `logPath` (the node's log)
 * are missing for an external node.
 */
export async function devChain({ rpc = arg('--rpc') } = {}) {
  await cryptoWaitReady();
  if (rpc) {
    const api = await ApiPromise.create({ provider: new WsProvider(rpc), noInitWarn: true });
    return { api, sim: null, stop: () => api.disconnect() };
  }
  // The simulator runs in a process of its own: signing a batch of thousands blocks this one's
  // event loop for seconds, and a simulator in it would let the price go stale meanwhile.
  const { api, sim, stop, node } = await startDevNodeWithSim({
    waitForFeed: 'BTC/USD',
    simProcess: true,
    extraArgs: ['--pool-limit', '100000', '--pool-kbytes', '512000', '--rpc-max-connections', '1000'],
  });
  return { api, sim, stop, logPath: node.logPath };
}

/** The dev keyring's `//Alice` … and `count` fresh accounts `//bench//<tag>//<i>`. */
export function accounts(tag, count) {
  const keyring = new Keyring({ type: 'sr25519' });
  return {
    alice: keyring.addFromUri('//Alice'),
    list: Array.from({ length: count }, (_, i) => keyring.addFromUri(`//bench//${tag}//${i}`)),
  };
}

/** Signs `tx` offline (immortal) with `nonce`; returns the hex. */
export { signOffline };

/** Submits every hex, `concurrency` at a time; rejects if the pool refuses any. */
export async function submitAll(api, hexes, concurrency = 64) {
  let next = 0;
  const refused = [];
  const worker = async () => {
    while (next < hexes.length) {
      const i = next++;
      try {
        await api.rpc.author.submitExtrinsic(hexes[i]);
      } catch (e) {
        refused.push(`${i}: ${e.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (refused.length) throw new Error(`the pool refused ${refused.length} of ${hexes.length}: ${refused.slice(0, 3).join('; ')}`);
}

/** The next nonce of each account (by address), from the chain. */
export async function nonces(api, pairs) {
  return Promise.all(pairs.map(async (p) => (await api.rpc.system.accountNextIndex(p.address)).toNumber()));
}

/** Resolves with the header of the next new best block after the current one. */
export function nextBlock(api) {
  return new Promise((resolve, reject) => {
    let unsub;
    let first = null;
    const timer = setTimeout(() => { unsub?.(); reject(new Error('no new block within 30 s')); }, 30_000);
    api.rpc.chain.subscribeNewHeads((header) => {
      const n = header.number.toNumber();
      if (first === null) { first = n; return; }
      if (n > first) {
        clearTimeout(timer);
        unsub?.();
        resolve(header);
      }
    }).then((u) => { unsub = u; });
  });
}

/**
 * What block `hash` held: how many of its extrinsics were signed by `signers` (a Set of
 * addresses) and succeeded or failed, its normal-class weight used and the share of the class's
 * maximum it is, and its events.
 */
export async function blockStats(api, hash, signers) {
  const [{ block }, at] = await Promise.all([api.rpc.chain.getBlock(hash), api.at(hash)]);
  const [events, weight] = await Promise.all([at.query.system.events(), at.query.system.blockWeight()]);
  const ours = new Set();
  block.extrinsics.forEach((xt, i) => {
    if (xt.isSigned && signers.has(xt.signer.toString())) ours.add(i);
  });
  let ok = 0;
  let actualRefTime = 0n;
  const failed = [];
  for (const { phase, event } of events) {
    if (!phase.isApplyExtrinsic || !ours.has(phase.asApplyExtrinsic.toNumber())) continue;
    if (api.events.system.ExtrinsicSuccess.is(event)) {
      ok += 1;
      actualRefTime += event.data[0].weight.refTime.toBigInt();
    }
    if (api.events.system.ExtrinsicFailed.is(event)) failed.push(describeError(api, event.data[0]));
  }
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const normal = weight.normal.refTime.toBigInt();
  return {
    number: block.header.number.toNumber(),
    ours: ours.size,
    ok,
    failed,
    // Σ weight the successful ones of ours actually used (after refunds, with the base weight).
    actualRefTime,
    events,
    normalRefTime: normal,
    fullness: Number(normal) / Number(maxNormal),
  };
}

/**
 * The weight one extrinsic like `hex` declares before dispatch (what a block must have room for):
 * the base extrinsic weight plus what `payment_queryInfo` reports (call and extension weight), in
 * ref time (ps).
 */
export async function extrinsicWeight(api, hex) {
  // Raw JSON: polkadot.js 16 decodes this answer with the old (u64) weight type.
  const info = await api._rpcCore.provider.send('payment_queryInfo', [hex]);
  const callAndExtensions = BigInt(info.weight.ref_time ?? info.weight.refTime);
  const base = api.consts.system.blockWeights.perClass.normal.baseExtrinsic.refTime.toBigInt();
  return base + callAndExtensions;
}

/** How many extrinsics of `weight` ps fit one block's normal class. */
export function fitPerBlock(api, weight) {
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  return Number(maxNormal / weight);
}

/**
 * Submits `hexes` (all signed by `signers`) and follows the blocks until `expected` of them are
 * included or `maxBlocks` blocks passed. Resolves with the per-block stats, in order, from the
 * first block holding one of them.
 */
export async function submitAndFollow(api, hexes, signers, { expected = hexes.length, maxBlocks = 60 } = {}) {
  const stats = [];
  let included = 0;
  // Only blocks built after the submission started count (the subscription first reports the
  // current best block, which may hold an earlier batch).
  const startedAt = (await api.rpc.chain.getHeader()).number.toNumber();
  const done = new Promise((resolve, reject) => {
    let unsub;
    let seen = 0;
    let last = startedAt;
    api.rpc.chain.subscribeNewHeads(async (header) => {
      try {
        const n = header.number.toNumber();
        if (n <= last) return;
        last = n;
        const s = await blockStats(api, header.hash, signers);
        if (s.ours > 0 || stats.length > 0) {
          stats.push(s);
          included += s.ours;
        }
        seen += 1;
        if (included >= expected || seen >= maxBlocks) {
          unsub?.();
          resolve();
        }
      } catch (e) {
        unsub?.();
        reject(e);
      }
    }).then((u) => { unsub = u; }, reject);
  });
  await submitAll(api, hexes);
  await done;
  return stats;
}

/** Funds `pairs` from Alice: `native` plancks each and `usdc` settlement atoms each. */
export async function fund(api, alice, pairs, { native = 1_000n * CLR, usdc = 0n } = {}) {
  let [nonce] = await nonces(api, [alice]);
  const hexes = [];
  for (const p of pairs) {
    hexes.push(signOffline(api, api.tx.balances.transferKeepAlive(p.address, native), alice, nonce++));
    if (usdc > 0n) hexes.push(signOffline(api, api.tx.assets.transferKeepAlive(SETTLEMENT_ASSET, p.address, usdc), alice, nonce++));
  }
  const stats = await submitAndFollow(api, hexes, new Set([alice.address]));
  assertAllOk(stats, hexes.length, 'funding');
}

/** Throws unless `count` extrinsics were included across `stats`, all successful. */
export function assertAllOk(stats, count, what) {
  const ok = stats.reduce((n, s) => n + s.ok, 0);
  const failed = stats.flatMap((s) => s.failed);
  if (failed.length || ok !== count) {
    throw new Error(`${what}: ${ok} of ${count} succeeded; failures: ${[...new Set(failed)].join(', ') || 'none'}`);
  }
}
