//! Tests of the options pallet: listing, the surface's checks, marks, the settlement TWAP and the
//! expiry sweep, with the real margin engine and order book.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

pub(crate) mod mock;

mod listing;
mod settlement;
mod surface;
