//! People who sign in, their roles, and the platform's service accounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

crate::string_enum! {
    /// What a principal may do (see the README's role table).
    Role {
        /// System administrator: units, users, service accounts.
        Admin = "admin",
        /// Party office / government office: convenes, adopts, decides escalations.
        Convener = "convener",
        /// Command center: prepares meetings, minutes, briefings.
        Analyst = "analyst",
        /// A street, department or invited organisation.
        UnitRep = "unit_rep",
        /// Discipline commission.
        Inspector = "inspector",
        /// A service account of the platform (no human sign-in).
        Integration = "integration",
    }
}

impl Role {
    /// Roles a person may hold (the integration role belongs to service accounts only).
    pub const HUMAN: &'static [Role] = &[
        Role::Admin,
        Role::Convener,
        Role::Analyst,
        Role::UnitRep,
        Role::Inspector,
    ];
}

pub(crate) fn validate_code(value: &str) -> Result<(), ValidationError> {
    let mut chars = value.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if first_ok
        && value.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' || c == '.'
        })
    {
        Ok(())
    } else {
        Err(ValidationError::new("pattern").with_message(
            "only a-z, 0-9, '.', '_' and '-', starting with a letter or digit".into(),
        ))
    }
}

/// Minimum password length (NIST SP 800-63B recommends at least 8; we ask for 12).
pub const MIN_PASSWORD_LEN: u64 = 12;

/// A user account as the API returns it; never any password hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit the person works for; required for `unit_rep`.
    pub unit_id: Option<Uuid>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Create a user (admin).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[validate(length(min = 3, max = 64), custom(function = "validate_code"))]
    #[schema(
        example = "qingbo.li",
        min_length = 3,
        max_length = 64,
        pattern = "^[a-z0-9][a-z0-9._-]*$"
    )]
    pub username: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "李明", min_length = 1, max_length = 100)]
    pub display_name: String,
    #[validate(length(min = 12, max = 128))]
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
    pub role: Role,
    pub unit_id: Option<Uuid>,
}

/// Change a user (admin). Absent fields stay; `unit_id: null` removes the unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(
        default,
        deserialize_with = "crate::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<Uuid>)]
    pub unit_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A new password set by the admin; the user's sessions end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 12, max = 128))]
    #[schema(min_length = 12, max_length = 128)]
    pub password: Option<String>,
}

/// What a person may change of their own account.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
}

/// Change one's own password; every other session ends.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128)]
    pub current_password: String,
    #[validate(length(min = 12, max = 128))]
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Filters of the user list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    pub role: Option<Role>,
    pub unit_id: Option<Uuid>,
    pub active: Option<bool>,
    /// Substring of the username or display name.
    #[validate(length(max = 100))]
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// A service account of the platform's scripts; never the secret or its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccount {
    pub id: Uuid,
    pub name: String,
    pub client_id: String,
    /// Always `integration`.
    pub role: Role,
    /// What it may do beyond reading (e.g. `cases_write` for the platform's intake script).
    pub scopes: Vec<crate::ServiceScope>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Create a service account (admin).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceAccount {
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "平安365平台导入脚本", min_length = 1, max_length = 100)]
    pub name: String,
    /// Beyond the integration role's reading; none by default.
    #[serde(default)]
    #[schema(max_items = 10)]
    #[validate(length(max = 10))]
    pub scopes: Vec<crate::ServiceScope>,
}

/// A new service account with its secret, shown this once only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccountCreated {
    pub account: ServiceAccount,
    pub client_secret: String,
}

