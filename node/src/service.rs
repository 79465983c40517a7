//! Assembles the node: client and database, transaction pool, networking, Aura authoring,
//! GRANDPA finality, offchain workers and RPC.

use std::{sync::Arc, time::Duration};

use clearing_primitives::{DEV_ORACLE_DERIVATION, ORACLE_KEY_TYPE};
use clearing_runtime::{apis::RuntimeApi, opaque::Block};
use futures::FutureExt;
use sc_client_api::{Backend, BlockBackend};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair};
use sp_keystore::Keystore;

/// The full client: native host functions, the runtime only as wasm.
pub(crate) type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<sp_io::SubstrateHostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;

/// Every this many blocks GRANDPA writes a justification even without an authority-set change,
/// so light clients and warp sync have recent proofs.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts that `new_full` and the maintenance subcommands share.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(
		sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>,
		sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
		Option<Telemetry>,
	),
>;

/// Aura's inherent data for a block: the wall-clock timestamp and the slot it falls in.
fn aura_inherent_data(
	slot_duration: sp_consensus_aura::SlotDuration,
) -> (sp_consensus_aura::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider) {
	let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
	let slot =
		sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(*timestamp, slot_duration);
	(slot, timestamp)
}

/// Builds the client, database, pool and import queue.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<sp_io::SubstrateHostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) = sc_service::new_full_parts::<Block, RuntimeApi, _>(
		config,
		telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
		executor,
		Vec::new(),
	)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let cidp_client = client.clone();
	let import_queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
		block_import: grandpa_block_import.clone(),
		justification_import: Some(Box::new(grandpa_block_import.clone())),
		client: client.clone(),
		create_inherent_data_providers: move |parent_hash, _| {
			let cidp_client = cidp_client.clone();
			async move {
				let slot_duration = sc_consensus_aura::standalone::slot_duration_at(&*cidp_client, parent_hash)?;
				Ok(aura_inherent_data(slot_duration))
			}
		},
		spawner: &task_manager.spawn_essential_handle(),
		registry: config.prometheus_registry(),
		check_for_equivocation: Default::default(),
		telemetry: telemetry.as_ref().map(|x| x.handle()),
		compatibility_mode: Default::default(),
	})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// Puts the dev account's oracle operator key (`orcl`, `//Alice//oracle` for `--alice`) into the
/// keystore when the node runs as a dev account (`--dev`, `--alice`, `--bob`, …), as Substrate
/// does for that account's Aura and GRANDPA keys, so the offchain worker can sign price feeds.
/// Like those keys it is derived from the seed and kept in memory only.
fn insert_dev_oracle_key(keystore: &dyn Keystore, dev_key_seed: Option<&str>) -> Result<(), ServiceError> {
	if let Some(seed) = dev_key_seed {
		keystore
			.sr25519_generate_new(ORACLE_KEY_TYPE, Some(&format!("{seed}{DEV_ORACLE_DERIVATION}")))
			.map_err(|e| ServiceError::Other(format!("cannot insert the dev oracle key: {e}")))?;
	}
	Ok(())
}

/// Where a `--dev` node's oracle worker asks for prices when no `--price-source` is given: the
/// local price simulator (`scripts/price-sim`), which answers all three exchange APIs.
pub const DEV_PRICE_SIMULATOR: &str = "http://127.0.0.1:8787";

/// The price sources to store for this run: the ones given, or on a dev chain without any, the
/// simulator for each exchange; `None` keeps what the offchain database holds.
pub fn price_sources_for(config: &Configuration, given: Vec<(String, String)>) -> Option<Vec<(String, String)>> {
	if !given.is_empty() {
		return Some(given);
	}
	if config.chain_spec.chain_type() == sc_service::ChainType::Development {
		return Some(
			["binance", "coinbase", "kraken"]
				.into_iter()
				.map(|name| (name.to_string(), DEV_PRICE_SIMULATOR.to_string()))
				.collect(),
		);
	}
	None
}

