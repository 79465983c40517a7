//! Storage layouts: a change to how our pallets' stored values encode must come with a storage
//! version bump (and so a migration), never silently.
//!
//! Every storage entry of our pallets is reduced to the shape of its SCALE encoding (field order,
//! integer widths, enum indices; not names), hashed, and compared with
//! `runtime/tests/storage-layouts.txt`, which also records each pallet's in-code storage version
//! and the `Max*` bounds of what it stores. The liquidation engine's filing lives inside the margin ledger and the
//! ledger's positions are bounded by `MaxPositions`, so a change to either shows up here as a
//! change of the margin engine's `Accounts`, or as a lower bound: a ledger stored under a larger
//! bound no longer decodes under a smaller one.
//!
//! When a layout changed on purpose: bump the pallet's `STORAGE_VERSION`, write its migration
//! (as `pallet_liquidation::migrations::MigrateV1ToV2` does), then record the new layout with
//! `UPDATE_STORAGE_LAYOUTS=1 cargo test --release --workspace --test storage_layout`. A layout that
//! changed under the same version is refused, also when updating.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use clearing_runtime::Runtime;
use frame_support::{
	__private::metadata::{v14::StorageEntryType, RuntimeMetadata},
	traits::GetStorageVersion,
};
use scale_info::{form::PortableForm, PortableRegistry, TypeDef};
use std::collections::BTreeMap;

/// `Max*` constants that bound a block's work, not what storage holds: lowering them breaks no
/// stored value.
const PER_BLOCK: [&str; 4] = ["MaxBlockShare", "MaxEvaluationsPerBlock", "MaxLiquidationsPerBlock", "MaxFills"];

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/storage-layouts.txt");

/// The shape of type `id`'s encoding: what decoding depends on, without names.
fn shape(registry: &PortableRegistry, id: u32, depth: u32) -> String {
	if depth > 32 {
		return "recursive".into();
	}
	let Some(ty) = registry.resolve(id) else { return format!("unknown#{id}") };
	let inner = |id: u32| shape(registry, id, depth + 1);
	let fields = |fields: &[scale_info::Field<PortableForm>]| {
		fields.iter().map(|f| inner(f.ty.id)).collect::<Vec<_>>().join(",")
	};
	match &ty.type_def {
		TypeDef::Composite(c) => format!("{{{}}}", fields(&c.fields)),
		TypeDef::Variant(v) => format!(
			"enum[{}]",
			v.variants
				.iter()
				.map(|x| format!("{}:{}", x.index, fields(&x.fields)))
				.collect::<Vec<_>>()
				.join(";")
		),
		TypeDef::Sequence(s) => format!("vec<{}>", inner(s.type_param.id)),
		TypeDef::Array(a) => format!("[{};{}]", inner(a.type_param.id), a.len),
		TypeDef::Tuple(t) => format!("({})", t.fields.iter().map(|f| inner(f.id)).collect::<Vec<_>>().join(",")),
		TypeDef::Primitive(p) => format!("{p:?}"),
		TypeDef::Compact(c) => format!("compact<{}>", inner(c.type_param.id)),
		TypeDef::BitSequence(_) => "bits".into(),
	}
}

/// What is recorded per pallet: its storage version, its `Max*` bounds, and per entry the hash
/// of its key and value shapes.
#[derive(Default, PartialEq, Debug)]
struct Layout {
	version: u16,
	bounds: BTreeMap<String, u64>,
	entries: BTreeMap<String, String>,
}

