//! The design's invariant as a property test: on random price paths over accounts with random
//! leveraged positions, after every block no account is liquidatable unless it waits in the
//! pending queue, checked against a brute-force scan of every account; and the settlement asset
//! is conserved to the atom through every liquidation, takeover and deleveraging.

use super::mock::*;
use crate::{LastBlockWork, LiquidationParameters, Parameters, Pending};
use frame_support::{assert_ok, traits::Hooks};
use proptest::prelude::*;

/// 0.01 BTC in base atoms.
const CENTI_BTC: u128 = BTC / 100;
/// The first trader's account id.
const FIRST_TRADER: AccountId = 100;

/// Every account that the brute-force scan finds liquidatable at fresh prices but that the engine
/// does not know about: neither in the pending queue nor in a bucket the clock has passed (due:
/// the next block evaluates it before any other, when this block's metered budget ran out). The
/// insurance fund's backstop is never liquidated.
fn liquidatable_outside_the_queue(due_counts: bool) -> Vec<AccountId> {
	let backstop = Liquidation::backstop_account();
	pallet_margin::Accounts::<Test>::iter_keys()
		.filter(|who| *who != backstop)
		.filter(|who| {
			<Margin as clearing_primitives::LiquidationClearing<AccountId>>::account_risk(who)
				.map(|r| !r.positions.is_empty() && r.health.is_liquidatable())
				.unwrap_or(false)
		})
		.filter(|who| !Pending::<Test>::contains_key(who))
		.filter(|who| {
			let due = crate::clock::key_of(crate::RiskClock::<Test>::get());
			!(due_counts && Liquidation::filed_at(who).is_some_and(|key| key <= due))
		})
		.collect()
}

/// Opens each trader's position at 50,000 against Alice: (size in 0.01 BTC, long?, collateral per
/// mille of notional). Returns their accounts.
fn open_traders(traders: &[(u128, bool, u128)]) -> Vec<AccountId> {
	let mut ids = vec![];
	for (i, (centis, long, per_mille)) in traders.iter().enumerate() {
		let who = FIRST_TRADER + i as AccountId;
		let size = centis * CENTI_BTC;
		fund(who, size * 50_000 / BTC * USDC * per_mille / 1_000);
		if *long {
			trade(who, ALICE, 50_000, size)
		} else {
			trade(ALICE, who, 50_000, size)
		}
		ids.push(who);
	}
	ids
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

	#[test]
	fn after_every_block_no_account_is_liquidatable_outside_the_queue(
		// (size in 0.01 BTC, long?, collateral per mille of notional: 10.5 % to 40 %)
		traders in prop::collection::vec((1u128..=50, any::<bool>(), 105u128..=400), 2..12),
		// Per block: BTC's move in basis points, and whether a trader withdraws.
		path in prop::collection::vec((-500i64..=500, prop::option::of(0usize..12)), 1..25),
		// A trend in basis points per block, so that many paths end far from where they started.
		drift in -200i64..=200,
		liquidations_per_block in 1u32..=3,
		book_depth in 0u128..=3,
		// The engine's share of a block in a crash, in percent: small shares make the weight
		// meter, not the count, stop a block's work.
		crash_percent in 1u32..=60,
	) {
		new_test_ext().execute_with(|| {
			let crash_share = sp_runtime::Perbill::from_percent(crash_percent);
			assert_ok!(Liquidation::set_parameters(
				RuntimeOrigin::root(),
				LiquidationParameters {
					max_liquidations_per_block: liquidations_per_block,
					crash_share,
					reserved_share: crash_share.min(sp_runtime::Perbill::from_percent(5)),
					..Parameters::<Test>::get()
				}
			));
			fund(ALICE, 5_000_000 * USDC);
			fund(CHARLIE, 5_000_000 * USDC);
			let ids = open_traders(&traders);
			let mut price: i64 = 50_000;
			let mut liquidations = 0;
			for (bps, withdrawer) in path {
				price = (price * (10_000 + bps + drift) / 10_000).max(1_000);
				set_btc(price as u128);
				// Liquidity near the new price for close-outs, both sides.
				if book_depth > 0 {
					let _ = pallet_orderbook::Pallet::<Test>::place_order(
						RuntimeOrigin::signed(CHARLIE), BTC_USD, clearing_primitives::Side::Buy,
						(price as u128 * 995 / 1_000) * USD, book_depth * CENTI_BTC * 10,
						pallet_orderbook::OrderKind::Limit, false);
					let _ = pallet_orderbook::Pallet::<Test>::place_order(
						RuntimeOrigin::signed(CHARLIE), BTC_USD, clearing_primitives::Side::Sell,
						(price as u128 * 1_005 / 1_000) * USD, book_depth * CENTI_BTC * 10,
						pallet_orderbook::OrderKind::Limit, false);
				}
				if let Some(who) = withdrawer.and_then(|i| ids.get(i)) {
					// Take out a tenth of what is free; refused if it would breach margin.
					let free = Margin::account_health(who).map(|h| h.free_collateral()).unwrap_or(0);
					if free > 10 {
						let _ = Margin::withdraw(RuntimeOrigin::signed(*who), (free / 10) as u128);
					}
				}
				next_block();
				liquidations += LastBlockWork::<Test>::get().liquidations;
				// With half a block or more, a dozen accounts always fit: every liquidatable one
				// is queued. With less, the meter may stop detection; those it did not reach must
				// be in a due bucket, first in line for the next block.
				let outside = liquidatable_outside_the_queue(crash_percent < 50);
				prop_assert!(outside.is_empty(), "liquidatable outside the queue at {price}: {outside:?}");
				let held = i128::try_from(Margin::held()).unwrap_or(i128::MAX);
				prop_assert_eq!(Some(held), Margin::ledger_total());
				// The pallets' own invariant checks (what try-runtime runs after every block).
				prop_assert_eq!(Margin::do_try_state(), Ok(()));
				prop_assert_eq!(Liquidation::do_try_state(), Ok(()));
				prop_assert_eq!(Orderbook::do_try_state(), Ok(()));
				// Filing saves queue reads on it: a queued account is in no bucket, and every
				// bucket entry is the one its account's filing (in its ledger) names.
				for (key, who) in crate::Buckets::<Test>::iter_keys() {
					prop_assert!(!Pending::<Test>::contains_key(who), "{who} is queued and in a bucket");
					prop_assert_eq!(Liquidation::filed_at(&who), Some(key));
				}
			}
			if std::env::var("LIQUIDATION_PROPTEST_STATS").is_ok() {
				println!("traders {} liquidations {liquidations} pending {}", ids.len(), Liquidation::pending_count());
			}
			Ok(())
		})?;
	}
}