/// Writes the price sources where the oracle worker reads them: the persistent part of the
/// offchain database, under `pallet_oracle_feeder::sources::SOURCES_STORAGE_KEY`.
fn store_price_sources<S: sp_core::offchain::OffchainStorage>(storage: &mut S, sources: &[(String, String)]) {
	storage.set(
		sp_core::offchain::STORAGE_PREFIX,
		pallet_oracle_feeder::sources::SOURCES_STORAGE_KEY,
		&pallet_oracle_feeder::sources::encode_sources(sources),
	);
}

/// The options venues to store for this run: the ones given, or on a dev chain without any, the
/// simulator (which answers Deribit's book summary); `None` keeps what the offchain database
/// holds.
pub fn option_sources_for(config: &Configuration, given: Vec<String>) -> Option<Vec<String>> {
	if !given.is_empty() {
		return Some(given);
	}
	(config.chain_spec.chain_type() == sc_service::ChainType::Development)
		.then(|| vec![DEV_PRICE_SIMULATOR.to_string()])
}

/// Writes the options venues where the volatility worker reads them.
fn store_option_sources<S: sp_core::offchain::OffchainStorage>(storage: &mut S, urls: &[String]) {
	storage.set(
		sp_core::offchain::STORAGE_PREFIX,
		pallet_oracle_feeder::vols::OPTION_SOURCES_STORAGE_KEY,
		&pallet_oracle_feeder::vols::encode_option_sources(urls),
	);
}

