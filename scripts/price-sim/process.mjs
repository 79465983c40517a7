// The price simulator in a process of its own (scripts/price-sim/server.mjs), for callers whose
// own event loop gets busy: a test or harness that signs thousands of transactions would
// otherwise stall an in-process simulator for seconds, the nodes' price fetches would time out
// and on-chain prices would go stale under it.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));

/**
 * Starts `server.mjs` with the options `startPriceSim` takes (`port` 0 picks a free one, `host`,
 * `tickMs`, `sigma`, `walk`). Resolves with `{ url, port, close() }` once it listens; `close`
 * stops the process.
 */
export function spawnPriceSim({ port = 8787, host = '127.0.0.1', tickMs, sigma, walk = true } = {}) {
  const args = [SERVER, '--port', String(port), '--host', host];
  if (tickMs !== undefined) args.push('--tick-ms', String(tickMs));
  if (sigma !== undefined) args.push('--sigma', String(sigma));
  if (!walk) args.push('--no-walk');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  // Never outlive the caller, even one that exits without closing it.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  const close = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    const failed = (code, signal) => reject(new Error(`price simulator exited at start (${code ?? signal})`));
    child.once('exit', failed);
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match && output.includes('\n')) {
        child.off('exit', failed);
        const url = match[1];
        resolve({ url, port: Number(new URL(url).port), close });
      }
    });
  });
}
