//! Escalation to the level-1 supervision meeting (Art. 5.2, Art. 9): which items need an
//! escalate-or-not decision, from where a request may be raised, and what a decision does.

use yanpan_types::{AgendaCategory, EscalationStatus, MeetingKind, MeetingStatus};

/// Why a rule refuses; services turn each into its problem answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only `poor_disposal` items carry an escalate-or-not decision (422).
    NotPoorDisposal,
    /// The matter is already before the level-1 meeting: it is not escalated again (422).
    AlreadyLevel1,
    /// An escalation raised from the item is still open or done (409): one truth per item.
    EscalationExists,
    /// The request cannot move from its state to the one asked for (409 with the allowed ones).
    InvalidTransition {
        from: EscalationStatus,
        to: EscalationStatus,
    },
    /// A matter is resolved by the level-1 meeting it was scheduled into: that meeting must be
    /// under way or concluded (409).
    Level1NotHeld,
}

/// Whether a request may move from `from` to `to` (`EscalationStatus::next`).
pub fn transition(from: EscalationStatus, to: EscalationStatus) -> Result<(), Refusal> {
    if from.next().contains(&to) {
        Ok(())
    } else {
        Err(Refusal::InvalidTransition { from, to })
    }
}

/// Whether a scheduled request may be resolved while its level-1 meeting is in `level1`.
pub fn may_resolve(from: EscalationStatus, level1: MeetingStatus) -> Result<(), Refusal> {
    transition(from, EscalationStatus::Resolved)?;
    if level1.has_been_held() {
        Ok(())
    } else {
        Err(Refusal::Level1NotHeld)
    }
}

/// Whether an item must carry an escalate-or-not decision before its meeting may conclude.
/// A level-1 meeting's items are the escalated matters themselves: they need none.
pub fn needs_decision(kind: MeetingKind, category: AgendaCategory, decided: bool) -> bool {
    kind != MeetingKind::Level1Supervision && category == AgendaCategory::PoorDisposal && !decided
}

/// Whether a request may be raised from an item or a conclusion of a meeting of `kind`, while the
/// item's latest request (if any) has `latest` status.
pub fn may_raise(kind: MeetingKind, latest: Option<EscalationStatus>) -> Result<(), Refusal> {
    if kind == MeetingKind::Level1Supervision {
        return Err(Refusal::AlreadyLevel1);
    }
    match latest {
        None | Some(EscalationStatus::Rejected) => Ok(()),
        Some(_) => Err(Refusal::EscalationExists),
    }
}

/// What recording a decision on an item does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionEffect {
    /// Record "do not escalate" with its reason.
    Record,
    /// Record "escalate" and raise the request with the same reason.
    RecordAndRaise,
}

/// The escalate-or-not decision on an item of a meeting of `kind`, whose latest request has
/// `latest` status. While a request raised from the item stands (anything but rejected), the
/// decision is that request: changing it either way would make the item and the request disagree.
pub fn decide(
    kind: MeetingKind,
    category: AgendaCategory,
    latest: Option<EscalationStatus>,
    escalate: bool,
) -> Result<DecisionEffect, Refusal> {
    if kind == MeetingKind::Level1Supervision {
        return Err(Refusal::AlreadyLevel1);
    }
    if category != AgendaCategory::PoorDisposal {
        return Err(Refusal::NotPoorDisposal);
    }
    if latest.is_some_and(|s| s != EscalationStatus::Rejected) {
        return Err(Refusal::EscalationExists);
    }
    Ok(if escalate {
        DecisionEffect::RecordAndRaise
    } else {
        DecisionEffect::Record
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgendaCategory::*;
    use EscalationStatus::*;
    use MeetingKind::*;

    #[test]
    fn only_poor_disposal_items_outside_level1_need_a_decision() {
        assert!(needs_decision(Regular, PoorDisposal, false));
        assert!(needs_decision(SpecialTopic, PoorDisposal, false));
        assert!(!needs_decision(Regular, PoorDisposal, true));
        assert!(!needs_decision(Regular, RepeatedDemands, false));
        // The item that scheduling copies into a level-1 meeting is poor_disposal too.
        assert!(!needs_decision(Level1Supervision, PoorDisposal, false));
    }

    #[test]
    fn nothing_is_escalated_from_a_level1_meeting() {
        assert_eq!(
            may_raise(Level1Supervision, None),
            Err(Refusal::AlreadyLevel1)
        );
        assert_eq!(
            decide(Level1Supervision, PoorDisposal, None, true),
            Err(Refusal::AlreadyLevel1)
        );
        assert_eq!(may_raise(Regular, None), Ok(()));
    }

    #[test]
    fn requests_move_one_step_at_a_time_and_resolve_only_in_a_held_meeting() {
        assert_eq!(transition(Pending, Accepted), Ok(()));
        assert_eq!(transition(Pending, Rejected), Ok(()));
        assert_eq!(
            transition(Pending, Scheduled),
            Err(Refusal::InvalidTransition {
                from: Pending,
                to: Scheduled
            })
        );
        assert!(transition(Rejected, Accepted).is_err());
        assert!(transition(Resolved, Scheduled).is_err());
        assert_eq!(may_resolve(Scheduled, MeetingStatus::InProgress), Ok(()));
        assert_eq!(may_resolve(Scheduled, MeetingStatus::Concluded), Ok(()));
        assert_eq!(
            may_resolve(Scheduled, MeetingStatus::Draft),
            Err(Refusal::Level1NotHeld)
        );
        assert_eq!(
            may_resolve(Scheduled, MeetingStatus::Scheduled),
            Err(Refusal::Level1NotHeld)
        );
        assert!(matches!(
            may_resolve(Accepted, MeetingStatus::InProgress),
            Err(Refusal::InvalidTransition { .. })
        ));
    }

    #[test]
    fn a_standing_request_is_the_decision() {
        for standing in [Pending, Accepted, Scheduled, Resolved] {
            assert_eq!(
                may_raise(Regular, Some(standing)),
                Err(Refusal::EscalationExists)
            );
            for escalate in [true, false] {
                assert_eq!(
                    decide(Regular, PoorDisposal, Some(standing), escalate),
                    Err(Refusal::EscalationExists),
                    "{standing} / escalate={escalate}"
                );
            }
        }
        // A rejected request may be followed by a new decision either way.
        assert_eq!(may_raise(Regular, Some(Rejected)), Ok(()));
        assert_eq!(
            decide(Regular, PoorDisposal, Some(Rejected), true),
            Ok(DecisionEffect::RecordAndRaise)
        );
        assert_eq!(
            decide(Regular, PoorDisposal, None, false),
            Ok(DecisionEffect::Record)
        );
        assert_eq!(
            decide(Regular, Satisfaction, None, false),
            Err(Refusal::NotPoorDisposal)
        );
    }
}
