//! A mock runtime: System, Timestamp, polkadot-sdk's `pallet-oracle` and the feeder, with a
//! settable operator list and sr25519 accounts so the worker's signatures are real.

use crate as pallet_oracle_feeder;
use crate::{types::SourceSymbol, AgreedMedian, FeedConfig, OracleParams, SourceKind};
use clearing_primitives::{feed_id, FeedId, Price};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, SortedMembers},
	BoundedVec, PalletId,
};
use sp_core::{sr25519, Pair};
use sp_runtime::{generic::UncheckedExtrinsic, traits::IdentityLookup, BuildStorage, Permill};

type Block = frame_system::mocking::MockBlock<Test>;

/// Accounts are sr25519 public keys, as an operator's `orcl` key is its account.
pub type AccountId = sr25519::Public;

/// What the worker puts into the pool: signed by the account in the address field.
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, (), ()>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Oracle: pallet_oracle,
		OracleFeeder: pallet_oracle_feeder,
		VolOracle: pallet_oracle::<Instance2>,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

parameter_types! {
	/// The operators; tests change it with `OperatorList::set`.
	pub static OperatorList: Vec<AccountId> = vec![];
	/// The feeds some market uses; tests change it with `FeedsInUse::set`.
	pub static FeedsInUse: Vec<FeedId> = vec![];
	pub const OraclePalletId: PalletId = PalletId(*b"tst/orcl");
}

/// `pallet-oracle`'s members, from [`OperatorList`].
pub struct Operators;
impl SortedMembers<AccountId> for Operators {
	fn sorted_members() -> Vec<AccountId> {
		let mut members = OperatorList::get();
		members.sort();
		members
	}

	/// The extension's benchmark makes its own operator.
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &AccountId) {
		OperatorList::mutate(|list| list.push(*who));
	}
}

/// The markets' use of feeds, from [`FeedsInUse`].
pub struct MockFeedUsers;
impl clearing_primitives::oracle::FeedUsage for MockFeedUsers {
	fn feed_in_use(feed: &FeedId) -> bool {
		FeedsInUse::get().contains(feed)
	}
}

impl pallet_oracle::Config for Test {
	type OnNewData = ();
	type CombineData = AgreedMedian<Test>;
	type Time = Timestamp;
	type OracleKey = FeedId;
	type OracleValue = Price;
	type PalletId = OraclePalletId;
	type Members = Operators;
	type WeightInfo = ();
	type MaxHasDispatchedSize = ConstU32<8>;
	type MaxFeedValues = ConstU32<4>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	pub static TradingExpiries: Vec<clearing_primitives::options::SmileRequest> = vec![];
}

/// The listed expiries as the tests set them.
pub struct MockExpiries;
impl clearing_primitives::options::ListedExpiries for MockExpiries {
	fn smile_requests() -> Vec<clearing_primitives::options::SmileRequest> {
		TradingExpiries::get()
	}
	fn is_trading(expiry: clearing_primitives::options::ExpiryId) -> bool {
		TradingExpiries::get().iter().any(|r| r.expiry == expiry)
	}
}

impl pallet_oracle::Config<pallet_oracle::Instance2> for Test {
	type OnNewData = ();
	type CombineData = crate::SmileMedian<Test>;
	type Time = Timestamp;
	type OracleKey = clearing_primitives::options::ExpiryId;
	type OracleValue = crate::Smile;
	type PalletId = OraclePalletId;
	type Members = Operators;
	type WeightInfo = ();
	type MaxHasDispatchedSize = ConstU32<8>;
	type MaxFeedValues = ConstU32<4>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl frame_system::offchain::SigningTypes for Test {
	type Public = sr25519::Public;
	type Signature = sr25519::Signature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		_public: Self::Public,
		account: AccountId,
		_nonce: u32,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

impl pallet_oracle_feeder::Config for Test {
	type OptionExpiries = MockExpiries;
	type AuthorityId = crate::crypto::OperatorKey;
	type RiskAdminOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxFeeds = ConstU32<4>;
	type MaxOperators = ConstU32<8>;
	type FeedUsers = MockFeedUsers;
	type WeightInfo = ();
}

/// The account (and `orcl` key) of a dev seed such as `//Alice`.
pub fn account(seed: &str) -> AccountId {
	sr25519::Pair::from_string(seed, None)
		.map(|pair| pair.public())
		.unwrap_or_else(|_| panic!("bad seed {seed}"))
}

/// `BTC/USD` as a feed id.
pub fn btc() -> FeedId {
	feed_id("BTC/USD").unwrap_or_default()
}

/// `ETH/USD` as a feed id.
pub fn eth() -> FeedId {
	feed_id("ETH/USD").unwrap_or_default()
}

/// A feed listed at all three exchanges with `decimals`.
pub fn exchange_feed(binance: &str, coinbase: &str, kraken: &str, decimals: u8) -> FeedConfig {
	let entry =
		|kind, symbol: &str| SourceSymbol { kind, symbol: BoundedVec::truncate_from(symbol.as_bytes().to_vec()) };
	FeedConfig {
		decimals,
		symbols: BoundedVec::truncate_from(vec![
			entry(SourceKind::Binance, binance),
			entry(SourceKind::Coinbase, coinbase),
			entry(SourceKind::Kraken, kraken),
		]),
	}
}

/// The BTC/USD feed of the dev chain: 6 decimals.
pub fn btc_feed() -> FeedConfig {
	exchange_feed("BTCUSDT", "BTC-USD", "XBTUSD", 6)
}

/// The parameters the tests start from: 20 s maximum age, one operator, two sources, 5 %, a
/// 10 % circuit breaker confirmed over 3 blocks.
pub fn test_params() -> OracleParams {
	OracleParams {
		max_price_age_ms: 20_000,
		min_operators: 1,
		min_sources: 2,
		max_source_deviation: Permill::from_percent(5),
		circuit_breaker: Permill::from_percent(10),
		confirmation_blocks: 3,
	}
}

/// Storage with BTC/USD registered, [`test_params`], Alice as the only operator, block 1 at
/// time 1 000 000 ms.
pub fn new_test_ext() -> sp_io::TestExternalities {
	OperatorList::set(vec![account("//Alice")]);
	FeedsInUse::set(vec![]);
	let storage = RuntimeGenesisConfig {
		oracle_feeder: pallet_oracle_feeder::GenesisConfig {
			feeds: vec![(btc(), btc_feed())],
			params: test_params(),
			_config: Default::default(),
		},
		..Default::default()
	}
	.build_storage()
	.unwrap_or_else(|e| panic!("genesis builds: {e}"));
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(1_000_000);
	});
	ext
}

/// The events this pallet emitted, oldest first.
pub fn feeder_events() -> Vec<pallet_oracle_feeder::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::OracleFeeder(event) => Some(event),
			_ => None,
		})
		.collect()
}
