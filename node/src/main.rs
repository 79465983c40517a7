//! The clearing chain's node: Aura block production, GRANDPA finality, offchain workers for the
//! oracle operators' price feeds, and the JSON-RPC server that polkadot.js talks to.

#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
