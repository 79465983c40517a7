//! The clearing API: fills and position transfers, applied atomically to both accounts.

use crate::{
	math, AccountOf, Accounts, Config, Event, InsuranceFund, MarketMark, MarketParams, MarketSnapshot, MarketStates,
	MarketStatus, Markets, Pallet, Position, SettledFunding,
};
use clearing_primitives::options::{InstrumentKind, OptionMark, OptionPricing};
use clearing_primitives::{
	AccountHealth, AccountRisk, Balance, ClearingError, ClearingView, FillClearing, FillReceipt, LiquidationClearing,
	MarketId, MarketRules, Party, Price, Side,
};
use frame_support::storage::{transactional::with_transaction_opaque_err, TransactionOutcome};
use frame_support::traits::Time;
use sp_arithmetic::Rounding;

/// A side of a trade as it changes one account.
struct Leg {
	/// Signed size change in base atoms.
	delta: i128,
	/// Signed change of the quote balance: −paid or +received, in settlement atoms.
	quote: i128,
	/// The cost-basis value of the traded size (rounded down), in settlement atoms.
	value: i128,
}

/// What a trade is: a fill between taker and maker (fees, margin, status and cap checks), or a
/// transfer of a position (none of them, but the giver must shrink). In a liquidation fill the
/// taker is the account under liquidation: it must shrink, and its margin is not checked.
#[derive(Clone, Copy)]
enum Mode {
	Fill { taker_buys: bool, liquidation: bool },
	Transfer { giver_buys: bool },
}

/// Size of a position before and after a leg.
struct Change {
	old: i128,
	new: i128,
}

impl Change {
	fn increases_risk(&self) -> bool {
		self.new.unsigned_abs() > self.old.unsigned_abs()
			|| (self.old != 0 && self.new != 0 && (self.old > 0) != (self.new > 0))
	}
	fn only_reduces(&self) -> bool {
		!self.increases_risk()
	}
	/// Change of this account's long exposure (for open interest).
	fn long_delta(&self) -> i128 {
		self.new.max(0).saturating_sub(self.old.max(0))
	}
}

