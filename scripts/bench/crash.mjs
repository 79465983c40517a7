#!/usr/bin/env node
// Crash harness: thousands of leveraged accounts across BTC, ETH and DOT, then every price falls
// at once, and the runtime works them down by itself while ordinary transfers keep arriving.
//
//   node scripts/bench/crash.mjs [--accounts 2000] [--shock -10] [--transfers 100]
//                                [--margin-extra 3] [--depth 50] [--bids spread|edge] [--json]
//   node scripts/bench/crash.mjs --short        # the quick run scripts/test.sh makes (asserts
//                                              # correctness, not timings)
//
// Setup (ordinary extrinsics, signed offline and submitted in bulk, about 4 blocks per 1,000
// accounts): Alice funds --accounts traders and the transfer senders; Bob, Charlie and Dave rest
// asks at the oracle on BTC-USD, ETH-USD and DOT-USD; each trader deposits and buys 1, 2 or 3 of
// them (0.01 BTC, 0.2 ETH, 100 DOT; about 670 USD each) with the market's initial margin plus
// --margin-extra (3 %) to 9 % of the notional; Eve and Ferdie rest a ladder of bids under the
// oracle on each market, deep enough for --depth percent (50) of what the traders hold: at 1, 2.5,
// 5, 7.5 and 9.9 % under it (--bids spread), or at 9 to 9.9 % (--bids edge, the farthest the
// price band allows: just above the price after a 10 % fall). Then the simulator moves every
// pair by --shock percent at once, and the harness follows the chain block by block until no
// account is liquidatable: per block the accounts evaluated and liquidated, the queue, the weight
// the engine used against its limit, the block's weight, the transfers included, the bad debt
// paid, deleveraging and takeovers; the time the node took to build each block (its "Prepared
// block for proposing" log line: executing the block and computing its state root, the work a
// validating peer repeats on import). --json prints one RESULT line as well.

import { readFileSync } from 'node:fs';
import { USDC, CLR, arg, devChain, accounts, signOffline, nonces, submitAll, submitAndFollow, fund, assertAllOk, nextBlock } from './lib.mjs';
import { simCommand, ledgerAt } from '../e2e/lib/node.mjs';
import { Keyring } from '../e2e/lib/polkadot.mjs';

const short = process.argv.includes('--short');
const ACCOUNTS = Number(arg('--accounts', short ? 150 : 2000));
const SHOCK = Number(arg('--shock', -10));
const TRANSFERS = Number(arg('--transfers', short ? 20 : 100));
const SENDERS = 4 * TRANSFERS;
// The traders' margin above the initial requirement: from --margin-extra percent to 9 % of the
// notional (the lower, the more accounts are bankrupt after the move).
const EXTRA_MIN = BigInt(Math.round(Number(arg('--margin-extra', 3)) * 10)); // per mille
// The bids' depth, in percent of what the traders hold.
const DEPTH = BigInt(arg('--depth', 50));
// Where the bids rest before the move, in per mille under the oracle: spread over the price band
// (`spread`), or all at its far edge, just above the price after a 10 % fall (`edge`).
const BIDS = arg('--bids', 'spread');
const LADDERS = { spread: [10n, 25n, 50n, 75n, 99n], edge: [90n, 93n, 96n, 99n] };
if (!LADDERS[BIDS]) throw new Error(`--bids must be one of ${Object.keys(LADDERS).join(', ')}`);

/** The three markets: id, feed, what one trader buys, and who sells it. */
const MARKETS = [
  { id: 0, pair: 'BTC/USD', size: 1_000_000n, decimals: 8n, maker: '//Bob' },
  { id: 1, pair: 'ETH/USD', size: 20_000_000n, decimals: 8n, maker: '//Charlie' },
  { id: 2, pair: 'DOT/USD', size: 100_000_000n, decimals: 6n, maker: '//Dave' },
];

const onTick = (price, tick) => (price / tick) * tick;
const notional = (size, price, decimals) => (size * price) / 10n ** decimals;

