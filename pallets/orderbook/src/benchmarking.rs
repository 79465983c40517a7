//! Benchmarks of the order book's calls, each at its worst case: a taker crossing `f` price
//! levels with one order each (every fill cleared by the margin engine, turning both sides'
//! positions around), an order resting at the
//! worst price of a side with `l` levels, a cancel that empties a level of a full side, and a
//! `cancel_all` of `n` orders each alone at its price.

use super::*;
use clearing_primitives::{ClearingView, FillClearing};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

/// Collateral every benchmark trader gets: 1,000,000 USDC.
const FUNDS: Balance = 1_000_000_000_000;

/// The market, its tick and lot, and a tick-aligned price at its mark.
fn setup<T: Config>() -> Result<(MarketId, Balance, Balance, Price), BenchmarkError> {
	let market = T::BenchmarkHelper::market();
	let rules = T::Clearing::market_rules(market).map_err(|_| BenchmarkError::Stop("market"))?;
	let mark = T::Clearing::mark_price(market).map_err(|_| BenchmarkError::Stop("price"))?;
	let tick = rules.tick_size;
	let on_grid = mark
		.checked_div(tick)
		.and_then(|t| t.checked_mul(tick))
		.ok_or(BenchmarkError::Stop("tick"))?;
	Ok((market, tick, rules.min_order_size, on_grid))
}

/// A funded trader.
fn trader<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::BenchmarkHelper::fund(&who, FUNDS);
	who
}

/// `n` makers each resting one order of `size` on `side`, at `n` prices stepping away from
/// `start` by one tick (further from the other side each time).
fn rest_makers<T: Config>(
	market: MarketId,
	side: Side,
	start: Price,
	tick: Balance,
	size: Balance,
	n: u32,
) -> Result<(), BenchmarkError> {
	for i in 0..n {
		let offset = tick.saturating_mul(Balance::from(i));
		let price = match side {
			Side::Sell => start.saturating_add(offset),
			Side::Buy => start.saturating_sub(offset),
		};
		Pallet::<T>::place_order(
			RawOrigin::Signed(trader::<T>("maker", i)).into(),
			market,
			side,
			price,
			size,
			OrderKind::Limit,
			false,
		)
		.map_err(|_| BenchmarkError::Stop("maker order"))?;
	}
	Ok(())
}

/// A taker about to buy through `f` asks, one per price level: what `crossing_setup` prepared.
struct Crossing<AccountId> {
	market: MarketId,
	taker: AccountId,
	/// The taker's limit: the `f`-th ask's price.
	limit: Price,
	/// Three lots per ask.
	size: Balance,
	/// The taker's long once every ask is taken.
	long_after: i128,
}

impl<AccountId> Crossing<AccountId> {
	/// Every ask was taken and the taker turned around to its long.
	fn check<T: Config<AccountId = AccountId>>(&self) -> Result<(), BenchmarkError> {
		if !BookPrices::<T>::get(self.market, Side::Sell).is_empty() {
			return Err(BenchmarkError::Stop("asks left"));
		}
		if T::Clearing::position_size(self.market, &self.taker) != self.long_after {
			return Err(BenchmarkError::Stop("taker's position"));
		}
		Ok(())
	}
}

