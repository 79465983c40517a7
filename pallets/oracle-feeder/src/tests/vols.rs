//! The volatility feed: the per-strike median across operators (a lying minority, wrong grids,
//! stale smiles), Deribit's names and format, the pool's checks, and the worker end to end.

use super::{mock::*, offchain_worker::harness};
use crate::{
	extension::{CheckOracleFeed, UNKNOWN_EXPIRY},
	offchain::{self, SmileOutcome},
	vols::{self, combine_smiles, instrument_name, parse_book_summary, smile_of, Smile},
	Params,
};
use clearing_primitives::options::{OptionRight, SmileRequest, VolatilitySource};
use codec::Decode;
use frame_support::assert_ok;
use sp_core::offchain::StorageKind;
use sp_runtime::transaction_validity::InvalidTransaction;

fn smile(v: &[u32]) -> Smile {
	Smile::try_from(v.to_vec()).unwrap()
}

/// 2026-12-27 08:00 UTC.
const DEC_27_2026_8AM: u64 = 1_798_358_400_000;

fn btc_request(expiry: u32) -> SmileRequest {
	SmileRequest {
		expiry,
		currency: b"BTC".to_vec(),
		expiry_ms: DEC_27_2026_8AM,
		strikes: vec![60_000_000_000, 70_000_000_000, 80_000_000_000],
		price_decimals: 6,
	}
}

#[test]
fn the_median_is_taken_per_strike_and_a_lying_third_moves_nothing_outside_the_honest_range() {
	let honest_a = smile(&[600_000, 550_000, 580_000]);
	let honest_b = smile(&[610_000, 545_000, 590_000]);
	let liar = smile(&[5_000_000, 10_000, 5_000_000]);
	let combined = combine_smiles(&[&honest_a, &liar, &honest_b], 2).unwrap();
	assert_eq!(combined.into_inner(), vec![610_000, 545_000, 590_000]);
	// Four operators: the two middle values' mean, rounded down.
	let honest_c = smile(&[601_000, 551_000, 581_001]);
	let combined = combine_smiles(&[&honest_a, &liar, &honest_b, &honest_c], 3).unwrap();
	assert_eq!(combined.into_inner(), vec![605_500, 547_500, 585_500]);
	// A smile of another grid is not counted; without a quorum of one grid, nothing.
	let other_grid = smile(&[600_000, 550_000]);
	assert_eq!(combine_smiles(&[&honest_a, &other_grid, &honest_b], 2).map(|s| s.len()), Some(3));
	assert_eq!(combine_smiles(&[&honest_a, &other_grid], 2), None);
	assert_eq!(combine_smiles(&[], 1), None);
}

#[test]
fn operators_smiles_combine_on_chain_with_the_price_rule() {
	new_test_ext().execute_with(|| {
		let (alice, bob, charlie) = (account("//Alice"), account("//Bob"), account("//Charlie"));
		OperatorList::set(vec![alice, bob, charlie]);
		TradingExpiries::set(vec![btc_request(7)]);
		assert_ok!(VolOracle::feed_values(
			RuntimeOrigin::signed(alice),
			vec![(7, smile(&[600_000, 550_000, 580_000]))].try_into().unwrap()
		));
		// One of three is no quorum (three operators need three values: ⌊2·3/3⌋ + 1).
		assert_eq!(vols::VolSurfaces::<Test>::smile(7), None);
		assert_ok!(VolOracle::feed_values(
			RuntimeOrigin::signed(bob),
			vec![(7, smile(&[620_000, 560_000, 600_000]))].try_into().unwrap()
		));
		assert_ok!(VolOracle::feed_values(
			RuntimeOrigin::signed(charlie),
			vec![(7, smile(&[9_000_000, 9_000_000, 9_000_000]))].try_into().unwrap()
		));
		let (vols, timestamp) = vols::VolSurfaces::<Test>::smile(7).unwrap();
		assert_eq!(vols, vec![620_000, 560_000, 600_000]);
		assert_eq!(timestamp, 1_000_000);
		assert_eq!(vols::VolSurfaces::<Test>::max_age_ms(), Params::<Test>::get().max_price_age_ms);
	})
}

