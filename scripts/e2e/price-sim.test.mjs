// The price simulator on its own: real exchange formats, admin commands, failure modes.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPriceSim } from '../price-sim/sim.mjs';

let sim;
before(async () => { sim = await startPriceSim({ port: 0, walk: false }); });
after(async () => { if (sim) await sim.close(); });

const get = async (path) => {
  const res = await fetch(`${sim.url}${path}`);
  return { status: res.status, body: await res.text() };
};
const post = (path, body) => fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

test('answers the three exchange APIs in their formats', async () => {
  const binance = JSON.parse((await get('/api/v3/ticker/price?symbol=BTCUSDT')).body);
  assert.equal(binance.symbol, 'BTCUSDT');
  assert.match(binance.price, /^\d+\.\d{8}$/);
  const coinbase = JSON.parse((await get('/v2/prices/BTC-USD/spot')).body);
  assert.deepEqual(Object.keys(coinbase.data).sort(), ['amount', 'base', 'currency']);
  assert.equal(coinbase.data.amount, '67000.00');
  const kraken = JSON.parse((await get('/0/public/Ticker?pair=XBTUSD')).body);
  assert.deepEqual(kraken.error, []);
  assert.match(kraken.result.XXBTZUSD.c[0], /^\d+\.\d{5}$/);
  // Unknown symbols get each exchange's error.
  assert.equal((await get('/api/v3/ticker/price?symbol=NOPE')).status, 400);
  assert.equal((await get('/v2/prices/NOPE-USD/spot')).status, 404);
  assert.deepEqual(JSON.parse((await get('/0/public/Ticker?pair=NOPE')).body).error, ['EQuery:Unknown asset pair']);
});

test('admin sets prices, shocks them and refuses bad orders', async () => {
  assert.equal((await post('/admin/price', { pair: 'ETH/USD', price: 4000 })).status, 200);
  assert.equal(JSON.parse((await get('/v2/prices/ETH-USD/spot')).body).data.amount, '4000.00');
  assert.equal((await post('/admin/shock', { pair: 'ETH/USD', percent: -30 })).status, 200);
  assert.equal(JSON.parse((await get('/v2/prices/ETH-USD/spot')).body).data.amount, '2800.00');
  assert.equal((await post('/admin/price', { pair: 'XYZ/USD', price: 1 })).status, 400);
  assert.equal((await post('/admin/price', { pair: 'ETH/USD', price: -1 })).status, 400);
  assert.equal((await post('/admin/shock', { pair: 'ETH/USD', percent: -100 })).status, 400);
  assert.equal((await post('/admin/source', { source: 'binance', mode: 'sideways' })).status, 400);
});

test('a source can fail, send garbage, lie or hang', async () => {
  await post('/admin/source', { source: 'binance', mode: 'fail' });
  assert.equal((await get('/api/v3/ticker/price?symbol=BTCUSDT')).status, 503);
  await post('/admin/source', { source: 'binance', mode: 'malformed' });
  const garbage = (await get('/api/v3/ticker/price?symbol=BTCUSDT')).body;
  assert.throws(() => JSON.parse(garbage));
  await post('/admin/source', { source: 'coinbase', mode: 'lie', factor: 10 });
  assert.equal(JSON.parse((await get('/v2/prices/BTC-USD/spot')).body).data.amount, '670000.00');
  await post('/admin/source', { source: 'kraken', mode: 'timeout' });
  const hung = await Promise.race([
    fetch(`${sim.url}/0/public/Ticker?pair=XBTUSD`).then(() => 'answered', () => 'failed'),
    new Promise((r) => setTimeout(() => r('hanging'), 500)),
  ]);
  assert.equal(hung, 'hanging');
  for (const source of ['binance', 'coinbase', 'kraken']) await post('/admin/source', { source, mode: 'ok' });
  assert.equal((await get('/api/v3/ticker/price?symbol=BTCUSDT')).status, 200);
});
