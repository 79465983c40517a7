#!/usr/bin/env node
// A scripted session on a running dev chain, for a newcomer to watch: deposits, resting orders,
// a leveraged trade, a price shock from the simulator, the automatic liquidation in on_finalize,
// and the insurance fund, with the `clearing_*` RPC summaries printed before and after.
//
//   scripts/run-dev.sh              # in one terminal: a fresh dev chain and the price simulator
//   node scripts/demo.mjs           # in another (uses the packages of scripts/e2e: npm ci there)
//
// Options: --rpc ws://127.0.0.1:9944 --sim http://127.0.0.1:8787. Run it on a fresh chain: it
// trades as the dev accounts Alice, Bob and Charlie and expects Bob to hold no BTC yet.

import { createRequire } from 'node:module';

const require = createRequire(new URL('./e2e/package.json', import.meta.url));
const { ApiPromise, WsProvider } = require('@polkadot/api');
const { Keyring } = require('@polkadot/keyring');
const { cryptoWaitReady } = require('@polkadot/util-crypto');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const rpcUrl = arg('--rpc', 'ws://127.0.0.1:9944');
const simUrl = arg('--sim', 'http://127.0.0.1:8787');

const USDC = 1_000_000n;
const USD = 1_000_000n;
const TENTH_BTC = 10_000_000n;
const BTC_USD = 0;

const say = (text) => console.log(`\n== ${text}`);
const show = (label, value) => console.log(`${label}: ${JSON.stringify(value, null, 2)}`);

async function sim(path, body) {
  const res = await fetch(`${simUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`price simulator ${path}: ${res.status} ${await res.text()}`);
}

/** Signs, submits and waits for inclusion; throws with the module error's name on failure. */
function submit(api, tx, who) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(who, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const e = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        reject(new Error(e ? `${e.section}.${e.name}` : dispatchError.toString()));
      } else if (status.isInBlock) {
        resolve(events);
      }
    }).catch(reject);
  });
}

async function main() {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(rpcUrl), noInitWarn: true });
  const rpc = (method, params = []) => api._rpcCore.provider.send(method, params);
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));
  const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();

  try {
    const ledger = await api.query.margin.accounts(bob.address);
    if (ledger.isSome && ledger.unwrap().positions.length > 0) {
      throw new Error('Bob already holds a position: run the demo on a fresh dev chain (scripts/run-dev.sh)');
    }

    say('1. The price simulator holds BTC at 67,000 USD; the validators\' offchain workers feed it on chain');
    await sim('/admin/walk', { enabled: false });
    await sim('/admin/price', { pair: 'BTC/USD', price: 67000 });
    for (let i = 0; ; i += 1) {
      const btc = (await rpc('clearing_markets'))[BTC_USD];
      if (btc.oraclePrice === '67000') {
        show('clearing_markets (BTC-USD)', btc);
        break;
      }
      if (i > 30) throw new Error(`the chain's BTC price is ${btc.oraclePrice}, not 67000, after 30 s`);
      await new Promise((r) => setTimeout(r, 1_000));
    }

    say('2. Deposits: Alice and Charlie 100,000 USDC each, Bob 400 USDC');
    await submit(api, api.tx.margin.deposit(100_000n * USDC), alice);
    await submit(api, api.tx.margin.deposit(100_000n * USDC), charlie);
    await submit(api, api.tx.margin.deposit(400n * USDC), bob);

    say('3. Resting orders: Alice offers 0.1 BTC at 67,000; Charlie bids 0.1 BTC at 64,200');
    await submit(api, api.tx.orderbook.placeOrder(BTC_USD, 'Sell', 67_000n * USD, TENTH_BTC, 'Limit', false), alice);
    await submit(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', 64_200n * USD, TENTH_BTC, 'Limit', false), charlie);
    show('clearing_orderBook', await rpc('clearing_orderBook', [BTC_USD, 5]));

    say('4. Bob buys 0.1 BTC (6,700 USD) on 400 USDC: 16.75x leverage, 5 % initial and 3 % maintenance margin');
    await submit(api, api.tx.orderbook.placeOrder(BTC_USD, 'Buy', 67_000n * USD, TENTH_BTC, 'ImmediateOrCancel', false), bob);
    show('clearing_accountSummary (Bob)', await rpc('clearing_accountSummary', [bob.address]));
    const fundBefore = await rpc('clearing_insuranceFund');
    show('clearing_insuranceFund', fundBefore);

    say('5. The simulator shocks BTC by -4 % (to 64,320): Bob falls below his maintenance margin');
    const shockedAt = await head();
    await sim('/admin/shock', { pair: 'BTC/USD', percent: -4 });

    say('6. Nobody sends a transaction; the runtime liquidates Bob in on_finalize');
    const liquidation = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Bob was not liquidated within 60 s')), 60_000);
      api.query.system.events((events) => {
        const mine = events.filter(({ event }) => event.section === 'liquidation' && event.data[0]?.toString() === bob.address);
        if (mine.some(({ event }) => event.method === 'Liquidated')) {
          clearTimeout(timer);
          resolve(mine.map(({ event, phase }) => ({ event: `${event.section}.${event.method}`, phase: phase.type, data: event.data.toHuman() })));
        }
      }).catch(reject);
    });
    const block = await head();
    console.log(`liquidated in block ${block}, ${block - shockedAt} block(s) after the shock:`);
    for (const e of liquidation) show(`  ${e.event} (${e.phase})`, e.data);

    say('7. After: Bob\'s account, the book and the insurance fund');
    show('clearing_accountSummary (Bob)', await rpc('clearing_accountSummary', [bob.address]));
    show('clearing_orderBook', await rpc('clearing_orderBook', [BTC_USD, 5]));
    const fundAfter = await rpc('clearing_insuranceFund');
    show('clearing_insuranceFund', fundAfter);
    console.log(`insurance fund: ${fundBefore.balance} -> ${fundAfter.balance} USDC`);
    console.log('\ndemo complete');
  } finally {
    await api.disconnect();
  }
}

main().catch((e) => {
  console.error(`demo failed: ${e.message}`);
  process.exit(1);
});
