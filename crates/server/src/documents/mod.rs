//! Printable and exportable documents of a meeting: pure functions from the API's types to the
//! bytes of a file (no database, no HTTP). `services::documents` loads what they need; the routes
//! send them with their content type and file name (`yanpan_types::MeetingExport`).
//!
//! - 会议通知, 签到表, 会议纪要: Word (DOCX), laid out as official documents (`docx`);
//! - 研判意见报送情况, 出席情况: Excel (XLSX) (`xlsx`);
//! - 单位材料: a ZIP of the units' submissions and their files (`archive`).

pub mod archive;
pub mod docx;
pub mod labels;
pub mod tables;
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

#[cfg(test)]
mod tests;
