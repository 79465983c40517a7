// End-to-end: the attacks of the security review, each performed on the real dev node with
// ordinary signed extrinsics from accounts with a few dollars, and each shown failing with a
// typed error or with no value moved. The conservation identity (the settlement asset the margin
// pallet holds = its ledger) is checked after every attack.
//
// Markets (genesis): BTC-USD 5 % / 3 % margins, 0.1 USD ticks, 0.0001 BTC lots; ETH-USD 5 % / 3 %,
// 0.01 USD ticks, 0.001 ETH lots; DOT-USD 10 % / 5 %, 0.001 USD ticks, 0.1 DOT lots, an impact
// notional of 5,000 USDC; every market refuses limits more than 10 % from the oracle. The price
// simulator quotes BTC at 67,000, ETH at 3,500 and DOT at 6.5 USD, without a random walk.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  startDevNodeWithSim, waitForBlock, signAndWait, signOffline, ledgerAt, simCommand, SETTLEMENT_ASSET,
} from './lib/node.mjs';

const USDC = 1_000_000n;
const USD = 1_000_000n;
const CLR = 1_000_000_000_000n;
const [BTC_USD, ETH_USD, DOT_USD] = [0, 1, 2];
const BTC = 100_000_000n;
const BTC_TICK = 100_000n;
const BTC_LOT = 10_000n;
const ETH = 100_000_000n;
const ETH_TICK = 10_000n;
const DOT = 1_000_000n;
const DOT_TICK = 1_000n;
const DOT_LOT = 100_000n;

let sim;
let node;
let api;
let keyring;
let alice;

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  ({ sim, node, api } = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' }));
}, { timeout: 120_000 });

after(async () => {
  if (node) await node.stop();
  if (sim) await sim.close();
});

const admin = (path, body) => simCommand(sim, path, body);

const rpc = (method, params) => api._rpcCore.provider.send(method, params);

/** An event's fields by the metadata's names (codec properties like `size` shadow fields). */
const fields = (event) => Object.fromEntries(event.meta.fields.map((f, i) => [f.name.unwrap().toString(), event.data[i]]));

/** The fresh oracle price of `feed`, in micro-dollars. */
async function oracle(feed) {
  const fresh = await api.call.oracleFeederApi.freshPrice(feed);
  assert.ok(fresh.isOk, `${feed} has a fresh price`);
  return fresh.asOk.price.toBigInt();
}

const roundDown = (price, tick) => price - (price % tick);
const roundUp = (price, tick) => roundDown(price + tick - 1n, tick);

/**
 * New accounts (`//Alice//adversarial//NAME`) with 10 CLR for fees and `usdc` of margin each,
 * funded by Alice in one burst of pre-signed transfers, then deposited.
 */
async function traders(names, usdc) {
  const pairs = names.map((name) => keyring.addFromUri(`//Alice//adversarial//${name}`));
  let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  for (const p of pairs) {
    await api.rpc.author.submitExtrinsic(signOffline(api, api.tx.balances.transferKeepAlive(p.address, 10n * CLR), alice, nonce++));
    await api.rpc.author.submitExtrinsic(signOffline(api, api.tx.assets.transfer(SETTLEMENT_ASSET, p.address, usdc * USDC), alice, nonce++));
  }
  const last = pairs.at(-1);
  for (let i = 0; ; i += 1) {
    const held = await api.query.assets.account(SETTLEMENT_ASSET, last.address);
    if (held.isSome && held.unwrap().balance.toBigInt() === usdc * USDC) break;
    assert.ok(i < 30, 'the funding transfers land');
    await new Promise((r) => setTimeout(r, 500));
  }
  await Promise.all(pairs.map(async (p) => {
    const { error } = await signAndWait(api, api.tx.margin.deposit(usdc * USDC), p);
    assert.equal(error, null);
  }));
  return pairs;
}

const place = (who, market, side, price, size, kind = 'Limit', reduceOnly = false) =>
  signAndWait(api, api.tx.orderbook.placeOrder(market, side, price, size, kind, reduceOnly), who);

async function positionSize(who, market) {
  const account = await api.query.margin.accounts(who.address);
  if (account.isNone) return 0n;
  const position = account.unwrap().positions.find((p) => p.market.toNumber() === market);
  return position ? position.get('size_').toBigInt() : 0n;
}

const collateral = async (who) => {
  const account = await api.query.margin.accounts(who.address);
  return account.isNone ? 0n : account.unwrap().collateral.toBigInt();
};

