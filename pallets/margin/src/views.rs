//! Views: what traders and the RPC read (an account's summary, markets, the fee pots); they
//! change nothing.

use super::*;

impl<T: Config> Pallet<T> {
	/// Everything a trader needs to see of `who`'s margin: health, margin ratio, and per position
	/// entry and mark price, unrealized PnL, unsettled funding and liquidation price.
	pub fn account_summary(who: &T::AccountId) -> Result<AccountSummary, ClearingError> {
		let account = Accounts::<T>::get(who).unwrap_or_default();
		let marked = account
			.positions
			.iter()
			.map(Self::mark_position)
			.collect::<Result<Vec<_>, _>>()?;
		let health = Self::sum_health(account.collateral, &marked)?;
		let mut positions = Vec::with_capacity(marked.len());
		for (position, m) in account.positions.iter().zip(marked) {
			positions.push(PositionSummary {
				market: position.market,
				size: position.size,
				entry_price: math::entry_price(position.size, position.cost, m.params.base_decimals, m.decimals)
					.ok_or(ClearingError::Overflow)?,
				mark_price: m.mark,
				unrealized_pnl: m.value.saturating_sub(position.cost),
				unsettled_funding: m.unsettled_funding,
				// Linear in the market's own price: a perpetual's. An option's value is not linear
				// in its premium's moves, and a settled one has no risk left.
				liquidation_price: if m.params.kind.series().is_some() {
					None
				} else {
					math::liquidation_price(
						position.size,
						m.mark,
						health.equity,
						health.maintenance_margin,
						m.params.maintenance_margin,
						m.params.base_decimals,
						m.decimals,
					)
				},
				greeks: m
					.params
					.kind
					.series()
					.and_then(|series| T::Options::option_greeks(&m.params.feed, series)),
			});
		}
		let margin_ratio = (health.equity > 0)
			.then(|| sp_arithmetic::FixedU128::from_rational(health.maintenance_margin, health.equity.unsigned_abs()));
		Ok(AccountSummary { health, margin_ratio, open_order_margin: T::OpenOrders::reserved_margin(who), positions })
	}

	/// The insurance fund and the fee pool with the fees that on_finalize has yet to sweep,
	/// settlement atoms: what the pots own. Fills of the liquidation engine's on_finalize, which
	/// runs after the margin engine's, are swept in the next block; views show this.
	pub fn fee_pots() -> (Balance, Balance) {
		LiveMarkets::<T>::get().into_iter().filter_map(MarketStates::<T>::get).fold(
			(InsuranceFund::<T>::get(), FeePool::<T>::get()),
			|(fund, pool), state| {
				(fund.saturating_add(state.unswept_insurance), pool.saturating_add(state.unswept_fee_pool))
			},
		)
	}

	/// A market as traders see it: parameters, the initial fraction now, oracle price and age,
	/// open interest and funding; `None` for an unknown market.
	pub fn market_view(market: MarketId) -> Option<clearing_primitives::api::MarketView> {
		let params = Markets::<T>::get(market)?;
		let state = MarketStates::<T>::get(market)?;
		let now = T::Time::now();
		let (oracle_price, price_decimals, oracle_timestamp, oracle_age_ms) = match T::Prices::fresh_price(&params.feed)
		{
			Ok(fresh) => (
				Some(fresh.price),
				Some(fresh.decimals),
				Some(fresh.timestamp),
				Some(now.saturating_sub(fresh.timestamp)),
			),
			Err(PriceError::Stale { age_ms, .. }) => (None, None, Some(now.saturating_sub(age_ms)), Some(age_ms)),
			Err(_) => (None, None, None, None),
		};
		Some(clearing_primitives::api::MarketView {
			id: market,
			ticker: params.ticker.to_vec(),
			feed: params.feed.clone(),
			base_decimals: params.base_decimals,
			price_decimals,
			tick_size: params.tick_size,
			step_size: params.step_size,
			min_order_size: params.min_order_size,
			initial_margin: Self::initial_fraction(&params, &state),
			maintenance_margin: params.maintenance_margin,
			liquidation_penalty: params.liquidation_penalty,
			maker_fee: params.maker_fee,
			taker_fee: params.taker_fee,
			open_interest_cap: params.open_interest_cap,
			status: params.status.into(),
			oracle_price,
			oracle_timestamp,
			oracle_age_ms,
			open_interest: state.open_interest,
			last_funding_rate: state.last_funding_rate,
			next_funding_rate: Self::funding_rate(&params, &state),
			next_funding_ms: state.next_funding_ms,
			funding_interval_ms: params.funding_interval_ms,
		})
	}

	/// Every listed market as traders see it, by id.
	pub fn market_views() -> Vec<clearing_primitives::api::MarketView> {
		LiveMarkets::<T>::get().into_iter().filter_map(Self::market_view).collect()
	}

	/// Whether `who` has a margin ledger.
	pub fn has_account(who: &T::AccountId) -> bool {
		Accounts::<T>::contains_key(who)
	}
}
