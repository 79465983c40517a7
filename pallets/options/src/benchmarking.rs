//! Benchmarks: the listing calls, one trading expiry's block (its smile checked with `s`
//! Black-76 prices), the settlement fixing, the sweep's walk and one option mark.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;

/// The benchmarks' underlying: the feed `BENCH/USD` at 100,000.000000.
fn feed() -> FeedId {
	clearing_primitives::feed_id("BENCH/USD").unwrap_or_default()
}

const INDEX: Price = 100_000_000_000;
const DAY: Moment = DAY_MS;

fn config<T: Config>() -> UnderlyingConfig {
	UnderlyingConfig {
		venue_currency: VenueCurrency::truncate_from(b"BENCH".to_vec()),
		base_decimals: 8,
		tick_size: 100_000,
		step_size: 1_000_000,
		min_order_size: 1_000_000,
		initial_margin: Perbill::from_percent(15),
		min_initial_margin: Perbill::from_percent(13),
		maintenance_margin: Perbill::from_percent(9),
		liquidation_penalty: Perbill::from_percent(1),
		maker_fee: Perbill::from_parts(300_000),
		taker_fee: Perbill::from_parts(300_000),
		fee_cap: Perbill::from_parts(125_000_000),
		price_band: Perbill::from_percent(50),
		min_vol: 10_000,
		max_vol: black76::MAX_VOL,
		arbitrage_tolerance: Perbill::from_percent(1),
		max_series: T::MaxStrikes::get().saturating_mul(2).saturating_mul(T::MaxExpiries::get()),
	}
}

/// A rule giving `2k + 1` strikes around the index: a step of 1 % of it, `k` steps either way
/// (and a billionth more, so that one strike is a range above zero).
fn rule_for(strikes: u32) -> StrikeRule {
	let k = strikes.saturating_sub(1) / 2;
	StrikeRule { step: INDEX / 100, range: Perbill::from_parts(k.saturating_mul(10_000_000).saturating_add(1)) }
}

fn setup<T: Config>() -> Result<(), BenchmarkError> {
	T::BenchmarkHelper::set_price(&feed(), INDEX);
	Underlyings::<T>::insert(feed(), config::<T>());
	Ok(())
}

/// Lists an expiry `days` ahead with `strikes` strikes; returns its id.
fn list<T: Config>(days: u64, strikes: u32) -> Result<ExpiryId, BenchmarkError> {
	let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	let id = NextExpiryId::<T>::get();
	let expiry_ms = T::Time::now().saturating_add(days.saturating_mul(DAY));
	Pallet::<T>::list_expiry(origin, feed(), expiry_ms, rule_for(strikes)).map_err(|_| BenchmarkError::Stop("list"))?;
	Ok(id)
}

