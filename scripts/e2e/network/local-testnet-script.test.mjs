// End-to-end: scripts/local-testnet.sh as an operator runs it. It starts the four validators with
// their simulators, reports the network up (producing and finalizing), stops everything cleanly on
// Ctrl-C (SIGINT), and a second run on the same folder continues the same chain. The committed
// docker-compose.yml describes the same network, and the peer ids the script uses are the node's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, VALIDATORS, nodeBinary, rpc } from '../../testnet/network.mjs';
import { freePortRange } from '../lib/testnet.mjs';

/** Runs the script; resolves with the child, its output so far (live) and an exit promise. */
function runScript(args) {
  const child = spawn('bash', [join(REPO, 'scripts/local-testnet.sh'), ...args], {
    env: { ...process.env, NO_BUILD: '1', NODE_BIN: nodeBinary() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { text: '' };
  child.stdout.on('data', (d) => { out.text += d; });
  child.stderr.on('data', (d) => { out.text += d; });
  const run = { child, out };
  run.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    run.exit = { code, signal };
    resolve(run.exit);
  }));
  return run;
}

async function waitForOutput(run, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.out.text)) {
    if (run.exit) throw new Error(`the script exited (${JSON.stringify(run.exit)}) before printing ${pattern}:\n${run.out.text}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.out.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return run.out.text.match(pattern);
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('local-testnet.sh: four validators up and finalizing; Ctrl-C stops all; a second run continues the chain',
  { timeout: 300_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'clearing-script-'));
    const ports = { p2p: await freePortRange(4), rpc: await freePortRange(4), sim: await freePortRange(4) };
    const args = ['--dir', dir, '--p2p-port', ports.p2p, '--rpc-port', ports.rpc, '--sim-port', ports.sim, '--no-walk'].map(String);
    try {
      const first = runScript(args);
      const up = await waitForOutput(first, /network up: best #(\d+), finalized #(\d+)/, 150_000);
      t.diagnostic(up[0]);
      const pids = [...first.out.text.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
      assert.equal(pids.length, 4, 'four node processes reported');
      // Every validator answers, has its three peers, and its simulator serves prices.
      for (const [i, v] of VALIDATORS.entries()) {
        const health = await rpc(ports.rpc + i, 'system_health');
        assert.equal(health.peers, 3, `${v.name} has three peers`);
        const roles = await rpc(ports.rpc + i, 'system_nodeRoles');
        assert.deepEqual(roles, ['Authority'], `${v.name} validates`);
        const state = await (await fetch(`http://127.0.0.1:${ports.sim + i}/admin/state`)).json();
        assert.ok(state.prices['BTC/USD'] > 0, `${v.name}'s simulator quotes BTC`);
        assert.ok(existsSync(join(dir, v.name)) && existsSync(join(dir, `${v.name}.log`)), `${v.name}'s base path and log in ${dir}`);
      }
      const finalizedBefore = parseInt((await rpc(ports.rpc, 'chain_getHeader', [await rpc(ports.rpc, 'chain_getFinalizedHead')])).number, 16);

      // Ctrl-C: the script exits 0 and leaves no process behind.
      first.child.kill('SIGINT');
      const exit = await first.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, first.out.text);
      assert.match(first.out.text, /stopped; base paths and logs stay in/);
      for (const pid of pids) assert.ok(!alive(pid), `node ${pid} is gone`);
      for (const [i] of VALIDATORS.entries()) {
        await assert.rejects(rpc(ports.rpc + i, 'system_health'), 'no RPC after the stop');
      }
      t.diagnostic(`stopped cleanly after finalizing #${finalizedBefore}`);

      // Dave's command file restarts just Dave, on his base path.
      const daveAlone = spawn(join(dir, 'dave.sh'), [], { stdio: 'ignore' });
      try {
        const davePort = ports.rpc + 3;
        let best = null;
        for (let i = 0; i < 120 && best === null; i += 1) {
          try {
            best = parseInt((await rpc(davePort, 'chain_getHeader')).number, 16);
          } catch {
            await new Promise((r) => setTimeout(r, 250));
          }
        }
        assert.ok(best !== null && best >= finalizedBefore, `dave.sh restarted Dave on his database (best #${best})`);
      } finally {
        daveAlone.kill('SIGTERM');
        await new Promise((r) => daveAlone.once('exit', r));
      }

      // The same folder again: the chain continues from its databases.
      const second = runScript(args);
      const again = await waitForOutput(second, /network up: best #(\d+), finalized #(\d+)/, 150_000);
      t.diagnostic(`second run: ${again[0]}`);
      assert.ok(Number(again[2]) > finalizedBefore, 'finalizes beyond the first run');
      second.child.kill('SIGINT');
      assert.equal((await second.exited).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

test('the fixed node keys give the peer ids the script and docker-compose.yml use', () => {
  for (const v of VALIDATORS) {
    const printed = execFileSync(nodeBinary(), ['key', 'inspect-node-key'], { input: v.nodeKey }).toString().trim();
    assert.equal(printed, v.peerId, `${v.name}'s peer id`);
  }
});

test('docker-compose.yml builds its image and runs the same four validators on the production-shaped spec, each with its own simulator, RPC and admin API on loopback', () => {
  const compose = readFileSync(join(REPO, 'docker/docker-compose.yml'), 'utf8');
  const service = (name) => {
    const m = compose.match(new RegExp(`\\n  ${name}:\\n([\\s\\S]*?)(?=\\n  [a-z-]+:\\n|\\nvolumes:)`));
    assert.ok(m, `service ${name}`);
    return m[1];
  };
  for (const [i, v] of VALIDATORS.entries()) {
    const s = service(v.name);
    assert.match(s, /--chain \/chain-specs\/staging-raw\.json/, `${v.name} runs the committed staging spec`);
    const rpcPort = 9944 + i;
    assert.match(s, new RegExp(`ports: \\["\\d+:30333", "127\\.0\\.0\\.1:${rpcPort}:9944"\\]`), `${v.name}'s RPC only on loopback`);
    assert.match(s, new RegExp(`${v.flag} `), `${v.name} runs as ${v.flag}`);
    assert.match(s, new RegExp(`--node-key ${v.nodeKey}`), `${v.name}'s node key`);
    for (const source of ['binance', 'coinbase', 'kraken']) {
      assert.match(s, new RegExp(`--price-source ${source}=http://price-sim-${v.name}:8787`), `${v.name} reads its own ${source}`);
    }
    for (const peer of VALIDATORS.filter((p) => p !== v)) {
      assert.match(s, new RegExp(`--bootnodes /dns/${peer.name}/tcp/30333/p2p/${peer.peerId}`), `${v.name} knows ${peer.name}`);
    }
    const sim = service(`price-sim-${v.name}`);
    assert.match(sim, /server\.mjs|\*price-sim/, `${v.name}'s simulator`);
    assert.match(sim, new RegExp(`ports: \\["127\\.0\\.0\\.1:${8787 + i}:8787"\\]`), `${v.name}'s simulator admin API only on loopback`);
  }
  // Compose builds the image it runs, from the repository's Dockerfile.
  assert.match(compose, /build:\n    context: \.\.\n    dockerfile: docker\/Dockerfile/);
  assert.ok(existsSync(join(REPO, 'chain-specs/staging-raw.json')));
  // The image carries the spec the services name.
  assert.match(readFileSync(join(REPO, 'docker/Dockerfile'), 'utf8'), /COPY chain-specs \/chain-specs/);
});