impl<T: Config> Pallet<T> {
	/// Applies a leg to an account in memory: settles its funding in this market first, then
	/// moves size, cost basis and quote balance.
	fn apply_leg(
		account: &mut AccountOf<T>,
		market: MarketId,
		(funding_index, base_decimals): (i128, u8),
		leg: &Leg,
		party: Party,
		settled: &mut SettledFunding,
	) -> Result<Change, ClearingError> {
		let index = account.positions.iter().position(|p| p.market == market);
		let mut position = match index {
			Some(i) => account.positions.get(i).cloned().ok_or(ClearingError::Overflow)?,
			None => Position { market, size: 0, cost: 0, funding_snapshot: funding_index },
		};
		let owed =
			Self::settle_position_funding_at(&mut account.collateral, &mut position, funding_index, base_decimals)?;
		if owed != 0 {
			settled.push((market, owed));
		}
		let old = position.size;
		let new = old.checked_add(leg.delta).ok_or(ClearingError::Overflow)?;
		position.cost = if old == 0 || (old > 0) == (leg.delta > 0) {
			// Opening or growing: the traded value adds to the cost basis.
			position.cost.checked_add(leg.value).ok_or(ClearingError::Overflow)?
		} else if new == 0 || (new > 0) == (old > 0) {
			// Shrinking: the closed share of the cost basis leaves it.
			math::reduce_cost(old, position.cost, leg.delta.unsigned_abs())
				.ok_or(ClearingError::Overflow)?
				.0
		} else {
			// Flipping: what is left is a new position opened at this fill's price.
			let opened = new.unsigned_abs();
			let whole = leg.delta.unsigned_abs();
			let share = sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
				leg.value.unsigned_abs(),
				opened,
				whole,
				Rounding::Down,
			)
			.and_then(|v| i128::try_from(v).ok())
			.ok_or(ClearingError::Overflow)?;
			if new > 0 {
				share
			} else {
				share.checked_neg().ok_or(ClearingError::Overflow)?
			}
		};
		position.size = new;
		account.collateral = account.collateral.checked_add(leg.quote).ok_or(ClearingError::Overflow)?;
		match (index, new == 0) {
			(Some(i), true) => {
				account.positions.remove(i);
			},
			(Some(i), false) => {
				if let Some(slot) = account.positions.get_mut(i) {
					*slot = position;
				}
			},
			(None, true) => {},
			(None, false) => account
				.positions
				.try_push(position)
				.map_err(|_| ClearingError::TooManyPositions(party))?,
		}
		Ok(Change { old, new })
	}

	/// The legs of a trade of `size` at `price`: the buyer pays the notional rounded up, the seller
	/// receives it rounded down. Returns (buyer leg, seller leg, notional down, dust).
	fn legs(
		params: &MarketParams,
		price: Price,
		price_decimals: u8,
		size: Balance,
	) -> Result<(Leg, Leg, Balance, Balance), ClearingError> {
		let down = math::value(size, price, params.base_decimals, price_decimals, Rounding::Down)
			.ok_or(ClearingError::Overflow)?;
		let up = math::value(size, price, params.base_decimals, price_decimals, Rounding::Up)
			.ok_or(ClearingError::Overflow)?;
		let size = i128::try_from(size).map_err(|_| ClearingError::Overflow)?;
		let down_i = i128::try_from(down).map_err(|_| ClearingError::Overflow)?;
		let up_i = i128::try_from(up).map_err(|_| ClearingError::Overflow)?;
		let buyer = Leg { delta: size, quote: up_i.checked_neg().ok_or(ClearingError::Overflow)?, value: down_i };
		let seller = Leg {
			delta: size.checked_neg().ok_or(ClearingError::Overflow)?,
			quote: down_i,
			value: down_i.checked_neg().ok_or(ClearingError::Overflow)?,
		};
		Ok((buyer, seller, down, up.saturating_sub(down)))
	}

	fn new_open_interest(current: Balance, a: &Change, b: &Change) -> Result<Balance, ClearingError> {
		let delta = a.long_delta().checked_add(b.long_delta()).ok_or(ClearingError::Overflow)?;
		let oi = i128::try_from(current)
			.map_err(|_| ClearingError::Overflow)?
			.checked_add(delta)
			.ok_or(ClearingError::Overflow)?;
		Balance::try_from(oi).map_err(|_| ClearingError::Overflow)
	}

	/// Every side of a fill is checked, the one whose position shrinks too (dYdX v4's rule):
	/// - a side whose risk grows must end at or above its initial requirement;
	/// - a side whose position only shrinks must end at or above its initial requirement, or
	///   else with positive equity and a margin ratio (maintenance requirement / equity) no worse
	///   than before the fill; left without positions, its equity must not be negative.
	///
	/// Without the second rule two colluding accounts drain the pool: one closes a position at an
	/// absurd price against the other, ends flat with negative collateral, and the other
	/// withdraws the difference. The party must be markable to be checked at all.
	/// `after`: its ledger after the fill, marked; `before`: the ledger before it, marked on
	/// demand (only a reducing side that misses its initial requirement needs it).
	fn check_margin(
		after: &Result<AccountRisk, ClearingError>,
		before: impl FnOnce() -> Result<AccountRisk, ClearingError>,
		change: &Change,
		party: Party,
	) -> Result<(), ClearingError> {
		let after: &AccountHealth = &after.as_ref().map_err(|_| ClearingError::UnmarkableParty(party))?.health;
		if after.free_collateral() >= 0 {
			return Ok(());
		}
		if change.increases_risk() {
			return Err(ClearingError::InsufficientMargin(party));
		}
		let before = before().map_err(|_| ClearingError::UnmarkableParty(party))?.health;
		if math::reduction_allowed(before.equity, before.maintenance_margin, after.equity, after.maintenance_margin) {
			Ok(())
		} else {
			Err(ClearingError::InsufficientMargin(party))
		}
	}

	fn do_trade(
		market: MarketId,
		buyer: &T::AccountId,
		seller: &T::AccountId,
		price: Price,
		size: Balance,
		mode: Mode,
	) -> Result<FillReceipt, ClearingError> {
		let checked = matches!(mode, Mode::Fill { .. });
		let (buyer_party, seller_party) = match mode {
			Mode::Fill { taker_buys: true, .. } | Mode::Transfer { giver_buys: true } => (Party::Taker, Party::Maker),
			_ => (Party::Maker, Party::Taker),
		};
		// The account under liquidation is exempt from the margin check (it is below maintenance
		// by definition); the liquidation engine bounds its fill prices instead.
		let liquidated = match mode {
			Mode::Fill { liquidation: true, .. } => Some(Party::Taker),
			_ => None,
		};
		if size == 0 || price == 0 {
			return Err(ClearingError::ZeroAmount);
		}
		if buyer == seller {
			return Err(ClearingError::SelfTrade);
		}
		let params = Markets::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		let mut state = MarketStates::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		if checked && params.status == MarketStatus::Halted {
			return Err(ClearingError::MarketHalted);
		}
		// An option series trades until its expiry and not after, whatever its status says
		// until the options pallet halts it in the block's on_finalize.
		if params.kind.series().is_some_and(|series| T::Time::now() >= series.expiry_ms) {
			return Err(ClearingError::MarketHalted);
		}
		// A fill needs the market's fresh mark: its decimals give the notional, and margin
		// checks mark at it.
		let mark = Self::market_mark(&params)?;
		let (_, price_decimals) = Self::trade_price(&params, &mark);
		let (buy_leg, sell_leg, notional, dust) = Self::legs(&params, price, price_decimals, size)?;

		let mut buyer_account = Accounts::<T>::get(buyer).unwrap_or_default();
		let mut seller_account = Accounts::<T>::get(seller).unwrap_or_default();
		// The ledgers as they were, for the margin-ratio check of a side that only shrinks.
		let (buyer_before, seller_before) = (buyer_account.clone(), seller_account.clone());
		let mut buyer_funding = SettledFunding::new();
		let mut seller_funding = SettledFunding::new();
		let funding = (state.funding_index, params.base_decimals);
		let buy = Self::apply_leg(&mut buyer_account, market, funding, &buy_leg, buyer_party, &mut buyer_funding)?;
		let sell = Self::apply_leg(&mut seller_account, market, funding, &sell_leg, seller_party, &mut seller_funding)?;
		Self::track_holder(&params, market, buyer, buy.old, buy.new);
		Self::track_holder(&params, market, seller, sell.old, sell.new);

		let must_shrink = match mode {
			Mode::Transfer { giver_buys } => Some(giver_buys),
			Mode::Fill { taker_buys, liquidation: true } => Some(taker_buys),
			Mode::Fill { .. } => None,
		};
		if let Some(buys) = must_shrink {
			// A transfer must shrink the giving side, a liquidation fill the liquidated taker.
			let shrinking = if buys { &buy } else { &sell };
			if !shrinking.only_reduces() || shrinking.old == shrinking.new {
				return Err(ClearingError::NotReducing);
			}
		}
		if checked && params.status == MarketStatus::ReduceOnly && (buy.increases_risk() || sell.increases_risk()) {
			return Err(ClearingError::ReduceOnly);
		}

		let open_interest = Self::new_open_interest(state.open_interest, &buy, &sell)?;
		if checked
			&& open_interest > state.open_interest
			&& params.open_interest_cap > 0
			&& open_interest > params.open_interest_cap
		{
			return Err(ClearingError::OpenInterestCap);
		}

		// Fees, on the notional rounded down, each rounded up; an option's on the underlying's
		// value, capped at a share of the premium.
		let mut receipt = FillReceipt { notional, taker_fee: 0, maker_fee: 0 };
		if checked {
			(receipt.taker_fee, receipt.maker_fee) = Self::fill_fees(&params, &mark, size, notional)?;
			let (buyer_fee, seller_fee) = if buyer_party == Party::Taker {
				(receipt.taker_fee, receipt.maker_fee)
			} else {
				(receipt.maker_fee, receipt.taker_fee)
			};
			buyer_account.collateral = buyer_account
				.collateral
				.checked_sub(i128::try_from(buyer_fee).map_err(|_| ClearingError::Overflow)?)
				.ok_or(ClearingError::Overflow)?;
			seller_account.collateral = seller_account
				.collateral
				.checked_sub(i128::try_from(seller_fee).map_err(|_| ClearingError::Overflow)?)
				.ok_or(ClearingError::Overflow)?;
		}
		let fees_total = receipt
			.taker_fee
			.checked_add(receipt.maker_fee)
			.ok_or(ClearingError::Overflow)?;
		let (to_insurance, to_fee_pool) = Self::split_fees(fees_total, dust);
		let unswept_insurance = state
			.unswept_insurance
			.checked_add(to_insurance)
			.ok_or(ClearingError::Overflow)?;
		let unswept_fee_pool = state.unswept_fee_pool.checked_add(to_fee_pool).ok_or(ClearingError::Overflow)?;

		// Write, then check margins against the written state (open interest scaling included);
		// the caller's storage transaction undoes everything on a refusal. The fees wait in the
		// market's record until on_finalize sweeps them to the pots.
		state.open_interest = open_interest;
		state.unswept_insurance = unswept_insurance;
		state.unswept_fee_pool = unswept_fee_pool;
		MarketStates::<T>::insert(market, &state);
		Self::commit_funding(buyer, &buyer_funding);
		Self::commit_funding(seller, &seller_funding);
		// Mark both ledgers once, with this market as the fill left it: the margin checks use the
		// marks, and so does the liquidation engine's re-filing.
		let snapshot = MarketSnapshot { market, params, state, mark };
		let buyer_risk = Self::risk_of(&buyer_account, Some(&snapshot));
		let seller_risk = Self::risk_of(&seller_account, Some(&snapshot));
		if checked {
			if liquidated != Some(buyer_party) {
				Self::check_margin(&buyer_risk, || Self::risk_of(&buyer_before, Some(&snapshot)), &buy, buyer_party)?;
			}
			if liquidated != Some(seller_party) {
				Self::check_margin(
					&seller_risk,
					|| Self::risk_of(&seller_before, Some(&snapshot)),
					&sell,
					seller_party,
				)?;
			}
		}
		Self::store_account(buyer, buyer_account, buyer_risk.as_ref().ok());
		Self::store_account(seller, seller_account, seller_risk.as_ref().ok());
		Ok(receipt)
	}

	/// The taker's and the maker's fee for a fill of `size` base atoms whose premium or price
	/// notional is `notional`: a fraction of it for a perpetual; for an option a fraction of the
	/// underlying's value (`size × index`), at most `fee_cap` of the premium paid (Deribit's
	/// rule: 0.03 % of the underlying, at most 12.5 % of the option's price).
	fn fill_fees(
		params: &MarketParams,
		mark: &MarketMark,
		size: Balance,
		notional: Balance,
	) -> Result<(Balance, Balance), ClearingError> {
		match (params.kind, mark) {
			(InstrumentKind::Option { fee_cap, .. }, MarketMark::Option(OptionMark::Live { index, decimals, .. })) => {
				let underlying = math::value(size, *index, params.base_decimals, *decimals, Rounding::Down)
					.ok_or(ClearingError::Overflow)?;
				let cap = math::fraction_up(fee_cap, notional);
				Ok((
					math::fraction_up(params.taker_fee, underlying).min(cap),
					math::fraction_up(params.maker_fee, underlying).min(cap),
				))
			},
			_ => Ok((math::fraction_up(params.taker_fee, notional), math::fraction_up(params.maker_fee, notional))),
		}
	}

	/// A fill, atomically, with its event.
	fn fill(
		market: MarketId,
		taker: &T::AccountId,
		maker: &T::AccountId,
		taker_side: Side,
		price: Price,
		size: Balance,
		liquidation: bool,
	) -> Result<FillReceipt, ClearingError> {
		let receipt = Self::atomically(|| match taker_side {
			Side::Buy => {
				Self::do_trade(market, taker, maker, price, size, Mode::Fill { taker_buys: true, liquidation })
			},
			Side::Sell => {
				Self::do_trade(market, maker, taker, price, size, Mode::Fill { taker_buys: false, liquidation })
			},
		})?;
		Self::deposit_event(Event::Filled {
			market,
			taker: taker.clone(),
			maker: maker.clone(),
			taker_side,
			price,
			size,
			notional: receipt.notional,
			taker_fee: receipt.taker_fee,
			maker_fee: receipt.maker_fee,
		});
		Ok(receipt)
	}

	/// Runs `f` in a storage transaction that is rolled back when it fails.
	fn atomically<R>(f: impl FnOnce() -> Result<R, ClearingError>) -> Result<R, ClearingError> {
		with_transaction_opaque_err(|| match f() {
			Ok(r) => TransactionOutcome::Commit(Ok(r)),
			Err(e) => TransactionOutcome::Rollback(Err(e)),
		})
		.map_err(|_| ClearingError::Overflow)?
	}
}

