//! Price sources: how a node names its endpoints, what URL each exchange answers on, how each
//! answer is read, and how the answers of several sources become one price.
//!
//! Everything here is a pure function over bytes and integers (no storage, no host calls), so the
//! node (which writes the endpoint list), the offchain worker (which reads it) and the tests share
//! one implementation.
//!
//! Prices are parsed from their decimal text straight into integers scaled by the feed's decimals;
//! no floating point is involved anywhere, so two operators reading the same answer always get the
//! same integer.

use alloc::{collections::BTreeMap, string::String, vec::Vec};
use clearing_primitives::Price;
use codec::{Decode, Encode};
use serde_json::value::RawValue;
use sp_runtime::Permill;

use crate::types::SourceKind;

/// Offchain local-storage key (persistent kind) under which the node writes its price sources:
/// the SCALE encoding of `Vec<(name, url)>`, both as UTF-8 bytes. Written by the node at start from
/// `--price-source NAME=URL`, read by the offchain worker every block.
pub const SOURCES_STORAGE_KEY: &[u8] = b"clearing::oracle-feeder::sources";

/// Most price sources one node may configure.
pub const MAX_SOURCES_PER_NODE: usize = 8;

/// Longest accepted source URL, in bytes.
pub const MAX_URL_LEN: usize = 512;

/// Largest answer body the worker reads, in bytes; exchange tickers are a few hundred bytes, and a
/// source that streams more is treated as broken rather than read into memory.
pub const MAX_BODY_LEN: usize = 16 * 1024;

/// One configured endpoint of a node: which kind of API it speaks and where.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SourceEndpoint {
	/// The operator's name for it, e.g. `binance` or `json:mirror`; used in logs.
	pub name: String,
	/// The API it speaks, from the part of the name before any `:`.
	pub kind: SourceKind,
	/// Base URL (exchange kinds) or URL template with `{symbol}` (the `json` kind).
	pub url: String,
	/// For the `json` kind: the path to the price inside the answer, e.g. `["data", "price"]`.
	pub json_path: Vec<PathStep>,
}

/// One step of a JSON path: an object key or an array index.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum PathStep {
	/// Member of an object.
	Key(String),
	/// Element of an array.
	Index(usize),
}

/// Why a `NAME=URL` source definition was refused.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SourceConfigError {
	/// Not of the form `NAME=URL`.
	MissingEquals,
	/// The kind (the name before any `:`) is none of `binance`, `coinbase`, `kraken`, `json`.
	UnknownKind(String),
	/// The label after `kind:` is empty or has characters other than `[A-Za-z0-9_-]`.
	BadLabel,
	/// The URL does not start with `http://` or `https://`, or is too long.
	BadUrl,
	/// A `json` source needs `{symbol}` in its URL and a `#path` to the price.
	JsonNeedsSymbolAndPath,
	/// The `#path` of a `json` source has an empty step.
	BadJsonPath,
	/// Two sources share one name.
	DuplicateName(String),
	/// More than [`MAX_SOURCES_PER_NODE`] sources.
	TooMany,
}

impl core::fmt::Display for SourceConfigError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::MissingEquals => write!(f, "expected NAME=URL"),
			Self::UnknownKind(kind) => write!(
				f,
				"unknown source kind `{kind}`: expected binance, coinbase, kraken or json (optionally `kind:label`)"
			),
			Self::BadLabel => write!(f, "the label after `kind:` must be [A-Za-z0-9_-]+"),
			Self::BadUrl => write!(f, "the URL must start with http:// or https:// and be at most {MAX_URL_LEN} bytes"),
			Self::JsonNeedsSymbolAndPath => {
				write!(f, "a json source needs `{{symbol}}` in its URL and `#path.to.price` after it")
			},
			Self::BadJsonPath => write!(f, "the json path has an empty step"),
			Self::DuplicateName(name) => write!(f, "source `{name}` is given twice"),
			Self::TooMany => write!(f, "at most {MAX_SOURCES_PER_NODE} price sources"),
		}
	}
}

