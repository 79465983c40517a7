//! Source definitions, URLs, the three exchanges' answer formats, the generic JSON path, decimal
//! parsing and aggregation; with property tests for the aggregation's guarantees.

use crate::{sources::*, types::SourceKind};
use proptest::prelude::*;
use sp_runtime::Permill;

#[test]
fn source_definitions_parse() {
	let binance = parse_source("binance=https://api.binance.com/").unwrap();
	assert_eq!((binance.kind, binance.url.as_str()), (SourceKind::Binance, "https://api.binance.com"));
	let labelled = parse_source("kraken:backup=http://127.0.0.1:8787").unwrap();
	assert_eq!((labelled.name.as_str(), labelled.kind), ("kraken:backup", SourceKind::Kraken));
	let json = parse_source("json:mirror=https://prices.example/v1/{symbol}#data.0.price").unwrap();
	assert_eq!(json.url, "https://prices.example/v1/{symbol}");
	assert_eq!(json.json_path, vec![PathStep::Key("data".into()), PathStep::Index(0), PathStep::Key("price".into())]);
}

#[test]
fn bad_source_definitions_are_refused_with_their_reason() {
	assert_eq!(parse_source("binance"), Err(SourceConfigError::MissingEquals));
	assert_eq!(parse_source("bitstamp=http://x"), Err(SourceConfigError::UnknownKind("bitstamp".into())));
	assert_eq!(parse_source("binance:=http://x"), Err(SourceConfigError::BadLabel));
	assert_eq!(parse_source("binance:a b=http://x"), Err(SourceConfigError::BadLabel));
	assert_eq!(parse_source("binance=ftp://x"), Err(SourceConfigError::BadUrl));
	assert_eq!(parse_source("binance=http://x y"), Err(SourceConfigError::BadUrl));
	assert_eq!(parse_source(&format!("binance=http://{}", "x".repeat(MAX_URL_LEN))), Err(SourceConfigError::BadUrl));
	assert_eq!(parse_source("json=http://x/{symbol}"), Err(SourceConfigError::JsonNeedsSymbolAndPath));
	assert_eq!(parse_source("json=http://x/price#price"), Err(SourceConfigError::JsonNeedsSymbolAndPath));
	assert_eq!(parse_source("json=http://x/{symbol}#a..b"), Err(SourceConfigError::BadJsonPath));
	assert_eq!(
		parse_sources(["binance=http://a", "binance=http://b"]),
		Err(SourceConfigError::DuplicateName("binance".into()))
	);
	let nine: Vec<String> = (0..9).map(|i| format!("binance:n{i}=http://a")).collect();
	assert_eq!(parse_sources(nine.iter().map(String::as_str)), Err(SourceConfigError::TooMany));
}

#[test]
fn stored_sources_round_trip_and_bad_entries_are_reported() {
	let bytes = encode_sources(&[("binance".into(), "http://a".into()), ("nonsense".into(), "http://b".into())]);
	let decoded = decode_sources(&bytes).unwrap();
	assert_eq!(decoded.len(), 2);
	assert_eq!(decoded[0].as_ref().map(|e| e.kind), Ok(SourceKind::Binance));
	assert_eq!(decoded[1], Err(("nonsense".into(), SourceConfigError::UnknownKind("nonsense".into()))));
	assert!(decode_sources(&[0xff, 0xff]).is_err());
}

#[test]
fn request_urls_follow_each_exchange_api() {
	let url = |definition: &str, symbol: &str| parse_source(definition).unwrap().request_url(symbol);
	assert_eq!(url("binance=http://h", "BTCUSDT"), "http://h/api/v3/ticker/price?symbol=BTCUSDT");
	assert_eq!(url("coinbase=http://h", "BTC-USD"), "http://h/v2/prices/BTC-USD/spot");
	assert_eq!(url("kraken=http://h", "XBTUSD"), "http://h/0/public/Ticker?pair=XBTUSD");
	assert_eq!(url("json=http://h/p/{symbol}/now#price", "btc"), "http://h/p/btc/now");
}

fn answer(definition: &str, symbol: &str, body: &str, decimals: u8) -> Result<u128, AnswerError> {
	parse_source(definition)
		.unwrap()
		.parse_answer(symbol, body.as_bytes(), decimals)
}

