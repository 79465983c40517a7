//! What the oracle feeder asks of the pallets that use its feeds.

use crate::FeedId;

/// Whether some market (or anything else that takes risk decisions on a price) uses a feed.
///
/// The oracle feeder asks before governance removes a feed, or changes the decimals of its
/// prices: either would leave a live market without a price, or silently rescale every mark,
/// margin requirement and liquidation threshold built on it. The feeder refuses both while the
/// feed is in use (`FeedInUse`); the market must move to another feed or close first.
pub trait FeedUsage {
	/// Whether `feed` is in use. Called by governance calls only, never on a trade's path; an
	/// implementation may read every market, as long as their number is bounded.
	fn feed_in_use(feed: &FeedId) -> bool;
}

/// Nothing uses any feed: for runtimes and tests without markets.
impl FeedUsage for () {
	fn feed_in_use(_feed: &FeedId) -> bool {
		false
	}
}
