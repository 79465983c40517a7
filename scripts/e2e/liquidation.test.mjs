// End-to-end: automatic liquidation on the real dev node. Bob opens a leveraged long against
// Alice; the price simulator shocks BTC; within a few blocks the runtime liquidates Bob in
// on_finalize with no transaction from anyone, the insurance fund receives the penalty, and the
// settlement asset the margin pallet holds still equals its ledger to the atom.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNodeWithSim, waitForBlock, signAndWait, ledgerAt, insuranceOwnedAt, simCommand } from './lib/node.mjs';

const USDC = 1_000_000n;
const USD = 1_000_000n;
const BTC_USD = 0;
/** 0.1 BTC in satoshis. */
const TENTH_BTC = 10_000_000n;

let sim;
let node;
let api;
let alice, bob, charlie;

const admin = (path, body) => simCommand(sim, path, body);

/** An event's fields by the metadata's names (codec properties like `size` shadow fields). */
const fields = (event) => Object.fromEntries(event.meta.fields.map((f, i) => [f.name.unwrap().toString(), event.data[i]]));

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  charlie = keyring.addFromUri('//Charlie');
  // Orders need a fresh BTC price: the node starts with the simulator and waits for the feed.
  ({ sim, node, api } = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' }));
}, { timeout: 120_000 });

after(async () => {
  if (node) await node.stop();
  if (sim) await sim.close();
});

const positionSize = async (who, at) => {
  const query = at ? (await api.at(at)).query : api.query;
  const account = await query.margin.accounts(who.address);
  if (account.isNone) return 0n;
  const position = account.unwrap().positions.find((p) => p.market.toNumber() === BTC_USD);
  return position ? position.get('size_').toBigInt() : 0n;
};

test('a BTC shock liquidates Bob in on_finalize, the penalty goes to the insurance fund, collateral adds up',
  { timeout: 150_000 }, async (t) => {
    // The simulator's BTC is 67,000. Alice offers 0.1 BTC there; Bob (400 USDC) takes it:
    // 6,700 USDC of BTC on 400 USDC, 16.75× leverage (BTC-USD: 5 % initial, 3 % maintenance).
    for (const [who, amount] of [[alice, 100_000n], [bob, 400n], [charlie, 100_000n]]) {
      assert.equal((await signAndWait(api, api.tx.margin.deposit(amount * USDC), who)).error, null);
    }
    const ask = 67_000n * USD;
    assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Sell', ask, TENTH_BTC, 'Limit', false), alice)).error, null);
    assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', ask, TENTH_BTC, 'ImmediateOrCancel', false), bob)).error, null);
    assert.equal(await positionSize(bob), TENTH_BTC);
    // Charlie bids under the market: liquidity the close-out can sell into.
    assert.equal((await signAndWait(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', 64_200n * USD, TENTH_BTC, 'Limit', false), charlie)).error, null);
    const summary = await api.query.margin.accounts(bob.address);
    t.diagnostic(`Bob before the shock: collateral ${summary.unwrap().collateral.toBigInt()} atoms, 0.1 BTC long`);

    // −4 %: BTC at 64,320. Bob's equity 400 − 3.35 − 268 = 128.65 USDC, under 3 % of 6,432
    // (192.96). His close-out may sell down to the fillable price, 64,320 less 25 % × 3 % ×
    // (1 − 128.65 / 192.96) = 0.25 %, about 64,159: Charlie's bid at 64,200 is above it (and the
    // bankruptcy price, ≈ 64,320 − 128.65 / 0.1 = 63,033.5, far below).
    const shockHead = (await api.rpc.chain.getHeader()).number.toNumber();
    await admin('/admin/shock', { pair: 'BTC/USD', percent: -4 });

    let found;
    for (let n = shockHead + 1; n <= shockHead + 12 && !found; n += 1) {
      await waitForBlock(api, n, 15_000);
      const hash = await api.rpc.chain.getBlockHash(n);
      const events = await (await api.at(hash)).query.system.events();
      const liquidated = events.find(({ event }) => api.events.liquidation.Liquidated.is(event)
        && event.data.who.toString() === bob.address);
      if (liquidated) found = { n, hash, events, liquidated };
    }
    assert.ok(found, 'Bob liquidated within 12 blocks of the shock');
    t.diagnostic(`liquidated in block ${found.n}, ${found.n - shockHead} block(s) after the shock`);

    // In on_finalize: the events sit in the Finalization phase, and no one sent a liquidate call.
    const { events, hash } = found;
    const started = events.find(({ event }) => api.events.liquidation.LiquidationStarted.is(event)
      && event.data.who.toString() === bob.address);
    assert.ok(started, 'LiquidationStarted for Bob');
    assert.ok(started.phase.isFinalization, 'liquidated in on_finalize');
    const block = await api.rpc.chain.getBlock(hash);
    assert.ok(!block.block.extrinsics.some((x) => x.method.section === 'liquidation'), 'no liquidation extrinsic');

    // The penalty reached the insurance fund: its change over the block is the penalty plus the
    // fund's half of the fees of that block's fills.
    const liquidated = fields(found.liquidated.event);
    const penalty = liquidated.penalty.toBigInt();
    assert.ok(penalty > 0n, 'a penalty was charged');
    const parent = block.block.header.parentHash;
    const fundBefore = await insuranceOwnedAt(api, parent);
    const fundAfter = await insuranceOwnedAt(api, hash);
    const feeShare = events
      .filter(({ event }) => api.events.margin.Filled.is(event))
      .map(({ event }) => fields(event))
      .reduce((sum, f) => sum + (f.taker_fee.toBigInt() + f.maker_fee.toBigInt()) / 2n, 0n);
    assert.equal(fundAfter - fundBefore, penalty + feeShare);
    t.diagnostic(`penalty ${penalty} atoms, fee share ${feeShare} atoms; fund ${fundBefore} → ${fundAfter}`);

    // Bob's position shrank (closed against Charlie's bid, or taken over by the fund).
    assert.ok(await positionSize(bob, hash) < TENTH_BTC);
    const closed = events.filter(({ event }) => api.events.liquidation.PositionClosed.is(event)).map(({ event }) => fields(event));
    assert.ok(closed.length >= 1);
    t.diagnostic(`closed: ${closed.map((c) => `${c.size} sat, bankruptcy ${c.bankruptcy_price}, book ${c.book_filled}, taken over ${c.taken_over}`).join('; ')}`);

    // The collateral totals add up, before and after the liquidation.
    for (const at of [parent, hash]) {
      const { held, total } = await ledgerAt(api, at);
      assert.equal(held, total, `held = ledger at ${at}`);
    }
    // And Bob is not left liquidatable outside the queue.
    const pending = await api.query.liquidation.pending(bob.address);
    const bobAccount = await api.query.margin.accounts(bob.address);
    t.diagnostic(`Bob after: ${bobAccount.isSome ? `collateral ${bobAccount.unwrap().collateral.toBigInt()}` : 'no ledger'}, queued: ${pending.isSome}`);
  });
