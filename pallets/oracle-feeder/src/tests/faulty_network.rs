//! `TestOffchainExt` answers every expected request with status 200 at once; real sources also
//! time out and fail. This wrapper lets a test mark URIs as timing out or answering with another
//! status, and passes every other request to `TestOffchainExt` and its expected requests.

use std::{
	collections::BTreeMap,
	sync::{Arc, RwLock},
};

use sp_core::offchain::{
	testing::TestOffchainExt, Externalities, HttpError, HttpRequestId, HttpRequestStatus, OpaqueNetworkState, Timestamp,
};
use sp_core::OpaquePeerId;

/// What a faulty URI does.
#[derive(Clone, Debug)]
pub enum Fault {
	/// No answer before any deadline.
	Timeout,
	/// Answers with this status and body.
	Status(u16, Vec<u8>),
	/// The connection fails.
	IoError,
}

/// Faults by URI, shared between the test and the extension.
pub type Faults = Arc<RwLock<BTreeMap<String, Fault>>>;

/// Request ids of faulty requests start here, far above `TestOffchainExt`'s.
const FIRST_FAULTY_ID: u16 = 10_000;

/// The worker's network: faulty URIs handled here, the rest by `TestOffchainExt`.
pub struct FaultyNetwork {
	inner: TestOffchainExt,
	faults: Faults,
	/// Requests handled here: their fault and how much of the body was read.
	faulty: BTreeMap<u16, (Fault, usize)>,
	next_id: u16,
	/// URIs the worker asked for that were handled here, in order.
	pub asked: Arc<RwLock<Vec<String>>>,
}

impl FaultyNetwork {
	/// Wraps `inner`; `faults` may be changed by the test at any time.
	pub fn new(inner: TestOffchainExt, faults: Faults) -> Self {
		Self { inner, faults, faulty: BTreeMap::new(), next_id: FIRST_FAULTY_ID, asked: Default::default() }
	}

	fn is_faulty(id: HttpRequestId) -> bool {
		id.0 >= FIRST_FAULTY_ID
	}
}

impl Externalities for FaultyNetwork {
	fn is_validator(&self) -> bool {
		self.inner.is_validator()
	}
	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		self.inner.network_state()
	}
	fn timestamp(&mut self) -> Timestamp {
		self.inner.timestamp()
	}
	fn sleep_until(&mut self, deadline: Timestamp) {
		self.inner.sleep_until(deadline)
	}
	fn random_seed(&mut self) -> [u8; 32] {
		self.inner.random_seed()
	}
	fn http_request_start(&mut self, method: &str, uri: &str, meta: &[u8]) -> Result<HttpRequestId, ()> {
		let fault = self.faults.read().ok().and_then(|faults| faults.get(uri).cloned());
		match fault {
			Some(fault) => {
				let id = self.next_id;
				self.next_id += 1;
				self.faulty.insert(id, (fault, 0));
				if let Ok(mut asked) = self.asked.write() {
					asked.push(uri.to_string());
				}
				Ok(HttpRequestId(id))
			},
			None => self.inner.http_request_start(method, uri, meta),
		}
	}
	fn http_request_add_header(&mut self, id: HttpRequestId, name: &str, value: &str) -> Result<(), ()> {
		if Self::is_faulty(id) {
			return Ok(());
		}
		self.inner.http_request_add_header(id, name, value)
	}
	fn http_request_write_body(
		&mut self,
		id: HttpRequestId,
		chunk: &[u8],
		deadline: Option<Timestamp>,
	) -> Result<(), HttpError> {
		if Self::is_faulty(id) {
			return Ok(());
		}
		self.inner.http_request_write_body(id, chunk, deadline)
	}
	fn http_response_wait(&mut self, ids: &[HttpRequestId], deadline: Option<Timestamp>) -> Vec<HttpRequestStatus> {
		let healthy: Vec<HttpRequestId> = ids.iter().copied().filter(|id| !Self::is_faulty(*id)).collect();
		let mut healthy_statuses = self.inner.http_response_wait(&healthy, deadline).into_iter();
		ids.iter()
			.map(|id| match self.faulty.get(&id.0) {
				Some((Fault::Timeout, _)) => HttpRequestStatus::DeadlineReached,
				Some((Fault::IoError, _)) => HttpRequestStatus::IoError,
				Some((Fault::Status(code, _), _)) => HttpRequestStatus::Finished(*code),
				None => healthy_statuses.next().unwrap_or(HttpRequestStatus::Invalid),
			})
			.collect()
	}
	fn http_response_headers(&mut self, id: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		if Self::is_faulty(id) {
			return Vec::new();
		}
		self.inner.http_response_headers(id)
	}
	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		deadline: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		match self.faulty.get_mut(&id.0) {
			Some((Fault::Status(_, body), read)) => {
				let rest = body.get(*read..).unwrap_or_default();
				let n = rest.len().min(buffer.len());
				buffer[..n].copy_from_slice(&rest[..n]);
				*read += n;
				Ok(n)
			},
			Some((Fault::Timeout, _)) => Err(HttpError::DeadlineReached),
			Some((Fault::IoError, _)) => Err(HttpError::IoError),
			None => self.inner.http_response_read_body(id, buffer, deadline),
		}
	}
	fn set_authorized_nodes(&mut self, nodes: Vec<OpaquePeerId>, authorized_only: bool) {
		self.inner.set_authorized_nodes(nodes, authorized_only)
	}
}
