// The local price simulator: answers the Binance, Coinbase and Kraken ticker APIs in their real
// formats, from one random walk per pair, and takes orders on an admin API (set a price, apply a
// shock, make one source fail, time out, send garbage or lie).
//
// Used by `scripts/run-dev.sh` (through server.mjs) and by the end-to-end tests (imported).

import { createServer } from 'node:http';

/** Pairs the simulator quotes, with each exchange's symbol and Kraken's result key. */
export const PAIRS = {
  'BTC/USD': { binance: 'BTCUSDT', coinbase: 'BTC-USD', kraken: 'XBTUSD', krakenKey: 'XXBTZUSD', start: 67000 },
  'ETH/USD': { binance: 'ETHUSDT', coinbase: 'ETH-USD', kraken: 'ETHUSD', krakenKey: 'XETHZUSD', start: 3500 },
  'DOT/USD': { binance: 'DOTUSDT', coinbase: 'DOT-USD', kraken: 'DOTUSD', krakenKey: 'DOTUSD', start: 6.5 },
};

/** The three exchanges, each quoting slightly off the mid so the median is the mid. */
export const SOURCES = { binance: -0.0001, coinbase: 0, kraken: 0.0001 };

/** What a source can be told to do. */
export const MODES = ['ok', 'fail', 'timeout', 'malformed', 'lie'];

