//! Shared by the runtime integration tests: genesis state from a named preset.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

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

/// Submits a referendum for `call` on the track of `origin`, places its decision deposit, and has
/// `voters` vote (aye or nay) with 1× conviction on half their free balance. Returns its index.
pub fn referendum(
	call: clearing_runtime::RuntimeCall,
	origin: clearing_runtime::OriginCaller,
	voters: &[(sp_keyring::Sr25519Keyring, bool)],
) -> u32 {
	use clearing_runtime::{ConvictionVoting, Preimage, Referenda, RuntimeOrigin};
	use frame_support::{
		assert_ok,
		traits::{schedule::DispatchTime, StorePreimage},
	};
	use pallet_conviction_voting::{AccountVote, Conviction, Vote};
	use sp_keyring::Sr25519Keyring::Alice;
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let proposal = Preimage::bound(call).unwrap();
	assert_ok!(Referenda::submit(
		RuntimeOrigin::signed(Alice.to_account_id()),
		Box::new(origin),
		proposal,
		DispatchTime::After(1)
	));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(Alice.to_account_id()), index));
	for (who, aye) in voters {
		let balance = pallet_balances::Pallet::<Runtime>::free_balance(who.to_account_id()) / 2;
		assert_ok!(ConvictionVoting::vote(
			RuntimeOrigin::signed(who.to_account_id()),
			index,
			AccountVote::Standard { vote: Vote { aye: *aye, conviction: Conviction::Locked1x }, balance }
		));
	}
	index
}

/// Runs the scheduler (which drives referenda and enacts them) block by block until `done`
/// holds, at most through the track's whole life; returns how many blocks that took.
pub fn run_until(track: u16, done: impl Fn() -> bool) -> u32 {
	use clearing_runtime::{configs::governance::Tracks, Scheduler, System};
	use frame_support::traits::OnInitialize;
	use pallet_referenda::TracksInfo;
	let info = Tracks::info(track).unwrap();
	let limit = info.prepare_period + info.decision_period + info.confirm_period + info.min_enactment_period + 10;
	let start = System::block_number();
	for n in start + 1..=start + limit {
		System::set_block_number(n);
		Scheduler::on_initialize(n);
		if done() {
			return n - start;
		}
	}
	panic!("not done within {limit} blocks");
}

/// The results of enacted proposals: the scheduler's named tasks (the referenda's own alarms are
/// anonymous).
pub fn dispatched_results() -> Vec<Result<(), sp_runtime::DispatchError>> {
	clearing_runtime::System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			clearing_runtime::RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched {
				id: Some(_),
				result,
				..
			}) => Some(result),
			_ => None,
		})
		.collect()
}
