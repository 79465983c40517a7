// End-to-end, four real validators: prices and liquidation under faults. One operator's price
// source lies (its simulator serves 10x the price): the operators' median stays inside the honest
// operators' range. With one validator down, a leveraged trader is still liquidated in on_finalize
// after a price shock, and the settlement asset the margin pallet holds still equals its ledger.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { signAndWait, ledgerAt } from '../lib/node.mjs';
import {
  startTestNetwork, operatorValue, combinedValue, chainNow, heights, waitForHeights, simAdmin,
} from '../lib/testnet.mjs';

const USD = 1_000_000n;
const USDC = 1_000_000n;
const BTC_USD = 0;
const TENTH_BTC = 10_000_000n;

let net;
let api;
before(async () => ({ api } = (net = await startTestNetwork())), { timeout: 150_000 });
after(() => net?.teardown());

/** Sets every running simulator's BTC price (a value per validator name, or one for all). */
async function setPrices(prices) {
  for (const v of net.validators) {
    const price = typeof prices === 'number' ? prices : prices[v.name];
    if (price !== undefined) await simAdmin(v, '/admin/price', { pair: 'BTC/USD', price });
  }
}

/** Waits until every running operator's on-chain BTC value is `expected[name]` (micro-dollars). */
async function waitForOperatorValues(expected, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const values = {};
    for (const name of Object.keys(expected)) values[name] = (await operatorValue(api, net.keys[name].operator))?.value;
    if (Object.keys(expected).every((n) => values[n] === expected[n])) return values;
    if (Date.now() > deadline) throw new Error(`operator values ${JSON.stringify(values, (_, x) => (typeof x === 'bigint' ? x.toString() : x))}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

test("one operator's source lies 10x: the on-chain price stays inside the honest operators' range",
  { timeout: 150_000 }, async (t) => {
    // Honest operators see slightly different markets; Dave's simulator then lies on every source.
    const honest = { alice: 67_000, bob: 67_010, charlie: 67_020 };
    await setPrices({ ...honest, dave: 67_000 });
    const micro = (usd) => BigInt(usd) * USD;
    await waitForOperatorValues(Object.fromEntries(Object.entries(honest).map(([n, p]) => [n, micro(p)])));
    for (const source of ['binance', 'coinbase', 'kraken']) {
      await simAdmin(net.byName.dave, '/admin/source', { source, mode: 'lie', factor: 10 });
    }
    await waitForOperatorValues({ dave: micro(670_000) });
    t.diagnostic('Dave fed 670,000 USD on chain');

    // Over the next blocks, at every block: the median is fresh and within the honest range,
    // while Dave's 10x value sits on chain beside it.
    const start = (await heights(net.byName.alice)).best;
    const seen = [];
    for (let n = start + 1; n <= start + 8; n += 1) {
      await waitForHeights(net.byName.alice, { best: n }, 15_000);
      const hash = await api.rpc.chain.getBlockHash(n);
      const median = await combinedValue(api, 'BTC/USD', hash);
      const dave = await operatorValue(api, net.keys.dave.operator, 'BTC/USD', hash);
      const now = await chainNow(api, hash);
      seen.push(median.value);
      assert.equal(dave.value, micro(670_000), `Dave's lie is on chain at #${n}`);
      assert.ok(median.value >= micro(67_000) && median.value <= micro(67_020), `median ${median.value} at #${n} inside 67,000..67,020`);
      assert.ok(now - median.timestamp <= 20_000n, `median fresh at #${n}`);
    }
    t.diagnostic(`medians over 8 blocks: ${[...new Set(seen)].map((v) => Number(v / USD)).join(', ')} USD`);
    const fresh = await api.call.oracleFeederApi.freshPrice('BTC/USD');
    assert.ok(fresh.isOk, 'the price API serves it');

    for (const source of ['binance', 'coinbase', 'kraken']) {
      await simAdmin(net.byName.dave, '/admin/source', { source, mode: 'ok' });
    }
  });

