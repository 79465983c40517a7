// The polkadot.js packages of the end-to-end suite, for scripts outside scripts/e2e (the bench
// harnesses) that cannot resolve them from their own folder. One ESM copy for everyone: importing
// the CommonJS build beside the ESM one makes polkadot.js warn about duplicate packages.
export { ApiPromise, WsProvider } from '@polkadot/api';
export { Keyring } from '@polkadot/keyring';
export { cryptoWaitReady } from '@polkadot/util-crypto';
