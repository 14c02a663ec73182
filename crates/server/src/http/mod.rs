//! HTTP conventions shared by every endpoint: request ids, security headers, body and query
//! extraction with problem+json errors, ETag/If-Match, pagination links, idempotency, 404/405.

pub mod authn;
pub mod context;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod idempotency;
pub mod metrics;
pub mod pagination;
pub mod spec_check;

pub use crate::request::{RequestContext, request_context};
pub use authn::Authed;
pub use etag::{IfMatch, OptionalIfMatch, etag_of};
pub use extract::{ValidJson, ValidQuery};
pub use pagination::{paged, whole};
