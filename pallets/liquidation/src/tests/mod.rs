//! Tests of the liquidation engine on a mock runtime with the real margin engine and order book.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

pub mod mock;

mod adversarial;
mod cascade;
mod detection;
mod keeper;
mod metering;
mod properties;
mod scale;
