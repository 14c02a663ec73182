//! `ApiError`: every failure a handler can answer with, rendered as RFC 9457 problem+json.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::{DbErr, SqlErr};
use yanpan_types::{FieldError, PROBLEM_CONTENT_TYPE, Problem, ProblemCode};

use crate::request::request_context;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read (malformed JSON, a bad path or query parameter).
    #[error("bad request: {detail}")]
    BadRequest { code: ProblemCode, detail: String },
    /// 401: no valid credentials; answered with `WWW-Authenticate: Bearer`.
    #[error("unauthorized: {detail}")]
    Unauthorized { code: ProblemCode, detail: String },
    /// 403: signed in, but the role or the unit does not allow this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 403: the caller's role may not call the operation; `roles` may.
    #[error("forbidden: {detail}")]
    ForbiddenRole { detail: String, roles: Vec<String> },
    /// 404: no such resource (or not visible to the caller).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 405: the path exists with other methods, listed in `Allow`.
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    /// 409: a uniqueness or state conflict.
    #[error("conflict: {detail}")]
    Conflict { code: ProblemCode, detail: String },
    /// 409: a precondition of the state is unmet; `errors` lists each (machine-readable).
    #[error("conflict: {detail}")]
    Blocked {
        code: ProblemCode,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 409: the requested state cannot be reached from the current one.
    #[error("cannot go from {from} to {to}")]
    InvalidTransition {
        from: String,
        to: String,
        allowed: Vec<String>,
    },
    /// 412: `If-Match` names an old version.
    #[error("precondition failed")]
    PreconditionFailed,
    /// 413: body too large.
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    /// 415: wrong `Content-Type`.
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// 422: the body is well-formed but its fields are not acceptable.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 422: a domain rule refuses the request as a whole.
    #[error("unprocessable: {detail}")]
    Unprocessable { code: ProblemCode, detail: String },
    /// 428: `If-Match` is required and missing.
    #[error("precondition required")]
    PreconditionRequired,
    /// 429: too many attempts; retry after the given seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// 503: a dependency (the database) is not available.
    #[error("service unavailable")]
    Unavailable,
    /// 503: too busy right now (all password-hashing slots taken); retry after the seconds given.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    /// 500: anything unexpected; logged with its cause chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Reads a stored enum; a bad value is a server bug, not the client's.
pub fn parse_stored<T: std::str::FromStr>(s: &str) -> Result<T, ApiError>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored value `{s}` is invalid: {e}")))
}

/// For a lookup of something the request names in a field: "not found" becomes a 422 about that
/// field; every other failure (the database's) stays what it is.
pub trait NamedInField<T> {
    fn or_unknown(self, field: &str, message: &str) -> ApiResult<T>;
}

impl<T> NamedInField<T> for ApiResult<T> {
    fn or_unknown(self, field: &str, message: &str) -> ApiResult<T> {
        self.map_err(|e| match e {
            ApiError::NotFound(_) => ApiError::field(field, "unknown", message),
            other => other,
        })
    }
}

impl ApiError {
    pub fn bad_request(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            detail: detail.into(),
        }
    }
    pub fn unauthorized(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self::Unauthorized {
            code,
            detail: detail.into(),
        }
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::Forbidden(detail.into())
    }
    pub fn conflict(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
        }
    }
    pub fn unprocessable(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self::Unprocessable {
            code,
            detail: detail.into(),
        }
    }
    /// A 422 about one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    fn code(&self) -> ProblemCode {
        match self {
            Self::BadRequest { code, .. }
            | Self::Unauthorized { code, .. }
            | Self::Conflict { code, .. }
            | Self::Blocked { code, .. }
            | Self::Unprocessable { code, .. } => *code,
            Self::Forbidden(_) | Self::ForbiddenRole { .. } => ProblemCode::Forbidden,
            Self::NotFound(_) => ProblemCode::NotFound,
            Self::MethodNotAllowed { .. } => ProblemCode::MethodNotAllowed,
            Self::InvalidTransition { .. } => ProblemCode::InvalidTransition,
            Self::PreconditionFailed => ProblemCode::VersionMismatch,
            Self::PayloadTooLarge(_) => ProblemCode::PayloadTooLarge,
            Self::UnsupportedMediaType(_) => ProblemCode::UnsupportedMediaType,
            Self::Validation(_) => ProblemCode::ValidationFailed,
            Self::PreconditionRequired => ProblemCode::IfMatchRequired,
            Self::TooManyRequests { .. } => ProblemCode::TooManyRequests,
            Self::Unavailable => ProblemCode::Unavailable,
            Self::Busy { .. } => ProblemCode::Busy,
            Self::Internal(_) => ProblemCode::InternalError,
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Internal(_) => {
                "an unexpected error occurred; quote the request id when reporting it".into()
            }
            Self::PreconditionFailed => {
                "the resource was changed by someone else; fetch it again and reapply your change"
                    .into()
            }
            Self::PreconditionRequired => {
                "send If-Match with the ETag of the version you are changing".into()
            }
            Self::Validation(_) => "the request has invalid fields".into(),
            Self::TooManyRequests { retry_after_secs } => {
                format!("too many attempts; try again in {retry_after_secs} seconds")
            }
            Self::BadRequest { detail, .. }
            | Self::Unauthorized { detail, .. }
            | Self::Conflict { detail, .. }
            | Self::Blocked { detail, .. }
            | Self::Unprocessable { detail, .. } => detail.clone(),
            Self::Forbidden(d) | Self::ForbiddenRole { detail: d, .. } => d.clone(),
            Self::Busy { retry_after_secs } => {
                format!("the server is busy; try again in {retry_after_secs} seconds")
            }
            other => other.to_string(),
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let ctx = request_context();
        Problem {
            type_: format!("urn:yanpan:problem:{}", self.code().as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: Some(self.detail()),
            instance: ctx.as_ref().map(|c| c.path.clone()),
            code: self.code(),
            request_id: ctx.map(|c| c.id),
            errors: match self {
                Self::Validation(e) | Self::Blocked { errors: e, .. } => e.clone(),
                _ => vec![],
            },
            allowed: match self {
                Self::InvalidTransition { allowed, .. } => Some(allowed.clone()),
                _ => None,
            },
            allowed_roles: match self {
                Self::ForbiddenRole { roles, .. } => Some(roles.clone()),
                _ => None,
            },
            retry_after: match self {
                Self::TooManyRequests { retry_after_secs } | Self::Busy { retry_after_secs } => {
                    Some(*retry_after_secs)
                }
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::ForbiddenRole { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } | Self::Blocked { .. } | Self::InvalidTransition { .. } => {
                StatusCode::CONFLICT
            }
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) | Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable | Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let problem = self.problem();
        if let Self::Internal(err) = self {
            tracing::error!(request_id = problem.request_id.as_deref().unwrap_or("-"), error = %format!("{err:#}"), "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        match self {
            Self::Unauthorized { .. } => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"yanpan\""));
            }
            Self::MethodNotAllowed { allow } => {
                res.insert_header((header::ALLOW, allow.join(", ")));
            }
            Self::TooManyRequests { retry_after_secs } | Self::Busy { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            _ => {}
        }
        res.body(serde_json::to_vec(&problem).unwrap_or_default())
    }
}

