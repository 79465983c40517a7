//! Weights measured on this runtime by `scripts/benchmark-weights.sh`, on the same machine as our
//! pallets' (each pallet of ours keeps its own in `pallets/<name>/src/weights.rs`): the SDK pieces
//! that every transaction pays for, and the base weights of a block and of an extrinsic, so that a
//! transfer and an order are priced side by side.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