function gaussian() {
  // Box-Muller; the simulator is off chain, floats are fine here.
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Creates a simulator. Options: `port` (0 picks a free one), `host`, `tickMs` (random-walk step),
 * `sigma` (relative step size), `walk` (start walking; tests usually want false).
 * Resolves with `{ url, port, state, close() }` once it listens.
 */
export async function startPriceSim({ port = 8787, host = '127.0.0.1', tickMs = 1000, sigma = 0.0005, walk = true } = {}) {
  const state = {
    prices: Object.fromEntries(Object.entries(PAIRS).map(([pair, p]) => [pair, p.start])),
    sources: Object.fromEntries(Object.keys(SOURCES).map((s) => [s, { mode: 'ok', factor: 10 }])),
    walk: { enabled: walk, sigma, tickMs },
    requests: Object.fromEntries(Object.keys(SOURCES).map((s) => [s, 0])),
    /** Pairs every source fails to quote (a delisting or an outage of one market). */
    downPairs: [],
  };
  const hanging = new Set();

  const timer = setInterval(() => {
    if (!state.walk.enabled) return;
    for (const pair of Object.keys(state.prices)) {
      state.prices[pair] = Math.max(state.prices[pair] * (1 + state.walk.sigma * gaussian()), 1e-6);
    }
  }, tickMs);
  timer.unref();

  const quote = (source, pair) => {
    const { mode, factor } = state.sources[source];
    const price = state.prices[pair] * (1 + SOURCES[source]);
    return mode === 'lie' ? price * factor : price;
  };

  const pairBy = (source, symbol) => Object.keys(PAIRS).find((pair) => PAIRS[pair][source] === symbol);

  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  /** Answers one exchange request, honouring the source's mode. */
  const exchange = (res, source, symbol, answer, unknown) => {
    state.requests[source] += 1;
    const { mode } = state.sources[source];
    if (mode === 'fail') return json(res, 503, { error: 'simulated outage' });
    if (mode === 'timeout') { hanging.add(res); return undefined; }
    if (mode === 'malformed') return json(res, 200, '{"price": "1');
    const pair = pairBy(source, symbol);
    if (!pair) return unknown();
    if (state.downPairs.includes(pair)) return json(res, 503, { error: 'simulated outage of this pair' });
    return json(res, 200, answer(pair, quote(source, pair)));
  };

  const readBody = (req) => new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; if (data.length > 64 * 1024) reject(new Error('body too large')); });
    req.on('end', () => { try { resolve(data ? JSON.parse(data) : {}); } catch (e) { reject(e); } });
    req.on('error', reject);
  });

  const admin = async (req, res, path) => {
    if (req.method === 'GET' && path === '/admin/state') return json(res, 200, state);
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST' });
    let body;
    try { body = await readBody(req); } catch (e) { return json(res, 400, { error: `bad JSON body: ${e.message}` }); }
    const needPair = () => {
      if (!(body.pair in state.prices)) throw new Error(`unknown pair ${body.pair}; known: ${Object.keys(PAIRS).join(', ')}`);
      return body.pair;
    };
    try {
      switch (path) {
        case '/admin/price': {
          const pair = needPair();
          const price = Number(body.price);
          if (!(price > 0)) throw new Error('price must be a positive number');
          state.prices[pair] = price;
          break;
        }
        case '/admin/shock': {
          const pair = needPair();
          const percent = Number(body.percent);
          if (!Number.isFinite(percent) || percent <= -100) throw new Error('percent must be above -100');
          state.prices[pair] *= 1 + percent / 100;
          break;
        }
        case '/admin/source': {
          if (!(body.source in state.sources)) throw new Error(`unknown source ${body.source}`);
          if (!MODES.includes(body.mode)) throw new Error(`mode must be one of ${MODES.join(', ')}`);
          state.sources[body.source] = { mode: body.mode, factor: Number(body.factor ?? 10) };
          if (body.mode !== 'timeout') { for (const r of hanging) r.destroy(); hanging.clear(); }
          break;
        }
        case '/admin/pair': {
          const pair = needPair();
          if (!['ok', 'fail'].includes(body.mode)) throw new Error('mode must be ok or fail');
          state.downPairs = state.downPairs.filter((p) => p !== pair);
          if (body.mode === 'fail') state.downPairs.push(pair);
          break;
        }
        case '/admin/walk': {
          if (body.enabled !== undefined) state.walk.enabled = Boolean(body.enabled);
          if (body.sigma !== undefined) state.walk.sigma = Number(body.sigma);
          break;
        }
        default:
          return json(res, 404, { error: `no admin endpoint ${path}` });
      }
    } catch (e) {
      return json(res, 400, { error: e.message });
    }
    return json(res, 200, state);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://sim');
    const path = url.pathname;
    if (path.startsWith('/admin/')) {
      admin(req, res, path).catch((e) => json(res, 500, { error: e.message }));
      return;
    }
    if (req.method !== 'GET') return json(res, 405, { error: 'GET only' });
    // Binance: GET /api/v3/ticker/price?symbol=BTCUSDT
    if (path === '/api/v3/ticker/price') {
      const symbol = url.searchParams.get('symbol');
      return exchange(res, 'binance', symbol,
        (_, price) => ({ symbol, price: price.toFixed(8) }),
        () => json(res, 400, { code: -1121, msg: 'Invalid symbol.' }));
    }
    // Coinbase: GET /v2/prices/BTC-USD/spot
    const coinbase = path.match(/^\/v2\/prices\/([A-Za-z0-9-]+)\/spot$/);
    if (coinbase) {
      const symbol = coinbase[1];
      return exchange(res, 'coinbase', symbol,
        (pair, price) => {
          const [base, currency] = PAIRS[pair].coinbase.split('-');
          return { data: { amount: price.toFixed(2), base, currency } };
        },
        () => json(res, 404, { errors: [{ id: 'not_found', message: 'Invalid currency' }] }));
    }
    // Kraken: GET /0/public/Ticker?pair=XBTUSD
    if (path === '/0/public/Ticker') {
      const symbol = url.searchParams.get('pair');
      return exchange(res, 'kraken', symbol,
        (pair, price) => {
          const p = price.toFixed(5);
          return {
            error: [],
            result: {
              [PAIRS[pair].krakenKey]: {
                a: [p, '1', '1.000'], b: [p, '1', '1.000'], c: [p, '0.00100000'],
                v: ['100.0', '200.0'], p: [p, p], t: [100, 200], l: [p, p], h: [p, p], o: p,
              },
            },
          };
        },
        () => json(res, 200, { error: ['EQuery:Unknown asset pair'] }));
    }
    return json(res, 404, { error: `no route ${path}` });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    state,
    close: () => new Promise((resolve) => {
      clearInterval(timer);
      for (const r of hanging) r.destroy();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
