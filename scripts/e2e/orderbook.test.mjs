// End-to-end: trading on the real dev node's order book with @polkadot/api. Alice and Bob deposit
// collateral, Alice rests a bid, Bob sells into it; both see the fill, their positions match it,
// and the book read back from storage is what is left of Alice's bid. Bad orders get typed errors.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNodeWithSim, waitForBlock, signAndWait } from './lib/node.mjs';

const USDC = 1_000_000n;
/** BTC-USD: prices in micro-dollars on a 0.1 USD tick, sizes in satoshis (8 decimals). */
const BTC_USD = 0;
const USD = 1_000_000n;
const CENTI_BTC = 1_000_000n;
/** The simulator's BTC price is 67,000 USD; Alice bids a little under it. */
const BID = 66_000n * USD;

let sim;
let node;
let api;
let alice, bob;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  // Orders need a fresh BTC price: the node starts with the simulator and waits for the feed.
  ({ sim, node, api } = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' }));
}, { timeout: 120_000 });

after(async () => {
  if (node) await node.stop();
  if (sim) await sim.close();
});

const placeOrder = (side, price, size, kind, reduceOnly = false) =>
  api.tx.orderbook.placeOrder(BTC_USD, side, price, size, kind, reduceOnly);

const positionSize = async (who) => {
  const account = await api.query.margin.accounts(who.address);
  if (account.isNone) return 0n;
  const position = account.unwrap().positions.find((p) => p.market.toNumber() === BTC_USD);
  // A decoded struct is a Map, whose own `size` counts its fields: polkadot.js names the
  // field `size_`.
  return position ? position.get('size_').toBigInt() : 0n;
};

/** The fills in a block's events, as plain values. */
async function fillsIn(blockHash) {
  const events = await (await api.at(blockHash)).query.system.events();
  return events
    .filter(({ event }) => api.events.orderbook.OrderFilled.is(event))
    .map(({ event }) => {
      // By the metadata's field names (`event.data.size` would be shadowed by the codec's own).
      const f = Object.fromEntries(event.meta.fields.map((field, i) => [field.name.unwrap().toString(), event.data[i]]));
      return {
        makerOrder: f.maker_order.toBigInt(),
        maker: f.maker.toString(),
        taker: f.taker.toString(),
        side: f.taker_side.type,
        price: f.price.toBigInt(),
        size: f.size.toBigInt(),
        takerFee: f.taker_fee.toBigInt(),
        makerFee: f.maker_fee.toBigInt(),
      };
    });
}