/// Builds and starts a full node. `price_sources` and `option_sources`, when given, replace the
/// oracle worker's stored lists.
pub fn new_full<N: sc_network::NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>>(
	config: Configuration,
	price_sources: Option<Vec<(String, String)>>,
	option_sources: Option<Vec<String>>,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config)?;

	insert_dev_oracle_key(&*keystore_container.keystore(), config.dev_key_seed.as_deref())?;

	if let Some(sources) = &price_sources {
		let mut storage = backend.offchain_storage().ok_or_else(|| {
			ServiceError::Other("price sources given but the database has no offchain storage".into())
		})?;
		store_price_sources(&mut storage, sources);
		let names: Vec<String> = sources.iter().map(|(name, url)| format!("{name}={url}")).collect();
		log::info!("💹 Oracle price sources: {}", names.join(", "));
	}
	if let Some(urls) = &option_sources {
		let mut storage = backend.offchain_storage().ok_or_else(|| {
			ServiceError::Other("options venues given but the database has no offchain storage".into())
		})?;
		store_option_sources(&mut storage, urls);
		log::info!("💹 Options venues: {}", urls.join(", "));
	}

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let peer_store_handle = net_config.peer_store_handle();
	let genesis_hash = client
		.block_hash(0)
		.ok()
		.flatten()
		.ok_or_else(|| ServiceError::Other("the database has no genesis block".into()))?;
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
	let (grandpa_protocol_config, grandpa_notification_service) = sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
		grandpa_protocol_name.clone(),
		metrics.clone(),
		peer_store_handle,
	);
	net_config.add_notification_protocol(grandpa_protocol_config);

	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	// Offchain workers run on every node that enables them (validators by default); the oracle
	// feeder's worker acts only where the keystore holds a current operator's `orcl` key.
	if config.offchain_worker.enabled {
		let offchain_workers = sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
			runtime_api_provider: client.clone(),
			is_validator: config.role.is_authority(),
			keystore: Some(keystore_container.keystore()),
			offchain_db: backend.offchain_storage(),
			transaction_pool: Some(OffchainTransactionPoolFactory::new(transaction_pool.clone())),
			network_provider: Arc::new(network.clone()),
			enable_http_requests: true,
			custom_extensions: |_| vec![],
		})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	// The voter and the `grandpa_*` RPC share one view of the voter's rounds.
	let shared_voter_state = SharedVoterState::empty();
	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		let shared_authority_set = grandpa_link.shared_authority_set().clone();
		let shared_voter_state = shared_voter_state.clone();
		let justification_stream = grandpa_link.justification_stream();
		let finality_provider = sc_consensus_grandpa::FinalityProofProvider::new_for_service(
			backend.clone(),
			Some(shared_authority_set.clone()),
		);
		Box::new(move |subscription_executor| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				grandpa: crate::rpc::GrandpaDeps {
					shared_authority_set: shared_authority_set.clone(),
					shared_voter_state: shared_voter_state.clone(),
					justification_stream: justification_stream.clone(),
					subscription_executor,
					finality_provider: finality_provider.clone(),
				},
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	let _rpc_handlers = sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if role.is_authority() {
		let proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);

		let slot_duration = sc_consensus_aura::slot_duration::<AuraId, _, _>(&*client)?;

		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(StartAuraParams {
			slot_duration,
			client,
			select_chain,
			block_import,
			proposer_factory,
			create_inherent_data_providers: move |_, ()| async move { Ok(aura_inherent_data(slot_duration)) },
			force_authoring,
			backoff_authoring_blocks: Option::<()>::None,
			keystore: keystore_container.keystore(),
			sync_oracle: sync_service.clone(),
			justification_sync_link: sync_service.clone(),
			block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
			max_block_proposal_slot_portion: None,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})?;

		// Authoring is essential: if it fails, the node stops rather than idle silently.
		task_manager
			.spawn_essential_handle()
			.spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		// Only authorities vote; others follow justifications without a keystore.
		let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };

		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};

		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
			prometheus_registry,
			shared_voter_state,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};

		// The voter is essential for the same reason as authoring.
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{sr25519, Pair};
	use sp_keystore::testing::MemoryKeystore;

	#[test]
	fn dev_seed_puts_that_accounts_oracle_operator_key_in_the_keystore() {
		let keystore = MemoryKeystore::new();
		insert_dev_oracle_key(&keystore, Some("//Bob")).expect("insert works");
		let bob = sr25519::Pair::from_string("//Bob//oracle", None).expect("valid seed").public();
		assert_eq!(keystore.sr25519_public_keys(ORACLE_KEY_TYPE), vec![bob]);
	}

	#[test]
	fn price_sources_are_stored_where_the_worker_reads_them() {
		let mut storage = sp_core::offchain::storage::InMemOffchainStorage::default();
		let sources = vec![("binance".to_string(), "http://127.0.0.1:1".to_string())];
		store_price_sources(&mut storage, &sources);
		let bytes = sp_core::offchain::OffchainStorage::get(
			&storage,
			sp_core::offchain::STORAGE_PREFIX,
			pallet_oracle_feeder::sources::SOURCES_STORAGE_KEY,
		)
		.expect("stored");
		let decoded = pallet_oracle_feeder::sources::decode_sources(&bytes).expect("decodes");
		assert_eq!(decoded.len(), 1);
		assert_eq!(decoded[0].as_ref().map(|e| e.url.as_str()), Ok("http://127.0.0.1:1"));
	}

	#[test]
	fn option_sources_are_stored_where_the_worker_reads_them() {
		let mut storage = sp_core::offchain::storage::InMemOffchainStorage::default();
		store_option_sources(&mut storage, &["http://127.0.0.1:1".to_string()]);
		let bytes = sp_core::offchain::OffchainStorage::get(
			&storage,
			sp_core::offchain::STORAGE_PREFIX,
			pallet_oracle_feeder::vols::OPTION_SOURCES_STORAGE_KEY,
		)
		.expect("stored");
		let decoded = pallet_oracle_feeder::vols::decode_option_sources(&bytes).expect("decodes");
		assert_eq!(decoded, vec!["http://127.0.0.1:1".to_string()]);
	}

	#[test]
	fn without_a_dev_seed_no_oracle_key_appears() {
		let keystore = MemoryKeystore::new();
		insert_dev_oracle_key(&keystore, None).expect("nothing to do");
		assert!(keystore.sr25519_public_keys(ORACLE_KEY_TYPE).is_empty());
	}
}
