// Prints the blake2-256 hash of the runtime code (`:code`) in a raw chain spec and, given wasm
// files, of each of them: an operator checks that the spec's runtime is the one they built.
//
//   node scripts/code-hash.mjs chain-specs/production-raw.json [runtime.compact.compressed.wasm ...]
//
// Uses only Node's built-in modules (blake2b512 cannot be cut to 256 bits, so blake2b-256 is
// computed by @polkadot/util-crypto where installed, else by `b2sum -l 256`).

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CODE_KEY = '0x3a636f6465'; // ":code"

async function blake2_256(bytes) {
  try {
    const { blake2AsHex } = await import('../scripts/e2e/node_modules/@polkadot/util-crypto/index.js');
    return blake2AsHex(bytes, 256);
  } catch {
    return `0x${execFileSync('b2sum', ['-l', '256'], { input: bytes }).toString().split(' ')[0]}`;
  }
}

const [spec, ...wasms] = process.argv.slice(2);
if (!spec) {
  console.error('usage: node scripts/code-hash.mjs <raw chain spec> [wasm ...]');
  process.exit(2);
}
const top = JSON.parse(readFileSync(spec, 'utf8')).genesis?.raw?.top;
if (!top || !top[CODE_KEY]) {
  console.error(`${spec} is not a raw chain spec with runtime code`);
  process.exit(1);
}
const code = Buffer.from(top[CODE_KEY].slice(2), 'hex');
console.log(`${spec}: runtime code ${code.length} bytes, blake2-256 ${await blake2_256(code)}`);
for (const wasm of wasms) {
  const bytes = readFileSync(wasm);
  console.log(`${wasm}: ${bytes.length} bytes, blake2-256 ${await blake2_256(bytes)}`);
}
