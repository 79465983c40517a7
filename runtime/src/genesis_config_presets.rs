//! Genesis presets: the starting state of the dev, local and staging chains.
//!
//! - `development`: Alice is the only validator and the only oracle operator; the well-known dev
//!   accounts hold native tokens (fees, votes) and the settlement asset (margin).
//! - `local_testnet`: Alice, Bob, Charlie and Dave validate and operate the oracle. GRANDPA needs
//!   more than two thirds of the voters, so four validators survive one fault where three do not;
//!   a price needs fresh values from three of the four operators.
//! - `staging`: the production-shaped variant of `local_testnet` (same validators, operators and
//!   endowments), with nobody holding a privileged key: no sudo key, and the settlement asset's
//!   owner, issuer, admin and freezer are the keyless governance account
//!   ([`crate::configs::governance::governance_account`]).
//!
//! All list the `BTC/USD`, `ETH/USD` and `DOT/USD` price feeds with their symbols at Binance,
//! Coinbase and Kraken, at 6 decimals (the settlement asset's), and the `BTC-USD`, `ETH-USD` and
//! `DOT-USD` perpetual markets on them, with an insurance fund seeded with 100,000 USDC.
//!
//! `development` and `local_testnet` set a sudo key (Alice), who also holds every role of the
//! settlement asset (she may mint USDC, freeze accounts, move anyone's balance): sudo exists for
//! dev and test networks only. `staging` sets none, which leaves `Sudo` without a key and nobody
//! able to use it, and gives the asset's roles to an account nobody can sign for; there only root,
//! i.e. a root-track referendum, changes the asset (pallet-assets' `ForceOrigin`). The dev accounts
//! still hold native tokens there, as voters, and USDC, as traders: balances, not powers.

use crate::{
	opaque::SessionKeys, AccountId, AssetsConfig, BalancesConfig, LiquidationConfig, MarginConfig, OptionsConfig,
	OracleFeederConfig, Runtime, RuntimeGenesisConfig, SessionConfig, SudoConfig, ValidatorSetConfig,
};
use alloc::{string::String, vec, vec::Vec};
use clearing_primitives::oracle_crypto;
use clearing_primitives::{
	feed_id, Balance, FeedId, CLR, SETTLEMENT_ASSET_ID, SETTLEMENT_DECIMALS, SETTLEMENT_MIN_BALANCE, USDC,
};
use frame_support::{build_struct_json_patch, BoundedVec};
use pallet_margin::MarketParams;
use pallet_oracle_feeder::{FeedConfig, OracleParams, SourceKind, SourceSymbol};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{Perbill, Permill};

/// Native tokens each dev account starts with, in plancks (1,000,000 CLR).
pub const DEV_NATIVE_ENDOWMENT: Balance = 1_000_000 * CLR;

/// Settlement asset each dev account starts with, in atoms (1,000,000 USDC).
pub const DEV_SETTLEMENT_ENDOWMENT: Balance = 1_000_000 * USDC;

/// The settlement asset's display name.
pub const SETTLEMENT_NAME: &str = "USD Coin";

/// The settlement asset's ticker symbol.
pub const SETTLEMENT_SYMBOL: &str = "USDC";

/// Decimals of every genesis feed's price: micro-dollars, like the settlement asset's atoms.
pub const FEED_DECIMALS: u8 = 6;

/// A feed listed at Binance, Coinbase and Kraken under these symbols.
fn exchange_feed(name: &str, binance: &str, coinbase: &str, kraken: &str) -> (FeedId, FeedConfig) {
	let entry =
		|kind, symbol: &str| SourceSymbol { kind, symbol: BoundedVec::truncate_from(symbol.as_bytes().to_vec()) };
	(
		feed_id(name).unwrap_or_default(),
		FeedConfig {
			decimals: FEED_DECIMALS,
			symbols: BoundedVec::truncate_from(vec![
				entry(SourceKind::Binance, binance),
				entry(SourceKind::Coinbase, coinbase),
				entry(SourceKind::Kraken, kraken),
			]),
		},
	)
}

/// The feeds every preset lists.
pub fn genesis_feeds() -> Vec<(FeedId, FeedConfig)> {
	vec![
		exchange_feed("BTC/USD", "BTCUSDT", "BTC-USD", "XBTUSD"),
		exchange_feed("ETH/USD", "ETHUSDT", "ETH-USD", "ETHUSD"),
		exchange_feed("DOT/USD", "DOTUSDT", "DOT-USD", "DOTUSD"),
	]
}

