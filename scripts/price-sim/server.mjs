#!/usr/bin/env node
// Runs the local price simulator until Ctrl-C.
//
//   node scripts/price-sim/server.mjs [--port 8787] [--host 127.0.0.1] [--tick-ms 1000] [--sigma 0.0005] [--no-walk]
//
// Exchange APIs (real formats):
//   GET /api/v3/ticker/price?symbol=BTCUSDT        Binance
//   GET /v2/prices/BTC-USD/spot                     Coinbase
//   GET /0/public/Ticker?pair=XBTUSD                Kraken
//   GET /api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option   Deribit (options:
//       daily expiries for a week, a model smile per currency)
// Admin:
//   GET  /admin/state
//   POST /admin/price  {"pair":"BTC/USD","price":60000}
//   POST /admin/shock  {"pair":"BTC/USD","percent":-30}
//   POST /admin/source {"source":"binance","mode":"ok|fail|timeout|malformed|lie","factor":10}
//   POST /admin/pair   {"pair":"ETH/USD","mode":"ok|fail"}   (every source fails that pair)
//   POST /admin/walk   {"enabled":false,"sigma":0.0005}
//   POST /admin/vol    {"currency":"BTC","shift":0.05,"tilt":-0.1}   (or "base","skew","curvature")

import { startPriceSim } from './sim.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};

const sim = await startPriceSim({
  port: Number(option('--port', process.env.PRICE_SIM_PORT ?? 8787)),
  host: option('--host', '127.0.0.1'),
  tickMs: Number(option('--tick-ms', 1000)),
  sigma: Number(option('--sigma', 0.0005)),
  walk: !args.includes('--no-walk'),
});
console.log(`price simulator listening on ${sim.url} (admin: ${sim.url}/admin/state)`);
const stop = async () => { await sim.close(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