async function assertConserved() {
  const hash = await api.rpc.chain.getBlockHash();
  const { held, total } = await ledgerAt(api, hash);
  assert.equal(held, total, 'the margin pallet holds exactly its ledger');
  // And nobody is left flat with debt the insurance fund could pay.
  for (const [, account] of await (await api.at(hash)).query.margin.accounts.entries()) {
    const a = account.unwrap();
    assert.ok(a.positions.length > 0 || a.collateral.toBigInt() >= 0n, 'no flat account holds bad debt');
  }
}

const removed = (events, who) => events
  .filter(({ event }) => api.events.orderbook.OrderRemoved.is(event))
  .map(({ event }) => fields(event))
  .filter((f) => !who || f.who.toString() === who.address)
  .map((f) => f.reason.type);

test('attack 1: closing a position at an absurd or a bad price against a colluding account moves no value', { timeout: 120_000 }, async () => {
  const [long, short] = await traders(['long', 'short'], 10_000n);
  // The long keeps only 3,500 USDC: 1 BTC at 67,000 needs 3,350 (5 %) plus the taker fee.
  assert.equal((await signAndWait(api, api.tx.margin.withdraw(6_500n * USDC), long)).error, null);
  const p0 = roundDown(await oracle('BTC/USD'), BTC_TICK);
  assert.equal((await place(short, BTC_USD, 'Sell', p0, BTC)).error, null);
  assert.equal((await place(long, BTC_USD, 'Buy', p0, BTC, 'ImmediateOrCancel')).error, null);
  assert.equal(await positionSize(long, BTC_USD), BTC);
  const longCollateral = await collateral(long);
  const shortCollateral = await collateral(short);

  // A reduce-only ask at 0.10 USD (the review's drain): refused by the price band.
  assert.equal((await place(long, BTC_USD, 'Sell', BTC_TICK, BTC, 'Limit', true)).error, 'orderbook.PriceOutsideBand');

  // 8 % through the oracle, inside the band: the long would end flat at about −1,900 USDC.
  const through = roundDown(p0 * 92n / 100n, BTC_TICK);
  const rested = await place(long, BTC_USD, 'Sell', through, BTC, 'Limit', true);
  assert.equal(rested.error, null);
  // The short takes it: the long's side of the fill is refused, its order leaves the book, and
  // the short's order fills nothing.
  const taken = await place(short, BTC_USD, 'Buy', through, BTC, 'ImmediateOrCancel', true);
  assert.equal(taken.error, null);
  assert.deepEqual(removed(taken.events, long), ['InsufficientMargin']);
  assert.ok(!taken.events.some(({ event }) => api.events.orderbook.OrderFilled.is(event)));
  // The other way round, the long as taker: a typed error.
  assert.equal((await place(short, BTC_USD, 'Buy', through, BTC)).error, null);
  assert.equal((await place(long, BTC_USD, 'Sell', through, BTC, 'ImmediateOrCancel', true)).error, 'orderbook.InsufficientMargin');

  // No value moved: both positions and the long's collateral are as they were.
  assert.equal(await positionSize(long, BTC_USD), BTC);
  assert.equal(await positionSize(short, BTC_USD), -BTC);
  assert.equal(await collateral(long), longCollateral);
  assert.ok(await collateral(short) <= shortCollateral);
  // The short cannot withdraw what it would have drained.
  assert.equal((await signAndWait(api, api.tx.margin.withdraw(20_000n * USDC), short)).error, 'margin.InsufficientMargin');
  for (const who of [long, short]) assert.equal((await signAndWait(api, api.tx.orderbook.cancelAll(null), who)).error, null);
  await assertConserved();
});

