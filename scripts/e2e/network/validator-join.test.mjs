// End-to-end, the operator guide on real nodes: the four-validator network runs; a fifth node
// (Eve) starts with no keys, makes its session keys with `author_rotateKeysWithOwner`, registers
// them with `session.setKeys`, and a referendum on the validator-admin track adds Eve. After the
// session change Eve authors blocks, votes in GRANDPA (with Dave stopped, the other three
// finalize only with Eve's votes) and feeds prices that count. Then a
// referendum removes Dave, Dave's node stops, and the chain keeps finalizing.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { LOCAL_CHAIN_SPEC, VALIDATORS, nodeBinary, rpc, tail } from '../../testnet/network.mjs';
import {
  startTestNetwork, freePortRange, heights, waitForHeights, slotOf, operatorValue, chainNow, sleep,
} from '../lib/testnet.mjs';
import { signAndWait, referendum } from '../lib/node.mjs';

const CLR = 10n ** 12n;

let net;
let api;
let eveNode;
let alice, bob, charlie, dave, eve;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve'].map((uri) => keyring.addFromUri(uri));
  ({ api } = (net = await startTestNetwork()));
}, { timeout: 150_000 });

after(async () => {
  if (eveNode && eveNode.exitCode === null) {
    eveNode.kill('SIGTERM');
    await new Promise((r) => eveNode.once('exit', r));
  }
  await net?.teardown();
});

const ok = async (tx, who) => {
  const result = await signAndWait(api, tx, who);
  assert.equal(result.error, null, `${tx.method.section}.${tx.method.method}`);
  return result;
};

/** Polls `check` every second for up to `ms`; fails with `what` (or `what()`) if it never holds. */
async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`${typeof what === 'function' ? what() : what} within ${ms / 1000} s`);
    await sleep(1_000);
  }
}

const voters = () => [alice, bob, charlie, dave];
const hasValidator = async (who) => (await api.query.session.validators()).map(String).includes(who.address);