impl<T: Config> ClearingView<T::AccountId> for Pallet<T> {
	fn health(who: &T::AccountId) -> Result<AccountHealth, ClearingError> {
		Self::account_health(who)
	}

	fn market_rules(market: MarketId) -> Result<MarketRules, ClearingError> {
		let params = Markets::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		Ok(MarketRules {
			tick_size: params.tick_size,
			step_size: params.step_size,
			min_order_size: params.min_order_size,
			status: params.status.into(),
			price_band: params.price_band,
			impact_notional: params.impact_notional,
			base_decimals: params.base_decimals,
		})
	}

	fn mark_price(market: MarketId) -> Result<Price, ClearingError> {
		let params = Markets::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		Self::mark(&params).map(|(price, _)| price)
	}

	fn position_size(market: MarketId, who: &T::AccountId) -> i128 {
		Accounts::<T>::get(who)
			.and_then(|a| a.positions.iter().find(|p| p.market == market).map(|p| p.size))
			.unwrap_or(0)
	}

	fn position_count(who: &T::AccountId) -> u32 {
		Accounts::<T>::get(who)
			.map(|a| a.positions.len())
			.and_then(|n| u32::try_from(n).ok())
			.unwrap_or(0)
	}

	fn max_positions() -> u32 {
		<T::MaxPositions as frame_support::traits::Get<u32>>::get()
	}

