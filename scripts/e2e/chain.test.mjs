// End-to-end: the real dev node produces and finalizes blocks, moves the native token and the
// settlement asset on signed transactions, shows our pallets in its metadata, and refuses bad
// extrinsics without changing balances.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { startDevNode, waitForBlock, waitForFinalized, signAndWait } from './lib/node.mjs';

const SETTLEMENT_ASSET = 1;
const CLR = 10n ** 12n;
const USDC = 10n ** 6n;

let node;
let api;
let alice, bob, charlie, dave, eve, operator;

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve, operator] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Alice//oracle']
    .map((uri) => keyring.addFromUri(uri));
  node = await startDevNode();
  api = node.api;
}, { timeout: 90_000 });

after(async () => {
  if (node) await node.stop();
});

const nativeFree = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();
const assetBalance = async (who) => {
  const account = await api.query.assets.account(SETTLEMENT_ASSET, who.address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};

test('blocks are produced every 2 s', { timeout: 30_000 }, async () => {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const t0 = Date.now();
  await waitForBlock(api, start + 3, 20_000);
  const elapsed = Date.now() - t0;
  // Three more blocks at 2 s slots: about 6 s, allowing for a slot that started before we looked.
  assert.ok(elapsed >= 3_000 && elapsed <= 12_000, `3 blocks took ${elapsed} ms`);
});

test('GRANDPA finalizes blocks and keeps finalizing', { timeout: 45_000 }, async () => {
  const first = await waitForFinalized(api, 2, 30_000);
  assert.ok(first >= 2);
  const later = await waitForFinalized(api, first + 2, 20_000);
  assert.ok(later > first, `finality advanced from #${first} to #${later}`);
});

test('a native-token transfer signed by Alice moves exactly the amount and emits Transfer', { timeout: 40_000 }, async () => {
  const amount = 12_345n * CLR / 1000n; // 12.345 CLR
  const before = await nativeFree(dave);
  const { error, events } = await signAndWait(api, api.tx.balances.transferKeepAlive(dave.address, amount), alice);
  assert.equal(error, null);
  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'balances.Transfer emitted');
  const { from, to, amount: moved } = transfer.event.data;
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), dave.address);
  assert.equal(moved.toBigInt(), amount);
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
  assert.equal(await nativeFree(dave), before + amount);
});

test('a settlement-asset transfer moves exactly the amount; the fee is paid in CLR', { timeout: 40_000 }, async () => {
  const amount = 25n * USDC;
  const [aliceBefore, eveBefore] = [await assetBalance(alice), await assetBalance(eve)];
  const { error, events } = await signAndWait(api, api.tx.assets.transferKeepAlive(SETTLEMENT_ASSET, eve.address, amount), alice);
  assert.equal(error, null);
  const transferred = events.find(({ event }) => api.events.assets.Transferred.is(event));
  assert.ok(transferred, 'assets.Transferred emitted');
  const { assetId, from, to, amount: moved } = transferred.event.data;
  assert.equal(assetId.toNumber(), SETTLEMENT_ASSET);
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), eve.address);
  assert.equal(moved.toBigInt(), amount);
  assert.ok(events.some(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event)), 'fee paid in the native token');
  assert.equal(await assetBalance(alice), aliceBefore - amount);
  assert.equal(await assetBalance(eve), eveBefore + amount);
});

