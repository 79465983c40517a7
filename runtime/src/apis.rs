//! The runtime APIs: what the node and RPC clients may ask of the runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use clearing_primitives::{FeedId, FreshPrice, PriceError, PriceProvider};

use super::{
	configs, genesis_config_presets, opaque::SessionKeys, AccountId, Aura, Balance, Block, Executive, Grandpa,
	InherentDataExt, Liquidation, Margin, Nonce, OracleFeeder, Orderbook, Runtime, RuntimeCall, RuntimeGenesisConfig,
	System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// No staking: there is no stake to slash, so reports are not accepted.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// `KeyOwnerProof` is `Void`: no proof can exist.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_oracle_feeder::runtime_api::OracleFeederApi<Block> for Runtime {
		fn fresh_price(feed: FeedId) -> Result<FreshPrice, PriceError> {
			<OracleFeeder as PriceProvider>::fresh_price(&feed)
		}

		fn feeds() -> Vec<(FeedId, pallet_oracle_feeder::FeedConfig)> {
			OracleFeeder::feeds()
		}
	}

	#[api_version(2)]
	impl clearing_primitives::api::ClearingApi<Block, AccountId> for Runtime {
		fn account_summary(who: AccountId) -> Result<clearing_primitives::api::AccountView, clearing_primitives::api::ClearingApiError> {
			let open_orders = Orderbook::open_orders_of(&who);
			if !Margin::has_account(&who) && open_orders.is_empty() {
				return Err(clearing_primitives::api::ClearingApiError::UnknownAccount);
			}
			Ok(clearing_primitives::api::AccountView {
				summary: Margin::account_summary(&who)?,
				open_orders,
				queued_for_liquidation: pallet_liquidation::Pending::<Runtime>::contains_key(&who),
			})
		}

		fn markets() -> Vec<clearing_primitives::api::MarketView> {
			Margin::market_views()
		}

		fn order_book(market: clearing_primitives::MarketId, depth: u32) -> Result<clearing_primitives::api::OrderBookView, clearing_primitives::api::ClearingApiError> {
			if pallet_margin::Markets::<Runtime>::get(market).is_none() {
				return Err(clearing_primitives::api::ClearingApiError::UnknownMarket);
			}
			// At most the book's bound of levels a side.
			let depth = depth.min(configs::MAX_PRICE_LEVELS);
			Ok(clearing_primitives::api::OrderBookView {
				market,
				bids: Orderbook::depth(market, clearing_primitives::Side::Buy, depth),
				asks: Orderbook::depth(market, clearing_primitives::Side::Sell, depth),
			})
		}

		fn insurance_fund() -> clearing_primitives::api::InsuranceFundView {
			let backstop = Liquidation::backstop_account();
			let (balance, fee_pool) = Margin::fee_pots();
			let value = Margin::account_health(&backstop)
				.ok()
				.map(|health| i128::try_from(balance).unwrap_or(i128::MAX).saturating_add(health.equity));
			clearing_primitives::api::InsuranceFundView {
				balance,
				value,
				fee_pool,
				fee_share: pallet_margin::InsuranceFeeShare::<Runtime>::get(),
				backstop: Margin::account_summary(&backstop).ok(),
				pending_liquidations: Liquidation::pending_count(),
			}
		}

		fn option_chain(feed: clearing_primitives::FeedId) -> clearing_primitives::api::OptionChainView {
			let fresh = <OracleFeeder as clearing_primitives::PriceProvider>::fresh_price(&feed);
			let base_decimals = pallet_options::Underlyings::<Runtime>::get(&feed).map(|c| c.base_decimals).unwrap_or(0);
			let series = pallet_options::Pallet::<Runtime>::chain(&feed)
				.into_iter()
				.map(|entry| {
					let params = pallet_margin::Markets::<Runtime>::get(entry.market);
					let state = pallet_margin::MarketStates::<Runtime>::get(entry.market);
					let top = |side| Orderbook::depth(entry.market, side, 1).first().map(|level| level.price);
					clearing_primitives::api::OptionSeriesView {
						market: entry.market,
						expiry: entry.series.expiry,
						expiry_ms: entry.series.expiry_ms,
						strike: entry.series.strike,
						right: entry.series.right,
						status: params.map(|p| p.status.into()).unwrap_or(clearing_primitives::TradingStatus::Halted),
						mark: entry.mark,
						vol: entry.vol,
						greeks: entry.greeks,
						settlement_price: entry.settlement_price,
						open_interest: state.map(|s| s.open_interest).unwrap_or(0),
						best_bid: top(clearing_primitives::Side::Buy),
						best_ask: top(clearing_primitives::Side::Sell),
					}
				})
				.collect();
			clearing_primitives::api::OptionChainView {
				index: fresh.as_ref().ok().map(|p| p.price),
				price_decimals: pallet_oracle_feeder::Feeds::<Runtime>::get(&feed).map(|f| f.decimals).unwrap_or(0),
				base_decimals,
				feed,
				series,
			}
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench};
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench};
			use sp_storage::TrackedStorageKey;
			use super::*;

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an offline tool: a failed check must stop it loudly, with a backtrace.
			#[allow(clippy::unwrap_used)]
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}
}

/// The pallets whose benchmarks the `benchmark` subcommand of a `runtime-benchmarks` node runs.
#[cfg(feature = "runtime-benchmarks")]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_system, SystemBench::<Runtime>]
		[frame_system_extensions, SystemExtensionsBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_assets, Assets]
		[pallet_validator_set, ValidatorSet]
		[pallet_oracle, Oracle]
		[pallet_oracle_feeder, OracleFeeder]
		[pallet_margin, Margin]
		[pallet_orderbook, Orderbook]
		[pallet_liquidation, Liquidation]
		[pallet_options, Options]
		[pallet_preimage, Preimage]
		[pallet_scheduler, Scheduler]
		[pallet_referenda, Referenda]
		[pallet_conviction_voting, ConvictionVoting]
	);
}

/// The system pallet's benchmarks need nothing beyond the defaults.
#[cfg(feature = "runtime-benchmarks")]
impl frame_system_benchmarking::Config for Runtime {}
