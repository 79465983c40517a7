// End-to-end: `scripts/demo.mjs` runs to completion against a real dev node and price simulator,
// and its printout shows the liquidation and the RPC summaries it promises.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevNodeWithSim } from './lib/node.mjs';

let sim;
let node;

before(async () => {
  ({ sim, node } = await startDevNodeWithSim({ waitForFeed: 'BTC/USD' }));
}, { timeout: 120_000 });

after(async () => {
  if (node) await node.stop();
  if (sim) await sim.close();
});

test('the demo script runs to completion and shows the automatic liquidation', { timeout: 150_000 }, async (t) => {
  const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url));
  const child = spawn(process.execPath, [demo, '--rpc', `ws://127.0.0.1:${node.rpcPort}`, '--sim', sim.url]);
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, `demo exited with ${code}:\n${output}`);
  for (const expected of ['clearing_markets (BTC-USD)', 'clearing_accountSummary (Bob)', 'liquidation.LiquidationStarted (Finalization)',
    'liquidation.Liquidated (Finalization)', 'clearing_insuranceFund', 'demo complete']) {
    assert.ok(output.includes(expected), `the printout has "${expected}"`);
  }
  const line = output.split('\n').find((l) => l.startsWith('liquidated in block'));
  t.diagnostic(line);
  t.diagnostic(output.split('\n').find((l) => l.startsWith('insurance fund:')));
});