#[test]
fn real_exchange_answers_parse() {
	assert_eq!(
		answer("binance=http://h", "BTCUSDT", r#"{"symbol":"BTCUSDT","price":"67123.45000000"}"#, 6),
		Ok(67_123_450_000)
	);
	assert_eq!(
		answer("coinbase=http://h", "BTC-USD", r#"{"data":{"amount":"67123.455","base":"BTC","currency":"USD"}}"#, 2),
		Ok(6_712_345)
	);
	let kraken = r#"{"error":[],"result":{"XXBTZUSD":{"a":["67130.00000","1","1.000"],"b":["67129.90000","3","3.000"],"c":["67123.40000","0.00050000"],"v":["1","2"],"p":["1","2"],"t":[1,2],"l":["1","2"],"h":["1","2"],"o":"67000.00000"}}}"#;
	assert_eq!(answer("kraken=http://h", "XBTUSD", kraken, 6), Ok(67_123_400_000));
	assert_eq!(answer("json=http://h/{symbol}#data.0.price", "x", r#"{"data":[{"price":12.5}]}"#, 3), Ok(12_500));
	assert_eq!(answer("json=http://h/{symbol}#p", "x", r#"{"p":"7"}"#, 0), Ok(7));
}

#[test]
fn wrong_or_broken_answers_give_typed_errors() {
	let malformed = |r: Result<u128, AnswerError>| matches!(r, Err(AnswerError::Malformed(_)));
	assert_eq!(
		answer("binance=http://h", "BTCUSDT", r#"{"symbol":"ETHUSDT","price":"1"}"#, 6),
		Err(AnswerError::WrongSymbol)
	);
	assert_eq!(
		answer("coinbase=http://h", "BTC-USD", r#"{"data":{"amount":"1","base":"ETH","currency":"USD"}}"#, 6),
		Err(AnswerError::WrongSymbol)
	);
	assert!(malformed(answer("binance=http://h", "BTCUSDT", r#"{"symbol":"BTCUSDT"}"#, 6)));
	assert!(malformed(answer("binance=http://h", "BTCUSDT", "<html>rate limited</html>", 6)));
	assert!(malformed(answer(
		"kraken=http://h",
		"XBTUSD",
		r#"{"error":["EQuery:Unknown asset pair"],"result":{}}"#,
		6
	)));
	assert!(malformed(answer(
		"kraken=http://h",
		"XBTUSD",
		r#"{"error":[],"result":{"A":{"c":["1","1"]},"B":{"c":["2","1"]}}}"#,
		6
	)));
	assert!(malformed(answer("json=http://h/{symbol}#data.price", "x", r#"{"data":{"price":null}}"#, 6)));
	assert!(malformed(answer("json=http://h/{symbol}#data.1", "x", r#"{"data":[1]}"#, 6)));
	assert!(malformed(answer("json=http://h/{symbol}#p", "x", r#"{"p":1e5}"#, 6)));
	assert!(malformed(
		parse_source("binance=http://h")
			.unwrap()
			.parse_answer("BTCUSDT", &[0xff, 0xfe], 6)
	));
	assert_eq!(answer("json=http://h/{symbol}#p", "x", r#"{"p":"-1"}"#, 6), Err(AnswerError::NonPositive));
	assert_eq!(answer("json=http://h/{symbol}#p", "x", r#"{"p":0}"#, 6), Err(AnswerError::NonPositive));
	let huge = format!(r#"{{"p":"{}"}}"#, "9".repeat(40));
	assert_eq!(answer("json=http://h/{symbol}#p", "x", &huge, 0), Err(AnswerError::Overflow));
}

#[test]
fn decimals_parse_exactly_and_cut_extra_digits() {
	assert_eq!(parse_decimal("1", 6), Ok(1_000_000));
	assert_eq!(parse_decimal("0.000001", 6), Ok(1));
	assert_eq!(parse_decimal("0.0000019", 6), Ok(1));
	assert_eq!(parse_decimal("1.9999999", 6), Ok(1_999_999));
	assert_eq!(parse_decimal("0.0000001", 6), Err(AnswerError::NonPositive));
	assert_eq!(parse_decimal("007.50", 2), Ok(750));
	for bad in ["", ".", "1.", ".5", "+1", "1e3", "1,5", " 1", "1 ", "0x10", "--1", "1.2.3"] {
		assert!(matches!(parse_decimal(bad, 6), Err(AnswerError::Malformed(_))), "{bad:?} must be malformed");
	}
	assert_eq!(parse_decimal(&u128::MAX.to_string(), 0), Ok(u128::MAX));
	assert_eq!(parse_decimal(&u128::MAX.to_string(), 1), Err(AnswerError::Overflow));
}

#[test]
fn aggregation_drops_the_out_of_line_and_needs_the_minimum() {
	let five = Permill::from_percent(5);
	assert_eq!(aggregate(&[100, 101, 102], 2, five), Ok(101));
	assert_eq!(aggregate(&[100, 102], 2, five), Ok(101));
	assert_eq!(aggregate(&[100, 102, 1_000], 2, five), Ok(101), "the liar is dropped");
	assert_eq!(
		aggregate(&[100, 1_000], 1, five),
		Err(AggregateError::TooFewSources { usable: 0, required: 1 }),
		"two that disagree are both dropped"
	);
	assert_eq!(aggregate(&[100], 1, five), Ok(100));
	assert_eq!(aggregate(&[100], 2, five), Err(AggregateError::TooFewSources { usable: 1, required: 2 }));
	assert_eq!(aggregate(&[], 1, five), Err(AggregateError::TooFewSources { usable: 0, required: 1 }));
	// Exactly at the edge of the deviation stays in.
	assert_eq!(aggregate(&[100, 100, 105], 3, five), Ok(100));
	// Two liars among five sources are dropped.
	assert_eq!(aggregate(&[100, 100, 101, 9_000, 9_000], 3, five), Ok(100));
	assert_eq!(median(&[u128::MAX, u128::MAX]), Some(u128::MAX));
	assert_eq!(median(&[u128::MAX - 1, u128::MAX]), Some(u128::MAX - 1));
}

proptest! {
	/// Whatever the answers, a price comes out only from within the answers' range.
	#[test]
	fn the_aggregate_lies_within_the_answers(answers in prop::collection::vec(1u128..=u128::MAX, 1..8), ppm in 1u32..=500_000) {
		if let Ok(price) = aggregate(&answers, 1, Permill::from_parts(ppm)) {
			let (lo, hi) = (answers.iter().min().copied().unwrap(), answers.iter().max().copied().unwrap());
			prop_assert!(lo <= price && price <= hi);
		}
	}

	/// With honest sources in a tight band and fewer liars than honest sources, the result stays
	/// inside the honest band, wherever the liars put their price.
	#[test]
	fn a_minority_of_liars_cannot_move_the_price_out_of_the_honest_band(
		base in 1_000u128..1_000_000_000_000,
		honest_spread_ppm in prop::collection::vec(0u32..=10_000, 3..6),
		liars in prop::collection::vec(1u128..=u128::MAX / 2, 0..3),
	) {
		prop_assume!(liars.len() < honest_spread_ppm.len());
		let honest: Vec<u128> = honest_spread_ppm.iter().map(|ppm| base + base * u128::from(*ppm) / 1_000_000).collect();
		let mut answers = honest.clone();
		answers.extend(liars);
		let (lo, hi) = (honest.iter().min().copied().unwrap(), honest.iter().max().copied().unwrap());
		if let Ok(price) = aggregate(&answers, 1, Permill::from_percent(5)) {
			prop_assert!(lo <= price && price <= hi, "{price} outside [{lo}, {hi}]");
		}
	}

	/// Formatting an integer with `decimals` digits after the point parses back to it.
	#[test]
	fn decimal_text_round_trips(value in 1u128..=u128::MAX / 10, decimals in 0u8..=18) {
		let digits = value.to_string();
		let d = usize::from(decimals);
		let text = if d == 0 { digits.clone() } else {
			let padded = format!("{digits:0>width$}", width = d + 1);
			let (whole, fraction) = padded.split_at(padded.len() - d);
			format!("{whole}.{fraction}")
		};
		prop_assert_eq!(parse_decimal(&text, decimals), Ok(value));
	}
}
