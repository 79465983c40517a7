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
//! ## Bounded hooks
//!
//! `on_initialize` reserves the weight of the governance-set budget
//! ([`LiquidationParameters::max_evaluations_per_block`], `max_liquidations_per_block`). An account
//! found liquidatable when the budget is spent waits in the [`PendingQueue`], which the next block
//! serves first, oldest first. Anyone may liquidate a queued account with [`Pallet::liquidate`]
//! and earn a share of the penalty.
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
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::{AdlCandidates, BlockWork, Filing, LiquidationParameters, MarketTracker};
pub use weights::WeightInfo;

use clearing_primitives::{Balance, Clearing, MarketId, OrderBook};
use frame_support::{traits::Get, weights::Weight, PalletId};
use sp_runtime::traits::AccountIdConversion;

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
	fn rest_order(who: &AccountId, market: MarketId, side: clearing_primitives::Side, price: clearing_primitives::Price, size: Balance);
	/// Lists markets until there are at least `n`, every one with a fresh price that
	/// [`Self::set_price`] moves.
	fn list_markets(n: u32);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The storage layout's version; migrations hook in when it changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The margin engine: health, fills, position transfers, penalty and insurance fund. It
		/// keeps each account's [`Filing`] in the account's ledger.
		type Clearing: Clearing<Self::AccountId, ObserverRecord = Filing<Self::MaxPositions>>;

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
		/// A slice of a position was closed: `book_filled` base atoms against the book (for
		/// `book_notional` settlement atoms), `taken_over` by the insurance fund, `deleveraged`
		/// against opposite positions, all no worse than `bankruptcy_price` (the feed's units).
		PositionClosed {
			who: T::AccountId,
			market: MarketId,
			size: Balance,
			bankruptcy_price: clearing_primitives::Price,
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
		/// one unit and a whole clock unit, the close-out cap above zero.
		InvalidParameters,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			// Reserve what on_finalize may do under the current budget.
			Self::on_initialize_weight()
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::run_block();
		}

		fn integrity_test() {
			assert!(T::MaxEvaluationsPerBlock::get() >= 1, "at least one evaluation per block");
			assert!(T::MaxLiquidationsPerBlock::get() >= 1, "at least one liquidation per block");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Liquidates an account that waits in the pending queue; the caller (keeper) earns
		/// `keeper_share` of the penalty. Fails for a healthy account, one not in the queue, or
		/// on a stale price, changing nothing.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::liquidate())]
		pub fn liquidate(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let keeper = ensure_signed(origin)?;
			let risk = T::Clearing::account_risk(&who).map_err(|_| Error::<T>::StalePrice)?;
			ensure!(risk.health.is_liquidatable(), Error::<T>::AccountHealthy);
			ensure!(Pending::<T>::contains_key(&who), Error::<T>::NotQueued);
			Self::dequeue(&who);
			Self::liquidate_account(&who, risk, Some(keeper));
			Ok(())
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

	/// Checks parameters against the runtime's bounds.
	pub fn validate_parameters(p: &LiquidationParameters) -> Result<(), Error<T>> {
		let valid = p.max_evaluations_per_block >= 1 &&
			p.max_evaluations_per_block <= T::MaxEvaluationsPerBlock::get() &&
			p.max_liquidations_per_block >= 1 &&
			p.max_liquidations_per_block <= T::MaxLiquidationsPerBlock::get() &&
			p.bucket_width >= 1 &&
			p.bucket_width <= clearing_primitives::risk::CLOCK_ONE &&
			p.max_close_notional_per_block > 0;
		if valid {
			Ok(())
		} else {
			Err(Error::<T>::InvalidParameters)
		}
	}

	/// The weight on_initialize reserves for on_finalize under the current parameters: the clock
	/// over every market the runtime admits, the evaluation budget and the liquidation budget.
	pub fn on_initialize_weight() -> Weight {
		let parameters = Parameters::<T>::get();
		Self::on_finalize_weight(
			T::MaxMarkets::get(),
			parameters.max_evaluations_per_block,
			parameters.max_liquidations_per_block,
		)
		.saturating_add(T::DbWeight::get().reads(1))
	}

	/// What on_finalize costs for the clock over `markets` markets, `evaluations` accounts
	/// evaluated (benchmarked each holding the most positions an account may) and `liquidations`
	/// of them liquidated, as benchmarked. Each benchmark counts its
	/// own fixed part (reading the parameters, the queue's ends), so the sum is conservative.
	pub fn on_finalize_weight(markets: u32, evaluations: u32, liquidations: u32) -> Weight {
		<T as Config>::WeightInfo::on_finalize_markets(markets)
			.saturating_add(<T as Config>::WeightInfo::on_finalize_evaluations(evaluations))
			.saturating_add(<T as Config>::WeightInfo::on_finalize_liquidations(liquidations))
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
		if *who != Self::backstop_account() {
			Self::refile(who, risk);
		}
	}
}
