//! Storage migrations of the oracle feeder.

use crate::{Config, OracleParams, Pallet, Params};
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Permill;

/// Version 1's oracle parameters: before the circuit breaker.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct ParamsV1 {
	/// As in version 2.
	pub max_price_age_ms: clearing_primitives::Moment,
	/// As in version 2.
	pub min_operators: u32,
	/// As in version 2.
	pub min_sources: u32,
	/// As in version 2.
	pub max_source_deviation: Permill,
}

/// Adds the circuit breaker's parameters to the stored [`OracleParams`], at their defaults
/// (10 %, 3 blocks). The breaker's state map starts empty: every feed's next combination takes
/// its reference from the stored price.
pub struct ParamsV1ToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ParamsV1ToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let defaults = OracleParams::default();
		let translated = Params::<T>::translate::<ParamsV1, _>(|old| {
			old.map(|old| OracleParams {
				max_price_age_ms: old.max_price_age_ms,
				min_operators: old.min_operators,
				min_sources: old.min_sources,
				max_source_deviation: old.max_source_deviation,
				circuit_breaker: defaults.circuit_breaker,
				confirmation_blocks: defaults.confirmation_blocks,
			})
		});
		if translated.is_err() {
			// Not a version 1 value: leave the decision to governance, as `ValueQuery` would
			// serve the defaults anyway.
			log::error!(target: "oracle-feeder", "stored oracle parameters are not version 1's; left as they are");
		}
		T::DbWeight::get().reads_writes(1, 1)
	}
}

/// [`ParamsV1ToV2`] run once, from storage version 1 to 2.
pub type MigrateV1ToV2<T> = VersionedMigration<1, 2, ParamsV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