test('two of four operators lie 2x: the price does not move; a genuine -30 % crash is held, then lands within a few blocks',
  { timeout: 200_000 }, async (t) => {
    const micro = (usd) => BigInt(usd) * USD;
    await setPrices(67_000);
    await waitForOperatorValues({ alice: micro(67_000), bob: micro(67_000), charlie: micro(67_000), dave: micro(67_000) });
    // Charlie's and Dave's simulators serve twice the price on every source.
    for (const liar of ['charlie', 'dave']) {
      for (const source of ['binance', 'coinbase', 'kraken']) {
        await simAdmin(net.byName[liar], '/admin/source', { source, mode: 'lie', factor: 2 });
      }
    }
    await waitForOperatorValues({ charlie: micro(134_000), dave: micro(134_000) });
    t.diagnostic('Charlie and Dave fed 134,000 USD on chain');
    // Half the operators cannot make a price: no three values agree, so the combined value stays
    // the honest one (and goes stale rather than move), block after block.
    const start = (await heights(net.byName.alice)).best;
    for (let n = start + 1; n <= start + 8; n += 1) {
      await waitForHeights(net.byName.alice, { best: n }, 15_000);
      const hash = await api.rpc.chain.getBlockHash(n);
      const median = await combinedValue(api, 'BTC/USD', hash);
      assert.equal(median.value, micro(67_000), `the combined price at #${n} is the honest one`);
    }
    for (const liar of ['charlie', 'dave']) {
      for (const source of ['binance', 'coinbase', 'kraken']) {
        await simAdmin(net.byName[liar], '/admin/source', { source, mode: 'ok' });
      }
    }
    await waitForOperatorValues({ alice: micro(67_000), bob: micro(67_000), charlie: micro(67_000), dave: micro(67_000) });
    for (let i = 0; !(await api.call.oracleFeederApi.freshPrice('BTC/USD')).isOk; i += 1) {
      assert.ok(i < 20, 'the price is fresh again once the operators agree');
      await new Promise((r) => setTimeout(r, 1_000));
    }

    // A genuine crash, seen by every operator: -30 % is beyond the 10 % circuit breaker, so it
    // is held (the price API answers Held) until it has persisted for the confirmation period.
    const shockHead = (await heights(net.byName.alice)).best;
    for (const v of net.validators) await simAdmin(v, '/admin/shock', { pair: 'BTC/USD', percent: -30 });
    let landed;
    let held = 0;
    for (let n = shockHead + 1; n <= shockHead + 15 && !landed; n += 1) {
      await waitForHeights(net.byName.alice, { best: n }, 20_000);
      const hash = await api.rpc.chain.getBlockHash(n);
      const median = await combinedValue(api, 'BTC/USD', hash);
      const fresh = await (await api.at(hash)).call.oracleFeederApi.freshPrice('BTC/USD');
      if (fresh.isErr && fresh.asErr.isHeld) held += 1;
      const near = median.value > micro(46_850) && median.value < micro(46_950);
      if (near && fresh.isOk) landed = n;
    }
    assert.ok(landed, 'the crash landed within 15 blocks');
    assert.ok(held >= 1, 'it was held before it landed');
    t.diagnostic(`-30 % crash: held in ${held} block(s), landed ${landed - shockHead} block(s) after the shock`);
    await setPrices(67_000);
  });

test('with one validator down, a BTC shock still liquidates a leveraged trader in on_finalize',
  { timeout: 200_000 }, async (t) => {
    const keyring = new Keyring({ type: 'sr25519' });
    const [maker, trader, bidder] = ['//Alice', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
    await setPrices(67_000);
    await waitForOperatorValues({ alice: 67_000n * USD, bob: 67_000n * USD, charlie: 67_000n * USD, dave: 67_000n * USD });

    // Charlie's validator goes down; the other three keep blocks, finality and prices.
    await net.byName.charlie.kill('SIGKILL');
    const down = await heights(net.byName.alice);
    t.diagnostic(`Charlie's validator killed at #${down.best}`);

    // Eve longs 0.1 BTC at 67,000 on 400 USDC (16.75x) against Alice; Ferdie bids under the market.
    for (const [who, amount] of [[maker, 100_000n], [trader, 400n], [bidder, 100_000n]]) {
      assert.equal((await signAndWait(api, api.tx.margin.deposit(amount * USDC), who, 60_000)).error, null);
    }
    const ask = 67_000n * USD;
    assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Sell', ask, TENTH_BTC, 'Limit', false), maker, 60_000)).error, null);
    assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', ask, TENTH_BTC, 'ImmediateOrCancel', false), trader, 60_000)).error, null);
    assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', 64_000n * USD, TENTH_BTC, 'Limit', false), bidder, 60_000)).error, null);

    // −4 % at every source: BTC at 64,320, Eve's equity under 3 % maintenance.
    const shockHead = (await heights(net.byName.alice)).best;
    for (const v of net.validators) await simAdmin(v, '/admin/shock', { pair: 'BTC/USD', percent: -4 });
    let found;
    for (let n = shockHead + 1; n <= shockHead + 15 && !found; n += 1) {
      await waitForHeights(net.byName.alice, { best: n }, 20_000);
      const hash = await api.rpc.chain.getBlockHash(n);
      const events = await (await api.at(hash)).query.system.events();
      const liquidated = events.find(({ event }) => api.events.liquidation.Liquidated.is(event)
        && event.data.who.toString() === trader.address);
      if (liquidated) found = { n, hash, events };
    }
    assert.ok(found, 'Eve liquidated within 15 blocks of the shock');
    t.diagnostic(`liquidated in block #${found.n}, ${found.n - shockHead} block(s) after the shock, Charlie still down: ${!net.byName.charlie.running}`);
    assert.ok(!net.byName.charlie.running, 'Charlie was down throughout');

    const started = found.events.find(({ event }) => api.events.liquidation.LiquidationStarted.is(event)
      && event.data.who.toString() === trader.address);
    assert.ok(started?.phase.isFinalization, 'liquidated in on_finalize');
    const block = await api.rpc.chain.getBlock(found.hash);
    assert.ok(!block.block.extrinsics.some((x) => x.method.section === 'liquidation'), 'no liquidation extrinsic');
    for (const at of [block.block.header.parentHash, found.hash]) {
      const { held, total } = await ledgerAt(api, at);
      assert.equal(held, total, `held = ledger at ${at}`);
    }
    // And the block is finalized by the three validators left.
    await waitForHeights(net.byName.alice, { finalized: found.n }, 30_000);
  });
