#!/usr/bin/env node
// Liquidation capacity: how fast the runtime works down a crowd of accounts that one price shock
// makes liquidatable, with nobody sending a transaction.
//
//   node scripts/bench/liquidation-capacity.mjs [--accounts 60] [--shock -4] [--per-block 3] [--rpc ws://…]
//   node scripts/bench/liquidation-capacity.mjs --short      # the quick run scripts/test.sh makes
//
// Opens --accounts leveraged longs near the edge (0.01 BTC each at the oracle price, on collateral
// of 16.75x leverage, against a deep maker), rests a deep bid under the market for the close-outs,
// sets the liquidation budget to --per-block liquidations (sudo: dev chain), shocks BTC by --shock
// percent at the price simulator, and follows the blocks until no account is liquidatable. Per
// block it prints the accounts evaluated and liquidated in on_finalize, the queue left, and the
// weight on_initialize reserved for it (mandatory class). `--json` prints one JSON line as well.

import { USD, USDC, CLR, arg, devChain, accounts, signOffline, nonces, submitAndFollow, fund, assertAllOk, nextBlock } from './lib.mjs';

const short = process.argv.includes('--short');
const ACCOUNTS = Number(arg('--accounts', short ? 8 : 60));
const SHOCK = Number(arg('--shock', -4));
const PER_BLOCK = Number(arg('--per-block', 3));
const BTC_USD = 0;
const CENTI_BTC = 1_000_000n;

