//! Accountability referral (责任查究, Art. 8.4): which tasks may be its evidence, how a referral
//! moves, and the fingerprint that freezes its evidence.

use sha2::{Digest, Sha256};
use uuid::Uuid;
use yanpan_types::{FieldError, ReferralStatus};

/// How often a task must have been returned to count as failed without being late.
pub const RETURNED_REPEATEDLY: u32 = 2;

/// A supervision task as the evidence rule sees it.
#[derive(Debug, Clone)]
pub struct TaskFacts {
    pub id: Uuid,
    pub unit_id: Uuid,
    /// Still open or in progress after its due day.
    pub overdue: bool,
    /// Reported done after its due day.
    pub done_late: bool,
    pub returned_count: u32,
}

impl TaskFacts {
    /// Failed as Art. 8.4 means it: late (still, or when reported) or returned repeatedly.
    pub fn failed(&self) -> bool {
        self.overdue || self.done_late || self.returned_count >= RETURNED_REPEATEDLY
    }
}

/// What is wrong with the evidence of a referral of `unit` (empty when nothing): every task
/// named must exist, be the unit's, be named once, and have failed.
pub fn evidence_errors(unit: Uuid, requested: &[Uuid], found: &[TaskFacts]) -> Vec<FieldError> {
    let mut out = Vec::new();
    if requested.is_empty() {
        out.push(FieldError::new(
            "task_ids",
            "required",
            "a referral names the failed tasks it rests on",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, id) in requested.iter().enumerate() {
        let field = format!("task_ids[{i}]");
        if !seen.insert(*id) {
            out.push(FieldError::new(field, "duplicate", "a task is named once"));
            continue;
        }
        match found.iter().find(|t| t.id == *id) {
            None => out.push(FieldError::new(
                field,
                "unknown",
                "no such supervision task",
            )),
            Some(t) if t.unit_id != unit => out.push(FieldError::new(
                field,
                "not_of_unit",
                "the task is another unit's",
            )),
            Some(t) if !t.failed() => out.push(FieldError::new(
                field,
                "not_failed",
                "the task is neither overdue, nor done late, nor returned repeatedly",
            )),
            Some(_) => {}
        }
    }
    out
}

/// The states a referral may move to from `from`.
pub fn next(from: ReferralStatus) -> &'static [ReferralStatus] {
    match from {
        ReferralStatus::Submitted => &[ReferralStatus::Accepted],
        ReferralStatus::Accepted => &[ReferralStatus::Closed],
        ReferralStatus::Closed => &[],
    }
}

/// Lower-case hex SHA-256 of the evidence's bytes.
pub fn fingerprint(evidence: &str) -> String {
    hex::encode(Sha256::digest(evidence.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(unit: Uuid, overdue: bool, done_late: bool, returned: u32) -> TaskFacts {
        TaskFacts {
            id: Uuid::now_v7(),
            unit_id: unit,
            overdue,
            done_late,
            returned_count: returned,
        }
    }

    #[test]
    fn only_the_units_own_failed_tasks_are_evidence() {
        let unit = Uuid::now_v7();
        let other = Uuid::now_v7();
        let late = task(unit, true, false, 0);
        let late_report = task(unit, false, true, 0);
        let returned_twice = task(unit, false, false, 2);
        let returned_once = task(unit, false, false, 1);
        let someone_elses = task(other, true, false, 0);
        let found = [
            late.clone(),
            late_report.clone(),
            returned_twice.clone(),
            returned_once.clone(),
            someone_elses.clone(),
        ];
        assert!(
            evidence_errors(unit, &[late.id, late_report.id, returned_twice.id], &found).is_empty()
        );
        let codes = |ids: &[Uuid]| {
            evidence_errors(unit, ids, &found)
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&[]), [("task_ids".to_owned(), "required".to_owned())]);
        assert_eq!(
            codes(&[
                returned_once.id,
                someone_elses.id,
                Uuid::now_v7(),
                late.id,
                late.id
            ]),
            [
                ("task_ids[0]".to_owned(), "not_failed".to_owned()),
                ("task_ids[1]".to_owned(), "not_of_unit".to_owned()),
                ("task_ids[2]".to_owned(), "unknown".to_owned()),
                ("task_ids[4]".to_owned(), "duplicate".to_owned()),
            ]
        );
    }

    #[test]
    fn a_referral_is_accepted_then_closed_and_stays_closed() {
        assert_eq!(next(ReferralStatus::Submitted), [ReferralStatus::Accepted]);
        assert_eq!(next(ReferralStatus::Accepted), [ReferralStatus::Closed]);
        assert!(next(ReferralStatus::Closed).is_empty());
    }

    #[test]
    fn the_fingerprint_is_sha256_in_hex() {
        assert_eq!(
            fingerprint("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