#[test]
fn stale_operator_smiles_do_not_vote() {
	new_test_ext().execute_with(|| {
		let (alice, bob) = (account("//Alice"), account("//Bob"));
		OperatorList::set(vec![alice, bob]);
		assert_ok!(VolOracle::feed_values(
			RuntimeOrigin::signed(alice),
			vec![(7, smile(&[600_000]))].try_into().unwrap()
		));
		Timestamp::set_timestamp(1_000_000 + Params::<Test>::get().max_price_age_ms + 1);
		System::set_block_number(2);
		<VolOracle as frame_support::traits::Hooks<u64>>::on_finalize(1);
		assert_ok!(VolOracle::feed_values(
			RuntimeOrigin::signed(bob),
			vec![(7, smile(&[700_000]))].try_into().unwrap()
		));
		// Alice's smile is too old to count: one fresh value of two operators is no quorum.
		assert_eq!(vols::VolSurfaces::<Test>::smile(7), None);
	})
}

#[test]
fn deribit_names_and_dates() {
	assert_eq!(vols::utc_date(DEC_27_2026_8AM), (2026, 12, 27));
	assert_eq!(vols::utc_date(0), (1970, 1, 1));
	// 2024-02-29 and 2000-03-01, 12:00 UTC.
	assert_eq!(vols::utc_date(1_709_208_000_000), (2024, 2, 29));
	assert_eq!(vols::utc_date(951_912_000_000), (2000, 3, 1));
	assert_eq!(
		instrument_name(b"BTC", DEC_27_2026_8AM, 70_000_000_000, 6, OptionRight::Call).as_deref(),
		Some("BTC-27DEC26-70000-C")
	);
	// 2016-07-05: no leading zero on the day.
	assert_eq!(
		instrument_name(b"ETH", 1_467_705_600_000, 140_000_000, 6, OptionRight::Put).as_deref(),
		Some("ETH-5JUL16-140-P")
	);
	// A strike that is not whole dollars has no Deribit name.
	assert_eq!(instrument_name(b"BTC", DEC_27_2026_8AM, 70_000_500_000, 6, OptionRight::Call), None);
}