test('a fifth node with fresh keys joins by referendum: it authors, votes in GRANDPA and its feeds count',
  { timeout: 480_000 }, async (t) => {
    // Eve's node: a validator with an empty keystore, on the committed local spec, connected to
    // Alice, fetching prices from Alice's simulator.
    const [p2p, rpcPort] = [await freePortRange(1), await freePortRange(1)];
    const logPath = join(net.dir, 'eve.log');
    const log = openSync(logPath, 'a');
    eveNode = spawn(nodeBinary(), [
      '--chain', LOCAL_CHAIN_SPEC, '--base-path', join(net.dir, 'eve'), '--validator', '--name', 'eve',
      '--node-key', '5'.padStart(64, '0'), '--listen-addr', `/ip4/127.0.0.1/tcp/${p2p}`, '--rpc-port', String(rpcPort),
      '--bootnodes', `/ip4/127.0.0.1/tcp/${net.ports.p2p}/p2p/${VALIDATORS[0].peerId}`,
      '--no-mdns', '--no-telemetry', '--no-prometheus',
      ...['binance', 'coinbase', 'kraken'].flatMap((s) => ['--price-source', `${s}=${net.byName.alice.sim.url}`]),
    ], { stdio: ['ignore', log, log] });
    closeSync(log);
    const eveRpc = { name: 'eve', rpc: (method, params) => rpc(rpcPort, method, params) };
    await until(async () => { try { return (await eveRpc.rpc('system_health')).peers >= 1; } catch { return false; } }, 60_000, 'Eve\'s node up with a peer');
    const best = (await heights(net.byName.alice)).best;
    await waitForHeights(eveRpc, { best }, 60_000);

    // 1. Keys: made in Eve's node's keystore, proven for Eve's account, registered on chain.
    const generated = await eveRpc.rpc('author_rotateKeysWithOwner', [u8aToHex(eve.publicKey)]);
    const raw = hexToU8a(generated.keys);
    assert.equal(raw.length, 96, 'aura, gran and orcl: three 32-byte keys');
    const [aura, grandpa, oracle] = [raw.slice(0, 32), raw.slice(32, 64), raw.slice(64, 96)];
    for (const [key, type] of [[aura, 'aura'], [grandpa, 'gran'], [oracle, 'orcl']]) {
      assert.equal((await eveRpc.rpc('author_hasKey', [u8aToHex(key), type])), true, `${type} in Eve's keystore`);
    }
    await ok(api.tx.session.setKeys(generated.keys, generated.proof), eve);
    const operatorAddress = encodeAddress(oracle, 42);
    // The oracle account must exist to sign (its feeds are fee-free).
    await ok(api.tx.balances.transferKeepAlive(operatorAddress, 100n * CLR), eve);

    // 2. Governance adds Eve; the set changes at the next session and is active at the one after.
    const added = await referendum(api, api.tx.validatorSet.addValidator(eve.address), { Origins: 'ValidatorAdmin' }, alice, voters());
    const enacted = await until(async () => (await api.query.validatorSet.validators()).map(String).includes(eve.address) && (await heights(net.byName.alice)).best, 120_000, 'the referendum enacted');
    await until(() => hasValidator(eve), 90_000, 'Eve in the session\'s validators');
    const activeAt = (await heights(net.byName.alice)).best;
    t.diagnostic(`referendum ${added} enacted by block #${enacted}; Eve active by block #${activeAt}`);
    const authorities = (await api.query.aura.authorities()).map((a) => u8aToHex(a.toU8a()));
    assert.equal(authorities.length, 5);
    assert.ok(authorities.includes(u8aToHex(aura)), 'Eve\'s Aura key is an authority');
    const operators = (await api.query.oracleFeeder.sessionOperators()).map(String);
    assert.ok(operators.includes(operatorAddress), 'Eve\'s oracle key is an operator');

    // 3. Eve authors: a block whose slot is Eve's, built by Eve's node.
    const firstAuthored = await until(async () => {
      const header = await api.rpc.chain.getHeader();
      const slot = slotOf(api, header);
      const current = (await api.query.aura.authorities()).map((a) => u8aToHex(a.toU8a()));
      return current[slot % current.length] === u8aToHex(aura) ? header.number.toNumber() : null;
    }, 60_000, 'a block authored by Eve');
    t.diagnostic(`Eve first seen authoring at block #${firstAuthored}`);

    // 4. Eve votes: with five voters GRANDPA needs four. Stop Dave, and the remaining three
    // originals finalize only with Eve's votes.
    const eveGrandpa = encodeAddress(grandpa, 42);
    // GRANDPA switches to the new set once the block that scheduled it is finalized, a few
    // blocks after the session change (Aura switches at once).
    const round = await until(async () => {
      const state = await net.byName.alice.rpc('grandpa_roundState');
      return state.best.totalWeight === 5 ? state : null;
    }, 30_000, 'five GRANDPA voters');
    assert.equal(round.best.thresholdWeight, 4);
    await net.byName.dave.stop();
    const without = await heights(net.byName.alice);
    const finalized = await waitForHeights(net.byName.alice, { finalized: without.finalized + 4 }, 45_000);
    t.diagnostic(`Dave stopped at #${without.best} (finalized #${without.finalized}): finalized #${finalized.finalized} by Alice, Bob, Charlie and Eve (${eveGrandpa})`);
    await net.byName.dave.start();

    // 5. Eve's oracle worker feeds, and its value is fresh on chain beside the others'.
    const fed = await until(() => operatorValue(api, operatorAddress), 60_000, 'a value fed by Eve\'s oracle key');
    assert.ok((await chainNow(api)) - fed.timestamp <= 20_000n, 'Eve\'s value is fresh');
    assert.ok((await api.call.oracleFeederApi.freshPrice('BTC/USD')).isOk, 'prices stay fresh with five operators');
  });

test('a referendum removes Dave; with his node stopped the chain keeps finalizing', { timeout: 300_000 }, async (t) => {
  await referendum(api, api.tx.validatorSet.removeValidator(dave.address), { Origins: 'ValidatorAdmin' }, alice, voters());
  await until(async () => !(await hasValidator(dave)), 180_000, 'Dave out of the session\'s validators');
  assert.equal((await api.query.aura.authorities()).length, 4);
  await net.byName.dave.stop();
  const stopped = await heights(net.byName.alice);
  const after = await waitForHeights(net.byName.alice, { finalized: stopped.finalized + 5 }, 60_000);
  t.diagnostic(`Dave removed and stopped at #${stopped.best} (finalized #${stopped.finalized}); finalized #${after.finalized} since`);
  assert.ok(after.finalized >= stopped.finalized + 5);
  if (eveNode.exitCode !== null) assert.fail(`Eve's node exited:\n${tail(join(net.dir, 'eve.log'))}`);
});