/// A smile of `n` volatilities around `level`, convex enough to pass the checks.
fn smile(n: usize, level: u32) -> Vec<clearing_primitives::options::Volatility> {
	(0..n)
		.map(|i| level.saturating_add((i as u32).abs_diff(n as u32 / 2).saturating_mul(2_000)))
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_underlying() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_price(&feed(), INDEX);
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, feed(), config::<T>());

		assert!(Underlyings::<T>::contains_key(feed()));
		Ok(())
	}

	#[benchmark]
	fn list_expiry(s: Linear<1, { T::MaxStrikes::get() }>) -> Result<(), BenchmarkError> {
		setup::<T>()?;
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let expiry_ms = T::Time::now().saturating_add(7 * DAY);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, feed(), expiry_ms, rule_for(s));

		let listed = Expiries::<T>::get(0).map(|e| e.strikes.len() as u32);
		assert_eq!(listed, Some(s.saturating_sub(1) / 2 * 2 + 1));
		Ok(())
	}

	/// One trading expiry in its last 30 minutes: a new smile (all strikes moved) checked against
	/// the grid and a later expiry's smile, stored, the risk index grown, the index sampled.
	#[benchmark]
	fn refresh_surface(s: Linear<1, { T::MaxStrikes::get() }>) -> Result<(), BenchmarkError> {
		setup::<T>()?;
		let id = list::<T>(1, s)?;
		let later = list::<T>(2, s)?;
		let n = Expiries::<T>::get(id).map(|e| e.strikes.len()).unwrap_or(0);
		let now = T::Time::now();
		T::BenchmarkHelper::set_smile(later, smile(n, 700_000), now);
		T::BenchmarkHelper::set_smile(id, smile(n, 500_000), now);
		let live = LiveExpiries::<T>::get();
		Pallet::<T>::run_block(now);
		assert!(Surfaces::<T>::contains_key(id) && Surfaces::<T>::contains_key(later));
		// A newer smile (the clock may stand still in a benchmark: one ms later).
		T::BenchmarkHelper::set_smile(id, smile(n, 520_000), now.saturating_add(1));
		let mut expiry = Expiries::<T>::get(id).ok_or(BenchmarkError::Stop("expiry"))?;
		// In the window: the benchmark's expiry is moved within 30 minutes of now.
		expiry.expiry_ms = now.saturating_add(TWAP_WINDOW_MS);
		let before = RiskIndex::<T>::get(id);

		#[block]
		{
			Pallet::<T>::trading_block(id, &expiry, now.saturating_add(1), &live);
		}

		assert!(RiskIndex::<T>::get(id) > before);
		assert!(Twaps::<T>::contains_key(id));
		Ok(())
	}

	/// Fixing an expiry of `MaxStrikes` strikes: the TWAP, the jump, every series halted.
	#[benchmark]
	fn fix_settlement() -> Result<(), BenchmarkError> {
		setup::<T>()?;
		let id = list::<T>(1, T::MaxStrikes::get())?;
		let mut twap = types::Twap::default();
		surface::sample(&mut twap, T::Time::now(), INDEX);
		Twaps::<T>::insert(id, twap);
		let expiry = Expiries::<T>::get(id).ok_or(BenchmarkError::Stop("expiry"))?;

		#[block]
		{
			Pallet::<T>::fix_settlement(id, expiry);
		}

		assert!(matches!(Expiries::<T>::get(id).map(|e| e.stage), Some(ExpiryStage::Settled { .. })));
		Ok(())
	}

	/// The sweep's walk over the `n` series of a settled expiry whose books and positions are
	/// empty: each series' orders and holders looked up, and the series retired (the margin
	/// engine's retirement included).
	#[benchmark]
	fn sweep_markets(n: Linear<2, { T::MaxStrikes::get().saturating_mul(2) }>) -> Result<(), BenchmarkError> {
		setup::<T>()?;
		let id = list::<T>(1, n / 2)?;
		let mut expiry = Expiries::<T>::get(id).ok_or(BenchmarkError::Stop("expiry"))?;
		expiry.stage = ExpiryStage::Settled { price: INDEX };
		Expiries::<T>::insert(id, expiry.clone());
		let (mut settlements, mut cancellations) = (u32::MAX, u32::MAX);

		#[block]
		{
			Pallet::<T>::sweep(id, &expiry, &mut settlements, &mut cancellations);
		}

		assert!(!Expiries::<T>::contains_key(id));
		Ok(())
	}

	/// One mark: the expiry, its fresh smile, the index and one Black-76 evaluation.
	#[benchmark]
	fn option_mark() -> Result<(), BenchmarkError> {
		setup::<T>()?;
		let id = list::<T>(30, 3)?;
		T::BenchmarkHelper::set_smile(id, smile(3, 600_000), T::Time::now());
		Pallet::<T>::run_block(T::Time::now());
		let expiry = Expiries::<T>::get(id).ok_or(BenchmarkError::Stop("expiry"))?;
		let series = OptionSeries {
			expiry: id,
			expiry_ms: expiry.expiry_ms,
			strike: expiry.strikes.first().copied().unwrap_or(INDEX),
			right: OptionRight::Put,
		};
		let mark;

		#[block]
		{
			mark = <Pallet<T> as OptionPricing>::option_mark(&feed(), &series);
		}

		assert!(matches!(mark, Ok(OptionMark::Live { .. })));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::mock::new_test_ext(), crate::tests::mock::Test);
}
