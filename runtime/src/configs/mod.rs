//! Pallet configurations of the clearing runtime.
//!
//! Each `impl` says, next to the value, why the value is what it is. Risk parameters do not live
//! here: they live in storage, where governance changes them (see `design.md`).

pub mod governance;

use codec::Encode;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
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
use sp_runtime::{
	generic,
	traits::{One, Verify},
	Perbill,
};

use super::{
	AccountId, Address, AssetId, Assets, Aura, Balance, Balances, Block, BlockNumber, FeedId, Hash, Liquidation,
	Margin, Moment, Nonce, Options, OracleFeeder, Orderbook, PalletInfo, Price, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Signature, SignedPayload, System, Timestamp,
	UncheckedExtrinsic, SLOT_DURATION, VERSION,
};
use clearing_primitives::CLR;

/// Share of a block that ordinary (non-operational) extrinsics may fill; the rest is kept for
/// operational calls and, later, for the liquidation work that `on_finalize` does.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Largest block in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// Compute a block may take: one second (of a 2 s slot), any proof size.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// The weight ordinary extrinsics may fill: `NORMAL_DISPATCH_RATIO` of the block, rounded down.
fn normal_class_weight() -> Weight {
	Weight::from_parts(
		NORMAL_DISPATCH_RATIO.mul_floor(MAXIMUM_BLOCK_WEIGHT.ref_time()),
		NORMAL_DISPATCH_RATIO.mul_floor(MAXIMUM_BLOCK_WEIGHT.proof_size()),
	)
}

parameter_types! {
	/// Blocks whose hashes `System` keeps: a transaction's mortality can be at most this long.
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version, as `System` reports it.
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// One second of compute per 2 s block: Aura gives the author two thirds of the slot, and
	/// importers must re-execute the block well within the next slot. The base weights of a
	/// block and of an extrinsic are measured on the machine the pallets' weights are measured on
	/// (`benchmark overhead`). Otherwise as `BlockWeights::with_sensible_defaults`: ordinary
	/// extrinsics may fill `NORMAL_DISPATCH_RATIO`, operational ones the rest, 10 % is set aside
	/// for block initialization. The limits are constants, checked by `integrity_test` and a
	/// runtime test, so building them cannot fail at run time.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(crate::weights::block_weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = crate::weights::extrinsic_weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(normal_class_weight());
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			weights.reserved = Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(normal_class_weight()));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// 5 MiB blocks, of which ordinary extrinsics may fill `NORMAL_DISPATCH_RATIO`.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO.mul_floor(*max))
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
	/// The transaction extensions' weights (nonce, era, genesis, weight checks), measured on this
	/// runtime with its database weights; the default (`()`) would price them for RocksDB.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = Moment;
	type OnTimestampSet = Aura;
	/// Half a slot, so a block's timestamp always lands in its own slot.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

/// Most validators: Aura's and GRANDPA's authorities, the validator set and the oracle operators
/// share this bound.
pub const MAX_VALIDATORS: u32 = 32;

/// Fewest validators: four tolerate one faulty validator in GRANDPA's two-thirds vote (and in the
/// oracle's two-thirds quorum); fewer and one failure stops finality.
pub const MIN_VALIDATORS: u32 = 4;

parameter_types! {
	/// Blocks per session: the validator set and session keys change only at session boundaries.
	/// One hour on a production build; 10 blocks (20 s) with `fast-runtime`, so tests see a change
	/// take effect within a minute.
	pub const SessionPeriod: BlockNumber = if cfg!(feature = "fast-runtime") { 10 } else { crate::HOURS };
	/// The first session ends at this block (then every `SessionPeriod`).
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account while it has session keys registered: 10 CLR. Registration stores
	/// two entries per key, so a flood of cheap `setKeys` would otherwise be free storage.
	pub const SessionKeyDeposit: Balance = 10 * CLR;
	/// One session rotation with the set at its largest ([`MAX_VALIDATORS`]), as storage
	/// accesses at the runtime's database weights plus 10 ms of compute: `pallet-session` reads
	/// each validator's keys and rewrites its queue; Aura and GRANDPA rewrite their authorities
	/// (GRANDPA schedules the change); the oracle rewrites its operators and drops every value of
	/// a departed one (at most every operator times every feed). Not benchmarked: a
	/// deliberately high bound, about 60 ms, once a session; `pallet-session`'s own hook would
	/// charge the whole block for it.
	pub SessionRotationWeight: Weight = {
		let validators = MAX_VALIDATORS as u64;
		let reads = validators.saturating_mul(3).saturating_add(20);
		let writes = validators
			.saturating_mul(MAX_ORACLE_FEEDS as u64)
			.saturating_add(validators.saturating_mul(2))
			.saturating_add(20);
		ParityDbWeight::get()
			.reads_writes(reads, writes)
			.saturating_add(Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 100, reads.saturating_mul(512)))
	};
	/// The pallet whose storage the `RemovePallet` migration clears: the old operator list.
	pub const OracleOperatorsPalletName: &'static str = "OracleOperators";
}

