//! # Liquidation engine
//!
//! Finds under-collateralized accounts in `on_finalize` without scanning every account, and
//! liquidates them inside consensus: against the order book first, then by insurance takeover,
//! with bad debt paid by the insurance fund and auto-deleveraging as the last resort.
//!
//! ## Detection: risk clock and trigger buckets
//!
//! An account's **safety buffer** `s = (equity − MMR) / ((1 + max mmf) · gross notional)` says how
//! far prices may move before it can fall below its maintenance requirement. The **risk clock**
//! [`RiskClock`] grows by the largest relative oracle move of any market since it last looked, by
//! a market's funding cap when its funding index moved, and by any increase of a maintenance
//! fraction ([`clearing_primitives::risk`] has the arithmetic and why it is safe). An account
//! evaluated at clock `G0` cannot be liquidatable before the clock reaches `G0 + s / (1 + s)`: it
//! waits in [`Buckets`] under that level (rounded down to the bucket width). `on_finalize`
//! advances the clock, then re-evaluates exactly the accounts whose level the clock has passed,
//! lowest first: the storage map is ordered by level, so finding them costs one read per account,
//! never a scan. Every fill, withdrawal, funding settlement, penalty or payout re-files the
//! account through [`clearing_primitives::AccountObserver`] (advancing the clock over that
//! account's markets first, so a mid-block price change is never missed).
//!
//! A stale price never liquidates: an account that cannot be marked waits for the clock's next
//! move.
//!
//! ## Metered hooks
//!
//! `on_initialize` reserves a governance-set share of the block for on_finalize
//! ([`LiquidationParameters::reserved_share`]; [`LiquidationParameters::crash_share`] while
//! accounts wait in the queue or are due), and on_finalize may also use what the block's
//! transactions left free, up to `crash_share` ([`meter`]). Every evaluation and liquidation step
//! is admitted only while its worst case fits what is left and is charged what it did, from the
//! benchmarks; what it used beyond the reserve is registered with the block.
//!
//! Within a block, the [`PendingQueue`] comes first, oldest first, within half of the budget;
//! then detection (due accounts, lowest trigger level first) with the rest but one liquidation
//! step at its worst, so that finding accounts is never starved by liquidating them; then the
//! accounts found in this block, **most under water first** (lowest equity / maintenance
//! requirement). Those the budget cannot serve join the queue in that order (at once, while
//! older ones still wait): deepest first within a block, first come first served across blocks. Anyone may liquidate a queued account
//! with [`Pallet::liquidate`] and earn a share of the penalty.
//!
//! ## Liquidating an account
//!
//! 1. Cancel its resting orders.
//! 2. Close positions, the largest maintenance requirement first, each slice sized to restore
//!    `equity ≥ (1 + buffer) × MMR` ([`clearing_primitives::risk::restoring_notional`]), within
//!    [`LiquidationParameters::max_close_notional_per_block`] per account and block: a partial
//!    liquidation where one suffices, a full one otherwise.
//! 3. Each slice is sold (or bought back) on the book as a reduce-only taker, never beyond its
//!    **bankruptcy price**: the price at which the slice's share of equity (by maintenance
//!    requirement) is used up.
//! 4. What the book cannot absorb the insurance fund's backstop account takes over at the
//!    bankruptcy price; a bankruptcy price beyond the mark is a loss the fund pays at once.
//! 5. When the fund cannot pay that loss, **auto-deleveraging** closes the slice against the most
//!    profitable, most leveraged of the largest opposite positions ([`AdlRanking`] keeps the
//!    largest per market and side; they are ordered by profit × leverage at that moment) at the
//!    bankruptcy price.
//! 6. The liquidation penalty (the markets' penalty fractions of the closed notional, capped at
//!    remaining equity) goes to the insurance fund; a keeper gets its share from the fund.
//! 7. An account left with no position and negative collateral is bad debt: the insurance fund
//!    pays it; what the fund cannot pay is reported as uncovered.
//!
//! The account is then evaluated again: still liquidatable, it waits in the pending queue for the
//! next block; otherwise it is filed at its new trigger level.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod clock;
mod engine;
pub mod meter;
pub mod migrations;
mod queue;
mod ranking;
mod run;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use engine::LiquidationWork;
pub use types::{AdlCandidates, BlockWork, Filing, LiquidationParameters, MarketTracker};
pub use weights::WeightInfo;

