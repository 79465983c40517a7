//! Funding: the premium sampled every block, the rate applied when an interval closes, and
//! each position's funding settled lazily when it is touched.

use super::*;

/// Funding settled in memory for one account, per market: (market, amount paid (+) or received (−)).
pub(crate) type SettledFunding = Vec<(MarketId, i128)>;

impl<T: Config> Pallet<T> {
	/// Settles funding on one position in memory: collateral pays or receives what the index
	/// moved since the snapshot. Returns the amount (+ paid, − received); the market's funding
	/// pool is updated by [`Self::commit_funding`] once the whole operation succeeds.
	pub(crate) fn settle_position_funding(
		collateral: &mut i128,
		position: &mut Position,
	) -> Result<i128, ClearingError> {
		let params = Markets::<T>::get(position.market).ok_or(ClearingError::UnknownMarket)?;
		let state = MarketStates::<T>::get(position.market).ok_or(ClearingError::UnknownMarket)?;
		Self::settle_position_funding_at(collateral, position, state.funding_index, params.base_decimals)
	}

	/// [`Self::settle_position_funding`] with the market's funding index and base decimals at hand.
	pub(crate) fn settle_position_funding_at(
		collateral: &mut i128,
		position: &mut Position,
		funding_index: i128,
		base_decimals: u8,
	) -> Result<i128, ClearingError> {
		let delta = funding_index
			.checked_sub(position.funding_snapshot)
			.ok_or(ClearingError::Overflow)?;
		let owed = math::funding_owed(position.size, delta, base_decimals).ok_or(ClearingError::Overflow)?;
		*collateral = collateral.checked_sub(owed).ok_or(ClearingError::Overflow)?;
		position.funding_snapshot = funding_index;
		Ok(owed)
	}

	pub(crate) fn settle_all_funding(account: &mut AccountOf<T>) -> Result<SettledFunding, ClearingError> {
		let mut settled = SettledFunding::new();
		let mut collateral = account.collateral;
		for position in account.positions.iter_mut() {
			let owed = Self::settle_position_funding(&mut collateral, position)?;
			if owed != 0 {
				settled.push((position.market, owed));
			}
		}
		account.collateral = collateral;
		Ok(settled)
	}

	/// Books settled funding into the markets' funding pools and emits the events.
	pub(crate) fn commit_funding(who: &T::AccountId, settled: &SettledFunding) {
		for (market, amount) in settled {
			MarketStates::<T>::mutate(market, |state| {
				if let Some(state) = state {
					state.funding_pool = state.funding_pool.saturating_add(*amount);
				}
			});
			Self::deposit_event(Event::FundingSettled { who: who.clone(), market: *market, amount: *amount });
		}
	}

	/// Samples premiums, closes funding intervals and sweeps the block's fees to the insurance
	/// fund and the fee pool; at most `MaxMarkets` markets.
	pub(crate) fn accrue_funding() {
		let now = T::Time::now();
		let (mut to_insurance, mut to_fee_pool): (Balance, Balance) = (0, 0);
		for market in LiveMarkets::<T>::get() {
			let (Some(params), Some(mut state)) = (Markets::<T>::get(market), MarketStates::<T>::get(market)) else {
				continue;
			};
			to_insurance = to_insurance.saturating_add(core::mem::take(&mut state.unswept_insurance));
			to_fee_pool = to_fee_pool.saturating_add(core::mem::take(&mut state.unswept_fee_pool));
			if params.kind.series().is_some() {
				// Options pay no funding: only their fees are swept.
				MarketStates::<T>::insert(market, state);
				continue;
			}
			// A halted market neither samples nor pays funding: nobody can trade out of a position
			// whose funding runs on.
			let halted = params.status == MarketStatus::Halted;
			if let Some(premium) = T::Premiums::premium(market).filter(|_| !halted) {
				// Each sample is clamped to the rate cap before it is averaged (a clamped mean):
				// one extreme block moves the interval's rate by at most cap / samples.
				let bound = Self::rate_cap(&params);
				let sample = premium.into_inner().clamp(bound.saturating_neg(), bound);
				state.premium_sum = state.premium_sum.saturating_add(sample);
				state.premium_samples = state.premium_samples.saturating_add(1);
			}
			if now >= state.next_funding_ms {
				let rate = Self::funding_rate(&params, &state);
				let applied = if halted { None } else { Self::mark(&params).ok() };
				match applied.and_then(|(price, decimals)| math::funding_index_delta(rate, price, decimals)) {
					Some(delta) => {
						state.funding_index = state.funding_index.saturating_add(delta);
						state.last_funding_rate = rate;
						Self::deposit_event(Event::FundingApplied { market, rate, funding_index: state.funding_index });
					},
					None => Self::deposit_event(Event::FundingSkipped { market }),
				}
				state.premium_sum = 0;
				state.premium_samples = 0;
				state.next_funding_ms = now.saturating_add(params.funding_interval_ms);
			}
			MarketStates::<T>::insert(market, state);
		}
		if to_insurance > 0 || to_fee_pool > 0 {
			// Fees are a fraction of the notional traded, far below the integer's range: the
			// pots cannot saturate in practice, and saturating never creates atoms.
			InsuranceFund::<T>::mutate(|fund| *fund = fund.saturating_add(to_insurance));
			FeePool::<T>::mutate(|pool| *pool = pool.saturating_add(to_fee_pool));
		}
	}

	/// The funding rate the interval's premium samples so far give: their average, clamped to the
	/// market's cap (× 10^18, per interval).
	pub fn funding_rate(params: &MarketParams, state: &MarketState) -> i128 {
		let average = state.premium_sum.checked_div(i128::from(state.premium_samples)).unwrap_or(0);
		let cap = Self::rate_cap(params);
		average.clamp(cap.saturating_neg(), cap)
	}

	/// The market's funding rate cap on the rate scale (× 10^18).
	pub(crate) fn rate_cap(params: &MarketParams) -> i128 {
		// Perbill parts (10^9) to the rate scale (10^18).
		const PARTS_TO_RATE: i128 = 1_000_000_000;
		i128::from(params.max_funding_rate.deconstruct()).saturating_mul(PARTS_TO_RATE)
	}
}
