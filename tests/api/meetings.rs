//! The meeting workflow, walked as the district walks it, and everything it refuses.

use chrono::{Duration, Utc};
use serde_json::json;
use uuid::Uuid;
use yanpan_client::Client;
use yanpan_tests::TestApp;
use yanpan_types::*;

/// The people of one month: a convener, an analyst, and three streets' representatives.
pub struct Cast {
    pub convener: Client,
    pub analyst: Client,
    pub reps: Vec<(Client, User)>,
    pub party_office: Unit,
}

pub async fn cast(app: &TestApp) -> Cast {
    let party_office = app.unit(UnitKind::PartyOffice).await;
    let (convener, _) = app.sign_in_at(Role::Convener, Some(party_office.id)).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let mut reps = Vec::new();
    for _ in 0..3 {
        reps.push(app.sign_in(Role::UnitRep).await);
    }
    Cast {
        convener,
        analyst,
        reps,
        party_office,
    }
}

pub fn regular(
    period: &str,
    starts_in: Duration,
    invited: Vec<Uuid>,
    convening: Vec<Uuid>,
) -> CreateMeeting {
    let starts = Utc::now() + starts_in;
    CreateMeeting {
        platform_ref: None,
        kind: MeetingKind::Regular,
        title: format!("{period} 平安365动态分析研判例会"),
        period: Some(period.into()),
        trigger: None,
        trigger_reason: None,
        starts_at: starts,
        ends_at: starts + Duration::hours(2),
        place: "区联动指挥中心三楼会议室".into(),
        chair: "区委副书记".into(),
        convening_unit_ids: convening,
        invited_unit_ids: invited,
        main_reporter: None,
        preliminary_analysis: None,
    }
}

pub fn item(category: AgendaCategory, title: &str) -> CreateAgendaItem {
    CreateAgendaItem {
        platform_ref: None,
        category,
        title: title.into(),
        summary: format!("{title}：本月情况汇总"),
        evidence: Evidence {
            figures: vec![Figure {
                label: "本月件数".into(),
                value: 37.0,
                unit: Some("件".into()),
            }],
            case_numbers: vec!["LD-2026-10-0001".into()],
        },
        causes: Some("夜间施工审批与监管衔接不够".into()),
        weak_links: Some("街道与城管信息不同步".into()),
        remedies: Some("建立夜间施工联合巡查机制".into()),
        presenting_unit_id: None,
    }
}

