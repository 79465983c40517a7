//! The volatility feed: the operators' smiles per listed expiry, combined per strike.
//!
//! Operators feed a second `pallet-oracle` instance (the runtime's `VolOracle`) whose key is an
//! option expiry and whose value is its **smile**: one implied volatility per strike of the
//! expiry's grid, in the grid's order. Per-strike values, not a parametric surface (SVI): the
//! operators' median is then taken per value, so a lying minority cannot move any strike's
//! volatility outside the honest range, and the options pallet checks what lands for arbitrage
//! itself; a parametric fit would need a median of parameters, which is not a fit of anything.
//!
//! - [`SmileMedian`] combines: fresh smiles only (the price rule's maximum age), of one length
//!   (a smile of another length is a different grid: wrong, dropped), at least the price rule's
//!   quorum of them, then the median of each strike's volatilities; timestamped with the oldest.
//! - [`VolSurfaces`] serves the combined smiles to the options pallet with the price rule's age.
//! - The worker's side: Deribit's `get_book_summary_by_currency` format ([`parse_book_summary`]),
//!   instrument names ([`instrument_name`]), the node's option sources in offchain storage.

use crate::{combine::quorum, Config, Params};
use alloc::{collections::BTreeMap, string::String, vec::Vec};
use clearing_primitives::{
	options::{ExpiryId, OptionRight, Volatility, VolatilitySource, MAX_SMILE_STRIKES},
	Moment, Price,
};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use frame_support::{
	traits::{ConstU32, SortedMembers, Time},
	BoundedVec,
};
use pallet_oracle::{CombineData, TimestampedValue};

/// One expiry's smile: a volatility per strike (millionths), in the grid's order.
pub type Smile = BoundedVec<Volatility, ConstU32<MAX_SMILE_STRIKES>>;

/// A smile with its time.
pub type TimestampedSmile = TimestampedValue<Smile, Moment>;

/// The `pallet-oracle` instance of the volatility feed.
pub type VolInstance = pallet_oracle::Instance2;

/// Where the node keeps the option venues the worker asks for smiles (base URLs).
pub const OPTION_SOURCES_STORAGE_KEY: &[u8] = b"clearing::oracle-feeder::option-sources";

/// Longest answer read from an option venue: a whole currency's book summary (Deribit's BTC
/// options are about 700 instruments of a few hundred bytes).
pub const MAX_OPTION_BODY_LEN: usize = 2 * 1024 * 1024;

/// Most option venues per node.
pub const MAX_OPTION_SOURCES: usize = 4;

/// Per-strike medians of fresh operator smiles of one length (see the module docs).
pub fn combine_smiles(fresh: &[&Smile], quorum: u32) -> Option<Smile> {
	// The length most smiles have; a tie goes to the longer grid (either way a quorum must agree).
	let mut lengths: BTreeMap<usize, u32> = BTreeMap::new();
	for smile in fresh {
		let count = lengths.entry(smile.len()).or_default();
		*count = count.saturating_add(1);
	}
	let (length, count) = lengths.into_iter().max_by_key(|(length, count)| (*count, *length))?;
	if count < quorum.max(1) || length == 0 {
		return None;
	}
	let agreeing: Vec<&&Smile> = fresh.iter().filter(|s| s.len() == length).collect();
	let mut combined = Vec::with_capacity(length);
	for i in 0..length {
		let mut column: Vec<Volatility> = agreeing.iter().filter_map(|s| s.get(i).copied()).collect();
		column.sort_unstable();
		let mid = column.len() / 2;
		let value = if column.len() % 2 == 1 {
			*column.get(mid)?
		} else {
			let (lower, upper) = (*column.get(mid.checked_sub(1)?)?, *column.get(mid)?);
			lower.saturating_add(upper.saturating_sub(lower) / 2)
		};
		combined.push(value);
	}
	Smile::try_from(combined).ok()
}

/// `pallet-oracle`'s `CombineData` for the volatility feed.
pub struct SmileMedian<T>(PhantomData<T>);

impl<T> CombineData<ExpiryId, TimestampedSmile> for SmileMedian<T>
where
	T: Config + pallet_oracle::Config<VolInstance, OracleKey = ExpiryId, OracleValue = Smile>,
{
	fn combine_data(
		_key: &ExpiryId,
		values: Vec<TimestampedSmile>,
		_prev: Option<TimestampedSmile>,
	) -> Option<TimestampedSmile> {
		let params = Params::<T>::get();
		let now = <T as pallet_oracle::Config>::Time::now();
		let operators = u32::try_from(<T as pallet_oracle::Config<VolInstance>>::Members::count()).unwrap_or(u32::MAX);
		let fresh: Vec<&TimestampedSmile> = values
			.iter()
			.filter(|v| now.saturating_sub(v.timestamp) <= params.max_price_age_ms)
			.collect();
		let smiles: Vec<&Smile> = fresh.iter().map(|v| &v.value).collect();
		let value = combine_smiles(&smiles, quorum(params.min_operators, operators))?;
		let timestamp = fresh
			.iter()
			.filter(|v| v.value.len() == value.len())
			.map(|v| v.timestamp)
			.min()?;
		Some(TimestampedValue { value, timestamp })
	}
}

/// The combined smiles for the options pallet, with the price rule's maximum age.
pub struct VolSurfaces<T>(PhantomData<T>);