/// Validators are chosen by governance ([`pallet_validator_set`]); nothing else changes the set.
impl pallet_validator_set::Config for Runtime {
	/// Root, or a referendum on the validator-admin track.
	type ValidatorAdminOrigin = governance::ValidatorAdmin;
	type KeysRegistered = crate::Session;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	type Sessions = SessionRotation;
	type SessionEnds = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type RotationWeight = SessionRotationWeight;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysForBenchmarks;
}

/// The validator set rotates `pallet-session` at [`SessionPeriod`] and charges
/// [`SessionRotationWeight`] for it.
pub struct SessionRotation;

impl pallet_validator_set::RotateSession for SessionRotation {
	fn rotate_session() {
		pallet_session::Pallet::<Runtime>::rotate_session();
	}
}

/// Registers zeroed session keys for the validator set's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysForBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for SessionKeysForBenchmarks {
	fn register_keys(who: &AccountId) {
		use codec::Decode;
		let zeroes = [0u8; 96];
		if let Ok(keys) = crate::opaque::SessionKeys::decode(&mut &zeroes[..]) {
			pallet_session::NextKeys::<Runtime>::insert(who, keys);
		}
	}
}

/// Sessions of [`SessionPeriod`] blocks; the session keys are Aura's, GRANDPA's and the oracle's.
impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// A validator is its own account (no stash/controller split without staking).
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	/// `ValidatorSet` rotates the session (at [`SessionPeriod`], charged what it costs).
	type ShouldEndSession = pallet_validator_set::NeverEndsItself;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = crate::ValidatorSet;
	type SessionHandler = <crate::opaque::SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = crate::opaque::SessionKeys;
	/// No staking, so nothing to disable a validator for.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
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
	/// Measured on this runtime, beside our pallets' weights.
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
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

/// Most oracle operators the chain admits; also the most that can feed in one block. The
/// operators are the validators, so the bound is theirs.
pub const MAX_ORACLE_OPERATORS: u32 = MAX_VALIDATORS;

/// Most feeds the registry lists; all of them go into one `feed_values` (at most
/// `MaxFeedValues`).
pub const MAX_ORACLE_FEEDS: u32 = 32;

parameter_types! {
	/// Account that holds values fed by root (governance's emergency price path).
	pub const OraclePalletId: PalletId = PalletId(*b"clr/orcl");
}

