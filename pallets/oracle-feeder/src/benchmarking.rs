//! Benchmarks of the oracle feeder's calls, each at its worst case: a registry that is one short of
//! full (`register_feed`), symbols for every kind of source at the longest length; and of the
//! [`CheckOracleFeed`] extension on a feed naming every feed of a full registry (`MaxFeeds`
//! lookups and the duplicate check at their longest), with the block's record of feeders one short
//! of full.

use super::*;
use crate::extension::CheckOracleFeed;
use crate::types::{SourceSymbol, MAX_SYMBOL_LEN};
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	traits::{EnsureOrigin, IsSubType, SortedMembers},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{AsSystemOriginSigner, AsTransactionAuthorizedOrigin, DispatchTransaction, Dispatchable};

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

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>
		+ IsSubType<pallet_oracle::Call<T>>
		+ IsSubType<pallet_oracle::Call<T, crate::vols::VolInstance>>
		+ From<pallet_oracle::Call<T>>,
	<<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin:
		AsSystemOriginSigner<T::AccountId> + AsTransactionAuthorizedOrigin + Clone,
)]
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
		type Members<T> = <T as pallet_oracle::Config>::Members;
		let origin = T::RiskAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = OracleParams { max_price_age_ms: 20_000, ..OracleParams::default() };
		// `min_operators` may not exceed the operators.
		if Members::<T>::count() < params.min_operators as usize {
			Members::<T>::add(&account("operator", 0, 0));
		}
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	#[benchmark]
	fn check_oracle_feed() -> Result<(), BenchmarkError> {
		type Members<T> = <T as pallet_oracle::Config>::Members;
		let operator: T::AccountId = account("operator", 0, 0);
		Members::<T>::add(&operator);
		if !Members::<T>::contains(&operator) {
			return Err(BenchmarkError::Stop("the runtime's operator set cannot be extended for the benchmark"));
		}
		// Every other slot of the block's feeder record taken, so decoding it costs the most.
		let others = <T as pallet_oracle::Config>::MaxHasDispatchedSize::get().saturating_sub(1);
		let fed: alloc::collections::BTreeSet<T::AccountId> = (1..=others).map(|i| account("fed", i, 0)).collect();
		crate::extension::put_fed_this_block::<T>(fed);
		// A full registry, and a feed naming every registered feed once: the most lookups.
		fill_registry::<T>();
		let last = feed(u32::MAX);
		if !Feeds::<T>::contains_key(&last) && Feeds::<T>::count() < T::MaxFeeds::get() {
			Feeds::<T>::insert(&last, widest_config());
		}
		let values: alloc::vec::Vec<(FeedId, Price)> = Feeds::<T>::iter_keys().map(|key| (key, 1)).collect();
		if values.len() != T::MaxFeeds::get() as usize {
			return Err(BenchmarkError::Stop("the registry must be full for the worst case"));
		}
		let call: <T as frame_system::Config>::RuntimeCall =
			pallet_oracle::Call::<T>::feed_values { values: BoundedVec::truncate_from(values) }.into();
		let info = call.get_dispatch_info();
		#[block]
		{
			CheckOracleFeed::<T>::new()
				.test_run(RawOrigin::Signed(operator.clone()).into(), &call, &info, 0, 0, |_| Ok(().into()))
				.map_err(|_| BenchmarkError::Stop("an operator's feed must be valid"))?
				.map_err(|_| BenchmarkError::Stop("the stand-in dispatch succeeds"))?;
		}
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::mock::new_test_ext(), crate::tests::mock::Test);
}
