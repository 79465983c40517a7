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

/**
 * The options venue's underlyings (Deribit's currencies): the pair that is their index, the
 * strike step of the listed grid, and the model smile `σ(k) = base + skew·k + curvature·k²` with
 * `k = ln(K/F)`, flat in time. `/admin/vol` shifts (`shift`, vol points as a fraction) and tilts
 * (`tilt`, added to the skew) it, or sets `base`, `skew`, `curvature`.
 */
export const OPTION_UNDERLYINGS = {
  BTC: { pair: 'BTC/USD', step: 1000, base: 0.55, skew: -0.25, curvature: 0.6 },
  ETH: { pair: 'ETH/USD', step: 50, base: 0.65, skew: -0.3, curvature: 0.7 },
};

/** Days of daily expiries the venue lists from today (UTC), and how far strikes reach. */
export const OPTION_DAYS = 7;
export const OPTION_STRIKE_RANGE = 0.4;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Deribit's date in an instrument name: `27DEC26` (no leading zero on the day). */
export function deribitDate(ms) {
  const d = new Date(ms);
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** The model smile's volatility (a fraction) at strike `strike` for index `forward`. */
export function modelVol(model, forward, strike) {
  const k = Math.log(strike / forward);
  return Math.max(0.05, model.base + model.skew * k + model.curvature * k * k);
}

function normalCdf(x) {
  // Abramowitz-Stegun 26.2.17 is plenty for a simulator's mark price (off chain).
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989423 * Math.exp(-x * x / 2);
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return x > 0 ? 1 - p : p;
}

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
    /** The options venue's model smiles, per currency. */
    vols: Object.fromEntries(Object.entries(OPTION_UNDERLYINGS).map(([c, u]) => [c, { base: u.base, skew: u.skew, curvature: u.curvature }])),
    /** Requests the options venue answered. */
    optionRequests: 0,
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
        case '/admin/vol': {
          const model = state.vols[body.currency];
          if (!model) throw new Error(`unknown currency ${body.currency}; known: ${Object.keys(OPTION_UNDERLYINGS).join(', ')}`);
          for (const key of ['base', 'skew', 'curvature']) {
            if (body[key] !== undefined) model[key] = Number(body[key]);
          }
          if (body.shift !== undefined) model.base += Number(body.shift);
          if (body.tilt !== undefined) model.skew += Number(body.tilt);
          if (!(model.base > 0) || !Number.isFinite(model.skew) || !Number.isFinite(model.curvature)) {
            throw new Error('the smile needs a positive base and finite skew and curvature');
          }
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
    // Deribit: GET /api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option
    if (path === '/api/v2/public/get_book_summary_by_currency') {
      state.optionRequests += 1;
      const currency = url.searchParams.get('currency');
      const underlying = OPTION_UNDERLYINGS[currency];
      if (!underlying || url.searchParams.get('kind') !== 'option') {
        return json(res, 400, { jsonrpc: '2.0', error: { code: 10020, message: 'invalid currency or kind' } });
      }
      return json(res, 200, { jsonrpc: '2.0', result: optionSummary(currency), usIn: 0, usOut: 0, usDiff: 0, testnet: true });
    }
    return json(res, 404, { error: `no route ${path}` });
  });

  /** Every listed option of `currency`: daily expiries at 08:00 UTC from today, strikes on the
   * step within the range of the index, each with its mark volatility (percent) and price. */
  function optionSummary(currency) {
    const underlying = OPTION_UNDERLYINGS[currency];
    const model = state.vols[currency];
    const forward = state.prices[underlying.pair];
    const now = Date.now();
    const today = Math.floor(now / 86_400_000) * 86_400_000;
    const low = Math.ceil((forward * (1 - OPTION_STRIKE_RANGE)) / underlying.step) * underlying.step;
    const result = [];
    for (let day = 0; day <= OPTION_DAYS; day += 1) {
      const expiry = today + day * 86_400_000 + 8 * 3_600_000;
      const years = Math.max(expiry - now, 60_000) / 31_536_000_000;
      for (let strike = Math.max(low, underlying.step); strike <= forward * (1 + OPTION_STRIKE_RANGE); strike += underlying.step) {
        const vol = modelVol(model, forward, strike);
        const s = vol * Math.sqrt(years);
        const d1 = (Math.log(forward / strike) + (s * s) / 2) / s;
        const call = forward * normalCdf(d1) - strike * normalCdf(d1 - s);
        for (const [right, price] of [['C', call], ['P', call - forward + strike]]) {
          result.push({
            instrument_name: `${currency}-${deribitDate(expiry)}-${strike}-${right}`,
            mark_iv: Number((vol * 100).toFixed(2)),
            mark_price: Number((Math.max(price, 0) / forward).toFixed(4)),
            underlying_price: Number(forward.toFixed(2)),
            underlying_index: 'index_price',
            open_interest: 0,
            creation_timestamp: now,
          });
        }
      }
    }
    return result;
  }

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