use clearing_primitives::{Balance, ClearingView, LiquidationClearing, MarketId, OrderBook};
use frame_support::traits::StoredMap;
use frame_support::{dispatch::DispatchResultWithPostInfo, traits::Get, weights::Weight, PalletId};
use sp_runtime::traits::AccountIdConversion;

/// Most resting orders one liquidation step's close-outs visit on the book, all slices together
/// (at most the book's own per-call bound): what a thin book leaves open waits for the next
/// block. It keeps a step's worst case, which on_initialize reserves, a small share of a block.
pub const MAX_BOOK_VISITS_PER_STEP: u32 = 8;

/// Most takeovers and deleveraging transfers, and most deleveraging candidates marked, in one
/// liquidation step.
pub const MAX_TRANSFERS_PER_STEP: u32 = 4;

/// Most slices one liquidation step closes (each re-marks the account): with the bounds above,
/// a step's worst case stays within what on_initialize can reserve for every liquidation of the
/// budget without squeezing the block's ordinary transactions.
pub const MAX_ROUNDS_PER_STEP: u32 = 8;

/// Widest trigger bucket governance may set: a 1 % move, in clock units.
pub const MAX_BUCKET_WIDTH: u128 = clearing_primitives::risk::CLOCK_ONE / 100;

/// Smallest per-account close-out cap governance may set: 1,000 USDC of notional per block.
pub const MIN_CLOSE_NOTIONAL: Balance = 1_000_000_000;

/// Most slippage from the oracle the backstop may accept when it unwinds: 10 %.
pub const MAX_UNWIND_SLIPPAGE: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);

/// A trigger bucket's key: its level in clock units, big-endian so that the storage map's order
/// (byte order of keys under the `Identity` hasher) is the numeric order.
pub type BucketKey = [u8; 16];

#[cfg(feature = "runtime-benchmarks")]
/// What benchmarks need from the runtime: a market with a fresh price that the tests may move,
/// and funded traders.
pub trait BenchmarkHelper<AccountId> {
	/// A market that is active with a fresh price (listing it if needed).
	fn market() -> MarketId;
	/// Sets the market's oracle price.
	fn set_price(market: MarketId, price: clearing_primitives::Price);
	/// Gives `who` `amount` settlement atoms of margin collateral.
	fn fund(who: &AccountId, amount: Balance);
	/// Rests a limit order of `who` on the order book.
	fn rest_order(
		who: &AccountId,
		market: MarketId,
		side: clearing_primitives::Side,
		price: clearing_primitives::Price,
		size: Balance,
	);
	/// Lists markets until there are at least `n`, every one with a fresh price that
	/// [`Self::set_price`] moves.
	fn list_markets(n: u32);
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

	/// The storage layout's version; migrations hook in when it changes (2: the metered budget's
	/// shares in the parameters, [`migrations::MigrateV1ToV2`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The margin engine: health, fills, position transfers, penalty and insurance fund. It
		/// keeps each account's [`Filing`] in the account's ledger.
		type Clearing: LiquidationClearing<Self::AccountId>;

		/// Where each account's filing is kept: inside the margin engine's ledger
		/// (`pallet_margin::ObserverRecords`), so a fill reads and writes one record per account.
		type Filings: StoredMap<Self::AccountId, Filing<Self::MaxPositions>>;

		/// The order book: cancels a liquidated account's orders and takes liquidity for it.
		type Book: OrderBook<Self::AccountId>;

		/// Who changes the parameters: root or the `RiskAdmin` track.
		type RiskAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Derives the insurance fund's backstop account, which takes over positions.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Upper bound of `max_evaluations_per_block` that governance may set.
		#[pallet::constant]
		type MaxEvaluationsPerBlock: Get<u32>;

		/// Upper bound of `max_liquidations_per_block` that governance may set.
		#[pallet::constant]
		type MaxLiquidationsPerBlock: Get<u32>;

		/// Most markets the clock tracks (the margin engine's `MaxMarkets`).
		#[pallet::constant]
		type MaxMarkets: Get<u32>;

		/// Most positions per account (the margin engine's `MaxPositions`): bounds an evaluation.
		#[pallet::constant]
		type MaxPositions: Get<u32>;

		/// Most deleveraging candidates kept per market and side.
		#[pallet::constant]
		type MaxAdlCandidates: Get<u32>;

		/// Largest share of a block governance may let the engine use (`crash_share`): what is
		/// left must hold ordinary transactions and the operational class (oracle feeds).
		#[pallet::constant]
		type MaxBlockShare: Get<sp_runtime::Perbill>;

