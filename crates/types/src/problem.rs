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
    pub code: ProblemCode,
    /// The request id, also sent as the `X-Request-Id` header; quote it when reporting a problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Per-field errors (422).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For an invalid state transition (409): the states reachable from the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// For 403 refused for the caller's role: the roles that may call the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_roles: Option<Vec<String>>,
    /// For 429 and 503: seconds to wait before trying again (also the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

crate::string_enum! {
    /// Every `code` a problem answer can carry (stable: clients may match on it).
    ProblemCode {
        BadMultipart = "bad_multipart",
        CorsRefused = "cors_refused",
        InvalidIdempotencyKey = "invalid_idempotency_key",
        InvalidIfMatch = "invalid_if_match",
        InvalidQuery = "invalid_query",
        MalformedJson = "malformed_json",
        UnreadableBody = "unreadable_body",
        AccountInactive = "account_inactive",
        InvalidClient = "invalid_client",
        InvalidCredentials = "invalid_credentials",
        InvalidRefreshToken = "invalid_refresh_token",
        InvalidToken = "invalid_token",
        MissingToken = "missing_token",
        RefreshTokenReused = "refresh_token_reused",
        Forbidden = "forbidden",
        NotFound = "not_found",
        MethodNotAllowed = "method_not_allowed",
        AlreadyExists = "already_exists",
        AlreadyParticipant = "already_participant",
        AlreadySuperseded = "already_superseded",
        CannotConclude = "cannot_conclude",
        CannotDemoteSelf = "cannot_demote_self",
        CodeTaken = "code_taken",
        ConclusionAdopted = "conclusion_adopted",
        ConcurrentSubmission = "concurrent_submission",
        DayExists = "day_exists",
        EarlyStart = "early_start",
        EscalationDecided = "escalation_decided",
        /// The special-topic proposal was already accepted or dismissed.
        ProposalDecided = "proposal_decided",
        EscalationExists = "escalation_exists",
        IdempotencyKeyInProgress = "idempotency_key_in_progress",
        InvalidTransition = "invalid_transition",
        ItemEscalated = "item_escalated",
        ItemInUse = "item_in_use",
        Level1NotHeld = "level1_not_held",
        MeetingLocked = "meeting_locked",
        NotInProgress = "not_in_progress",
        NotReady = "not_ready",
        ReferenceConflict = "reference_conflict",
        SubmissionsClosed = "submissions_closed",
        UnitInUse = "unit_in_use",
        UsernameTaken = "username_taken",
        VersionMismatch = "version_mismatch",
        PayloadTooLarge = "payload_too_large",
        UnsupportedMediaType = "unsupported_media_type",
        ValidationFailed = "validation_failed",
        AlreadyLevel1 = "already_level1",
        /// An issued briefing never changes (a correction is a new one).
        BriefingIssued = "briefing_issued",
        /// The briefing is not issued yet (publishing, acknowledging).
        BriefingNotIssued = "briefing_not_issued",
        /// A briefing is not ready to issue (its sections or recipients are missing).
        BriefingIncomplete = "briefing_incomplete",
        /// A meeting is marked reported only once a briefing on it was issued.
        NoIssuedBriefing = "no_issued_briefing",
        /// The issued briefing already has a correction.
        AlreadyCorrected = "already_corrected",
        /// The referral is closed; its outcome never changes.
        ReferralClosed = "referral_closed",
        /// The year's assessment was published: its rule and result are frozen.
        AssessmentPublished = "assessment_published",
        IdempotencyKeyReused = "idempotency_key_reused",
        NotPoorDisposal = "not_poor_disposal",
        IfMatchRequired = "if_match_required",
        TooManyRequests = "too_many_requests",
        Unavailable = "unavailable",
        Busy = "busy",
        InternalError = "internal_error",
        UndocumentedStatus = "undocumented_status",
        HttpError = "http_error",
    }
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `unit_id` or `items[2].title`.
    pub field: String,
    /// Machine-readable reason, e.g. `length`, `required`, `unknown_field`.
    pub code: String,
    pub message: String,
    /// The lower bound the value missed (a length, a count, a year), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// The upper bound the value missed, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

impl FieldError {
    /// A field error without bounds.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
            min: None,
            max: None,
        }
    }
}

impl Problem {
    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == name)
    }
}
