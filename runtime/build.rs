fn main() {
	#[cfg(feature = "std")]
	{
		#[cfg(not(feature = "metadata-hash"))]
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		// The hash of the runtime's metadata, for `CheckMetadataHash`: the token's symbol and
		// decimals are part of what a hardware wallet shows and hashes.
		#[cfg(feature = "metadata-hash")]
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("CLR", 12)
			.build();
		// The same runtime with `spec_version` + 1, for the end-to-end runtime-upgrade test. Its
		// artifacts sit beside the main ones (a different feature set), so each runtime change
		// compiles our crate for wasm twice and nothing else.
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("upgrade-test")
			.set_file_name("wasm_binary_upgrade_test.rs")
			.build();
	}
}