		/// Weights of calls and hooks.
		type WeightInfo: WeightInfo;

		/// Markets, prices and funds for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The engine's parameters.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, LiquidationParameters, ValueQuery>;

	/// The risk clock, in clock units (10^18 = a 100 % move): the sum over time of the largest
	/// relative move of any market (and funding caps, maintenance-fraction increases).
	#[pallet::storage]
	pub type RiskClock<T: Config> = StorageValue<_, u128, ValueQuery>;

	/// Per market, what the clock last counted.
	#[pallet::storage]
	pub type Trackers<T: Config> = StorageMap<_, Twox64Concat, MarketId, MarketTracker, OptionQuery>;

	/// Accounts waiting for the clock, keyed by trigger level (big-endian clock units, so the map
	/// iterates in level order) and account.
	#[pallet::storage]
	pub type Buckets<T: Config> =
		StorageDoubleMap<_, Identity, BucketKey, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Liquidatable accounts the budget could not serve, by arrival slot (oldest first).
	#[pallet::storage]
	pub type PendingQueue<T: Config> = StorageMap<_, Twox64Concat, u64, T::AccountId, OptionQuery>;

	/// The queue's slot for each queued account.
	#[pallet::storage]
	pub type Pending<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, u64, OptionQuery>;

	/// The oldest slot of the pending queue that may still be occupied.
	#[pallet::storage]
	pub type PendingHead<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The slot the next queued account gets.
	#[pallet::storage]
	pub type PendingTail<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Deleveraging candidates per market, both sides in one record (a fill changes both sides
	/// of one market, so it reads and writes one item): on each side the accounts with the
	/// largest positions, largest first, as (account, |size| in base atoms). Deleveraging orders
	/// them by profit × leverage at the prices of the moment.
	#[pallet::storage]
	pub type AdlRanking<T: Config> =
		StorageMap<_, Twox64Concat, MarketId, AdlCandidates<T::AccountId, T::MaxAdlCandidates>, ValueQuery>;

	/// What on_finalize did in the last block.
	#[pallet::storage]
	pub type LastBlockWork<T: Config> = StorageValue<_, BlockWork, ValueQuery>;

	/// The weight on_initialize reserved for this block's on_finalize (taken by it).
	#[pallet::storage]
	pub type Reserved<T: Config> = StorageValue<_, Weight, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The engine's parameters at genesis.
		pub parameters: LiquidationParameters,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Err(e) = Pallet::<T>::validate_parameters(&self.parameters) {
				panic!("genesis liquidation parameters are invalid: {e:?}");
			}
			Parameters::<T>::put(self.parameters);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account below its maintenance requirement is being liquidated; its resting orders
		/// were cancelled. Amounts in settlement atoms.
		LiquidationStarted { who: T::AccountId, equity: i128, maintenance_margin: Balance, orders_cancelled: u32 },
		/// A slice of `size` base atoms of a position was closed: `book_filled` against the book
		/// (for `book_notional` settlement atoms) no worse than `limit_price` (the fillable price);
		/// when the book could not absorb it, the whole remaining position was `taken_over` by the
		/// insurance fund or `deleveraged` against opposite positions, at its bankruptcy price
		/// (the feed's units).
		PositionClosed {
			who: T::AccountId,
			market: MarketId,
			size: Balance,
			bankruptcy_price: clearing_primitives::Price,
			limit_price: clearing_primitives::Price,
			book_filled: Balance,
			book_notional: Balance,
			taken_over: Balance,
			deleveraged: Balance,
		},
		/// The insurance fund's backstop account took over `size` base atoms at `price`; `loss`
		/// settlement atoms (a bankruptcy price beyond the mark) were paid from the fund.
		InsuranceTakeover {
			who: T::AccountId,
			market: MarketId,
			size: Balance,
			price: clearing_primitives::Price,
			loss: Balance,
		},
		/// Auto-deleveraging closed `size` base atoms of `counterparty`'s opposite position
		/// against the liquidated account at its bankruptcy `price`.
		Deleveraged {
			who: T::AccountId,
			counterparty: T::AccountId,
			market: MarketId,
			size: Balance,
			price: clearing_primitives::Price,
		},
		/// A liquidation step ended: `closed_notional` settlement atoms closed (at mark),
		/// `penalty` charged to the insurance fund, of which `keeper_reward` went to the keeper.
		Liquidated {
			who: T::AccountId,
			closed_notional: Balance,
			penalty: Balance,
			keeper: Option<T::AccountId>,
			keeper_reward: Balance,
			positions_left: u32,
		},
		/// The insurance fund paid an account's negative collateral (settlement atoms).
		BadDebtCovered { who: T::AccountId, amount: Balance },
		/// The insurance fund could not pay this much of an account's negative collateral.
		BadDebtUncovered { who: T::AccountId, amount: Balance },
		/// A liquidatable account waits in the pending queue (budget spent, or not yet restored).
		Queued { who: T::AccountId },
		/// Governance changed the parameters.
		ParametersChanged { parameters: LiquidationParameters },
		/// The insurance fund's backstop sold (or bought back) `size` base atoms of its inventory
		/// on the book for `notional` settlement atoms.
		BackstopUnwound { market: MarketId, size: Balance, notional: Balance },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not in the pending queue: on_finalize liquidates it if it must.
		NotQueued,
		/// The account meets its maintenance requirement.
		AccountHealthy,
		/// A price needed to mark the account is stale: nothing is liquidated on a stale price.
		StalePrice,
		/// Budgets must be within the runtime's bounds and above zero, the bucket width between
		/// one unit and a whole clock unit, the close-out cap above zero, the crash share at most
		/// the runtime's `MaxBlockShare` and at least the reserved share.
		InvalidParameters,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			// Reserve the share of the block on_finalize may count on (more while accounts wait).
			let reserve = Self::reserve();
			Reserved::<T>::put(reserve);
			reserve.saturating_add(T::DbWeight::get().reads_writes(4, 1))
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::run_block();
		}

