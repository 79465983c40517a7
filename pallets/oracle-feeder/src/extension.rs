//! [`CheckOracleFeed`]: the transaction pool's gate for `Oracle::feed_values`.
//!
//! `pallet-oracle` refunds the fee of a successful feed, so an operator feeds for free, and it
//! refuses a feed from anybody else (`NoPermission`) or a second one from the same operator in a
//! block (`AlreadyFeeded`), but only at dispatch, after the transaction has been gossiped to every
//! node and has taken a place in a block. This extension makes the same checks when a transaction
//! is *validated*, in the pool and again when a block is built:
//!
//! - a feed signed by an account that is not an oracle operator is invalid (`BadSigner`): it never
//!   enters a pool, is never propagated and never occupies block space, whatever its fee;
//! - a second feed of an operator in the block being built is invalid (`Stale`): the operator has
//!   had its say for this block;
//! - a feed with more values than the registry has feeds ([`TOO_MANY_VALUES`]), one that names a
//!   feed twice ([`DUPLICATE_FEED`]) or one that names a feed the registry does not list
//!   ([`UNKNOWN_FEED`]) is invalid (`Custom` with that code): `pallet-oracle` would store every
//!   such value for free (up to its `MaxFeedValues` of them) and combine it, for a key nothing
//!   reads;
//! - an operator's feed gets [`OPERATOR_FEED_PRIORITY`] on top of its fee priority, so a flood of
//!   ordinary transactions cannot crowd prices out of blocks; liquidation needs fresh prices most
//!   exactly when the chain is busiest.
//!
//! - the volatility feed (`VolOracle::feed_values`, smiles per option expiry) gets the same
//!   operator, once-per-block and priority checks, and names only expiries still trading, each once
//!   ([`UNKNOWN_EXPIRY`]): a smile for anything else would be stored for free.
//!
//! Every other call passes untouched, at no weight.
//!
//! `validate` is not only the pool's check: in this SDK (sp-runtime 49, stable2609) applying a
//! signed extrinsic in a block goes `CheckedExtrinsic::apply` → `dispatch_transaction` →
//! `validate_and_prepare`, which calls `validate_only` with `TransactionSource::InBlock` before
//! `prepare` and the dispatch. An extrinsic this extension refuses fails to apply, and
//! `frame-executive`'s `execute_block` aborts a block with an extrinsic that fails to apply: an
//! author cannot put a refused feed into a block that other nodes import.

use crate::{Config, Feeds, WeightInfo};
use alloc::collections::BTreeSet;
use clearing_primitives::{FeedId, Price};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{IsSubType, OriginTrait, SortedMembers},
	weights::Weight,
	BoundedBTreeSet, DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionPriority, ValidTransaction},
};

/// `InvalidTransaction::Custom` code of a feed that names a feed the registry does not list.
pub const UNKNOWN_FEED: u8 = 1;

/// `InvalidTransaction::Custom` code of a feed that names a feed twice.
pub const DUPLICATE_FEED: u8 = 2;

/// `InvalidTransaction::Custom` code of a feed with more values than the registry has feeds.
pub const TOO_MANY_VALUES: u8 = 3;

/// Priority an operator's feed gets on top of its fee priority: above any fee-driven priority
/// (fees are far below `u64::MAX / 2` plancks), so price updates go first in a full block.
pub const OPERATOR_FEED_PRIORITY: TransactionPriority = TransactionPriority::MAX / 2;

/// `pallet-oracle`'s record of the operators that fed in the current block (cleared in its
/// `on_finalize`). The pallet keeps it `pub(crate)`; this alias reads the same storage item under
/// the same pallet prefix and name, and the unit tests check that it sees the pallet's writes.
#[frame_support::storage_alias(pallet_name)]
type HasDispatched<T: pallet_oracle::Config> = StorageValue<
	pallet_oracle::Pallet<T>,
	BoundedBTreeSet<<T as frame_system::Config>::AccountId, <T as pallet_oracle::Config>::MaxHasDispatchedSize>,
	frame_support::pallet_prelude::ValueQuery,
>;

/// Replaces `pallet-oracle`'s record of this block's feeders, for the benchmark's worst case.
/// The volatility feed's record of who fed in this block (its own module: a storage alias is
/// named by its type's name, which must be `pallet-oracle`'s `HasDispatched`).
mod vol_feed {
	use frame_support::BoundedBTreeSet;

	#[frame_support::storage_alias(pallet_name)]
	pub(super) type HasDispatched<T: pallet_oracle::Config<crate::vols::VolInstance>> = StorageValue<
		pallet_oracle::Pallet<T, crate::vols::VolInstance>,
		BoundedBTreeSet<
			<T as frame_system::Config>::AccountId,
			<T as pallet_oracle::Config<crate::vols::VolInstance>>::MaxHasDispatchedSize,
		>,
		frame_support::pallet_prelude::ValueQuery,
	>;
}

/// A smile for an expiry that is not trading ([`crate::Config::OptionExpiries`]), or the same
/// expiry twice.
pub const UNKNOWN_EXPIRY: u8 = 4;

#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn put_fed_this_block<T: pallet_oracle::Config>(
	fed: alloc::collections::BTreeSet<<T as frame_system::Config>::AccountId>,
) {
	let mut record = BoundedBTreeSet::new();
	for who in fed {
		let _ = record.try_insert(who);
	}
	HasDispatched::<T>::put(record);
}

