//! Liquidating one account: cancel its orders, close slices of its positions against the book
//! no worse than their bankruptcy price, hand what the book cannot absorb to the insurance fund
//! (or deleverage it), charge the penalty, pay bad debt, and file the account again.

use crate::{AdlRanking, Config, Event, Pallet, Parameters};
use clearing_primitives::{
	risk::{bankruptcy_price, restoring_notional},
	AccountRisk, Balance, ClearingView, LiquidationClearing, MarketId, OrderBook, PositionRisk, Price, Side,
};
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Bounded, Saturating, Zero},
	FixedPointNumber, FixedU128, Perbill, Rounding,
};

/// What closing one slice did, in base atoms.
#[derive(Default)]
struct SliceOutcome {
	book_filled: Balance,
	taken_over: Balance,
	deleveraged: Balance,
}

impl SliceOutcome {
	fn closed(&self) -> Balance {
		self.book_filled
			.saturating_add(self.taken_over)
			.saturating_add(self.deleveraged)
	}
}

/// `amount × part / whole`, rounded as asked; `amount` itself for a zero `whole`.
fn share_of(amount: Balance, part: Balance, whole: Balance, rounding: Rounding) -> Balance {
	if whole == 0 {
		return amount;
	}
	multiply_by_rational_with_rounding(amount, part, whole, rounding).unwrap_or(amount)
}

/// Rounds `size` up to a multiple of `step` (a zero step leaves it).
fn round_up_to_step(size: Balance, step: Balance) -> Balance {
	if step == 0 {
		return size;
	}
	size.div_ceil(step).saturating_mul(step)
}

/// Rounds `size` down to a multiple of `step` (a zero step leaves it).
fn round_down_to_step(size: Balance, step: Balance) -> Balance {
	size.checked_div(step).map(|lots| lots.saturating_mul(step)).unwrap_or(size)
}

/// The part of the account's equity that stands behind closing `closed` base atoms of
/// `position`: equity × (the slice's maintenance requirement / the account's), toward zero.
fn equity_share(risk: &AccountRisk, position: &PositionRisk, closed: Balance) -> i128 {
	let slice_mmr = share_of(position.maintenance_margin, closed, position.size.unsigned_abs(), Rounding::Down);
	let magnitude =
		share_of(risk.health.equity.unsigned_abs(), slice_mmr, risk.health.maintenance_margin, Rounding::Down);
	let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
	if risk.health.equity >= 0 {
		magnitude
	} else {
		magnitude.saturating_neg()
	}
}

/// What one liquidation step did: the work it is charged for ([`Pallet::liquidation_weight`]).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct LiquidationWork {
	/// Resting orders of the account cancelled.
	pub orders_cancelled: u32,
	/// Resting orders the close-outs visited on the book.
	pub orders_touched: u32,
	/// Positions moved by takeover or deleveraging.
	pub transfers: u32,
	/// Deleveraging candidates marked.
	pub candidates: u32,
	/// Slices closed (each re-marks the account).
	pub rounds: u32,
	/// Most positions an account touched held (marking and re-filing cost grows with it).
	pub positions: u32,
	/// Markets whose book this step visited first in its block (the first visit reads and
	/// writes the market's book and state; later ones find them cached).
	pub fresh_markets: u32,
	/// Most positions held by an account on the other side of a transfer (the backstop, a
	/// deleveraging counterparty) or a deleveraging candidate marked: re-filing and marking them
	/// costs by their own positions.
	pub counterparty_positions: u32,
}

/// What one liquidation step may still do: the bounds that make its worst case a weight.
struct Budget {
	touched: u32,
	transfers: u32,
	candidates: u32,
}