test('attack 2: dust far from the oracle is refused, and dust in the band cannot keep a market maker off the book', { timeout: 180_000 }, async () => {
  const [dust1, dust2, maker] = await traders(['dust1', 'dust2', 'maker'], 100n);
  // The review's attack: minimum bids at 0.10 … 10.00 USD. Refused.
  for (const price of [BTC_TICK, 10n * USD]) {
    assert.equal((await place(dust1, BTC_USD, 'Buy', price, BTC_LOT)).error, 'orderbook.PriceOutsideBand');
  }
  // The same 100 minimum bids at the bottom of the band fill every level of the side.
  const p0 = await oracle('BTC/USD');
  const bottom = roundUp(p0 * 90n / 100n, BTC_TICK) + 10n * BTC_TICK;
  for (const [who, offset] of [[dust1, 0n], [dust2, 50n]]) {
    let nonce = (await api.rpc.system.accountNextIndex(who.address)).toNumber();
    for (let i = 0n; i < 50n; i += 1n) {
      const tx = api.tx.orderbook.placeOrder(BTC_USD, 'Buy', bottom + (offset + i) * BTC_TICK, BTC_LOT, 'Limit', false);
      await api.rpc.author.submitExtrinsic(signOffline(api, tx, who, nonce++));
    }
  }
  for (let i = 0; (await api.query.orderbook.bookPrices(BTC_USD, 'Buy')).length < 100; i += 1) {
    assert.ok(i < 60, 'the 100 dust bids rest');
    await new Promise((r) => setTimeout(r, 500));
  }
  // A market maker quoting one tick under the oracle still rests: the farthest level makes room.
  const near = roundDown(p0, BTC_TICK) - BTC_TICK;
  const quoted = await place(maker, BTC_USD, 'Buy', near, BTC_LOT);
  assert.equal(quoted.error, null);
  assert.deepEqual(removed(quoted.events), ['Evicted']);
  const prices = (await api.query.orderbook.bookPrices(BTC_USD, 'Buy')).map((p) => p.toBigInt());
  assert.equal(prices.length, 100);
  assert.equal(prices.at(-1), near);
  assert.ok(!prices.includes(bottom), 'the farthest level is gone');
  await assertConserved();
});

test('attack 3: one small order does not move funding; a deep book away from the oracle does', { timeout: 120_000 }, async () => {
  const [steer, deepBid, deepAsk] = await traders(['steer', 'deep-bid', 'deep-ask'], 2_000n);
  const dot = await oracle('DOT/USD');
  const fundingRate = async () => (await rpc('clearing_markets', [])).find((m) => m.id === DOT_USD).nextFundingRate;
  // Twice the oracle is refused outright; 9 % above it, on an empty ask side, rests.
  assert.equal((await place(steer, DOT_USD, 'Buy', roundDown(2n * dot, DOT_TICK), DOT_LOT)).error, 'orderbook.PriceOutsideBand');
  assert.equal((await place(steer, DOT_USD, 'Buy', roundDown(dot * 109n / 100n, DOT_TICK), DOT_LOT)).error, null);
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitForBlock(api, head + 3);
  assert.equal(await fundingRate(), '0', 'a 0.1 DOT bid moves nothing');
  // 1,000 DOT (about 6,565 USDC, over the 5,000 USDC impact notional) each way at +1 % and +3 %:
  // the market genuinely trades above the oracle, and funding follows.
  assert.equal((await place(deepBid, DOT_USD, 'Buy', roundDown(dot * 101n / 100n, DOT_TICK), 1_000n * DOT)).error, null);
  assert.equal((await place(deepAsk, DOT_USD, 'Sell', roundDown(dot * 103n / 100n, DOT_TICK), 1_000n * DOT)).error, null);
  const later = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitForBlock(api, later + 3);
  const rate = Number(await fundingRate());
  assert.ok(rate > 0.005, `the deep book's premium sets funding (${rate})`);
  await assertConserved();
});

