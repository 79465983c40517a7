//! # Clearing runtime
//!
//! The state machine of the clearing chain: a derivatives clearinghouse whose margin checks, oracle
//! prices and liquidations are part of consensus (see `design.md` in the shared folder).
//!
//! This crate composes the pallets. What each runtime pallet is for:
//!
//! | pallet | job |
//! |---|---|
//! | `System`, `Timestamp` | accounts, blocks, time (2 s blocks) |
//! | `ValidatorSet`, `Session` | the validator set governance chooses, and the session keys (Aura, GRANDPA, oracle) that rotate with it |
//! | `Aura`, `Grandpa` | block production and finality |
//! | `Balances`, `TransactionPayment` | the native token (CLR), which pays fees and votes |
//! | `Sudo` | dev and test networks only: production genesis sets no sudo key |
//! | `Assets` | the settlement asset (USDC-like, id 1, 6 decimals) that backs all margin |
//! | `Oracle` | operators' price submissions and their median; the operators are the active validators' `orcl` keys |
//! | `OracleFeeder` | feed registry, oracle parameters, the price-fetching offchain worker, the price API |
//! | `Margin` | collateral, perpetual markets, cross-margined positions, funding, fees, insurance fund |
//! | `Orderbook` | limit and market orders, price-time priority matching; every fill cleared by `Margin` |
//! | `Liquidation` | risk clock and trigger buckets; liquidation in on_finalize, insurance takeover, bad debt, auto-deleveraging |
//! | `Preimage`, `Scheduler`, `Referenda`, `ConvictionVoting`, `Origins` | governance: referenda on the root, risk admin and market emergency tracks ([`configs::governance`]) |
//!
//! Configuration lives in [`configs`], the runtime APIs in [`apis`] and the genesis presets
//! (`development`, `local_testnet`) in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256, MultiAddress};
use sp_version::{runtime_version, RuntimeVersion};

pub use clearing_primitives::{
	AccountId, AssetId, Balance, BlockNumber, FeedId, Hash, Moment, Nonce, Price, Signature,
};

/// Opaque types: what the node needs to know of blocks without knowing the runtime's calls, so
/// that it keeps syncing across runtime upgrades that change them.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// An opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// An opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The keys a validator registers (`session.setKeys`): Aura for authoring, GRANDPA for
		/// finality, and `orcl`, which signs its node's price feeds as an oracle operator.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
			pub oracle: OracleFeeder,
		}
	}
}

/// The runtime's version. Bump `spec_version` for every runtime upgrade; bump
/// `transaction_version` when call indices or argument encodings change.
#[cfg(not(feature = "upgrade-test"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("clearing"),
	impl_name: alloc::borrow::Cow::Borrowed("clearing-node"),
	authoring_version: 1,
	spec_version: 111,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The same runtime one `spec_version` later: the code the end-to-end suite enacts by referendum
/// to test a runtime upgrade (`build.rs` builds it as a second wasm binary; the node never runs
/// it natively).
#[cfg(feature = "upgrade-test")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("clearing"),
	impl_name: alloc::borrow::Cow::Borrowed("clearing-node"),
	authoring_version: 1,
	spec_version: 112,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Target block time in milliseconds: 2 s blocks keep the oracle-to-liquidation latency low.
pub const MILLISECS_PER_BLOCK: u64 = 2_000;

/// Aura slot length; it cannot change once the chain runs.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute, for periods written in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// The validator set's manager, then the session: both before Aura, whose authorities the
	// session changes, and the set's genesis before the session's, which reads it.
	#[runtime::pallet_index(7)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(8)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(10)]
	pub type Assets = pallet_assets;

	#[runtime::pallet_index(20)]
	pub type Oracle = pallet_oracle;

	#[runtime::pallet_index(22)]
	pub type OracleFeeder = pallet_oracle_feeder;

	/// The volatility feed: the operators' smiles per option expiry.
	#[runtime::pallet_index(23)]
	pub type VolOracle = pallet_oracle<Instance2>;

	// Before the margin engine and the liquidation engine: an expiry's settlement price is fixed
	// in on_finalize before they mark anything in the same block.
	#[runtime::pallet_index(33)]
	pub type Options = pallet_options;

	#[runtime::pallet_index(30)]
	pub type Margin = pallet_margin;

	#[runtime::pallet_index(31)]
	pub type Orderbook = pallet_orderbook;

	#[runtime::pallet_index(32)]
	pub type Liquidation = pallet_liquidation;

	#[runtime::pallet_index(40)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(41)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(42)]
	pub type Referenda = pallet_referenda;

	#[runtime::pallet_index(43)]
	pub type ConvictionVoting = pallet_conviction_voting;

	#[runtime::pallet_index(44)]
	pub type Origins = configs::governance::pallet_custom_origins;
}

/// How an extrinsic names an account: polkadot.js sends `MultiAddress::Id`.
pub type Address = MultiAddress<AccountId, ()>;

/// A block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every signed transaction goes through, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	// Oracle feeds from non-operators (or repeated in a block) are invalid before any block;
	// operators' feeds go first.
	pallet_oracle_feeder::CheckOracleFeed<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Lets a hardware wallet (Ledger's generic app) check what it signs against the metadata.
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The transaction extensions of a signed transaction with `nonce`, mortal over `era`, no tip:
/// what the node's offchain workers (and the runtime's tests) sign.
pub fn tx_extension(nonce: Nonce, era: generic::Era) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		pallet_oracle_feeder::CheckOracleFeed::<Runtime>::new(),
		frame_system::CheckWeight::<Runtime>::new(),
		// Disabled for the node's own transactions (the oracle feeds): no wallet signs them.
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// An extrinsic as it comes over the wire.
pub type UncheckedExtrinsic = generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload that a transaction's signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on a runtime upgrade, besides those the pallets declare themselves. Each
/// checks the pallet's storage version and does nothing on a chain already at the new one.
type Migrations = (
	pallet_liquidation::migrations::MigrateV1ToV2<Runtime>,
	pallet_liquidation::migrations::MigrateV2ToV3<Runtime>,
	pallet_margin::migrations::v2::MigrateV1ToV2<Runtime>,
	// The operator list became the validators' `orcl` keys (`OracleFeeder::SessionOperators`).
	frame_support::migrations::RemovePallet<
		configs::OracleOperatorsPalletName,
		<Runtime as frame_system::Config>::DbWeight,
	>,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;