impl<T: Config> Pallet<T> {
	/// Liquidates `who` as far as this block allows (see the crate docs), then files it again or
	/// queues it. `keeper` earns its share of the penalty. Returns the work done, within the
	/// bounds [`Self::max_liquidation_weight`] charges for: what does not fit waits in the queue.
	/// `markets_seen`: the markets whose book the block visited already (this step adds its own).
	pub(crate) fn liquidate_account(
		who: &T::AccountId,
		risk: AccountRisk,
		keeper: Option<T::AccountId>,
		markets_seen: &mut alloc::collections::BTreeSet<MarketId>,
	) -> LiquidationWork {
		let parameters = Parameters::<T>::get();
		let mut work = LiquidationWork {
			positions: u32::try_from(risk.positions.len()).unwrap_or(u32::MAX),
			..Default::default()
		};
		let (visits, transfers) = Self::step_bounds();
		let mut budget = Budget { touched: visits, transfers, candidates: transfers };
		// Positions in series whose settlement price is fixed are sure cash, not risk to close:
		// settle them first (their markets no longer trade).
		let risk = match T::Clearing::settle_expired(who) {
			Ok(n) if n > 0 => T::Clearing::account_risk(who).unwrap_or(risk),
			_ => risk,
		};
		work.orders_cancelled = T::Book::cancel_all_orders(who);
		Self::deposit_event(Event::LiquidationStarted {
			who: who.clone(),
			equity: risk.health.equity,
			maintenance_margin: risk.health.maintenance_margin,
			orders_cancelled: work.orders_cancelled,
		});

		let mut closed_notional: Balance = 0;
		let mut penalty_due: Balance = 0;
		let mut risk = risk;
		// Each round closes one slice of one position, within the step's bound of rounds (a
		// still liquidatable account goes on in the next block).
		for _ in 0..Self::max_rounds() {
			// The target is met net of the penalty the closed slices owe (bankruptcy prices use
			// the equity as it stands: the penalty is only charged from what is left).
			let mut net = risk.clone();
			net.health.equity = net
				.health
				.equity
				.saturating_sub(i128::try_from(penalty_due).unwrap_or(i128::MAX));
			if risk.positions.is_empty() || Self::restored(&net, parameters.restore_buffer) {
				break;
			}
			let cap_left = parameters.max_close_notional_per_block.saturating_sub(closed_notional);
			let Some(position) = risk
				.positions
				.iter()
				.max_by_key(|p| (p.maintenance_margin, p.notional))
				.copied()
			else {
				break;
			};
			let slippage = fillable_slippage(&net, &position, parameters.fillable_spread);
			let size = Self::slice_size(&net, &position, parameters.restore_buffer, slippage, cap_left);
			if size == 0 {
				break;
			}
			work.rounds = work.rounds.saturating_add(1);
			let (outcome, waits) =
				Self::close_slice(who, &risk, &position, size, slippage, &mut budget, &mut work, markets_seen);
			let closed = outcome.closed();
			if closed > 0 {
				let whole = position.size.unsigned_abs();
				let notional = share_of(position.notional, closed, whole, Rounding::Down);
				// The per-block cap counts risk closed: an option's underlying value.
				closed_notional =
					closed_notional.saturating_add(share_of(position.risk_notional, closed, whole, Rounding::Down));
				// The penalty is owed on what was closed (an option's premium), whoever took it.
				penalty_due = penalty_due.saturating_add(position.liquidation_penalty.mul_ceil(notional));
			}
			if closed == 0 || waits {
				break;
			}
			match T::Clearing::account_risk(who) {
				Ok(next) => risk = next,
				Err(_) => break,
			}
		}

		// The penalty, capped at the equity left, to the insurance fund; the keeper's share back
		// out of it.
		let penalty =
			if penalty_due > 0 { T::Clearing::charge_liquidation_penalty(who, penalty_due).unwrap_or(0) } else { 0 };
		let keeper_reward = match &keeper {
			Some(keeper) if penalty > 0 => {
				T::Clearing::insurance_payout(keeper, parameters.keeper_share.mul_floor(penalty)).unwrap_or(0)
			},
			_ => 0,
		};

		// An account left without positions and below zero is bad debt, paid by the fund now.
		let mut after = T::Clearing::account_risk(who).ok();
		if after
			.as_ref()
			.is_some_and(|a| a.positions.is_empty() && a.health.collateral < 0)
		{
			Self::cover_bad_debt(who);
			after = T::Clearing::account_risk(who).ok();
		}
		let positions_left = after.as_ref().map(|a| a.positions.len()).unwrap_or_default();
		Self::deposit_event(Event::Liquidated {
			who: who.clone(),
			closed_notional,
			penalty,
			keeper,
			keeper_reward,
			positions_left: u32::try_from(positions_left).unwrap_or(u32::MAX),
		});

		// Still under water (the cap, the step's bounds, or nothing to close against): the
		// queue; otherwise filed.
		match after {
			Some(now) if now.health.is_liquidatable() && !now.positions.is_empty() => Self::enqueue(who),
			Some(now) => {
				let clock = crate::RiskClock::<T>::get();
				Self::file(who, &now, clock);
			},
			None => Self::enqueue(who),
		}
		work
	}

