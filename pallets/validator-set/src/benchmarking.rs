//! Benchmarks: adding to and removing from a set of `s` validators (a sorted vector).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

fn fill<T: Config>(s: u32) -> Vec<T::AccountId> {
	let mut set: Vec<T::AccountId> = (0..s).map(|i| account("validator", i, 0)).collect();
	set.sort();
	set.dedup();
	Validators::<T>::put(BoundedVec::truncate_from(set.clone()));
	set
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator(s: Linear<1, { T::MaxValidators::get().saturating_sub(1) }>) -> Result<(), BenchmarkError> {
		fill::<T>(s);
		let who: T::AccountId = account("joining", 0, 0);
		T::BenchmarkHelper::register_keys(&who);
		let origin = T::ValidatorAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_validator(s: Linear<2, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let set = fill::<T>(s);
		MinValidators::<T>::put(1);
		let who = set.first().cloned().ok_or(BenchmarkError::Weightless)?;
		let origin = T::ValidatorAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxValidators::get());
		let origin = T::ValidatorAdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 2);

		assert_eq!(MinValidators::<T>::get(), 2);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
