//! A case record from the platform, checked field by field (every error named, not the first),
//! its codes resolved against the dictionaries, its reporter replaced by a keyed hash, and the
//! rules of intake: stale, unchanged or changed against what is stored.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha2::Sha256;
use uuid::Uuid;
use yanpan_types::{
    CaseChannel, CaseKind, CaseStatus, FieldError, IntakeOutcome, Satisfaction, SupervisionLevel,
};

/// Codes the platform may send, resolved to ids.
#[derive(Debug, Default)]
pub struct Codes {
    /// Category codes and the platform codes mapped onto them.
    pub categories: HashMap<String, Uuid>,
    /// Units of kind `street`.
    pub streets: HashMap<String, Uuid>,
    /// Every active unit (handling units).
    pub units: HashMap<String, Uuid>,
}

/// A record that passed every check, as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCase {
    pub case_number: String,
    pub kind: CaseKind,
    pub channel: CaseChannel,
    pub category_id: Uuid,
    pub street_id: Uuid,
    pub community: Option<String>,
    pub address: Option<String>,
    pub address_key: Option<String>,
    pub summary: String,
    pub received_at: DateTime<Utc>,
    pub handling_unit_id: Option<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    pub status: CaseStatus,
    pub resolved_at: Option<DateTime<Utc>>,
    pub result: Option<String>,
    pub redo_count: i32,
    pub supervision_level: SupervisionLevel,
    pub satisfaction: Option<Satisfaction>,
    pub satisfaction_comment: Option<String>,
    pub rated_at: Option<DateTime<Utc>>,
    pub reporter_hash: Option<String>,
    pub platform_updated_at: DateTime<Utc>,
}

impl CheckedCase {
    pub fn handling(&self) -> Handling {
        Handling {
            status: self.status,
            due_at: self.due_at,
            resolved_at: self.resolved_at,
            redo_count: self.redo_count,
            supervision_level: self.supervision_level,
            satisfaction: self.satisfaction,
        }
    }
}

const FIELDS: &[&str] = &[
    "case_number",
    "kind",
    "channel",
    "category_code",
    "street_code",
    "community",
    "address",
    "summary",
    "received_at",
    "handling_unit_code",
    "due_at",
    "status",
    "resolved_at",
    "result",
    "redo_count",
    "supervision_level",
    "satisfaction",
    "satisfaction_comment",
    "rated_at",
    "reporter",
    "updated_at",
];

/// Reads a record's fields one by one, collecting every error.
struct Reader<'a> {
    obj: &'a Map<String, Value>,
    errors: Vec<FieldError>,
}

impl Reader<'_> {
    fn opt<T: DeserializeOwned>(&mut self, field: &str) -> Option<T> {
        match self.obj.get(field) {
            None | Some(Value::Null) => None,
            Some(v) => match T::deserialize(v) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.errors
                        .push(FieldError::new(field, "invalid", e.to_string()));
                    None
                }
            },
        }
    }

    fn req<T: DeserializeOwned>(&mut self, field: &str) -> Option<T> {
        if matches!(self.obj.get(field), None | Some(Value::Null)) {
            self.errors
                .push(FieldError::new(field, "required", "this field is required"));
            return None;
        }
        self.opt(field)
    }

    /// Text, trimmed; blank is absent. Longer than `max` characters, or with NUL, is an error.
    fn text(&mut self, field: &str, max: usize, required: bool) -> Option<String> {
        let raw: Option<String> = if required {
            self.req(field)
        } else {
            self.opt(field)
        };
        let s = raw.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        match s {
            None if required && self.obj.get(field).is_some_and(Value::is_string) => {
                self.errors.push(FieldError::new(
                    field,
                    "required",
                    "this field may not be blank",
                ));
                None
            }
            Some(s) if s.contains('\0') => {
                self.errors.push(FieldError::new(
                    field,
                    "nul_character",
                    "text may not contain the NUL character (U+0000)",
                ));
                None
            }
            Some(s) if s.chars().count() > max => {
                let mut e = FieldError::new(field, "length", format!("at most {max} characters"));
                e.max = Some(max as i64);
                self.errors.push(e);
                None
            }
            other => other,
        }
    }

    fn instant(&mut self, field: &str, required: bool) -> Option<DateTime<Utc>> {
        let t: Option<DateTime<Utc>> = if required {
            self.req(field)
        } else {
            self.opt(field)
        };
        match t {
            Some(t)
                if !(yanpan_types::FIRST_YEAR..=yanpan_types::LAST_YEAR).contains(&t.year()) =>
            {
                self.errors.push(FieldError::new(
                    field,
                    "year",
                    "the year must be between 2000 and 2100",
                ));
                None
            }
            other => other,
        }
    }

    fn code(
        &mut self,
        field: &str,
        table: &HashMap<String, Uuid>,
        what: &str,
        required: bool,
    ) -> Option<Uuid> {
        let code = self.text(field, 64, required)?;
        match table.get(&code) {
            Some(id) => Some(*id),
            None => {
                self.errors.push(FieldError::new(
                    field,
                    "unknown_code",
                    format!("no {what} has the code `{code}`"),
                ));
                None
            }
        }
    }
}