	/// Pays a flat account's negative collateral from the insurance fund (bad debt); what the fund
	/// cannot pay is reported as uncovered.
	pub(crate) fn cover_bad_debt(who: &T::AccountId) {
		let Some(debt) = T::Clearing::account_risk(who)
			.ok()
			.filter(|a| a.positions.is_empty() && a.health.collateral < 0)
			.map(|a| a.health.collateral.unsigned_abs())
		else {
			return;
		};
		let covered = T::Clearing::insurance_payout(who, debt).unwrap_or(0);
		if covered > 0 {
			Self::deposit_event(Event::BadDebtCovered { who: who.clone(), amount: covered });
		}
		if covered < debt {
			Self::deposit_event(Event::BadDebtUncovered { who: who.clone(), amount: debt.saturating_sub(covered) });
		}
	}

	/// Whether the account meets `(1 + buffer) × MMR`.
	fn restored(risk: &AccountRisk, buffer: Perbill) -> bool {
		restoring_notional(
			risk.health.equity,
			risk.health.maintenance_margin,
			buffer,
			Perbill::one(),
			Perbill::zero(),
			Perbill::zero(),
		) == Some(0)
	}

	/// How many base atoms of `position` to close now: what restores the account even when the
	/// whole slice fills at its worst (`slippage` from the mark), rounded up to lots, all of it
	/// when nothing less can, within `cap_left` settlement atoms of notional.
	fn slice_size(
		risk: &AccountRisk,
		position: &PositionRisk,
		buffer: Perbill,
		slippage: Perbill,
		cap_left: Balance,
	) -> Balance {
		let whole = position.size.unsigned_abs();
		if position.notional == 0 {
			return whole;
		}
		// The restoring notional is a perpetual's: what a unit of notional releases and costs as
		// fractions of it. An option's requirement is not a fraction of its premium, so an option
		// position is closed whole (within the cap), which over-closes but never under-closes.
		let wanted_notional = if risk.health.equity <= 0 || position.is_option {
			None
		} else {
			restoring_notional(
				risk.health.equity,
				risk.health.maintenance_margin,
				buffer,
				position.maintenance_fraction,
				position.liquidation_penalty,
				position.taker_fee.saturating_add(slippage),
			)
		};
		let mut size = match wanted_notional {
			Some(n) if n < position.notional => {
				round_up_to_step(share_of(whole, n, position.notional, Rounding::Up), position.step_size).min(whole)
			},
			_ => whole,
		};
		let allowed = share_of(whole, cap_left, position.risk_notional.max(position.notional), Rounding::Down);
		if size > allowed {
			size = round_down_to_step(allowed, position.step_size);
		}
		size
	}