/// Every key of the state with its value, frame_system's own block bookkeeping (events, the
/// block's weight) aside: the base block weight pays for those.
fn snapshot() -> std::collections::BTreeMap<Vec<u8>, Vec<u8>> {
	let system = sp_io::hashing::twox_128(b"System");
	let mut out = std::collections::BTreeMap::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(&system) {
			if let Some(value) = sp_io::storage::get(&next) {
				out.insert(next.clone(), value.to_vec());
			}
		}
		key = next;
	}
	out
}

/// Runs the current block's liquidation on_finalize on committed state and counts its storage
/// operations: (weight it charged itself, keys it read from the database, keys it changed).
/// Reads are the stored keys the block's storage proof holds (a read of a key that does not
/// exist is not counted); writes are the keys whose value differs afterwards.
fn measured_on_finalize(ext: &mut sp_io::TestExternalities) -> (u64, usize, usize) {
	use sp_trie::Trie;
	ext.execute_with(|| Margin::on_finalize(System::block_number()));
	ext.commit_all().expect("no open transactions");
	let root = *ext.backend.root();
	let before = ext.execute_with(snapshot);
	let (charged, proof) = ext.execute_and_prove(|| {
		Liquidation::on_finalize(System::block_number());
		LastBlockWork::<Test>::get().weight_used
	});
	let after = ext.execute_with(snapshot);
	let db = proof.into_memory_db::<sp_runtime::traits::BlakeTwo256>();
	let trie = sp_trie::TrieDBBuilder::<sp_trie::LayoutV1<sp_runtime::traits::BlakeTwo256>>::new(&db, &root).build();
	let reads = before.keys().filter(|key| matches!(trie.get(key), Ok(Some(_)))).count();
	let writes = before
		.iter()
		.filter(|(key, value)| after.get(*key) != Some(*value))
		.count()
		.saturating_add(after.keys().filter(|key| !before.contains_key(*key)).count());
	ext.execute_with(start_next_block);
	(charged, reads, writes)
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

	/// The weight on_finalize charges itself covers the storage it touched, priced as the
	/// weights price it: every key read from the database and every key written, counted in the
	/// test externality (its storage proof and a before/after diff), through crashes that liquidate
	/// against the book, the fund and deleveraging.
	#[test]
	fn every_block_is_charged_at_least_the_storage_it_touched(
		traders in prop::collection::vec((1u128..=50, any::<bool>(), 105u128..=400), 2..40),
		path in prop::collection::vec(-900i64..=300, 1..8),
		book_depth in 0u128..=3,
		makers in 1u64..=4,
	) {
		let mut ext = new_test_ext();
		let ids = ext.execute_with(|| {
			fund(ALICE, 5_000_000 * USDC);
			for maker in 0..makers {
				fund(CHARLIE + 1_000 + maker, 5_000_000 * USDC);
			}
			let ids = open_traders(&traders);
			next_block();
			ids
		});
		let db = <frame_support::weights::constants::RocksDbWeight as frame_support::traits::Get<frame_support::weights::RuntimeDbWeight>>::get();
		let mut price: i64 = 50_000;
		let mut worst = (0u64, 0usize, 0usize);
		for bps in path {
			price = (price * (10_000 + bps) / 10_000).max(1_000);
			ext.execute_with(|| {
				set_btc(price as u128);
				// Several makers' orders near the price, so fills touch different accounts.
				for maker in 0..makers {
					for (side, offset) in [(clearing_primitives::Side::Buy, 995 - maker as i64), (clearing_primitives::Side::Sell, 1_005 + maker as i64)] {
						if book_depth > 0 {
							let _ = pallet_orderbook::Pallet::<Test>::place_order(
								RuntimeOrigin::signed(CHARLIE + 1_000 + maker), BTC_USD, side,
								(price * offset / 1_000) as u128 * USD, book_depth * CENTI_BTC * 3,
								pallet_orderbook::OrderKind::Limit, false);
						}
					}
				}
			});
			let (charged, reads, writes) = measured_on_finalize(&mut ext);
			let touched = db.reads_writes(reads as u64, writes as u64).ref_time();
			prop_assert!(charged >= touched, "charged {charged} ps for {reads} reads and {writes} writes ({touched} ps)");
			if writes > worst.2 { worst = (charged, reads, writes); }
		}
		ext.execute_with(|| {
			assert_eq!(Liquidation::do_try_state(), Ok(()));
			assert!(ids.iter().all(|who| Margin::account_health(who).is_ok()));
		});
		if std::env::var("LIQUIDATION_PROPTEST_STATS").is_ok() {
			println!("storage: charged {} ps, {} reads, {} writes", worst.0, worst.1, worst.2);
		}
	}
}