/// Oracle parameters at genesis: prices older than 20 s are stale, each operator needs two
/// agreeing sources (within 5 %) for a feed, a price needs at least `min_operators` (and two
/// thirds of the operators plus one) fresh operator values within 5 % of their median, and a move
/// of more than 10 % in a block is held until it has persisted for 3 blocks (6 s): a crash still
/// reaches the liquidation engine within seconds, a glitch or a short capture does not.
pub fn genesis_oracle_params(min_operators: u32) -> OracleParams {
	OracleParams {
		max_price_age_ms: 20_000,
		min_operators,
		min_sources: 2,
		max_source_deviation: Permill::from_percent(5),
		circuit_breaker: Permill::from_percent(10),
		confirmation_blocks: 3,
	}
}

/// The insurance fund's seed at genesis: 100,000 USDC in the margin pallet's account.
pub const INSURANCE_FUND_SEED: Balance = 100_000 * USDC;

/// A perpetual market with the parameters every genesis market shares: 0.02 % maker and 0.05 %
/// taker fees, hourly funding capped at 0.75 % per hour, active.
#[allow(clippy::too_many_arguments)]
fn perpetual(
	ticker: &str,
	feed: &str,
	base_decimals: u8,
	tick_size: Balance,
	step_size: Balance,
	margins_percent: (u32, u32, u32),
	open_interest_cap: Balance,
	imf_scaling: (Balance, Balance),
) -> MarketParams {
	let (initial, maintenance, penalty) = margins_percent;
	MarketParams {
		initial_margin: Perbill::from_percent(initial),
		maintenance_margin: Perbill::from_percent(maintenance),
		liquidation_penalty: Perbill::from_percent(penalty),
		open_interest_cap,
		imf_scaling_lower: imf_scaling.0,
		imf_scaling_upper: imf_scaling.1,
		max_funding_rate: Perbill::from_parts(7_500_000),
		// Orders more than 10 % from the oracle are refused (the reference band): far enough for
		// a crash block, near enough that no fill can move a large share of an account's equity.
		// dYdX's rule for the impact notional: 500 USDC of initial margin's worth of notional
		// (10,000 USDC at 5 %).
		impact_notional: 500_000_000u128
			.saturating_mul(100)
			.checked_div(u128::from(initial))
			.unwrap_or(0),
		..MarketParams::perpetual(ticker, feed_id(feed).unwrap_or_default(), base_decimals, tick_size, step_size)
	}
}

/// The perpetual markets every preset lists (ids 0, 1, 2). Sizes in base atoms, ticks in price
/// units (micro-dollars).
pub fn genesis_markets() -> Vec<MarketParams> {
	const BTC: Balance = 100_000_000; // 8 decimals
	const ETH: Balance = 100_000_000; // 8 decimals
	const DOT: Balance = 1_000_000; // 6 decimals
	vec![
		// 0.10 USD ticks, 0.0001 BTC lots; 5 % / 3 % / 1 %; at most 1,000 BTC open, scaling from 500.
		perpetual("BTC-USD", "BTC/USD", 8, 100_000, BTC / 10_000, (5, 3, 1), 1_000 * BTC, (500 * BTC, 2_000 * BTC)),
		// 0.01 USD ticks, 0.001 ETH lots; 5 % / 3 % / 1 %; at most 20,000 ETH, scaling from 10,000.
		perpetual("ETH-USD", "ETH/USD", 8, 10_000, ETH / 1_000, (5, 3, 1), 20_000 * ETH, (10_000 * ETH, 40_000 * ETH)),
		// 0.001 USD ticks, 0.1 DOT lots; 10 % / 5 % / 2 %; at most 5 M DOT, scaling from 2.5 M.
		perpetual(
			"DOT-USD",
			"DOT/USD",
			6,
			1_000,
			DOT / 10,
			(10, 5, 2),
			5_000_000 * DOT,
			(2_500_000 * DOT, 10_000_000 * DOT),
		),
	]
}

