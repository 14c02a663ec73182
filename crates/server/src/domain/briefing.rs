//! Briefings (Art. 7): who may move one where, what it needs before issue, how its number is
//! printed, and to whom it goes by default.

use uuid::Uuid;
use yanpan_types::{BriefingStatus, FieldError, RecipientRole, Role, UnitKind};

/// The states a briefing may move to from `from`.
pub fn next(from: BriefingStatus) -> &'static [BriefingStatus] {
    use BriefingStatus as S;
    match from {
        S::Draft => &[S::InReview],
        S::InReview => &[S::Draft, S::Issued],
        S::Issued => &[],
    }
}

/// Who may move a briefing to `to`: the command center and conveners submit for review; only a
/// convener sends one back or issues it.
pub fn movers(to: BriefingStatus) -> &'static [Role] {
    match to {
        BriefingStatus::InReview => &[Role::Convener, Role::Analyst],
        BriefingStatus::Draft | BriefingStatus::Issued => &[Role::Convener],
    }
}

/// Its text and recipients may change only before issue.
pub fn editable(status: BriefingStatus) -> bool {
    status != BriefingStatus::Issued
}

/// The number as printed on the document: `2026年第11期`.
pub fn issue_label(year: i32, number: i32) -> String {
    format!("{year}年第{number}期")
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What keeps a briefing from being issued (empty when nothing): a title, the three sections of
/// Art. 7 (recent dynamics, problems, handling opinions) and someone to send it to.
pub fn issue_blockers(
    title: &str,
    dynamics: &str,
    problems: &str,
    opinions: &str,
    recipients: usize,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (field, text, what) in [
        ("title", title, "the title"),
        ("dynamics", dynamics, "recent dynamics (近期动态)"),
        ("problems", problems, "the problems found (存在问题)"),
        ("opinions", opinions, "the handling opinions (处理意见)"),
    ] {
        if blank(text) {
            out.push(FieldError::new(
                field,
                "required",
                format!("{what} must be written"),
            ));
        }
    }
    if recipients == 0 {
        out.push(FieldError::new(
            "recipients",
            "required",
            "a briefing is sent to at least one unit",
        ));
    }
    out
}

/// A unit as the default distribution sees it.
#[derive(Debug, Clone, Copy)]
pub struct UnitFacts {
    pub id: Uuid,
    pub kind: UnitKind,
    pub active: bool,
    /// It takes part in the meeting the briefing is about.
    pub participant: bool,
}

/// Whom a briefing goes to unless the drafter changes it: the leadership (报 区委、区政府, through
/// their offices), and the units that carry it out (发): the meeting's participating units, or,
/// for a briefing without a meeting, every active street and department. The command center
/// issues it and is not a recipient.
pub fn default_recipients(units: &[UnitFacts], has_meeting: bool) -> Vec<(Uuid, RecipientRole)> {
    let mut out = Vec::new();
    for u in units.iter().filter(|u| u.active) {
        let role = match u.kind {
            UnitKind::PartyOffice | UnitKind::GovernmentOffice => Some(RecipientRole::Report),
            UnitKind::CommandCenter => None,
            UnitKind::Street | UnitKind::Department if !has_meeting => {
                Some(RecipientRole::Distribute)
            }
            _ if has_meeting && u.participant => Some(RecipientRole::Distribute),
            _ => None,
        };
        if let Some(r) = role {
            out.push((u.id, r));
        }
    }
    // 报 before 送 before 发, as the distribution block prints them.
    out.sort_by_key(|(_, r)| *r);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_briefing_goes_draft_review_issued_and_issued_is_final() {
        use BriefingStatus as S;
        assert_eq!(next(S::Draft), [S::InReview]);
        assert_eq!(next(S::InReview), [S::Draft, S::Issued]);
        assert!(next(S::Issued).is_empty());
        assert!(movers(S::Issued) == [Role::Convener]);
        assert!(movers(S::InReview).contains(&Role::Analyst));
        assert!(!movers(S::Draft).contains(&Role::Analyst));
        assert!(editable(S::Draft) && editable(S::InReview) && !editable(S::Issued));
    }

    #[test]
    fn the_number_is_printed_per_year() {
        assert_eq!(issue_label(2026, 11), "2026年第11期");
        assert_eq!(issue_label(2027, 1), "2027年第1期");
    }

    #[test]
    fn issue_needs_every_section_and_a_recipient() {
        let fields = |b: Vec<FieldError>| b.into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(
            fields(issue_blockers(" ", "动态", "", "意见", 0)),
            ["title", "problems", "recipients"]
        );
        assert!(issue_blockers("简报", "动态", "问题", "意见", 3).is_empty());
    }

    #[test]
    fn by_default_the_leadership_and_the_participants_receive_it() {
        let u = |kind, active, participant| UnitFacts {
            id: Uuid::now_v7(),
            kind,
            active,
            participant,
        };
        let units = [
            u(UnitKind::Street, true, true),
            u(UnitKind::PartyOffice, true, false),
            u(UnitKind::CommandCenter, true, true),
            u(UnitKind::Street, true, false),
            u(UnitKind::Department, false, true),
            u(UnitKind::Enterprise, true, true),
            u(UnitKind::GovernmentOffice, true, false),
        ];
        let with_meeting = default_recipients(&units, true);
        assert_eq!(
            with_meeting,
            [
                (units[1].id, RecipientRole::Report),
                (units[6].id, RecipientRole::Report),
                (units[0].id, RecipientRole::Distribute),
                (units[5].id, RecipientRole::Distribute),
            ]
        );
        // Without a meeting: every active street and department, not invited organisations.
        let alone = default_recipients(&units, false);
        assert_eq!(
            alone.iter().map(|r| r.0).collect::<Vec<_>>(),
            [units[1].id, units[6].id, units[0].id, units[3].id]
        );
    }
}