	fn option_marks_weight(positions: u32) -> frame_support::weights::Weight {
		T::Options::mark_weight().saturating_mul(u64::from(positions))
	}

	fn account_changed_weight(positions: u32) -> frame_support::weights::Weight {
		// Benchmarked with perpetuals; each position may be an option, whose mark is a Black-76
		// evaluation on top.
		<<T as crate::Config>::WeightInfo as crate::weights::WeightInfo>::account_changed(positions)
			.saturating_add(T::Options::mark_weight().saturating_mul(u64::from(positions)))
	}

	fn order_margin(market: MarketId, price: Price, size: Balance) -> Result<Balance, ClearingError> {
		let params = Markets::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		let state = MarketStates::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		let mark = Self::market_mark(&params)?;
		let (_, decimals) = Self::trade_price(&params, &mark);
		let notional =
			math::value(size, price, params.base_decimals, decimals, Rounding::Up).ok_or(ClearingError::Overflow)?;
		match mark {
			// An option order may buy (its premium is paid) or write (a short's initial
			// requirement, at the undiscounted fraction of the index): the larger of the two.
			MarketMark::Option(OptionMark::Live { index, decimals, .. }) => {
				let underlying = math::value(size, index, params.base_decimals, decimals, Rounding::Up)
					.ok_or(ClearingError::Overflow)?;
				Ok(notional.max(math::fraction_up(params.initial_margin, underlying)))
			},
			_ => Ok(math::fraction_up(Self::initial_fraction(&params, &state), notional)),
		}
	}
}

