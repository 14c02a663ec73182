//! Meetings (Art. 4, 6): when one may start (readiness) and what keeps it from concluding.

use uuid::Uuid;
use yanpan_types::{
    AgendaCategory, FieldError, MeetingKind, MeetingStatus, Preparation, Readiness,
};

use super::escalation;

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// What Art. 6 asks before the meeting: an agenda, a main reporter and the command center's
/// preliminary analysis. `ready` means prepared and not yet held: nothing is missing and the
/// meeting is a draft or scheduled (a meeting under way, held or cancelled is not "ready").
pub fn readiness(
    status: MeetingStatus,
    agenda_items: u64,
    main_reporter: Option<&str>,
    preliminary_analysis: Option<&str>,
) -> Readiness {
    let mut missing = Vec::new();
    if agenda_items == 0 {
        missing.push(Preparation::Agenda);
    }
    if blank(main_reporter) {
        missing.push(Preparation::MainReporter);
    }
    if blank(preliminary_analysis) {
        missing.push(Preparation::PreliminaryAnalysis);
    }
    Readiness {
        ready: missing.is_empty()
            && matches!(status, MeetingStatus::Draft | MeetingStatus::Scheduled),
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
        out.push(FieldError::new(
            "minutes",
            "required",
            "the minutes must be written",
        ));
    }
    if adopted_conclusions == 0 {
        out.push(FieldError::new(
            "conclusions",
            "required",
            "at least one conclusion must be adopted",
        ));
    }
    for item in items
        .iter()
        .filter(|i| escalation::needs_decision(kind, i.category, i.decided || i.standing_request))
    {
        out.push(FieldError::new(
            format!("agenda_items.{}", item.id),
            "escalation_undecided",
            format!(
                "「{}」 needs a decision on escalation to level 1",
                item.title
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_is_ready_when_prepared_and_not_yet_held() {
        let r = readiness(MeetingStatus::Scheduled, 0, Some(" "), None);
        assert_eq!(
            r.missing,
            [
                Preparation::Agenda,
                Preparation::MainReporter,
                Preparation::PreliminaryAnalysis
            ]
        );
        assert!(!r.ready);
        let r = readiness(
            MeetingStatus::Scheduled,
            3,
            Some("陈主任"),
            Some("总体平稳"),
        );
        assert!(r.ready && r.missing.is_empty());
        assert!(readiness(MeetingStatus::Draft, 3, Some("陈主任"), Some("总体平稳")).ready);
        // Prepared, but under way, held or cancelled: not "ready to start".
        for s in [
            MeetingStatus::InProgress,
            MeetingStatus::Concluded,
            MeetingStatus::Reported,
            MeetingStatus::Cancelled,
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
