//! Health: positions marked at fresh prices, summed into an account's equity and requirements
//! (what every margin check, the liquidation engine and the trader's summary are made of).

use super::*;

/// A position marked at a fresh price, in settlement atoms.
pub(crate) struct MarkedPosition {
	pub(crate) params: MarketParams,
	/// The price the position is valued at: the oracle price, or an option's premium (its
	/// intrinsic value once the settlement price is fixed).
	pub(crate) mark: Price,
	pub(crate) decimals: u8,
	/// |size| × mark, rounded up.
	pub(crate) notional: Balance,
	/// |size| × the price its risk moves with (the index for an option), rounded up.
	pub(crate) risk_notional: Balance,
	/// That price.
	pub(crate) clock_price: Price,
	/// Signed value at mark (conservative).
	pub(crate) value: i128,
	/// Funding owed (+) or due (−) since the last settlement.
	pub(crate) unsettled_funding: i128,
	pub(crate) initial_margin: Balance,
	pub(crate) maintenance_margin: Balance,
}

/// What a market is marked at now.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum MarketMark {
	/// A perpetual: the oracle price.
	Perpetual { price: Price, decimals: u8 },
	/// An option series: the options pallet's mark.
	Option(OptionMark),
}

/// One market as a fill left it: parameters, state and fresh mark, read once and used to mark
/// both accounts' positions in it (their other markets are read as usual).
pub(crate) struct MarketSnapshot {
	pub(crate) market: MarketId,
	pub(crate) params: MarketParams,
	pub(crate) state: MarketState,
	pub(crate) mark: MarketMark,
}

impl<T: Config> Pallet<T> {
	/// The market's mark now: a perpetual's fresh oracle price, an option's mark (fresh index
	/// and surface, or its fixed settlement).
	pub(crate) fn market_mark(params: &MarketParams) -> Result<MarketMark, ClearingError> {
		match params.kind.series() {
			None => T::Prices::fresh_price(&params.feed)
				.map(|p| MarketMark::Perpetual { price: p.price, decimals: p.decimals })
				.map_err(|_| ClearingError::StalePrice),
			Some(series) => T::Options::option_mark(&params.feed, series).map(MarketMark::Option),
		}
	}

	/// The price the market trades at and is marked at, with its decimals: the oracle price of
	/// a perpetual, an option's premium (rounded down) or, once settled, its intrinsic value.
	pub(crate) fn trade_price(params: &MarketParams, mark: &MarketMark) -> (Price, u8) {
		match (mark, params.kind.series()) {
			(MarketMark::Perpetual { price, decimals }, _) => (*price, *decimals),
			(MarketMark::Option(OptionMark::Live { premium_down, decimals, .. }), _) => (*premium_down, *decimals),
			(MarketMark::Option(OptionMark::Settled { price, decimals }), Some(series)) => {
				(black76::intrinsic(series.right, *price, series.strike), *decimals)
			},
			(MarketMark::Option(OptionMark::Settled { decimals, .. }), None) => (0, *decimals),
		}
	}

	/// The fresh mark price of a market and its decimals (an option's premium).
	pub(crate) fn mark(params: &MarketParams) -> Result<(Price, u8), ClearingError> {
		Self::market_mark(params).map(|mark| Self::trade_price(params, &mark))
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
		let (params, state, mark) = match known {
			Some(snapshot) if snapshot.market == position.market => {
				(snapshot.params.clone(), snapshot.state.clone(), snapshot.mark)
			},
			_ => {
				let params = Markets::<T>::get(position.market).ok_or(ClearingError::UnknownMarket)?;
				let state = MarketStates::<T>::get(position.market).ok_or(ClearingError::UnknownMarket)?;
				let mark = Self::market_mark(&params)?;
				(params, state, mark)
			},
		};
		match mark {
			MarketMark::Perpetual { price, decimals } => {
				Self::mark_perpetual(position, params, &state, price, decimals)
			},
			MarketMark::Option(option) => Self::mark_option(position, params, option),
		}
	}

	fn mark_perpetual(
		position: &Position,
		params: MarketParams,
		state: &MarketState,
		mark: Price,
		decimals: u8,
	) -> Result<MarkedPosition, ClearingError> {
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
		let imf = Self::initial_fraction(&params, state);
		Ok(MarkedPosition {
			mark,
			decimals,
			notional,
			risk_notional: notional,
			clock_price: mark,
			value,
			unsettled_funding,
			initial_margin: math::fraction_up(imf, notional),
			maintenance_margin: math::fraction_up(params.maintenance_margin, notional),
			params,
		})
	}

	/// An option position: valued at its premium (a holder's rounded down, a writer's rounded
	/// up). A long needs its value as requirement, so it neither adds to nor takes from what
	/// the account can risk (its premium was paid; Derive's standard manager gives long options
	/// no margin credit either); a short needs `max(initial − OTM %, floor) × index` initially
	/// and `maintenance × index` to stay, on top of the premium its value already owes. Once
	/// the settlement price is fixed the position is a sure amount: intrinsic value, no
	/// requirement, no risk.
	fn mark_option(
		position: &Position,
		params: MarketParams,
		mark: OptionMark,
	) -> Result<MarkedPosition, ClearingError> {
		let InstrumentKind::Option { series, min_initial_margin, .. } = params.kind else {
			return Err(ClearingError::UnknownMarket);
		};
		let size = position.size;
		let magnitude = size.unsigned_abs();
		let bd = params.base_decimals;
		match mark {
			OptionMark::Settled { price, decimals } => {
				let intrinsic = black76::intrinsic(series.right, price, series.strike);
				Ok(MarkedPosition {
					mark: intrinsic,
					decimals,
					notional: math::value(magnitude, intrinsic, bd, decimals, Rounding::Up)
						.ok_or(ClearingError::Overflow)?,
					risk_notional: 0,
					clock_price: price,
					value: math::signed_value(size, intrinsic, bd, decimals).ok_or(ClearingError::Overflow)?,
					unsettled_funding: 0,
					initial_margin: 0,
					maintenance_margin: 0,
					params,
				})
			},
			OptionMark::Live { premium_down, premium_up, index, decimals } => {
				let premium = if size >= 0 { premium_down } else { premium_up };
				let notional =
					math::value(magnitude, premium, bd, decimals, Rounding::Up).ok_or(ClearingError::Overflow)?;
				let risk_notional =
					math::value(magnitude, index, bd, decimals, Rounding::Up).ok_or(ClearingError::Overflow)?;
				let value = math::signed_value(size, premium, bd, decimals).ok_or(ClearingError::Overflow)?;
				let (initial_margin, maintenance_margin) = if size >= 0 {
					(notional, notional)
				} else {
					let imf = math::short_option_initial_fraction(
						series.right,
						index,
						series.strike,
						params.initial_margin,
						min_initial_margin,
					);
					(math::fraction_up(imf, risk_notional), math::fraction_up(params.maintenance_margin, risk_notional))
				};
				Ok(MarkedPosition {
					mark: premium_down,
					decimals,
					notional,
					risk_notional,
					clock_price: index,
					value,
					unsettled_funding: 0,
					initial_margin,
					maintenance_margin,
					params,
				})
			},
		}
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
			health.gross_notional = health
				.gross_notional
				.checked_add(m.risk_notional)
				.ok_or(ClearingError::Overflow)?;
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
				risk_notional: m.risk_notional,
				is_option: m.params.kind.series().is_some(),
				clock_price: m.clock_price,
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
