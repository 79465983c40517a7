//! Benchmarks of the margin engine's calls and of its funding hook, each at its worst case:
//! `withdraw` for an account holding `MaxPositions` positions, the hook over `MaxMarkets` markets
//! each closing a funding interval.

use super::*;
use clearing_primitives::{FillClearing, Side};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Hooks},
	BoundedVec,
};
use frame_system::RawOrigin;

/// A valid market on `feed` (1 USD at 6 decimals ticks, 8 base decimals).
fn market_params(feed: clearing_primitives::FeedId) -> MarketParams {
	MarketParams {
		imf_scaling_lower: 1,
		imf_scaling_upper: Balance::MAX,
		funding_interval_ms: MIN_FUNDING_INTERVAL_MS,
		..MarketParams::perpetual("BENCH-USD", feed, 8, 1, 1)
	}
}

fn bench_feed() -> clearing_primitives::FeedId {
	BoundedVec::truncate_from(b"BTC/USD".to_vec())
}

/// Lists markets until there are `n` (or `MaxMarkets`) on the bench feed, and gives every
/// listed market's feed (those listed before too) a fresh price.
fn list_markets<T: Config>(n: u32) {
	while NextMarketId::<T>::get() < n.min(T::MaxMarkets::get()) {
		let _ = Pallet::<T>::insert_market(market_params(bench_feed()), 0);
	}
	T::BenchmarkHelper::set_price(&bench_feed(), 50_000_000_000);
	for market in 0..NextMarketId::<T>::get() {
		if let Some(params) = Markets::<T>::get(market) {
			T::BenchmarkHelper::set_price(&params.feed, 50_000_000_000);
		}
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn deposit() {
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::fund(&who, 2_000_000_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000_000_000);
		assert_eq!(Accounts::<T>::get(&who).map(|a| a.collateral), Some(1_000_000_000));
	}

	#[benchmark]
	fn withdraw(p: Linear<1, { T::MaxPositions::get() }>) -> Result<(), BenchmarkError> {
		list_markets::<T>(p);
		let who: T::AccountId = whitelisted_caller();
		let other: T::AccountId = account("counterparty", 0, 0);
		for account in [&who, &other] {
			T::BenchmarkHelper::fund(account, 1_000_000_000_000);
			Pallet::<T>::deposit(RawOrigin::Signed(account.clone()).into(), 500_000_000_000)?;
		}
		for market in 0..p.min(NextMarketId::<T>::get()) {
			Pallet::<T>::apply_fill(market, &who, &other, Side::Buy, 50_000_000_000, 1_000_000)
				.map_err(|_| BenchmarkError::Stop("fill"))?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000_000);
		Ok(())
	}

	/// Storing a changed account of `p` positions, with what the observer does (the runtime's:
	/// the liquidation engine re-files it). Its collateral is just above its margin and falls, so
	/// its trigger level moves.
	#[benchmark]
	fn account_changed(p: Linear<1, { T::MaxPositions::get() }>) -> Result<(), BenchmarkError> {
		list_markets::<T>(p);
		let who: T::AccountId = whitelisted_caller();
		let other: T::AccountId = account("counterparty", 0, 0);
		T::BenchmarkHelper::fund(&other, 1_000_000_000_000);
		Pallet::<T>::deposit(RawOrigin::Signed(other.clone()).into(), 500_000_000_000)?;
		// Each position is 1,000,000 base atoms at 50,000 USD: at most 50,000 USDC of notional.
		let margin: Balance = Balance::from(p).saturating_mul(10_000_000_000);
		T::BenchmarkHelper::fund(&who, margin);
		Pallet::<T>::deposit(RawOrigin::Signed(who.clone()).into(), margin)?;
		for market in 0..p.min(NextMarketId::<T>::get()) {
			Pallet::<T>::apply_fill(market, &who, &other, Side::Buy, 50_000_000_000, 1_000_000)
				.map_err(|_| BenchmarkError::Stop("fill"))?;
		}
		let mut changed = Accounts::<T>::get(&who).ok_or(BenchmarkError::Stop("account"))?;
		changed.collateral = changed.collateral.saturating_mul(9).saturating_div(10);
		#[block]
		{
			Pallet::<T>::store_account(&who, changed, None);
		}
		assert_eq!(Accounts::<T>::get(&who).map(|a| a.positions.len() as u32), Some(p.min(NextMarketId::<T>::get())));
		Ok(())
	}

	#[benchmark]
	fn create_market() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_price(&bench_feed(), 50_000_000_000);
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let before = NextMarketId::<T>::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, market_params(bench_feed()));
		assert_eq!(NextMarketId::<T>::get(), before + 1);
		Ok(())
	}

	#[benchmark]
	fn update_market() -> Result<(), BenchmarkError> {
		list_markets::<T>(1);
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut params = market_params(bench_feed());
		params.initial_margin = Perbill::from_percent(20);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, params);
		assert_eq!(Markets::<T>::get(0).map(|m| m.initial_margin), Some(Perbill::from_percent(20)));
		Ok(())
	}

	#[benchmark]
	fn set_market_status() -> Result<(), BenchmarkError> {
		list_markets::<T>(1);
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, MarketStatus::Halted);
		assert_eq!(Markets::<T>::get(0).map(|m| m.status), Some(MarketStatus::Halted));
		Ok(())
	}

	#[benchmark]
	fn set_insurance_fee_share() -> Result<(), BenchmarkError> {
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Perbill::from_percent(30));
		assert_eq!(InsuranceFeeShare::<T>::get(), Perbill::from_percent(30));
		Ok(())
	}

	#[benchmark]
	fn on_finalize_funding(m: Linear<1, { T::MaxMarkets::get() }>) {
		list_markets::<T>(m);
		for market in 0..NextMarketId::<T>::get() {
			MarketStates::<T>::mutate(market, |s| {
				if let Some(s) = s {
					s.next_funding_ms = 0;
					s.premium_samples = 1;
					s.premium_sum = 1_000_000_000_000_000;
					// Fees and dust to sweep: the pots are written too.
					s.unswept_insurance = 500_000;
					s.unswept_fee_pool = 500_001;
				}
			});
		}
		let (insurance, fee_pool) = Pallet::<T>::fee_pots();
		let block = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_finalize(block);
		}
		assert_eq!((InsuranceFund::<T>::get(), FeePool::<T>::get()), (insurance, fee_pool));
		assert!(MarketStates::<T>::iter_values().all(|s| s.unswept_insurance == 0 && s.unswept_fee_pool == 0));
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::mock::new_test_ext(), crate::tests::mock::Test);
}
