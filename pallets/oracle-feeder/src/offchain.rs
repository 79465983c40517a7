//! The offchain worker: fetch every feed from every source of this node, aggregate, submit.
//!
//! One run per imported block. The order of the checks keeps work and log noise low on nodes that
//! have nothing to do: first whether this node holds a current operator's key, then the lock, then
//! whether it already sent for this block, and only then the network.

use alloc::{string::String, vec::Vec};
use clearing_primitives::{FeedId, Price};
use frame_support::{traits::SortedMembers, BoundedVec};
use frame_system::{
	offchain::{SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::offchain::{
	http,
	storage::StorageValueRef,
	storage_lock::{BlockAndTime, StorageLock},
	Duration,
};

use crate::{
	sources::{self, AggregateError, AnswerError, SourceEndpoint, MAX_BODY_LEN, SOURCES_STORAGE_KEY},
	Config, FeedConfig, Feeds, Params,
};

/// How long the worker waits for all sources together, in milliseconds. Blocks come every 2 s and
/// the price must reach the next block's author.
pub const FETCH_DEADLINE_MS: u64 = 1_200;

/// Local-storage key of the lock that keeps two overlapping workers of one node apart.
pub const LOCK_KEY: &[u8] = b"clearing::oracle-feeder::lock";

/// Local-storage key of the last block number this node submitted prices for.
pub const LAST_SENT_KEY: &[u8] = b"clearing::oracle-feeder::last-sent";

/// How long the lock holds at most if a worker dies holding it, in milliseconds.
const LOCK_EXPIRY_MS: u64 = 4_000;

/// What one run of the worker did.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Outcome {
	/// The keystore holds no `orcl` key of a current operator.
	NotAnOperator,
	/// Another run of this node's worker holds the lock.
	Locked,
	/// This node already submitted for this block number.
	AlreadySent,
	/// The node has no usable price sources in its local storage.
	NoSources,
	/// No feed had enough usable answers; nothing was submitted.
	NothingToSubmit {
		/// Per feed, why it got no price.
		skipped: Vec<(FeedId, AggregateError)>,
		/// Per failed answer: the feed, the source's name and what went wrong.
		failures: Vec<(FeedId, String, AnswerError)>,
	},
	/// One `Oracle::feed_values` went into the transaction pool.
	Submitted {
		/// The medians submitted.
		values: Vec<(FeedId, Price)>,
		/// Feeds left out, and why.
		skipped: Vec<(FeedId, AggregateError)>,
		/// Per failed answer: the feed, the source's name and what went wrong.
		failures: Vec<(FeedId, String, AnswerError)>,
	},
	/// Signing or the transaction pool refused the transaction.
	SubmitFailed,
}

/// One run of the worker for `block`.
pub fn run<T: Config>(block: BlockNumberFor<T>) -> Outcome {
	let operators = <T as pallet_oracle::Config>::Members::sorted_members();
	let signing_keys: Vec<T::Public> = Signer::<T, T::AuthorityId>::keystore_accounts()
		.filter(|account| operators.binary_search(&account.id).is_ok())
		.map(|account| account.public)
		.collect();
	if signing_keys.is_empty() {
		return Outcome::NotAnOperator;
	}

	let mut lock = StorageLock::<BlockAndTime<frame_system::Pallet<T>>>::with_block_and_time_deadline(
		LOCK_KEY,
		1,
		Duration::from_millis(LOCK_EXPIRY_MS),
	);
	let Ok(_guard) = lock.try_lock() else { return Outcome::Locked };

	let last_sent = StorageValueRef::persistent(LAST_SENT_KEY);
	if let Ok(Some(sent)) = last_sent.get::<BlockNumberFor<T>>() {
		if sent >= block {
			return Outcome::AlreadySent;
		}
	}

	let endpoints = configured_sources();
	if endpoints.is_empty() {
		return Outcome::NoSources;
	}

	let params = Params::<T>::get();
	let feeds: Vec<(FeedId, FeedConfig)> = Feeds::<T>::iter().collect();
	let answers = fetch_all(&feeds, &endpoints);

	let mut values: Vec<(FeedId, Price)> = Vec::new();
	let mut skipped = Vec::new();
	let mut failures = Vec::new();
	for ((feed, _), feed_answers) in feeds.iter().zip(answers) {
		let mut prices = Vec::new();
		for (source, answer) in feed_answers {
			match answer {
				Ok(price) => prices.push(price),
				Err(error) => failures.push((feed.clone(), source, error)),
			}
		}
		match sources::aggregate(&prices, params.min_sources, params.max_source_deviation) {
			Ok(price) => values.push((feed.clone(), price)),
			Err(error) => skipped.push((feed.clone(), error)),
		}
	}
	if values.is_empty() {
		return Outcome::NothingToSubmit { skipped, failures };
	}

	// `MaxFeeds <= MaxFeedValues` (integrity test), so nothing is cut here.
	let bounded: BoundedVec<(FeedId, Price), <T as pallet_oracle::Config>::MaxFeedValues> =
		BoundedVec::truncate_from(values.clone());
	let sent = Signer::<T, T::AuthorityId>::any_account()
		.with_filter(signing_keys)
		.send_signed_transaction(|_| pallet_oracle::Call::<T>::feed_values { values: bounded.clone() });
	match sent {
		Some((_, Ok(()))) => {
			last_sent.set(&block);
			Outcome::Submitted { values, skipped, failures }
		},
		_ => Outcome::SubmitFailed,
	}
}

/// The node's price sources from local storage (the bytes of [`sources::encode_sources`], as the
/// node writes them); entries that do not parse are logged and skipped.
pub fn configured_sources() -> Vec<SourceEndpoint> {
	match sp_io::offchain::local_storage_get(sp_core::offchain::StorageKind::PERSISTENT, SOURCES_STORAGE_KEY) {
		Some(bytes) => decode_logged(&bytes),
		None => Vec::new(),
	}
}

fn decode_logged(bytes: &[u8]) -> Vec<SourceEndpoint> {
	match sources::decode_sources(bytes) {
		Ok(entries) => entries
			.into_iter()
			.filter_map(|entry| match entry {
				Ok(endpoint) => Some(endpoint),
				Err((name, error)) => {
					log::warn!(target: "oracle-feeder", "ignoring price source `{name}`: {error}");
					None
				},
			})
			.collect(),
		Err(_) => {
			log::warn!(target: "oracle-feeder", "the price-source list in local storage does not decode");
			Vec::new()
		},
	}
}

/// Asks every source for every feed at once and waits for all answers until one deadline.
/// Returns, per feed (in `feeds` order), each asked source's name with its price or error.
fn fetch_all(
	feeds: &[(FeedId, FeedConfig)],
	endpoints: &[SourceEndpoint],
) -> Vec<Vec<(String, Result<Price, AnswerError>)>> {
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(FETCH_DEADLINE_MS));

	// (feed index, endpoint index, symbol) of every request to make.
	let mut asked: Vec<(usize, usize, String)> = Vec::new();
	let mut pending: Vec<http::PendingRequest> = Vec::new();
	let mut results: Vec<Vec<(String, Result<Price, AnswerError>)>> = feeds.iter().map(|_| Vec::new()).collect();

	for (feed_index, (_, config)) in feeds.iter().enumerate() {
		for (endpoint_index, endpoint) in endpoints.iter().enumerate() {
			let Some(symbol) = config.symbol_for(endpoint.kind) else { continue };
			let symbol = String::from_utf8_lossy(symbol).into_owned();
			let url = endpoint.request_url(&symbol);
			match http::Request::get(&url).deadline(deadline).send() {
				Ok(request) => {
					asked.push((feed_index, endpoint_index, symbol));
					pending.push(request);
				},
				Err(_) => {
					if let Some(feed_results) = results.get_mut(feed_index) {
						feed_results.push((endpoint.name.clone(), Err(AnswerError::Http)));
					}
				},
			}
		}
	}

	let statuses = http::PendingRequest::try_wait_all(pending, deadline);
	for ((feed_index, endpoint_index, symbol), status) in asked.into_iter().zip(statuses) {
		let (Some((_, config)), Some(endpoint)) = (feeds.get(feed_index), endpoints.get(endpoint_index)) else {
			continue;
		};
		let answer = match status {
			Err(_still_pending) => Err(AnswerError::Timeout),
			Ok(Err(http::Error::DeadlineReached)) => Err(AnswerError::Timeout),
			Ok(Err(_)) => Err(AnswerError::Http),
			Ok(Ok(response)) if response.code != 200 => Err(AnswerError::Status(response.code)),
			Ok(Ok(response)) => {
				read_body(&response, deadline).and_then(|body| endpoint.parse_answer(&symbol, &body, config.decimals))
			},
		};
		if let Some(feed_results) = results.get_mut(feed_index) {
			feed_results.push((endpoint.name.clone(), answer));
		}
	}
	results
}

