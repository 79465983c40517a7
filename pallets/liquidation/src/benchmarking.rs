//! Benchmarks of the liquidation engine: the keeper call, the parameter setter, and on_finalize
//! as a function of the markets the clock looks at, the accounts evaluated (of the most positions
//! and of one) and the accounts liquidated (each a leveraged long whose price fell, closed
//! against the book, or taken over by the insurance fund when the book is empty).

use super::*;
use clearing_primitives::{ClearingView, FillClearing, LiquidationClearing, Side};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

/// Collateral a counterparty gets: 10,000,000 USDC.
const DEEP: Balance = 10_000_000_000_000;

/// A funded account.
fn funded<T: Config>(name: &'static str, i: u32, amount: Balance) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	if amount > 0 {
		T::BenchmarkHelper::fund(&who, amount);
	}
	who
}

/// `n` accounts each long one lot-multiple at the mark with just above 10 × leverage's margin
/// against one deep counterparty, each also holding the minimum position in `p - 1` other
/// markets (with twice their margin); returns them, the market and the mark.
fn leveraged_longs<T: Config>(n: u32, p: u32) -> Result<(alloc::vec::Vec<T::AccountId>, MarketId, u128), BenchmarkError>
where
	T::Clearing: FillClearing<T::AccountId>,
{
	let market = T::BenchmarkHelper::market();
	if p > 1 {
		T::BenchmarkHelper::list_markets(p);
	}
	let mark = T::Clearing::mark_price(market).map_err(|_| BenchmarkError::Stop("price"))?;
	let rules = T::Clearing::market_rules(market).map_err(|_| BenchmarkError::Stop("market"))?;
	let size = rules.min_order_size.saturating_mul(100);
	let maker = funded::<T>("maker", 0, DEEP);
	let mut others = alloc::vec::Vec::new();
	for other in (0..p.saturating_mul(2))
		.filter(|m| *m != market)
		.take(p.saturating_sub(1) as usize)
	{
		let rules = T::Clearing::market_rules(other).map_err(|_| BenchmarkError::Stop("other market"))?;
		let price = T::Clearing::mark_price(other).map_err(|_| BenchmarkError::Stop("other price"))?;
		let on_grid = price
			.checked_div(rules.tick_size)
			.and_then(|t| t.checked_mul(rules.tick_size))
			.ok_or(BenchmarkError::Stop("tick"))?;
		let margin = T::Clearing::order_margin(other, on_grid, rules.min_order_size)
			.map_err(|_| BenchmarkError::Stop("margin"))?;
		others.push((other, on_grid, rules.min_order_size, margin));
	}
	let mut longs = alloc::vec::Vec::new();
	for i in 0..n {
		// Enough for the initial margin of a fill at the mark, with little to spare.
		let long = funded::<T>("long", i, 0);
		let margin = T::Clearing::order_margin(market, mark, size).map_err(|_| BenchmarkError::Stop("margin"))?;
		let others_margin: Balance = others.iter().map(|o| o.3.saturating_mul(2)).sum();
		T::BenchmarkHelper::fund(&long, margin.saturating_mul(11).saturating_div(10).saturating_add(others_margin));
		for (other, price, min_size, _) in &others {
			T::Clearing::apply_fill(*other, &long, &maker, Side::Buy, *price, *min_size)
				.map_err(|_| BenchmarkError::Stop("other fill"))?;
		}
		T::Clearing::apply_fill(market, &long, &maker, Side::Buy, mark, size)
			.map_err(|_| BenchmarkError::Stop("fill"))?;
		longs.push(long);
	}
	Ok((longs, market, mark))
}

/// One resting bid from a deep account at 99 % of `price` (on the tick grid), big enough to
/// absorb `size` base atoms: the close-outs fill against the book.
fn deep_bid<T: Config>(market: MarketId, price: u128, size: Balance) -> Result<(), BenchmarkError> {
	let rules = T::Clearing::market_rules(market).map_err(|_| BenchmarkError::Stop("market"))?;
	let bid = price
		.saturating_mul(99)
		.checked_div(100)
		.and_then(|p| p.checked_div(rules.tick_size))
		.map(|ticks| ticks.saturating_mul(rules.tick_size))
		.ok_or(BenchmarkError::Stop("tick"))?;
	let bidder = funded::<T>("bidder", 0, DEEP);
	T::BenchmarkHelper::rest_order(&bidder, market, Side::Buy, bid, size);
	Ok(())
}

/// `n` healthy accounts of `p` positions each, filed due at the current clock, and an evaluation
/// budget of `n`: what the evaluation benchmarks' on_finalize works through.
fn due_healthy_accounts<T: Config>(n: u32, p: u32) -> Result<(), BenchmarkError>
where
	T::Clearing: FillClearing<T::AccountId>,
{
	let (longs, _market, _mark) = leveraged_longs::<T>(n, p)?;
	Parameters::<T>::mutate(|params| params.max_evaluations_per_block = n.min(T::MaxEvaluationsPerBlock::get()));
	let clock = RiskClock::<T>::get();
	for long in &longs {
		Pallet::<T>::file_at(long, clock::key_of(clock));
	}
	Ok(())
}

