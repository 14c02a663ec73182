//! The documents a meeting exports (`GET /meetings/{id}/exports/{document}`): what each is, its
//! path, media type and file name. Shared by the server, which names the file it sends, and its
//! clients, which save it under the same name.

use uuid::Uuid;

pub const DOCX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const ZIP_CONTENT_TYPE: &str = "application/zip";

/// One of a meeting's printable or exportable documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingExport {
    /// 会议通知 (DOCX).
    Notice,
    /// 签到表 (DOCX).
    SignInSheet,
    /// 会议纪要 (DOCX).
    Minutes,
    /// 研判意见报送情况 (XLSX); overseers only.
    SubmissionTracker,
    /// 出席情况 (XLSX).
    Attendance,
    /// 单位材料 (ZIP).
    Materials,
}

impl MeetingExport {
    pub const ALL: &'static [MeetingExport] = &[
        Self::Notice,
        Self::SignInSheet,
        Self::Minutes,
        Self::SubmissionTracker,
        Self::Attendance,
        Self::Materials,
    ];

    /// The last segment of its path.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Notice => "notice",
            Self::SignInSheet => "sign-in-sheet",
            Self::Minutes => "minutes",
            Self::SubmissionTracker => "submission-tracker",
            Self::Attendance => "attendance",
            Self::Materials => "materials",
        }
    }

    /// `/meetings/{id}/exports/notice` (under `API_PREFIX`).
    pub fn path(self, meeting_id: Uuid) -> String {
        format!("/meetings/{meeting_id}/exports/{}", self.segment())
    }

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

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Notice | Self::SignInSheet | Self::Minutes => DOCX_CONTENT_TYPE,
            Self::SubmissionTracker | Self::Attendance => XLSX_CONTENT_TYPE,
            Self::Materials => ZIP_CONTENT_TYPE,
        }
    }

    pub fn extension(self) -> &'static str {
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
            file_safe(meeting_title, "会议"),
            self.label(),
            self.extension()
        )
    }

    /// The ASCII name for clients that cannot read `filename*`: `meeting-<id>-notice.docx`.
    pub fn ascii_file_name(self, meeting_id: Uuid) -> String {
        format!(
            "meeting-{meeting_id}-{}.{}",
            self.segment(),
            self.extension()
        )
    }
}

/// A name fit for a file or a folder on any system: no path separators or characters Windows
/// refuses, no control characters, no leading dots, at most 80 characters; `fallback` when
/// nothing is left.
pub fn file_safe(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(80)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        fallback.to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_paths_and_types() {
        let id = Uuid::nil();
        assert_eq!(
            MeetingExport::Notice.file_name("十二月/例会"),
            "十二月_例会-会议通知.docx"
        );
        assert_eq!(
            MeetingExport::Materials.ascii_file_name(id),
            format!("meeting-{id}-materials.zip")
        );
        assert_eq!(
            MeetingExport::SignInSheet.path(id),
            format!("/meetings/{id}/exports/sign-in-sheet")
        );
        assert_eq!(
            MeetingExport::SubmissionTracker.content_type(),
            XLSX_CONTENT_TYPE
        );
        assert_eq!(file_safe("../清波/街道\u{0}", "单位"), "_清波_街道_");
        assert_eq!(file_safe(" .. ", "单位"), "单位");
    }
}