impl pallet_oracle::Config for Runtime {
	type OnNewData = ();
	/// The oracle feeder's rule instead of `DefaultCombineData` (whose upper middle value lets
	/// two of four operators set a price): a two-thirds quorum of fresh values agreeing around
	/// their median, and a circuit breaker on large moves. Its parameters are governance's, in
	/// `OracleFeeder` (`min_operators`, `max_price_age_ms`, `max_source_deviation`,
	/// `circuit_breaker`, `confirmation_blocks`).
	type CombineData = pallet_oracle_feeder::AgreedMedian<Runtime>;
	type Time = Timestamp;
	type OracleKey = FeedId;
	type OracleValue = Price;
	type PalletId = OraclePalletId;
	/// The active validators' `orcl` keys: the validators are the oracle.
	type Members = pallet_oracle_feeder::ValidatorOperators<Runtime>;
	/// `pallet-oracle`'s weights plus the combination rule's own storage access per value.
	type WeightInfo = pallet_oracle_feeder::OracleWeights<Runtime, pallet_oracle::weights::SubstrateWeight<Runtime>>;
	type MaxHasDispatchedSize = ConstU32<MAX_ORACLE_OPERATORS>;
	/// Enough for every listed feed in one submission.
	type MaxFeedValues = ConstU32<64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Fetches exchange prices in the offchain worker of every operator node and serves fresh prices
/// to the other pallets.
impl pallet_oracle_feeder::Config for Runtime {
	/// The `orcl` key in the node's keystore signs as the operator's account.
	type AuthorityId = pallet_oracle_feeder::crypto::OperatorKey;
	/// Root, or a referendum on the risk admin track.
	type RiskAdminOrigin = governance::RiskAdmin;
	type MaxFeeds = ConstU32<MAX_ORACLE_FEEDS>;
	type MaxOperators = ConstU32<MAX_ORACLE_OPERATORS>;
	/// A feed a perpetual market uses cannot be removed or rescaled.
	type FeedUsers = MarketFeeds;
	/// The options pallet's expiries: the worker feeds their smiles.
	type OptionExpiries = Options;
	type WeightInfo = pallet_oracle_feeder::weights::SubstrateWeight<Runtime>;
}

/// The volatility feed: `pallet-oracle` again, keyed by option expiry, valued by the smile (a
/// volatility per strike of the expiry's grid), combined per strike by median with the price
/// feed's quorum and freshness.
impl pallet_oracle::Config<pallet_oracle::Instance2> for Runtime {
	type OnNewData = ();
	type CombineData = pallet_oracle_feeder::SmileMedian<Runtime>;
	type Time = Timestamp;
	type OracleKey = clearing_primitives::options::ExpiryId;
	type OracleValue = pallet_oracle_feeder::Smile;
	type PalletId = OraclePalletId;
	/// The same operators as the prices': the validators.
	type Members = pallet_oracle_feeder::ValidatorOperators<Runtime>;
	/// `pallet-oracle`'s weights plus the combination's storage access per smile.
	type WeightInfo = pallet_oracle_feeder::OracleWeights<Runtime, pallet_oracle::weights::SubstrateWeight<Runtime>>;
	type MaxHasDispatchedSize = ConstU32<MAX_ORACLE_OPERATORS>;
	/// Every listed expiry's smile in one submission.
	type MaxFeedValues = ConstU32<MAX_OPTION_EXPIRIES>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Most strikes in one option expiry's grid (each a call and a put market).
pub const MAX_OPTION_STRIKES: u32 = 20;

/// Most option expiries listed at once, over all underlyings.
pub const MAX_OPTION_EXPIRIES: u32 = 8;

#[cfg(not(feature = "fast-runtime"))]
parameter_types! {
	/// Soonest an expiry may be listed: an hour ahead (the settlement window is 30 minutes).
	pub const MinListingLeadMs: u64 = 3_600_000;
}

#[cfg(feature = "fast-runtime")]
parameter_types! {
	/// Soonest an expiry may be listed: a minute ahead, so the end-to-end suite sees one expire.
	pub const MinListingLeadMs: u64 = 60_000;
}

/// European options: expiries listed by governance, marked from the validators' volatility
/// feed, settled at the index's 30-minute TWAP.
impl pallet_options::Config for Runtime {
	type Prices = OracleFeeder;
	type Vols = pallet_oracle_feeder::VolSurfaces<Runtime>;
	type Markets = Margin;
	type Book = Orderbook;
	type Time = Timestamp;
	/// Root, or a referendum on the risk admin track.
	type RiskAdminOrigin = governance::RiskAdmin;
	type MaxStrikes = ConstU32<MAX_OPTION_STRIKES>;
	type MaxExpiries = ConstU32<MAX_OPTION_EXPIRIES>;
	type MaxUnderlyings = ConstU32<4>;
	/// A sweep settles up to 64 positions and cancels up to 64 orders a block.
	type SettlementsPerBlock = ConstU32<64>;
	type CancellationsPerBlock = ConstU32<64>;
	type MinListingLeadMs = MinListingLeadMs;
	/// A year and a day.
	type MaxListingLeadMs = ConstU64<{ 366 * 86_400_000 }>;
	type WeightInfo = pallet_options::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OptionsBenchmarkHelper;
}

/// Prices and smiles for the options pallet's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct OptionsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_options::BenchmarkHelper for OptionsBenchmarkHelper {
	fn set_price(feed: &FeedId, price: Price) {
		use pallet_margin::BenchmarkHelper;
		MarginBenchmarkHelper::set_price(feed, price);
	}
	fn set_smile(
		expiry: clearing_primitives::options::ExpiryId,
		vols: alloc::vec::Vec<clearing_primitives::options::Volatility>,
		timestamp: u64,
	) {
		pallet_oracle::Values::<Runtime, pallet_oracle::Instance2>::insert(
			expiry,
			pallet_oracle::TimestampedValue { value: frame_support::BoundedVec::truncate_from(vols), timestamp },
		);
	}
}

/// The feeds the margin engine's markets use.
pub struct MarketFeeds;

impl clearing_primitives::oracle::FeedUsage for MarketFeeds {
	/// Reads every market: at most `MAX_MARKETS` (32) reads, on governance's registry calls only
	/// (never on a trade's path), so an index of markets by feed is not worth its upkeep.
	fn feed_in_use(feed: &FeedId) -> bool {
		pallet_margin::Markets::<Runtime>::iter_values().any(|market| market.feed == *feed)
	}
}

/// Most markets listed at once, perpetuals and option series: bounds the per-market work of
/// every block (funding, the risk clock: about 0.45 ms a market at the benchmarked weights).
/// Room for the perpetuals and two underlyings' series (40 each at their genesis rules).
pub const MAX_MARKETS: u32 = 96;

/// Most positions one account holds; bounds every health computation.
pub const MAX_POSITIONS_PER_ACCOUNT: u32 = 16;

parameter_types! {
	/// The account that holds all margin collateral, the insurance fund and the fee pool.
	pub const MarginPalletId: PalletId = PalletId(*b"clr/mrgn");
}

/// The margin engine: collateral in the settlement asset, marked at the oracle feeder's fresh
/// prices.
impl pallet_margin::Config for Runtime {
	type Assets = Assets;
	type SettlementAsset = ConstU32<{ clearing_primitives::SETTLEMENT_ASSET_ID }>;
	type Prices = OracleFeeder;
	/// Option series are marked by the options pallet.
	type Options = Options;
	/// The order book's best bid and ask against the oracle price.
	type Premiums = Orderbook;
	/// Resting orders' reserved margin stays in place on withdrawals.
	type OpenOrders = Orderbook;
	/// Every changed account is re-filed for liquidation at its new trigger level.
	type Observer = Liquidation;
	type Time = Timestamp;
	/// Root, or a referendum on the risk admin track.
	type RiskAdminOrigin = governance::RiskAdmin;
	/// The emergency track may halt a market or make it reduce-only.
	type EmergencyOrigin = governance::MarketEmergency;
	type PalletId = MarginPalletId;
	type MaxMarkets = ConstU32<MAX_MARKETS>;
	type MaxPositions = ConstU32<MAX_POSITIONS_PER_ACCOUNT>;
	type WeightInfo = pallet_margin::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarginBenchmarkHelper;
}

/// Most price levels on one side of one market's book: 100 ticks of depth each way. Bounds the
/// size of the side's price index (100 × 16 bytes) that every insertion reads and writes.
pub const MAX_PRICE_LEVELS: u32 = 100;

/// Most resting orders per account, over all markets; bounds `cancel_all` and a liquidation's
/// order cancellation.
pub const MAX_OPEN_ORDERS_PER_ACCOUNT: u32 = 64;

/// Most resting orders one order (or one liquidation step) visits. At the benchmarked weights a
/// full sweep between accounts holding the most positions, then resting on a full side, declares
/// about 88 ms, 12 % of a block's normal-class weight (`runtime/tests/orderbook.rs` holds it
/// under a quarter); each fill re-files both accounts with the liquidation engine.
pub const MAX_FILLS_PER_ORDER: u32 = 32;

/// The order book: matching against resting orders, each fill cleared by the margin engine.
impl pallet_orderbook::Config for Runtime {
	type Clearing = Margin;
	type MaxPriceLevels = ConstU32<MAX_PRICE_LEVELS>;
	type MaxOpenOrders = ConstU32<MAX_OPEN_ORDERS_PER_ACCOUNT>;
	type MaxFills = ConstU32<MAX_FILLS_PER_ORDER>;
	type WeightInfo = pallet_orderbook::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OrderbookBenchmarkHelper;
}

/// Most accounts on_finalize may evaluate per block (governance sets the cap up to this). The
/// block's weight meter binds first: every evaluation is charged by its account's positions.
pub const MAX_LIQUIDATION_EVALUATIONS_PER_BLOCK: u32 = 4_096;

/// Most accounts on_finalize may liquidate per block (governance sets the cap up to this). The
/// block's weight meter binds first: each liquidation step is admitted only while its worst case
/// fits what the engine's share of the block has left, and is charged what it did.
pub const MAX_LIQUIDATIONS_PER_BLOCK: u32 = 1_024;

/// The largest share of a block governance may give the liquidation engine: the other 40 % hold
/// ordinary transactions (up to 75 % of a block, less what the engine reserved) and the
/// operational class's own 25 % (oracle feeds), so prices keep landing during a crash
/// (`runtime/tests/liquidation.rs` checks it).
pub const MAX_LIQUIDATION_BLOCK_SHARE: Perbill = Perbill::from_percent(60);

/// Most deleveraging candidates kept per market and side (the largest positions).
pub const MAX_ADL_CANDIDATES: u32 = 32;

parameter_types! {
	/// The insurance fund's backstop account, which takes over positions the book cannot absorb.
	pub const LiquidationPalletId: PalletId = PalletId(*b"clr/insb");
	/// See [`MAX_LIQUIDATION_BLOCK_SHARE`].
	pub const MaxLiquidationBlockShare: Perbill = MAX_LIQUIDATION_BLOCK_SHARE;
}

/// The liquidation engine: risk clock, trigger buckets, close-outs in on_finalize.
impl pallet_liquidation::Config for Runtime {
	type Clearing = Margin;
	type Filings = pallet_margin::ObserverRecords<Runtime>;
	type Book = Orderbook;
	/// Root, or a referendum on the risk admin track.
	type RiskAdminOrigin = governance::RiskAdmin;
	type PalletId = LiquidationPalletId;
	type MaxEvaluationsPerBlock = ConstU32<MAX_LIQUIDATION_EVALUATIONS_PER_BLOCK>;
	type MaxLiquidationsPerBlock = ConstU32<MAX_LIQUIDATIONS_PER_BLOCK>;
	type MaxMarkets = ConstU32<MAX_MARKETS>;
	type MaxPositions = ConstU32<MAX_POSITIONS_PER_ACCOUNT>;
	type MaxAdlCandidates = ConstU32<MAX_ADL_CANDIDATES>;
	type MaxBlockShare = MaxLiquidationBlockShare;
	type WeightInfo = pallet_liquidation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = LiquidationBenchmarkHelper;
}

/// BTC-USD with a price the benchmark moves, funded traders and resting orders, for the
/// liquidation engine's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct LiquidationBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_liquidation::BenchmarkHelper<AccountId> for LiquidationBenchmarkHelper {
	fn market() -> clearing_primitives::MarketId {
		<OrderbookBenchmarkHelper as pallet_orderbook::BenchmarkHelper<AccountId>>::market()
	}