/// Parses one `NAME=URL` definition, as given to `--price-source`.
///
/// `NAME` is a kind (`binance`, `coinbase`, `kraken`, `json`), optionally followed by `:label` so
/// one node can use two endpoints of the same kind. Exchange kinds take the base URL
/// (`https://api.binance.com`); a `json` source takes a URL template with `{symbol}` and the path
/// to the price after `#`: `json:mirror=https://prices.example/v1/{symbol}#data.price`.
pub fn parse_source(definition: &str) -> Result<SourceEndpoint, SourceConfigError> {
	let (name, url) = definition.split_once('=').ok_or(SourceConfigError::MissingEquals)?;
	let name = name.trim();
	let url = url.trim();
	let (kind_text, label) = match name.split_once(':') {
		Some((kind, label)) => (kind, Some(label)),
		None => (name, None),
	};
	let kind =
		SourceKind::from_name(kind_text).ok_or_else(|| SourceConfigError::UnknownKind(String::from(kind_text)))?;
	if let Some(label) = label {
		let label_ok = !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
		if !label_ok {
			return Err(SourceConfigError::BadLabel);
		}
	}
	let url_ok = (url.starts_with("http://") || url.starts_with("https://"))
		&& url.len() <= MAX_URL_LEN
		&& !url.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control());
	if !url_ok {
		return Err(SourceConfigError::BadUrl);
	}
	let (url, json_path) = if kind == SourceKind::Json {
		let (template, path) = url.split_once('#').ok_or(SourceConfigError::JsonNeedsSymbolAndPath)?;
		if !template.contains("{symbol}") || path.is_empty() {
			return Err(SourceConfigError::JsonNeedsSymbolAndPath);
		}
		(String::from(template), parse_json_path(path)?)
	} else {
		(String::from(url.trim_end_matches('/')), Vec::new())
	};
	Ok(SourceEndpoint { name: String::from(name), kind, url, json_path })
}

/// Parses a dotted JSON path; an all-digit step is an array index: `result.0.price`.
fn parse_json_path(path: &str) -> Result<Vec<PathStep>, SourceConfigError> {
	path.split('.')
		.map(|step| {
			if step.is_empty() {
				Err(SourceConfigError::BadJsonPath)
			} else if step.bytes().all(|b| b.is_ascii_digit()) {
				step.parse::<usize>()
					.map(PathStep::Index)
					.map_err(|_| SourceConfigError::BadJsonPath)
			} else {
				Ok(PathStep::Key(String::from(step)))
			}
		})
		.collect()
}

/// Parses a whole list of definitions, refusing duplicates and more than
/// [`MAX_SOURCES_PER_NODE`].
pub fn parse_sources<'a>(
	definitions: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<SourceEndpoint>, SourceConfigError> {
	let mut endpoints: Vec<SourceEndpoint> = Vec::new();
	for definition in definitions {
		let endpoint = parse_source(definition)?;
		if endpoints.iter().any(|e| e.name == endpoint.name) {
			return Err(SourceConfigError::DuplicateName(endpoint.name));
		}
		endpoints.push(endpoint);
		if endpoints.len() > MAX_SOURCES_PER_NODE {
			return Err(SourceConfigError::TooMany);
		}
	}
	Ok(endpoints)
}

/// The bytes the node writes under [`SOURCES_STORAGE_KEY`] for these definitions.
pub fn encode_sources(endpoints: &[(String, String)]) -> Vec<u8> {
	let raw: Vec<(Vec<u8>, Vec<u8>)> = endpoints
		.iter()
		.map(|(name, url)| (name.as_bytes().to_vec(), url.as_bytes().to_vec()))
		.collect();
	raw.encode()
}