/// Refuses oracle feeds from non-operators, repeated feeds in a block and feeds naming
/// unregistered, repeated or too many feeds while validating, and
/// puts operators' feeds first (see the module docs).
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckOracleFeed<T>(PhantomData<T>);

impl<T> CheckOracleFeed<T> {
	/// The extension; it carries no data.
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckOracleFeed<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckOracleFeed")
	}
}

impl<T: Config> CheckOracleFeed<T> {
	/// The values of `call` if it is `Oracle::feed_values`.
	fn feed_values(call: &<T as frame_system::Config>::RuntimeCall) -> Option<&[(FeedId, Price)]>
	where
		<T as frame_system::Config>::RuntimeCall: IsSubType<pallet_oracle::Call<T>>,
	{
		match call.is_sub_type() {
			Some(pallet_oracle::Call::feed_values { values }) => Some(values.as_slice()),
			_ => None,
		}
	}

	/// Whether a feed's values are fit to store: no more of them than the registry has feeds,
	/// no feed twice, registered feeds only. The count goes first, so a long list is refused
	/// after one read.
	fn smile_values(
		call: &<T as frame_system::Config>::RuntimeCall,
	) -> Option<&[(clearing_primitives::options::ExpiryId, crate::vols::Smile)]>
	where
		<T as frame_system::Config>::RuntimeCall: IsSubType<pallet_oracle::Call<T, crate::vols::VolInstance>>,
	{
		match call.is_sub_type() {
			Some(pallet_oracle::Call::feed_values { values }) => Some(values.as_slice()),
			_ => None,
		}
	}

	/// A smile feed names only trading expiries, each once.
	pub fn check_smiles(
		values: &[(clearing_primitives::options::ExpiryId, crate::vols::Smile)],
	) -> Result<(), InvalidTransaction> {
		use clearing_primitives::options::ListedExpiries;
		let mut seen = BTreeSet::new();
		for (expiry, _) in values {
			if !seen.insert(expiry) || !T::OptionExpiries::is_trading(*expiry) {
				return Err(InvalidTransaction::Custom(UNKNOWN_EXPIRY));
			}
		}
		Ok(())
	}

	/// The smile feeder must be an operator that has not fed smiles in this block.
	pub fn check_smile_feeder(
		who: &<T as frame_system::Config>::AccountId,
	) -> Result<ValidTransaction, InvalidTransaction> {
		if !<T as pallet_oracle::Config<crate::vols::VolInstance>>::Members::contains(who) {
			return Err(InvalidTransaction::BadSigner);
		}
		if vol_feed::HasDispatched::<T>::get().contains(who) {
			return Err(InvalidTransaction::Stale);
		}
		Ok(ValidTransaction { priority: OPERATOR_FEED_PRIORITY, ..Default::default() })
	}

	pub fn check_values(values: &[(FeedId, Price)]) -> Result<(), InvalidTransaction> {
		let registered = usize::try_from(Feeds::<T>::count()).unwrap_or(usize::MAX);
		if values.len() > registered {
			return Err(InvalidTransaction::Custom(TOO_MANY_VALUES));
		}
		let mut seen = BTreeSet::new();
		for (feed, _) in values {
			if !seen.insert(feed) {
				return Err(InvalidTransaction::Custom(DUPLICATE_FEED));
			}
		}
		if !values.iter().all(|(feed, _)| Feeds::<T>::contains_key(feed)) {
			return Err(InvalidTransaction::Custom(UNKNOWN_FEED));
		}
		Ok(())
	}

	/// The validity of a feed signed by `who`: invalid for a non-operator or for an operator that
	/// fed in this block already, first in line otherwise.
	pub fn check_feeder(who: &<T as frame_system::Config>::AccountId) -> Result<ValidTransaction, InvalidTransaction> {
		if !<T as pallet_oracle::Config>::Members::contains(who) {
			return Err(InvalidTransaction::BadSigner);
		}
		if HasDispatched::<T>::get().contains(who) {
			return Err(InvalidTransaction::Stale);
		}
		Ok(ValidTransaction { priority: OPERATOR_FEED_PRIORITY, ..Default::default() })
	}
}

impl<T> TransactionExtension<<T as frame_system::Config>::RuntimeCall> for CheckOracleFeed<T>
where
	T: Config + Send + Sync,
	<T as frame_system::Config>::RuntimeCall:
		IsSubType<pallet_oracle::Call<T>> + IsSubType<pallet_oracle::Call<T, crate::vols::VolInstance>>,
{
	const IDENTIFIER: &'static str = "CheckOracleFeed";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		if Self::feed_values(call).is_some() || Self::smile_values(call).is_some() {
			<T as Config>::WeightInfo::check_oracle_feed()
		} else {
			Weight::zero()
		}
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		if let Some(smiles) = Self::smile_values(call) {
			let validity = match origin.as_signer() {
				Some(who) => {
					let validity = Self::check_smile_feeder(who)?;
					Self::check_smiles(smiles)?;
					validity
				},
				None => ValidTransaction::default(),
			};
			return Ok((validity, (), origin));
		}
		let Some(values) = Self::feed_values(call) else {
			return Ok((ValidTransaction::default(), (), origin));
		};
		// Only signed feeds are judged here: root's feed comes from governance's dispatch, and an
		// unsigned one is refused by the pool for want of an unsigned validator.
		let validity = match origin.as_signer() {
			Some(who) => {
				let validity = Self::check_feeder(who)?;
				Self::check_values(values)?;
				validity
			},
			None => ValidTransaction::default(),
		};
		Ok((validity, (), origin))
	}

	impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