	/// Closes `size` base atoms of `position`: the book first, no worse than the fillable price
	/// (`slippage` from the mark, never beyond the bankruptcy price); if the book cannot absorb
	/// the slice, the whole remaining position by insurance takeover at its bankruptcy price when
	/// the fund can pay its loss, by deleveraging otherwise.
	/// Returns what it closed and whether the step's bounds stopped it (the rest waits for the
	/// next block).
	#[allow(clippy::too_many_arguments)] // The step's state, passed apart so each borrow stays visible.
	fn close_slice(
		who: &T::AccountId,
		risk: &AccountRisk,
		position: &PositionRisk,
		size: Balance,
		slippage: Perbill,
		budget: &mut Budget,
		work: &mut LiquidationWork,
		markets_seen: &mut alloc::collections::BTreeSet<MarketId>,
	) -> (SliceOutcome, bool) {
		let long = position.size > 0;
		let market = position.market;
		let mut outcome = SliceOutcome::default();
		let Some(bankruptcy) = bankruptcy_price(
			long,
			position.mark,
			size,
			equity_share(risk, position, size),
			position.base_decimals,
			position.price_decimals,
		) else {
			return (outcome, false);
		};
		let limit = fillable_price(long, position.mark, slippage, bankruptcy);
		let side = if long { Side::Sell } else { Side::Buy };
		let mut book_notional = 0;
		if budget.touched > 0 {
			if markets_seen.insert(market) {
				work.fresh_markets = work.fresh_markets.saturating_add(1);
			}
			if let Ok(taken) = T::Book::take_liquidity(market, who, side, limit, size, budget.touched) {
				outcome.book_filled = taken.filled;
				book_notional = taken.notional;
				budget.touched = budget.touched.saturating_sub(taken.orders_touched);
				work.orders_touched = work.orders_touched.saturating_add(taken.orders_touched);
			}
		}
		// The book may still hold liquidity within the limit that the step's bound kept it from:
		// the rest waits for the next block rather than go to the fund.
		let mut waits = budget.touched == 0 && outcome.book_filled < size;

		let mut rest = size.saturating_sub(outcome.book_filled);
		if rest > 0 && !waits {
			// The book changed the account: price the rest on what is left.
			if let Some((now, now_position)) = T::Clearing::account_risk(who)
				.ok()
				.and_then(|r| r.positions.iter().find(|p| p.market == market).copied().map(|p| (r, p)))
			{
				// A slice closed at its bankruptcy price leaves the account's margin ratio where it
				// was, so slices would never restore it: the fund (or deleveraging) takes the
				// whole position at once.
				rest = now_position.size.unsigned_abs();
				let price = bankruptcy_price(
					long,
					now_position.mark,
					rest,
					equity_share(&now, &now_position, rest),
					now_position.base_decimals,
					now_position.price_decimals,
				)
				.unwrap_or(bankruptcy);
				if budget.transfers > 0 {
					outcome.taken_over = Self::take_over(who, &now_position, rest, price);
					if outcome.taken_over > 0 {
						budget.transfers = budget.transfers.saturating_sub(1);
						work.transfers = work.transfers.saturating_add(1);
						work.counterparty_positions = work
							.counterparty_positions
							.max(T::Clearing::position_count(&Self::backstop_account()));
					}
				}
				rest = rest.saturating_sub(outcome.taken_over);
				if rest > 0 {
					outcome.deleveraged = Self::deleverage(who, market, long, rest, price, budget, work);
					waits = outcome.deleveraged < rest && (budget.transfers == 0 || budget.candidates == 0);
				}
			}
		}
		Self::deposit_event(Event::PositionClosed {
			who: who.clone(),
			market,
			size,
			bankruptcy_price: bankruptcy,
			limit_price: limit,
			book_filled: outcome.book_filled,
			book_notional,
			taken_over: outcome.taken_over,
			deleveraged: outcome.deleveraged,
		});
		(outcome, waits)
	}

	/// What the insurance fund can spend: its balance less what its backstop's inventory has lost
	/// (marked at fresh prices; an inventory that cannot be marked counts as worthless gain).
	pub fn insurance_available() -> Balance {
		let fund = T::Clearing::insurance_fund();
		match T::Clearing::health(&Self::backstop_account()) {
			Ok(health) if health.equity < 0 => fund.saturating_sub(health.equity.unsigned_abs()),
			_ => fund,
		}
	}