test('the runtime metadata lists our pallets, the settlement asset and the oracle operator', { timeout: 20_000 }, async () => {
  const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  for (const name of ['System', 'Timestamp', 'ValidatorSet', 'Session', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Assets', 'Oracle', 'OracleFeeder']) {
    assert.ok(pallets.includes(name), `pallet ${name} in metadata (has ${pallets.join(', ')})`);
  }
  assert.equal(api.runtimeVersion.specName.toString(), 'clearing');
  const metadata = await api.query.assets.metadata(SETTLEMENT_ASSET);
  assert.equal(metadata.symbol.toUtf8(), 'USDC');
  assert.equal(metadata.decimals.toNumber(), 6);
  // The oracle operators are the validators' `orcl` session keys: on the dev chain, Alice's.
  const operators = (await api.query.oracleFeeder.sessionOperators()).map((a) => a.toString());
  assert.deepEqual(operators, [operator.address]);
  assert.deepEqual((await api.query.session.validators()).map((a) => a.toString()), [alice.address]);
  // Hardware wallets (Ledger's generic app) need `CheckMetadataHash` among the extensions.
  assert.ok(api.registry.signedExtensions.includes('CheckMetadataHash'), api.registry.signedExtensions.join(', '));
  // `--dev` runs as Alice: her oracle operator key (`orcl`, `//Alice//oracle`, her registered
  // session key) is in the node's keystore, as her Aura key is. The SDK also makes every session
  // key type from the seed `//Alice`, so her personal key is there under `orcl` too: it is no
  // operator, and the worker signs only with keys that are.
  assert.equal((await api.rpc.author.hasKey(u8aToHex(operator.publicKey), 'orcl')).isTrue, true);
  assert.equal((await api.rpc.author.hasKey(u8aToHex(alice.publicKey), 'orcl')).isTrue, true);
  assert.ok(!operators.includes(alice.address), 'Alice\'s personal account is no operator');
  assert.equal((await api.rpc.author.hasKey(u8aToHex(bob.publicKey), 'orcl')).isTrue, false);
});

test('an oracle operator feeds a price fee-free; a non-operator is refused by the pool and pays nothing', { timeout: 40_000 }, async () => {
  const price = 64_123_450_000n;
  const operatorBefore = await nativeFree(operator);
  const fed = await signAndWait(api, api.tx.oracle.feedValues([['BTC/USD', price]]), operator);
  assert.equal(fed.error, null);
  assert.ok(fed.events.some(({ event }) => api.events.oracle.NewFeedData.is(event)));
  const value = await api.query.oracle.values('BTC/USD');
  assert.ok(value.isSome, 'a combined value is stored');
  assert.equal(value.unwrap().value.toBigInt(), price);
  assert.equal(await nativeFree(operator), operatorBefore, 'an operator pays no fee for feeding');

  // Bob holds CLR and could pay the fee, but a feed of his is invalid: the pool refuses it before
  // any block (the runtime's CheckOracleFeed), so it costs him nothing and changes nothing.
  const bobBefore = (await api.query.system.account(bob.address)).toJSON();
  await assert.rejects(
    signAndWait(api, api.tx.oracle.feedValues([['BTC/USD', 1n]]), bob),
    (e) => e.code === 1010 && /Invalid signing address/.test(e.message),
  );
  assert.deepEqual((await api.query.system.account(bob.address)).toJSON(), bobBefore, 'no fee, nonce unchanged');
  assert.equal((await api.query.oracle.values('BTC/USD')).unwrap().value.toBigInt(), price);
});

test('an overdraft fails with its error and changes no balance', { timeout: 60_000 }, async () => {
  // Settlement asset: more than Bob holds -> the module error assets.BalanceLow.
  const [bobAsset, charlieAsset] = [await assetBalance(bob), await assetBalance(charlie)];
  const asset = await signAndWait(api, api.tx.assets.transfer(SETTLEMENT_ASSET, charlie.address, bobAsset + 1n), bob);
  assert.equal(asset.error, 'assets.BalanceLow');
  assert.ok(asset.events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event)));
  assert.equal(await assetBalance(bob), bobAsset);
  assert.equal(await assetBalance(charlie), charlieAsset);

  // Native token: 2^120 plancks (fits a u128, far above any balance) -> Arithmetic.Underflow from
  // pallet-balances' fungible transfer. Bob pays the fee; Charlie receives nothing.
  const charlieNative = await nativeFree(charlie);
  const native = await signAndWait(api, api.tx.balances.transferAllowDeath(charlie.address, 2n ** 120n), bob);
  assert.equal(native.error, 'Arithmetic.Underflow');
  assert.ok(!native.events.some(({ event }) => api.events.balances.Transfer.is(event)));
  assert.equal(await nativeFree(charlie), charlieNative);
});