impl<T: Config> FillClearing<T::AccountId> for Pallet<T> {
	fn apply_fill(
		market: MarketId,
		taker: &T::AccountId,
		maker: &T::AccountId,
		taker_side: Side,
		price: Price,
		size: Balance,
	) -> Result<FillReceipt, ClearingError> {
		Self::fill(market, taker, maker, taker_side, price, size, false)
	}

	fn apply_liquidation_fill(
		market: MarketId,
		taker: &T::AccountId,
		maker: &T::AccountId,
		taker_side: Side,
		price: Price,
		size: Balance,
	) -> Result<FillReceipt, ClearingError> {
		Self::fill(market, taker, maker, taker_side, price, size, true)
	}

	fn fresh_mark(market: MarketId) -> Result<(Price, u8), ClearingError> {
		let params = Markets::<T>::get(market).ok_or(ClearingError::UnknownMarket)?;
		Self::mark(&params)
	}
}

impl<T: Config> LiquidationClearing<T::AccountId> for Pallet<T> {
	fn account_risk(who: &T::AccountId) -> Result<clearing_primitives::AccountRisk, ClearingError> {
		Self::account_risk(who)
	}

	fn transfer_position(
		market: MarketId,
		from: &T::AccountId,
		to: &T::AccountId,
		price: Price,
		size: Balance,
	) -> Result<(), ClearingError> {
		Self::atomically(|| {
			let from_size = <Self as ClearingView<T::AccountId>>::position_size(market, from);
			if from_size == 0 || size > from_size.unsigned_abs() {
				return Err(ClearingError::NotReducing);
			}
			// A long gives its position away by selling it; a short by buying it back.
			if from_size > 0 {
				Self::do_trade(market, to, from, price, size, Mode::Transfer { giver_buys: false })
			} else {
				Self::do_trade(market, from, to, price, size, Mode::Transfer { giver_buys: true })
			}
		})?;
		Self::deposit_event(Event::PositionTransferred { market, from: from.clone(), to: to.clone(), price, size });
		Ok(())
	}

