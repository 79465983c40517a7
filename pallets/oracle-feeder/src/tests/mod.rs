#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
//! Tests of the oracle feeder, by concern.

pub(crate) mod mock;

mod combine;
mod extension;
mod faulty_network;
mod offchain_worker;
mod oracle;
mod registry;
mod session;
mod sources;
mod vols;