	/// The insurance fund's backstop takes `size` base atoms over at `price`, if the fund (net of
	/// its inventory's losses) can pay the loss a price beyond the mark means; returns what it
	/// took.
	fn take_over(who: &T::AccountId, position: &PositionRisk, size: Balance, price: Price) -> Balance {
		let beyond_mark = if position.size > 0 { price > position.mark } else { price < position.mark };
		let loss = if beyond_mark {
			clearing_primitives::risk::value_of(
				size,
				price.abs_diff(position.mark),
				position.base_decimals,
				position.price_decimals,
				Rounding::Up,
			)
			.unwrap_or(Balance::MAX)
		} else {
			0
		};
		let available = Self::insurance_available();
		if available == 0 || loss > available {
			return 0;
		}
		let backstop = Self::backstop_account();
		if T::Clearing::transfer_position(position.market, who, &backstop, price, size).is_err() {
			return 0;
		}
		let paid = if loss > 0 { T::Clearing::insurance_payout(&backstop, loss).unwrap_or(0) } else { 0 };
		Self::deposit_event(Event::InsuranceTakeover {
			who: who.clone(),
			market: position.market,
			size,
			price,
			loss: paid,
		});
		if paid > 0 {
			Self::deposit_event(Event::BadDebtCovered { who: who.clone(), amount: paid });
		}
		size
	}

	/// Closes `size` base atoms of `who`'s position in `market` against opposite positions at
	/// `price`; returns what it closed. The candidates are the largest opposite positions
	/// ([`AdlRanking`]), taken most profitable × most leveraged first at this moment's prices;
	/// stale entries (a position since closed or flipped) are dropped. Marks and transfers count
	/// against the step's budget.
	fn deleverage(
		who: &T::AccountId,
		market: MarketId,
		long: bool,
		size: Balance,
		price: Price,
		budget: &mut Budget,
		work: &mut LiquidationWork,
	) -> Balance {
		let mut lists = AdlRanking::<T>::get(market);
		let opposite_side = lists.side_mut(!long);
		let before = opposite_side.len();
		opposite_side.retain(|(account, _)| {
			let opposite = T::Clearing::position_size(market, account);
			account != who && if long { opposite < 0 } else { opposite > 0 }
		});
		let ranking = opposite_side.clone();
		if ranking.len() != before {
			AdlRanking::<T>::insert(market, lists);
		}
		let mut candidates: alloc::vec::Vec<(T::AccountId, Balance, (bool, FixedU128))> = alloc::vec::Vec::new();
		for (account, _) in ranking {
			if budget.candidates == 0 {
				break;
			}
			budget.candidates = budget.candidates.saturating_sub(1);
			work.candidates = work.candidates.saturating_add(1);
			let Ok(risk) = T::Clearing::account_risk(&account) else { continue };
			work.counterparty_positions = work
				.counterparty_positions
				.max(u32::try_from(risk.positions.len()).unwrap_or(u32::MAX));
			let Some(position) = risk.positions.iter().find(|p| p.market == market) else { continue };
			candidates.push((account.clone(), position.size.unsigned_abs(), adl_score(&risk, position)));
		}
		candidates.sort_by_key(|c| core::cmp::Reverse(c.2));
		let mut rest = size;
		for (counterparty, held, _) in candidates {
			if rest == 0 || budget.transfers == 0 {
				break;
			}
			let amount = rest.min(held);
			budget.transfers = budget.transfers.saturating_sub(1);
			work.transfers = work.transfers.saturating_add(1);
			if T::Clearing::transfer_position(market, who, &counterparty, price, amount).is_ok() {
				rest = rest.saturating_sub(amount);
				Self::deposit_event(Event::Deleveraged { who: who.clone(), counterparty, market, size: amount, price });
			}
		}
		size.saturating_sub(rest)
	}
}

