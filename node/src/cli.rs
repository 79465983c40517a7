//! Command-line interface: Substrate's standard `run` flags plus the maintenance subcommands.

/// The `clearing-node` command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A maintenance subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Flags of a running node (`--dev`, `--chain`, `--validator`, `--alice`, ports, …).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// A price source for this node's oracle worker, as `NAME=URL`; repeat for several.
	///
	/// NAME is `binance`, `coinbase`, `kraken` or `json`, optionally followed by `:label`
	/// (`binance:backup`). Exchange kinds take the API's base URL
	/// (`binance=https://api.binance.com`); a `json` source takes a URL template with `{symbol}`
	/// and the path to the price after `#`
	/// (`json:mirror=https://prices.example/v1/{symbol}#data.price`). The list replaces the one
	/// stored in the node's offchain database. Without any, a `--dev` chain uses the local price
	/// simulator at http://127.0.0.1:8787 for all three exchanges, and other chains keep the list
	/// stored before.
	#[arg(long = "price-source", value_name = "NAME=URL", value_parser = parse_price_source)]
	pub price_sources: Vec<PriceSource>,

	/// An options venue for this node's volatility worker: the base URL of an API in Deribit's
	/// format (`https://www.deribit.com`), asked for
	/// `/api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option`; repeat for several
	/// (at most four; the worker takes the median per strike). The list replaces the one stored
	/// in the node's offchain database. Without any, a `--dev` chain uses the local price
	/// simulator at http://127.0.0.1:8787, and other chains keep the list stored before.
	#[arg(long = "option-source", value_name = "URL", value_parser = parse_option_source)]
	pub option_sources: Vec<String>,
}

fn parse_option_source(url: &str) -> Result<String, String> {
	let url = url.trim();
	let ok = (url.starts_with("http://") || url.starts_with("https://"))
		&& url.len() <= pallet_oracle_feeder::sources::MAX_URL_LEN
		&& !url.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control());
	if ok {
		Ok(url.trim_end_matches('/').to_string())
	} else {
		Err(format!(
			"the URL must start with http:// or https:// and be at most {} bytes",
			pallet_oracle_feeder::sources::MAX_URL_LEN
		))
	}
}

/// One `--price-source NAME=URL`, checked when the command line is parsed.
#[derive(Debug, Clone)]
pub struct PriceSource {
	/// The source's name, e.g. `binance` or `json:mirror`.
	pub name: String,
	/// Its URL, as given.
	pub url: String,
}

fn parse_price_source(definition: &str) -> Result<PriceSource, String> {
	let endpoint = pallet_oracle_feeder::sources::parse_source(definition).map_err(|e| e.to_string())?;
	let url = definition
		.split_once('=')
		.map(|(_, url)| url.trim().to_string())
		.unwrap_or_default();
	Ok(PriceSource { name: endpoint.name, url })
}

/// Maintenance subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys (e.g. an operator's `orcl` key).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Print a chain specification (`--chain dev|local|<file>`; `--raw` for storage form).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification without opening a database.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Run FRAME benchmarks (only in a node built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}
