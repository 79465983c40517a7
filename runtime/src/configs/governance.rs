//! On-chain governance (OpenGov): token holders vote, with conviction, on referenda whose track
//! decides which origin the enacted call gets.
//!
//! - **Root track** (0): anything, including runtime upgrades (`System::set_code`).
//! - **Risk admin track** (1): the `RiskAdmin` origin, the only one (besides root) that changes a
//!   risk parameter of any of our pallets: markets and their margins, penalties, fees, caps and
//!   funding; the insurance fee share; the liquidation budget and keeper share; the oracle's
//!   parameters and feed registry.
//! - **Validator admin track** (3): the `ValidatorAdmin` origin, which adds a validator to the set
//!   or removes one (`ValidatorSet`); since the validators are also the oracle's operators, it
//!   chooses who feeds prices too. Its periods and its support floor are the root track's.
//! - **Market emergency track** (2): the `MarketEmergency` origin, a fast track that may only set
//!   a market `ReduceOnly` or `Halted` (reopening it is a risk-admin decision).
//!
//! Periods are in blocks of 2 s. With the `fast-runtime` feature (on in the builds the scripts
//! make) a referendum with an aye majority passes in well under a minute; without it they last
//! days, as on a production chain. The support floors (the least turnout that ever passes) are the
//! same in both.
//!
//! The **governance account** ([`governance_account`]) is derived from a `PalletId`: nobody holds
//! its key, so nothing is ever signed by it. The production-like presets make it the settlement
//! asset's owner, issuer, admin and freezer, which leaves those roles inert; the asset changes only
//! by root (a root-track referendum), through pallet-assets' `force_*` calls.

use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, Scheduler, System,
};
use alloc::borrow::Cow;
use clearing_primitives::CLR;
use frame_support::PalletId;
use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, EitherOf, EqualPrivilegeOnly, LinearStoragePrice, OriginTrait},
};
use frame_system::EnsureRoot;
use pallet_referenda::{Curve, Track, TrackInfo, TracksInfo};
use sp_runtime::{str_array as name, traits::AccountIdConversion, Perbill};

/// Custom origins of the governance tracks.
// FRAME's pallet macro expands `expect()` into the code it generates for the pallet item; the
// lint cannot be scoped to generated code alone, and this module's own code has none.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet_custom_origins {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origins a referendum's track gives the call it enacts.
	#[derive(PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
	#[pallet::origin]
	pub enum Origin {
		/// Changes risk parameters: margins, penalties, fees, caps, funding, liquidation budget,
		/// oracle rules and operators, market listings and status.
		RiskAdmin,
		/// Only sets a market `ReduceOnly` or `Halted`.
		MarketEmergency,
		/// Adds or removes a validator (and with it an oracle operator).
		ValidatorAdmin,
	}

	macro_rules! decl_ensure {
		($name:ident) => {
			/// Ensures the origin is this custom origin.
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					match o.caller().try_into() {
						Ok(Origin::$name) => return Ok(()),
						_ => (),
					}
					Err(o)
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$name))
				}
			}
		};
	}
	decl_ensure!(RiskAdmin);
	decl_ensure!(MarketEmergency);
	decl_ensure!(ValidatorAdmin);
}

parameter_types! {
	/// Derives the governance account; distinct from the pallets' `clr/…` ids.
	pub const GovernancePalletId: PalletId = PalletId(*b"clr/govn");
}

/// The governance account: derived from [`GovernancePalletId`], so no one has a key for it and no
/// signed call ever comes from it. Roles given to it (the settlement asset's team in the `staging`
/// preset) can be exercised by nobody; only root, i.e. a root-track referendum, changes what they
/// guard (pallet-assets' `ForceOrigin` is root: `force_asset_status` reassigns the team or freezes
/// the asset, `force_set_metadata`, `force_cancel_approval`).
pub fn governance_account() -> AccountId {
	GovernancePalletId::get().into_account_truncating()
}

/// Root, or a referendum passed on the risk admin track: the origin of every risk parameter.
pub type RiskAdmin = EitherOf<EnsureRoot<AccountId>, pallet_custom_origins::RiskAdmin>;