	fn charge_liquidation_penalty(who: &T::AccountId, amount: Balance) -> Result<Balance, ClearingError> {
		let charged = Self::atomically(|| {
			let mut account = Accounts::<T>::get(who).unwrap_or_default();
			let equity = Self::health_of(&account)?.equity;
			let cap = Balance::try_from(equity.max(0)).map_err(|_| ClearingError::Overflow)?;
			let charged = amount.min(cap);
			let delta = i128::try_from(charged).map_err(|_| ClearingError::Overflow)?;
			account.collateral = account.collateral.checked_sub(delta).ok_or(ClearingError::Overflow)?;
			let insurance = InsuranceFund::<T>::get().checked_add(charged).ok_or(ClearingError::Overflow)?;
			InsuranceFund::<T>::put(insurance);
			Self::store_account(who, account, None);
			Ok(charged)
		})?;
		Self::deposit_event(Event::LiquidationPenaltyCharged { who: who.clone(), amount: charged });
		Ok(charged)
	}

	fn live_markets() -> alloc::vec::Vec<MarketId> {
		crate::LiveMarkets::<T>::get().into_inner()
	}

	fn market_clock_inputs(
		market: MarketId,
		fresh_price: Option<Price>,
	) -> Option<clearing_primitives::MarketClockInputs> {
		let params = Markets::<T>::get(market)?;
		let state = MarketStates::<T>::get(market)?;
		// An option's value moves with its index (|delta| ≤ 1) and, beyond that, with its
		// expiry's risk index (surface moves, the settlement fixing).
		let (price, risk_index) = match params.kind.series() {
			None => (fresh_price.or_else(|| Self::mark(&params).ok().map(|(price, _)| price)), 0),
			Some(series) => {
				let price = fresh_price.or_else(|| match T::Options::option_mark(&params.feed, series) {
					Ok(OptionMark::Live { index, .. }) => Some(index),
					Ok(OptionMark::Settled { price, .. }) => Some(price),
					Err(_) => None,
				});
				(price, T::Options::risk_index(series.expiry))
			},
		};
		Some(clearing_primitives::MarketClockInputs {
			price,
			maintenance_fraction: params.maintenance_margin,
			max_funding_rate: params.max_funding_rate,
			funding_index: state.funding_index,
			risk_index,
		})
	}