impl<T> VolatilitySource for VolSurfaces<T>
where
	T: Config + pallet_oracle::Config<VolInstance, OracleKey = ExpiryId, OracleValue = Smile>,
{
	fn smile(expiry: ExpiryId) -> Option<(Vec<Volatility>, Moment)> {
		pallet_oracle::Values::<T, VolInstance>::get(expiry).map(|v| (v.value.into_inner(), v.timestamp))
	}

	fn max_age_ms() -> Moment {
		Params::<T>::get().max_price_age_ms
	}
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// The UTC calendar date (year, month 1–12, day) of `ms` since the epoch (Howard Hinnant's
/// days-to-civil, on integers).
pub fn utc_date(ms: Moment) -> (u64, u64, u64) {
	let days = ms / 86_400_000;
	let z = days.saturating_add(719_468);
	let era = z / 146_097;
	let doe = z.saturating_sub(era.saturating_mul(146_097));
	let yoe = doe
		.saturating_sub(doe / 1_460)
		.saturating_add(doe / 36_524)
		.saturating_sub(doe / 146_096)
		/ 365;
	let doy = doe.saturating_sub(yoe.saturating_mul(365).saturating_add(yoe / 4).saturating_sub(yoe / 100));
	let mp = doy.saturating_mul(5).saturating_add(2) / 153;
	let day = doy
		.saturating_sub(mp.saturating_mul(153).saturating_add(2) / 5)
		.saturating_add(1);
	let month = if mp < 10 { mp.saturating_add(3) } else { mp.saturating_sub(9) };
	let year = yoe
		.saturating_add(era.saturating_mul(400))
		.saturating_add(u64::from(month <= 2));
	(year, month, day)
}

/// A Deribit instrument name: `BTC-27DEC26-70000-C` (the day without a leading zero, the strike in
/// whole quote units). `None` when the strike is not a whole number of quote units.
pub fn instrument_name(
	currency: &[u8],
	expiry_ms: Moment,
	strike: Price,
	price_decimals: u8,
	right: OptionRight,
) -> Option<String> {
	let unit = 10u128.checked_pow(u32::from(price_decimals))?;
	if !strike.is_multiple_of(unit) {
		return None;
	}
	let whole = strike.checked_div(unit)?;
	let (year, month, day) = utc_date(expiry_ms);
	let month = MONTHS.get(usize::try_from(month.checked_sub(1)?).ok()?)?;
	let currency = core::str::from_utf8(currency).ok()?;
	let right = match right {
		OptionRight::Call => 'C',
		OptionRight::Put => 'P',
	};
	let short_year = year.checked_rem(100)?;
	Some(alloc::format!("{currency}-{day}{month}{short_year:02}-{whole}-{right}"))
}

/// One instrument of a book summary as the worker reads it.
#[derive(serde::Deserialize)]
struct SummaryEntry<'a> {
	#[serde(borrow)]
	instrument_name: &'a str,
	#[serde(borrow)]
	mark_iv: Option<&'a serde_json::value::RawValue>,
}

#[derive(serde::Deserialize)]
struct Summary<'a> {
	#[serde(borrow)]
	result: Vec<SummaryEntry<'a>>,
}

/// The mark implied volatilities of a Deribit `get_book_summary_by_currency` answer, by
/// instrument name, in millionths (Deribit gives percent: `52.35` is 523,500). Entries without a
/// usable `mark_iv` are left out; anything else malformed refuses the whole answer.
pub fn parse_book_summary(body: &[u8]) -> Result<BTreeMap<String, Volatility>, &'static str> {
	let summary: Summary = serde_json::from_slice(body).map_err(|_| "not a book summary")?;
	let mut vols = BTreeMap::new();
	for entry in summary.result {
		let Some(raw) = entry.mark_iv else { continue };
		let text = raw.get();
		if !text.starts_with(|c: char| c.is_ascii_digit()) {
			continue;
		}
		// Percent with four decimals is millionths of one.
		let Ok(vol) = crate::sources::parse_decimal(text, 4) else { continue };
		let Ok(vol) = Volatility::try_from(vol) else { continue };
		vols.insert(String::from(entry.instrument_name), vol);
	}
	Ok(vols)
}

/// The smile of `request` from one venue's volatilities: each strike's call mark volatility, or
/// its put's when the call has none; `None` unless every strike has one.
pub fn smile_of(
	request: &clearing_primitives::options::SmileRequest,
	venue: &BTreeMap<String, Volatility>,
) -> Option<Vec<Volatility>> {
	request
		.strikes
		.iter()
		.map(|strike| {
			[OptionRight::Call, OptionRight::Put].into_iter().find_map(|right| {
				let name =
					instrument_name(&request.currency, request.expiry_ms, *strike, request.price_decimals, right)?;
				venue.get(&name).copied()
			})
		})
		.collect()
}

/// The option venues' base URLs as the node stores them.
pub fn encode_option_sources(urls: &[String]) -> Vec<u8> {
	urls.encode()
}

/// The option venues as [`encode_option_sources`] stored them, at most [`MAX_OPTION_SOURCES`].
pub fn decode_option_sources(bytes: &[u8]) -> Option<Vec<String>> {
	let mut urls = Vec::<String>::decode(&mut &bytes[..]).ok()?;
	urls.truncate(MAX_OPTION_SOURCES);
	Some(urls)
}

/// The option venues the node stored.
pub fn configured_option_sources() -> Vec<String> {
	sp_io::offchain::local_storage_get(sp_core::offchain::StorageKind::PERSISTENT, OPTION_SOURCES_STORAGE_KEY)
		.and_then(|bytes| decode_option_sources(&bytes))
		.unwrap_or_default()
}

/// The URL of `currency`'s option book summary at a venue's `base`.
pub fn summary_url(base: &str, currency: &[u8]) -> String {
	alloc::format!(
		"{}/api/v2/public/get_book_summary_by_currency?currency={}&kind=option",
		base.trim_end_matches('/'),
		String::from_utf8_lossy(currency)
	)
}
