//! The annual assessment's scoring (Art. 11): a unit's rates from its counts, its score under a
//! year's rule, and the ranking.

use chrono::NaiveDate;
use yanpan_types::{AssessmentCounts, AssessmentRow, AssessmentRule};

fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// Present ÷ (present + absent): an excused absence does not count against the unit.
pub fn attendance_rate(c: &AssessmentCounts) -> Option<f64> {
    ratio(c.present, c.present + c.absent)
}

/// Submissions made on time ÷ submissions asked for.
pub fn submission_rate(c: &AssessmentCounts) -> Option<f64> {
    ratio(
        c.submissions_on_time,
        c.submissions_on_time + c.submissions_late + c.submissions_missing,
    )
}

/// Tasks reported on time ÷ tasks due.
pub fn task_rate(c: &AssessmentCounts) -> Option<f64> {
    ratio(c.tasks_on_time, c.tasks_due)
}

/// (base, deductions, score). The base is the weighted mean of the rates the unit has data for,
/// out of 100 (a unit with no data on any indicator has nothing to fault: 100); deductions are
/// per overdue task, per return, per referral by its outcome; the score is not below 0.
pub fn score(rule: &AssessmentRule, c: &AssessmentCounts) -> (f64, f64, f64) {
    let parts = [
        (rule.attendance_weight, attendance_rate(c)),
        (rule.submission_weight, submission_rate(c)),
        (rule.task_weight, task_rate(c)),
        (rule.case_on_time_weight, c.case_on_time_rate),
        (rule.satisfaction_weight, c.satisfaction_rate),
    ];
    let (mut weighted, mut weights) = (0.0, 0.0);
    for (w, rate) in parts {
        if let Some(r) = rate {
            weighted += f64::from(w) * r;
            weights += f64::from(w);
        }
    }
    let base = if weights > 0.0 {
        100.0 * weighted / weights
    } else {
        100.0
    };
    let deductions = rule.per_overdue_task * f64::from(c.tasks_overdue)
        + rule.per_returned_task * f64::from(c.tasks_returned)
        + rule.per_interview * f64::from(c.referrals_interview)
        + rule.per_public_criticism * f64::from(c.referrals_public_criticism)
        + rule.per_admonishment * f64::from(c.referrals_admonishment);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    (
        round(base),
        round(deductions),
        round((base - deductions).max(0.0)),
    )
}

/// Orders rows by score (highest first, then by unit code) and numbers them; equal scores share
/// a rank (1, 2, 2, 4).
pub fn rank(rows: &mut [AssessmentRow]) {
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    let mut prev: Option<(f64, u32)> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = match prev {
            Some((s, k)) if s == r.score => k,
            _ => i as u32 + 1,
        };
        prev = Some((r.score, r.rank));
    }
}

/// The first and last day of a year, or of one of its quarters.
pub fn period(year: i32, quarter: Option<u8>) -> Option<(NaiveDate, NaiveDate)> {
    let (first_month, months) = match quarter {
        None => (1, 12),
        Some(q @ 1..=4) => (u32::from(q) * 3 - 2, 3),
        Some(_) => return None,
    };
    let from = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let next = from.checked_add_months(chrono::Months::new(months))?;
    Some((from, next.pred_opt()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;
    use yanpan_types::UnitKind;

    fn counts() -> AssessmentCounts {
        AssessmentCounts {
            meetings: 12,
            present: 9,
            excused: 2,
            absent: 1,
            submissions_on_time: 8,
            submissions_late: 2,
            submissions_missing: 0,
            tasks_due: 4,
            tasks_on_time: 3,
            tasks_overdue: 1,
            tasks_returned: 2,
            referrals: 1,
            referrals_interview: 1,
            ..Default::default()
        }
    }

    #[test]
    fn the_score_weights_the_rates_it_has_data_for_and_takes_off_deductions() {
        let rule = AssessmentRule::default();
        let c = counts();
        assert_eq!(attendance_rate(&c), Some(0.9));
        assert_eq!(submission_rate(&c), Some(0.8));
        assert_eq!(task_rate(&c), Some(0.75));
        // No case data: attendance 20 × 0.9 + submissions 20 × 0.8 + tasks 30 × 0.75 over 70.
        let (base, deductions, total) = score(&rule, &c);
        assert_eq!(base, 80.71);
        // One overdue task (2), two returns (1 each), one interview (3).
        assert_eq!(deductions, 7.0);
        assert_eq!(total, 73.71);
        // With case data the case indicators join the weighting.
        let with_cases = AssessmentCounts {
            cases: 100,
            case_on_time_rate: Some(1.0),
            satisfaction_rate: Some(1.0),
            ..c.clone()
        };
        assert!(score(&rule, &with_cases).0 > base);
        // Nothing to assess: nothing to fault; and never below zero.
        assert_eq!(
            score(&rule, &AssessmentCounts::default()),
            (100.0, 0.0, 100.0)
        );
        let awful = AssessmentCounts {
            tasks_overdue: 100,
            ..Default::default()
        };
        assert_eq!(score(&rule, &awful).2, 0.0);
    }

    #[test]
    fn equal_scores_share_a_rank() {
        let row = |code: &str, score: f64| AssessmentRow {
            rank: 0,
            unit_id: Uuid::now_v7(),
            unit_code: code.into(),
            unit_name: code.into(),
            unit_kind: UnitKind::Street,
            counts: AssessmentCounts::default(),
            attendance_rate: None,
            submission_rate: None,
            task_rate: None,
            base: score,
            deductions: 0.0,
            score,
        };
        let mut rows = vec![
            row("c", 80.0),
            row("a", 90.0),
            row("d", 70.0),
            row("b", 80.0),
        ];
        rank(&mut rows);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.unit_code.as_str(), r.rank))
            .collect();
        assert_eq!(got, [("a", 1), ("b", 2), ("c", 2), ("d", 4)]);
    }

    #[test]
    fn quarters_are_three_months() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(period(2026, None), Some((d(2026, 1, 1), d(2026, 12, 31))));
        assert_eq!(period(2026, Some(1)), Some((d(2026, 1, 1), d(2026, 3, 31))));
        assert_eq!(
            period(2026, Some(4)),
            Some((d(2026, 10, 1), d(2026, 12, 31)))
        );
        assert_eq!(period(2026, Some(5)), None);
    }
}