/// The option series of [`after_every_block_no_option_writer_is_liquidatable_outside_the_queue`]:
/// a 30-day expiry (id 9) on BTC with a call at `call_strike` and a put at `put_strike`.
fn list_options(
	call_strike: u128,
	put_strike: u128,
	expiry_ms: u64,
) -> (clearing_primitives::MarketId, clearing_primitives::MarketId) {
	use clearing_primitives::options::{OptionMarkets, OptionRight, OptionSeries, SeriesListing};
	let listing = |strike: u128, right| SeriesListing {
		feed: btc_feed(),
		series: OptionSeries { expiry: OPTION_EXPIRY, expiry_ms, strike: strike * USD, right },
		base_decimals: 8,
		tick_size: USD / 100,
		step_size: CENTI_BTC,
		min_order_size: CENTI_BTC,
		initial_margin: sp_runtime::Perbill::from_percent(15),
		min_initial_margin: sp_runtime::Perbill::from_percent(13),
		maintenance_margin: sp_runtime::Perbill::from_percent(9),
		liquidation_penalty: sp_runtime::Perbill::from_percent(1),
		maker_fee: sp_runtime::Perbill::zero(),
		taker_fee: sp_runtime::Perbill::zero(),
		fee_cap: sp_runtime::Perbill::from_percent(12),
		price_band: sp_runtime::Perbill::from_percent(50),
	};
	let call = <Margin as OptionMarkets>::list_series(listing(call_strike, OptionRight::Call)).unwrap();
	let put = <Margin as OptionMarkets>::list_series(listing(put_strike, OptionRight::Put)).unwrap();
	(call, put)
}

const OPTION_EXPIRY: clearing_primitives::options::ExpiryId = 9;

