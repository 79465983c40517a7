//! Shared by the runtime integration tests: genesis state from a named preset.

#![allow(dead_code, clippy::expect_used)]

use clearing_runtime::{genesis_config_presets, Margin, Runtime, RuntimeGenesisConfig, System};
use sp_runtime::BuildStorage;

/// The wall clock the tests start at, in ms.
pub const NOW_MS: u64 = 1_700_000_000_000;

/// The dev chain's oracle operator account (`//Alice//oracle`).
pub fn dev_operator() -> clearing_primitives::AccountId {
	genesis_config_presets::dev_oracle_operators(1).remove(0)
}

/// The conservation identity: the margin pallet holds exactly its ledger, to the atom.
pub fn conserved() -> bool {
	Some(i128::try_from(Margin::held()).expect("held fits the ledger's integers")) == Margin::ledger_total()
}

/// The dev operator feeds BTC/USD at `price` (micro-dollars).
pub fn price_btc(price: u128) {
	let btc = clearing_primitives::feed_id("BTC/USD").expect("BTC/USD is a feed id");
	frame_support::assert_ok!(clearing_runtime::Oracle::feed_values(
		clearing_runtime::RuntimeOrigin::signed(dev_operator()),
		frame_support::BoundedVec::truncate_from(vec![(btc, price)])
	));
}

/// `who` places an order on BTC-USD (market 0), not reduce-only, through the runtime's dispatch.
pub fn order(
	who: sp_keyring::Sr25519Keyring,
	side: clearing_primitives::Side,
	price: u128,
	size: u128,
	kind: pallet_orderbook::OrderKind,
) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	use sp_runtime::traits::Dispatchable;
	clearing_runtime::RuntimeCall::Orderbook(pallet_orderbook::Call::place_order {
		market: 0,
		side,
		price,
		size,
		kind,
		reduce_only: false,
	})
	.dispatch(clearing_runtime::RuntimeOrigin::signed(who.to_account_id()))
}

/// Merges a genesis JSON patch into the full default config, as the node's chain-spec code does.
pub fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Externalities holding the genesis state of a named preset, at block 1 and [`NOW_MS`].
pub fn ext_from_preset(name: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&name.to_string()).expect("preset exists");
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("preset is valid");
	let mut ext = sp_io::TestExternalities::new(config.build_storage().expect("genesis builds"));
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(NOW_MS);
	});
	ext
}