	fn set_price(market: clearing_primitives::MarketId, price: Price) {
		use pallet_margin::BenchmarkHelper;
		let feed = pallet_margin::Markets::<Runtime>::get(market)
			.map(|params| params.feed)
			.unwrap_or_else(|| clearing_primitives::feed_id("BTC/USD").unwrap_or_default());
		MarginBenchmarkHelper::set_price(&feed, price);
	}

	fn list_markets(n: u32) {
		bench_list_markets(n);
	}

	fn fund(who: &AccountId, amount: Balance) {
		<OrderbookBenchmarkHelper as pallet_orderbook::BenchmarkHelper<AccountId>>::fund(who, amount);
	}

	fn rest_order(
		who: &AccountId,
		market: clearing_primitives::MarketId,
		side: clearing_primitives::Side,
		price: Price,
		size: Balance,
	) {
		let _ = Orderbook::place_order(
			RuntimeOrigin::signed(who.clone()),
			market,
			side,
			price,
			size,
			pallet_orderbook::OrderKind::Limit,
			false,
		);
	}
}

/// A market with a fresh price, and deposited collateral, for the order book's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct OrderbookBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_orderbook::BenchmarkHelper<AccountId> for OrderbookBenchmarkHelper {
	fn market() -> clearing_primitives::MarketId {
		use pallet_margin::BenchmarkHelper;
		// BTC-USD, listed at genesis, at 50,000 USD.
		MarginBenchmarkHelper::set_price(&clearing_primitives::feed_id("BTC/USD").unwrap_or_default(), 50_000_000_000);
		0
	}

	fn fund(who: &AccountId, amount: Balance) {
		use pallet_margin::BenchmarkHelper;
		MarginBenchmarkHelper::fund(who, amount);
		let _ = Margin::deposit(RuntimeOrigin::signed(who.clone()), amount);
	}

	fn list_markets(n: u32) {
		bench_list_markets(n);
	}
}

