//! What the oracle feeder asks of the pallets that use its feeds.
