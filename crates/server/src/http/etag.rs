//! Row versions as strong ETags, and the `If-Match` precondition that `PATCH`/`DELETE` require.

use std::future::{Ready, ready};
use yanpan_types::ProblemCode;

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
    /// The version the caller expects to change (`None`: any, for `If-Match: *`).
    pub fn expected(&self) -> Option<i32> {
        self.0
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
        // A strong comparison: weak or foreign tags are well-formed but never match (412);
        // anything that is not an entity tag at all is a bad request.
        let tag = raw.strip_prefix("W/").unwrap_or(raw);
        let Some(opaque) = tag
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .filter(|o| !o.contains('"'))
        else {
            return ready(Err(ApiError::bad_request(
                ProblemCode::InvalidIfMatch,
                "If-Match must be an entity tag such as \"3\" or *",
            )));
        };
        ready(match opaque.parse::<i32>() {
            Ok(v) if !raw.starts_with("W/") => Ok(IfMatch(Some(v))),
            _ => Err(ApiError::PreconditionFailed),
        })
    }
}

/// `If-Match` where it is optional (state-changing `POST`s): checked when sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionalIfMatch(pub Option<IfMatch>);

impl OptionalIfMatch {
    /// The version the caller expects to change, if it named one.
    pub fn expected(&self) -> Option<i32> {
        self.0.and_then(|m| m.0)
    }
}

impl FromRequest for OptionalIfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // An empty header says nothing: treat it as absent.
        let blank = req
            .headers()
            .get(header::IF_MATCH)
            .is_none_or(|v| v.as_bytes().iter().all(u8::is_ascii_whitespace));
        if blank {
            return ready(Ok(OptionalIfMatch(None)));
        }
        let inner = IfMatch::from_request(req, payload).into_inner();
        ready(inner.map(|v| OptionalIfMatch(Some(v))))
    }
}
