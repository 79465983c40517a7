//! # Margin engine
//!
//! The clearinghouse ledger: settlement-asset collateral, perpetual markets, cross-margined
//! positions, funding, fees and the insurance fund. The order book and the liquidation engine act
//! through its clearing API ([`clearing_primitives::Clearing`]).
//!
//! ## Model
//!
//! - **Collateral** is a quote balance per account, in settlement atoms: deposits − withdrawals −
//!   fees ± settled funding − the net cost of fills (a buy spends the notional, a sell adds it).
//!   Every fill moves the notional from buyer to seller, so the pallet's settlement-asset balance
//!   always equals Σ collateral + insurance fund + fee pool + Σ markets' funding pools and
//!   unswept fees, to the atom.
//! - **Positions**: per account and market a signed size (base atoms) and cost basis. An account's
//!   `equity = collateral + Σ size × mark − unsettled funding`; `IMR = Σ |size| × mark × imf`,
//!   `MMR = Σ |size| × mark × mmf` over all its markets (cross-margin). Marks are fresh oracle
//!   prices; a stale price blocks anything that needs the account's health.
//! - **Risk-increasing** fills and withdrawals need `equity ≥ IMR` afterwards; a fill that only
//!   shrinks a side's position is not margin-checked for that side.
//! - **Open-interest scaling**: a market's initial fraction rises linearly from its base value at
//!   `imf_scaling_lower` open interest to 100 % at `imf_scaling_upper`.
//! - **Funding**: each block samples the order book's premium ([`clearing_primitives::PremiumSource`]);
//!   when a market's interval closes, the average premium, clamped to the market's cap, moves the
//!   market's cumulative funding index by rate × oracle price. Positions settle funding lazily,
//!   whenever they are touched; health always counts what is unsettled.
//! - **Fees**: taker and maker fees on the notional (rounded up); the insurance share of them goes
//!   to the insurance fund, the rest to the fee pool. The notional itself is paid rounded up by the
//!   buyer and received rounded down by the seller; the atom of difference goes to the fee pool.
//!   A fill leaves both shares in its market's [`MarketState`] (which it writes anyway) and
//!   `on_finalize` sweeps them into the pots, so that a fill writes no global value.
//!
//! The arithmetic lives in [`math`] as pure functions.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod clearing;
mod funding;
mod health;
pub mod math;
pub mod migrations;
mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
mod views;
pub mod weights;

pub use clearing::ObserverRecords;
pub(crate) use funding::SettledFunding;
pub(crate) use health::{MarketMark, MarketSnapshot};
pub use types::{
	AccountSummary, MarginAccount, MarketParams, MarketState, MarketStatus, Position, PositionSummary, Ticker,
};
pub use weights::WeightInfo;

/// The account observer's per-account record in this runtime.
pub type ObserverRecordOf<T> =
	<<T as Config>::Observer as AccountObserver<<T as frame_system::Config>::AccountId>>::Record;

/// A margin ledger in this runtime.
pub type AccountOf<T> = MarginAccount<<T as Config>::MaxPositions, ObserverRecordOf<T>>;

use alloc::vec::Vec;
use clearing_primitives::{
	black76,
	options::{InstrumentKind, OptionMark, OptionPricing},
	AccountHealth, AccountObserver, AssetId, Balance, ClearingError, MarketId, Moment, OpenOrderMargin, PremiumSource,
	Price, PriceError, PriceProvider,
};
use frame_support::{
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		Get, Time,
	},
	PalletId,
};
use sp_arithmetic::{Perbill, Rounding};
use sp_runtime::traits::AccountIdConversion;

/// Largest fee governance may set on either side.
pub const MAX_FEE: Perbill = Perbill::from_percent(5);

/// Largest funding rate cap per interval.
pub const MAX_FUNDING_RATE_CAP: Perbill = Perbill::from_percent(10);

/// Shortest funding interval, in milliseconds (one minute).
pub const MIN_FUNDING_INTERVAL_MS: Moment = 60_000;

