#!/usr/bin/env node
// Throughput of the chain's main extrinsics, measured side by side on a release dev node.
//
//   node scripts/bench/throughput.mjs [--accounts 400] [--per-account 25] [--blocks 5] [--rpc ws://…]
//   node scripts/bench/throughput.mjs --short        # the quick run scripts/test.sh makes
//
// Funds many accounts, then for each workload pre-signs a batch (several transactions per
// account, sequential nonces), submits it at once, and follows the blocks:
//   (a) balances.transferKeepAlive                 every account pays another
//   (b) orderbook.placeOrder, resting               makers bid below the market, each order alone
//                                                   in its fill queue, 2 per maker per round
//   (c) orderbook.placeOrder, crossing, one fill    takers sell the minimum size into the best bid
//   (d) orderbook.cancelOrder                       makers cancel the bids left over
// It prints, per workload: extrinsics included per second over the saturated blocks (all but the
// last block holding the workload, at most --blocks of them), the ratio to (a), the blocks' mean
// normal-class fullness, and how many such extrinsics fit one block by weight. `--json` prints
// the figures as one JSON line as well. Without --rpc it starts its own dev node (and price
// simulator), with a transaction pool large enough for the batches.

import { USD, USDC, CLR, arg, devChain, accounts, signOffline, nonces, submitAndFollow, fund, assertAllOk,
  extrinsicWeight, fitPerBlock } from './lib.mjs';

const short = process.argv.includes('--short');
const ACCOUNTS = Number(arg('--accounts', short ? 24 : 400));
const PER_ACCOUNT = Number(arg('--per-account', short ? 2 : 25));
const WINDOW = Number(arg('--blocks', 5));
const BTC_USD = 0;
const SLOT_SECONDS = 2;

if (PER_ACCOUNT * 2 > 64 || PER_ACCOUNT * 2 > 100) throw new Error('--per-account at most 32 (64 open orders per account)');