test('attack 4 and 5: a sniper bidding above the bankruptcy price gets nothing; the fund keeps the equity and reports its inventory', { timeout: 150_000 }, async () => {
  const [victim, ethMaker, sniper] = await traders(['victim', 'eth-maker', 'sniper'], 10_000n);
  // The victim keeps 200 USDC behind 1 ETH at the oracle (IMR 175 + the 1.75 taker fee).
  assert.equal((await signAndWait(api, api.tx.margin.withdraw(9_800n * USDC), victim)).error, null);
  const e0 = roundDown(await oracle('ETH/USD'), ETH_TICK);
  assert.equal((await place(ethMaker, ETH_USD, 'Sell', e0, ETH)).error, null);
  assert.equal((await place(victim, ETH_USD, 'Buy', e0, ETH, 'ImmediateOrCancel')).error, null);
  // After −4 % ETH is at 0.96 × e0: the victim's equity ≈ 198.25 − 0.04 × e0 (about 58 USDC),
  // under 3 % of the mark (about 101): its bankruptcy price is the mark less that equity.
  const mark = e0 * 96n / 100n;
  const equity = 198_250_000n - (e0 - mark);
  const bankruptcy = mark - equity;
  // The sniper bids 1 ETH one tick-ish above the bankruptcy price, ~1.7 % under the mark.
  const snipe = roundUp(bankruptcy + 100n * ETH_TICK / 10n, ETH_TICK);
  assert.equal((await place(sniper, ETH_USD, 'Buy', snipe, ETH)).error, null);
  const fundBefore = await rpc('clearing_insuranceFund', []);

  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  await admin('/admin/shock', { pair: 'ETH/USD', percent: -4 });
  let found;
  for (let n = head + 1; n <= head + 12 && !found; n += 1) {
    await waitForBlock(api, n, 15_000);
    const hash = await api.rpc.chain.getBlockHash(n);
    const events = await (await api.at(hash)).query.system.events();
    if (events.some(({ event }) => api.events.liquidation.Liquidated.is(event) && event.data.who.toString() === victim.address)) {
      found = { n, hash, events };
    }
  }
  assert.ok(found, 'the victim is liquidated within 12 blocks');
  const closed = found.events.filter(({ event }) => api.events.liquidation.PositionClosed.is(event)).map(({ event }) => fields(event));
  assert.ok(closed.length >= 1);
  for (const c of closed) {
    // The fillable limit lies between the bankruptcy price and the mark, well above the sniper.
    assert.ok(c.limit_price.toBigInt() > snipe, `limit ${c.limit_price} above the sniper's ${snipe}`);
    assert.ok(c.limit_price.toBigInt() >= c.bankruptcy_price.toBigInt());
    assert.equal(c.book_filled.toBigInt(), 0n);
  }
  assert.equal(await positionSize(sniper, ETH_USD), 0n, 'the sniper got nothing');
  assert.ok(found.events.some(({ event }) => api.events.liquidation.InsuranceTakeover.is(event)), 'the fund took it over');
  // The fund reports its inventory: value = balance + the backstop's equity at the mark.
  const fund = await rpc('clearing_insuranceFund', []);
  assert.ok(fund.backstop && fund.backstop.positions.length > 0, 'the backstop holds the position');
  assert.ok(fund.value !== null);
  assert.ok(Number(fund.value) > Number(fundBefore.value), `the fund gained the equity (${fundBefore.value} → ${fund.value})`);
  await assertConserved();
});

