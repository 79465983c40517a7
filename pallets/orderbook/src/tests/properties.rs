//! Property test against a reference model: random order flows (every kind, cancels, several
//! traders who also trade with themselves) give the same fills and the same resting book as a
//! plain list-based book with price-time priority, and the settlement asset is conserved.

use super::mock::*;
use crate::{Error, OrderKind};
use clearing_primitives::Side;
use proptest::prelude::*;

const P: u128 = 50_000 * USD;

#[derive(Clone, Debug)]
enum Op {
	Place { who: AccountId, buy: bool, ticks: i64, lots: u128, kind: u8 },
	Cancel { who: AccountId, nth: usize },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		5 => (1u64..=4, any::<bool>(), -6i64..=6, 1u128..=4, 0u8..5)
			.prop_map(|(who, buy, ticks, lots, kind)| Op::Place { who, buy, ticks, lots, kind }),
		1 => (1u64..=4, 0usize..8).prop_map(|(who, nth)| Op::Cancel { who, nth }),
	]
}

fn kind_of(k: u8) -> OrderKind {
	match k {
		0 => OrderKind::Limit,
		1 => OrderKind::ImmediateOrCancel,
		2 => OrderKind::FillOrKill,
		3 => OrderKind::PostOnly,
		_ => OrderKind::Market,
	}
}

#[derive(Clone, Debug)]
struct ModelOrder {
	id: u64,
	owner: AccountId,
	side: Side,
	price: u128,
	remaining: u128,
}

/// The reference: resting orders in arrival order; matching scans them for the best price and,
/// among equals, the earliest.
#[derive(Clone, Debug, Default)]
struct Model {
	orders: Vec<ModelOrder>,
	next_id: u64,
}

type Fill = (u64, Option<u64>, AccountId, AccountId, u128, u128);

impl Model {
	fn crosses(side: Side, limit: u128, resting: u128) -> bool {
		match side {
			Side::Buy => resting <= limit,
			Side::Sell => resting >= limit,
		}
	}

	fn best(&self, side: Side, limit: u128) -> Option<usize> {
		let mut best: Option<usize> = None;
		for (i, o) in self.orders.iter().enumerate() {
			if o.side == side.opposite() && Self::crosses(side, limit, o.price) {
				let better = match best {
					None => true,
					Some(b) => {
						let b = &self.orders[b];
						match side {
							Side::Buy => o.price < b.price,
							Side::Sell => o.price > b.price,
						}
					},
				};
				if better {
					best = Some(i);
				}
			}
		}
		best
	}

	fn place(
		&mut self,
		who: AccountId,
		side: Side,
		price: u128,
		size: u128,
		kind: OrderKind,
	) -> Result<Vec<Fill>, Error<Test>> {
		if kind == OrderKind::PostOnly && self.best(side, price).is_some() {
			return Err(Error::<Test>::PostOnlyWouldCross);
		}
		let saved = self.clone();
		let id = self.next_id;
		self.next_id += 1;
		let mut remaining = size;
		let mut fills = vec![];
		let mut visited = 0;
		let mut hit_limit = false;
		while remaining > 0 {
			let Some(i) = self.best(side, price) else { break };
			if visited >= MAX_FILLS {
				hit_limit = true;
				break;
			}
			visited += 1;
			if self.orders[i].owner == who {
				self.orders.remove(i);
				continue;
			}
			let fill = remaining.min(self.orders[i].remaining);
			let maker = &mut self.orders[i];
			fills.push((maker.id, Some(id), maker.owner, who, maker.price, fill));
			maker.remaining -= fill;
			remaining -= fill;
			if maker.remaining == 0 {
				self.orders.remove(i);
			}
		}
		let refuse = |model: &mut Model, e| {
			*model = saved.clone();
			Err(e)
		};
		if kind == OrderKind::FillOrKill && remaining > 0 {
			return refuse(self, Error::<Test>::FillOrKillNotFilled);
		}
		if remaining > 0 && matches!(kind, OrderKind::Limit | OrderKind::PostOnly) && !hit_limit {
			let mut prices: Vec<u128> = self.orders.iter().filter(|o| o.side == side).map(|o| o.price).collect();
			prices.sort();
			prices.dedup();
			if !prices.contains(&price) && prices.len() as u32 >= MAX_LEVELS {
				return refuse(self, Error::<Test>::TooManyPriceLevels);
			}
			if self.orders.iter().filter(|o| o.owner == who).count() as u32 >= MAX_OPEN_ORDERS {
				return refuse(self, Error::<Test>::TooManyOpenOrders);
			}
			self.orders.push(ModelOrder { id, owner: who, side, price, remaining });
		}
		Ok(fills)
	}

	/// One side as `book_side` shows it: best price first, oldest first within a price.
	fn side(&self, side: Side) -> BookSide {
		let mut prices: Vec<u128> = self.orders.iter().filter(|o| o.side == side).map(|o| o.price).collect();
		prices.sort();
		prices.dedup();
		if side == Side::Buy {
			prices.reverse();
		}
		prices
			.into_iter()
			.map(|p| {
				let orders = self
					.orders
					.iter()
					.filter(|o| o.side == side && o.price == p)
					.map(|o| (o.id, o.owner, o.remaining))
					.collect();
				(p, orders)
			})
			.collect()
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn the_book_matches_the_reference_model(ops in prop::collection::vec(op(), 1..60)) {
		new_test_ext().execute_with(|| {
			let mut model = Model { next_id: crate::NextOrderId::<Test>::get(), ..Default::default() };
			let (mut total_fills, mut refusals) = (0usize, 0usize);
			for op in ops {
				System::reset_events();
				match op {
					Op::Place { who, buy, ticks, lots, kind } => {
						let side = if buy { Side::Buy } else { Side::Sell };
						let price = (P as i128 + ticks as i128 * TICK as i128) as u128;
						let kind = kind_of(kind);
						let expected = model.place(who, side, price, lots * LOT, kind);
						let actual = place(who, side, price, lots * LOT, kind);
						match expected {
							Ok(expected_fills) => {
								prop_assert!(actual.is_ok(), "{op:?}: model accepted, chain refused {actual:?}");
								prop_assert_eq!(fills(), expected_fills.clone(), "{:?}", op);
								total_fills += expected_fills.len();
							},
							Err(e) => {
								prop_assert_eq!(actual.err(), Some(e.into()), "{:?}", op);
								prop_assert!(fills().is_empty());
								refusals += 1;
							},
						}
					},
					Op::Cancel { who, nth } => {
						let mine: Vec<u64> = model.orders.iter().filter(|o| o.owner == who).map(|o| o.id).collect();
						if let Some(id) = mine.get(nth).copied() {
							model.orders.retain(|o| o.id != id);
							prop_assert!(Orderbook::cancel_order(RuntimeOrigin::signed(who), id).is_ok());
						}
					},
				}
				prop_assert_eq!(book_side(BTC_USD, Side::Buy), model.side(Side::Buy));
				prop_assert_eq!(book_side(BTC_USD, Side::Sell), model.side(Side::Sell));
				assert_reservations_consistent();
				assert_conserved();
				// The book's own invariants, as `try-runtime` checks them after every block.
				prop_assert_eq!(Orderbook::do_try_state(), Ok(()), "after {:?}", op);
			}
			// Summary for whoever reads the test output with --nocapture.
			if std::env::var("ORDERBOOK_PROPTEST_STATS").is_ok() {
				println!("fills {total_fills}, refusals {refusals}");
			}
			Ok(())
		})?;
	}
}
