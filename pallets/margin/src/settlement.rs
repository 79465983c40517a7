//! Option series at expiry: positions settled in cash at their intrinsic value (lazily when an
//! account is touched, and by the options pallet's bounded sweep), and the series retired once
//! nobody holds it. The options pallet lists and times all of it through [`OptionMarkets`].
//!
//! Conservation: a writer pays its intrinsic value rounded up, a holder receives it rounded down,
//! both through the series' settlement pool, so the pool holds exactly what shorts paid minus
//! what longs received; it is negative while longs settled first, and the rounding dust it ends
//! with goes to the fee pool when the series is retired.

use super::*;
use clearing_primitives::options::{OptionMarkets, SeriesListing, SweepOutcome};
use frame_support::{weights::Weight, BoundedVec};

/// One option position settled in memory: (market, size, amount credited (+) or debited (−)).
pub(crate) type OptionSettlement = (MarketId, i128, i128);

impl<T: Config> Pallet<T> {
	/// Settles in memory every position of `account` in a series whose settlement price is
	/// fixed: the position leaves and its intrinsic value moves into (long) or out of (short) the
	/// collateral. The markets' pools and counters are booked by
	/// [`Self::commit_option_settlements`] once the whole operation succeeds.
	pub(crate) fn settle_expired_in(
		_who: &T::AccountId,
		account: &mut AccountOf<T>,
	) -> Result<Vec<OptionSettlement>, ClearingError> {
		let mut settled = Vec::new();
		let mut kept = Vec::with_capacity(account.positions.len());
		for position in account.positions.iter() {
			let Some(params) = Markets::<T>::get(position.market) else {
				kept.push(position.clone());
				continue;
			};
			let Some(series) = params.kind.series() else {
				kept.push(position.clone());
				continue;
			};
			match T::Options::option_mark(&params.feed, series) {
				Ok(OptionMark::Settled { price, decimals }) => {
					let intrinsic = black76::intrinsic(series.right, price, series.strike);
					let amount = math::signed_value(position.size, intrinsic, params.base_decimals, decimals)
						.ok_or(ClearingError::Overflow)?;
					account.collateral = account.collateral.checked_add(amount).ok_or(ClearingError::Overflow)?;
					settled.push((position.market, position.size, amount));
				},
				_ => kept.push(position.clone()),
			}
		}
		if !settled.is_empty() {
			account.positions = BoundedVec::truncate_from(kept);
		}
		Ok(settled)
	}

	/// Books settled option positions into their series' pools and counters, forgets the holders
	/// and emits the events.
	pub(crate) fn commit_option_settlements(who: &T::AccountId, settled: &[OptionSettlement]) {
		for (market, size, amount) in settled {
			MarketStates::<T>::mutate(market, |state| {
				if let Some(state) = state {
					state.settlement_pool = state.settlement_pool.saturating_sub(*amount);
					if *size > 0 {
						state.settled_longs = state.settled_longs.saturating_add(size.unsigned_abs());
					} else {
						state.settled_shorts = state.settled_shorts.saturating_add(size.unsigned_abs());
					}
				}
			});
			SeriesHolders::<T>::remove(market, who);
			Self::deposit_event(Event::OptionSettled {
				who: who.clone(),
				market: *market,
				size: *size,
				amount: *amount,
			});
		}
	}

	/// Settles `who`'s expired option positions now, if it has any (the liquidation engine does
	/// this before it liquidates an account); returns how many.
	pub fn settle_expired_positions(who: &T::AccountId) -> Result<u32, ClearingError> {
		let Some(mut account) = Accounts::<T>::get(who) else { return Ok(0) };
		let settled = Self::settle_expired_in(who, &mut account)?;
		if settled.is_empty() {
			return Ok(0);
		}
		Self::commit_option_settlements(who, &settled);
		Self::store_account(who, account, None);
		Ok(u32::try_from(settled.len()).unwrap_or(u32::MAX))
	}

	/// Keeps the series' holder index in step with a position change of `who` in an option
	/// market.
	pub(crate) fn track_holder(params: &MarketParams, market: MarketId, who: &T::AccountId, old: i128, new: i128) {
		if params.kind.series().is_none() {
			return;
		}
		if old == 0 && new != 0 {
			SeriesHolders::<T>::insert(market, who, ());
		} else if old != 0 && new == 0 {
			SeriesHolders::<T>::remove(market, who);
		}
	}