/// The worst case of every fill between single-position accounts: each of the `f` makers holds
/// a long of one lot and its ask of three lots turns it into a short of two; the taker holds a
/// short of `f` lots and its buy of `3f` turns it into a long of `2f`. Every account changes
/// side and grows, holding little more than its margin (five times the initial margin of its
/// final position), so the liquidation engine moves it between both deleveraging lists and to
/// an earlier bucket.
fn crossing_setup<T: Config>(f: u32) -> Result<Crossing<T::AccountId>, BenchmarkError> {
	let (market, tick, lot, mark) = setup::<T>()?;
	let seed = trader::<T>("seed", 0);
	let taker: T::AccountId = whitelisted_caller();
	let fills = Balance::from(f);
	let funds = |lots: Balance| -> Result<Balance, BenchmarkError> {
		T::Clearing::order_margin(market, mark, lot.saturating_mul(lots))
			.map(|margin| margin.saturating_mul(5))
			.map_err(|_| BenchmarkError::Stop("margin"))
	};
	T::BenchmarkHelper::fund(&taker, funds(fills.saturating_mul(3))?);
	T::Clearing::apply_fill(market, &taker, &seed, Side::Sell, mark, lot.saturating_mul(fills))
		.map_err(|_| BenchmarkError::Stop("taker's short"))?;
	let triple = lot.saturating_mul(3);
	for i in 0..f {
		let maker: T::AccountId = account("maker", i, 0);
		T::BenchmarkHelper::fund(&maker, funds(3)?);
		T::Clearing::apply_fill(market, &maker, &seed, Side::Buy, mark, lot)
			.map_err(|_| BenchmarkError::Stop("maker's long"))?;
		let price = mark.saturating_add(tick.saturating_mul(Balance::from(i)));
		Pallet::<T>::place_order(
			RawOrigin::Signed(maker).into(),
			market,
			Side::Sell,
			price,
			triple,
			OrderKind::Limit,
			false,
		)
		.map_err(|_| BenchmarkError::Stop("maker order"))?;
	}
	let long_after =
		i128::try_from(lot.saturating_mul(fills).saturating_mul(2)).map_err(|_| BenchmarkError::Stop("size"))?;
	Ok(Crossing {
		market,
		taker,
		limit: mark.saturating_add(tick.saturating_mul(fills)),
		size: triple.saturating_mul(fills),
		long_after,
	})
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The worst case of every fill between single-position accounts (see [`crossing_setup`]).
	/// Accounts with more positions cost more to re-file: `place_order_weight` adds that from the
	/// margin engine's `account_changed(p)`.
	#[benchmark]
	fn place_order_crossing(f: Linear<1, { T::MaxFills::get() }>) -> Result<(), BenchmarkError> {
		let crossing = crossing_setup::<T>(f)?;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(crossing.taker.clone()),
			crossing.market,
			Side::Buy,
			crossing.limit,
			crossing.size,
			OrderKind::ImmediateOrCancel,
			false,
		);
		crossing.check::<T>()
	}

	/// The same worst case with exactly one fill, measured on its own: the line fitted over
	/// `place_order_crossing`'s range overstates its low end, and one fill is the common order.
	#[benchmark]
	fn place_order_one_fill() -> Result<(), BenchmarkError> {
		let crossing = crossing_setup::<T>(1)?;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(crossing.taker.clone()),
			crossing.market,
			Side::Buy,
			crossing.limit,
			crossing.size,
			OrderKind::ImmediateOrCancel,
			false,
		);
		crossing.check::<T>()
	}

	#[benchmark]
	fn place_order_resting(l: Linear<0, { T::MaxPriceLevels::get().saturating_sub(1) }>) -> Result<(), BenchmarkError> {
		let (market, tick, lot, mark) = setup::<T>()?;
		rest_makers::<T>(market, Side::Buy, mark, tick, lot, l)?;
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&who, FUNDS);
		// Below every bid: the index's first slot, the most memory to move.
		let price = mark.saturating_sub(tick.saturating_mul(Balance::from(l)));
		#[extrinsic_call]
		place_order(RawOrigin::Signed(who.clone()), market, Side::Buy, price, lot, OrderKind::Limit, false);
		assert_eq!(BookPrices::<T>::get(market, Side::Buy).first().copied(), Some(price));
		assert!(AccountOrders::<T>::get(&who).is_some());
		Ok(())
	}

	#[benchmark]
	fn cancel_order() -> Result<(), BenchmarkError> {
		let (market, tick, lot, mark) = setup::<T>()?;
		let levels = T::MaxPriceLevels::get().saturating_sub(1);
		rest_makers::<T>(market, Side::Buy, mark, tick, lot, levels)?;
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&who, FUNDS);
		let price = mark.saturating_sub(tick.saturating_mul(Balance::from(levels)));
		Pallet::<T>::place_order(
			RawOrigin::Signed(who.clone()).into(),
			market,
			Side::Buy,
			price,
			lot,
			OrderKind::Limit,
			false,
		)
		.map_err(|_| BenchmarkError::Stop("order"))?;
		let order_id = NextOrderId::<T>::get().saturating_sub(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), order_id);
		assert!(Orders::<T>::get(order_id).is_none());
		assert_eq!(BookPrices::<T>::get(market, Side::Buy).len(), levels as usize);
		Ok(())
	}

	#[benchmark]
	fn cancel_all(n: Linear<1, { T::MaxOpenOrders::get() }>) -> Result<(), BenchmarkError> {
		let (market, tick, lot, mark) = setup::<T>()?;
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&who, FUNDS);
		for i in 0..n {
			let price = mark.saturating_sub(tick.saturating_mul(Balance::from(i)));
			Pallet::<T>::place_order(
				RawOrigin::Signed(who.clone()).into(),
				market,
				Side::Buy,
				price,
				lot,
				OrderKind::Limit,
				false,
			)
			.map_err(|_| BenchmarkError::Stop("order"))?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), None);
		assert!(AccountOrders::<T>::get(&who).is_none());
		assert!(BookPrices::<T>::get(market, Side::Buy).is_empty());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::mock::new_test_ext(), crate::tests::mock::Test);
}
