//! Units' submissions (Art. 10): whether a version was late is derived, on every read, from two
//! facts — the due time when it came and the meeting's due time now — never stored as a flag that
//! goes stale when the meeting moves.

use chrono::{DateTime, Utc};
use yanpan_types::SubmissionState;

/// A version is late when it came after the due time in force then *and* after the due time now:
/// moving the meeting later forgives (the deadline was extended), moving it earlier does not
/// turn a version that came in time into a late one.
pub fn is_late(
    submitted_at: DateTime<Utc>,
    due_then: Option<DateTime<Utc>>,
    due_now: DateTime<Utc>,
) -> bool {
    submitted_at > due_then.map_or(due_now, |then| then.max(due_now))
}

/// A unit's state in the tracker: submitted (in time) if any version was in time, late if every
/// version was late, missing if none came. Each version: (submitted at, due time then).
pub fn state(
    versions: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    due_now: DateTime<Utc>,
) -> SubmissionState {
    if versions
        .iter()
        .any(|(at, then)| !is_late(*at, *then, due_now))
    {
        SubmissionState::Submitted
    } else if !versions.is_empty() {
        SubmissionState::Late
    } else {
        SubmissionState::Missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn lateness_follows_both_deadlines() {
        let due = Utc::now();
        let early = due - Duration::hours(1);
        let after = due + Duration::minutes(1);
        assert!(
            !is_late(due, Some(due), due),
            "exactly at the due time is in time"
        );
        assert!(is_late(after, Some(due), due));
        assert_eq!(
            state(&[(after, Some(due)), (early, Some(due))], due),
            SubmissionState::Submitted
        );
        assert_eq!(state(&[(after, Some(due))], due), SubmissionState::Late);
        assert_eq!(state(&[], due), SubmissionState::Missing);
    }

    #[test]
    fn moving_the_meeting_later_forgives_and_earlier_does_not_punish() {
        let due = Utc::now();
        let after = due + Duration::minutes(1);
        // Late, then the meeting moves a day later: in time now.
        assert!(!is_late(after, Some(due), due + Duration::days(1)));
        // In time, then the meeting is brought forward past it: still in time.
        let early = due - Duration::hours(1);
        assert!(!is_late(early, Some(due), due - Duration::days(1)));
        // A version with no recorded due time is judged by today's.
        assert!(is_late(after, None, due));
    }
}
