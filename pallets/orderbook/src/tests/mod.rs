//! Tests of the order book, by concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

pub(crate) mod mock;

mod adversarial;
mod kinds;
mod margin;
mod matching;
mod placement;
mod properties;
