//! Supervision of recommendations (Art. 8.4): an adopted conclusion's recommendations become
//! tasks of their units, which report them done; the command center verifies or returns them;
//! overdue is judged by the working-day calendar; a corrected conclusion withdraws what was not
//! done.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use uuid::Uuid;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::documents::invited_meeting;
use crate::meetings::{cast, start};

fn saturday_after(d: NaiveDate) -> NaiveDate {
    let mut d = d;
    while d.weekday() != Weekday::Sat {
        d = d + Days::new(1);
    }
    d
}

#[tokio::test]
async fn recommendations_become_tasks_that_units_report_and_the_command_center_checks() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = |i: usize| c.reps[i].1.unit_id.unwrap();
    let meeting = invited_meeting(&c).await;
    start(&c.analyst, &c.convener, meeting).await;
    // Due on a Saturday: the task is due the Monday after. The other was due long ago.
    let saturday = saturday_after(NaiveDate::from_ymd_opt(2030, 6, 1).unwrap());
    let long_ago = NaiveDate::from_ymd_opt(2020, 1, 6).unwrap();
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "加强老旧小区停车管理。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![
                    NewRecommendation {
                        measure: "开展错时停车试点".into(),
                        responsible_unit_id: unit(0),
                        deadline: saturday,
                    },
                    NewRecommendation {
                        measure: "清理僵尸车".into(),
                        responsible_unit_id: unit(1),
                        deadline: long_ago,
                    },
                ],
            },
        )
        .await
        .unwrap();
    // Nothing is followed up before the conclusion is adopted.
    let q = TaskQuery {
        meeting_id: Some(meeting),
        ..Default::default()
    };
    let none = c
        .analyst
        .list_supervision_tasks(&q, PageParams::default())
        .await
        .unwrap();
    assert_eq!(none.total, 0);
    c.convener.adopt_conclusion(con.id).await.unwrap();

    let all = c
        .analyst
        .list_supervision_tasks(&q, PageParams::default())
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    let (late, parking) = (&all.items[0], &all.items[1]);
    assert_eq!(late.measure, "清理僵尸车");
    assert_eq!(parking.unit_id, unit(0));
    assert_eq!(parking.status, TaskStatus::Open);
    assert_eq!(parking.deadline, saturday);
    assert_eq!(parking.due_on, saturday + Days::new(2));
    assert!(!parking.overdue);
    assert!(late.overdue);

    // Each unit sees and works only its own task.
    let rep0 = &c.reps[0].0;
    let mine = rep0
        .list_supervision_tasks(&TaskQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(
        mine.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        [parking.id]
    );
    assert_eq!(
        rep0.get_supervision_task(late.id)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    let e = rep0
        .transition_supervision_task(late.id, TaskStatus::Done, Some("不是我的"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    assert_eq!(
        c.analyst
            .get_supervision_task(late.id)
            .await
            .unwrap()
            .value
            .status,
        TaskStatus::Open
    );

    // The unit takes it up and reports, with what it did.
    rep0.transition_supervision_task(parking.id, TaskStatus::InProgress, None)
        .await
        .unwrap();
    let e = rep0
        .transition_supervision_task(parking.id, TaskStatus::Done, None)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(e.problem().unwrap().errors[0].field, "note");
    let report = "已在3个小区开展错时停车试点，新增车位120个。";
    let done = rep0
        .transition_supervision_task(parking.id, TaskStatus::Done, Some(report))
        .await
        .unwrap()
        .value;
    assert_eq!(done.report.as_deref(), Some(report));
    assert!(!done.done_late);
    // Only the command center verifies; the convener does not move tasks.
    let e = rep0
        .transition_supervision_task(parking.id, TaskStatus::Verified, None)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    let e = c
        .convener
        .transition_supervision_task(parking.id, TaskStatus::Verified, None)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    let verified = c
        .analyst
        .transition_supervision_task(parking.id, TaskStatus::Verified, None)
        .await
        .unwrap()
        .value;
    assert!(verified.verified_at.is_some());
    assert_eq!(
        verified.history.iter().map(|h| h.to).collect::<Vec<_>>(),
        [
            TaskStatus::Open,
            TaskStatus::InProgress,
            TaskStatus::Done,
            TaskStatus::Verified
        ]
    );
    assert_eq!(verified.history[2].note.as_deref(), Some(report));
    // Who moved it, by the name people know them by (not the sign-in name).
    let rep_name = rep0.me().await.unwrap().value.display_name;
    assert_eq!(
        verified.history[2].actor_name.as_deref(),
        Some(rep_name.as_str())
    );
    let e = c
        .analyst
        .transition_supervision_task(parking.id, TaskStatus::InProgress, Some("再看看"))
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code, ProblemCode::InvalidTransition);

    // The late one: only it is listed as overdue; reported late, returned with a reason.
    let overdue = c
        .analyst
        .list_supervision_tasks(
            &TaskQuery {
                overdue: Some(true),
                ..q.clone()
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        overdue.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        [late.id]
    );
    let rep1 = &c.reps[1].0;
    let reported = rep1
        .transition_supervision_task(late.id, TaskStatus::Done, Some("已清理"))
        .await
        .unwrap()
        .value;
    assert!(reported.done_late && !reported.overdue);
    let e = c
        .analyst
        .transition_supervision_task(late.id, TaskStatus::InProgress, None)
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().errors[0].field, "note");
    let returned = c
        .analyst
        .transition_supervision_task(late.id, TaskStatus::InProgress, Some("现场仍有僵尸车3辆"))
        .await
        .unwrap()
        .value;
    assert_eq!(returned.returned_count, 1);
    assert_eq!(returned.return_reason.as_deref(), Some("现场仍有僵尸车3辆"));
    assert!(returned.overdue);

    // A corrected conclusion withdraws what was not done; what was verified stays.
    let fix = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "加强老旧小区停车管理（更正）。".into(),
                agenda_item_id: None,
                supersedes_id: Some(con.id),
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    let rows = app.audit_rows().await;
    c.convener.adopt_conclusion(fix.id).await.unwrap();
    assert_eq!(
        app.audit_rows().await,
        rows + 2,
        "the adoption and the withdrawal"
    );
    let after = c
        .analyst
        .list_supervision_tasks(&q, PageParams::default())
        .await
        .unwrap();
    let status_of = |id: Uuid| after.items.iter().find(|t| t.id == id).unwrap().status;
    assert_eq!(status_of(late.id), TaskStatus::Withdrawn);
    assert_eq!(status_of(parking.id), TaskStatus::Verified);
}

#[tokio::test]
async fn a_unit_that_failed_its_tasks_is_referred_and_sees_the_outcome_not_the_deliberation() {
    use sha2::Digest;
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = |i: usize| c.reps[i].1.unit_id.unwrap();
    let meeting = invited_meeting(&c).await;
    start(&c.analyst, &c.convener, meeting).await;
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "限期整改。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![
                    NewRecommendation {
                        measure: "拆除违建".into(),
                        responsible_unit_id: unit(1),
                        deadline: NaiveDate::from_ymd_opt(2020, 3, 2).unwrap(),
                    },
                    NewRecommendation {
                        measure: "整治噪音".into(),
                        responsible_unit_id: unit(0),
                        deadline: NaiveDate::from_ymd_opt(2030, 3, 4).unwrap(),
                    },
                ],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    let (late, fine) = (con.recommendations[0].id, con.recommendations[1].id);

    // No evidence, someone else's task, a task that has not failed: refused, nothing stored.
    let refer = |unit_id: Uuid, task_ids: Vec<Uuid>| CreateReferral {
        unit_id,
        task_ids,
        reason: "督办任务逾期未办结".into(),
    };
    let e = c
        .analyst
        .create_referral(&refer(unit(1), vec![]))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(e.problem().unwrap().errors[0].field, "task_ids");
    let e = c
        .analyst
        .create_referral(&refer(unit(1), vec![fine]))
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().errors[0].code, "not_of_unit");
    let e = c
        .analyst
        .create_referral(&refer(unit(0), vec![fine]))
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().errors[0].code, "not_failed");
    let listed = c
        .analyst
        .list_referrals(&ReferralQuery::default(), PageParams::default())
        .await;
    assert_eq!(listed.unwrap().total, 0);
    // Units do not refer.
    let e = c.reps[0]
        .0
        .create_referral(&refer(unit(1), vec![late]))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));

    // The overdue task is the evidence, frozen with its fingerprint.
    let r = c
        .analyst
        .create_referral(&refer(unit(1), vec![late]))
        .await
        .unwrap()
        .value;
    assert_eq!(r.status, ReferralStatus::Submitted);
    assert_eq!(r.task_ids, [late]);
    assert_eq!(
        r.evidence_sha256,
        hex::encode(sha2::Sha256::digest(r.evidence_json.as_bytes()))
    );
    assert!(r.evidence_intact);
    let evidence: serde_json::Value = serde_json::from_str(&r.evidence_json).unwrap();
    assert_eq!(evidence["tasks"][0]["measure"], "拆除违建");
    assert_eq!(evidence["tasks"][0]["history"][0]["to"], "open");
    // Later changes to the task do not change the frozen evidence.
    c.reps[1]
        .0
        .transition_supervision_task(late, TaskStatus::InProgress, None)
        .await
        .unwrap();
    let again = c.analyst.get_referral(r.id).await.unwrap().value;
    assert_eq!(again.evidence_json, r.evidence_json);

    // The discipline commission accepts and closes it; nobody else may.
    let (inspector, _) = app.sign_in(Role::Inspector).await;
    let close = CloseReferral {
        findings: "经核查，该街道对督办事项重视不够，未按期整改。".into(),
        outcome: ReferralOutcome::Interview,
        outcome_note: Some("对街道分管负责人进行约谈".into()),
    };
    assert_eq!(
        c.analyst.accept_referral(r.id).await.unwrap_err().status(),
        Some(403)
    );
    let e = inspector.close_referral(r.id, &close).await.unwrap_err();
    assert_eq!(e.problem().unwrap().code, ProblemCode::InvalidTransition);
    inspector.accept_referral(r.id).await.unwrap();
    let closed = inspector.close_referral(r.id, &close).await.unwrap().value;
    assert_eq!(closed.status, ReferralStatus::Closed);
    assert_eq!(closed.outcome, Some(ReferralOutcome::Interview));
    // An outcome on a closed referral: refused, nothing changed.
    let other = CloseReferral {
        outcome: ReferralOutcome::NoAction,
        ..close.clone()
    };
    let e = inspector.close_referral(r.id, &other).await.unwrap_err();
    assert_eq!(e.problem().unwrap().code, ProblemCode::ReferralClosed);
    assert_eq!(inspector.get_referral(r.id).await.unwrap().value, closed);

    // The referred unit sees that it was referred and the outcome, not the findings; other
    // units see nothing.
    let seen = c.reps[1].0.get_referral(r.id).await.unwrap().value;
    assert_eq!(seen.outcome, Some(ReferralOutcome::Interview));
    assert_eq!(
        seen.outcome_note.as_deref(),
        Some("对街道分管负责人进行约谈")
    );
    assert_eq!(seen.findings, None);
    assert!(closed.findings.is_some());
    assert_eq!(
        c.reps[0].0.get_referral(r.id).await.unwrap_err().status(),
        Some(404)
    );
    let theirs = c.reps[0]
        .0
        .list_referrals(&ReferralQuery::default(), PageParams::default())
        .await;
    assert_eq!(theirs.unwrap().total, 0);
}