/// Classifies constraint violations, including SQLite's RESTRICT foreign keys, which report
/// SQLITE_CONSTRAINT_TRIGGER (1811) rather than the code sea-orm recognises.
pub fn sql_err(err: &DbErr) -> Option<SqlErr> {
    err.sql_err().or_else(|| {
        let text = err.to_string();
        text.contains("FOREIGN KEY constraint failed")
            .then_some(SqlErr::ForeignKeyConstraintViolation(text))
    })
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        match sql_err(&err) {
            // The one unique value a caller chooses freely: say which.
            Some(SqlErr::UniqueConstraintViolation(m)) if m.contains("platform_ref") => {
                Self::conflict(
                    ProblemCode::AlreadyExists,
                    "platform_ref is already used by another record (a meeting's is unique among \
                     meetings, an agenda item's within its meeting)",
                )
            }
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::conflict(
                ProblemCode::AlreadyExists,
                "a record with the same unique value already exists",
            ),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::conflict(
                ProblemCode::ReferenceConflict,
                "the change conflicts with records that refer to or are referred to by it",
            ),
            _ => Self::Internal(anyhow::Error::new(err).context("database error")),
        }
    }
}

impl From<crate::domain::escalation::Refusal> for ApiError {
    fn from(r: crate::domain::escalation::Refusal) -> Self {
        use crate::domain::escalation::Refusal;
        match r {
            Refusal::NotPoorDisposal => Self::unprocessable(
                ProblemCode::NotPoorDisposal,
                "only poor_disposal items carry an escalation decision",
            ),
            Refusal::AlreadyLevel1 => Self::unprocessable(
                ProblemCode::AlreadyLevel1,
                "items and conclusions of a level-1 supervision meeting are not escalated further",
            ),
            Refusal::EscalationExists => Self::conflict(
                ProblemCode::EscalationExists,
                "an escalation was raised from this item already; it is the item's decision",
            ),
            Refusal::InvalidTransition { from, to } => Self::InvalidTransition {
                from: from.to_string(),
                to: to.to_string(),
                allowed: from.next().iter().map(|s| s.to_string()).collect(),
            },
            Refusal::Level1NotHeld => Self::conflict(
                ProblemCode::Level1NotHeld,
                "the level-1 meeting this matter is scheduled into has not been held yet",
            ),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errs: validator::ValidationErrors) -> Self {
        let mut out = Vec::new();
        flatten("", &errs, &mut out);
        out.sort_by(|a, b| a.field.cmp(&b.field));
        Self::Validation(out)
    }
}

fn flatten(prefix: &str, errs: &validator::ValidationErrors, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in errs.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            K::Field(list) => out.extend(list.iter().map(|e| {
                // The bounds travel as numbers too, so a client can word them in its language.
                let bound = |k: &str| e.params.get(k).and_then(|v| v.as_i64());
                FieldError {
                    min: bound("min"),
                    max: bound("max"),
                    ..FieldError::new(
                        path.clone(),
                        e.code.to_string(),
                        e.message
                            .as_ref()
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| describe(e)),
                    )
                }
            })),
            K::Struct(inner) => flatten(&path, inner, out),
            K::List(items) => {
                for (i, inner) in items {
                    flatten(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

fn describe(e: &validator::ValidationError) -> String {
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "invalid length".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "out of range".into(),
        },
        other => format!("invalid value ({other})"),
    }
}