/// The series' premium rounded down, as the margin engine marks it.
fn premium_of(market: clearing_primitives::MarketId) -> u128 {
	<Margin as clearing_primitives::ClearingView<AccountId>>::mark_price(market).unwrap()
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

	/// The clock with options: writers of calls and puts (and some with a perpetual beside them)
	/// on random paths of the index and of the expiry's volatility, the risk index growing as the
	/// options pallet grows it (the vega bound of each volatility change), and at a random block
	/// the settlement fixing (its jump counted). After every block no account is liquidatable
	/// unless the engine has it queued or due, checked by a brute-force scan; the settlement
	/// asset is conserved.
	#[test]
	fn after_every_block_no_option_writer_is_liquidatable_outside_the_queue(
		// (size in 0.01 BTC, call? , collateral per mille of the underlying's value: 9.5 % to 30 %,
		// also long the perpetual?)
		writers in prop::collection::vec((1u128..=40, any::<bool>(), 95u128..=300, any::<bool>()), 2..10),
		call_strike in 45_000u128..=60_000,
		put_strike in 40_000u128..=55_000,
		// Per block: the index's move and the volatility's move (0.1 points), in basis points / units.
		path in prop::collection::vec((-400i64..=400, -80i64..=80), 1..25),
		start_vol in 200_000u32..=1_200_000,
		fix_at in prop::option::of(0usize..25),
	) {
		new_test_ext().execute_with(|| {
			use clearing_primitives::black76;
			fund(ALICE, 50_000_000 * USDC);
			let expiry_ms = now_ms() + 30 * 86_400_000;
			let (call, put) = list_options(call_strike / 1_000 * 1_000, put_strike / 1_000 * 1_000, expiry_ms);
			let mut vol = start_vol;
			clearing_testing::set_vol(OPTION_EXPIRY, Some(vol));
			let mut risk_index: u128 = 0;
			clearing_testing::set_risk_index(OPTION_EXPIRY, 0);
			let mut ids = vec![];
			for (i, (centis, is_call, per_mille, with_perp)) in writers.iter().enumerate() {
				let who = FIRST_TRADER + i as AccountId;
				let size = centis * CENTI_BTC;
				fund(who, size * 50_000 / BTC * USDC * per_mille / 1_000);
				let market = if *is_call { call } else { put };
				// Alice buys the option from the writer at its mark: the writer's equity is the
				// premium plus collateral, its requirement 13–15 % of the index (refused if above).
				let _ = <Margin as clearing_primitives::FillClearing<AccountId>>::apply_fill(market, &ALICE, &who, clearing_primitives::Side::Buy, premium_of(market), size);
				if *with_perp {
					let _ = <Margin as clearing_primitives::FillClearing<AccountId>>::apply_fill(BTC_USD, &who, &ALICE, clearing_primitives::Side::Buy, 50_000 * USD, size / 2);
				}
				ids.push(who);
			}
			next_block();
			let mut price: i64 = 50_000;
			let mut fixed = false;
			for (step, (bps, dvol)) in path.into_iter().enumerate() {
				price = (price * (10_000 + bps) / 10_000).max(1_000);
				set_btc(price as u128);
				if !fixed {
					let new_vol = (i64::from(vol) + dvol * 1_000).clamp(50_000, 3_000_000) as u32;
					let time_ms = expiry_ms.saturating_sub(now_ms());
					risk_index += black76::max_vol_move_fraction(vol.abs_diff(new_vol), time_ms).unwrap();
					vol = new_vol;
					clearing_testing::set_vol(OPTION_EXPIRY, Some(vol));
				}
				if fix_at == Some(step) && !fixed {
					// A settlement price a little off the index: the jump the options pallet counts.
					let settlement = (price as u128) * USD * 1_003 / 1_000;
					let index = (price as u128) * USD;
					risk_index += (settlement.abs_diff(index) * clearing_primitives::FIXED_POINT_ONE).div_ceil(index);
					clearing_testing::set_settlement(OPTION_EXPIRY, settlement);
					fixed = true;
				}
				clearing_testing::set_risk_index(OPTION_EXPIRY, risk_index);
				next_block();
				let outside = liquidatable_outside_the_queue(false);
				prop_assert!(outside.is_empty(), "liquidatable outside the queue at {price}, vol {vol}: {outside:?}");
				let held = i128::try_from(Margin::held()).unwrap_or(i128::MAX);
				prop_assert_eq!(Some(held), Margin::ledger_total());
				prop_assert_eq!(Margin::do_try_state(), Ok(()));
				prop_assert_eq!(Liquidation::do_try_state(), Ok(()));
			}
			let _ = ids;
			Ok(())
		})?;
	}
}