#[tokio::test]
async fn units_hear_of_their_tasks_and_are_reminded_once_and_the_platform_reads_it_all_in_order() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit0 = c.reps[0].1.unit_id.unwrap();
    let meeting = invited_meeting(&c).await;
    start(&c.analyst, &c.convener, meeting).await;
    // Due on a Wednesday far ahead: reminded from the Friday before (three working days).
    let wednesday = {
        let mut d = NaiveDate::from_ymd_opt(2031, 3, 1).unwrap();
        while d.weekday() != Weekday::Wed {
            d = d + Days::new(1);
        }
        d
    };
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "整改".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![NewRecommendation {
                    measure: "开展错时停车试点".into(),
                    responsible_unit_id: unit0,
                    deadline: wednesday,
                }],
            },
        )
        .await
        .unwrap();
    let integration = app.integration().await;
    let before = integration
        .list_outbox(&OutboxQuery::default())
        .await
        .unwrap();
    let after_seq = before.last().map_or(0, |e| e.seq);
    c.convener.adopt_conclusion(con.id).await.unwrap();
    let task = con.recommendations[0].id;

    // The unit's representative hears of it; other units do not.
    let rep0 = &c.reps[0].0;
    assert_eq!(rep0.unread_notifications().await.unwrap().unread, 1);
    let page = rep0
        .list_notifications(&NotificationQuery::default(), PageParams::default())
        .await
        .unwrap();
    let n = &page.items[0];
    assert_eq!(
        (n.kind, n.entity_id),
        (NotificationKind::TaskAssigned, task)
    );
    assert!(n.title.contains("开展错时停车试点"));
    assert_eq!(n.link, format!("/supervision-tasks/{task}"));
    assert_eq!(c.reps[1].0.unread_notifications().await.unwrap().unread, 0);
    // Someone else cannot mark it read.
    let e = c.reps[1].0.read_notification(n.id).await.unwrap_err();
    assert_eq!(e.status(), Some(404));
    assert!(
        rep0.read_notification(n.id)
            .await
            .unwrap()
            .read_at
            .is_some()
    );
    assert_eq!(rep0.unread_notifications().await.unwrap().unread, 0);

    // Reminders: not before the Friday; on it once; once overdue, once more.
    let friday = wednesday - Days::new(5);
    let send = |today: NaiveDate| {
        let db = app.db.clone();
        async move {
            yanpan_server::services::supervision::send_reminders(&db, today)
                .await
                .unwrap()
        }
    };
    assert_eq!(send(friday - Days::new(1)).await, 0);
    assert_eq!(send(friday).await, 1);
    assert_eq!(send(friday + Days::new(1)).await, 0);
    assert_eq!(send(wednesday).await, 0, "due today is not overdue");
    assert_eq!(send(wednesday + Days::new(1)).await, 1);
    assert_eq!(send(wednesday + Days::new(2)).await, 0);
    let kinds: Vec<NotificationKind> = rep0
        .list_notifications(
            &NotificationQuery { unread: Some(true) },
            PageParams::default(),
        )
        .await
        .unwrap()
        .items
        .iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(
        kinds,
        [NotificationKind::TaskOverdue, NotificationKind::TaskDueSoon]
    );

    // The unit reports; the command center hears of it.
    rep0.transition_supervision_task(task, TaskStatus::Done, Some("已完成"))
        .await
        .unwrap();
    let analyst_sees = c
        .analyst
        .list_notifications(&NotificationQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(analyst_sees.items[0].kind, NotificationKind::TaskReported);
    assert_eq!(rep0.read_all_notifications().await.unwrap().unread, 0);
    assert_eq!(rep0.unread_notifications().await.unwrap().unread, 0);

    // The platform reads the same events once each, in order, and reads on from where it was.
    let events = integration
        .list_outbox(&OutboxQuery {
            after: Some(after_seq),
            limit: None,
        })
        .await
        .unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            NotificationKind::TaskAssigned,
            NotificationKind::TaskDueSoon,
            NotificationKind::TaskOverdue,
            NotificationKind::TaskReported
        ]
    );
    assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(events[0].unit_ids, [unit0]);
    let rest = integration
        .list_outbox(&OutboxQuery {
            after: Some(events[1].seq),
            limit: Some(1),
        })
        .await
        .unwrap();
    assert_eq!(
        rest.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [events[2].seq]
    );
    // People do not read the outbox.
    assert_eq!(
        rep0.list_outbox(&OutboxQuery::default())
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
}