fn summary(entries: &[(&str, &str)]) -> Vec<u8> {
	let items: Vec<String> = entries
		.iter()
		.map(|(name, iv)| {
			format!(r#"{{"instrument_name":"{name}","mark_iv":{iv},"mark_price":0.0123,"underlying_price":70123.4,"underlying_index":"index_price","open_interest":12.5}}"#)
		})
		.collect();
	format!(r#"{{"jsonrpc":"2.0","result":[{}],"usIn":1,"usOut":2,"usDiff":1,"testnet":false}}"#, items.join(","))
		.into_bytes()
}

#[test]
fn the_book_summary_gives_mark_volatilities_in_millionths() {
	let body = summary(&[
		("BTC-27DEC26-60000-C", "61.25"),
		("BTC-27DEC26-60000-P", "61.3"),
		("BTC-27DEC26-70000-P", "55"),
		("BTC-27DEC26-80000-C", "58.0123"),
		("BTC-27DEC26-90000-C", "null"),
	]);
	let book = parse_book_summary(&body).unwrap();
	assert_eq!(book.get("BTC-27DEC26-60000-C"), Some(&612_500));
	assert_eq!(book.get("BTC-27DEC26-70000-P"), Some(&550_000));
	assert_eq!(book.get("BTC-27DEC26-80000-C"), Some(&580_123));
	assert_eq!(book.get("BTC-27DEC26-90000-C"), None);
	// The call's volatility, the put's where the call has none.
	assert_eq!(smile_of(&btc_request(7), &book), Some(vec![612_500, 550_000, 580_123]));
	// A strike missing altogether: no smile.
	let mut request = btc_request(7);
	request.strikes.push(90_000_000_000);
	assert_eq!(smile_of(&request, &book), None);
	assert!(parse_book_summary(b"{\"result\": 5}").is_err());
	assert!(parse_book_summary(b"<html>").is_err());
}

#[test]
fn the_pool_refuses_smiles_from_non_operators_twice_a_block_or_for_unlisted_expiries() {
	new_test_ext().execute_with(|| {
		let alice = account("//Alice");
		TradingExpiries::set(vec![btc_request(7)]);
		assert!(CheckOracleFeed::<Test>::check_smile_feeder(&alice).is_ok());
		assert_eq!(
			CheckOracleFeed::<Test>::check_smile_feeder(&account("//Mallory")),
			Err(InvalidTransaction::BadSigner)
		);
		assert_eq!(CheckOracleFeed::<Test>::check_smiles(&[(7, smile(&[1]))]), Ok(()));
		assert_eq!(
			CheckOracleFeed::<Test>::check_smiles(&[(8, smile(&[1]))]),
			Err(InvalidTransaction::Custom(UNKNOWN_EXPIRY))
		);
		assert_eq!(
			CheckOracleFeed::<Test>::check_smiles(&[(7, smile(&[1])), (7, smile(&[2]))]),
			Err(InvalidTransaction::Custom(UNKNOWN_EXPIRY))
		);
		assert_ok!(VolOracle::feed_values(
			RuntimeOrigin::signed(alice),
			vec![(7, smile(&[600_000]))].try_into().unwrap()
		));
		assert_eq!(CheckOracleFeed::<Test>::check_smile_feeder(&alice), Err(InvalidTransaction::Stale));
	})
}

const VENUE_A: &str = "http://deribit-a.test";
const VENUE_B: &str = "http://deribit-b.test";

#[test]
fn the_worker_submits_the_median_smile_of_its_venues() {
	let mut h = harness(&["//Alice"]);
	h.ext.execute_with(|| {
		TradingExpiries::set(vec![btc_request(7)]);
		let urls = vec![VENUE_A.to_string(), VENUE_B.to_string()];
		sp_io::offchain::local_storage_set(
			StorageKind::PERSISTENT,
			vols::OPTION_SOURCES_STORAGE_KEY,
			&vols::encode_option_sources(&urls),
		);
	});
	h.expect(
		vols::summary_url(VENUE_A, b"BTC"),
		summary(&[("BTC-27DEC26-60000-C", "60"), ("BTC-27DEC26-70000-C", "55"), ("BTC-27DEC26-80000-C", "58")]),
	);
	h.expect(
		vols::summary_url(VENUE_B, b"BTC"),
		summary(&[("BTC-27DEC26-60000-C", "62"), ("BTC-27DEC26-70000-P", "56"), ("BTC-27DEC26-80000-C", "57")]),
	);
	let outcome = h.ext.execute_with(|| {
		System::set_block_number(3);
		offchain::run_smiles::<Test>(3)
	});
	let expected = smile(&[610_000, 555_000, 575_000]);
	assert_eq!(outcome, SmileOutcome::Submitted { expiries: vec![expected.clone()], failures: vec![] });
	let submitted: Vec<_> = h
		.pool
		.read()
		.transactions
		.iter()
		.map(|bytes| Extrinsic::decode(&mut &bytes[..]).unwrap().function)
		.collect();
	assert_eq!(
		submitted,
		vec![RuntimeCall::VolOracle(pallet_oracle::Call::feed_values {
			values: vec![(7, expected)].try_into().unwrap()
		})]
	);
	// The same block is not served twice.
	let again = h.ext.execute_with(|| offchain::run_smiles::<Test>(3));
	assert_eq!(again, SmileOutcome::Skipped);
}

#[test]
fn the_worker_says_what_is_missing() {
	let mut h = harness(&["//Alice"]);
	// Nothing listed: nothing to do.
	assert_eq!(h.ext.execute_with(|| offchain::run_smiles::<Test>(1)), SmileOutcome::Idle);
	h.ext.execute_with(|| TradingExpiries::set(vec![btc_request(7)]));
	assert_eq!(h.ext.execute_with(|| offchain::run_smiles::<Test>(2)), SmileOutcome::NoSources);
	h.ext.execute_with(|| {
		sp_io::offchain::local_storage_set(
			StorageKind::PERSISTENT,
			vols::OPTION_SOURCES_STORAGE_KEY,
			&vols::encode_option_sources(&[VENUE_A.to_string()]),
		);
	});
	// The venue lacks a strike: no complete smile, nothing submitted.
	h.expect(vols::summary_url(VENUE_A, b"BTC"), summary(&[("BTC-27DEC26-60000-C", "60")]));
	let outcome = h.ext.execute_with(|| offchain::run_smiles::<Test>(3));
	assert_eq!(outcome, SmileOutcome::NothingToSubmit { failures: vec![] });
	assert!(h.pool.read().transactions.is_empty());
}