/// The whole body of a response, read until the deadline and at most [`MAX_BODY_LEN`] bytes.
fn read_body(response: &http::Response, deadline: sp_core::offchain::Timestamp) -> Result<Vec<u8>, AnswerError> {
	let mut body = response.body();
	body.deadline(deadline);
	let bytes: Vec<u8> = body.by_ref().take(MAX_BODY_LEN.saturating_add(1)).collect();
	match body.error() {
		Some(sp_core::offchain::HttpError::DeadlineReached) => Err(AnswerError::Timeout),
		Some(_) => Err(AnswerError::Http),
		None if bytes.len() > MAX_BODY_LEN => Err(AnswerError::TooLarge),
		None => Ok(bytes),
	}
}

/// Logs what a run did: submissions at info, source trouble at warn, idle runs at debug.
pub fn log_outcome<B: core::fmt::Debug>(block: B, outcome: &Outcome) {
	match outcome {
		Outcome::Submitted { values, skipped, failures } => {
			log::info!(target: "oracle-feeder", "block {block:?}: submitted {} price(s): {:?}", values.len(), printable(values));
			log_trouble(skipped, failures);
		},
		Outcome::NothingToSubmit { skipped, failures } => {
			log::warn!(target: "oracle-feeder", "block {block:?}: no feed had enough usable sources; nothing submitted");
			log_trouble(skipped, failures);
		},
		Outcome::NoSources => log::warn!(
			target: "oracle-feeder",
			"block {block:?}: this operator node has no price sources; start it with --price-source NAME=URL"
		),
		Outcome::SubmitFailed => {
			log::warn!(target: "oracle-feeder", "block {block:?}: the price transaction was not accepted")
		},
		other => log::debug!(target: "oracle-feeder", "block {block:?}: {other:?}"),
	}
}

