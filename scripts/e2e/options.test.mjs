// End-to-end: European options on the real dev node (fast runtime). Root lists a BTC expiry a
// few minutes ahead; the validator's worker feeds the expiry's smile from the price simulator's
// Deribit book summary; two accounts trade a call and a put on the book; shifting the
// simulator's volatility moves the marks; at expiry the settlement price is the TWAP of the
// index over the blocks before it, worked out here from each block's fresh index and time, and
// every account's cash moves by the payoff worked out by hand, conserving every atom.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNodeWithSim, signAndWait, simCommand, waitForBlock, ledgerAt } from './lib/node.mjs';

const USDC = 1_000_000n;
const USD = 1_000_000n; // price units: micro-dollars
const BTC = 100_000_000n; // base atoms
const TICK = 100_000n; // option premiums in 0.10 USD
const TWAP_WINDOW_MS = 30n * 60n * 1000n;

let env;
let api;
let alice, bob, charlie;
let expiry; // { id, expiryMs, strikes, markets, listedAt }

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  charlie = keyring.addFromUri('//Charlie');
  env = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' });
  api = env.api;
  for (const who of [bob, charlie]) {
    const { error } = await signAndWait(api, api.tx.margin.deposit(50_000n * USDC), who);
    assert.equal(error, null);
  }
}, { timeout: 120_000 });

after(async () => {
  if (env) await env.stop();
});

const chainNow = async (hash) => (await (hash ? await api.at(hash) : api).query.timestamp.now()).toBigInt();
const collateral = async (who, hash) => {
  const account = await (hash ? await api.at(hash) : api).query.margin.accounts(who.address);
  return account.isSome ? account.unwrap().collateral.toBigInt() : 0n;
};
const rpc = (method, params) => api._rpcCore.provider.send(method, params);

/** Waits (best blocks) until `check()` is truthy; returns its value. */
async function until(check, blocks, what) {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = start; n <= start + blocks; n += 1) {
    await waitForBlock(api, n, 15_000);
    const value = await check();
    if (value) return value;
  }
  throw new Error(`${what}: not within ${blocks} blocks`);
}

test('root lists an expiry: a call and a put at every strike of the grid', { timeout: 60_000 }, async () => {
  const expiryMs = (await chainNow()) + 200_000n;
  // Strikes every 1,000 USD within 2 % of the index.
  const rule = { step: 1_000n * USD, range: 20_000_000 };
  const { error, events, blockHash } = await signAndWait(api, api.tx.sudo.sudo(api.tx.options.listExpiry('BTC/USD', expiryMs, rule)), alice);
  assert.equal(error, null);
  const listed = events.map(({ event }) => event).find((e) => api.events.options.ExpiryListed.is(e));
  assert.ok(listed, 'ExpiryListed');
  const [id, , at, strikes, markets] = listed.data;
  expiry = {
    id: id.toNumber(),
    expiryMs: at.toBigInt(),
    strikes: strikes.map((s) => s.toBigInt()),
    markets: markets.map(([c, p]) => [c.toNumber(), p.toNumber()]),
    listedAt: (await api.rpc.chain.getHeader(blockHash)).number.toNumber(),
  };
  assert.ok(expiry.strikes.length >= 2, `${expiry.strikes.length} strikes`);
  for (const [call, put] of expiry.markets) {
    const kind = (await api.query.margin.markets(call)).unwrap().kind;
    assert.ok(kind.isOption && kind.asOption.series.right.isCall);
    assert.ok((await api.query.margin.markets(put)).unwrap().kind.asOption.series.right.isPut);
  }
  // Only root (or the risk admin track) lists.
  const refused = await signAndWait(api, api.tx.options.listExpiry('BTC/USD', expiryMs + 86_400_000n, rule), bob);
  assert.equal(refused.error, 'BadOrigin');
});

/** The mark of a series from the trader's summary of an account holding it, or from the chain. */
async function surface() {
  const s = await api.query.options.surfaces(expiry.id);
  return s.isSome ? s.unwrap().vols.map((v) => v.toNumber()) : null;
}

let call, put, strikeCall, strikePut, size;

test('the validator feeds the smile and the book trades a call and a put', { timeout: 120_000 }, async () => {
  const vols = await until(surface, 15, 'a smile on chain');
  assert.equal(vols.length, expiry.strikes.length);
  // The simulator's smile is skewed: lower strikes carry higher volatility.
  assert.ok(vols[0] > vols[vols.length - 1], `${vols}`);
  // The strike nearest the index, for both (near expiry, away from it premiums are cents).
  const index = (await api.call.oracleFeederApi.freshPrice('BTC/USD')).asOk.price.toBigInt();
  const nearest = expiry.strikes.reduce((best, k, i) => ((k > index ? k - index : index - k) < (expiry.strikes[best] > index ? expiry.strikes[best] - index : index - expiry.strikes[best]) ? i : best), 0);
  [call, put] = expiry.markets[nearest];
  strikeCall = expiry.strikes[nearest];
  strikePut = expiry.strikes[nearest];
  size = BTC / 10n;
  for (const [market, buyer, seller] of [[call, bob, charlie], [put, charlie, bob]]) {
    // Rest a sell at the mark rounded up to the tick, then cross it.
    const premium = (((await seriesMark(market)) + TICK - 1n) / TICK) * TICK;
    assert.ok(premium > 0n, `premium ${premium}`);
    const rest = await signAndWait(api, api.tx.orderbook.placeOrder(market, 'Sell', premium, size, 'Limit', false), seller);
    assert.equal(rest.error, null);
    const take = await signAndWait(api, api.tx.orderbook.placeOrder(market, 'Buy', premium, size, 'Limit', false), buyer);
    assert.equal(take.error, null);
    assert.ok(take.events.some(({ event }) => api.events.margin.Filled.is(event)), 'filled');
  }
  const bobSummary = await rpc('clearing_accountSummary', [bob.address]);
  assert.equal(bobSummary.positions.length, 2);
});

