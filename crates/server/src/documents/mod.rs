//! Printable and exportable documents of a meeting: pure functions from the API's types to the
//! bytes of a file (no database, no HTTP). `services::documents` loads what they need; the routes
//! send them with their content type and file name.
//!
//! - 会议通知, 签到表, 会议纪要: Word (DOCX), laid out as official documents (`docx`);
//! - 研判意见报送情况, 出席情况: Excel (XLSX) (`xlsx`);
//! - 单位材料: a ZIP of the units' submissions and their files (`archive`).

pub mod archive;
pub mod docx;
pub mod labels;
pub mod xlsx;

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;
use yanpan_types::*;

/// What the meeting's Word documents are made of.
#[derive(Debug, Clone)]
pub struct MeetingPapers {
    pub meeting: Meeting,
    /// In the five categories' order.
    pub agenda: Vec<AgendaItem>,
    /// Convening units first.
    pub participants: Vec<Participant>,
    /// The adopted conclusions in force (none superseded), oldest first.
    pub conclusions: Vec<Conclusion>,
    /// Escalations raised from the meeting's items or conclusions.
    pub escalations: Vec<Escalation>,
    /// Names of the units the recommendations make responsible.
    pub unit_names: HashMap<Uuid, String>,
    /// The day printed under the issuer (Beijing), unless the document has its own (minutes: the
    /// day the meeting concluded).
    pub issued_on: NaiveDate,
}

/// The six documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Notice,
    SignInSheet,
    Minutes,
    SubmissionTracker,
    Attendance,
    Materials,
}

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const ZIP: &str = "application/zip";

impl DocumentKind {
    /// Its Chinese name, as the file name says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Notice => "会议通知",
            Self::SignInSheet => "签到表",
            Self::Minutes => "会议纪要",
            Self::SubmissionTracker => "研判意见报送情况",
            Self::Attendance => "出席情况",
            Self::Materials => "单位材料",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Self::Notice => "notice",
            Self::SignInSheet => "sign-in-sheet",
            Self::Minutes => "minutes",
            Self::SubmissionTracker => "submission-tracker",
            Self::Attendance => "attendance",
            Self::Materials => "materials",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Notice | Self::SignInSheet | Self::Minutes => DOCX,
            Self::SubmissionTracker | Self::Attendance => XLSX,
            Self::Materials => ZIP,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Notice | Self::SignInSheet | Self::Minutes => "docx",
            Self::SubmissionTracker | Self::Attendance => "xlsx",
            Self::Materials => "zip",
        }
    }

    /// `2026年11月平安365动态分析研判例会-会议通知.docx`
    pub fn file_name(self, meeting_title: &str) -> String {
        format!(
            "{}-{}.{}",
            labels::file_safe(meeting_title, "会议"),
            self.label(),
            self.extension()
        )
    }

    /// The ASCII name for clients that cannot read `filename*`: `meeting-<id>-notice.docx`.
    pub fn ascii_file_name(self, meeting_id: Uuid) -> String {
        format!("meeting-{meeting_id}-{}.{}", self.slug(), self.extension())
    }
}

#[cfg(test)]
mod tests;
