// End-to-end: deposits and withdrawals of margin collateral on the real dev node, the markets the
// chain lists, and the margin engine's typed refusals.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNode, signAndWait } from './lib/node.mjs';

const USDC = 1_000_000n;
let node;
let api;
let dave, ferdie;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  dave = keyring.addFromUri('//Dave');
  ferdie = keyring.addFromUri('//Ferdie');
  node = await startDevNode();
  api = node.api;
}, { timeout: 90_000 });

after(async () => {
  if (node) await node.stop();
});

const collateral = async (who) => {
  const account = await api.query.margin.accounts(who.address);
  return account.isSome ? account.unwrap().collateral.toBigInt() : 0n;
};
const usdc = async (who) => {
  const account = await api.query.assets.account(1, who.address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};

test('the chain lists BTC-USD, ETH-USD and DOT-USD perpetuals', async () => {
  const markets = await api.query.margin.markets.entries();
  const tickers = markets.map(([, m]) => m.unwrap().ticker.toUtf8()).sort();
  assert.deepEqual(tickers, ['BTC-USD', 'DOT-USD', 'ETH-USD']);
  assert.equal((await api.query.margin.insuranceFund()).toBigInt(), 100_000n * USDC);
});

test('a deposit and a withdrawal move exactly the amount between wallet and collateral', { timeout: 60_000 }, async () => {
  const wallet = await usdc(dave);
  const deposit = await signAndWait(api, api.tx.margin.deposit(1_000n * USDC), dave);
  assert.equal(deposit.error, null);
  assert.ok(deposit.events.some(({ event }) => api.events.margin.Deposited.is(event)));
  assert.equal(await collateral(dave), 1_000n * USDC);
  assert.equal(await usdc(dave), wallet - 1_000n * USDC);

  const withdrawal = await signAndWait(api, api.tx.margin.withdraw(400n * USDC), dave);
  assert.equal(withdrawal.error, null);
  assert.equal(await collateral(dave), 600n * USDC);
  assert.equal(await usdc(dave), wallet - 600n * USDC);
});

test('bad amounts are refused with typed errors and change nothing', { timeout: 60_000 }, async () => {
  const before = await collateral(dave);
  assert.equal((await signAndWait(api, api.tx.margin.withdraw(before + 1n), dave)).error, 'margin.InsufficientMargin');
  assert.equal((await signAndWait(api, api.tx.margin.deposit(0), dave)).error, 'margin.ZeroAmount');
  // More than Dave holds; and more than the ledger's signed 128-bit balance can count.
  assert.equal((await signAndWait(api, api.tx.margin.deposit(2n ** 120n), dave)).error, 'margin.InsufficientBalance');
  assert.equal((await signAndWait(api, api.tx.margin.deposit(2n ** 127n), dave)).error, 'margin.Overflow');
  assert.equal((await signAndWait(api, api.tx.margin.withdraw(1), ferdie)).error, 'margin.NoAccount');
  assert.equal(await collateral(dave), before);
});

test('only root lists markets', { timeout: 60_000 }, async () => {
  const params = (await api.query.margin.markets(0)).unwrap();
  const { error } = await signAndWait(api, api.tx.margin.createMarket(params), dave);
  assert.equal(error, 'BadOrigin');
});