/// Most decimals of a market's base asset.
pub const MAX_BASE_DECIMALS: u8 = 18;

/// Widest price band governance may set: beyond half the oracle price a band protects nothing.
pub const MAX_PRICE_BAND: Perbill = Perbill::from_percent(50);

#[cfg(feature = "runtime-benchmarks")]
/// What benchmarks need from the runtime: a fresh price for a feed, and settlement-asset funds.
pub trait BenchmarkHelper<AccountId> {
	/// Makes `feed` have a fresh price.
	fn set_price(feed: &clearing_primitives::FeedId, price: Price);
	/// Gives `who` `amount` settlement atoms.
	fn fund(who: &AccountId, amount: Balance);
}

// FRAME's pallet macro expands `expect()` calls into the code it generates for this module's
// pallet, storage and error items (clippy points at those attributes), and the lint cannot be
// scoped to generated code alone; our own code in this module calls no `expect()` or `unwrap()`.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The storage layout's version; migrations hook in when it changes.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Where the settlement asset lives (`pallet-assets`).
		type Assets: Mutate<Self::AccountId, AssetId = AssetId, Balance = Balance>;

		/// The settlement asset's id.
		#[pallet::constant]
		type SettlementAsset: Get<AssetId>;

		/// Fresh oracle prices.
		type Prices: PriceProvider;

		/// Option series' marks and settlement prices (the options pallet).
		type Options: OptionPricing;

		/// Premium samples for funding (the order book).
		type Premiums: PremiumSource;

		/// Margin reserved by resting orders (the order book): withdrawals leave it in place.
		type OpenOrders: OpenOrderMargin<Self::AccountId>;

		/// Told about every stored change of an account (the liquidation engine re-files it).
		type Observer: AccountObserver<Self::AccountId>;

		/// The chain's clock (ms), for funding intervals.
		type Time: Time<Moment = Moment>;

		/// Who lists markets and changes risk parameters: root or the `RiskAdmin` track.
		type RiskAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may, in an emergency, set a market `ReduceOnly` or `Halted` (and nothing else);
		/// reopening a market is the risk admin's.
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The account that holds all collateral, the insurance fund and the fee pool.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Most markets listed at once; bounds the per-block funding work (ids of retired option
		/// series are not reused).
		#[pallet::constant]
		type MaxMarkets: Get<u32>;

		/// Most positions per account; bounds every health computation.
		#[pallet::constant]
		type MaxPositions: Get<u32>;

		/// Weights of calls and hooks.
		type WeightInfo: WeightInfo;

		/// Prices and funds for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Markets' risk parameters.
	#[pallet::storage]
	pub type Markets<T: Config> = StorageMap<_, Twox64Concat, MarketId, MarketParams, OptionQuery>;

	/// Markets' running state (open interest, funding).
	#[pallet::storage]
	pub type MarketStates<T: Config> = StorageMap<_, Twox64Concat, MarketId, MarketState, OptionQuery>;

	/// The id the next listed market gets; also the number of markets ever listed.
	#[pallet::storage]
	pub type NextMarketId<T: Config> = StorageValue<_, MarketId, ValueQuery>;

	/// The markets listed now, in listing order: what per-block work iterates (an expired
	/// option series leaves it when it is retired).
	#[pallet::storage]
	pub type LiveMarkets<T: Config> = StorageValue<_, BoundedVec<MarketId, T::MaxMarkets>, ValueQuery>;

	/// Who holds a position in each option series: what the settlement sweep walks at expiry.
	#[pallet::storage]
	pub type SeriesHolders<T: Config> =
		StorageDoubleMap<_, Twox64Concat, MarketId, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Every account's margin ledger.
	#[pallet::storage]
	pub type Accounts<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, AccountOf<T>, OptionQuery>;

	/// The insurance fund, in settlement atoms (held in the pallet's account). A block's trading
	/// fees reach it in on_finalize (the fund's share waits in [`MarketState::unswept_insurance`] until then).
	#[pallet::storage]
	pub type InsuranceFund<T: Config> = StorageValue<_, Balance, ValueQuery>;

	/// Fees not owed to the insurance fund, in settlement atoms (held in the pallet's account),
	/// swept in on_finalize like the fund's share.
	#[pallet::storage]
	pub type FeePool<T: Config> = StorageValue<_, Balance, ValueQuery>;

	/// Share of trading fees that goes to the insurance fund.
	#[pallet::storage]
	pub type InsuranceFeeShare<T: Config> = StorageValue<_, Perbill, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Markets listed at genesis, ids 0, 1, … in this order.
		pub markets: Vec<MarketParams>,
		/// Share of fees for the insurance fund.
		pub insurance_fee_share: Perbill,
		/// The insurance fund's starting balance, in settlement atoms. The pallet's account must
		/// hold it at genesis (the assets genesis endows it); it also keeps that account alive.
		pub insurance_fund_seed: Balance,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			InsuranceFeeShare::<T>::put(self.insurance_fee_share);
			assert!(
				Pallet::<T>::held() >= self.insurance_fund_seed,
				"the margin pallet's account must hold the insurance fund's seed at genesis"
			);
			InsuranceFund::<T>::put(self.insurance_fund_seed);
			for params in &self.markets {
				if let Err(e) = Pallet::<T>::validate_market(params) {
					panic!("genesis market {:?} is invalid: {e:?}", params.ticker);
				}
				if let Err(e) = Pallet::<T>::insert_market(params.clone(), 0) {
					panic!("genesis market {:?} cannot be listed: {e:?}", params.ticker);
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Settlement asset moved into the account's collateral.
		Deposited { who: T::AccountId, amount: Balance },
		/// Settlement asset moved out of the account's collateral.
		Withdrawn { who: T::AccountId, amount: Balance },
		/// A market was listed.
		MarketCreated { market: MarketId, params: MarketParams },
		/// A market's parameters changed.
		MarketUpdated { market: MarketId, params: MarketParams },
		/// A market's status changed.
		MarketStatusChanged { market: MarketId, status: MarketStatus },
		/// The insurance fund's share of fees changed.
		InsuranceFeeShareChanged { share: Perbill },
		/// A fill was cleared. Sizes in base atoms, price in feed units, amounts in settlement atoms.
		Filled {
			market: MarketId,
			taker: T::AccountId,
			maker: T::AccountId,
			taker_side: clearing_primitives::Side,
			price: Price,
			size: Balance,
			notional: Balance,
			taker_fee: Balance,
			maker_fee: Balance,
		},
		/// A position moved between accounts without fees (liquidation, deleveraging).
		PositionTransferred { market: MarketId, from: T::AccountId, to: T::AccountId, price: Price, size: Balance },
		/// A liquidation penalty moved from the account's collateral to the insurance fund.
		LiquidationPenaltyCharged { who: T::AccountId, amount: Balance },
		/// The insurance fund paid `amount` into `to`'s collateral (bad debt, keeper reward,
		/// takeover loss).
		InsurancePaidOut { to: T::AccountId, amount: Balance },
		/// An option position was settled at its series' settlement price: `amount` settlement
		/// atoms moved into (+) or out of (−) the account's collateral.
		OptionSettled { who: T::AccountId, market: MarketId, size: i128, amount: i128 },
		/// A settled option series left the registry; `dust` atoms went to the fee pool.
		SeriesRetired { market: MarketId, dust: Balance },
		/// Funding was settled on a position: positive paid, negative received.
		FundingSettled { who: T::AccountId, market: MarketId, amount: i128 },
		/// A funding interval closed: `rate` (× 10^18, per interval) moved the index.
		FundingApplied { market: MarketId, rate: i128, funding_index: i128 },
		/// A funding interval closed without a fresh price; no funding for it.
		FundingSkipped { market: MarketId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// An amount of zero.
		ZeroAmount,
		/// An amount too large for the ledger.
		Overflow,
		/// The account holds less of the settlement asset than it wants to deposit.
		InsufficientBalance,
		/// The account has no margin ledger.
		NoAccount,
		/// The withdrawal would leave equity below the initial margin requirement.
		InsufficientMargin,
		/// A price needed for the account's health is stale or missing.
		StalePrice,
		/// No market with this id.
		UnknownMarket,
		/// The registry holds `MaxMarkets` markets already.
		TooManyMarkets,
		/// The ticker is empty.
		EmptyTicker,
		/// The oracle does not know the market's feed.
		UnknownFeed,
		/// Margin fractions must satisfy 0 < maintenance < initial ≤ 100 %.
		InvalidMarginFractions,
		/// The liquidation penalty must be below the maintenance fraction.
		InvalidLiquidationPenalty,
		/// Tick, step and minimum order sizes must be above zero, the minimum a multiple of the step.
		InvalidSizes,
		/// Fees may be at most 5 %.
		InvalidFee,
		/// Scaling needs lower < upper (or upper zero to turn it off).
		InvalidOpenInterestScaling,
		/// Funding intervals last at least a minute; the rate cap is at most 10 %.
		InvalidFunding,
		/// At most 18 base decimals.
		InvalidBaseDecimals,
		/// The emergency origin may halt a market or make it reduce-only, not reopen it.
		EmergencyCannotReopen,
		/// The price band must be above zero and at most 50 %.
		InvalidPriceBand,
		/// The impact notional must be above zero.
		InvalidImpactNotional,
		/// An option series' kind cannot change, a perpetual cannot become one, and its fee cap
		/// is at most 100 % with a floor between maintenance and initial fractions.
		InvalidInstrument,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			// Reserve what `on_finalize` does: one premium sample and at most one funding step per
			// live market (option series only have their fees swept, and are counted the same).
			let live = u32::try_from(LiveMarkets::<T>::decode_len().unwrap_or(0)).unwrap_or(u32::MAX);
			<T as Config>::WeightInfo::on_finalize_funding(live.max(1))
				// The benchmark samples a book without depth; an impact price walks levels.
				.saturating_add(T::Premiums::premium_weight().saturating_mul(u64::from(live)))
				.saturating_add(T::DbWeight::get().reads(1))
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::accrue_funding();
		}

		fn integrity_test() {
			assert!(T::MaxPositions::get() >= 1, "accounts need at least one position");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Moves `amount` settlement atoms from the caller into their collateral.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::deposit())]
		pub fn deposit(origin: OriginFor<T>, amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let delta = i128::try_from(amount).map_err(|_| Error::<T>::Overflow)?;
			let mut account = Accounts::<T>::get(&who).unwrap_or_default();
			account.collateral = account.collateral.checked_add(delta).ok_or(Error::<T>::Overflow)?;
			let reducible = T::Assets::reducible_balance(
				T::SettlementAsset::get(),
				&who,
				Preservation::Expendable,
				frame_support::traits::tokens::Fortitude::Polite,
			);
			ensure!(reducible >= amount, Error::<T>::InsufficientBalance);
			T::Assets::transfer(
				T::SettlementAsset::get(),
				&who,
				&Self::account_id(),
				amount,
				Preservation::Expendable,
			)?;
			Accounts::<T>::insert(&who, account);
			Self::deposit_event(Event::Deposited { who, amount });
			Ok(())
		}

		/// Moves `amount` settlement atoms out of the caller's collateral, if equity stays at or
		/// above the initial margin requirement plus the margin its resting orders reserve, at
		/// fresh prices. Settles the account's funding.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::withdraw(T::MaxPositions::get())
			.saturating_add(T::Options::mark_weight().saturating_mul(u64::from(T::MaxPositions::get()))))]
		pub fn withdraw(origin: OriginFor<T>, amount: Balance) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let delta = i128::try_from(amount).map_err(|_| Error::<T>::Overflow)?;
			let mut account = Accounts::<T>::get(&who).ok_or(Error::<T>::NoAccount)?;
			let expired = Self::settle_expired_in(&who, &mut account).map_err(Error::<T>::from)?;
			let settled = Self::settle_all_funding(&mut account).map_err(Error::<T>::from)?;
			account.collateral = account.collateral.checked_sub(delta).ok_or(Error::<T>::Overflow)?;
			let health = Self::health_of(&account).map_err(Error::<T>::from)?;
			let reserved = i128::try_from(T::OpenOrders::reserved_margin(&who)).map_err(|_| Error::<T>::Overflow)?;
			ensure!(health.free_collateral() >= reserved, Error::<T>::InsufficientMargin);
			// `Preserve`: the pallet's account is never reaped (its insurance-fund seed keeps it
			// above the asset's minimum balance), so no dust is ever swept out with a withdrawal.
			T::Assets::transfer(T::SettlementAsset::get(), &Self::account_id(), &who, amount, Preservation::Preserve)?;
			Self::commit_funding(&who, &settled);
			Self::commit_option_settlements(&who, &expired);
			Self::store_account(&who, account, None);
			Self::deposit_event(Event::Withdrawn { who, amount });
			Ok(())
		}

		/// Lists a new perpetual market; it gets the next market id. (Option series are listed by
		/// the options pallet when governance lists an expiry.)
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::create_market())]
		pub fn create_market(origin: OriginFor<T>, params: MarketParams) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			// Option series are listed by the options pallet, with their expiry.
			ensure!(params.kind == InstrumentKind::Perpetual, Error::<T>::InvalidInstrument);
			Self::validate_market(&params)?;
			let market = Self::insert_market(params.clone(), T::Time::now())?;
			Self::deposit_event(Event::MarketCreated { market, params });
			Ok(())
		}

		/// Changes a market's parameters; they apply to every position from this block on.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::update_market())]
		pub fn update_market(origin: OriginFor<T>, market: MarketId, params: MarketParams) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_market(&params)?;
			let current = Markets::<T>::get(market).ok_or(Error::<T>::UnknownMarket)?;
			// The feed and base decimals define what stored sizes and the funding index mean.
			ensure!(
				current.feed == params.feed && current.base_decimals == params.base_decimals,
				Error::<T>::InvalidSizes
			);
			// What a market trades never changes: positions were opened in it.
			ensure!(current.kind.series() == params.kind.series(), Error::<T>::InvalidInstrument);
			Markets::<T>::insert(market, &params);
			Self::deposit_event(Event::MarketUpdated { market, params });
			Ok(())
		}

		/// Sets a market `Active`, `ReduceOnly` or `Halted`. The emergency origin may only restrict
		/// a market (`ReduceOnly`, `Halted`); the risk admin may also reopen it.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::set_market_status())]
		pub fn set_market_status(origin: OriginFor<T>, market: MarketId, status: MarketStatus) -> DispatchResult {
			if T::RiskAdminOrigin::try_origin(origin.clone()).is_err() {
				T::EmergencyOrigin::ensure_origin(origin)?;
				ensure!(status != MarketStatus::Active, Error::<T>::EmergencyCannotReopen);
			}
			Markets::<T>::try_mutate(market, |params| -> DispatchResult {
				let params = params.as_mut().ok_or(Error::<T>::UnknownMarket)?;
				params.status = status;
				Ok(())
			})?;
			Self::deposit_event(Event::MarketStatusChanged { market, status });
			Ok(())
		}

		/// Sets the insurance fund's share of trading fees.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::set_insurance_fee_share())]
		pub fn set_insurance_fee_share(origin: OriginFor<T>, share: Perbill) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			InsuranceFeeShare::<T>::put(share);
			Self::deposit_event(Event::InsuranceFeeShareChanged { share });
			Ok(())
		}
	}

	impl<T: Config> From<ClearingError> for Error<T> {
		fn from(e: ClearingError) -> Self {
			match e {
				ClearingError::StalePrice | ClearingError::UnmarkableParty(_) => Error::<T>::StalePrice,
				ClearingError::UnknownMarket => Error::<T>::UnknownMarket,
				ClearingError::InsufficientMargin(_) => Error::<T>::InsufficientMargin,
				ClearingError::ZeroAmount => Error::<T>::ZeroAmount,
				_ => Error::<T>::Overflow,
			}
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The account holding all collateral, the insurance fund and the fee pool.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Checks a market definition against the rules governance must respect.
	pub fn validate_market(p: &MarketParams) -> Result<(), Error<T>> {
		frame_support::ensure!(!p.ticker.is_empty(), Error::<T>::EmptyTicker);
		frame_support::ensure!(p.base_decimals <= MAX_BASE_DECIMALS, Error::<T>::InvalidBaseDecimals);
		frame_support::ensure!(
			!p.maintenance_margin.is_zero()
				&& p.maintenance_margin < p.initial_margin
				&& p.initial_margin <= Perbill::one(),
			Error::<T>::InvalidMarginFractions
		);
		frame_support::ensure!(p.liquidation_penalty < p.maintenance_margin, Error::<T>::InvalidLiquidationPenalty);
		frame_support::ensure!(
			p.tick_size > 0
				&& p.step_size > 0
				&& p.min_order_size >= p.step_size
				&& p.min_order_size.is_multiple_of(p.step_size),
			Error::<T>::InvalidSizes
		);
		frame_support::ensure!(p.maker_fee <= MAX_FEE && p.taker_fee <= MAX_FEE, Error::<T>::InvalidFee);
		frame_support::ensure!(
			p.imf_scaling_upper == 0 || p.imf_scaling_lower < p.imf_scaling_upper,
			Error::<T>::InvalidOpenInterestScaling
		);
		frame_support::ensure!(
			p.funding_interval_ms >= MIN_FUNDING_INTERVAL_MS && p.max_funding_rate <= MAX_FUNDING_RATE_CAP,
			Error::<T>::InvalidFunding
		);
		if let InstrumentKind::Option { min_initial_margin, .. } = p.kind {
			frame_support::ensure!(
				p.maintenance_margin < min_initial_margin && min_initial_margin <= p.initial_margin,
				Error::<T>::InvalidInstrument
			);
		}
		frame_support::ensure!(!p.price_band.is_zero() && p.price_band <= MAX_PRICE_BAND, Error::<T>::InvalidPriceBand);
		frame_support::ensure!(p.impact_notional > 0, Error::<T>::InvalidImpactNotional);
		frame_support::ensure!(
			!matches!(T::Prices::fresh_price(&p.feed), Err(PriceError::UnknownFeed)),
			Error::<T>::UnknownFeed
		);
		Ok(())
	}

	pub(crate) fn insert_market(params: MarketParams, now: Moment) -> Result<MarketId, Error<T>> {
		let market = NextMarketId::<T>::get();
		let mut live = LiveMarkets::<T>::get();
		live.try_push(market).map_err(|_| Error::<T>::TooManyMarkets)?;
		let next = market.checked_add(1).ok_or(Error::<T>::TooManyMarkets)?;
		let state =
			MarketState { next_funding_ms: now.saturating_add(params.funding_interval_ms), ..Default::default() };
		Markets::<T>::insert(market, params);
		MarketStates::<T>::insert(market, state);
		LiveMarkets::<T>::put(live);
		NextMarketId::<T>::put(next);
		Ok(market)
	}

	/// Stores a ledger and tells the observer; a ledger that then holds nothing is removed (the
	/// observer first sees the change, and clears its record, with the ledger still there).
	/// `risk`: the ledger's risk if the caller has just marked it.
	pub(crate) fn store_account(
		who: &T::AccountId,
		account: AccountOf<T>,
		risk: Option<&clearing_primitives::AccountRisk>,
	) {
		let emptied = account.collateral == 0 && account.positions.is_empty();
		Accounts::<T>::insert(who, account);
		T::Observer::account_changed(who, risk);
		if emptied {
			Accounts::<T>::mutate_exists(who, |stored| {
				if stored.as_ref().is_some_and(|a| a.is_empty()) {
					*stored = None;
				}
			});
		}
	}

	/// How one fill's `fees` and `dust` atoms divide between the insurance fund (its share of the
	/// fees, rounded down) and the fee pool (the rest, and all dust).
	pub fn split_fees(fees: Balance, dust: Balance) -> (Balance, Balance) {
		let to_insurance = math::fraction_down(InsuranceFeeShare::<T>::get(), fees);
		(to_insurance, fees.saturating_sub(to_insurance).saturating_add(dust))
	}

	/// What the conservation identity says the pallet's account must hold: Σ collateral +
	/// insurance fund + fee pool + Σ funding pools + Σ unswept fees. For tests and try-runtime checks.
	pub fn ledger_total() -> Option<i128> {
		let mut total = i128::try_from(InsuranceFund::<T>::get()).ok()?;
		total = total.checked_add(i128::try_from(FeePool::<T>::get()).ok()?)?;
		for (_, account) in Accounts::<T>::iter() {
			total = total.checked_add(account.collateral)?;
		}
		for (_, state) in MarketStates::<T>::iter() {
			total = total.checked_add(state.funding_pool)?;
			total = total.checked_add(state.settlement_pool)?;
			total = total.checked_add(i128::try_from(state.unswept_insurance).ok()?)?;
			total = total.checked_add(i128::try_from(state.unswept_fee_pool).ok()?)?;
		}
		Some(total)
	}

	/// The margin engine's invariants, checked by `try_state` and by the tests after every block:
	/// - conservation: the pallet's account holds exactly what the ledgers, pots and markets'
	///   pools say, to the atom;
	/// - every market's open interest is the sum of its longs and equals the sum of its shorts;
	/// - no account is left without positions and with negative collateral while the insurance
	///   fund could pay it (bad debt is charged to the fund in the block it arises).
	pub fn do_try_state() -> Result<(), &'static str> {
		let total = Self::ledger_total().ok_or("ledger total overflows")?;
		if i128::try_from(Self::held()).ok() != Some(total) {
			return Err("conservation: the pallet's settlement balance differs from the ledger total");
		}
		let mut longs: alloc::collections::BTreeMap<MarketId, (Balance, Balance)> = Default::default();
		let fund = InsuranceFund::<T>::get();
		for (_, account) in Accounts::<T>::iter() {
			if account.positions.is_empty() && account.collateral < 0 && fund > 0 {
				return Err("a flat account holds bad debt the insurance fund could pay");
			}
			for position in account.positions.iter() {
				let entry = longs.entry(position.market).or_default();
				if position.size > 0 {
					entry.0 = entry.0.saturating_add(position.size.unsigned_abs());
				} else {
					entry.1 = entry.1.saturating_add(position.size.unsigned_abs());
				}
			}
		}
		for (market, state) in MarketStates::<T>::iter() {
			// An expired series' positions leave one by one: what settled counts with what is left.
			let (long, short) = longs.get(&market).copied().unwrap_or_default();
			let long = long.saturating_add(state.settled_longs);
			let short = short.saturating_add(state.settled_shorts);
			if long != short || long != state.open_interest {
				return Err("open interest differs from the sum of longs or shorts");
			}
		}
		let live = LiveMarkets::<T>::get();
		if live.len() != Markets::<T>::iter_keys().count() || live.iter().any(|m| !Markets::<T>::contains_key(m)) {
			return Err("the live market list differs from the registry");
		}
		Self::check_holders()?;
		for (market, who, ()) in SeriesHolders::<T>::iter() {
			if !Accounts::<T>::get(&who).is_some_and(|a| a.positions.iter().any(|p| p.market == market)) {
				return Err("a series holder holds no position in the series");
			}
		}
		Ok(())
	}

	/// Every account that holds a position (for invariant checks: iterates every ledger).
	pub fn accounts_with_positions() -> Vec<T::AccountId> {
		Accounts::<T>::iter()
			.filter(|(_, a)| !a.positions.is_empty())
			.map(|(who, _)| who)
			.collect()
	}

	/// The settlement asset the pallet's account holds.
	pub fn held() -> Balance {
		T::Assets::balance(T::SettlementAsset::get(), &Self::account_id())
	}
}
