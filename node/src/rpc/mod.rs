//! The node's JSON-RPC extensions beyond Substrate's built-in ones: account nonces (`system_*`)
//! and fee queries (`payment_*`), which polkadot.js needs to build and price transactions;
//! GRANDPA's round state, justifications and finality proofs (`grandpa_*`), which tell a
//! validator operator who is voting; and the clearinghouse's own `clearing_*` methods
//! ([`clearing`]).

pub mod clearing;

use std::sync::Arc;

use clearing_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the `grandpa_*` methods read: the voter's live state and the finality data.
pub struct GrandpaDeps<B> {
	/// The current authority set (ids and weights).
	pub shared_authority_set: sc_consensus_grandpa::SharedAuthoritySet<
		<Block as sp_runtime::traits::Block>::Hash,
		clearing_runtime::BlockNumber,
	>,
	/// The voter's rounds, as the voter reports them.
	pub shared_voter_state: sc_consensus_grandpa::SharedVoterState,
	/// Justifications as they are produced, for `grandpa_subscribeJustifications`.
	pub justification_stream: sc_consensus_grandpa::GrandpaJustificationStream<Block>,
	/// Where subscriptions run.
	pub subscription_executor: sc_rpc::SubscriptionTaskExecutor,
	/// Proves finality of a block, for `grandpa_proveFinality`.
	pub finality_provider: Arc<sc_consensus_grandpa::FinalityProofProvider<B, Block>>,
}

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P, B> {
	/// The client, to call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
	/// GRANDPA's state, for the `grandpa_*` methods.
	pub grandpa: GrandpaDeps<B>,
}

/// Builds the RPC extensions.
pub fn create_full<C, P, B>(deps: FullDeps<C, P, B>) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: clearing_primitives::api::ClearingApi<Block, AccountId>,
	C::Api: pallet_oracle_feeder::runtime_api::OracleFeederApi<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa } = deps;
	let GrandpaDeps {
		shared_authority_set,
		shared_voter_state,
		justification_stream,
		subscription_executor,
		finality_provider,
	} = grandpa;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Grandpa::new(
			subscription_executor,
			shared_authority_set,
			shared_voter_state,
			justification_stream,
			finality_provider,
		)
		.into_rpc(),
	)?;
	module.merge(clearing::ClearingRpcServer::into_rpc(clearing::Clearing::<C, Block>::new(client)))?;

	Ok(module)
}