		fn integrity_test() {
			assert!(T::MaxEvaluationsPerBlock::get() >= 1, "at least one evaluation per block");
			assert!(T::MaxLiquidationsPerBlock::get() >= 1, "at least one liquidation per block");
			assert!(
				Self::crash_minimum().all_lte(Self::share_of_block(T::MaxBlockShare::get())),
				"the largest share of a block must hold the clock and one liquidation at its worst"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Liquidates an account that waits in the pending queue; the caller (keeper) earns
		/// `keeper_share` of the penalty. Fails for a healthy account, one not in the queue, or
		/// on a stale price, changing nothing. Charged the worst case a liquidation step may do
		/// (its orders cancelled, a full walk of the book, the most transfers), refunded down to
		/// what it did.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::max_liquidation_weight())]
		pub fn liquidate(origin: OriginFor<T>, who: T::AccountId) -> DispatchResultWithPostInfo {
			let keeper = ensure_signed(origin)?;
			let risk = T::Clearing::account_risk(&who).map_err(|_| Error::<T>::StalePrice)?;
			ensure!(risk.health.is_liquidatable(), Error::<T>::AccountHealthy);
			ensure!(Pending::<T>::contains_key(&who), Error::<T>::NotQueued);
			Self::dequeue(&who);
			let work = Self::liquidate_account(&who, risk, Some(keeper), &mut Default::default());
			Ok(Some(Self::liquidation_weight(&work)).into())
		}

		/// Sets the engine's parameters.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: LiquidationParameters) -> DispatchResult {
			T::RiskAdminOrigin::ensure_origin(origin)?;
			Self::validate_parameters(&parameters)?;
			Parameters::<T>::put(parameters);
			Self::deposit_event(Event::ParametersChanged { parameters });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The insurance fund's backstop account: it holds the positions the fund took over.
	pub fn backstop_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Checks parameters against the runtime's bounds, so that no referendum can switch
	/// liquidation off: budgets within what on_initialize can reserve and never fewer evaluations
	/// than liquidations; buckets at most [`MAX_BUCKET_WIDTH`] wide (a wider bucket makes every
	/// account due at every move and starves the budget); a close-out cap of at least
	/// [`MIN_CLOSE_NOTIONAL`]; the keeper at most half the penalty; the backstop's unwinding
	/// slippage at most [`MAX_UNWIND_SLIPPAGE`].
	pub fn validate_parameters(p: &LiquidationParameters) -> Result<(), Error<T>> {
		let valid = p.max_evaluations_per_block >= p.max_liquidations_per_block
			&& p.max_evaluations_per_block <= T::MaxEvaluationsPerBlock::get()
			&& p.max_liquidations_per_block >= 1
			&& p.max_liquidations_per_block <= T::MaxLiquidationsPerBlock::get()
			&& p.bucket_width >= 1
			&& p.bucket_width <= MAX_BUCKET_WIDTH
			&& p.max_close_notional_per_block >= MIN_CLOSE_NOTIONAL
			&& p.keeper_share <= sp_runtime::Perbill::from_percent(50)
			&& p.backstop_unwind_slippage <= MAX_UNWIND_SLIPPAGE
			&& p.reserved_share <= p.crash_share
			&& p.crash_share <= T::MaxBlockShare::get();
		if valid {
			Ok(())
		} else {
			Err(Error::<T>::InvalidParameters)
		}
	}

	/// What the keeper's liquidation step that did `work` costs: the benchmarked call (one fill
	/// against a deep bid, its market's book visited), plus what it did beyond that
	/// ([`Self::step_weight`]).
	pub fn liquidation_weight(work: &engine::LiquidationWork) -> Weight {
		let beyond_first_market =
			engine::LiquidationWork { fresh_markets: work.fresh_markets.saturating_sub(1), ..*work };
		Self::step_weight(<T as Config>::WeightInfo::liquidate(), &beyond_first_market)
	}

	/// The most one keeper's liquidation step may cost: every bound of a step reached.
	pub fn max_liquidation_weight() -> Weight {
		Self::liquidation_weight(&Self::worst_work(T::MaxPositions::get()))
	}

	/// Most slices one liquidation step closes: a thin book can need several shrinking slices of
	/// one position, so twice the most positions an account holds, within
	/// [`MAX_ROUNDS_PER_STEP`].
	pub fn max_rounds() -> u32 {
		T::MaxPositions::get().saturating_mul(2).min(MAX_ROUNDS_PER_STEP)
	}

	/// A liquidation step's bounds: resting orders visited on the book, and transfers (the same
	/// number of deleveraging candidates marked).
	pub fn step_bounds() -> (u32, u32) {
		(MAX_BOOK_VISITS_PER_STEP.min(T::Book::max_touched()), MAX_TRANSFERS_PER_STEP.min(T::MaxAdlCandidates::get()))
	}

	/// What one unwinding step of the backstop's inventory costs at most: marking the backstop
	/// and one walk of the book within a step's bound.
	pub fn unwind_weight() -> Weight {
		T::Clearing::account_changed_weight(T::MaxPositions::get())
			.saturating_add(T::Book::take_weight(Self::step_bounds().0, T::MaxPositions::get()))
	}

	/// The engine's invariants, checked by `try_state` and by the tests after every block: every
	/// account that holds a position (the backstop aside) is filed in exactly one bucket, the one
	/// its filing names, or waits in the pending queue, never both; every bucket entry and every
	/// queued account is one of those; the queue's slots and its index agree.
	pub fn do_try_state() -> Result<(), &'static str> {
		let backstop = Self::backstop_account();
		let mut bucketed: alloc::collections::BTreeMap<T::AccountId, u32> = Default::default();
		for (key, who) in Buckets::<T>::iter_keys() {
			if T::Filings::get(&who).bucket != Some(key) {
				return Err("a bucket entry is not the one its account's filing names");
			}
			let count = bucketed.entry(who).or_default();
			*count = count.saturating_add(1);
		}
		if bucketed.values().any(|n| *n > 1) {
			return Err("an account is filed in two buckets");
		}
		for (who, slot) in Pending::<T>::iter() {
			if PendingQueue::<T>::get(slot).as_ref() != Some(&who) {
				return Err("a queued account is not in its queue slot");
			}
			if bucketed.contains_key(&who) {
				return Err("an account is both queued and filed");
			}
		}
		for who in T::Clearing::accounts_with_positions() {
			if who == backstop {
				continue;
			}
			if !bucketed.contains_key(&who) && !Pending::<T>::contains_key(&who) {
				return Err("an account with positions is neither filed nor queued");
			}
		}
		Ok(())
	}

	/// How many accounts wait in the pending queue.
	pub fn pending_count() -> u64 {
		Pending::<T>::count().into()
	}
}

/// The margin engine tells the liquidation engine about every changed account.
impl<T: Config> clearing_primitives::AccountObserver<T::AccountId> for Pallet<T> {
	type Record = Filing<T::MaxPositions>;

	fn account_changed(who: &T::AccountId, risk: Option<&clearing_primitives::AccountRisk>) {
		run::note_changed(who);
		if *who != Self::backstop_account() {
			Self::refile(who, risk);
		}
	}
}