#[tokio::test]
async fn a_special_supervision_checks_a_group_of_tasks_and_each_unit_sees_its_own() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = |i: usize| c.reps[i].1.unit_id.unwrap();
    let meeting = invited_meeting(&c).await;
    start(&c.analyst, &c.convener, meeting).await;
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "开展停车整治。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: (0..2)
                    .map(|i| NewRecommendation {
                        measure: format!("停车整治{i}"),
                        responsible_unit_id: unit(i),
                        deadline: NaiveDate::from_ymd_opt(2030, 9, 30).unwrap(),
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    let tasks: Vec<Uuid> = con.recommendations.iter().map(|r| r.id).collect();

    // A task named twice or unknown is named; units do not start inspections.
    let body = |task_ids: Vec<Uuid>| CreateInspection {
        name: "老旧小区停车整治专项督查".into(),
        description: None,
        task_ids,
    };
    let e = c
        .analyst
        .create_inspection(&body(vec![tasks[0], tasks[0], Uuid::now_v7()]))
        .await
        .unwrap_err();
    let fields: Vec<_> = e
        .problem()
        .unwrap()
        .errors
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("task_ids[1]".to_owned(), "duplicate".to_owned()),
            ("task_ids[2]".to_owned(), "unknown".to_owned())
        ]
    );
    assert_eq!(
        c.reps[0]
            .0
            .create_inspection(&body(tasks.clone()))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    let i = c
        .analyst
        .create_inspection(&body(tasks.clone()))
        .await
        .unwrap()
        .value;
    assert_eq!(i.items.len(), 2);
    assert!(i.items.iter().all(|t| t.finding.is_none()));

    let finding = RecordFinding {
        finding: "现场抽查3个小区，错时停车已落实。".into(),
    };
    let after = c
        .analyst
        .record_inspection_finding(i.id, tasks[0], &finding)
        .await
        .unwrap()
        .value;
    let item = after.items.iter().find(|t| t.task_id == tasks[0]).unwrap();
    assert_eq!(item.finding.as_deref(), Some(finding.finding.as_str()));
    assert!(item.checked_at.is_some());
    // A task outside the inspection: not found.
    let e = c
        .analyst
        .record_inspection_finding(i.id, Uuid::now_v7(), &finding)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));

    // Each unit sees its own task in it, not the other's; an outsider sees nothing.
    let mine = c.reps[1].0.get_inspection(i.id).await.unwrap().value;
    assert_eq!(
        mine.items.iter().map(|t| t.task_id).collect::<Vec<_>>(),
        [tasks[1]]
    );
    let (outsider, _) = app.sign_in(Role::UnitRep).await;
    assert_eq!(
        outsider.get_inspection(i.id).await.unwrap_err().status(),
        Some(404)
    );
    assert_eq!(
        outsider
            .list_inspections(PageParams::default())
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        c.reps[0]
            .0
            .list_inspections(PageParams::default())
            .await
            .unwrap()
            .total,
        1
    );
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