crate::string_enum! {
    /// The kind of record an audit entry is about.
    AuditEntity {
        Unit = "unit",
        User = "user",
        ServiceAccount = "service_account",
        /// A case of the 平安365 platform (intake is recorded per batch).
        Case = "case",
        /// An entry of the case category dictionary.
        CaseCategory = "case_category",
        /// A hot issue proposed for a special-topic meeting.
        TopicProposal = "topic_proposal",
        /// A sign-in session.
        Session = "session",
        Meeting = "meeting",
        /// A unit taking part in a meeting.
        MeetingParticipant = "meeting_participant",
        AgendaItem = "agenda_item",
        Submission = "submission",
        Attachment = "attachment",
        Conclusion = "conclusion",
        /// A request to the level-1 supervision meeting.
        Escalation = "escalation",
        /// A holiday or adjusted working day.
        CalendarDay = "calendar_day",
        /// A calendar subscription.
        CalendarToken = "calendar_token",
        /// A briefing or special report (Art. 7).
        Briefing = "briefing",
        /// A supervision task of a recommendation (Art. 8.4).
        SupervisionTask = "supervision_task",
        /// An accountability referral to the discipline commission.
        Referral = "referral",
        /// A special supervision (专项督查) of a group of tasks.
        Inspection = "inspection",
        /// A year's assessment rule or its published result.
        Assessment = "assessment",
        /// A webhook endpoint (its deliveries are in its delivery log).
        WebhookEndpoint = "webhook_endpoint",
    }
}

crate::string_enum! {
    /// What an audit entry records.
    AuditAction {
        Create = "create",
        Update = "update",
        Delete = "delete",
        /// A webhook delivery sent again by hand.
        Redeliver = "redeliver",
        /// A unit added to a meeting.
        Add = "add",
        /// A unit removed from a meeting.
        Remove = "remove",
        Login = "login",
        Logout = "logout",
        Refresh = "refresh",
        RefreshReuseDetected = "refresh_reuse_detected",
        /// A service account's token exchange.
        Token = "token",
        Revoke = "revoke",
        Issue = "issue",
        UpdateProfile = "update_profile",
        ChangePassword = "change_password",
        /// Meeting transitions.
        Schedule = "schedule",
        Start = "start",
        Conclude = "conclude",
        Report = "report",
        Cancel = "cancel",
        RecordAttendance = "record_attendance",
        ReorderAgenda = "reorder_agenda",
        /// An item's escalate-or-not decision.
        DecideEscalation = "decide_escalation",
        /// An escalation request accepted, rejected, scheduled into a level-1 meeting, resolved.
        Accept = "accept",
        Reject = "reject",
        ScheduleEscalation = "schedule_escalation",
        Resolve = "resolve",
        Upload = "upload",
        Submit = "submit",
        Adopt = "adopt",
        /// A batch of the platform's cases taken in (or a file imported).
        Intake = "intake",
        /// A briefing published on the platform.
        Publish = "publish",
        /// A briefing acknowledged (已阅) by a recipient unit.
        Acknowledge = "acknowledge",
        /// A briefing sent back to draft, or a supervision task returned to its unit.
        Return = "return",
        /// A supervision task checked as carried out.
        Verify = "verify",
        /// Supervision tasks withdrawn because their conclusion was corrected.
        Withdraw = "withdraw",
        /// A referral closed with its outcome.
        Close = "close",
    }
}

impl AuditAction {
    /// The action recorded when a meeting moves to `to`.
    pub fn meeting_transition(to: crate::MeetingStatus) -> Self {
        use crate::MeetingStatus as S;
        match to {
            S::Draft | S::Scheduled => Self::Schedule,
            S::InProgress => Self::Start,
            S::Concluded => Self::Conclude,
            S::Reported => Self::Report,
            S::Cancelled => Self::Cancel,
        }
    }
}

/// Who did something, in the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `user`, `service_account` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub entity: AuditEntity,
    pub entity_id: Option<Uuid>,
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
}

/// Filters of the audit log.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub entity: Option<AuditEntity>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<AuditAction>,
    /// Entries at or after this instant.
    #[validate(custom(function = "crate::sane_instant"))]
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant.
    #[validate(custom(function = "crate::sane_instant"))]
    pub to: Option<DateTime<Utc>>,
}