/// The risk admin, or a referendum passed on the market emergency track: may halt a market or
/// make it reduce-only, nothing else.
pub type MarketEmergency = EitherOf<RiskAdmin, pallet_custom_origins::MarketEmergency>;

/// Root, or a referendum passed on the validator admin track: the only origin that changes the
/// validator set (and so the oracle operators).
pub type ValidatorAdmin = EitherOf<EnsureRoot<AccountId>, pallet_custom_origins::ValidatorAdmin>;

impl pallet_custom_origins::Config for Runtime {}

/// Minutes, hours and days in blocks (2 s slots).
const MINUTES: BlockNumber = 30;
const HOURS: BlockNumber = 60 * MINUTES;
const DAYS: BlockNumber = 24 * HOURS;

/// A track's periods, in blocks: (prepare, decision, confirm, minimum enactment).
struct Periods {
	prepare: BlockNumber,
	decision: BlockNumber,
	confirm: BlockNumber,
	enactment: BlockNumber,
}

/// Dev and test builds: a referendum with an aye majority passes within about 30 blocks (one
/// minute); production builds take days.
#[cfg(feature = "fast-runtime")]
const fn periods(production: Periods) -> Periods {
	let _ = production;
	Periods { prepare: 1, decision: 20, confirm: 2, enactment: 1 }
}
#[cfg(not(feature = "fast-runtime"))]
const fn periods(production: Periods) -> Periods {
	production
}

const ROOT: Periods = periods(Periods { prepare: 2 * HOURS, decision: 14 * DAYS, confirm: DAYS, enactment: DAYS });
const RISK_ADMIN: Periods =
	periods(Periods { prepare: HOURS, decision: 7 * DAYS, confirm: 12 * HOURS, enactment: 6 * HOURS });
const MARKET_EMERGENCY: Periods = periods(Periods { prepare: 1, decision: DAYS, confirm: 10 * MINUTES, enactment: 1 });

/// Approval: from 100 % of the conviction-weighted votes down to `approval_floor` over the
/// decision period. Support (aye capital without conviction, over the active issuance): from
/// `support_start` down to `support_end`, reached at the end of the decision period and kept
/// through the confirm period.
///
/// `support_end` is the least turnout that can ever pass: a referendum that reaches the end of its
/// decision period, or confirms after it, is judged against it. A floor of 0 would let one small
/// holder pass a proposal nobody else voted on just by waiting (see the floors in [`TRACKS`]).
const fn curves(approval_floor: u32, support_start: u32, support_end: u32) -> (Curve, Curve) {
	(
		Curve::LinearDecreasing {
			length: Perbill::from_percent(100),
			floor: Perbill::from_percent(approval_floor),
			ceil: Perbill::from_percent(100),
		},
		Curve::LinearDecreasing {
			length: Perbill::from_percent(100),
			floor: Perbill::from_percent(support_end),
			ceil: Perbill::from_percent(support_start),
		},
	)
}

const fn track(
	id: u16,
	track_name: &str,
	max_deciding: u32,
	decision_deposit: Balance,
	periods: Periods,
	(min_approval, min_support): (Curve, Curve),
) -> Track<u16, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: name(track_name),
			max_deciding,
			decision_deposit,
			prepare_period: periods.prepare,
			decision_period: periods.decision,
			confirm_period: periods.confirm,
			min_enactment_period: periods.enactment,
			min_approval,
			min_support,
		},
	}
}

/// The track ids.
pub mod track_ids {
	/// Anything, including runtime upgrades.
	pub const ROOT: u16 = 0;
	/// Risk parameters.
	pub const RISK_ADMIN: u16 = 1;
	/// Halting a market or making it reduce-only.
	pub const MARKET_EMERGENCY: u16 = 2;
	/// Adding or removing a validator.
	pub const VALIDATOR_ADMIN: u16 = 3;
}

/// Least support (aye capital over the active issuance) a root-track referendum needs, however
/// long it has been deciding: 10 %. Root can do anything (replace the runtime, force the
/// settlement asset's status), so it needs the most.
pub const ROOT_SUPPORT_FLOOR_PERCENT: u32 = 10;