#[tokio::test]
async fn a_unit_reports_a_task_with_its_files_and_only_its_own_files() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = |i: usize| c.reps[i].1.unit_id.unwrap();
    let meeting = invited_meeting(&c).await;
    start(&c.analyst, &c.convener, meeting).await;
    let deadline = NaiveDate::from_ymd_opt(2030, 6, 3).unwrap();
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "整治占道经营。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![
                    NewRecommendation {
                        measure: "清理占道摊点".into(),
                        responsible_unit_id: unit(0),
                        deadline,
                    },
                    NewRecommendation {
                        measure: "设置疏导点".into(),
                        responsible_unit_id: unit(1),
                        deadline,
                    },
                ],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    let q = TaskQuery {
        meeting_id: Some(meeting),
        ..Default::default()
    };
    let tasks = c
        .analyst
        .list_supervision_tasks(&q, PageParams::default())
        .await
        .unwrap()
        .items;
    let mine = tasks.iter().find(|t| t.unit_id == unit(0)).unwrap().id;
    let theirs = tasks.iter().find(|t| t.unit_id == unit(1)).unwrap().id;
    let (rep0, rep1) = (&c.reps[0].0, &c.reps[1].0);

    // The unit uploads the record of its work; a retried upload is the same file.
    let file = rep0
        .upload_task_attachment(mine, "整治台账.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    let again = rep0
        .upload_task_attachment(mine, "整治台账.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    assert_eq!(again.id, file.id);
    assert_eq!(file.unit_id, Some(unit(0)));
    // Another unit cannot upload to it (it does not see it), nor can the command center.
    let e = rep1
        .upload_task_attachment(mine, "x.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    let e = c
        .analyst
        .upload_task_attachment(mine, "x.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    // The other unit cannot report its own task with this unit's file: 422 names it, nothing moves.
    let other = rep1
        .upload_task_attachment(theirs, "疏导点.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    rep1.transition_supervision_task(theirs, TaskStatus::InProgress, None)
        .await
        .unwrap();
    let e = rep1
        .transition_supervision_task_with(
            theirs,
            &TaskTransition {
                to: TaskStatus::Done,
                note: Some("已设置疏导点".into()),
                attachment_ids: vec![other.id, file.id],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    let errors = e.problem().unwrap().errors.clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].field.starts_with("attachment_ids["));
    let t = c.analyst.get_supervision_task(theirs).await.unwrap().value;
    assert_eq!(t.status, TaskStatus::InProgress);
    assert!(t.attachments.is_empty());
    // Files go with a report only.
    let e = rep0
        .transition_supervision_task_with(
            mine,
            &TaskTransition {
                to: TaskStatus::InProgress,
                note: None,
                attachment_ids: vec![file.id],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(e.problem().unwrap().errors[0].field, "attachment_ids");

    // The report with its file: the task carries it, the command center downloads it.
    rep0.transition_supervision_task(mine, TaskStatus::InProgress, None)
        .await
        .unwrap();
    let done = rep0
        .transition_supervision_task_with(
            mine,
            &TaskTransition {
                to: TaskStatus::Done,
                note: Some("已清理占道摊点32处，见台账。".into()),
                attachment_ids: vec![file.id, file.id],
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(
        done.attachments.iter().map(|a| a.id).collect::<Vec<_>>(),
        [file.id]
    );
    let (bytes, _) = c.analyst.download(file.id).await.unwrap();
    assert_eq!(bytes, PDF);
    // The other unit cannot read it.
    assert!(rep1.download(file.id).await.is_err());
    // Reported: its files no longer change until it is returned.
    let e = rep0
        .upload_task_attachment(
            mine,
            "补充.pdf",
            "application/pdf",
            b"%PDF-1.4\n%%EOF\n".to_vec(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
    // Returned and reported again with the same file and one more: both, once each.
    c.analyst
        .transition_supervision_task(mine, TaskStatus::InProgress, Some("请补充整改前后照片"))
        .await
        .unwrap();
    let more = rep0
        .upload_task_attachment(
            mine,
            "补充.pdf",
            "application/pdf",
            b"%PDF-1.4\n%%EOF\n".to_vec(),
        )
        .await
        .unwrap();
    let again = rep0
        .transition_supervision_task_with(
            mine,
            &TaskTransition {
                to: TaskStatus::Done,
                note: Some("已补充材料。".into()),
                attachment_ids: vec![file.id, more.id],
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(
        again.attachments.iter().map(|a| a.id).collect::<Vec<_>>(),
        [file.id, more.id]
    );
    let listed = c
        .analyst
        .list_supervision_tasks(&q, PageParams::default())
        .await
        .unwrap();
    let row = listed.items.iter().find(|t| t.id == mine).unwrap();
    assert_eq!(row.attachments.len(), 2);
}
