//! Runtime API of the oracle feeder, so clients (polkadot.js: `api.call.oracleFeederApi`) and the
//! node read prices exactly as the pallets do, staleness included.

use alloc::vec::Vec;
use clearing_primitives::{FeedId, FreshPrice, PriceError};

use crate::FeedConfig;

sp_api::decl_runtime_apis! {
	/// Prices and the feed registry.
	pub trait OracleFeederApi {
		/// What the price API gives the other pallets for `feed` at this block.
		fn fresh_price(feed: FeedId) -> Result<FreshPrice, PriceError>;
		/// Every registered feed with its definition.
		fn feeds() -> Vec<(FeedId, FeedConfig)>;
	}
}
