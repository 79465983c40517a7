//! The operators' signing scheme for the offchain worker: the `orcl` key (sr25519) of
//! [`clearing_primitives::oracle_crypto`], signing as the operator's own account.

use clearing_primitives::oracle_crypto;
use sp_core::sr25519;
use sp_runtime::{MultiSignature, MultiSigner};

/// Signs `Oracle::feed_values` with the node's `orcl` key.
pub struct OperatorKey;

/// For runtimes whose accounts are `MultiSigner`s (ours).
impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for OperatorKey {
	type RuntimeAppPublic = oracle_crypto::Public;
	type GenericSignature = sr25519::Signature;
	type GenericPublic = sr25519::Public;
}

/// For runtimes whose accounts are plain sr25519 keys (the pallet's mock).
impl frame_system::offchain::AppCrypto<sr25519::Public, sr25519::Signature> for OperatorKey {
	type RuntimeAppPublic = oracle_crypto::Public;
	type GenericSignature = sr25519::Signature;
	type GenericPublic = sr25519::Public;
}