/// The case number of a record, if it has a readable one (for its result).
pub fn case_number_of(v: &Value) -> Option<String> {
    v.get("case_number")
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s.len() <= 64 && !s.contains('\0'))
}

fn valid_case_number(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Checks one record: every field error at once, codes resolved, the reporter hashed under `key`.
pub fn check_record(v: &Value, codes: &Codes, key: &[u8]) -> Result<CheckedCase, Vec<FieldError>> {
    let Some(obj) = v.as_object() else {
        return Err(vec![FieldError::new(
            "record",
            "invalid",
            "a record must be a JSON object",
        )]);
    };
    let mut r = Reader {
        obj,
        errors: Vec::new(),
    };
    for k in obj.keys() {
        if !FIELDS.contains(&k.as_str()) {
            r.errors.push(FieldError::new(
                k.replace('\0', ""),
                "unknown_field",
                "this field cannot be set here",
            ));
        }
    }
    let case_number = r.text("case_number", 64, true);
    if let Some(n) = &case_number
        && !valid_case_number(n)
    {
        r.errors.push(FieldError::new(
            "case_number",
            "pattern",
            "letters, digits, `_` and `-`, starting with a letter or digit",
        ));
    }
    let kind: Option<CaseKind> = r.req("kind");
    let channel: Option<CaseChannel> = r.req("channel");
    let category_id = r.code("category_code", &codes.categories, "category", true);
    let street_id = r.code("street_code", &codes.streets, "street", true);
    let community = r.text("community", 100, false);
    let address = r.text("address", 200, false);
    let summary = r.text("summary", 2000, true);
    let received_at = r.instant("received_at", true);
    let handling_unit_id = if matches!(obj.get("handling_unit_code"), None | Some(Value::Null)) {
        None
    } else {
        r.code("handling_unit_code", &codes.units, "unit", false)
    };
    let due_at = r.instant("due_at", false);
    let status: Option<CaseStatus> = r.req("status");
    let resolved_at = r.instant("resolved_at", false);
    let result = r.text("result", 2000, false);
    let redo_count: i32 = r.opt("redo_count").unwrap_or(0);
    if !(0..=100).contains(&redo_count) {
        let mut e = FieldError::new("redo_count", "range", "between 0 and 100");
        (e.min, e.max) = (Some(0), Some(100));
        r.errors.push(e);
    }
    let supervision_level: SupervisionLevel =
        r.opt("supervision_level").unwrap_or(SupervisionLevel::None);
    let satisfaction: Option<Satisfaction> = r.opt("satisfaction");
    let satisfaction_comment = r.text("satisfaction_comment", 2000, false);
    let rated_at = r.instant("rated_at", false);
    let reporter = r.text("reporter", 64, false);
    let updated_at = r.instant("updated_at", true);

    // Rules between fields.
    if let (Some(s), None) = (status, resolved_at)
        && s.is_resolved()
        && !r.errors.iter().any(|e| e.field == "resolved_at")
    {
        r.errors.push(FieldError::new(
            "resolved_at",
            "required",
            "a resolved or closed case needs its resolution time",
        ));
    }
    if let (Some(rec), Some(res)) = (received_at, resolved_at)
        && res < rec
    {
        r.errors.push(FieldError::new(
            "resolved_at",
            "before_received",
            "a case cannot be resolved before it was received",
        ));
    }
    if let (Some(rec), Some(due)) = (received_at, due_at)
        && due < rec
    {
        r.errors.push(FieldError::new(
            "due_at",
            "before_received",
            "a case cannot be due before it was received",
        ));
    }
    if satisfaction.is_none() && (satisfaction_comment.is_some() || rated_at.is_some()) {
        r.errors.push(FieldError::new(
            "satisfaction",
            "required",
            "a comment or rating time needs the rating",
        ));
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let (
        Some(case_number),
        Some(kind),
        Some(channel),
        Some(category_id),
        Some(street_id),
        Some(summary),
        Some(received_at),
        Some(status),
        Some(platform_updated_at),
    ) = (
        case_number,
        kind,
        channel,
        category_id,
        street_id,
        summary,
        received_at,
        status,
        updated_at,
    )
    else {
        // Every required field missing has pushed an error above.
        return Err(vec![FieldError::new(
            "record",
            "invalid",
            "the record is incomplete",
        )]);
    };
    Ok(CheckedCase {
        address_key: address
            .as_deref()
            .map(normalise_address)
            .filter(|k| !k.is_empty()),
        reporter_hash: reporter.as_deref().map(|r| reporter_hash(key, r)),
        case_number,
        kind,
        channel,
        category_id,
        street_id,
        community,
        address,
        summary,
        received_at,
        handling_unit_id,
        due_at,
        status,
        resolved_at,
        result,
        redo_count,
        supervision_level,
        satisfaction,
        satisfaction_comment,
        rated_at,
        platform_updated_at,
    })
}

/// HMAC-SHA256 of the reporter under the server's key, hex. Spaces and hyphens are dropped and
/// letters upper-cased first, so `138-0000 0000` and `13800000000` are one reporter.
pub fn reporter_hash(key: &[u8], reporter: &str) -> String {
    let canonical: String = reporter
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        // HMAC takes keys of any length; this branch cannot be reached.
        return String::new();
    };
    mac.update(canonical.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// An address folded for clustering: full-width forms to ASCII, letters lower-cased, spaces and
/// punctuation dropped, and the province, city and district prefixes every address shares removed.
pub fn normalise_address(address: &str) -> String {
    let folded: String = address
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !is_cjk_punctuation(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut s = folded.as_str();
    for prefix in ["浙江省", "杭州市", "上城区"] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    s.to_owned()
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}' | '·' | '—' | '…' | '‘' | '’' | '“' | '”')
}

/// What the intake does with a checked record given the stored one (if any).
pub fn intake_outcome(new: &CheckedCase, stored: Option<&CheckedCase>) -> IntakeOutcome {
    match stored {
        None => IntakeOutcome::Created,
        Some(old) if new.platform_updated_at < old.platform_updated_at => IntakeOutcome::Stale,
        Some(old) if old == new => IntakeOutcome::Unchanged,
        Some(_) => IntakeOutcome::Updated,
    }
}

/// Whether a case is overdue at `now`: resolved after its due time, or unresolved past it.
pub fn is_overdue(
    status: CaseStatus,
    due_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match (due_at, status.is_resolved(), resolved_at) {
        (None, _, _) => false,
        (Some(due), true, Some(res)) => res > due,
        // The intake refuses a resolved case without its time; should one exist, it has a
        // result and cannot be judged late.
        (Some(_), true, None) => false,
        (Some(due), false, _) => now > due,
    }
}

/// What one case adds to the rollup of its day and its month (`case_stats`): everything about
/// it that does not depend on when the figures are judged. Whether an open case is late does
/// (it becomes late when its due time passes), so the analyses count that from the open cases
/// themselves; `marked` counts the marks of poor disposal that are fixed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub cases: i64,
    pub resolved: i64,
    /// Resolved after the due time.
    pub resolved_late: i64,
    /// Sent back for redoing at least once.
    pub redone: i64,
    /// Rated satisfied, basically satisfied or unsatisfied (not "not reached").
    pub rated: i64,
    pub satisfied: i64,
    pub unsatisfied: i64,
    /// Under the platform's level-2 or level-1 supervision.
    pub escalated: i64,
    /// With a mark of poor disposal that cannot change with time: resolved late, redone,
    /// unsatisfied or escalated.
    pub marked: i64,
}

/// The fields of a case that its tally and its marks depend on.
#[derive(Debug, Clone, Copy)]
pub struct Handling {
    pub status: CaseStatus,
    pub due_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub redo_count: i32,
    pub supervision_level: SupervisionLevel,
    pub satisfaction: Option<Satisfaction>,
}

impl Handling {
    /// Resolved after its due time (a fact once resolved).
    pub fn resolved_late(&self) -> bool {
        matches!((self.status.is_resolved(), self.due_at, self.resolved_at),
            (true, Some(due), Some(res)) if res > due)
    }

    /// The marks of poor disposal at `at`: overdue, redone, unsatisfied, escalated.
    pub fn marks(&self, at: DateTime<Utc>) -> u32 {
        [
            is_overdue(self.status, self.due_at, self.resolved_at, at),
            self.redo_count > 0,
            self.satisfaction == Some(Satisfaction::Unsatisfied),
            self.supervision_level != SupervisionLevel::None,
        ]
        .iter()
        .filter(|m| **m)
        .count() as u32
    }

    /// The marks that no longer change: those of `marks` except an open case's lateness.
    pub fn fixed_marks(&self) -> u32 {
        [
            self.resolved_late(),
            self.redo_count > 0,
            self.satisfaction == Some(Satisfaction::Unsatisfied),
            self.supervision_level != SupervisionLevel::None,
        ]
        .iter()
        .filter(|m| **m)
        .count() as u32
    }

    pub fn tally(&self) -> Tally {
        let b = |x: bool| i64::from(x);
        let rated = matches!(
            self.satisfaction,
            Some(
                Satisfaction::Satisfied
                    | Satisfaction::BasicallySatisfied
                    | Satisfaction::Unsatisfied
            )
        );
        Tally {
            cases: 1,
            resolved: b(self.status.is_resolved()),
            resolved_late: b(self.resolved_late()),
            redone: b(self.redo_count > 0),
            rated: b(rated),
            satisfied: b(matches!(
                self.satisfaction,
                Some(Satisfaction::Satisfied | Satisfaction::BasicallySatisfied)
            )),
            unsatisfied: b(self.satisfaction == Some(Satisfaction::Unsatisfied)),
            escalated: b(self.supervision_level != SupervisionLevel::None),
            marked: b(self.fixed_marks() > 0),
        }
    }
}

impl Tally {
    /// Adds `other` (`sign` 1) or takes it away (`sign` -1).
    pub fn add(&mut self, other: &Tally, sign: i64) {
        self.cases += sign * other.cases;
        self.resolved += sign * other.resolved;
        self.resolved_late += sign * other.resolved_late;
        self.redone += sign * other.redone;
        self.rated += sign * other.rated;
        self.satisfied += sign * other.satisfied;
        self.unsatisfied += sign * other.unsatisfied;
        self.escalated += sign * other.escalated;
        self.marked += sign * other.marked;
    }

    pub fn is_zero(&self) -> bool {
        *self == Tally::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_tallies_what_is_fixed_and_leaves_an_open_cases_lateness_to_the_moment_judged() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let late = Handling {
            status: CaseStatus::Closed,
            due_at: Some(t("2026-10-03T00:00:00Z")),
            resolved_at: Some(t("2026-10-05T00:00:00Z")),
            redo_count: 1,
            supervision_level: SupervisionLevel::None,
            satisfaction: Some(Satisfaction::Unsatisfied),
        };
        let tally = late.tally();
        assert_eq!(
            (
                tally.resolved,
                tally.resolved_late,
                tally.redone,
                tally.rated,
                tally.satisfied
            ),
            (1, 1, 1, 1, 0)
        );
        assert_eq!((late.fixed_marks(), tally.marked), (3, 1));
        let open = Handling {
            status: CaseStatus::InProgress,
            resolved_at: None,
            redo_count: 0,
            satisfaction: None,
            ..late
        };
        assert_eq!(open.fixed_marks(), 0);
        assert_eq!(open.tally().marked, 0);
        assert_eq!(open.marks(t("2026-10-02T00:00:00Z")), 0);
        assert_eq!(open.marks(t("2026-10-04T00:00:00Z")), 1);
        let mut sum = Tally::default();
        sum.add(&late.tally(), 1);
        sum.add(&open.tally(), 1);
        sum.add(&late.tally(), -1);
        assert_eq!(sum, open.tally());
    }
    use serde_json::json;

    fn codes() -> Codes {
        let mut c = Codes::default();
        c.categories.insert("noise".into(), Uuid::from_u128(1));
        c.categories.insert("P-0301".into(), Uuid::from_u128(1));
        c.streets.insert("street-qingbo".into(), Uuid::from_u128(2));
        c.units.insert("dept-urban".into(), Uuid::from_u128(3));
        c
    }

    fn record() -> Value {
        json!({
            "case_number": "PA2026110001", "kind": "demand", "channel": "hotline",
            "category_code": "P-0301", "street_code": "street-qingbo",
            "address": " 杭州市上城区 河坊街１２３号 ", "summary": "夜间施工噪音",
            "received_at": "2026-11-02T01:00:00Z", "handling_unit_code": "dept-urban",
            "due_at": "2026-11-05T10:00:00Z", "status": "resolved",
            "resolved_at": "2026-11-04T08:00:00Z", "reporter": "138-0000 0000",
            "updated_at": "2026-11-04T08:00:00Z"
        })
    }

    #[test]
    fn a_good_record_is_resolved_to_ids_and_its_reporter_hashed() {
        let c = check_record(&record(), &codes(), b"k").unwrap();
        assert_eq!(c.category_id, Uuid::from_u128(1), "platform code mapped");
        assert_eq!(c.address_key.as_deref(), Some("河坊街123号"));
        let hash = c.reporter_hash.unwrap();
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains("13800000000"));
        assert_eq!(
            hash,
            reporter_hash(b"k", "13800000000"),
            "formatting ignored"
        );
        assert_ne!(hash, reporter_hash(b"other", "13800000000"), "keyed");
    }

    #[test]
    fn every_error_of_a_record_is_named_at_once() {
        let mut v = record();
        v["kind"] = json!("complaint");
        v["street_code"] = json!("street-nowhere");
        v["summary"] = json!("  ");
        v["resolved_at"] = Value::Null;
        v["colour"] = json!("red");
        v.as_object_mut().unwrap().remove("updated_at");
        let errors = check_record(&v, &codes(), b"k").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "kind",
            "street_code",
            "summary",
            "resolved_at",
            "colour",
            "updated_at",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        let street = errors.iter().find(|e| e.field == "street_code").unwrap();
        assert!(
            street.message.contains("street-nowhere"),
            "the code is named"
        );
    }

    #[test]
    fn times_must_follow_each_other() {
        let mut v = record();
        v["resolved_at"] = json!("2026-11-01T00:00:00Z");
        let errors = check_record(&v, &codes(), b"k").unwrap_err();
        assert_eq!(errors[0].code, "before_received");
    }

    #[test]
    fn stale_unchanged_and_updated_records_are_told_apart() {
        let stored = check_record(&record(), &codes(), b"k").unwrap();
        let mut older = stored.clone();
        older.platform_updated_at -= chrono::Duration::seconds(1);
        older.summary = "changed".into();
        assert_eq!(intake_outcome(&older, Some(&stored)), IntakeOutcome::Stale);
        assert_eq!(
            intake_outcome(&stored, Some(&stored)),
            IntakeOutcome::Unchanged
        );
        let mut newer = stored.clone();
        newer.status = CaseStatus::Closed;
        assert_eq!(
            intake_outcome(&newer, Some(&stored)),
            IntakeOutcome::Updated
        );
        assert_eq!(intake_outcome(&stored, None), IntakeOutcome::Created);
    }

    #[test]
    fn addresses_fold_to_one_key() {
        assert_eq!(
            normalise_address("上城区 河坊街１２３号（东）"),
            normalise_address("河坊街123号东")
        );
    }

    #[test]
    fn overdue_is_judged_by_resolution_or_by_now() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let due = Some(t("2026-11-05T00:00:00Z"));
        let now = t("2026-11-10T00:00:00Z");
        assert!(!is_overdue(
            CaseStatus::Resolved,
            due,
            Some(t("2026-11-04T00:00:00Z")),
            now
        ));
        assert!(is_overdue(
            CaseStatus::Resolved,
            due,
            Some(t("2026-11-06T00:00:00Z")),
            now
        ));
        assert!(is_overdue(CaseStatus::InProgress, due, None, now));
        assert!(!is_overdue(
            CaseStatus::InProgress,
            due,
            None,
            t("2026-11-01T00:00:00Z")
        ));
        assert!(!is_overdue(CaseStatus::InProgress, None, None, now));
    }
}
