// End-to-end: the `clearing_*` JSON-RPC methods on the real dev node. Each method answers, bad
// input gets its typed error code, and an account's summary equals what this test recomputes
// itself from storage read with @polkadot/api (collateral, positions, oracle price, margins).

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNodeWithSim, signAndWait } from './lib/node.mjs';

const USDC = 1_000_000n;
const USD = 1_000_000n;
const BTC_USD = 0;
const CENTI_BTC = 1_000_000n;

let sim;
let node;
let api;
let alice, bob, ferdie;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, ferdie] = ['//Alice', '//Bob', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
  ({ sim, node, api } = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' }));
}, { timeout: 120_000 });

after(async () => {
  if (node) await node.stop();
  if (sim) await sim.close();
});

const rpc = (method, params) => api._rpcCore.provider.send(method, params);

/** The JSON-RPC error code a call fails with. */
async function errorCode(method, params) {
  try {
    await rpc(method, params);
  } catch (e) {
    return Number(String(e.message).split(':')[0]);
  }
  assert.fail(`${method} did not fail`);
}

/** `value / 10^decimals` as the RPC writes it: a decimal string without trailing zeros. */
function decimal(value, decimals) {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = magnitude / scale;
  const fraction = (magnitude % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const divCeil = (a, b) => (a + b - 1n) / b;
/** Floor division for signed values (as Rust's `div_euclid` with a positive divisor). */
const divFloor = (a, b) => (a >= 0n ? a / b : -divCeil(-a, b));

test('clearing_markets, clearing_orderBook and clearing_insuranceFund answer; bad input gets typed errors', { timeout: 60_000 }, async () => {
  const markets = await rpc('clearing_markets', []);
  assert.deepEqual(markets.map((m) => m.ticker), ['BTC-USD', 'ETH-USD', 'DOT-USD']);
  const btc = markets[0];
  assert.equal(btc.initialMarginFraction, '0.05');
  assert.equal(btc.maintenanceMarginFraction, '0.03');
  assert.equal(btc.tickSize, '0.1');
  assert.equal(btc.stepSize, '0.0001');
  const fresh = (await api.call.oracleFeederApi.freshPrice('BTC/USD')).asOk;
  assert.ok(btc.oraclePrice !== null && btc.oracleAgeMs !== null);
  assert.ok(Math.abs(Number(btc.oraclePrice) - Number(fresh.price.toBigInt()) / 1e6) < 1_000, 'oracle price near the simulator');

  const book = await rpc('clearing_orderBook', [BTC_USD, 5]);
  assert.deepEqual({ market: book.market, ticker: book.ticker }, { market: 0, ticker: 'BTC-USD' });
  const fund = await rpc('clearing_insuranceFund', []);
  assert.equal(fund.balance, decimal((await api.query.margin.insuranceFund()).toBigInt(), 6));
  assert.equal(fund.pendingLiquidations, 0);

  assert.equal(await errorCode('clearing_orderBook', [9, 5]), 8002);
  assert.equal(await errorCode('clearing_accountSummary', [ferdie.address]), 8001);
  // Malformed parameters are refused by the server with JSON-RPC's own code.
  assert.equal(await errorCode('clearing_accountSummary', ['not an address']), -32602);
  assert.equal(await errorCode('clearing_orderBook', ['BTC', 5]), -32602);
});

test('an account summary equals the figures recomputed from storage', { timeout: 90_000 }, async () => {
  for (const who of [alice, bob]) {
    assert.equal((await signAndWait(api, api.tx.margin.deposit(10_000n * USDC), who)).error, null);
  }
  const price = 67_000n * USD;
  assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Sell', price, 5n * CENTI_BTC, 'Limit', false), alice)).error, null);
  assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', price, 2n * CENTI_BTC, 'ImmediateOrCancel', false), bob)).error, null);
  const bid = await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', 61_000n * USD, CENTI_BTC, 'Limit', false), bob);
  assert.equal(bid.error, null);

  // Read the RPC and the storage at the same block.
  const at = (await api.rpc.chain.getHeader()).hash.toHex();
  const summary = await rpc('clearing_accountSummary', [bob.address, at]);
  const q = (await api.at(at)).query;
  const ledger = (await q.margin.accounts(bob.address)).unwrap();
  const position = ledger.positions[0];
  const size = position.get('size_').toBigInt();
  const cost = position.cost.toBigInt();
  const params = (await q.margin.markets(BTC_USD)).unwrap();
  const state = (await q.margin.marketStates(BTC_USD)).unwrap();
  const mark = (await (await api.at(at)).call.oracleFeederApi.freshPrice('BTC/USD')).asOk.price.toBigInt();
  // 10^(base decimals 8 + price decimals 6 − settlement decimals 6) price-atoms per settlement atom.
  const k = 10n ** 8n;
  const collateral = ledger.collateral.toBigInt();
  const value = divFloor(size * mark, k); // a long, valued down
  const notional = divCeil((size < 0n ? -size : size) * mark, k);
  const funding = (state.fundingIndex.toBigInt() - position.fundingSnapshot.toBigInt()) * size;
  // Owed rounded up, received rounded down in magnitude (index: quote atoms × 10^18 per base unit).
  const fundingScale = 10n ** 8n * 10n ** 18n;
  const unsettled = funding >= 0n ? divCeil(funding, fundingScale) : -((-funding) / fundingScale);
  const equity = collateral + value - unsettled;
  const perbill = (p) => p.toBigInt();
  const imr = divCeil(notional * perbill(params.initialMargin), 1_000_000_000n);
  const mmr = divCeil(notional * perbill(params.maintenanceMargin), 1_000_000_000n);
  const open = (await q.orderbook.accountOrders(bob.address)).unwrap();

  assert.equal(summary.collateral, decimal(collateral, 6));
  assert.equal(summary.equity, decimal(equity, 6));
  assert.equal(summary.initialMargin, decimal(imr, 6));
  assert.equal(summary.maintenanceMargin, decimal(mmr, 6));
  assert.equal(summary.freeCollateral, decimal(equity - imr, 6));
  assert.equal(summary.grossNotional, decimal(notional, 6));
  assert.equal(summary.openOrderMargin, decimal(open.reservedMargin.toBigInt(), 6));
  assert.equal(summary.positions.length, 1);
  const p = summary.positions[0];
  assert.equal(p.ticker, 'BTC-USD');
  assert.equal(p.size, decimal(size, 8));
  assert.equal(p.markPrice, decimal(mark, 6));
  assert.equal(p.entryPrice, decimal((cost * k) / size, 6));
  assert.equal(p.unrealizedPnl, decimal(value - cost, 6));
  assert.equal(summary.openOrders.length, 1);
  assert.deepEqual(
    { side: summary.openOrders[0].side, price: summary.openOrders[0].price, remaining: summary.openOrders[0].remaining },
    { side: 'Buy', price: '61000', remaining: '0.01' },
  );
  assert.equal(summary.queuedForLiquidation, false);
});
