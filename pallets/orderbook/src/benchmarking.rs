//! Benchmarks of the order book's calls, each at its worst case: a taker crossing `f` price
//! levels with one order each (every fill cleared by the margin engine), an order resting at the
//! worst price of a side with `l` levels, a cancel that empties a level of a full side, and a
//! `cancel_all` of `n` orders each alone at its price.

use super::*;
use clearing_primitives::Clearing;
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
	let on_grid = mark.checked_div(tick).and_then(|t| t.checked_mul(tick)).ok_or(BenchmarkError::Stop("tick"))?;
	Ok((market, tick, rules.min_order_size, on_grid))
}

/// A funded trader.
fn trader<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::BenchmarkHelper::fund(&who, FUNDS);
	who
}

/// `n` makers each resting one order of one lot on `side`, at `n` prices stepping away from
/// `start` by one tick (further from the other side each time).
fn rest_makers<T: Config>(
	market: MarketId,
	side: Side,
	start: Price,
	tick: Balance,
	lot: Balance,
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
			lot,
			OrderKind::Limit,
			false,
		)
		.map_err(|_| BenchmarkError::Stop("maker order"))?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn place_order_crossing(f: Linear<1, { T::MaxFills::get() }>) -> Result<(), BenchmarkError> {
		let (market, tick, lot, mark) = setup::<T>()?;
		rest_makers::<T>(market, Side::Sell, mark, tick, lot, f)?;
		let taker: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&taker, FUNDS);
		let limit = mark.saturating_add(tick.saturating_mul(Balance::from(f)));
		let size = lot.saturating_mul(Balance::from(f));
		#[extrinsic_call]
		place_order(RawOrigin::Signed(taker.clone()), market, Side::Buy, limit, size, OrderKind::ImmediateOrCancel, false);
		assert!(BookPrices::<T>::get(market, Side::Sell).is_empty());
		assert_eq!(T::Clearing::position_size(market, &taker), i128::try_from(size).unwrap_or(0));
		Ok(())
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
		Pallet::<T>::place_order(RawOrigin::Signed(who.clone()).into(), market, Side::Buy, price, lot, OrderKind::Limit, false)
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
			Pallet::<T>::place_order(RawOrigin::Signed(who.clone()).into(), market, Side::Buy, price, lot, OrderKind::Limit, false)
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