#[benchmarks(where T::Clearing: FillClearing<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let parameters =
			LiquidationParameters { max_evaluations_per_block: 2, max_liquidations_per_block: 1, ..Default::default() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);
		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	#[benchmark]
	fn liquidate() -> Result<(), BenchmarkError> {
		let (longs, market, mark) = leveraged_longs::<T>(1, 1)?;
		let long = longs.first().cloned().ok_or(BenchmarkError::Stop("long"))?;
		T::BenchmarkHelper::set_price(market, mark.saturating_mul(90).saturating_div(100));
		deep_bid::<T>(
			market,
			mark.saturating_mul(90).saturating_div(100),
			T::Clearing::position_size(market, &long).unsigned_abs(),
		)?;
		Pallet::<T>::enqueue(&long);
		let keeper = funded::<T>("keeper", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(keeper), long.clone());
		assert!(!Pending::<T>::contains_key(&long));
		assert_eq!(T::Clearing::position_size(market, &long), 0);
		Ok(())
	}

	/// on_finalize with nothing due, advancing the clock over `m` markets whose prices all moved.
	#[benchmark]
	fn on_finalize_markets(m: Linear<1, { T::MaxMarkets::get() }>) -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::list_markets(m);
		let markets = T::Clearing::live_markets();
		// A first pass tracks every market; then every price moves by 1 %.
		Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(1u32));
		for market in markets {
			let mark = T::Clearing::mark_price(market).map_err(|_| BenchmarkError::Stop("price"))?;
			T::BenchmarkHelper::set_price(market, mark.saturating_mul(101).saturating_div(100));
		}
		let before = RiskClock::<T>::get();
		#[block]
		{
			Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(2u32));
		}
		assert!(RiskClock::<T>::get() > before);
		Ok(())
	}

	/// on_finalize evaluating `e` healthy due accounts, each holding the most positions an
	/// account may (the cost of an evaluation grows with them: one worst case, not two components
	/// whose sum would misprice their product).
	#[benchmark]
	fn on_finalize_evaluations(e: Linear<1, 64>) -> Result<(), BenchmarkError> {
		due_healthy_accounts::<T>(e, T::MaxPositions::get())?;
		#[block]
		{
			Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(1u32));
		}
		assert_eq!(LastBlockWork::<T>::get().evaluations, e.min(T::MaxEvaluationsPerBlock::get()));
		Ok(())
	}

	/// on_finalize liquidating `l` due accounts whose price fell 10 %.
	#[benchmark]
	fn on_finalize_liquidations(l: Linear<1, 4>) -> Result<(), BenchmarkError> {
		let (longs, market, mark) = leveraged_longs::<T>(l, 1)?;
		let l = l.min(T::MaxLiquidationsPerBlock::get());
		Parameters::<T>::mutate(|p| p.max_liquidations_per_block = l);
		let total: Balance = longs
			.iter()
			.map(|who| T::Clearing::position_size(market, who).unsigned_abs())
			.sum();
		T::BenchmarkHelper::set_price(market, mark.saturating_mul(90).saturating_div(100));
		deep_bid::<T>(market, mark.saturating_mul(90).saturating_div(100), total)?;
		#[block]
		{
			Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(1u32));
		}
		assert_eq!(LastBlockWork::<T>::get().liquidations, l);
		assert!(longs
			.iter()
			.take(l as usize)
			.all(|who| T::Clearing::position_size(market, who) == 0));
		Ok(())
	}

	/// on_finalize evaluating `e` healthy due accounts of one position each: with
	/// `on_finalize_evaluations` (the most positions), what an evaluation costs per position.
	#[benchmark]
	fn on_finalize_evaluations_one_position(e: Linear<1, 64>) -> Result<(), BenchmarkError> {
		due_healthy_accounts::<T>(e, 1)?;
		#[block]
		{
			Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(1u32));
		}
		assert_eq!(LastBlockWork::<T>::get().evaluations, e.min(T::MaxEvaluationsPerBlock::get()));
		Ok(())
	}

	/// on_finalize liquidating `l` due accounts whose price fell 10 % with nothing on the book:
	/// each position is taken over by the insurance fund's backstop (the step a crash of
	/// bankrupt accounts repeats).
	#[benchmark]
	fn on_finalize_takeovers(l: Linear<1, 4>) -> Result<(), BenchmarkError> {
		let (longs, market, mark) = leveraged_longs::<T>(l, 1)?;
		let l = l.min(T::MaxLiquidationsPerBlock::get());
		Parameters::<T>::mutate(|p| p.max_liquidations_per_block = l);
		T::BenchmarkHelper::set_price(market, mark.saturating_mul(90).saturating_div(100));
		#[block]
		{
			Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(1u32));
		}
		assert_eq!(LastBlockWork::<T>::get().liquidations, l);
		assert!(longs
			.iter()
			.take(l as usize)
			.all(|who| T::Clearing::position_size(market, who) == 0));
		assert!(T::Clearing::position_size(market, &Pallet::<T>::backstop_account()) > 0);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::mock::new_test_ext(), crate::tests::mock::Test);
}
