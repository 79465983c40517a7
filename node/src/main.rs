//! The clearing chain's node: Aura block production, GRANDPA finality, offchain workers for the
//! oracle operators' price feeds, and the JSON-RPC server that polkadot.js talks to.

#![warn(missing_docs)]
// Substrate's service and CLI errors are large by design; every node function returns them.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
