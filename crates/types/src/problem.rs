//! The RFC 9457 problem details body that every error response carries.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Media type of every error response.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// RFC 9457 problem details, with a stable machine `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:yanpan:problem:validation_failed",
    "title": "Unprocessable Content",
    "status": 422,
    "detail": "the request body has invalid fields",
    "code": "validation_failed",
    "request_id": "0192f0c4-5b1e-7c7a-9d0e-3f2a1b4c5d6e",
    "errors": [{"field": "username", "code": "length", "message": "must be 3 to 64 characters"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:yanpan:problem:<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short summary: the HTTP reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Stable machine-readable code, e.g. `validation_failed`, `version_mismatch`.
    pub code: String,
    /// The request id, also sent as the `X-Request-Id` header; quote it when reporting a problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Per-field errors (422).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For an invalid state transition (409): the states reachable from the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `unit_id` or `items[2].title`.
    pub field: String,
    /// Machine-readable reason, e.g. `length`, `required`, `unknown_field`.
    pub code: String,
    pub message: String,
}

impl Problem {
    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == name)
    }
}
