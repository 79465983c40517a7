// End-to-end: the performance harnesses (throughput, liquidation capacity, crash) in their short
// mode, each against a dev node of its own.
// They assert sane results, never timings: every transaction of every workload is included and
// succeeds, each crossing order makes exactly one fill, the figures are positive and consistent,
// and the shocked accounts are all liquidated in on_finalize within a few blocks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs a harness with `args`; resolves with its output and the parsed `RESULT` line. */
function runHarness(script, args) {
  const path = fileURLToPath(new URL(`../bench/${script}`, import.meta.url));
  const child = spawn(process.execPath, [path, ...args]);
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  return new Promise((resolve) => child.on('exit', (code) => {
    const line = output.split('\n').find((l) => l.startsWith('RESULT '));
    resolve({ code, output, result: line ? JSON.parse(line.slice('RESULT '.length)) : null });
  }));
}

test('throughput harness (short): all four workloads included, ratios and block figures sane', { timeout: 300_000 }, async (t) => {
  const { code, output, result } = await runHarness('throughput.mjs', ['--short', '--json']);
  assert.equal(code, 0, output);
  assert.ok(result, `a RESULT line:\n${output}`);
  const { transfer, resting, crossing, cancel } = result.results;
  for (const [name, r] of Object.entries(result.results)) {
    assert.ok(r.submitted > 0 && r.perBlock.reduce((a, b) => a + b, 0) > 0, `${name}: included`);
    assert.ok(r.perSecond > 0, `${name}: a rate`);
    assert.ok(r.fullness > 0 && r.fullness <= 1, `${name}: fullness ${r.fullness}`);
    assert.ok(r.fitPerBlock >= 1, `${name}: at least one fits a block`);
    assert.ok(BigInt(r.weightPs) > 0n && BigInt(r.weightPs) <= BigInt(r.declaredWeightPs), `${name}: used no more than declared`);
    assert.ok(Number.isFinite(r.ratio) && r.ratio > 0, `${name}: ratio to transfers`);
  }
  assert.equal(transfer.ratio, 1);
  assert.equal(resting.submitted, 2 * crossing.submitted, 'makers rest twice what takers cross');
  assert.equal(cancel.submitted, resting.submitted - crossing.submitted, 'the bids left are cancelled');
  // A fill costs more than resting an order, which costs more than a transfer.
  assert.ok(BigInt(crossing.weightPs) > BigInt(resting.weightPs) && BigInt(resting.weightPs) > BigInt(transfer.weightPs), 'weights ordered');
  t.diagnostic(output.split('\n').filter((l) => l.startsWith('(')).join('\n'));
});

test('liquidation capacity harness (short): every shocked account liquidated in on_finalize, within budget', { timeout: 300_000 }, async (t) => {
  const { code, output, result } = await runHarness('liquidation-capacity.mjs', ['--short', '--json']);
  assert.equal(code, 0, output);
  assert.ok(result, `a RESULT line:\n${output}`);
  assert.equal(result.accountsLiquidated, result.accounts, 'every shocked account was liquidated');
  assert.ok(result.liquidations >= result.accounts, 'at least one liquidation step each');
  assert.ok(result.maxPerBlock <= result.perBlockBudget, 'never more than the budget in a block');
  assert.ok(result.firstLiquidationBlocksAfterShock >= 1 && result.firstLiquidationBlocksAfterShock <= 5, 'first liquidation soon after the shock');
  assert.ok(result.blocksUntilNoneLiquidatable <= Math.ceil(result.accounts / result.perBlockBudget) + 5, 'worked down at the budget rate');
  assert.ok(result.reservedMsPerBlock > 0 && result.reservedMsPerBlock < 1_000, 'the reservation fits a block');
  t.diagnostic(output.split('\n').filter((l) => /liquidations of|^#/.test(l)).join('\n'));
});

test('crash harness (short): every account resolved by the metered engine, transfers included each block, asset conserved', { timeout: 600_000 }, async (t) => {
  const { code, output, result } = await runHarness('crash.mjs', ['--short', '--json']);
  assert.equal(code, 0, output);
  assert.ok(result, `a RESULT line:\n${output}`);
  assert.ok(result.liquidations > 0, 'the shock liquidated accounts');
  assert.ok(result.conserved, 'the margin pallet holds what the ledgers say');
  assert.equal(result.badDebtUncoveredUsdc, 0, 'the fund covered the bad debt');
  for (const b of result.blocks) {
    assert.ok(b.engineMs <= b.engineLimitMs, `#${b.number}: the engine within its limit`);
    assert.ok(b.blockMs <= 1_000, `#${b.number}: the block within its maximum weight`);
    assert.ok(b.transfers > 0, `#${b.number}: transfers included during the crash`);
  }
  t.diagnostic(output.split('\n').filter((l) => /liquidations of|liquidations per block|bad debt paid/.test(l)).join('\n'));
});
