// End-to-end, four real validators: a flood of invalid extrinsics. Thousands of transactions with
// bad signatures, from accounts that cannot pay, and oracle feeds from non-operators (the call
// operators make for free) go to two validators' RPC while honest users trade. Every invalid one
// is refused by the pool with its reason, none reaches a block or changes an account, blocks keep
// coming every slot and finalizing, and the honest transfers and orders land.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { randomAsU8a } from '@polkadot/util-crypto';
import { signAndWait, signOffline } from '../lib/node.mjs';
import { startTestNetwork, canonicalHeaders, slotOf, heights, waitForHeights } from '../lib/testnet.mjs';

/** Invalid extrinsics per kind. */
const PER_KIND = Number(process.env.SPAM_PER_KIND ?? 2_000);
const USD = 1_000_000n;
const USDC = 1_000_000n;

let net;
let api;
before(async () => ({ api } = (net = await startTestNetwork())), { timeout: 150_000 });
after(() => net?.teardown());

/** `hex` with one bit of its signature flipped. */
function corruptSignature(hex, tx) {
  const sig = tx.signature.toHex().slice(-128); // the raw 64-byte signature
  const at = hex.indexOf(sig);
  assert.ok(at > 0 && hex.indexOf(sig, at + 1) === -1, 'the signature occurs once');
  const i = at + 20;
  const flipped = (parseInt(hex[i], 16) ^ 1).toString(16);
  return hex.slice(0, i) + flipped + hex.slice(i + 1);
}