/// For benchmarks: markets until there are at least `n`, every one with a fresh price. The
/// genesis markets (BTC, ETH, DOT) get prices (at 50,000 USD each); copies of BTC-USD fill up.
#[cfg(feature = "runtime-benchmarks")]
fn bench_list_markets(n: u32) {
	use pallet_margin::BenchmarkHelper;
	let Some(btc) = pallet_margin::Markets::<Runtime>::get(0) else { return };
	while pallet_margin::NextMarketId::<Runtime>::get() < n {
		if Margin::create_market(RuntimeOrigin::root(), btc.clone()).is_err() {
			break;
		}
	}
	for market in 0..pallet_margin::NextMarketId::<Runtime>::get() {
		if let Some(params) = pallet_margin::Markets::<Runtime>::get(market) {
			MarginBenchmarkHelper::set_price(&params.feed, 50_000_000_000);
		}
	}
}

/// Prices and settlement-asset funds for the margin engine's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MarginBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_margin::BenchmarkHelper<AccountId> for MarginBenchmarkHelper {
	fn set_price(feed: &FeedId, price: Price) {
		use pallet_oracle::DataFeeder;
		use pallet_oracle_feeder::{FeedConfig, SourceKind, SourceSymbol};
		if pallet_oracle_feeder::Feeds::<Runtime>::get(feed).is_none() {
			let symbol = SourceSymbol {
				kind: SourceKind::Binance,
				symbol: frame_support::BoundedVec::truncate_from(b"BENCH".to_vec()),
			};
			pallet_oracle_feeder::Feeds::<Runtime>::insert(
				feed,
				FeedConfig { decimals: 6, symbols: frame_support::BoundedVec::truncate_from(alloc::vec![symbol]) },
			);
		}
		let _ = <crate::Oracle as DataFeeder<FeedId, Price, AccountId>>::feed_value(None, feed.clone(), price);
		// The benchmarks move prices at will; the oracle's quorum and circuit breaker would hold
		// a large move back for blocks that a benchmark does not have.
		pallet_oracle_feeder::Pallet::<Runtime>::force_price_for_benchmarks(feed, price);
	}

	fn fund(who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		let asset = clearing_primitives::SETTLEMENT_ASSET_ID;
		if !<Assets as Inspect<AccountId>>::asset_exists(asset) {
			let _ = <Assets as Create<AccountId>>::create(
				asset,
				who.clone(),
				true,
				clearing_primitives::SETTLEMENT_MIN_BALANCE,
			);
		}
		let _ = <Assets as Mutate<AccountId>>::mint_into(asset, who, amount);
	}
}

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

/// Signed transactions from offchain workers (the oracle operators' price feeds): the same checks
/// as any signed transaction, immortal-ish (a short era) so a stuck one does not linger.
impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		public: <Signature as Verify>::Signer,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		/// Blocks an offchain-worker transaction stays valid: 16 blocks (32 s), rounded to a
		/// power of two as mortal eras are.
		const OFFCHAIN_TX_PERIOD: u64 = 16;
		let current_block = u64::from(System::block_number()).saturating_sub(1);
		let tx_ext = crate::tx_extension(nonce, generic::Era::mortal(OFFCHAIN_TX_PERIOD, current_block));
		let raw_payload = SignedPayload::new(call, tx_ext).ok()?;
		let signature = raw_payload.using_encoded(|payload| C::sign(payload, public))?;
		let (call, tx_ext, _) = raw_payload.deconstruct();
		let address = Address::Id(account);
		Some(UncheckedExtrinsic::new_signed(call, address, signature, tx_ext))
	}
}