const { api, sim, stop } = await devChain();
try {
  if (!sim) throw new Error('the capacity harness moves prices through its own simulator: run it without --rpc');
  const { alice, list } = accounts('liquidation', ACCOUNTS + 1);
  const [bidder, ...longs] = list;
  const signers = new Set([alice.address, ...list.map((p) => p.address)]);
  console.log(`funding ${list.length} accounts …`);
  await fund(api, alice, [bidder], { native: 100n * CLR, usdc: 200_000n * USDC });
  await fund(api, alice, longs, { native: 100n * CLR, usdc: 100n * USDC });

  const oracle = (await api.call.oracleFeederApi.freshPrice('BTC/USD')).asOk.price.toBigInt();
  const market = (await api.query.margin.markets(BTC_USD)).unwrap();
  const tick = market.tickSize.toBigInt();
  const price = (oracle / tick) * tick;
  // 0.01 BTC each at the oracle price: notional ≈ 670 USDC, on 40 USDC (≈ 16.75x) collateral.
  const notional = (price * CENTI_BTC) / 100_000_000n;
  const collateral = (notional * 100n) / 1675n;

  // Deposits, the maker's deep ask, the bidder's deep bid 5 % under the market.
  const [aliceNonce] = await nonces(api, [alice]);
  const setup = [
    signOffline(api, api.tx.margin.deposit(300_000n * USDC), alice, aliceNonce),
    signOffline(api, api.tx.orderbook.placeOrder(BTC_USD, 'Sell', price, CENTI_BTC * BigInt(ACCOUNTS), 'Limit', false), alice, aliceNonce + 1),
    signOffline(api, api.tx.margin.deposit(150_000n * USDC), bidder, 0),
    signOffline(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', ((price * 95n) / 100n / tick) * tick, CENTI_BTC * BigInt(ACCOUNTS), 'Limit', false), bidder, 1),
    ...longs.map((p) => signOffline(api, api.tx.margin.deposit(collateral), p, 0)),
  ];
  assertAllOk(await submitAndFollow(api, setup, signers), setup.length, 'setup');
  const buys = longs.map((p) => signOffline(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', price, CENTI_BTC, 'ImmediateOrCancel', false), p, 1));
  assertAllOk(await submitAndFollow(api, buys, signers), buys.length, 'leveraged longs');

  // The budget: PER_BLOCK liquidations per block (and the default evaluations), by sudo.
  const params = (await api.query.liquidation.parameters()).toJSON();
  const [sudoNonce] = await nonces(api, [alice]);
  const change = signOffline(api, api.tx.sudo.sudo(api.tx.liquidation.setParameters({ ...params, maxLiquidationsPerBlock: PER_BLOCK })), alice, sudoNonce);
  assertAllOk(await submitAndFollow(api, [change], signers), 1, 'setting the budget');

  const liquidatable = async (who) => {
    const summary = await api.call.clearingApi.accountSummary(who.address);
    if (summary.isErr) return false;
    const { positions, health } = summary.asOk.summary;
    return positions.length > 0 && health.equity.toBigInt() < health.maintenanceMargin.toBigInt();
  };
  if ((await Promise.all(longs.map(liquidatable))).some(Boolean)) throw new Error('an account is liquidatable before the shock');

  const shockAt = (await api.rpc.chain.getHeader()).number.toNumber();
  await fetch(`${sim.url}/admin/shock`, { method: 'POST', body: JSON.stringify({ pair: 'BTC/USD', percent: SHOCK }) });
  console.log(`BTC ${SHOCK} % after block #${shockAt}; ${ACCOUNTS} accounts at ≈ 16.75x, budget ${PER_BLOCK} liquidations per block`);

  const blocks = [];
  const whoLiquidated = new Set();
  let firstLiquidation = null;
  for (let i = 0; i < 200; i += 1) {
    const header = await nextBlock(api);
    const at = await api.at(header.hash);
    const [work, weight, events] = await Promise.all([at.query.liquidation.lastBlockWork(), at.query.system.blockWeight(), at.query.system.events()]);
    const liquidatedNow = events.filter(({ event }) => api.events.liquidation.Liquidated.is(event));
    for (const { event } of liquidatedNow) whoLiquidated.add(event.data.who.toString());
    const liquidated = liquidatedNow.length;
    const row = {
      number: header.number.toNumber(),
      evaluations: work.evaluations.toNumber(),
      liquidations: work.liquidations.toNumber(),
      liquidatedEvents: liquidated,
      pending: work.pending.toNumber(),
      mandatoryRefTimeMs: Number(weight.mandatory.refTime.toBigInt()) / 1e9,
    };
    blocks.push(row);
    if (row.liquidations > 0 && firstLiquidation === null) firstLiquidation = row.number;
    console.log(`#${row.number}: evaluated ${row.evaluations}, liquidated ${row.liquidations}, queued ${row.pending}, on_initialize reserved ${row.mandatoryRefTimeMs.toFixed(1)} ms`);
    if (firstLiquidation !== null && row.pending === 0 && !(await Promise.all(longs.map(liquidatable))).some(Boolean)) break;
  }
  const left = (await Promise.all(longs.map(liquidatable))).filter(Boolean).length;
  if (left > 0) throw new Error(`${left} accounts still liquidatable after ${blocks.length} blocks`);
  const active = blocks.filter((b) => b.liquidations > 0);
  const total = active.reduce((n, b) => n + b.liquidations, 0);
  const summary = {
    accounts: ACCOUNTS,
    shockPercent: SHOCK,
    perBlockBudget: PER_BLOCK,
    firstLiquidationBlocksAfterShock: firstLiquidation - shockAt,
    blocksUntilNoneLiquidatable: blocks[blocks.length - 1].number - shockAt,
    liquidations: total,
    accountsLiquidated: longs.filter((p) => whoLiquidated.has(p.address)).length,
    liquidationsPerBlock: active.map((b) => b.liquidations),
    maxPerBlock: Math.max(...active.map((b) => b.liquidations)),
    reservedMsPerBlock: Math.max(...blocks.map((b) => b.mandatoryRefTimeMs)),
  };
  console.log(`\n${total} liquidations of ${ACCOUNTS} accounts; none liquidatable ${summary.blocksUntilNoneLiquidatable} blocks after the shock (first liquidation after ${summary.firstLiquidationBlocksAfterShock}); at most ${summary.maxPerBlock} per block; on_initialize reserved up to ${summary.reservedMsPerBlock.toFixed(1)} ms of a 1,000 ms block`);
  if (process.argv.includes('--json')) console.log(`RESULT ${JSON.stringify({ ...summary, blocks })}`);
} finally {
  await stop();
}
process.exit(0);