fn current() -> BTreeMap<String, Layout> {
	let versions: BTreeMap<&str, u16> = [
		("OracleFeeder", pallet_oracle_feeder::Pallet::<Runtime>::in_code_storage_version()),
		("Margin", pallet_margin::Pallet::<Runtime>::in_code_storage_version()),
		("Orderbook", pallet_orderbook::Pallet::<Runtime>::in_code_storage_version()),
		("Liquidation", pallet_liquidation::Pallet::<Runtime>::in_code_storage_version()),
		("ValidatorSet", pallet_validator_set::Pallet::<Runtime>::in_code_storage_version()),
		("Options", pallet_options::Pallet::<Runtime>::in_code_storage_version()),
	]
	.into_iter()
	.map(|(name, version)| (name, u16::from_le_bytes(codec::Encode::encode(&version).try_into().unwrap())))
	.collect();
	let RuntimeMetadata::V14(metadata) = Runtime::metadata().1 else { panic!("V14 metadata") };
	let mut out = BTreeMap::new();
	for pallet in metadata.pallets.iter().filter(|p| versions.contains_key(p.name.as_str())) {
		let mut layout = Layout { version: versions[pallet.name.as_str()], ..Default::default() };
		for constant in pallet
			.constants
			.iter()
			.filter(|c| c.name.starts_with("Max") && !PER_BLOCK.contains(&c.name.as_str()))
		{
			if constant.value.len() <= 8 {
				let mut bytes = [0u8; 8];
				bytes[..constant.value.len()].copy_from_slice(&constant.value);
				layout.bounds.insert(constant.name.clone(), u64::from_le_bytes(bytes));
			}
		}
		for entry in pallet.storage.iter().flat_map(|s| s.entries.iter()) {
			let described = match &entry.ty {
				StorageEntryType::Plain(ty) => shape(&metadata.types, ty.id, 0),
				StorageEntryType::Map { key, value, hashers } => format!(
					"{:?} {} => {}",
					hashers,
					shape(&metadata.types, key.id, 0),
					shape(&metadata.types, value.id, 0)
				),
			};
			layout
				.entries
				.insert(entry.name.clone(), hex(&sp_io::hashing::blake2_128(described.as_bytes())));
		}
		out.insert(pallet.name.clone(), layout);
	}
	out
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn render(layouts: &BTreeMap<String, Layout>) -> String {
	let mut out = String::from(
		"# Storage layouts of our pallets (runtime/tests/storage_layout.rs): pallet, then its\n\
		 # storage version, its Max* bounds and a hash of each entry's encoding shape.\n",
	);
	for (pallet, layout) in layouts {
		out.push_str(&format!("{pallet} version {}\n", layout.version));
		for (name, value) in &layout.bounds {
			out.push_str(&format!("{pallet} bound {name} {value}\n"));
		}
		for (name, hash) in &layout.entries {
			out.push_str(&format!("{pallet} entry {name} {hash}\n"));
		}
	}
	out
}

fn parse(text: &str) -> BTreeMap<String, Layout> {
	let mut out: BTreeMap<String, Layout> = BTreeMap::new();
	for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
		let words: Vec<&str> = line.split_whitespace().collect();
		let layout = out.entry(words[0].to_string()).or_default();
		match (words[1], &words[2..]) {
			("version", [v]) => layout.version = v.parse().unwrap(),
			("bound", [name, v]) => {
				layout.bounds.insert(name.to_string(), v.parse().unwrap());
			},
			("entry", [name, hash]) => {
				layout.entries.insert(name.to_string(), hash.to_string());
			},
			_ => panic!("unreadable line in {FILE}: {line}"),
		}
	}
	out
}

/// What changed in a way that needs a storage version bump the code does not have.
fn unversioned_changes(recorded: &BTreeMap<String, Layout>, now: &BTreeMap<String, Layout>) -> Vec<String> {
	let mut problems = vec![];
	for (pallet, was) in recorded {
		let Some(is) = now.get(pallet) else { continue };
		if is.version != was.version {
			continue;
		}
		for (name, hash) in &was.entries {
			if is.entries.get(name).is_some_and(|h| h != hash) {
				problems.push(format!("{pallet}::{name} encodes differently under storage version {}", is.version));
			}
		}
		for (name, bound) in &was.bounds {
			if is.bounds.get(name).is_some_and(|b| b < bound) {
				problems.push(format!(
					"{pallet}::{name} fell from {bound} to {} under storage version {}: values stored under the larger \
					 bound would not decode",
					is.bounds[name], is.version
				));
			}
		}
	}
	problems
}

#[test]
fn storage_layouts_change_only_with_a_storage_version_bump() {
	sp_io::TestExternalities::default().execute_with(|| {
		let now = current();
		assert_eq!(now.len(), 6, "all six of our pallets are in the runtime's metadata");
		assert!(now["Margin"].entries.contains_key("Accounts"));
		assert!(now["Margin"].bounds.contains_key("MaxPositions"));
		let recorded = parse(&std::fs::read_to_string(FILE).unwrap_or_default());
		let problems = unversioned_changes(&recorded, &now);
		assert!(
			problems.is_empty(),
			"storage layouts changed without a storage version bump (bump STORAGE_VERSION and write a migration):\n{}",
			problems.join("\n")
		);
		if std::env::var("UPDATE_STORAGE_LAYOUTS").is_ok() {
			std::fs::write(FILE, render(&now)).unwrap();
			return;
		}
		assert_eq!(
			render(&recorded),
			render(&now),
			"the recorded layouts are out of date (a new entry, a new version or a larger bound): record them \
			 with UPDATE_STORAGE_LAYOUTS=1 cargo test --release --workspace --test storage_layout"
		);
	});
}

/// The guard itself: a ledger whose shape changed, or whose bound fell, under the same storage
/// version is reported; the same change with a version bump is not.
#[test]
fn the_guard_catches_an_unversioned_change() {
	let layout = |version: u16, hash: &str, bound: u64| Layout {
		version,
		bounds: [("MaxPositions".to_string(), bound)].into(),
		entries: [("Accounts".to_string(), hash.to_string())].into(),
	};
	let recorded: BTreeMap<String, Layout> = [("Margin".to_string(), layout(1, "aa", 16))].into();
	let changed: BTreeMap<String, Layout> = [("Margin".to_string(), layout(1, "bb", 16))].into();
	let shrunk: BTreeMap<String, Layout> = [("Margin".to_string(), layout(1, "aa", 8))].into();
	let bumped: BTreeMap<String, Layout> = [("Margin".to_string(), layout(2, "bb", 8))].into();
	let grown: BTreeMap<String, Layout> = [("Margin".to_string(), layout(1, "aa", 32))].into();
	assert_eq!(unversioned_changes(&recorded, &changed).len(), 1);
	assert_eq!(unversioned_changes(&recorded, &shrunk).len(), 1);
	assert!(unversioned_changes(&recorded, &bumped).is_empty());
	assert!(unversioned_changes(&recorded, &grown).is_empty());
	assert_eq!(parse(&render(&recorded)), recorded);
}