/// Option rules for an underlying at genesis, Derive's standard margin and Deribit's fees: a
/// short's initial `max(15 % − OTM %, 13 %)` and maintenance 9 % of the index, a 1 % penalty on
/// the premium closed, 0.03 % of the underlying per fill capped at 12.5 % of the premium, orders
/// within 50 % of the mark, volatilities between 5 % and 500 %, 1 % arbitrage tolerance, at most
/// 40 series listed.
fn option_rules(currency: &str, tick_size: Balance, lot: Balance) -> pallet_options::UnderlyingConfig {
	pallet_options::UnderlyingConfig {
		venue_currency: BoundedVec::truncate_from(currency.as_bytes().to_vec()),
		base_decimals: 8,
		tick_size,
		step_size: lot,
		min_order_size: lot,
		initial_margin: Perbill::from_percent(15),
		min_initial_margin: Perbill::from_percent(13),
		maintenance_margin: Perbill::from_percent(9),
		liquidation_penalty: Perbill::from_percent(1),
		maker_fee: Perbill::from_parts(300_000),
		taker_fee: Perbill::from_parts(300_000),
		fee_cap: Perbill::from_parts(125_000_000),
		price_band: Perbill::from_percent(50),
		min_vol: 50_000,
		max_vol: 5_000_000,
		arbitrage_tolerance: Perbill::from_percent(1),
		max_series: 40,
	}
}

/// The underlyings with options at genesis: BTC (premiums in 0.10 USD ticks, 0.01 BTC lots) and
/// ETH (0.01 USD ticks, 0.1 ETH lots), named as Deribit names them.
pub fn genesis_option_underlyings() -> Vec<(FeedId, pallet_options::UnderlyingConfig)> {
	const UNIT: Balance = 100_000_000; // 8 decimals
	vec![
		(feed_id("BTC/USD").unwrap_or_default(), option_rules("BTC", 100_000, UNIT / 100)),
		(feed_id("ETH/USD").unwrap_or_default(), option_rules("ETH", 10_000, UNIT / 10)),
	]
}

/// The accounts a dev or local chain pre-funds: the six well-known dev keys.
pub fn dev_accounts() -> Vec<AccountId> {
	[
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.into_iter()
	.map(Sr25519Keyring::to_account_id)
	.collect()
}

/// The oracle operators of the dev and local presets, in validator order (Alice, Bob, Charlie,
/// Dave): the sr25519 public keys of `//Alice//oracle`, `//Bob//oracle`, … (see
/// [`clearing_primitives::DEV_ORACLE_DERIVATION`]; the node puts the matching private key into the
/// keystore of `--alice`, `--bob`, …, and a runtime test derives these bytes again). Written out
/// because derivation needs the full crypto the runtime does not carry.
pub const DEV_ORACLE_OPERATOR_KEYS: [[u8; 32]; 4] = [
	// //Alice//oracle
	[
		0x8e, 0xf5, 0xa0, 0x6b, 0x56, 0x83, 0x5e, 0x3d, 0x79, 0x7d, 0x40, 0xe6, 0x10, 0x58, 0x36, 0x35, 0xa0, 0x97,
		0xba, 0x8f, 0x4a, 0xa6, 0x24, 0xa2, 0x21, 0xba, 0x27, 0x6e, 0x1a, 0xea, 0x02, 0x3b,
	],
	// //Bob//oracle
	[
		0x4a, 0xae, 0xfa, 0x72, 0x3f, 0x94, 0xad, 0x04, 0x27, 0x4e, 0x89, 0x38, 0xaf, 0x9b, 0xa7, 0x75, 0x3e, 0xdc,
		0xba, 0xf9, 0xbe, 0xfc, 0xc9, 0x34, 0x3e, 0x2d, 0x62, 0x13, 0x1f, 0x77, 0xf1, 0x2d,
	],
	// //Charlie//oracle
	[
		0x88, 0x0a, 0x69, 0xb5, 0x13, 0x02, 0x3d, 0x2a, 0x1e, 0xeb, 0x3e, 0x46, 0xce, 0xb7, 0x9b, 0x83, 0x1e, 0xc7,
		0xca, 0xfb, 0x95, 0xa2, 0x31, 0x3b, 0x30, 0x4f, 0xd0, 0x94, 0x40, 0x95, 0xb2, 0x5b,
	],
	// //Dave//oracle
	[
		0xe8, 0xd2, 0xc1, 0x4a, 0x6a, 0x42, 0x2b, 0x79, 0xdd, 0x10, 0x2a, 0x98, 0x66, 0x6d, 0xb6, 0x47, 0xa1, 0x77,
		0xe7, 0xd6, 0x8b, 0xcd, 0x50, 0xf4, 0x0e, 0x3b, 0x23, 0x8d, 0x83, 0x03, 0x75, 0x52,
	],
];

/// The first `n` dev oracle operators' accounts (Alice's, Bob's, …).
pub fn dev_oracle_operators(n: usize) -> Vec<AccountId> {
	DEV_ORACLE_OPERATOR_KEYS
		.iter()
		.take(n)
		.map(|key| AccountId::from(*key))
		.collect()
}

/// A genesis validator: its account and its session keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisValidator {
	/// The validator's account: what governance adds or removes, what registers the keys.
	pub account: AccountId,
	/// Block authoring (sr25519).
	pub aura: AuraId,
	/// Finality votes (ed25519), equal weights.
	pub grandpa: GrandpaId,
	/// Price feeds (sr25519): the oracle operator's account is this key's.
	pub oracle: oracle_crypto::Public,
}

