// End-to-end, four real validators on loopback (scripts/testnet/network.mjs, the committed local
// chain spec): the network produces a block in every slot and finalizes with all four up, goes on
// producing, finalizing and pricing with one killed (SIGKILL), takes the killed one back from its
// own database, and with two killed stops finalizing without reverting anything, then resumes.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startTestNetwork, canonicalHeaders, slotOf, authorOfSlot, grandpaRound, operatorValue, combinedValue,
  chainNow, heights, waitForHeights, highestKnownAtStart, sleep,
} from '../lib/testnet.mjs';

let net;
let api;
before(async () => ({ api } = (net = await startTestNetwork())), { timeout: 150_000 });
after(() => net?.teardown());

/** Slots of the canonical blocks `from..to` and the names of their authors. */
async function slotsAndAuthors(from, to) {
  const headers = await canonicalHeaders(api, from, to);
  const slots = headers.map((h) => slotOf(api, h));
  const authors = await Promise.all(slots.map((s) => authorOfSlot(api, net.keys, s)));
  return { slots, authors };
}

/** Polls the round state of `observer` for `ms`, returning every observation. */
async function watchVotes(observer, ms) {
  const seen = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    seen.push(await grandpaRound(observer, net.keys));
    await sleep(300);
  }
  return seen;
}

test('all four up: a block in every slot, by all four authors; finality within a few blocks; prices from all four operators',
  { timeout: 90_000 }, async (t) => {
    const start = (await heights(net.byName.alice)).best;
    const lags = [];
    for (let n = start + 1; n <= start + 12; n += 1) {
      const h = await waitForHeights(net.byName.alice, { best: n }, 15_000);
      lags.push(h.best - h.finalized);
    }
    const { slots, authors } = await slotsAndAuthors(start, start + 12);
    const gaps = slots.slice(1).map((s, i) => s - slots[i]);
    t.diagnostic(`blocks #${start}..#${start + 12}: slot steps ${gaps.join(',')}; authors ${authors.join(',')}; finality lag ${lags.join(',')}`);
    // Every step one slot: no slot without its block (one late block on a loaded machine allowed).
    assert.ok(gaps.every((g) => g >= 1), 'slots increase');
    assert.ok(gaps.filter((g) => g !== 1).length <= 1, `at most one missed slot in 12: ${gaps}`);
    for (const name of ['alice', 'bob', 'charlie', 'dave']) assert.ok(authors.includes(name), `${name} authored`);
    assert.ok(Math.max(...lags) <= 4, `finalized within 4 blocks of the best: ${lags}`);

    // Each operator's own value is on chain and fresh (fed within the last 5 blocks).
    const now = await chainNow(api);
    for (const [name, { operator }] of Object.entries(net.keys)) {
      const fed = await operatorValue(api, operator);
      assert.ok(fed, `${name}'s operator fed BTC/USD`);
      assert.ok(now - fed.timestamp <= 10_000n, `${name}'s value is ${now - fed.timestamp} ms old`);
    }
    // And all four nodes agree on the finalized chain.
    const finalized = (await heights(net.byName.alice)).finalized - 1;
    const hashes = await Promise.all(net.validators.map((v) => v.rpc('chain_getBlockHash', [finalized])));
    assert.equal(new Set(hashes).size, 1, `one block #${finalized} everywhere: ${hashes}`);
  });

