// End-to-end governance on the real dev node (fast-runtime periods): token holders raise
// BTC-USD's initial margin fraction by referendum on the risk admin track, after which an order
// that was allowed before is refused for margin; then a root-track referendum enacts
// `System::set_code` with a runtime one `spec_version` later, and the chain goes on producing and
// finalizing blocks.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { startDevNodeWithSim, waitForBlock, waitForFinalized, signAndWait, referendum as passReferendum } from './lib/node.mjs';

const USDC = 1_000_000n;
const USD = 1_000_000n;
const BTC_USD = 0;
const TENTH_BTC = 10_000_000n;

let sim;
let node;
let api;
let alice, bob, charlie, dave;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
  ({ sim, node, api } = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' }));
}, { timeout: 120_000 });

after(async () => {
  if (node) await node.stop();
  if (sim) await sim.close();
});

const ok = async (tx, who) => {
  const result = await signAndWait(api, tx, who);
  assert.equal(result.error, null, `${tx.method.section}.${tx.method.method}`);
  return result;
};

/** Passes `call` with `origin` by the four dev voters (see `referendum` in lib/node.mjs). */
const referendum = (call, origin) => passReferendum(api, call, origin, alice, [alice, bob, charlie, dave]);

/** Polls `check` once per block, up to `blocks` blocks; resolves with the blocks it took. */
async function untilBlock(check, blocks, what) {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = start; n <= start + blocks; n += 1) {
    await waitForBlock(api, n, 15_000);
    if (await check()) return n - start;
  }
  assert.fail(`${what} within ${blocks} blocks`);
}

test('a referendum on the risk admin track raises BTC-USD\'s initial margin and an allowed order is then refused',
  { timeout: 180_000 }, async (t) => {
    await ok(api.tx.margin.deposit(1_000n * USDC), bob);
    // 0.2 BTC bid at 62,000 (inside the 10 % band around 67,000): 12,400 USDC of notional,
    // 620 USDC of initial margin at 5 %.
    const bid = () => api.tx.orderbook.placeOrder(BTC_USD, 'Buy', 62_000n * USD, 2n * TENTH_BTC, 'Limit', false);
    const placed = await ok(bid(), bob);
    const rested = placed.events.find(({ event }) => api.events.orderbook.OrderRested.is(event));
    await ok(api.tx.orderbook.cancelOrder(rested.event.data.orderId), bob);

    const params = (await api.query.margin.markets(BTC_USD)).unwrap().toJSON();
    assert.equal(params.initialMargin, 50_000_000, 'BTC-USD starts at 5 %');
    const raised = { ...params, initialMargin: 200_000_000 };
    const started = Date.now();
    const index = await referendum(api.tx.margin.updateMarket(BTC_USD, raised), { Origins: 'RiskAdmin' });
    const blocks = await untilBlock(async () => (await api.query.margin.markets(BTC_USD)).unwrap().initialMargin.toNumber() === 200_000_000, 60, 'the new fraction enacted');
    t.diagnostic(`referendum ${index} enacted ${blocks} block(s) after the votes, ${((Date.now() - started) / 1000).toFixed(1)} s after the preimage`);
    const info = await api.query.referenda.referendumInfoFor(index);
    assert.ok(info.unwrap().isApproved, 'the referendum is approved');

    // The same bid now needs 20 %: 2,480 USDC, more than Bob's 1,000.
    const refused = await signAndWait(api, bid(), bob);
    assert.equal(refused.error, 'orderbook.InsufficientMargin');
  });

test('a root-track referendum upgrades the runtime and the chain keeps producing and finalizing blocks',
  { timeout: 240_000 }, async (t) => {
    const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/clearing-chain/target');
    const wasmPath = join(target, 'release/wbuild/clearing-runtime/wasm_binary_upgrade_test.rs.compact.compressed.wasm');
    assert.ok(existsSync(wasmPath), `the upgrade runtime is built (${wasmPath})`);
    const code = readFileSync(wasmPath);
    const before = await api.rpc.state.getRuntimeVersion();
    const from = before.specVersion.toNumber();
    assert.equal(from, 111);

    const index = await referendum(api.tx.system.setCode(u8aToHex(code)), { system: 'Root' });
    const blocks = await untilBlock(async () => (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber() === from + 1, 60, `spec_version ${from + 1}`);
    t.diagnostic(`referendum ${index}: runtime upgraded to spec_version ${from + 1}, ${blocks} block(s) after the votes (${code.length} bytes of code)`);

    // Blocks go on and are finalized after the upgrade.
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitForBlock(api, head + 3, 30_000);
    await waitForFinalized(api, head + 1, 60_000);
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    assert.ok(finalized.number.toNumber() > head, 'a block after the upgrade is finalized');
    // And the upgraded chain still takes transactions.
    await ok(api.tx.margin.deposit(1n * USDC), charlie);
  });
