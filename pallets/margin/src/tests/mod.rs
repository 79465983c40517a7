//! Tests of the margin engine, by concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

pub(crate) mod mock;

mod adversarial;
mod collateral;
mod fills;
mod funding;
mod markets;
mod math;
mod options;
mod properties;