test('attack 7: a maker whose other market went stale leaves the book instead of blocking takers', { timeout: 150_000 }, async () => {
  const [staleMaker, dotSeller, honest, taker] = await traders(['stale-maker', 'dot-seller', 'honest', 'taker'], 5_000n);
  // The stale maker buys 10 DOT (5 % above the oracle: above any ask an earlier test left).
  const dotAsk = roundDown((await oracle('DOT/USD')) * 105n / 100n, DOT_TICK);
  assert.equal((await place(dotSeller, DOT_USD, 'Sell', dotAsk, 10n * DOT)).error, null);
  assert.equal((await place(staleMaker, DOT_USD, 'Buy', dotAsk, 10n * DOT, 'ImmediateOrCancel')).error, null);
  assert.equal(await positionSize(staleMaker, DOT_USD), 10n * DOT);
  const p0 = roundDown(await oracle('BTC/USD'), BTC_TICK);
  const [ask1, ask2] = [p0 + 2n * BTC_TICK, p0 + 3n * BTC_TICK];
  assert.equal((await place(staleMaker, BTC_USD, 'Sell', ask1, BTC_LOT)).error, null);
  assert.equal((await place(honest, BTC_USD, 'Sell', ask2, BTC_LOT)).error, null);
  // DOT's feed stops: after the 20 s maximum age its price is stale.
  await admin('/admin/pair', { pair: 'DOT/USD', mode: 'fail' });
  for (let i = 0; (await api.call.oracleFeederApi.freshPrice('DOT/USD')).isOk; i += 1) {
    assert.ok(i < 40, 'DOT goes stale');
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const bought = await place(taker, BTC_USD, 'Buy', ask2, BTC_LOT, 'ImmediateOrCancel');
  assert.equal(bought.error, null);
  assert.deepEqual(removed(bought.events, staleMaker), ['StalePrice']);
  assert.equal(await positionSize(taker, BTC_USD), BTC_LOT);
  assert.equal(await positionSize(honest, BTC_USD), -BTC_LOT);
  await admin('/admin/pair', { pair: 'DOT/USD', mode: 'ok' });
  await assertConserved();
});

test('attack 8: a keeper liquidation is charged its worst case up front and refunded down to the work it did', { timeout: 180_000 }, async () => {
  // One liquidation per block: of four accounts under water at once, three wait in the queue.
  const current = (await api.query.liquidation.parameters()).toJSON();
  const set = await signAndWait(api, api.tx.sudo.sudo(api.tx.liquidation.setParameters({ ...current, maxLiquidationsPerBlock: 1 })), alice);
  assert.equal(set.error, null);
  const victims = await traders(['queued-1', 'queued-2', 'queued-3', 'queued-4'], 200n);
  const [maker, keeper] = await traders(['queue-maker', 'keeper'], 10_000n);
  const e0 = roundDown(await oracle('ETH/USD'), ETH_TICK);
  assert.equal((await place(maker, ETH_USD, 'Sell', e0, 4n * ETH)).error, null);
  for (const v of victims) assert.equal((await place(v, ETH_USD, 'Buy', e0, ETH, 'ImmediateOrCancel')).error, null);

  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  await admin('/admin/shock', { pair: 'ETH/USD', percent: -4 });
  let queued = [];
  for (let n = head + 1; n <= head + 12 && queued.length === 0; n += 1) {
    await waitForBlock(api, n, 15_000);
    const events = await (await api.at(await api.rpc.chain.getBlockHash(n))).query.system.events();
    queued = events.filter(({ event }) => api.events.liquidation.Queued.is(event)).map(({ event }) => event.data.who.toString())
      .filter((who) => victims.some((v) => v.address === who));
  }
  assert.ok(queued.length >= 2, `victims wait in the queue (${queued.length})`);
  // The youngest in the queue: the next blocks serve the older ones first.
  const target = queued.at(-1);
  const call = api.tx.liquidation.liquidate(target);
  const declared = (await call.paymentInfo(keeper)).weight.refTime.toBigInt();
  const done = await signAndWait(api, call, keeper);
  assert.equal(done.error, null);
  const success = done.events.find(({ event }) => api.events.system.ExtrinsicSuccess.is(event));
  const actual = success.event.data[0].weight.refTime.toBigInt();
  assert.ok(done.events.some(({ event }) => api.events.liquidation.Liquidated.is(event)
    && event.data.who.toString() === target && event.data.keeper.toString() === keeper.address), 'the keeper liquidated it');
  // Charged what it did: one position, a few book visits and a takeover, far below the worst case
  // the call declared (every order cancelled, a full walk of the book, the most transfers).
  assert.ok(actual * 4n < declared, `actual ${actual} ps, declared ${declared} ps`);
  const restored = await signAndWait(api, api.tx.sudo.sudo(api.tx.liquidation.setParameters(current)), alice);
  assert.equal(restored.error, null);
  await assertConserved();
});

test('attack 9: governance cannot set a parameter that switches clearing off', { timeout: 60_000 }, async () => {
  const current = (await api.query.liquidation.parameters()).toJSON();
  const sudoError = async (call) => {
    const { events, error } = await signAndWait(api, api.tx.sudo.sudo(call), alice);
    assert.equal(error, null);
    const sudid = events.find(({ event }) => api.events.sudo.Sudid.is(event));
    const result = sudid.event.data.sudoResult;
    assert.ok(result.isErr, 'the call fails');
    const { section, name } = api.registry.findMetaError(result.asErr.asModule);
    return `${section}.${name}`;
  };
  // Buckets as wide as a 2 % move; a close-out cap of 1 USDC.
  assert.equal(await sudoError(api.tx.liquidation.setParameters({ ...current, bucketWidth: 20_000_000_000_000_000n })), 'liquidation.InvalidParameters');
  assert.equal(await sudoError(api.tx.liquidation.setParameters({ ...current, maxCloseNotionalPerBlock: USDC })), 'liquidation.InvalidParameters');
  // A market without a price band.
  const btc = (await api.query.margin.markets(BTC_USD)).unwrap().toJSON();
  assert.equal(await sudoError(api.tx.margin.updateMarket(BTC_USD, { ...btc, priceBand: 0 })), 'margin.InvalidPriceBand');
  assert.deepEqual((await api.query.liquidation.parameters()).toJSON(), current);
});

test('attack 10: an operator cannot spam the oracle with unregistered or repeated keys', { timeout: 30_000 }, async () => {
  const operator = keyring.addFromUri('//Alice//oracle');
  const price = await oracle('BTC/USD');
  for (const values of [[['NOPE/USD', 1n]], [['BTC/USD', price], ['BTC/USD', price]]]) {
    await assert.rejects(
      signAndWait(api, api.tx.oracle.feedValues(values), operator),
      (e) => e.code === 1010,
      `the pool refuses ${JSON.stringify(values.map(([k]) => k))}`,
    );
  }
  assert.ok((await api.query.oracle.values('NOPE/USD')).isNone);
});