/** A series' premium (rounded down, price units) from `clearing_optionChain`. */
async function seriesMark(market) {
  const chain = await rpc('clearing_optionChain', ['BTC/USD']);
  const series = chain.series.find((s) => s.market === market);
  assert.ok(series && series.markRaw !== null, `series ${market} has a mark`);
  return BigInt(series.markRaw);
}

test('a volatility shift at the venue moves the marks', { timeout: 90_000 }, async () => {
  const before = await seriesMark(call);
  const beforeSmile = await surface();
  await simCommand(env.sim, '/admin/vol', { currency: 'BTC', shift: 0.3 });
  await until(async () => {
    const now = await surface();
    return now && now.every((v, i) => v > beforeSmile[i] + 200_000) ? now : null;
  }, 10, 'the shifted smile on chain');
  const after = await seriesMark(call);
  assert.ok(after > before, `the call's mark rose: ${before} → ${after}`);
});

test('at expiry the settlement price is the TWAP of the index and each account gets its payoff', { timeout: 300_000 }, async (t) => {
  const before = { bob: await collateral(bob), charlie: await collateral(charlie) };
  // The index moves twice before expiry (1.2 % up, then down to 0.6 % up), so the settlement
  // price is a true average away from the strike and the call ends in the money.
  const start = (await api.call.oracleFeederApi.freshPrice('BTC/USD')).asOk.price.toBigInt();
  const mid = Number(start) / 1e6;
  await simCommand(env.sim, '/admin/price', { pair: 'BTC/USD', price: mid * 1.012 });
  await until(async () => (await api.call.oracleFeederApi.freshPrice('BTC/USD')).asOk?.price.toBigInt() > start, 10, 'the index up');
  for (let i = 0; i < 8; i += 1) await waitForBlock(api, (await api.rpc.chain.getHeader()).number.toNumber() + 1, 15_000);
  await simCommand(env.sim, '/admin/price', { pair: 'BTC/USD', price: mid * 1.006 });
  const fixed = await until(async () => {
    const e = await api.query.options.expiries(expiry.id);
    return e.isSome && e.unwrap().stage.isSettled ? e.unwrap().stage.asSettled.price.toBigInt() : null;
  }, 150, 'the settlement price');
  // By hand: every block from the listing on whose time is in the window and before expiry,
  // with the index fresh after it, is a sample; each holds until the next, the last until expiry.
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const samples = [];
  let fixedAt = null;
  for (let n = expiry.listedAt; n <= head; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const t = await chainNow(hash);
    if (t >= expiry.expiryMs) {
      fixedAt = n;
      break;
    }
    if (t + TWAP_WINDOW_MS < expiry.expiryMs) continue;
    const fresh = await (await api.at(hash)).call.oracleFeederApi.freshPrice('BTC/USD');
    if (fresh.isOk) samples.push([t, fresh.asOk.price.toBigInt()]);
  }
  assert.ok(fixedAt !== null && samples.length > 20, `${samples.length} samples`);
  assert.ok(new Set(samples.map(([, p]) => p)).size >= 2, 'the index moved within the window');
  let weighted = 0n;
  for (let i = 0; i + 1 < samples.length; i += 1) weighted += samples[i][1] * (samples[i + 1][0] - samples[i][0]);
  const [lastT, lastP] = samples[samples.length - 1];
  weighted += lastP * (expiry.expiryMs - lastT);
  const twap = weighted / (expiry.expiryMs - samples[0][0]);
  assert.equal(fixed, twap, 'settlement price = TWAP of the blocks\' index');
  t.diagnostic(`settlement price ${twap} (micro-USD) = TWAP of ${samples.length} block samples from ${samples[0][0]} to expiry ${expiry.expiryMs}, fixed in block #${fixedAt}`);
  const fixedEvent = (await (await api.at(await api.rpc.chain.getBlockHash(fixedAt))).query.system.events())
    .map(({ event }) => event).find((e) => api.events.options.SettlementPriceFixed.is(e));
  assert.ok(fixedEvent && fixedEvent.data.price.toBigInt() === twap);

  // The sweep settles every position; then the series and the expiry leave.
  await until(async () => (await api.query.options.expiries(expiry.id)).isNone, 20, 'the expiry retired');
  const down = (intrinsic) => (size * intrinsic) / BTC;
  const up = (intrinsic) => (size * intrinsic + BTC - 1n) / BTC;
  const callPays = twap > strikeCall ? twap - strikeCall : 0n;
  const putPays = strikePut > twap ? strikePut - twap : 0n;
  assert.ok(callPays + putPays > 0n, 'one side ends in the money');
  // Bob: long the call, short the put; Charlie the other side of both.
  t.diagnostic(`strike ${strikeCall}: the call pays ${callPays}, the put ${putPays} per unit; Bob ${before.bob} → ${await collateral(bob)}, Charlie ${before.charlie} → ${await collateral(charlie)} (settlement atoms)`);
  assert.equal(await collateral(bob), before.bob + down(callPays) - up(putPays));
  assert.equal(await collateral(charlie), before.charlie - up(callPays) + down(putPays));
  for (const [c, p] of expiry.markets) {
    assert.ok((await api.query.margin.markets(c)).isNone && (await api.query.margin.markets(p)).isNone);
  }
  const { held, total } = await ledgerAt(api, await api.rpc.chain.getBlockHash());
  assert.equal(held, total, 'every settlement atom accounted for');
});
