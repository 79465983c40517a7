//! Pallet configurations of the clearing runtime.
//!
//! Each `impl` says, next to the value, why the value is what it is. Risk parameters do not live
//! here: they live in storage, where governance changes them (see `design.md`).

use frame_support::{
	dispatch::DispatchClass,
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
	PalletId,
};
use frame_system::{limits::BlockLength, limits::BlockWeights, EnsureNever, EnsureRoot};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};

use super::{
	AccountId, AssetId, Aura, Balance, Balances, Block, BlockNumber, FeedId, Hash, Moment, Nonce,
	Oracle, OracleOperators, PalletInfo, Price, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Timestamp, SLOT_DURATION,
	VERSION,
};
use clearing_primitives::CLR;

/// Share of a block that ordinary (non-operational) extrinsics may fill; the rest is kept for
/// operational calls and, later, for the liquidation work that `on_finalize` does.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Largest block in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	/// Blocks whose hashes `System` keeps: a transaction's mortality can be at most this long.
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version, as `System` reports it.
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// One second of compute per 2 s block: Aura gives the author two thirds of the slot, and
	/// importers must re-execute the block well within the next slot.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks, of which ordinary extrinsics may fill `NORMAL_DISPATCH_RATIO`.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// The generic Substrate SS58 prefix, so addresses read as in polkadot.js' defaults.
	pub const SS58Prefix: u16 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDb (it is built without RocksDB).
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = Moment;
	type OnTimestampSet = Aura;
	/// Half a slot, so a block's timestamp always lands in its own slot.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// No staking, so equivocations are not reported on chain (there is nothing to slash).
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// Smallest native balance an account may hold: 0.001 CLR.
pub const EXISTENTIAL_DEPOSIT: Balance = CLR / 1_000;

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = frame_system::Pallet<Runtime>;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees do not float with congestion yet; weights bound what a block can hold.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One planck per unit of ref time: a 1 ms call costs 10^9 plancks (0.001 CLR).
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	/// Nobody creates assets by a signed call: the settlement asset is made at genesis and
	/// further collateral kinds are listed by governance (`force_create`, root).
	type CreateOrigin = AsEnsureOriginWithArg<EnsureNever<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<{ 100 * CLR }>;
	type AssetAccountDeposit = ConstU128<{ CLR / 100 }>;
	type MetadataDepositBase = ConstU128<{ CLR }>;
	type MetadataDepositPerByte = ConstU128<{ CLR / 100 }>;
	type ApprovalDeposit = ConstU128<{ CLR / 100 }>;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Most oracle operators the chain admits; also the most that can feed in one block.
pub const MAX_ORACLE_OPERATORS: u32 = 32;

parameter_types! {
	/// Fewest fresh operator values from which a median is taken; with fewer the previous median
	/// stays (and ages). Governance will own this value once the feed registry exists.
	pub const OracleMinimumCount: u32 = 1;
	/// An operator's value counts towards the median for this long (ms) after it was fed.
	pub const OracleExpiresIn: Moment = 60_000;
	/// Account that holds values fed by root (governance's emergency price path).
	pub const OraclePalletId: PalletId = PalletId(*b"clr/orcl");
}

impl pallet_oracle::Config for Runtime {
	type OnNewData = ();
	type CombineData =
		pallet_oracle::DefaultCombineData<Runtime, OracleMinimumCount, OracleExpiresIn>;
	type Time = Timestamp;
	type OracleKey = FeedId;
	type OracleValue = Price;
	type PalletId = OraclePalletId;
	type Members = OracleOperators;
	type WeightInfo = pallet_oracle::weights::SubstrateWeight<Runtime>;
	type MaxHasDispatchedSize = ConstU32<MAX_ORACLE_OPERATORS>;
	/// Enough for every listed feed in one submission.
	type MaxFeedValues = ConstU32<64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// The oracle operators: who may call `Oracle::feed_values`. Root changes it until the governance
/// issue gives it a `RiskAdmin` origin.
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	type MembershipInitialized = ();
	/// A removed operator's submitted values are dropped at once.
	type MembershipChanged = Oracle;
	type MaxMembers = ConstU32<MAX_ORACLE_OPERATORS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}