/// A dev validator: account and Aura key from `//Name`, GRANDPA's from the same seed in ed25519,
/// and the oracle key `//Name//oracle` (the `i`-th of [`DEV_ORACLE_OPERATOR_KEYS`]).
fn dev_validator(sr: Sr25519Keyring, ed: Ed25519Keyring, i: usize) -> GenesisValidator {
	let oracle = DEV_ORACLE_OPERATOR_KEYS.get(i).copied().unwrap_or_default();
	GenesisValidator {
		account: sr.to_account_id(),
		aura: sr.public().into(),
		grandpa: ed.public().into(),
		oracle: sp_core::sr25519::Public::from_raw(oracle).into(),
	}
}

/// The account an oracle key signs as.
pub fn oracle_account(key: &oracle_crypto::Public) -> AccountId {
	AccountId::from(sp_core::sr25519::Public::from(key.clone()))
}

/// Everything that differs between the presets.
struct ChainGenesis {
	/// The validators and their session keys.
	validators: Vec<GenesisValidator>,
	/// Fewest validators governance may leave in the set.
	min_validators: u32,
	/// Holder of the sudo key, if any.
	sudo: Option<AccountId>,
	/// Owner, issuer, admin and freezer of the settlement asset.
	asset_team: AccountId,
	/// Accounts funded with native tokens and the settlement asset.
	endowed: Vec<AccountId>,
	/// Accounts funded with native tokens only (fees and votes), with their amounts.
	native_only: Vec<(AccountId, Balance)>,
	/// Native tokens each validator's oracle account starts with: a transaction's sender must
	/// exist, though the operators' feeds pay no fee.
	operator_endowment: Balance,
	/// Fresh operator values a price needs (at least; the quorum is also two thirds of the
	/// operators plus one).
	min_operators: u32,
}

/// The genesis config as a JSON patch over the runtime's defaults.
fn genesis(chain: ChainGenesis) -> Value {
	let ChainGenesis {
		validators,
		min_validators,
		sudo,
		asset_team,
		endowed,
		native_only,
		operator_endowment,
		min_operators,
	} = chain;
	let operators = validators.iter().map(|v| (oracle_account(&v.oracle), operator_endowment));
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.iter()
				.cloned()
				.map(|who| (who, DEV_NATIVE_ENDOWMENT))
				.chain(native_only)
				.chain(operators)
				.collect(),
		},
		// Aura's and GRANDPA's authorities come from the session's genesis keys.
		validator_set: ValidatorSetConfig {
			validators: validators.iter().map(|v| v.account.clone()).collect(),
			min_validators,
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| {
					let keys =
						SessionKeys { aura: v.aura.clone(), grandpa: v.grandpa.clone(), oracle: v.oracle.clone() };
					(v.account.clone(), v.account.clone(), keys)
				})
				.collect(),
		},
		sudo: SudoConfig { key: sudo },
		assets: AssetsConfig {
			// Sufficient: an account may hold only USDC, without a native balance.
			assets: vec![(SETTLEMENT_ASSET_ID, asset_team, true, SETTLEMENT_MIN_BALANCE)],
			metadata: vec![(
				SETTLEMENT_ASSET_ID,
				SETTLEMENT_NAME.as_bytes().to_vec(),
				SETTLEMENT_SYMBOL.as_bytes().to_vec(),
				SETTLEMENT_DECIMALS,
			)],
			accounts: endowed
				.iter()
				.cloned()
				.map(|who| (SETTLEMENT_ASSET_ID, who, DEV_SETTLEMENT_ENDOWMENT))
				.chain([(SETTLEMENT_ASSET_ID, pallet_margin::Pallet::<Runtime>::account_id(), INSURANCE_FUND_SEED)])
				.collect(),
		},
		oracle_feeder: OracleFeederConfig { feeds: genesis_feeds(), params: genesis_oracle_params(min_operators) },
		margin: MarginConfig {
			markets: genesis_markets(),
			insurance_fee_share: Perbill::from_percent(50),
			insurance_fund_seed: INSURANCE_FUND_SEED,
		},
		options: OptionsConfig { underlyings: genesis_option_underlyings() },
		// The default budget: 5 % of every block reserved, up to 50 % while accounts wait (within
		// 4,096 evaluations and 1,024 liquidations per block), 0.1 % buckets, a 10 % restore
		// buffer, 20 % of penalties to keepers, 1,000,000 USDC closed per account and block.
		liquidation: LiquidationConfig { parameters: pallet_liquidation::LiquidationParameters::default() },
	})
}

