//! Row versions as strong ETags, and the `If-Match` precondition that `PATCH`/`DELETE` require.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;

/// The ETag of a row version: `"<version>"`.
pub fn etag_of(version: i32) -> String {
    format!("\"{version}\"")
}

/// The version the client says it is changing; `None` for `If-Match: *`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i32>);

impl IfMatch {
    /// Fails with 412 unless the current version is the one named.
    pub fn check(&self, current: i32) -> Result<(), ApiError> {
        match self.0 {
            Some(v) if v != current => Err(ApiError::PreconditionFailed),
            _ => Ok(()),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(raw) = req.headers().get(header::IF_MATCH) else {
            return ready(Err(ApiError::PreconditionRequired));
        };
        let raw = raw.to_str().unwrap_or_default().trim();
        if raw == "*" {
            return ready(Ok(IfMatch(None)));
        }
        // A strong comparison: weak validators never match (RFC 9110 §13.1.1).
        let version = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).and_then(|v| v.parse::<i32>().ok());
        ready(match version {
            Some(v) => Ok(IfMatch(Some(v))),
            None => Err(ApiError::PreconditionFailed),
        })
    }
}