/// How far from the mark a liquidation of `position` may fill on the book, as a fraction of the
/// mark: `spread × mmf × (1 − equity / MMR)`, the account's equity ratio clamped to [0, 1] (the
/// deeper under water, the more slippage is allowed), rounded down.
pub fn fillable_slippage(risk: &AccountRisk, position: &PositionRisk, spread: Perbill) -> Perbill {
	let mmr = risk.health.maintenance_margin;
	let covered = if risk.health.equity <= 0 || mmr == 0 {
		Perbill::zero()
	} else {
		Perbill::from_rational(risk.health.equity.unsigned_abs().min(mmr), mmr)
	};
	let under_water = Perbill::one().saturating_sub(covered);
	spread.saturating_mul(position.maintenance_fraction).saturating_mul(under_water)
}

/// The limit a liquidation fills at: `mark × (1 − slippage)` for a long (`× (1 + slippage)` for a
/// short), rounded towards the mark, and never beyond the bankruptcy price.
pub fn fillable_price(long: bool, mark: Price, slippage: Perbill, bankruptcy: Price) -> Price {
	let width = slippage.mul_floor(mark);
	if long {
		mark.saturating_sub(width).max(bankruptcy)
	} else {
		mark.saturating_add(width).min(bankruptcy)
	}
}

/// A deleveraging candidate's rank: profitable first, then by (unrealized PnL / notional) ×
/// (gross notional / equity); unprofitable ones by leverage alone.
fn adl_score(risk: &AccountRisk, position: &PositionRisk) -> (bool, FixedU128) {
	let leverage = if risk.health.equity > 0 {
		FixedU128::checked_from_rational(risk.health.gross_notional, risk.health.equity.unsigned_abs())
			.unwrap_or(FixedU128::max_value())
	} else {
		FixedU128::max_value()
	};
	if position.unrealized_pnl > 0 && position.notional > 0 {
		let pnl = FixedU128::checked_from_rational(position.unrealized_pnl.unsigned_abs(), position.notional)
			.unwrap_or(FixedU128::zero());
		(true, pnl.saturating_mul(leverage))
	} else {
		(false, leverage)
	}
}

impl<T: Config> Pallet<T> {
	/// One unwinding step of the insurance fund's backstop, at the end of on_finalize: its
	/// largest position is offered to the book as a reduce-only taker, no further than
	/// `backstop_unwind_slippage` from the oracle and up to the per-block close-out cap, so the
	/// fund's inventory shrinks block by block instead of counting against open interest
	/// forever. A backstop left flat settles with the fund: a loss is paid by it, a gain goes
	/// back to it.
	pub(crate) fn unwind_backstop(parameters: &crate::LiquidationParameters) {
		let backstop = Self::backstop_account();
		let Ok(risk) = T::Clearing::account_risk(&backstop) else { return };
		if let Some(position) = risk.positions.iter().max_by_key(|p| p.notional).copied() {
			let long = position.size > 0;
			let whole = position.size.unsigned_abs();
			let size = if position.notional <= parameters.max_close_notional_per_block {
				whole
			} else {
				round_down_to_step(
					share_of(whole, parameters.max_close_notional_per_block, position.notional, Rounding::Down),
					position.step_size,
				)
			};
			let far = if long { 1 } else { Price::MAX };
			let limit = fillable_price(long, position.mark, parameters.backstop_unwind_slippage, far);
			let side = if long { Side::Sell } else { Side::Buy };
			if size > 0 {
				if let Ok(taken) =
					T::Book::take_liquidity(position.market, &backstop, side, limit, size, Self::step_bounds().0)
				{
					if taken.filled > 0 {
						Self::deposit_event(Event::BackstopUnwound {
							market: position.market,
							size: taken.filled,
							notional: taken.notional,
						});
					}
				}
			}
		}
		let Ok(after) = T::Clearing::account_risk(&backstop) else { return };
		if after.positions.is_empty() {
			if after.health.collateral < 0 {
				Self::cover_bad_debt(&backstop);
			} else if after.health.collateral > 0 {
				// The inventory's gain returns to the fund it was bought with.
				let _ = T::Clearing::charge_liquidation_penalty(&backstop, after.health.collateral.unsigned_abs());
			}
		}
	}
}