fn log_trouble(skipped: &[(FeedId, AggregateError)], failures: &[(FeedId, String, AnswerError)]) {
	for (feed, source, error) in failures {
		log::warn!(target: "oracle-feeder", "{}: source `{source}` failed: {error:?}", String::from_utf8_lossy(feed));
	}
	for (feed, error) in skipped {
		log::warn!(target: "oracle-feeder", "{}: skipped: {error:?}", String::from_utf8_lossy(feed));
	}
}

fn printable(values: &[(FeedId, Price)]) -> Vec<(String, Price)> {
	values
		.iter()
		.map(|(feed, price)| (String::from_utf8_lossy(feed).into_owned(), *price))
		.collect()
}

/// Where the smile worker records the last block it submitted for.
pub const SMILES_LAST_SENT_KEY: &[u8] = b"clearing::oracle-feeder::smiles-last-sent";

/// The smile worker's lock (apart from the price worker's: neither waits for the other).
pub const SMILES_LOCK_KEY: &[u8] = b"clearing::oracle-feeder::smiles-lock";

/// What one run of the smile worker did.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SmileOutcome {
	/// No expiry is listed, or this node is not an operator: nothing to do.
	Idle,
	/// Another run holds the lock, or this block was served.
	Skipped,
	/// Expiries are listed but the node has no option venue (`--option-source`).
	NoSources,
	/// No expiry got a complete smile from any venue.
	NothingToSubmit { failures: Vec<(String, String)> },
	/// Smiles submitted, per expiry, with the venues that failed.
	Submitted { expiries: Vec<crate::vols::Smile>, failures: Vec<(String, String)> },
	/// The transaction was not accepted.
	SubmitFailed,
}