/// One stored source: its endpoint, or its name and why it does not parse.
pub type StoredSource = Result<SourceEndpoint, (String, SourceConfigError)>;

/// Reads what [`encode_sources`] wrote back into endpoints. Entries that do not parse are
/// returned as errors next to their name, so the worker can log them and use the rest.
pub fn decode_sources(bytes: &[u8]) -> Result<Vec<StoredSource>, codec::Error> {
	let raw = Vec::<(Vec<u8>, Vec<u8>)>::decode(&mut &bytes[..])?;
	Ok(raw
		.into_iter()
		.take(MAX_SOURCES_PER_NODE)
		.map(|(name, url)| {
			let name = String::from_utf8_lossy(&name).into_owned();
			let url = String::from_utf8_lossy(&url).into_owned();
			let mut definition = name.clone();
			definition.push('=');
			definition.push_str(&url);
			parse_source(&definition).map_err(|e| (name, e))
		})
		.collect())
}

impl SourceEndpoint {
	/// The URL that asks this source for `symbol`'s price.
	pub fn request_url(&self, symbol: &str) -> String {
		let mut url = String::new();
		match self.kind {
			SourceKind::Binance => {
				url.push_str(&self.url);
				url.push_str("/api/v3/ticker/price?symbol=");
				url.push_str(symbol);
			},
			SourceKind::Coinbase => {
				url.push_str(&self.url);
				url.push_str("/v2/prices/");
				url.push_str(symbol);
				url.push_str("/spot");
			},
			SourceKind::Kraken => {
				url.push_str(&self.url);
				url.push_str("/0/public/Ticker?pair=");
				url.push_str(symbol);
			},
			SourceKind::Json => url.push_str(&self.url.replace("{symbol}", symbol)),
		}
		url
	}

	/// Reads the price for `symbol` out of this source's answer, scaled to `decimals`.
	pub fn parse_answer(&self, symbol: &str, body: &[u8], decimals: u8) -> Result<Price, AnswerError> {
		let text = core::str::from_utf8(body).map_err(|_| AnswerError::Malformed("not UTF-8"))?;
		let price_text = match self.kind {
			SourceKind::Binance => binance_price(text, symbol)?,
			SourceKind::Coinbase => coinbase_price(text, symbol)?,
			SourceKind::Kraken => kraken_price(text)?,
			SourceKind::Json => scalar_text(json_at(text, &self.json_path)?)?,
		};
		parse_decimal(&price_text, decimals)
	}
}

/// Why one source's answer gave no price.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum AnswerError {
	/// The request failed: connection refused, I/O error, invalid request.
	Http,
	/// No complete answer before the deadline.
	Timeout,
	/// The server answered with a status other than 200.
	Status(u16),
	/// The answer was longer than [`MAX_BODY_LEN`].
	TooLarge,
	/// The answer is not the JSON this kind of source sends, or lacks the price.
	Malformed(&'static str),
	/// The answer is about another instrument than the one asked for.
	WrongSymbol,
	/// The price is zero or negative.
	NonPositive,
	/// The price does not fit the integer type at the feed's decimals.
	Overflow,
}

/// `{"symbol":"BTCUSDT","price":"67123.45000000"}`
fn binance_price(text: &str, symbol: &str) -> Result<String, AnswerError> {
	let object = json_object(text)?;
	let answered = object.get("symbol").ok_or(AnswerError::Malformed("binance: no symbol"))?;
	if scalar_text(answered)? != symbol {
		return Err(AnswerError::WrongSymbol);
	}
	scalar_text(object.get("price").ok_or(AnswerError::Malformed("binance: no price"))?)
}