/** Submits every hex over HTTP JSON-RPC to the given validators in turn, `concurrency` at a time; resolves with the answers. */
async function submitAll(hexes, validators, concurrency = 32) {
  const answers = new Array(hexes.length);
  let next = 0;
  const worker = async () => {
    while (next < hexes.length) {
      const i = next++;
      const v = validators[i % validators.length];
      const res = await fetch(`http://127.0.0.1:${v.rpcPort}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: i, jsonrpc: '2.0', method: 'author_submitExtrinsic', params: [hexes[i]] }),
      });
      answers[i] = await res.json();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

/** Counts answers by their error text; a success counts under "accepted". */
function tally(answers) {
  const counts = {};
  for (const a of answers) {
    const key = a.error ? `${a.error.code} ${a.error.data ?? a.error.message}` : 'accepted';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

test('thousands of invalid extrinsics: all refused by the pool, none in a block, blocks and honest trades go on',
  { timeout: 400_000 }, async (t) => {
    const keyring = new Keyring({ type: 'sr25519' });
    const [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie']
      .map((uri) => keyring.addFromUri(uri));
    const strangers = Array.from({ length: PER_KIND }, () => keyring.addFromSeed(randomAsU8a(32)));

    // 1. Bad signatures: Eve's real transfers with one bit of the signature flipped.
    const badSignatures = Array.from({ length: PER_KIND }, (_, i) => {
      const tx = api.tx.balances.transferKeepAlive(bob.address, 1n + BigInt(i));
      return corruptSignature(signOffline(api, tx, eve, i), tx);
    });
    // 2. Transfers from accounts that hold nothing and cannot pay the fee.
    const unfunded = strangers.map((pair) => signOffline(api, api.tx.balances.transferKeepAlive(bob.address, 1n), pair, 0));
    // 3. Oracle feeds from non-operators: half from Eve, who holds 1,000,000 CLR and could pay
    //    any fee (each with its own nonce, so none is a duplicate), half from penniless strangers.
    const lie = [['BTC/USD', 1n]];
    const feeds = Array.from({ length: PER_KIND }, (_, i) => (i % 2 === 0
      ? signOffline(api, api.tx.oracle.feedValues(lie), eve, i / 2)
      : signOffline(api, api.tx.oracle.feedValues(lie), strangers[i], 0)));
    t.diagnostic(`signed ${3 * PER_KIND} invalid extrinsics`);

    const eveBefore = (await api.query.system.account(eve.address)).toJSON();
    const start = await heights(net.byName.alice);
    const t0 = Date.now();
    const targets = [net.byName.alice, net.byName.bob];

    // Honest users meanwhile, all at once: four transfers from four accounts, and Ferdie
    // depositing and resting an order. Each notes the best block when it was sent.
    const sent = async (tx, who) => {
      const at = (await heights(net.byName.alice)).best;
      const result = await signAndWait(api, tx, who, 60_000);
      const included = (await api.rpc.chain.getHeader(result.blockHash)).number.toNumber();
      return { ...result, delay: included - at };
    };
    const transfer = (to) => api.tx.balances.transferKeepAlive(to.address, 1_000_000_000n);
    const honest = Promise.all([
      sent(transfer(bob), alice),
      sent(transfer(alice), bob),
      sent(transfer(alice), charlie),
      sent(transfer(alice), dave),
      (async () => [
        await sent(api.tx.margin.deposit(10_000n * USDC), ferdie),
        await sent(api.tx.orderbook.placeOrder(0, 'Buy', 61_000n * USD, 10_000n, 'Limit', false), ferdie),
      ])(),
    ]).then((results) => results.flat());

    const [badSigAnswers, unfundedAnswers, feedAnswers] = [
      await submitAll(badSignatures, targets),
      await submitAll(unfunded, targets),
      await submitAll(feeds, targets),
    ];
    const spamSeconds = (Date.now() - t0) / 1000;
    const honestResults = await honest;
    const end = await heights(net.byName.alice);
    t.diagnostic(`${3 * PER_KIND} submitted in ${spamSeconds.toFixed(1)} s; blocks #${start.best}..#${end.best}, finalized #${start.finalized}..#${end.finalized}`);

    // Every invalid one refused, each for its reason (1010: invalid transaction).
    const tallies = { badSignatures: tally(badSigAnswers), unfunded: tally(unfundedAnswers), feeds: tally(feedAnswers) };
    t.diagnostic(`answers: ${JSON.stringify(tallies)}`);
    assert.deepEqual(tallies.badSignatures, { '1010 Transaction has a bad signature': PER_KIND });
    assert.deepEqual(tallies.unfunded, { '1010 Inability to pay some fees (e.g. account balance too low)': PER_KIND });
    assert.equal(tallies.feeds.accepted, undefined, 'no feed from a non-operator accepted');
    assert.equal(tallies.feeds['1010 Invalid signing address'], PER_KIND / 2, 'a funded non-operator: invalid signer');
    assert.equal(tallies.feeds['1010 Inability to pay some fees (e.g. account balance too low)'], PER_KIND / 2, 'penniless: cannot pay');

    // The honest transactions landed, without errors, within a few blocks of being sent.
    for (const r of honestResults) assert.equal(r.error, null);
    const delays = honestResults.map((r) => r.delay);
    t.diagnostic(`honest: ${honestResults.length} transactions in blocks, each ${delays.join(', ')} block(s) after it was sent`);
    assert.ok(delays.every((d) => d <= 3), `each honest transaction within 3 blocks: ${delays}`);

    // Block production did not stall: over the spam, a block in (nearly) every slot, and finality
    // kept up.
    await waitForHeights(net.byName.alice, { best: end.best + 2, finalized: end.best }, 40_000);
    const headers = await canonicalHeaders(api, start.best, end.best + 2);
    const slots = headers.map((h) => slotOf(api, h));
    const missed = slots.slice(1).reduce((sum, s, i) => sum + (s - slots[i] - 1), 0);
    t.diagnostic(`${headers.length} blocks over ${slots[slots.length - 1] - slots[0]} slots (${missed} missed)`);
    assert.ok(missed <= Math.max(2, Math.floor((slots.length) / 10)), `missed ${missed} slots of ${slots.length}`);

    // No invalid extrinsic reached a block: every signed extrinsic was by an honest user or an
    // oracle operator, and every oracle feed by an operator.
    const operators = new Set(Object.values(net.keys).map((k) => k.operator));
    const honestSigners = new Set([alice, bob, charlie, dave, ferdie].map((p) => p.address).concat([...operators]));
    let signed = 0;
    for (const header of headers) {
      const { block } = await api.rpc.chain.getBlock(header.hash);
      for (const xt of block.extrinsics) {
        if (!xt.isSigned) continue;
        signed += 1;
        const signer = xt.signer.toString();
        assert.ok(honestSigners.has(signer), `block #${header.number} holds an extrinsic by ${signer}`);
        if (xt.method.section === 'oracle') assert.ok(operators.has(signer), 'only operators feed');
      }
    }
    t.diagnostic(`${signed} signed extrinsics in those blocks, all honest`);
    // Eve's account is as it was: no fee taken, nonce untouched; the pool holds nothing of hers.
    assert.deepEqual((await api.query.system.account(eve.address)).toJSON(), eveBefore);
    const pending = await api.rpc.author.pendingExtrinsics();
    assert.ok(pending.every((xt) => honestSigners.has(xt.signer.toString())), 'no spam waits in the pool');
  });