/// A draft regular meeting of `period`, ten days ahead, convened by the party office.
pub async fn draft_meeting(c: &Cast, period: &str) -> Uuid {
    c.convener
        .create_meeting(&regular(
            period,
            Duration::days(10),
            vec![],
            vec![c.party_office.id],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id
}

/// A draft level-1 supervision meeting, twelve days ahead.
pub async fn level1_meeting(c: &Cast) -> Uuid {
    let mut l1 = regular(
        "2026-10",
        Duration::days(12),
        vec![],
        vec![c.party_office.id],
    );
    l1.kind = MeetingKind::Level1Supervision;
    l1.period = None;
    l1.title = "一级督办联席会议".into();
    c.convener
        .create_meeting(&l1)
        .await
        .unwrap()
        .value
        .meeting
        .id
}

/// Changes a meeting at its current version.
pub async fn edit(
    client: &Client,
    id: Uuid,
    change: UpdateMeeting,
) -> yanpan_client::Tagged<Meeting> {
    let m = client.meeting(id).await.unwrap();
    client.update_meeting(id, &m.etag, &change).await.unwrap()
}

/// The reason given when a test starts a meeting before its day (the tests' meetings lie ahead).
pub const EARLY: &str = "领导日程调整，提前召开";

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Prepares, holds and concludes a regular meeting with the minimum Art. 6 asks.
pub async fn hold(c: &Cast, period: &str) -> Uuid {
    let m = c
        .convener
        .create_meeting(&regular(
            period,
            Duration::days(-30),
            vec![],
            vec![c.party_office.id],
        ))
        .await
        .unwrap();
    let id = m.value.meeting.id;
    c.analyst
        .create_agenda_item(id, &item(AgendaCategory::Other, "其他事项"))
        .await
        .unwrap();
    let upd = UpdateMeeting {
        main_reporter: Some("联动中心主任".into()),
        preliminary_analysis: Some("总体平稳".into()),
        ..Default::default()
    };
    edit(&c.analyst, id, upd).await;
    c.analyst
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap();
    c.convener
        .transition(id, MeetingStatus::InProgress, Some(EARLY))
        .await
        .unwrap();
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            minutes: Some("会议记录".into()),
            ..Default::default()
        },
    )
    .await;
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "形成统一结论".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    c.convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_whole_month_from_invitation_to_conclusion_and_level_one() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let units: Vec<Uuid> = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();

    // A regular meeting is created and scheduled; three streets are invited.
    let created = c
        .convener
        .create_meeting(&regular(
            "2026-10",
            Duration::days(30),
            units.clone(),
            vec![c.party_office.id],
        ))
        .await
        .unwrap();
    let id = created.value.meeting.id;
    assert_eq!(created.value.meeting.status, MeetingStatus::Draft);
    assert_eq!(created.value.participants.len(), 4);
    assert!(created.value.meeting.submission_due_at < created.value.meeting.starts_at);
    c.analyst
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap();

    // Street A submits on time, with a file.
    let (rep_a, _) = &c.reps[0];
    let file = rep_a
        .upload(id, "清波街道研判意见.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    assert_eq!(file.size, PDF.len() as i64);
    let first = rep_a
        .submit(
            id,
            &CreateSubmission {
                opinion: "本月噪音投诉集中在夜间施工".into(),
                attachment_ids: vec![file.id],
            },
        )
        .await
        .unwrap();
    assert!(!first.late);
    let again = rep_a
        .submit(
            id,
            &CreateSubmission {
                opinion: "补充：涉及三个工地".into(),
                attachment_ids: vec![file.id],
            },
        )
        .await
        .unwrap();
    assert_eq!(again.version_no, 2);
    let (bytes, ct) = rep_a.download(file.id).await.unwrap();
    assert_eq!(
        (bytes.as_slice(), ct.as_deref()),
        (PDF, Some("application/pdf"))
    );

    // The meeting is brought forward: the due time passes; street B submits late, C never does.
    let soon = Utc::now() + Duration::hours(1);
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            starts_at: Some(soon),
            ends_at: Some(soon + Duration::hours(2)),
            ..Default::default()
        },
    )
    .await;
    let (rep_b, _) = &c.reps[1];
    let late = rep_b
        .submit(
            id,
            &CreateSubmission {
                opinion: "湖滨街道意见".into(),
                attachment_ids: vec![],
            },
        )
        .await
        .unwrap();
    assert!(late.late);
    let tracker = c.analyst.submission_tracker(id).await.unwrap();
    let state_of = |u: Uuid| tracker.iter().find(|s| s.unit_id == u).unwrap().state;
    assert_eq!(state_of(units[0]), SubmissionState::Submitted);
    assert_eq!(state_of(units[1]), SubmissionState::Late);
    assert_eq!(state_of(units[2]), SubmissionState::Missing);
    assert_eq!(
        tracker
            .iter()
            .find(|s| s.unit_id == units[0])
            .unwrap()
            .versions,
        2
    );

    // All five categories get items; the order is the categories' fixed order.
    let mut ids = Vec::new();
    for (cat, title) in [
        (AgendaCategory::Other, "其他事项"),
        (AgendaCategory::Suggestions, "下阶段重点工作"),
        (AgendaCategory::Satisfaction, "满意度评价"),
        (AgendaCategory::PoorDisposal, "某小区违建处置不力"),
        (AgendaCategory::RepeatedDemands, "夜间施工噪音重复投诉"),
    ] {
        ids.push(
            c.analyst
                .create_agenda_item(id, &item(cat, title))
                .await
                .unwrap()
                .value
                .id,
        );
    }
    let agenda = c.analyst.agenda(id).await.unwrap();
    let cats: Vec<_> = agenda.iter().map(|i| i.category).collect();
    assert_eq!(cats, AgendaCategory::ALL.to_vec());
    let poor = agenda
        .iter()
        .find(|i| i.category == AgendaCategory::PoorDisposal)
        .unwrap()
        .id;

    // Not ready yet: no reporter, no preliminary analysis.
    let r = c.convener.readiness(id).await.unwrap();
    assert_eq!(
        r.missing,
        vec![Preparation::MainReporter, Preparation::PreliminaryAnalysis]
    );
    let e = c
        .convener
        .transition(id, MeetingStatus::InProgress, Some(EARLY))
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "not_ready")
    );
    let missing: Vec<_> = e
        .problem()
        .unwrap()
        .errors
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(missing, vec!["main_reporter", "preliminary_analysis"]);
    let prep = UpdateMeeting {
        main_reporter: Some("联动中心 陈主任".into()),
        preliminary_analysis: Some("本月诉求总量平稳，夜间施工噪音突出。".into()),
        ..Default::default()
    };
    edit(&c.analyst, id, prep).await;
    assert!(c.convener.readiness(id).await.unwrap().ready);

    // The meeting starts; submissions close; attendance is taken.
    c.convener
        .transition(id, MeetingStatus::InProgress, Some(EARLY))
        .await
        .unwrap();
    let (rep_c, _) = &c.reps[2];
    let e = rep_c
        .submit(
            id,
            &CreateSubmission {
                opinion: "迟到的意见".into(),
                attachment_ids: vec![],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "submissions_closed")
    );
    for (unit, attendance, reason) in [
        (units[0], Attendance::Present, None),
        (units[1], Attendance::Excused, Some("防汛值班")),
        (units[2], Attendance::Absent, None),
    ] {
        let p = c
            .analyst
            .participants(id)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.unit_id == unit)
            .unwrap();
        let body = RecordAttendance {
            attendance,
            reason: reason.map(str::to_owned),
            attendees: vec!["李明".into()],
        };
        c.analyst
            .record_attendance(id, unit, &format!("\"{}\"", p.version), &body)
            .await
            .unwrap();
    }
    let att = c.analyst.participants(id).await.unwrap();
    assert_eq!(
        att.iter()
            .find(|p| p.unit_id == units[1])
            .unwrap()
            .attendance_reason
            .as_deref(),
        Some("防汛值班")
    );

    // Minutes, then a conclusion with a recommendation, adopted.
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            minutes: Some("会议听取了汇报，讨论了五类议题。".into()),
            ..Default::default()
        },
    )
    .await;
    let e = c
        .convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code.as_str(), "cannot_conclude");
    let rec = NewRecommendation {
        measure: "建立夜间施工联合巡查机制".into(),
        responsible_unit_id: units[0],
        deadline: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    };
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "夜间施工噪音由清波街道牵头整治".into(),
                agenda_item_id: Some(ids[4]),
                supersedes_id: None,
                recommendations: vec![rec],
            },
        )
        .await
        .unwrap();
    let adopted = c.convener.adopt_conclusion(con.id).await.unwrap();
    assert_eq!(adopted.status, ConclusionStatus::Adopted);
    assert_eq!(adopted.recommendations.len(), 1);

    // The poor_disposal item is escalated, accepted, scheduled into a level-1 meeting, resolved.
    let e = c
        .convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap_err();
    assert!(
        e.problem()
            .unwrap()
            .detail
            .as_deref()
            .unwrap()
            .contains("某小区违建处置不力"),
        "{e}"
    );
    let decided = c
        .convener
        .decide_escalation(poor, true, "多次交办仍未整改，提请一级督办")
        .await
        .unwrap();
    let esc_id = decided.escalation.as_ref().unwrap().id;
    assert_eq!(
        decided.escalation.as_ref().unwrap().status,
        EscalationStatus::Pending
    );
    let queue = c
        .convener
        .escalations(
            &EscalationQuery {
                status: Some(EscalationStatus::Pending),
                meeting_id: None,
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        queue.items.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![esc_id]
    );
    c.convener
        .review_escalation(esc_id, true, "同意提请")
        .await
        .unwrap();
    let mut l1 = regular(
        "2026-10",
        Duration::days(7),
        vec![],
        vec![c.party_office.id],
    );
    l1.kind = MeetingKind::Level1Supervision;
    l1.period = None;
    l1.title = "一级督办联席会议".into();
    let l1 = c
        .convener
        .create_meeting(&l1)
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let scheduled = c.analyst.schedule_escalation(esc_id, l1).await.unwrap();
    assert_eq!(scheduled.status, EscalationStatus::Scheduled);
    let l1_agenda = c.analyst.agenda(l1).await.unwrap();
    assert_eq!(l1_agenda.len(), 1);
    assert_eq!(l1_agenda[0].source_escalation_id, Some(esc_id));
    // The copy keeps what the item knew: the case numbers, causes, weak links and remedies.
    let source = c.analyst.agenda_item(poor).await.unwrap().value;
    assert!(!source.evidence.case_numbers.is_empty());
    assert_eq!(
        (
            &l1_agenda[0].evidence,
            &l1_agenda[0].causes,
            &l1_agenda[0].weak_links,
            &l1_agenda[0].remedies,
            l1_agenda[0].category,
        ),
        (
            &source.evidence,
            &source.causes,
            &source.weak_links,
            &source.remedies,
            source.category,
        )
    );
    // Resolved by the level-1 meeting itself: not before it is held.
    let e = c
        .convener
        .resolve_escalation(esc_id, "责成区城管局一周内拆除，纳入考核")
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "level1_not_held")
    );
    start(&c.analyst, &c.convener, l1).await;
    // The outcome with a unit and its deadline (Art. 9): both or neither.
    let urban = c.reps[0].1.unit_id.unwrap();
    let deadline = chrono::NaiveDate::from_ymd_opt(2030, 6, 3).unwrap();
    let half = ResolveEscalation {
        outcome: "责成区城管局一周内拆除，纳入考核".into(),
        responsible_unit_id: Some(urban),
        deadline: None,
    };
    let e = c
        .convener
        .resolve_escalation_with(esc_id, &half)
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().errors[0].field, "deadline");
    c.convener
        .resolve_escalation_with(
            esc_id,
            &ResolveEscalation {
                deadline: Some(deadline),
                ..half
            },
        )
        .await
        .unwrap();
    // … becomes a supervision task of that unit, due on its deadline (a Monday).
    let task = c.analyst.get_supervision_task(esc_id).await.unwrap().value;
    assert_eq!(
        (
            task.escalation_id,
            task.recommendation_id,
            task.unit_id,
            task.due_on,
            task.meeting_id
        ),
        (Some(esc_id), None, urban, deadline, l1)
    );
    assert_eq!(task.status, TaskStatus::Open);
    let original = c.analyst.agenda_item(poor).await.unwrap();
    let summary = original.escalation.clone().unwrap();
    assert_eq!(summary.status, EscalationStatus::Resolved);
    assert_eq!(
        summary.outcome.as_deref(),
        Some("责成区城管局一周内拆除，纳入考核")
    );
    assert_eq!(summary.level1_meeting_id, Some(l1));

    // Concluded; the minutes are locked from now on.
    let done = c
        .convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap();
    assert_eq!(done.status, MeetingStatus::Concluded);
    assert!(done.concluded_at.is_some());
    let e = c
        .analyst
        .update_meeting(
            id,
            &done.etag,
            &UpdateMeeting {
                minutes: Some("改写".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "meeting_locked")
    );
    assert_eq!(
        c.analyst
            .meeting(id)
            .await
            .unwrap()
            .meeting
            .minutes
            .as_deref(),
        Some("会议听取了汇报，讨论了五类议题。")
    );
}