test('one validator killed: blocks, finality and prices go on; restarted on its base path it catches up and votes again',
  { timeout: 240_000 }, async (t) => {
    const dave = net.byName.dave;
    const before = await heights(dave);
    const killedAt = Date.now();
    await dave.kill('SIGKILL');
    assert.equal(dave.exit.signal, 'SIGKILL');
    const down = await heights(net.byName.alice);
    const nowAtKill = await chainNow(api);

    // Three of four slots still get blocks; three of four voters still finalize.
    const after = await waitForHeights(net.byName.alice, { best: down.best + 8, finalized: down.finalized + 6 }, 45_000);
    t.diagnostic(`Dave killed at #${before.best}; ${Math.round((Date.now() - killedAt) / 1000)} s later best #${after.best}, finalized #${after.finalized}`);
    const { authors } = await slotsAndAuthors(down.best + 1, after.best);
    assert.ok(!authors.includes('dave'), `no block by Dave while he is down: ${authors}`);
    const votesDown = await watchVotes(net.byName.alice, 4_000);
    assert.ok(votesDown.every((r) => r.prevotes.missing.includes('dave')), 'Dave never prevotes while down');
    assert.ok(votesDown.every((r) => r.prevotes.weight <= 3), 'at most three prevotes while Dave is down');

    // Prices go on from the three operators left: a fresh median, newer than the kill; Dave's own
    // value stopped when he died.
    assert.ok((await api.call.oracleFeederApi.freshPrice('BTC/USD')).isOk, 'BTC/USD is fresh');
    const median = await combinedValue(api);
    assert.ok(median.timestamp > nowAtKill, 'the median was updated after the kill');
    // (A feed he sent just before dying may still land in the next block or two.)
    const daveValue = await operatorValue(api, net.keys.dave.operator);
    const nowDown = await chainNow(api);
    assert.ok(nowDown - daveValue.timestamp >= 10_000n, `Dave's value is ${nowDown - daveValue.timestamp} ms old: he fed nothing while down`);

    // Back on his own base path: he reopens his database where it was, then catches up.
    await dave.start();
    const reopened = await highestKnownAtStart(dave);
    t.diagnostic(`Dave restarted: his database opened at #${reopened}`);
    assert.ok(reopened !== null && reopened >= before.finalized, `database intact: opened at #${reopened}, had finalized #${before.finalized}`);
    const target = await heights(net.byName.alice);
    const caughtUp = await waitForHeights(dave, { best: target.best, finalized: target.finalized }, 60_000);
    const hashAt = (v) => v.rpc('chain_getBlockHash', [target.finalized]);
    assert.equal(await hashAt(dave), await hashAt(net.byName.alice), 'Dave follows the same finalized chain');
    t.diagnostic(`Dave caught up: best #${caughtUp.best}, finalized #${caughtUp.finalized}`);

    // He votes again: a round in which all four weights prevoted can only include him.
    let full = null;
    for (let i = 0; i < 20 && !full; i += 1) {
      full = (await watchVotes(net.byName.alice, 2_000)).find((r) => r.prevotes.weight === 4 || r.precommits.weight === 4);
    }
    assert.ok(full, 'a GRANDPA round with all four votes after the restart');
    t.diagnostic(`round ${full.round} of set ${full.setId}: prevotes ${full.prevotes.weight}, precommits ${full.precommits.weight} of 4`);

    // He authors and feeds prices again.
    const back = (await heights(net.byName.alice)).best;
    await waitForHeights(net.byName.alice, { best: back + 8 }, 40_000);
    const { authors: authorsBack } = await slotsAndAuthors(back + 1, back + 8);
    assert.ok(authorsBack.includes('dave'), `Dave authors again: ${authorsBack}`);
    const fedAgain = await operatorValue(api, net.keys.dave.operator);
    assert.ok(fedAgain.timestamp > nowAtKill, 'Dave feeds prices again');
  });

test('two validators killed: finality stops and nothing finalized is reverted; one back: finality resumes',
  { timeout: 240_000 }, async (t) => {
    const [alice, bob, charlie, dave] = net.validators;
    await Promise.all([charlie.kill('SIGKILL'), dave.kill('SIGKILL')]);
    // A round already under way may still complete; after that nothing can be finalized.
    await sleep(4_000);
    const stalled = await heights(alice);
    const stalledHash = await alice.rpc('chain_getBlockHash', [stalled.finalized]);
    await sleep(16_000);
    const later = await heights(alice);
    const laterBob = await heights(bob);
    t.diagnostic(`two down: finalized stays #${stalled.finalized} → #${later.finalized}; best #${stalled.best} → #${later.best}`);
    assert.equal(later.finalized, stalled.finalized, 'no block finalized with two of four voters');
    assert.equal(laterBob.finalized, stalled.finalized, 'Bob agrees');
    assert.ok(later.best >= stalled.best + 3, `two of four slots still produce blocks: #${stalled.best} → #${later.best}`);
    const rounds = await watchVotes(alice, 3_000);
    assert.ok(rounds.every((r) => r.precommits.weight <= 2), 'never more than two precommits');

    // Charlie comes back: three of four voters, finality resumes past the stall.
    await charlie.start();
    const resumed = await waitForHeights(alice, { finalized: later.best }, 90_000);
    t.diagnostic(`Charlie back: finalized #${resumed.finalized} (stalled at #${stalled.finalized}, best was #${later.best})`);
    // The block finalized before the stall is still the canonical one on every running node.
    for (const v of [alice, bob, charlie]) {
      await waitForHeights(v, { finalized: resumed.finalized }, 60_000);
      assert.equal(await v.rpc('chain_getBlockHash', [stalled.finalized]), stalledHash, `${v.name} kept #${stalled.finalized}`);
    }
    await dave.start();
    await waitForHeights(dave, { finalized: resumed.finalized }, 60_000);
    assert.equal(await dave.rpc('chain_getBlockHash', [stalled.finalized]), stalledHash, 'Dave kept it too');
  });