	/// Every option position has its holder entry (the other direction is in `do_try_state`).
	pub(crate) fn check_holders() -> Result<(), &'static str> {
		for (who, account) in Accounts::<T>::iter() {
			for position in account.positions.iter() {
				let is_option = Markets::<T>::get(position.market).is_some_and(|p| p.kind.series().is_some());
				if is_option && !SeriesHolders::<T>::contains_key(position.market, &who) {
					return Err("an option position is missing from its series' holders");
				}
			}
		}
		Ok(())
	}
}

impl<T: Config> OptionMarkets for Pallet<T> {
	fn list_series(listing: SeriesListing) -> Result<MarketId, ClearingError> {
		let mut ticker = alloc::vec::Vec::new();
		let right = match listing.series.right {
			black76::OptionRight::Call => b'C',
			black76::OptionRight::Put => b'P',
		};
		// `E<expiry>-<strike>-C`: the strike in whole quote units when the feed's decimals allow.
		ticker.extend_from_slice(b"E");
		ticker.extend_from_slice(alloc::format!("{}", listing.series.expiry).as_bytes());
		ticker.push(b'-');
		ticker.extend_from_slice(alloc::format!("{}", listing.series.strike).as_bytes());
		ticker.push(b'-');
		ticker.push(right);
		let params = MarketParams::option_series(Ticker::truncate_from(ticker), &listing);
		Self::validate_market(&params).map_err(|_| ClearingError::UnknownMarket)?;
		let market = Self::insert_market(params.clone(), T::Time::now()).map_err(|_| ClearingError::Overflow)?;
		Self::deposit_event(Event::MarketCreated { market, params });
		Ok(market)
	}

	fn halt_series(market: MarketId) -> Result<(), ClearingError> {
		Markets::<T>::try_mutate(market, |params| {
			let params = params.as_mut().ok_or(ClearingError::UnknownMarket)?;
			params.status = MarketStatus::Halted;
			Ok::<(), ClearingError>(())
		})?;
		Self::deposit_event(Event::MarketStatusChanged { market, status: MarketStatus::Halted });
		Ok(())
	}

	fn settle_series(market: MarketId, max_positions: u32) -> Result<SweepOutcome, ClearingError> {
		let holders: Vec<T::AccountId> = SeriesHolders::<T>::iter_key_prefix(market)
			.take(usize::try_from(max_positions).unwrap_or(usize::MAX))
			.collect();
		let mut outcome = SweepOutcome::default();
		for who in holders {
			match Self::settle_expired_positions(&who) {
				Ok(n) if n > 0 => outcome.settled = outcome.settled.saturating_add(1),
				// Not settled (the series is not fixed yet): stop, the holder stays.
				Ok(_) => break,
				Err(e) => return Err(e),
			}
		}
		outcome.remaining = SeriesHolders::<T>::iter_key_prefix(market).next().is_some();
		Ok(outcome)
	}

	fn retire_series(market: MarketId) -> Result<(), ClearingError> {
		if SeriesHolders::<T>::iter_key_prefix(market).next().is_some() {
			return Err(ClearingError::NotReducing);
		}
		let params = Markets::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		let series = params.kind.series().ok_or(ClearingError::UnknownMarket)?;
		if !matches!(T::Options::option_mark(&params.feed, series), Ok(OptionMark::Settled { .. })) {
			return Err(ClearingError::MarketHalted);
		}
		let state = MarketStates::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		// Shorts paid rounded up and longs received rounded down: what is left is dust, ≥ 0.
		let dust = Balance::try_from(state.settlement_pool).map_err(|_| ClearingError::Overflow)?;
		let pool = FeePool::<T>::get()
			.checked_add(dust)
			.and_then(|p| p.checked_add(state.unswept_fee_pool))
			.ok_or(ClearingError::Overflow)?;
		let fund = InsuranceFund::<T>::get()
			.checked_add(state.unswept_insurance)
			.ok_or(ClearingError::Overflow)?;
		FeePool::<T>::put(pool);
		InsuranceFund::<T>::put(fund);
		MarketStates::<T>::remove(market);
		Markets::<T>::remove(market);
		LiveMarkets::<T>::mutate(|live| live.retain(|m| *m != market));
		Self::deposit_event(Event::SeriesRetired { market, dust });
		Ok(())
	}

	fn settle_weight(positions: u32) -> Weight {
		<T as Config>::WeightInfo::settle_series(positions)
	}

	fn retire_weight() -> Weight {
		<T as Config>::WeightInfo::retire_series()
	}
}
