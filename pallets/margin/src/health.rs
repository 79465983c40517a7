//! Health: positions marked at fresh prices, summed into an account's equity and requirements
//! (what every margin check, the liquidation engine and the trader's summary are made of).

use super::*;

/// A position marked at a fresh price, in settlement atoms.
pub(crate) struct MarkedPosition {
	pub(crate) params: MarketParams,
	pub(crate) mark: Price,
	pub(crate) decimals: u8,
	/// |size| × mark, rounded up.
	pub(crate) notional: Balance,
	/// Signed value at mark (conservative).
	pub(crate) value: i128,
	/// Funding owed (+) or due (−) since the last settlement.
	pub(crate) unsettled_funding: i128,
	pub(crate) initial_margin: Balance,
	pub(crate) maintenance_margin: Balance,
}

/// One market as a fill left it: parameters, state and fresh price, read once and used to mark
/// both accounts' positions in it (their other markets are read as usual).
pub(crate) struct MarketSnapshot {
	pub(crate) market: MarketId,
	pub(crate) params: MarketParams,
	pub(crate) state: MarketState,
	pub(crate) mark: Price,
	pub(crate) decimals: u8,
}

impl<T: Config> Pallet<T> {
	/// The fresh mark price of a market and its decimals.
	pub(crate) fn mark(params: &MarketParams) -> Result<(Price, u8), ClearingError> {
		T::Prices::fresh_price(&params.feed)
			.map(|p| (p.price, p.decimals))
			.map_err(|_| ClearingError::StalePrice)
	}

	/// A market's initial margin fraction now: its base value scaled up by open interest.
	pub(crate) fn initial_fraction(params: &MarketParams, state: &MarketState) -> Perbill {
		math::scaled_initial_margin(
			params.initial_margin,
			state.open_interest,
			params.imf_scaling_lower,
			params.imf_scaling_upper,
		)
	}

	/// One position marked at its market's fresh price: what health and the trader's summary
	/// are both made of.
	pub(crate) fn mark_position(position: &Position) -> Result<MarkedPosition, ClearingError> {
		Self::mark_position_in(position, None)
	}

	/// Marks a position, taking its market from `known` when that is the one.
	pub(crate) fn mark_position_in(
		position: &Position,
		known: Option<&MarketSnapshot>,
	) -> Result<MarkedPosition, ClearingError> {
		let (params, state, mark, decimals) = match known {
			Some(snapshot) if snapshot.market == position.market => {
				(snapshot.params.clone(), snapshot.state.clone(), snapshot.mark, snapshot.decimals)
			},
			_ => {
				let params = Markets::<T>::get(position.market).ok_or(ClearingError::UnknownMarket)?;
				let state = MarketStates::<T>::get(position.market).ok_or(ClearingError::UnknownMarket)?;
				let (mark, decimals) = Self::mark(&params)?;
				(params, state, mark, decimals)
			},
		};
		let notional = math::value(position.size.unsigned_abs(), mark, params.base_decimals, decimals, Rounding::Up)
			.ok_or(ClearingError::Overflow)?;
		let value =
			math::signed_value(position.size, mark, params.base_decimals, decimals).ok_or(ClearingError::Overflow)?;
		let unsettled_funding = math::funding_owed(
			position.size,
			state
				.funding_index
				.checked_sub(position.funding_snapshot)
				.ok_or(ClearingError::Overflow)?,
			params.base_decimals,
		)
		.ok_or(ClearingError::Overflow)?;
		let imf = Self::initial_fraction(&params, &state);
		Ok(MarkedPosition {
			mark,
			decimals,
			notional,
			value,
			unsettled_funding,
			initial_margin: math::fraction_up(imf, notional),
			maintenance_margin: math::fraction_up(params.maintenance_margin, notional),
			params,
		})
	}

	/// Sums marked positions into an account's health.
	pub(crate) fn sum_health(collateral: i128, marked: &[MarkedPosition]) -> Result<AccountHealth, ClearingError> {
		let mut health = AccountHealth { collateral, equity: collateral, ..Default::default() };
		for m in marked {
			health.equity = health
				.equity
				.checked_add(m.value)
				.and_then(|e| e.checked_sub(m.unsettled_funding))
				.ok_or(ClearingError::Overflow)?;
			health.initial_margin = health
				.initial_margin
				.checked_add(m.initial_margin)
				.ok_or(ClearingError::Overflow)?;
			health.maintenance_margin = health
				.maintenance_margin
				.checked_add(m.maintenance_margin)
				.ok_or(ClearingError::Overflow)?;
			health.gross_notional = health.gross_notional.checked_add(m.notional).ok_or(ClearingError::Overflow)?;
		}
		Ok(health)
	}

	/// An account's health at fresh prices; every position's market needs one.
	pub fn health_of(account: &AccountOf<T>) -> Result<AccountHealth, ClearingError> {
		let marked = account
			.positions
			.iter()
			.map(Self::mark_position)
			.collect::<Result<Vec<_>, _>>()?;
		Self::sum_health(account.collateral, &marked)
	}

	/// `who`'s health with every position marked: what the liquidation engine sizes close-outs by.
	pub fn account_risk(who: &T::AccountId) -> Result<clearing_primitives::AccountRisk, ClearingError> {
		Self::risk_of(&Accounts::<T>::get(who).unwrap_or_default(), None)
	}

	/// A ledger's risk, its positions in `known`'s market marked from the snapshot.
	pub(crate) fn risk_of(
		account: &AccountOf<T>,
		known: Option<&MarketSnapshot>,
	) -> Result<clearing_primitives::AccountRisk, ClearingError> {
		let marked = account
			.positions
			.iter()
			.map(|position| Self::mark_position_in(position, known))
			.collect::<Result<Vec<_>, _>>()?;
		let health = Self::sum_health(account.collateral, &marked)?;
		let positions = account
			.positions
			.iter()
			.zip(marked)
			.map(|(position, m)| clearing_primitives::PositionRisk {
				market: position.market,
				size: position.size,
				mark: m.mark,
				price_decimals: m.decimals,
				base_decimals: m.params.base_decimals,
				notional: m.notional,
				maintenance_margin: m.maintenance_margin,
				maintenance_fraction: m.params.maintenance_margin,
				liquidation_penalty: m.params.liquidation_penalty,
				taker_fee: m.params.taker_fee,
				step_size: m.params.step_size,
				unrealized_pnl: m.value.saturating_sub(position.cost),
			})
			.collect();
		Ok(clearing_primitives::AccountRisk { health, positions })
	}

	/// The health of `who` (an account without a ledger has none: all zeros).
	pub fn account_health(who: &T::AccountId) -> Result<AccountHealth, ClearingError> {
		Self::health_of(&Accounts::<T>::get(who).unwrap_or_default())
	}
}