test('Alice rests a bid, Bob sells into it, and the book and positions show the trade', { timeout: 90_000 }, async () => {
  for (const who of [alice, bob]) {
    const { error } = await signAndWait(api, api.tx.margin.deposit(10_000n * USDC), who);
    assert.equal(error, null);
  }
  const [aliceBefore, bobBefore] = [await positionSize(alice), await positionSize(bob)];

  // Alice: limit bid, 0.02 BTC at 66,000.
  const placed = await signAndWait(api, placeOrder('Buy', BID, 2n * CENTI_BTC, 'Limit'), alice);
  assert.equal(placed.error, null);
  const rested = placed.events.find(({ event }) => api.events.orderbook.OrderRested.is(event));
  assert.ok(rested, 'the bid rests');
  const bidId = rested.event.data.orderId.toBigInt();
  assert.equal((await api.query.orderbook.bookPrices(BTC_USD, 'Buy')).map((p) => p.toBigInt()).at(-1), BID);

  // Bob: limit sell, 0.01 BTC at 66,000: crosses Alice's bid and fills at her price.
  const sold = await signAndWait(api, placeOrder('Sell', BID, CENTI_BTC, 'Limit'), bob);
  assert.equal(sold.error, null);
  const fills = await fillsIn(sold.blockHash);
  // Notional 660 USDC: taker fee 0.05 % = 0.33 USDC, maker fee 0.02 % = 0.132 USDC.
  assert.deepEqual(fills, [{
    makerOrder: bidId, maker: alice.address, taker: bob.address, side: 'Sell',
    price: BID, size: CENTI_BTC, takerFee: 330_000n, makerFee: 132_000n,
  }]);
  // Alice finds the same fill in the events of that block, under her account as maker.
  const alicesFills = (await fillsIn(sold.blockHash)).filter((f) => f.maker === alice.address);
  assert.equal(alicesFills.length, 1);

  assert.equal(await positionSize(alice), aliceBefore + CENTI_BTC);
  assert.equal(await positionSize(bob), bobBefore - CENTI_BTC);

  // What is left of the bid, read back through storage: one level of one order of 0.01 BTC.
  const level = (await api.query.orderbook.levels([BTC_USD, 'Buy', BID])).unwrap();
  assert.equal(level.total.toBigInt(), CENTI_BTC);
  assert.equal(level.orders.toNumber(), 1);
  assert.equal(level.head.unwrap().toBigInt(), bidId);
  const order = (await api.query.orderbook.orders(bidId)).unwrap();
  assert.equal(order.owner.toString(), alice.address);
  assert.equal(order.remaining.toBigInt(), CENTI_BTC);
  // It reserves 5 % of its 660 USDC notional, which withdrawals leave in place.
  const open = (await api.query.orderbook.accountOrders(alice.address)).unwrap();
  assert.deepEqual(open.orders.map((id) => id.toBigInt()), [bidId]);
  assert.equal(open.reservedMargin.toBigInt(), 33n * USDC);

  // Alice cancels the rest: the book's bid side is empty again.
  const cancelled = await signAndWait(api, api.tx.orderbook.cancelOrder(bidId), alice);
  assert.equal(cancelled.error, null);
  assert.ok(cancelled.events.some(({ event }) => api.events.orderbook.OrderCancelled.is(event)
    && event.data.reason.type === 'ByOwner'));
  assert.ok((await api.query.orderbook.orders(bidId)).isNone);
  assert.equal((await api.query.orderbook.bookPrices(BTC_USD, 'Buy')).length, 0);
  assert.ok((await api.query.orderbook.accountOrders(alice.address)).isNone);

  // cancelAll: two bids in BTC-USD leave with cancelAll(BTC_USD), one more with cancelAll(null).
  for (const price of [BID, BID - 100n * USD]) {
    assert.equal((await signAndWait(api, placeOrder('Buy', price, CENTI_BTC, 'Limit'), alice)).error, null);
  }
  assert.equal((await api.query.orderbook.accountOrders(alice.address)).unwrap().orders.length, 2);
  const inMarket = await signAndWait(api, api.tx.orderbook.cancelAll(BTC_USD), alice);
  assert.equal(inMarket.error, null);
  const byOwner = ({ event }) => api.events.orderbook.OrderCancelled.is(event) && event.data.reason.type === 'ByOwner';
  assert.equal(inMarket.events.filter(byOwner).length, 2);
  assert.ok((await api.query.orderbook.accountOrders(alice.address)).isNone);
  assert.equal((await signAndWait(api, placeOrder('Buy', BID, CENTI_BTC, 'Limit'), alice)).error, null);
  const everywhere = await signAndWait(api, api.tx.orderbook.cancelAll(null), alice);
  assert.equal(everywhere.error, null);
  assert.equal(everywhere.events.filter(byOwner).length, 1);
  assert.ok((await api.query.orderbook.accountOrders(alice.address)).isNone);
  assert.equal((await api.query.orderbook.bookPrices(BTC_USD, 'Buy')).length, 0);
});

test('bad orders are refused with typed errors and change nothing', { timeout: 90_000 }, async () => {
  const next = (await api.query.orderbook.nextOrderId()).toBigInt();
  const cases = [
    [placeOrder('Buy', BID + 1n, CENTI_BTC, 'Limit'), 'orderbook.PriceOffTick'],
    [placeOrder('Buy', BID, CENTI_BTC + 1n, 'Limit'), 'orderbook.SizeOffStep'],
    [placeOrder('Buy', BID, 0, 'Limit'), 'orderbook.ZeroSize'],
    [api.tx.orderbook.placeOrder(9, 'Buy', BID, CENTI_BTC, 'Limit', false), 'orderbook.UnknownMarket'],
    [placeOrder('Sell', BID, CENTI_BTC, 'FillOrKill'), 'orderbook.FillOrKillNotFilled'],
    [placeOrder('Buy', BID, 1_000n * 100_000_000n, 'Limit'), 'orderbook.InsufficientMargin'],
    [api.tx.orderbook.cancelOrder(next + 1_000n), 'orderbook.UnknownOrder'],
  ];
  for (const [tx, expected] of cases) {
    const { error } = await signAndWait(api, tx, bob);
    assert.equal(error, expected);
  }
  assert.equal((await api.query.orderbook.nextOrderId()).toBigInt(), next);
  assert.equal((await api.query.orderbook.bookPrices(BTC_USD, 'Buy')).length, 0);
  assert.ok((await api.query.orderbook.accountOrders(bob.address)).isNone);
});
