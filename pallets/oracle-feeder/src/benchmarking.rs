//! Benchmarks of the oracle feeder's calls, each at its worst case: a registry that is one short of
//! full (`register_feed`), symbols for every kind of source at the longest length.

use super::*;
use crate::types::{SourceSymbol, MAX_SYMBOL_LEN};
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::EnsureOrigin, BoundedVec};

fn feed(index: u32) -> FeedId {
	let mut name = b"FEED/".to_vec();
	name.extend_from_slice(&index.to_le_bytes());
	BoundedVec::truncate_from(name)
}

fn widest_config() -> FeedConfig {
	let symbol = || BoundedVec::truncate_from(vec![b'A'; MAX_SYMBOL_LEN as usize]);
	FeedConfig {
		decimals: 8,
		symbols: BoundedVec::truncate_from(vec![
			SourceSymbol { kind: SourceKind::Binance, symbol: symbol() },
			SourceSymbol { kind: SourceKind::Coinbase, symbol: symbol() },
			SourceSymbol { kind: SourceKind::Kraken, symbol: symbol() },
			SourceSymbol { kind: SourceKind::Json, symbol: symbol() },
		]),
	}
}

/// Fills the registry up to one below `MaxFeeds`.
fn fill_registry<T: Config>() {
	let existing = Feeds::<T>::count();
	for index in existing..T::MaxFeeds::get().saturating_sub(1) {
		Feeds::<T>::insert(feed(index), widest_config());
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_feed() -> Result<(), BenchmarkError> {
		fill_registry::<T>();
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let new_feed = feed(u32::MAX);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new_feed.clone(), widest_config());
		assert!(Feeds::<T>::contains_key(&new_feed));
		Ok(())
	}

	#[benchmark]
	fn update_feed() -> Result<(), BenchmarkError> {
		fill_registry::<T>();
		let target = feed(u32::MAX);
		Feeds::<T>::insert(&target, widest_config());
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut config = widest_config();
		config.decimals = 6;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target.clone(), config);
		assert_eq!(Feeds::<T>::get(&target).map(|c| c.decimals), Some(6));
		Ok(())
	}

	#[benchmark]
	fn remove_feed() -> Result<(), BenchmarkError> {
		fill_registry::<T>();
		let target = feed(u32::MAX);
		Feeds::<T>::insert(&target, widest_config());
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target.clone());
		assert!(!Feeds::<T>::contains_key(&target));
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = OracleParams { max_price_age_ms: 20_000, ..OracleParams::default() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::mock::new_test_ext(), crate::tests::mock::Test);
}