const { api, sim, stop, logPath } = await devChain();
try {
  if (!sim) throw new Error('the crash harness moves prices through its own simulator: run it without --rpc');
  const keyring = new Keyring({ type: 'sr25519' });
  const dev = (uri) => keyring.addFromUri(uri);
  const { alice, list: traders } = accounts('crash', ACCOUNTS);
  const senders = accounts('crash-transfers', SENDERS).list;
  const makers = MARKETS.map((m) => dev(m.maker));
  const bidders = [dev('//Eve'), dev('//Ferdie')];
  const signers = new Set([alice.address, ...traders.map((p) => p.address), ...makers.map((p) => p.address), ...bidders.map((p) => p.address)]);
  const t0 = Date.now();

  console.log(`funding ${ACCOUNTS} traders and ${SENDERS} transfer senders …`);
  await fund(api, alice, traders, { native: 10n * CLR, usdc: 400n * USDC });
  await fund(api, alice, senders, { native: 1_000n * CLR });

  // The markets' rules and the oracle prices.
  for (const m of MARKETS) {
    const rules = (await api.query.margin.markets(m.id)).unwrap();
    m.tick = rules.tickSize.toBigInt();
    m.imf = BigInt(rules.initialMargin.toNumber()); // parts per billion
    m.oracle = (await api.call.oracleFeederApi.freshPrice(m.pair)).asOk.price.toBigInt();
    m.price = onTick(m.oracle, m.tick);
  }
  const holds = (i) => MARKETS.slice(0, 1 + (i % 3));
  const held = (m) => traders.filter((_, i) => holds(i).includes(m)).length;

  // Makers: asks at the oracle for everything the traders buy; bidders: a ladder of bids under
  // the oracle for about half of it.
  // Within the band before the move (at most 10 % under the oracle).
  const LADDER = LADDERS[BIDS];
  const setup = [];
  for (const [k, m] of MARKETS.entries()) {
    const total = m.size * BigInt(held(m));
    setup.push(signOffline(api, api.tx.margin.deposit(900_000n * USDC), makers[k], 0));
    setup.push(signOffline(api, api.tx.orderbook.placeOrder(m.id, 'Sell', m.price, total, 'Limit', false), makers[k], 1));
  }
  const bidderNonce = [0, 0];
  bidders.forEach((b, j) => setup.push(signOffline(api, api.tx.margin.deposit(900_000n * USDC), b, bidderNonce[j]++)));
  for (const m of MARKETS) {
    const total = m.size * BigInt(held(m));
    const perLevel = (total * DEPTH) / 100n / BigInt(LADDER.length * bidders.length);
    const lot = (await api.query.margin.markets(m.id)).unwrap().stepSize.toBigInt();
    for (const [j, b] of bidders.entries()) {
      for (const off of LADDER) {
        const price = onTick((m.oracle * (1000n - off)) / 1000n, m.tick);
        setup.push(signOffline(api, api.tx.orderbook.placeOrder(m.id, 'Buy', price, (perLevel / lot) * lot, 'Limit', false), b, bidderNonce[j]++));
      }
    }
  }
  // Each trader: collateral = Σ notional × (initial margin + --margin-extra … 9 %), then its buys.
  const buys = [];
  traders.forEach((p, i) => {
    const steps = 90n - EXTRA_MIN + 1n;
    const extra = (EXTRA_MIN + (BigInt(i) % steps)) * 1_000_000n; // per mille → parts per billion
    let collateral = 0n;
    holds(i).forEach((m, j) => {
      collateral += (notional(m.size, m.price, m.decimals) * (m.imf + extra)) / 1_000_000_000n;
      const limit = onTick((m.price * 1005n) / 1000n, m.tick);
      buys.push(signOffline(api, api.tx.orderbook.placeOrder(m.id, 'Buy', limit, m.size, 'ImmediateOrCancel', false), p, 1 + j));
    });
    // Fees and rounding: one more USDC.
    setup.push(signOffline(api, api.tx.margin.deposit(collateral + USDC), p, 0));
  });
  assertAllOk(await submitAndFollow(api, setup, signers, { maxBlocks: 200 }), setup.length, 'deposits and resting orders');
  assertAllOk(await submitAndFollow(api, buys, signers, { maxBlocks: 200 }), buys.length, 'leveraged buys');
  const positions = buys.length;
  console.log(`${ACCOUNTS} traders hold ${positions} positions (setup took ${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const liquidatable = async (who, hash) => {
    const summary = await (hash ? await api.at(hash) : api).call.clearingApi.accountSummary(who.address);
    if (summary.isErr) return false;
    const { positions: open, health } = summary.asOk.summary;
    return open.length > 0 && health.equity.toBigInt() < health.maintenanceMargin.toBigInt();
  };
  const countLiquidatable = async (hash) => {
    let n = 0;
    for (let i = 0; i < traders.length; i += 200) {
      n += (await Promise.all(traders.slice(i, i + 200).map((p) => liquidatable(p, hash)))).filter(Boolean).length;
    }
    return n;
  };
  if ((await countLiquidatable()) > 0) throw new Error('an account is liquidatable before the shock');
  const insuranceBefore = (await api.query.margin.insuranceFund()).toBigInt();

  // Ordinary transfers during the crash: TRANSFERS each block, from senders of their own.
  const senderSet = new Set(senders.map((p) => p.address));
  const senderNonce = await nonces(api, senders);
  let nextSender = 0;
  const sendTransfers = async () => {
    const hexes = [];
    for (let k = 0; k < TRANSFERS; k += 1) {
      const i = nextSender++ % senders.length;
      hexes.push(signOffline(api, api.tx.balances.transferKeepAlive(alice.address, CLR), senders[i], senderNonce[i]++));
    }
    await submitAll(api, hexes);
  };

  const shockAt = (await api.rpc.chain.getHeader()).number.toNumber();
  for (const m of MARKETS) await simCommand(sim, '/admin/shock', { pair: m.pair, percent: SHOCK });
  console.log(`every pair ${SHOCK} % after block #${shockAt}; ${ACCOUNTS} accounts, ${positions} positions, ${TRANSFERS} transfers a block`);

  const blocks = [];
  let landedAt = null;
  let resolvedAt = null;
  await sendTransfers();
  for (let i = 0; i < 120; i += 1) {
    const header = await nextBlock(api);
    const hash = header.hash;
    const number = header.number.toNumber();
    await sendTransfers();
    const at = await api.at(hash);
    const [work, weight, events, block, price] = await Promise.all([
      at.query.liquidation.lastBlockWork(),
      at.query.system.blockWeight(),
      at.query.system.events(),
      api.rpc.chain.getBlock(hash),
      at.call.oracleFeederApi.freshPrice('BTC/USD'),
    ]);
    const count = (ev) => events.filter(({ event }) => ev.is(event)).length;
    const sum = (ev) => events.filter(({ event }) => ev.is(event)).reduce((n, { event }) => n + event.data.amount.toBigInt(), 0n);
    const transfers = block.block.extrinsics.filter((xt) => xt.isSigned && senderSet.has(xt.signer.toString())).length;
    const row = {
      number,
      evaluations: work.evaluations.toNumber(),
      liquidations: work.liquidations.toNumber(),
      pending: work.pending.toNumber(),
      engineMs: Number(work.weightUsed.toBigInt()) / 1e9,
      engineLimitMs: Number(work.weightLimit.toBigInt()) / 1e9,
      detectionMs: Number(work.evaluationWeight.toBigInt()) / 1e9,
      blockMs: Number(weight.normal.refTime.toBigInt() + weight.operational.refTime.toBigInt() + weight.mandatory.refTime.toBigInt()) / 1e9,
      transfers,
      takeovers: count(api.events.liquidation.InsuranceTakeover),
      deleveraged: count(api.events.liquidation.Deleveraged),
      badDebtCovered: sum(api.events.liquidation.BadDebtCovered),
      badDebtUncovered: sum(api.events.liquidation.BadDebtUncovered),
    };
    blocks.push(row);
    if (landedAt === null && price.isOk && price.asOk.price.toBigInt() * 100n <= MARKETS[0].oracle * BigInt(100 + SHOCK + 1)) landedAt = number;
    console.log(`#${number}: evaluated ${row.evaluations}, liquidated ${row.liquidations}, queued ${row.pending}; engine ${row.engineMs.toFixed(1)} of ${row.engineLimitMs.toFixed(1)} ms (detection ${row.detectionMs.toFixed(1)}); block ${row.blockMs.toFixed(1)} ms; transfers ${transfers}; takeovers ${row.takeovers}, ADL ${row.deleveraged}, bad debt ${Number(row.badDebtCovered) / 1e6} USDC`);
    if (landedAt !== null && row.pending === 0 && row.liquidations === 0 && (await countLiquidatable(hash)) === 0) {
      resolvedAt = number;
      break;
    }
  }
  if (landedAt === null) throw new Error('the shock never reached the chain');
  if (resolvedAt === null) throw new Error(`${await countLiquidatable()} accounts still liquidatable after ${blocks.length} blocks`);

  // The block building times from the node's log.
  const built = new Map();
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    const m = line.match(/Prepared block for proposing at (\d+) \((\d+) ms\)/);
    if (m) built.set(Number(m[1]), Number(m[2]));
  }
  for (const b of blocks) b.builtMs = built.get(b.number) ?? null;
  const plain = (b) => ({ ...b, badDebtCovered: Number(b.badDebtCovered) / 1e6, badDebtUncovered: Number(b.badDebtUncovered) / 1e6 });

  const crash = blocks.filter((b) => b.number >= landedAt && b.number <= resolvedAt);
  const active = crash.filter((b) => b.liquidations > 0);
  const total = crash.reduce((n, b) => n + b.liquidations, 0);
  const ledger = await ledgerAt(api, (await api.rpc.chain.getBlockHash(resolvedAt)).toHex());
  const summary = {
    accounts: ACCOUNTS,
    marginExtraMinPercent: Number(EXTRA_MIN) / 10,
    depthPercent: Number(DEPTH),
    bids: BIDS,
    positions,
    shockPercent: SHOCK,
    transfersPerBlockSubmitted: TRANSFERS,
    priceLandedBlocksAfterShock: landedAt - shockAt,
    blocksToResolve: resolvedAt - landedAt,
    liquidations: total,
    maxLiquidationsPerBlock: Math.max(0, ...active.map((b) => b.liquidations)),
    liquidationsPerBlock: crash.map((b) => b.liquidations),
    badDebtPaidUsdc: Number(crash.reduce((n, b) => n + b.badDebtCovered, 0n)) / 1e6,
    badDebtUncoveredUsdc: Number(crash.reduce((n, b) => n + b.badDebtUncovered, 0n)) / 1e6,
    takeovers: crash.reduce((n, b) => n + b.takeovers, 0),
    adlEvents: crash.reduce((n, b) => n + b.deleveraged, 0),
    largestBlockMs: Math.max(...crash.map((b) => b.blockMs)),
    largestEngineMs: Math.max(...crash.map((b) => b.engineMs)),
    slowestBuildMs: Math.max(0, ...crash.map((b) => b.builtMs ?? 0)),
    transfersIncludedPerBlock: crash.map((b) => b.transfers),
    insuranceFundBeforeUsdc: Number(insuranceBefore) / 1e6,
    conserved: ledger.held === ledger.total,
  };
  console.log(`\n${total} liquidations of ${ACCOUNTS} accounts (${positions} positions) after a ${SHOCK} % move; the price landed ${summary.priceLandedBlocksAfterShock} blocks after the shock; none liquidatable ${summary.blocksToResolve} blocks after it landed`);
  console.log(`liquidations per block ${summary.liquidationsPerBlock.join(', ')} (most ${summary.maxLiquidationsPerBlock}); largest block ${summary.largestBlockMs.toFixed(1)} ms of weight (the engine ${summary.largestEngineMs.toFixed(1)} ms), built in at most ${summary.slowestBuildMs} ms`);
  console.log(`bad debt paid ${summary.badDebtPaidUsdc} USDC, uncovered ${summary.badDebtUncoveredUsdc}; ${summary.takeovers} takeovers, ${summary.adlEvents} deleveraging transfers; transfers included per block ${summary.transfersIncludedPerBlock.join(', ')}`);
  if (!summary.conserved) throw new Error(`the settlement asset is not conserved: held ${ledger.held}, ledgers ${ledger.total}`);
  if (crash.some((b) => b.engineMs > b.engineLimitMs + 1e-9)) throw new Error('the engine used more than its limit');
  if (crash.some((b) => b.blockMs > 1000)) throw new Error('a block weighed more than its maximum');
  if (crash.some((b) => b.transfers === 0)) throw new Error('a block of the crash included no transfer');
  if (process.argv.includes('--json')) console.log(`RESULT ${JSON.stringify({ ...summary, blocks: crash.map(plain) })}`);
} finally {
  await stop();
}
process.exit(0);