/// Least support a risk-admin referendum needs, however long it has been deciding: 5 %. These
/// referenda set the margins, penalties, caps and oracle rules that keep the clearing house
/// solvent; with a floor of 0 a holder of a sliver of the issuance (0.1 %, say) could lower a
/// maintenance margin or swap the oracle operators by voting alone on a referendum nobody else
/// watched, and waiting out the decision period. With 5 % such a change needs holders of a
/// twentieth of all tokens to lock them behind it: well above what one small holder can muster,
/// well below what an attentive electorate turns out (the dev presets' four voters, voting half
/// their endowments as the tests and e2e scripts do, bring 20–28 %). Polkadot's tracks let support
/// fall to 0 because its issuance is large and widely held; a young chain's is neither.
pub const RISK_ADMIN_SUPPORT_FLOOR_PERCENT: u32 = 5;

/// Least support a market-emergency referendum needs: 1 %. The track is fast, and only halts a
/// market or makes it reduce-only, which a risk-admin referendum can undo.
pub const MARKET_EMERGENCY_SUPPORT_FLOOR_PERCENT: u32 = 1;

const TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	track(track_ids::ROOT, "root", 1, 100_000 * CLR, ROOT, curves(50, 50, ROOT_SUPPORT_FLOOR_PERCENT)),
	track(
		track_ids::RISK_ADMIN,
		"risk_admin",
		10,
		10_000 * CLR,
		RISK_ADMIN,
		curves(50, 25, RISK_ADMIN_SUPPORT_FLOOR_PERCENT),
	),
	track(
		track_ids::MARKET_EMERGENCY,
		"market_emergency",
		10,
		5_000 * CLR,
		MARKET_EMERGENCY,
		curves(60, 10, MARKET_EMERGENCY_SUPPORT_FLOOR_PERCENT),
	),
	// Who authors, finalizes and feeds prices: as much scrutiny as root, one referendum at a time.
	track(
		track_ids::VALIDATOR_ADMIN,
		"validator_admin",
		1,
		100_000 * CLR,
		ROOT,
		curves(50, 50, ROOT_SUPPORT_FLOOR_PERCENT),
	),
];

/// The referenda tracks and which origin each gives.
pub struct Tracks;
impl TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		TRACKS.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(track_ids::ROOT),
			OriginCaller::Origins(pallet_custom_origins::Origin::RiskAdmin) => Ok(track_ids::RISK_ADMIN),
			OriginCaller::Origins(pallet_custom_origins::Origin::MarketEmergency) => Ok(track_ids::MARKET_EMERGENCY),
			OriginCaller::Origins(pallet_custom_origins::Origin::ValidatorAdmin) => Ok(track_ids::VALIDATOR_ADMIN),
			_ => Err(()),
		}
	}
}

parameter_types! {
	/// Deposit per preimage, and per byte of it: storing calls is not free.
	pub const PreimageBaseDeposit: Balance = 10 * CLR;
	pub const PreimageByteDeposit: Balance = CLR / 1_000;
	pub const PreimageHoldReason: RuntimeHoldReason = RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Scheduled calls may use 80 % of a block.
	pub MaximumSchedulerWeight: frame_support::weights::Weight = {
		let max = super::RuntimeBlockWeights::get().max_block;
		let share = Perbill::from_percent(80);
		frame_support::weights::Weight::from_parts(share.mul_floor(max.ref_time()), share.mul_floor(max.proof_size()))
	};
	/// How long votes stay locked per conviction doubling: a day on fast runtimes, a week otherwise.
	pub const VoteLockingPeriod: BlockNumber = if cfg!(feature = "fast-runtime") { DAYS } else { 7 * DAYS };
}

/// Proposals' calls, stored by hash.
impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

/// Enactment of passed referenda (and the referenda's own alarms).
impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// Votes with conviction: locking longer multiplies a vote, up to 6×.
impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	type MaxTurnout = frame_support::traits::tokens::currency::ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<128>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	/// What submitting a referendum costs (returned when it ends).
	pub const SubmissionDeposit: Balance = 100 * CLR;
	/// How long a referendum may wait for its decision deposit before it times out.
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
}

/// Referenda on the tracks above.
impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_system::EnsureSigned<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = ();
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = frame_support::traits::ConstU32<1>;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}