	fn settle_expired(who: &T::AccountId) -> Result<u32, ClearingError> {
		Self::atomically(|| Self::settle_expired_positions(who))
	}

	fn insurance_fund() -> Balance {
		InsuranceFund::<T>::get()
	}

	fn insurance_payout(to: &T::AccountId, amount: Balance) -> Result<Balance, ClearingError> {
		let paid = Self::atomically(|| {
			let fund = InsuranceFund::<T>::get();
			let paid = amount.min(fund);
			let mut account = Accounts::<T>::get(to).unwrap_or_default();
			let delta = i128::try_from(paid).map_err(|_| ClearingError::Overflow)?;
			account.collateral = account.collateral.checked_add(delta).ok_or(ClearingError::Overflow)?;
			InsuranceFund::<T>::put(fund.saturating_sub(paid));
			Self::store_account(to, account, None);
			Ok(paid)
		})?;
		if paid > 0 {
			Self::deposit_event(Event::InsurancePaidOut { to: to.clone(), amount: paid });
		}
		Ok(paid)
	}

	fn accounts_with_positions() -> alloc::vec::Vec<T::AccountId> {
		Self::accounts_with_positions()
	}
}

/// The liquidation engine's per-account record, kept inside the margin ledger: a fill reads and
/// writes one record per account rather than two. A `StoredMap`, as `frame-system`'s account
/// record is for `pallet-balances`: the liquidation engine reads and writes its record through it
/// and never sees the ledger. A ledger left holding nothing (no collateral, no position, a
/// default record) is removed.
pub struct ObserverRecords<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::StoredMap<T::AccountId, crate::ObserverRecordOf<T>> for ObserverRecords<T>
where
	crate::ObserverRecordOf<T>: Default,
{
	fn get(who: &T::AccountId) -> crate::ObserverRecordOf<T> {
		Accounts::<T>::get(who)
			.map(|account| account.observer_record)
			.unwrap_or_default()
	}

	fn try_mutate_exists<R, E: From<sp_runtime::DispatchError>>(
		who: &T::AccountId,
		f: impl FnOnce(&mut Option<crate::ObserverRecordOf<T>>) -> Result<R, E>,
	) -> Result<R, E> {
		Accounts::<T>::try_mutate_exists(who, |stored| {
			let mut record = stored.as_ref().map(|account| account.observer_record.clone());
			let result = f(&mut record)?;
			let mut account = stored.take().unwrap_or_default();
			account.observer_record = record.unwrap_or_default();
			if !account.is_empty() {
				*stored = Some(account);
			}
			Ok(result)
		})
	}
}