/// `{"data":{"amount":"67123.45","base":"BTC","currency":"USD"}}`
fn coinbase_price(text: &str, symbol: &str) -> Result<String, AnswerError> {
	let data = json_at(text, &[PathStep::Key(String::from("data"))])?;
	let data = json_object(data.get())?;
	if let (Some(base), Some(currency)) = (data.get("base"), data.get("currency")) {
		let mut pair = scalar_text(base)?;
		pair.push('-');
		pair.push_str(&scalar_text(currency)?);
		if !pair.eq_ignore_ascii_case(symbol) {
			return Err(AnswerError::WrongSymbol);
		}
	}
	scalar_text(data.get("amount").ok_or(AnswerError::Malformed("coinbase: no amount"))?)
}

/// `{"error":[],"result":{"XXBTZUSD":{"c":["67123.40000","0.00100000"],…}}}`: the last trade price.
/// Kraken names the result by its own pair code (`XXBTZUSD` for the `XBTUSD` asked for), so the
/// answer must hold exactly one pair.
fn kraken_price(text: &str) -> Result<String, AnswerError> {
	let object = json_object(text)?;
	if let Some(errors) = object.get("error") {
		let errors: Vec<&RawValue> =
			serde_json::from_str(errors.get()).map_err(|_| AnswerError::Malformed("kraken: error is not a list"))?;
		if !errors.is_empty() {
			return Err(AnswerError::Malformed("kraken: the answer reports an error"));
		}
	}
	let result = object.get("result").ok_or(AnswerError::Malformed("kraken: no result"))?;
	let pairs = json_object(result.get())?;
	let mut pairs = pairs.values();
	let (Some(pair), None) = (pairs.next(), pairs.next()) else {
		return Err(AnswerError::Malformed("kraken: expected exactly one pair"));
	};
	let ticker = json_object(pair.get())?;
	let last_trade: Vec<&RawValue> =
		serde_json::from_str(ticker.get("c").ok_or(AnswerError::Malformed("kraken: no last trade"))?.get())
			.map_err(|_| AnswerError::Malformed("kraken: last trade is not a list"))?;
	scalar_text(last_trade.first().ok_or(AnswerError::Malformed("kraken: empty last trade"))?)
}

/// The members of a JSON object, each left as raw JSON text.
fn json_object(text: &str) -> Result<BTreeMap<String, &RawValue>, AnswerError> {
	serde_json::from_str(text).map_err(|_| AnswerError::Malformed("expected a JSON object"))
}

/// The raw JSON text at `path` inside `text`.
fn json_at<'a>(text: &'a str, path: &[PathStep]) -> Result<&'a RawValue, AnswerError> {
	let mut current: &'a RawValue = serde_json::from_str(text).map_err(|_| AnswerError::Malformed("not JSON"))?;
	for step in path {
		current = match step {
			PathStep::Key(key) => {
				let object: BTreeMap<String, &'a RawValue> = serde_json::from_str(current.get())
					.map_err(|_| AnswerError::Malformed("path: expected an object"))?;
				*object.get(key).ok_or(AnswerError::Malformed("path: no such key"))?
			},
			PathStep::Index(index) => {
				let array: Vec<&'a RawValue> = serde_json::from_str(current.get())
					.map_err(|_| AnswerError::Malformed("path: expected an array"))?;
				*array.get(*index).ok_or(AnswerError::Malformed("path: index out of range"))?
			},
		};
	}
	Ok(current)
}

/// The text of a JSON string or the literal of a JSON number; anything else is malformed.
/// Numbers are kept as their literal so no float ever touches them.
fn scalar_text(raw: &RawValue) -> Result<String, AnswerError> {
	let text = raw.get();
	if text.starts_with('"') {
		serde_json::from_str::<String>(text).map_err(|_| AnswerError::Malformed("bad string"))
	} else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
		Ok(String::from(text))
	} else {
		Err(AnswerError::Malformed("expected a string or a number"))
	}
}