#[tokio::test]
async fn invalid_transitions_name_the_allowed_states_and_change_nothing() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = c
        .convener
        .create_meeting(&regular("2026-09", Duration::days(10), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    for (to, allowed) in [
        (MeetingStatus::InProgress, vec!["scheduled", "cancelled"]),
        (MeetingStatus::Concluded, vec!["scheduled", "cancelled"]),
        (MeetingStatus::Reported, vec!["scheduled", "cancelled"]),
        (MeetingStatus::Draft, vec!["scheduled", "cancelled"]),
    ] {
        let rows = app.audit_rows().await;
        let e = c.convener.transition(id, to, None).await.unwrap_err();
        let p = e.problem().unwrap();
        assert_eq!(
            (p.status, p.code.as_str()),
            (409, "invalid_transition"),
            "{to}"
        );
        assert_eq!(p.allowed.clone().unwrap(), allowed, "{to}");
        assert_eq!(app.audit_rows().await, rows);
    }
    // Cancelling needs a reason; a cancelled meeting goes nowhere.
    let e = c
        .convener
        .transition(id, MeetingStatus::Cancelled, None)
        .await
        .unwrap_err();
    assert_eq!(
        e.problem().unwrap().field("reason").unwrap().code,
        "required"
    );
    c.convener
        .transition(id, MeetingStatus::Cancelled, Some("与防汛会商冲突，改期"))
        .await
        .unwrap();
    let e = c
        .convener
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap_err();
    assert_eq!(
        e.problem().unwrap().allowed.clone().unwrap(),
        Vec::<String>::new()
    );
    let m = c.convener.meeting(id).await.unwrap();
    assert_eq!(
        (m.meeting.status, m.meeting.cancel_reason.as_deref()),
        (MeetingStatus::Cancelled, Some("与防汛会商冲突，改期"))
    );
}

#[tokio::test]
async fn wrong_roles_are_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (rep, rep_user) = &c.reps[0];
    let (inspector, _) = app.sign_in(Role::Inspector).await;
    let id = c
        .convener
        .create_meeting(&regular(
            "2026-08",
            Duration::days(10),
            vec![rep_user.unit_id.unwrap()],
            vec![],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let rows = app.audit_rows().await;
    assert_eq!(
        rep.create_meeting(&regular("2026-08", Duration::days(3), vec![], vec![]))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(
        inspector
            .create_agenda_item(id, &item(AgendaCategory::Other, "x"))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(
        rep.transition(id, MeetingStatus::Scheduled, None)
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    c.analyst
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap();
    let rows_after_schedule = app.audit_rows().await;
    assert_eq!(rows_after_schedule, rows + 1);
    // Only conveners start, conclude, cancel, adopt and decide.
    assert_eq!(
        c.analyst
            .transition(id, MeetingStatus::InProgress, Some(EARLY))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(
        c.analyst
            .transition(id, MeetingStatus::Cancelled, Some("x"))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "草稿".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    let rows = app.audit_rows().await;
    assert_eq!(
        c.analyst
            .adopt_conclusion(con.id)
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(
        rep.adopt_conclusion(con.id).await.unwrap_err().status(),
        Some(403)
    );
    // Unit representatives only submit; organisers cannot submit on a unit's behalf.
    assert_eq!(
        c.analyst
            .submit(
                id,
                &CreateSubmission {
                    opinion: "代报".into(),
                    attachment_ids: vec![]
                }
            )
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(app.audit_rows().await, rows);
    assert_eq!(
        c.convener.meeting(id).await.unwrap().meeting.status,
        MeetingStatus::Scheduled
    );
}

#[tokio::test]
async fn adopted_conclusions_never_change_and_corrections_supersede_them() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = c
        .convener
        .create_meeting(&regular("2026-07", Duration::days(10), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let first = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "由湖滨街道牵头".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    let adopted = c.convener.adopt_conclusion(first.id).await.unwrap();
    let e = c
        .analyst
        .update_conclusion(
            first.id,
            &adopted.etag,
            &UpdateConclusion {
                text: Some("改成小营街道".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "conclusion_adopted")
    );
    assert_eq!(
        c.analyst
            .delete_conclusion(first.id, &adopted.etag)
            .await
            .unwrap_err()
            .status(),
        Some(409)
    );
    assert_eq!(
        c.convener
            .adopt_conclusion(first.id)
            .await
            .unwrap_err()
            .status(),
        Some(409)
    );
    let fix = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "更正：由小营街道牵头".into(),
                agenda_item_id: None,
                supersedes_id: Some(first.id),
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(fix.id).await.unwrap();
    let all = c.analyst.conclusions(id).await.unwrap();
    assert_eq!(all.len(), 2);
    let old = all.iter().find(|x| x.id == first.id).unwrap();
    assert_eq!(
        (old.text.as_str(), old.status, old.superseded_by_id),
        ("由湖滨街道牵头", ConclusionStatus::Adopted, Some(fix.id))
    );
    // A second correction of the same conclusion is refused.
    let e = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "再更正".into(),
                agenda_item_id: None,
                supersedes_id: Some(first.id),
                recommendations: vec![],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
}

#[tokio::test]
async fn a_meeting_cannot_conclude_without_minutes_or_with_an_undecided_poor_disposal_item() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = c
        .convener
        .create_meeting(&regular("2026-06", Duration::days(10), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let poor = c
        .analyst
        .create_agenda_item(id, &item(AgendaCategory::PoorDisposal, "处置不力事件"))
        .await
        .unwrap()
        .value
        .id;
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            main_reporter: Some("主汇报人".into()),
            preliminary_analysis: Some("初步意见".into()),
            ..Default::default()
        },
    )
    .await;
    c.analyst
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap();
    c.convener
        .transition(id, MeetingStatus::InProgress, Some(EARLY))
        .await
        .unwrap();
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "结论".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    // No minutes: refused.
    let e = c
        .convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap_err();
    assert!(
        e.problem()
            .unwrap()
            .detail
            .as_deref()
            .unwrap()
            .contains("minutes"),
        "{e}"
    );
    assert_eq!(e.problem().unwrap().errors[0].field, "minutes");
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            minutes: Some("记录".into()),
            ..Default::default()
        },
    )
    .await;
    // Undecided poor_disposal: refused.
    let e = c
        .convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code.as_str(), "cannot_conclude");
    assert_eq!(
        c.convener.meeting(id).await.unwrap().meeting.status,
        MeetingStatus::InProgress
    );
    // Deciding "do not escalate" (with a reason) is a decision too.
    let e = c
        .convener
        .request(
            reqwest::Method::POST,
            &format!("/agenda-items/{poor}/decision"),
        )
        .json(&json!({"escalate": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(e.status(), 422);
    c.convener
        .decide_escalation(poor, false, "已整改到位，无需提请")
        .await
        .unwrap();
    c.convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn special_topics_need_a_trigger_and_agendas_only_the_five_categories() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let mut special = regular("2026-05", Duration::days(3), vec![], vec![]);
    special.kind = MeetingKind::SpecialTopic;
    special.period = None;
    let rows = app.audit_rows().await;
    let e = c.convener.create_meeting(&special).await.unwrap_err();
    let p = e.problem().unwrap();
    assert_eq!(p.status, 422);
    assert_eq!(p.field("trigger").unwrap().code.as_str(), "required");
    assert_eq!(p.field("trigger_reason").unwrap().code.as_str(), "required");
    let res = c.convener.request(reqwest::Method::POST, "/meetings").json(&json!({
        "kind": "special_topic", "title": "x", "trigger": "rumour", "trigger_reason": "y",
        "starts_at": "2026-12-01T02:00:00Z", "ends_at": "2026-12-01T04:00:00Z", "place": "p", "chair": "c"
    })).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(app.audit_rows().await, rows);
    special.trigger = Some(MeetingTrigger::HotIssue);
    special.trigger_reason = Some("老旧小区加装电梯矛盾集中".into());
    let m = c.convener.create_meeting(&special).await.unwrap();
    let id = m.value.meeting.id;
    assert_eq!(m.value.meeting.trigger, Some(MeetingTrigger::HotIssue));

    let res = c
        .analyst
        .request(
            reqwest::Method::POST,
            &format!("/meetings/{id}/agenda-items"),
        )
        .json(&json!({"category": "gossip", "title": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let p: Problem = res.json().await.unwrap();
    assert_eq!(p.errors[0].field, "category");
    assert!(c.analyst.agenda(id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_form_with_several_mistakes_hears_of_every_one_at_once() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // No start time (serde alone would stop here), an empty place and chair, a bad end time.
    let res = c
        .convener
        .request(reqwest::Method::POST, "/meetings")
        .json(&json!({
            "kind": "regular", "title": "2026年12月例会", "period": "2026-12",
            "ends_at": "tomorrow", "place": "", "chair": ""
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let p: Problem = res.json().await.unwrap();
    let fields: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["chair", "ends_at", "place", "starts_at"]);
    assert_eq!(p.field("starts_at").unwrap().code, "required");
}

#[tokio::test]
async fn attendance_of_every_unit_is_saved_in_one_request_or_not_at_all() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let units: Vec<Uuid> = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();
    let id = c
        .convener
        .create_meeting(&regular(
            "2026-03",
            Duration::days(5),
            units.clone(),
            vec![],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    c.analyst
        .create_agenda_item(id, &item(AgendaCategory::Other, "其他事项"))
        .await
        .unwrap();
    let entry = |unit: Uuid, attendance: Attendance, reason: Option<&str>| AttendanceEntry {
        unit_id: unit,
        attendance,
        reason: reason.map(str::to_owned),
        attendees: vec!["王芳".into(), "赵磊".into()],
        version: None,
    };
    let all_present = RecordAttendanceBatch {
        entries: units
            .iter()
            .map(|u| entry(*u, Attendance::Present, None))
            .collect(),
    };
    // Before the meeting is under way, no attendance is taken.
    let e = c
        .analyst
        .record_attendance_batch(id, &all_present)
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code, ProblemCode::NotInProgress);

    // The meeting lies five days ahead with submissions still open: starting it now is refused
    // until the convener gives a reason, which the meeting then shows.
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            main_reporter: Some("联动中心主任".into()),
            preliminary_analysis: Some("总体平稳".into()),
            ..Default::default()
        },
    )
    .await;
    c.analyst
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap();
    let e = c
        .convener
        .transition(id, MeetingStatus::InProgress, None)
        .await
        .unwrap_err();
    let p = e.problem().unwrap();
    assert_eq!((e.status(), p.code), (Some(409), ProblemCode::EarlyStart));
    let detail = p.detail.clone().unwrap_or_default();
    assert!(detail.contains("closes them at once"), "{detail}");
    assert_eq!(p.errors[0].field, "reason");
    let still = c.convener.meeting(id).await.unwrap().value.meeting;
    assert_eq!(still.status, MeetingStatus::Scheduled);
    let started = c
        .convener
        .transition(id, MeetingStatus::InProgress, Some(EARLY))
        .await
        .unwrap();
    assert_eq!(started.value.early_start_reason.as_deref(), Some(EARLY));

    // Two mistakes in one batch are named together and nothing is saved.
    let stranger = app.unit(UnitKind::Department).await.id;
    let bad = RecordAttendanceBatch {
        entries: vec![
            entry(units[0], Attendance::Present, None),
            entry(units[1], Attendance::Excused, None),
            entry(stranger, Attendance::Present, None),
        ],
    };
    let e = c
        .analyst
        .record_attendance_batch(id, &bad)
        .await
        .unwrap_err();
    let p = e.problem().unwrap();
    let fields: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["entries[1].reason", "entries[2].unit_id"]);
    let untouched = c.analyst.participants(id).await.unwrap();
    assert!(untouched.iter().all(|p| p.attendance.is_none()));

    // One request marks everyone present, with names; a stale version refuses the whole batch.
    let saved = c
        .analyst
        .record_attendance_batch(id, &all_present)
        .await
        .unwrap();
    assert_eq!(saved.len(), 3);
    assert!(
        saved
            .iter()
            .all(|p| p.attendance == Some(Attendance::Present)
                && p.attendees == vec!["王芳".to_owned(), "赵磊".to_owned()])
    );
    let mut stale = entry(units[2], Attendance::Absent, None);
    stale.version = Some(
        saved
            .iter()
            .find(|p| p.unit_id == units[2])
            .unwrap()
            .version
            - 1,
    );
    let batch = vec![
        entry(units[1], Attendance::Excused, Some("防汛值班")),
        stale,
    ];
    let e = c
        .analyst
        .record_attendance_batch(id, &RecordAttendanceBatch { entries: batch })
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(412));
    let after = c.analyst.participants(id).await.unwrap();
    assert!(
        after
            .iter()
            .all(|p| p.attendance == Some(Attendance::Present))
    );
    // Sign-in sheets sent at the same moment without versions take turns: none is refused, and
    // each participant is saved once per sheet.
    let sheets = (0..8).map(|i| {
        let analyst = c.analyst.clone();
        let attendance = if i % 2 == 0 {
            Attendance::Present
        } else {
            Attendance::Absent
        };
        let batch = RecordAttendanceBatch {
            entries: units.iter().map(|u| entry(*u, attendance, None)).collect(),
        };
        async move {
            analyst
                .record_attendance_batch(id, &batch)
                .await
                .map(|_| ())
                .map_err(|e| e.status())
        }
    });
    let results = futures_util::future::join_all(sheets).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    for p in c.analyst.participants(id).await.unwrap() {
        let before = saved.iter().find(|s| s.unit_id == p.unit_id).unwrap();
        assert_eq!(p.version, before.version + 8);
    }
    // A unit representative takes no attendance.
    let (rep, _) = &c.reps[0];
    assert_eq!(
        rep.record_attendance_batch(id, &all_present)
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
}

#[tokio::test]
async fn attachments_are_limited_in_size_and_type_and_units_see_only_their_own() {
    let app = TestApp::spawn_with(|s| s.server.upload_limit_bytes = 64 * 1024).await;
    let c = cast(&app).await;
    let units: Vec<Uuid> = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();
    let id = c
        .convener
        .create_meeting(&regular(
            "2026-04",
            Duration::days(30),
            units[..2].to_vec(),
            vec![],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let (a, _) = &c.reps[0];
    let (b, _) = &c.reps[1];
    let (outsider, _) = &c.reps[2];
    let rows = app.audit_rows().await;
    let big = [PDF, &vec![b'x'; 70 * 1024]].concat();
    assert_eq!(
        a.upload(id, "big.pdf", "application/pdf", big)
            .await
            .unwrap_err()
            .status(),
        Some(413)
    );
    assert_eq!(
        a.upload(
            id,
            "run.exe",
            "application/x-msdownload",
            b"MZ\x90\x00".to_vec()
        )
        .await
        .unwrap_err()
        .status(),
        Some(415)
    );
    assert_eq!(
        a.upload(id, "fake.pdf", "application/pdf", b"MZ not a pdf".to_vec())
            .await
            .unwrap_err()
            .status(),
        Some(415)
    );
    assert_eq!(app.audit_rows().await, rows);

    let file = a
        .upload(id, "意见.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    // The same upload retried is recognised, not stored twice; another unit's copy is its own.
    let rows = app.audit_rows().await;
    let again = a
        .upload(id, "意见(重传).pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    assert_eq!((again.id, again.filename.as_str()), (file.id, "意见.pdf"));
    assert_eq!(app.audit_rows().await, rows);
    let theirs = b
        .upload(id, "意见.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    assert_ne!(theirs.id, file.id);
    // A file sent as application/octet-stream is taken for what its bytes and name say it is.
    let scan = [PDF, b"% scanned\n"].concat();
    let typed = a
        .upload(id, "扫描件.pdf", "application/octet-stream", scan)
        .await
        .unwrap();
    assert_eq!(typed.content_type, "application/pdf");
    assert_eq!(
        a.upload(
            id,
            "run.exe",
            "application/octet-stream",
            b"MZ\x90\x00".to_vec()
        )
        .await
        .unwrap_err()
        .status(),
        Some(415)
    );
    let sub = a
        .submit(
            id,
            &CreateSubmission {
                opinion: "清波街道意见".into(),
                attachment_ids: vec![file.id],
            },
        )
        .await
        .unwrap();
    assert_eq!(sub.attachments[0].sha256.len(), 64);
    // Another unit cannot read the submission, the file, nor attach it.
    assert_eq!(b.submission(sub.id).await.unwrap_err().status(), Some(403));
    assert_eq!(b.download(file.id).await.unwrap_err().status(), Some(403));
    let e = b
        .submit(
            id,
            &CreateSubmission {
                opinion: "借用".into(),
                attachment_ids: vec![file.id],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.problem().unwrap().field("attachment_ids").unwrap().code,
        "unknown"
    );
    assert!(b.submissions(id).await.unwrap().is_empty());
    // A unit not invited sees neither the meeting nor may it submit.
    assert_eq!(outsider.meeting(id).await.unwrap_err().status(), Some(403));
    assert_eq!(
        outsider
            .submit(
                id,
                &CreateSubmission {
                    opinion: "x".into(),
                    attachment_ids: vec![]
                }
            )
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert!(
        outsider
            .meetings(&MeetingQuery::default(), PageParams::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // The command center reads everything.
    assert_eq!(
        c.analyst.submission(sub.id).await.unwrap().opinion,
        "清波街道意见"
    );
    assert_eq!(c.analyst.download(file.id).await.unwrap().0, PDF);
}

#[tokio::test]
async fn the_cadence_finds_a_month_without_a_regular_meeting() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    for period in ["2025-01", "2025-02", "2025-04"] {
        hold(&c, period).await;
    }
    // A March meeting was planned but cancelled: March still counts as missing.
    let march = c
        .convener
        .create_meeting(&regular("2025-03", Duration::days(-300), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    c.convener
        .transition(march, MeetingStatus::Cancelled, Some("改期未举行"))
        .await
        .unwrap();
    let mut special = regular("2025-05", Duration::days(-200), vec![], vec![]);
    special.kind = MeetingKind::SpecialTopic;
    special.period = None;
    special.trigger = Some(MeetingTrigger::SensitivePeriod);
    special.trigger_reason = Some("重要会议期间".into());
    let cad = c.convener.cadence(2025).await.unwrap();
    let state = |p: &str| cad.months.iter().find(|m| m.period == p).unwrap().state;
    assert_eq!(state("2025-01"), CadenceState::Held);
    assert_eq!(state("2025-03"), CadenceState::Missing);
    assert_eq!(state("2025-04"), CadenceState::Held);
    assert!(cad.missing_months.contains(&"2025-03".to_owned()));
    assert!(!cad.missing_months.contains(&"2025-01".to_owned()));
    assert_eq!(cad.months.len(), 12);
}

#[tokio::test]
async fn the_calendar_feed_parses_as_icalendar_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (rep, user) = &c.reps[0];
    let m = c
        .convener
        .create_meeting(&regular(
            "2026-11",
            Duration::days(5),
            vec![user.unit_id.unwrap()],
            vec![],
        ))
        .await
        .unwrap();
    c.convener
        .create_meeting(&regular("2026-12", Duration::days(40), vec![], vec![]))
        .await
        .unwrap();
    let feed = rep.issue_calendar_feed().await.unwrap();
    let text = rep.calendar_feed(&feed.my_meetings_path).await.unwrap();
    let cal: icalendar::Calendar = text.parse().unwrap();
    use icalendar::Component;
    let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 1, "{text}");
    assert_eq!(
        events[0].get_summary(),
        Some(m.value.meeting.title.as_str())
    );
    assert_eq!(
        events[0].property_value("LOCATION"),
        Some("区联动指挥中心三楼会议室")
    );
    assert!(text.lines().all(|l| l.len() <= 75));
    rep.revoke_calendar_feed().await.unwrap();
    assert_eq!(
        rep.calendar_feed(&feed.my_meetings_path)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
}

#[tokio::test]
async fn chinese_search_finds_a_two_character_word_inside_a_sentence() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (rep, user) = &c.reps[0];
    let mine = c
        .convener
        .create_meeting(&regular(
            "2026-03",
            Duration::days(5),
            vec![user.unit_id.unwrap()],
            vec![],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let other = c
        .convener
        .create_meeting(&regular("2026-02", Duration::days(5), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let mut i = item(AgendaCategory::RepeatedDemands, "小区夜间施工扰民");
    i.summary = "望江街道某小区居民反映夜间施工噪音持续扰民，多次投诉".into();
    let hit = c
        .analyst
        .create_agenda_item(mine, &i)
        .await
        .unwrap()
        .value
        .id;
    let mut j = item(AgendaCategory::Satisfaction, "满意度");
    j.summary = "群众对噪音问题的处置满意度偏低".into();
    c.analyst.create_agenda_item(other, &j).await.unwrap();
    c.analyst
        .create_agenda_item(other, &item(AgendaCategory::Other, "无关事项"))
        .await
        .unwrap();

    let q = |s: &str| SearchQuery {
        q: s.into(),
        entity: None,
    };
    let found = c
        .analyst
        .search(&q("噪音"), PageParams::default())
        .await
        .unwrap();
    assert_eq!(found.total, 2, "{found:?}");
    assert!(found.items.iter().all(|h| h.snippet.contains("噪音")));
    let found = c
        .analyst
        .search(&q("施工噪音"), PageParams::default())
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|h| h.entity_id).collect::<Vec<_>>(),
        vec![hit]
    );
    // Bigrams that occur apart do not make a match.
    assert_eq!(
        c.analyst
            .search(&q("噪民"), PageParams::default())
            .await
            .unwrap()
            .total,
        0
    );
    // A unit sees only its meetings' hits.
    let found = rep.search(&q("噪音"), PageParams::default()).await.unwrap();
    assert_eq!(
        found.items.iter().map(|h| h.meeting_id).collect::<Vec<_>>(),
        vec![mine]
    );
    // Minutes are searchable too.
    edit(
        &c.analyst,
        other,
        UpdateMeeting {
            minutes: Some("会上决定成立专班".into()),
            ..Default::default()
        },
    )
    .await;
    let found = c
        .analyst
        .search(
            &SearchQuery {
                q: "专班".into(),
                entity: Some(SearchEntity::Minutes),
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
}

#[tokio::test]
async fn submission_due_times_count_working_days_with_holidays_and_adjusted_days() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // A meeting on Thursday 2026-10-08 09:00 Shanghai, after the National Day holiday (1-7
    // October): the two working days before it are Wednesday 30 and Tuesday 29 September, so
    // submissions are due at 18:00 Shanghai time on the 29th.
    for d in 1..=7 {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
        app.admin
            .create_calendar_day(&CreateCalendarDay {
                date,
                kind: CalendarDayKind::Holiday,
                name: "国庆节".into(),
            })
            .await
            .unwrap();
    }
    let e = app
        .admin
        .create_calendar_day(&CreateCalendarDay {
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 9).unwrap(),
            kind: CalendarDayKind::Workday,
            name: "调休".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        e.problem().unwrap().field("kind").unwrap().code,
        "not_weekend"
    );
    let starts: chrono::DateTime<Utc> = "2026-10-08T01:00:00Z".parse().unwrap();
    let mut body = regular("2026-10", Duration::days(1), vec![], vec![]);
    body.starts_at = starts;
    body.ends_at = starts + Duration::hours(2);
    let m = c.convener.create_meeting(&body).await.unwrap();
    assert_eq!(
        m.value.meeting.submission_due_at.to_rfc3339(),
        "2026-09-29T10:00:00+00:00"
    );
    // With no holidays entered for 2027, a meeting on Friday 8 October 2027 counts back over
    // Thursday 7 and Wednesday 6: due on the 6th.
    let mut plain = body.clone();
    plain.starts_at = "2027-10-08T01:00:00Z".parse().unwrap();
    plain.ends_at = plain.starts_at + Duration::hours(2);
    plain.period = Some("2027-10".into());
    let m = c.convener.create_meeting(&plain).await.unwrap();
    assert_eq!(
        m.value.meeting.submission_due_at.to_rfc3339(),
        "2027-10-06T10:00:00+00:00"
    );
    // An adjusted working day (调休) on Saturday 2026-09-26 counts as a working day.
    let sat = chrono::NaiveDate::from_ymd_opt(2026, 9, 26).unwrap();
    app.admin
        .create_calendar_day(&CreateCalendarDay {
            date: sat,
            kind: CalendarDayKind::Workday,
            name: "国庆调休".into(),
        })
        .await
        .unwrap();
    let mut after = body.clone();
    after.starts_at = "2026-09-28T01:00:00Z".parse().unwrap();
    after.ends_at = after.starts_at + Duration::hours(2);
    let m = c.convener.create_meeting(&after).await.unwrap();
    // Monday the 28th: back over Sunday 27 (rest) to Saturday 26 (worked) and Friday 25.
    assert_eq!(
        m.value.meeting.submission_due_at.to_rfc3339(),
        "2026-09-25T10:00:00+00:00"
    );
    assert_eq!(c.convener.calendar_days(Some(2026)).await.unwrap().len(), 8);
}

#[tokio::test]
async fn escalations_from_conclusions_can_be_rejected_and_skip_no_step() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = c
        .convener
        .create_meeting(&regular("2026-01", Duration::days(10), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "建议提请一级督办协调跨部门处置".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    let both = CreateEscalation {
        agenda_item_id: Some(Uuid::now_v7()),
        conclusion_id: Some(con.id),
        reason: "两者".into(),
    };
    assert_eq!(
        c.analyst
            .create_escalation(&both)
            .await
            .unwrap_err()
            .status(),
        Some(422)
    );
    let e = c
        .analyst
        .create_escalation(&CreateEscalation {
            agenda_item_id: None,
            conclusion_id: Some(con.id),
            reason: "跨部门".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        (e.status, e.meeting_id, e.conclusion_id),
        (EscalationStatus::Pending, id, Some(con.id))
    );
    // Steps cannot be skipped: resolving or scheduling a pending request names what is allowed.
    let err = c
        .convener
        .resolve_escalation(e.id, "结果")
        .await
        .unwrap_err();
    assert_eq!(
        err.problem().unwrap().allowed.clone().unwrap(),
        vec!["accepted", "rejected"]
    );
    let err = c.analyst.schedule_escalation(e.id, id).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    // Only conveners decide.
    assert_eq!(
        c.analyst
            .review_escalation(e.id, false, "不同意")
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    let rejected = c
        .convener
        .review_escalation(e.id, false, "由区级层面协调即可")
        .await
        .unwrap();
    assert_eq!(
        (rejected.status, rejected.decision_note.as_deref()),
        (EscalationStatus::Rejected, Some("由区级层面协调即可"))
    );
    let err = c
        .convener
        .review_escalation(e.id, true, "改主意")
        .await
        .unwrap_err();
    assert_eq!(
        err.problem().unwrap().allowed.clone().unwrap(),
        Vec::<String>::new()
    );
    // Accepted requests go only into level-1 supervision meetings.
    let e2 = c
        .analyst
        .create_escalation(&CreateEscalation {
            agenda_item_id: None,
            conclusion_id: Some(con.id),
            reason: "再次提请".into(),
        })
        .await
        .unwrap();
    c.convener
        .review_escalation(e2.id, true, "同意")
        .await
        .unwrap();
    let err = c.analyst.schedule_escalation(e2.id, id).await.unwrap_err();
    assert_eq!(
        err.problem()
            .unwrap()
            .field("level1_meeting_id")
            .unwrap()
            .code,
        "not_level1"
    );
}

/// Prepares a draft meeting that has an agenda (reporter, preliminary analysis), schedules it
/// and starts it.
pub async fn start(analyst: &Client, convener: &Client, id: Uuid) {
    let upd = UpdateMeeting {
        main_reporter: Some("联动中心主任".into()),
        preliminary_analysis: Some("逐件听取整改情况".into()),
        ..Default::default()
    };
    edit(analyst, id, upd).await;
    analyst
        .transition(id, MeetingStatus::Scheduled, None)
        .await
        .unwrap();
    convener
        .transition(id, MeetingStatus::InProgress, Some(EARLY))
        .await
        .unwrap();
}

/// Takes a meeting from draft to in progress, with minutes and one adopted conclusion; returns
/// that conclusion's id.
pub async fn run_until_it_may_conclude(c: &Cast, id: Uuid) -> Uuid {
    start(&c.analyst, &c.convener, id).await;
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            minutes: Some("一级督办联席会议记录".into()),
            ..Default::default()
        },
    )
    .await;
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "责成区城管局限期整改".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    con.id
}

#[tokio::test]
async fn a_level1_meeting_concludes_without_escalation_decisions_and_escalates_nothing_further() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let m = c
        .convener
        .create_meeting(&regular(
            "2026-10",
            Duration::days(10),
            vec![],
            vec![c.party_office.id],
        ))
        .await
        .unwrap();
    let poor = c
        .analyst
        .create_agenda_item(
            m.value.meeting.id,
            &item(AgendaCategory::PoorDisposal, "某小区违建处置不力"),
        )
        .await
        .unwrap()
        .id;
    let decided = c
        .convener
        .decide_escalation(poor, true, "多次交办仍未整改")
        .await
        .unwrap();
    let esc = decided.escalation.clone().unwrap().id;

    // The decision endpoint keeps one truth: while the request stands, neither a second
    // "escalate" nor a "do not escalate" changes the item.
    for (escalate, reason) in [(true, "换一个理由"), (false, "不再提请")] {
        let e = c
            .convener
            .decide_escalation(poor, escalate, reason)
            .await
            .unwrap_err();
        assert_eq!(
            (e.status(), e.problem().unwrap().code.as_str()),
            (Some(409), "escalation_exists")
        );
    }
    let item_now = c.analyst.agenda_item(poor).await.unwrap();
    assert_eq!(
        item_now.escalation_reason.as_deref(),
        Some("多次交办仍未整改")
    );
    assert_eq!(
        c.convener.escalation(esc).await.unwrap().reason,
        "多次交办仍未整改"
    );

    // Accepted and scheduled into a level-1 meeting, where it becomes a poor_disposal item.
    c.convener
        .review_escalation(esc, true, "同意提请")
        .await
        .unwrap();
    let l1 = level1_meeting(&c).await;
    c.analyst.schedule_escalation(esc, l1).await.unwrap();
    let l1_item = c.analyst.agenda(l1).await.unwrap()[0].clone();
    assert_eq!(l1_item.category, AgendaCategory::PoorDisposal);

    // Nothing of a level-1 meeting goes "to level 1" again: not its item, by either route ...
    let e = c
        .analyst
        .create_escalation(&CreateEscalation {
            agenda_item_id: Some(l1_item.id),
            conclusion_id: None,
            reason: "再提请一次".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(422), "already_level1")
    );
    let e = c
        .convener
        .decide_escalation(l1_item.id, true, "再提请一次")
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code.as_str(), "already_level1");

    // ... and it concludes without an escalate-or-not decision on that item.
    let con = run_until_it_may_conclude(&c, l1).await;
    let e = c
        .analyst
        .create_escalation(&CreateEscalation {
            agenda_item_id: None,
            conclusion_id: Some(con),
            reason: "再提请一次".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code.as_str(), "already_level1");
    let done = c
        .convener
        .transition(l1, MeetingStatus::Concluded, None)
        .await
        .unwrap();
    assert_eq!(done.status, MeetingStatus::Concluded);
    let pending = c
        .convener
        .escalations(&EscalationQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(pending.total, 1, "no second request was raised");
}

#[tokio::test]
async fn an_item_escalated_by_request_counts_as_decided() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = draft_meeting(&c, "2026-09").await;
    let poor = c
        .analyst
        .create_agenda_item(id, &item(AgendaCategory::PoorDisposal, "占道经营反复"))
        .await
        .unwrap()
        .id;
    // Raised straight from the item, not through the decision endpoint.
    c.analyst
        .create_escalation(&CreateEscalation {
            agenda_item_id: Some(poor),
            conclusion_id: None,
            reason: "反复回潮".into(),
        })
        .await
        .unwrap();
    run_until_it_may_conclude(&c, id).await;
    c.convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_meeting_is_created_with_its_main_reporter_and_preliminary_analysis_in_one_request() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let units: Vec<Uuid> = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();
    let mut body = regular("2026-05", Duration::days(20), units, vec![]);
    body.main_reporter = Some("  联动中心主任 ".into());
    body.preliminary_analysis = Some("本月诉求总量平稳，加装电梯类重复来电上升。".into());
    let made = c.analyst.create_meeting(&body).await.unwrap().value;
    assert_eq!(made.meeting.main_reporter.as_deref(), Some("联动中心主任"));
    assert_eq!(
        made.meeting.preliminary_analysis.as_deref(),
        Some("本月诉求总量平稳，加装电梯类重复来电上升。")
    );
    let read = c.convener.meeting(made.meeting.id).await.unwrap().value;
    assert_eq!(read.meeting.main_reporter, made.meeting.main_reporter);
    // Blank is none, as when editing.
    let mut blank = regular("2026-06", Duration::days(50), vec![], vec![]);
    blank.main_reporter = Some("   ".into());
    let made = c.analyst.create_meeting(&blank).await.unwrap().value;
    assert_eq!(made.meeting.main_reporter, None);
}