const { api, stop } = await devChain();
const results = {};
try {
  const { alice, list } = accounts('throughput', ACCOUNTS);
  const half = Math.floor(ACCOUNTS / 2);
  const makers = list.slice(0, half);
  const takers = list.slice(half, 2 * half);
  const signers = new Set(list.map((p) => p.address));
  console.log(`funding ${ACCOUNTS} accounts …`);
  // Alice holds 1,000,000 USDC: 2,000 each for up to 500 accounts.
  await fund(api, alice, list, { native: 1_000n * CLR, usdc: 2_000n * USDC });
  const deposits = list.map((p) => signOffline(api, api.tx.margin.deposit(1_500n * USDC), p, 0));
  assertAllOk(await submitAndFollow(api, deposits, signers), deposits.length, 'deposits');

  const market = (await api.query.margin.markets(BTC_USD)).unwrap();
  const tick = market.tickSize.toBigInt();
  const lot = market.minOrderSize.toBigInt();
  const oracle = (await api.call.oracleFeederApi.freshPrice('BTC/USD')).asOk.price.toBigInt();
  // Bids on 2 × PER_ACCOUNT price levels, 1 USD apart, from 5 % under the oracle price down
  // (inside the market's 10 % price band).
  const top = ((oracle * 95n) / 100n / tick) * tick;
  const bidPrice = (j) => top - BigInt(j) * USD;

  /** Signs `count` transactions per account of `who`, built by `make(pair, j)`. */
  async function batch(who, count, make) {
    const next = await nonces(api, who);
    return who.flatMap((pair, i) => Array.from({ length: count }, (_, j) => signOffline(api, make(pair, j), pair, next[i] + j)));
  }

  /** Submits a workload, follows it to the end, and records its figures. */
  async function measure(name, label, hexes) {
    const declared = await extrinsicWeight(api, hexes[0]);
    const stats = await submitAndFollow(api, hexes, signers);
    assertAllOk(stats, hexes.length, name);
    const saturated = (stats.length > 1 ? stats.slice(0, -1) : stats).slice(0, WINDOW);
    const included = saturated.reduce((n, s) => n + s.ours, 0);
    const perSecond = included / (saturated.length * SLOT_SECONDS);
    // What each one used after dispatch (refunds applied; the event's weight counts the base
    // extrinsic weight too).
    const actual = stats.reduce((w, s) => w + s.actualRefTime, 0n) / BigInt(hexes.length);
    results[name] = {
      label,
      submitted: hexes.length,
      blocks: stats.length,
      perBlock: saturated.map((s) => s.ours),
      perSecond,
      fullness: saturated.reduce((f, s) => f + s.fullness, 0) / saturated.length,
      declaredWeightPs: declared.toString(),
      weightPs: actual.toString(),
      fitPerBlock: fitPerBlock(api, actual),
      events: stats.flatMap((s) => s.events),
    };
    console.log(`${label}: ${hexes.length} in ${stats.length} blocks; per block ${results[name].perBlock.join(', ')}`);
    return stats;
  }

  await measure('transfer', '(a) balances.transferKeepAlive',
    await batch(list, PER_ACCOUNT, (pair, j) => api.tx.balances.transferKeepAlive(list[(list.indexOf(pair) + 1 + j) % list.length].address, CLR)));

  // Each maker rests 2 × PER_ACCOUNT bids, each on a level of its own price in its queue.
  await measure('resting', '(b) orderbook.placeOrder, resting',
    await batch(makers, 2 * PER_ACCOUNT, (_, j) => api.tx.orderbook.placeOrder(BTC_USD, 'Buy', bidPrice(j), lot, 'Limit', false)));

  // Each taker sells one lot into the best bid PER_ACCOUNT times: one fill each.
  const lowest = bidPrice(2 * PER_ACCOUNT - 1);
  await measure('crossing', '(c) orderbook.placeOrder, crossing with one fill',
    await batch(takers, PER_ACCOUNT, () => api.tx.orderbook.placeOrder(BTC_USD, 'Sell', lowest, lot, 'ImmediateOrCancel', false)));
  const fills = results.crossing.events.filter(({ event }) => api.events.orderbook.OrderFilled.is(event)).length;
  if (fills !== takers.length * PER_ACCOUNT) throw new Error(`crossing orders made ${fills} fills, expected one each (${takers.length * PER_ACCOUNT})`);

  // The makers cancel the bids the takers left.
  const open = await Promise.all(makers.map(async (m) => (await api.query.orderbook.accountOrders(m.address)).unwrap().orders.map((id) => id.toBigInt())));
  const cancels = [];
  const next = await nonces(api, makers);
  makers.forEach((m, i) => open[i].forEach((id, j) => cancels.push(signOffline(api, api.tx.orderbook.cancelOrder(id), m, next[i] + j))));
  await measure('cancel', '(d) orderbook.cancelOrder', cancels);

  const base = results.transfer.perSecond;
  const transferWeight = Number(results.transfer.weightPs);
  console.log('\nworkload                                         per second  vs (a)  fullness  weight µs (vs (a))  declared µs  fit per block');
  for (const r of Object.values(results)) {
    r.ratio = r.perSecond / base;
    r.weightRatio = Number(r.weightPs) / transferWeight;
    const weight = `${(Number(r.weightPs) / 1e6).toFixed(1)} (${r.weightRatio.toFixed(2)}x)`;
    console.log(`${r.label.padEnd(48)} ${r.perSecond.toFixed(1).padStart(10)}  ${r.ratio.toFixed(2).padStart(6)}  ${(r.fullness * 100).toFixed(1).padStart(6)} %  ${weight.padStart(18)}  ${(Number(r.declaredWeightPs) / 1e6).toFixed(1).padStart(11)}  ${String(r.fitPerBlock).padStart(13)}`);
  }
  console.log('weight: what one used after dispatch, with the base extrinsic weight; declared: what a block must have room for before dispatch; fit per block: by the weight used');
  console.log(`(${ACCOUNTS} accounts, ${PER_ACCOUNT} per account per round, window of at most ${WINDOW} saturated blocks of ${SLOT_SECONDS} s)`);
  if (process.argv.includes('--json')) {
    const plain = Object.fromEntries(Object.entries(results).map(([k, { events, ...rest }]) => [k, rest]));
    console.log(`RESULT ${JSON.stringify({ accounts: ACCOUNTS, perAccount: PER_ACCOUNT, results: plain })}`);
  }
} finally {
  await stop();
}
process.exit(0);
