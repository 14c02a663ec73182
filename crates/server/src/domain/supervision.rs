//! Supervision tasks (Art. 8.4): who may move a task where, what each step needs, when a task
//! is due and when it is overdue.

use chrono::NaiveDate;
use yanpan_types::{FieldError, Role, TaskStatus};

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a move from this state (the allowed ones are listed).
    Transition(&'static [TaskStatus]),
    /// The role may not make this move.
    Role,
    /// The move needs a note (the report, or the reason for returning).
    NoteRequired(FieldError),
}

/// The states a task may move to from `from`.
pub fn next(from: TaskStatus) -> &'static [TaskStatus] {
    use TaskStatus as S;
    match from {
        S::Open => &[S::InProgress, S::Done],
        S::InProgress => &[S::Done],
        S::Done => &[S::InProgress, S::Verified],
        S::Verified | S::Withdrawn => &[],
    }
}

/// Whether `role` may move a task from `from` to `to` (the unit's own representative for its
/// unit's work; the command center checks it), and what the move needs.
pub fn check(
    role: Role,
    from: TaskStatus,
    to: TaskStatus,
    note: Option<&str>,
) -> Result<(), Refusal> {
    use TaskStatus as S;
    if !next(from).contains(&to) {
        return Err(Refusal::Transition(next(from)));
    }
    let returning = from == S::Done && to == S::InProgress;
    let allowed = match to {
        S::InProgress if returning => role == Role::Analyst,
        S::InProgress | S::Done => role == Role::UnitRep,
        S::Verified => role == Role::Analyst,
        S::Open | S::Withdrawn => false,
    };
    if !allowed {
        return Err(Refusal::Role);
    }
    let blank = note.is_none_or(|n| n.trim().is_empty());
    if to == S::Done && blank {
        return Err(Refusal::NoteRequired(FieldError::new(
            "note",
            "required",
            "say what was done (the progress report)",
        )));
    }
    if returning && blank {
        return Err(Refusal::NoteRequired(FieldError::new(
            "note",
            "required",
            "say why the task is returned",
        )));
    }
    Ok(())
}

/// The day a task is due: its deadline, or the first working day after it when the deadline is
/// a weekend or holiday (`is_working` knows the calendar).
pub fn due_on(deadline: NaiveDate, is_working: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut d = deadline;
    // A bounded walk: no calendar has a month without a working day.
    for _ in 0..31 {
        if is_working(d) {
            return d;
        }
        d = d.succ_opt().unwrap_or(d);
    }
    deadline
}

/// How many working days ahead a unit is reminded of a task's due day.
pub const REMIND_WORKING_DAYS: u32 = 3;

/// The day `n` working days before `due_on` (a unit is reminded from then on).
pub fn remind_on(due_on: NaiveDate, n: u32, is_working: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut d = due_on;
    let mut counted = 0;
    // Bounded: a few weeks back always hold `n` working days.
    for _ in 0..60 {
        if counted == n {
            break;
        }
        d = d.pred_opt().unwrap_or(d);
        if is_working(d) {
            counted += 1;
        }
    }
    d
}

/// Still to be done (open or in progress) after the day it was due, as of `today` (Beijing).
pub fn is_overdue(status: TaskStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    matches!(status, TaskStatus::Open | TaskStatus::InProgress) && today > due_on
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    #[test]
    fn units_do_the_work_and_the_command_center_checks_it() {
        use TaskStatus as S;
        assert_eq!(check(Role::UnitRep, S::Open, S::InProgress, None), Ok(()));
        assert_eq!(
            check(Role::UnitRep, S::InProgress, S::Done, Some("已完成")),
            Ok(())
        );
        assert!(matches!(
            check(Role::UnitRep, S::InProgress, S::Done, Some("  ")),
            Err(Refusal::NoteRequired(_))
        ));
        assert_eq!(
            check(Role::UnitRep, S::Done, S::Verified, None),
            Err(Refusal::Role)
        );
        assert_eq!(check(Role::Analyst, S::Done, S::Verified, None), Ok(()));
        assert_eq!(
            check(Role::Analyst, S::Open, S::InProgress, None),
            Err(Refusal::Role)
        );
        // Returning needs the command center and a reason.
        assert_eq!(
            check(Role::UnitRep, S::Done, S::InProgress, Some("x")),
            Err(Refusal::Role)
        );
        assert!(matches!(
            check(Role::Analyst, S::Done, S::InProgress, None),
            Err(Refusal::NoteRequired(_))
        ));
        assert_eq!(
            check(Role::Analyst, S::Done, S::InProgress, Some("材料不全")),
            Ok(())
        );
        // Nothing leaves verified or withdrawn.
        assert_eq!(
            check(Role::Analyst, S::Verified, S::InProgress, Some("x")),
            Err(Refusal::Transition(&[]))
        );
        assert_eq!(
            check(Role::UnitRep, S::Withdrawn, S::Done, Some("x")),
            Err(Refusal::Transition(&[]))
        );
    }

    #[test]
    fn a_deadline_on_a_day_off_moves_to_the_next_working_day() {
        let weekdays = |d: NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(due_on(saturday, weekdays), monday);
        assert_eq!(due_on(monday, weekdays), monday);
        // A holiday Monday too.
        let holiday = |d: NaiveDate| weekdays(d) && d != monday;
        assert_eq!(due_on(saturday, holiday), monday.succ_opt().unwrap());
    }

    #[test]
    fn the_reminder_comes_three_working_days_ahead() {
        let weekdays = |d: NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let wednesday = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        // Tue, Mon, (weekend), Fri: three working days before Wednesday is the Friday.
        assert_eq!(
            remind_on(wednesday, REMIND_WORKING_DAYS, weekdays),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
    }

    #[test]
    fn overdue_is_after_the_due_day_and_only_while_not_done() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let next = due.succ_opt().unwrap();
        assert!(!is_overdue(TaskStatus::Open, due, due));
        assert!(is_overdue(TaskStatus::Open, due, next));
        assert!(is_overdue(TaskStatus::InProgress, due, next));
        assert!(!is_overdue(TaskStatus::Done, due, next));
        assert!(!is_overdue(TaskStatus::Withdrawn, due, next));
    }
}