/// The `development` preset: one validator (Alice), who also operates the oracle (as
/// `//Alice//oracle`).
pub fn development() -> Value {
	genesis(ChainGenesis {
		validators: vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice, 0)],
		min_validators: 1,
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
		asset_team: Sr25519Keyring::Alice.to_account_id(),
		endowed: dev_accounts(),
		native_only: vec![],
		operator_endowment: DEV_NATIVE_ENDOWMENT,
		min_operators: 1,
	})
}

/// The four validators of `local_testnet` and `staging`: Alice, Bob, Charlie and Dave.
const FOUR_VALIDATORS: [(Sr25519Keyring, Ed25519Keyring); 4] = [
	(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
	(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// Four validators who all operate the oracle (each as `//<Name>//oracle`), three of whom make a
/// price, with the given privileged keys.
fn four_validator_chain(sudo: Option<AccountId>, asset_team: AccountId) -> Value {
	genesis(ChainGenesis {
		validators: FOUR_VALIDATORS
			.iter()
			.enumerate()
			.map(|(i, (sr, ed))| dev_validator(*sr, *ed, i))
			.collect(),
		min_validators: crate::configs::MIN_VALIDATORS,
		sudo,
		asset_team,
		endowed: dev_accounts(),
		native_only: vec![],
		operator_endowment: DEV_NATIVE_ENDOWMENT,
		// Three of four: one operator may fail or lie without stopping or moving prices.
		min_operators: 3,
	})
}

/// The `local_testnet` preset: four validators, all four oracle operators (each as
/// `//<Name>//oracle`); Alice holds the sudo key and the settlement asset's roles.
pub fn local_testnet() -> Value {
	four_validator_chain(Some(Sr25519Keyring::Alice.to_account_id()), Sr25519Keyring::Alice.to_account_id())
}

/// The name of the production-shaped preset.
pub const STAGING_RUNTIME_PRESET: &str = "staging";

/// The `staging` preset: `local_testnet`'s validators, operators and balances, with no privileged
/// key. `Sudo` has no key; the settlement asset's owner, issuer, admin and freezer are the
/// governance account, derived from a `PalletId`, which nobody can sign for. Nobody can mint the
/// settlement asset, freeze or drain an account, or replace the runtime by a signed call; root
/// (a root-track referendum) can still do all of it, openly and after a vote.
pub fn staging() -> Value {
	four_validator_chain(None, crate::configs::governance::governance_account())
}

/// Native tokens each genesis validator's oracle account holds on the production chain: 100 CLR,
/// enough to exist and to rotate keys.
pub const PRODUCTION_OPERATOR_ENDOWMENT: Balance = 100 * CLR;

/// The production genesis, from what the operators agreed on (the node reads it from a file:
/// `clearing-node build-spec --chain production:<file>`): its validators and their session keys,
/// and native endowments. Nobody holds a privileged key: no sudo key, the settlement asset's team
/// is the keyless governance account, no USDC exists but the insurance fund's seed (deposits
/// arrive through the asset's governance). At least [`crate::configs::MIN_VALIDATORS`] validators,
/// and the minimum stays there; three fresh operator values at least make a price.
pub fn production(validators: Vec<GenesisValidator>, endowments: Vec<(AccountId, Balance)>) -> Value {
	genesis(ChainGenesis {
		validators,
		min_validators: crate::configs::MIN_VALIDATORS,
		sudo: None,
		asset_team: crate::configs::governance::governance_account(),
		endowed: vec![],
		native_only: endowments,
		operator_endowment: PRODUCTION_OPERATOR_ENDOWMENT,
		min_operators: 3,
	})
}

/// The JSON of a named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		STAGING_RUNTIME_PRESET => staging(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(String::into_bytes)
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(STAGING_RUNTIME_PRESET),
	]
}