/// Parses a plain decimal (`67123.45`, `0.0005`, `12`) into an integer scaled by 10^`decimals`.
/// Digits beyond `decimals` are cut off (a price is neither a payout nor a requirement; cutting
/// makes every operator agree). Signs other than a leading `-`, exponents, blanks and empty parts
/// are malformed; zero and negative prices are refused.
pub fn parse_decimal(text: &str, decimals: u8) -> Result<Price, AnswerError> {
	let (negative, digits) = match text.strip_prefix('-') {
		Some(rest) => (true, rest),
		None => (false, text),
	};
	let (whole, fraction) = match digits.split_once('.') {
		Some((whole, fraction)) => (whole, fraction),
		None => (digits, ""),
	};
	let well_formed = !whole.is_empty()
		&& whole.bytes().all(|b| b.is_ascii_digit())
		&& fraction.bytes().all(|b| b.is_ascii_digit())
		&& (fraction.is_empty() != digits.contains('.'));
	if !well_formed {
		return Err(AnswerError::Malformed("not a decimal number"));
	}
	let mut value: Price = 0;
	let fraction_digits = fraction.bytes().chain(core::iter::repeat(b'0')).take(usize::from(decimals));
	for digit in whole.bytes().chain(fraction_digits) {
		value = value
			.checked_mul(10)
			.and_then(|v| v.checked_add(Price::from(digit.saturating_sub(b'0'))))
			.ok_or(AnswerError::Overflow)?;
	}
	if negative || value == 0 {
		return Err(AnswerError::NonPositive);
	}
	Ok(value)
}

/// Why a feed got no price this round.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AggregateError {
	/// Fewer usable answers than the governance-set minimum of sources.
	TooFewSources {
		/// Answers left after dropping failed and out-of-line ones.
		usable: u32,
		/// The minimum.
		required: u32,
	},
}

/// Median of sorted values; for an even count the mean of the two middle ones, rounded down.
pub fn median(sorted: &[Price]) -> Option<Price> {
	let mid = sorted.len() / 2;
	if sorted.len() % 2 == 1 {
		sorted.get(mid).copied()
	} else {
		let upper = *sorted.get(mid)?;
		let lower = *sorted.get(mid.checked_sub(1)?)?;
		// Mean without overflow: halves plus the carry of both odd halves (never saturates).
		let carry = (lower % 2).saturating_add(upper % 2) / 2;
		Some((lower / 2).saturating_add(upper / 2).saturating_add(carry))
	}
}

/// Whether `value` is within `max_deviation` of `reference` (relative to `reference`).
fn in_line(value: Price, reference: Price, max_deviation: Permill) -> bool {
	let distance = value.abs_diff(reference);
	// distance / reference <= ppm / 10^6, cross-multiplied; saturation only makes it stricter.
	distance.saturating_mul(1_000_000) <= reference.saturating_mul(Price::from(max_deviation.deconstruct()))
}

/// One price from the answers of several sources: drops every answer further than
/// `max_deviation` from the median of all answers, needs `min_sources` survivors and returns their
/// median.
///
/// The reference is the median of *all* answers, which the honest majority sets: with one liar
/// among three sources, or two among five, the liars are dropped and the honest answers stay.
/// (Measured against the median of the *other* answers instead, an honest answer next to a liar
/// would be judged by the midpoint between the liar and the other honest answer, and dropped.)
/// Two sources that disagree are both dropped, since nothing tells which one lies.
pub fn aggregate(answers: &[Price], min_sources: u32, max_deviation: Permill) -> Result<Price, AggregateError> {
	let required = min_sources.max(1);
	let mut sorted = answers.to_vec();
	sorted.sort_unstable();
	let kept: Vec<Price> = match median(&sorted) {
		Some(reference) => sorted.into_iter().filter(|v| in_line(*v, reference, max_deviation)).collect(),
		None => Vec::new(),
	};
	let usable = u32::try_from(kept.len()).unwrap_or(u32::MAX);
	match median(&kept) {
		Some(price) if usable >= required => Ok(price),
		_ => Err(AggregateError::TooFewSources { usable, required }),
	}
}