/// Fetches every listed expiry's smile from the node's option venues (one book summary per venue
/// and currency), takes the median per strike across venues, and submits one signed
/// `VolOracle::feed_values` for the next block.
pub fn run_smiles<T: Config>(block: BlockNumberFor<T>) -> SmileOutcome {
	use crate::vols::{self, Smile, VolInstance};
	use clearing_primitives::options::ListedExpiries;
	let requests = T::OptionExpiries::smile_requests();
	if requests.is_empty() {
		return SmileOutcome::Idle;
	}
	let operators = <T as pallet_oracle::Config<VolInstance>>::Members::sorted_members();
	let signing_keys: Vec<T::Public> = Signer::<T, T::AuthorityId>::keystore_accounts()
		.filter(|account| operators.binary_search(&account.id).is_ok())
		.map(|account| account.public)
		.collect();
	if signing_keys.is_empty() {
		return SmileOutcome::Idle;
	}
	let mut lock = StorageLock::<BlockAndTime<frame_system::Pallet<T>>>::with_block_and_time_deadline(
		SMILES_LOCK_KEY,
		1,
		Duration::from_millis(LOCK_EXPIRY_MS),
	);
	let Ok(_guard) = lock.try_lock() else { return SmileOutcome::Skipped };
	let last_sent = StorageValueRef::persistent(SMILES_LAST_SENT_KEY);
	if let Ok(Some(sent)) = last_sent.get::<BlockNumberFor<T>>() {
		if sent >= block {
			return SmileOutcome::Skipped;
		}
	}
	let venues = vols::configured_option_sources();
	if venues.is_empty() {
		return SmileOutcome::NoSources;
	}
	// One book summary per venue and currency.
	let mut currencies: Vec<Vec<u8>> = requests.iter().map(|r| r.currency.clone()).collect();
	currencies.sort();
	currencies.dedup();
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(FETCH_DEADLINE_MS));
	let mut asked = Vec::new();
	let mut pending = Vec::new();
	let mut failures = Vec::new();
	for venue in venues.iter() {
		for currency in currencies.iter() {
			let url = vols::summary_url(venue, currency);
			match http::Request::get(&url).deadline(deadline).send() {
				Ok(request) => {
					asked.push((venue.clone(), currency.clone()));
					pending.push(request);
				},
				Err(_) => failures.push((url, String::from("request failed"))),
			}
		}
	}
	let mut books: Vec<(Vec<u8>, alloc::collections::BTreeMap<String, clearing_primitives::options::Volatility>)> =
		Vec::new();
	for ((venue, currency), status) in asked.into_iter().zip(http::PendingRequest::try_wait_all(pending, deadline)) {
		let answer = match status {
			Ok(Ok(response)) if response.code == 200 => read_limited(&response, deadline, vols::MAX_OPTION_BODY_LEN)
				.map_err(|_| "unreadable answer")
				.and_then(|body| vols::parse_book_summary(&body)),
			Ok(Ok(_)) => Err("status other than 200"),
			_ => Err("no answer before the deadline"),
		};
		match answer {
			Ok(book) => books.push((currency, book)),
			Err(why) => failures.push((vols::summary_url(&venue, &currency), String::from(why))),
		}
	}
	let mut values: Vec<(clearing_primitives::options::ExpiryId, Smile)> = Vec::new();
	for request in requests.iter() {
		let per_venue: Vec<Smile> = books
			.iter()
			.filter(|(currency, _)| *currency == request.currency)
			.filter_map(|(_, book)| vols::smile_of(request, book))
			.filter_map(|smile| Smile::try_from(smile).ok())
			.collect();
		let refs: Vec<&Smile> = per_venue.iter().collect();
		if let Some(smile) = vols::combine_smiles(&refs, 1) {
			values.push((request.expiry, smile));
		}
	}
	if values.is_empty() {
		return SmileOutcome::NothingToSubmit { failures };
	}
	let bounded: BoundedVec<_, <T as pallet_oracle::Config<VolInstance>>::MaxFeedValues> =
		BoundedVec::truncate_from(values.clone());
	let sent = Signer::<T, T::AuthorityId>::any_account()
		.with_filter(signing_keys)
		.send_signed_transaction(|_| pallet_oracle::Call::<T, VolInstance>::feed_values { values: bounded.clone() });
	match sent {
		Some((_, Ok(()))) => {
			last_sent.set(&block);
			SmileOutcome::Submitted { expiries: values.into_iter().map(|(_, s)| s).collect(), failures }
		},
		_ => SmileOutcome::SubmitFailed,
	}
}

/// Reads a body of at most `limit` bytes before the deadline.
fn read_limited(
	response: &http::Response,
	deadline: sp_core::offchain::Timestamp,
	limit: usize,
) -> Result<Vec<u8>, AnswerError> {
	let mut body = response.body();
	body.deadline(deadline);
	let bytes: Vec<u8> = body.by_ref().take(limit.saturating_add(1)).collect();
	match body.error() {
		Some(sp_core::offchain::HttpError::DeadlineReached) => Err(AnswerError::Timeout),
		Some(_) => Err(AnswerError::Http),
		None if bytes.len() > limit => Err(AnswerError::TooLarge),
		None => Ok(bytes),
	}
}

/// Logs what the smile worker did.
pub fn log_smiles<B: core::fmt::Debug>(block: B, outcome: &SmileOutcome) {
	match outcome {
		SmileOutcome::Submitted { expiries, failures } => {
			log::info!(target: "oracle-feeder", "block {block:?}: submitted {} smile(s)", expiries.len());
			for (url, why) in failures {
				log::warn!(target: "oracle-feeder", "option venue {url}: {why}");
			}
		},
		SmileOutcome::NothingToSubmit { failures } => {
			log::warn!(target: "oracle-feeder", "block {block:?}: no expiry had a complete smile; nothing submitted");
			for (url, why) in failures {
				log::warn!(target: "oracle-feeder", "option venue {url}: {why}");
			}
		},
		SmileOutcome::NoSources => log::warn!(
			target: "oracle-feeder",
			"block {block:?}: option expiries are listed but this operator node has no option venue; start it with --option-source URL"
		),
		SmileOutcome::SubmitFailed => {
			log::warn!(target: "oracle-feeder", "block {block:?}: the smile transaction was not accepted")
		},
		other => log::debug!(target: "oracle-feeder", "block {block:?}: smiles {other:?}"),
	}
}
