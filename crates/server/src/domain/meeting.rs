//! Meetings (Art. 4, 6): when one may start (readiness) and what keeps it from concluding.

use uuid::Uuid;
use yanpan_types::{AgendaCategory, FieldError, MeetingKind, MeetingStatus, Readiness};

use super::escalation;

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// What Art. 6 asks before the meeting: an agenda, a main reporter and the command center's
/// preliminary analysis. `ready` means it may start now: nothing is missing and it is scheduled.
pub fn readiness(
    status: MeetingStatus,
    agenda_items: u64,
    main_reporter: Option<&str>,
    preliminary_analysis: Option<&str>,
) -> Readiness {
    let mut missing = Vec::new();
    if agenda_items == 0 {
        missing.push("agenda".to_owned());
    }
    if blank(main_reporter) {
        missing.push("main_reporter".to_owned());
    }
    if blank(preliminary_analysis) {
        missing.push("preliminary_analysis".to_owned());
    }
    Readiness {
        ready: missing.is_empty() && status == MeetingStatus::Scheduled,
        missing,
    }
}

/// An agenda item as the conclusion rule sees it.
#[derive(Debug, Clone)]
pub struct ItemFacts<'a> {
    pub id: Uuid,
    pub title: &'a str,
    pub category: AgendaCategory,
    /// The item carries an escalate-or-not decision.
    pub decided: bool,
    /// A request raised from the item stands (anything but rejected): that is its decision too.
    pub standing_request: bool,
}

/// Why a meeting of `kind` cannot be concluded yet (empty when it can): minutes, at least one
/// adopted conclusion, and a decision on every `poor_disposal` item outside level-1 meetings.
pub fn conclusion_blockers(
    kind: MeetingKind,
    minutes: Option<&str>,
    adopted_conclusions: u64,
    items: &[ItemFacts<'_>],
) -> Vec<FieldError> {
    let mut out = Vec::new();
    if blank(minutes) {
        out.push(FieldError {
            field: "minutes".into(),
            code: "required".into(),
            message: "the minutes must be written".into(),
        });
    }
    if adopted_conclusions == 0 {
        out.push(FieldError {
            field: "conclusions".into(),
            code: "required".into(),
            message: "at least one conclusion must be adopted".into(),
        });
    }
    for item in items
        .iter()
        .filter(|i| escalation::needs_decision(kind, i.category, i.decided || i.standing_request))
    {
        out.push(FieldError {
            field: format!("agenda_items.{}", item.id),
            code: "escalation_undecided".into(),
            message: format!(
                "「{}」 needs a decision on escalation to level 1",
                item.title
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_may_start_when_prepared_and_scheduled() {
        let r = readiness(MeetingStatus::Scheduled, 0, Some(" "), None);
        assert_eq!(
            r.missing,
            ["agenda", "main_reporter", "preliminary_analysis"]
        );
        assert!(!r.ready);
        let r = readiness(
            MeetingStatus::Scheduled,
            3,
            Some("陈主任"),
            Some("总体平稳"),
        );
        assert!(r.ready && r.missing.is_empty());
        // Prepared, but already held and reported: not "ready to start".
        for s in [
            MeetingStatus::Draft,
            MeetingStatus::InProgress,
            MeetingStatus::Reported,
        ] {
            assert!(
                !readiness(s, 3, Some("陈主任"), Some("总体平稳")).ready,
                "{s}"
            );
        }
    }

    #[test]
    fn a_meeting_concludes_with_minutes_a_conclusion_and_every_decision() {
        let id = Uuid::now_v7();
        let undecided = ItemFacts {
            id,
            title: "违建处置不力",
            category: AgendaCategory::PoorDisposal,
            decided: false,
            standing_request: false,
        };
        let codes =
            |b: Vec<FieldError>| b.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>();
        assert_eq!(
            codes(conclusion_blockers(
                MeetingKind::Regular,
                None,
                0,
                std::slice::from_ref(&undecided)
            )),
            [
                ("minutes".to_owned(), "required".to_owned()),
                ("conclusions".to_owned(), "required".to_owned()),
                (
                    format!("agenda_items.{id}"),
                    "escalation_undecided".to_owned()
                ),
            ]
        );
        // A standing request is the decision; a level-1 meeting needs none.
        let requested = ItemFacts {
            standing_request: true,
            ..undecided.clone()
        };
        assert!(
            conclusion_blockers(MeetingKind::Regular, Some("记录"), 1, &[requested]).is_empty()
        );
        assert!(
            conclusion_blockers(
                MeetingKind::Level1Supervision,
                Some("记录"),
                1,
                &[undecided]
            )
            .is_empty()
        );
    }
}
