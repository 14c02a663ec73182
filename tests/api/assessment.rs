//! The annual assessment (Art. 11): a year's meetings, submissions, supervision tasks and
//! referrals counted per unit, scored by the year's rule, ranked, drillable, exported, and
//! frozen once published.

use chrono::{Datelike, NaiveDate};
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::documents::{cells, invited_meeting};
use crate::meetings::{cast, edit, start};

#[tokio::test]
async fn the_year_ranks_the_units_by_what_they_did_and_is_frozen_once_published() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = |i: usize| c.reps[i].1.unit_id.unwrap();
    let meeting = invited_meeting(&c).await;
    let m = c.analyst.meeting(meeting).await.unwrap().value.meeting;
    // The year of the meeting; every task is due on its last day, which lies ahead.
    let year = (m.starts_at + chrono::Duration::hours(8)).year();
    let last_day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();

    // Streets 0 and 2 submit on time; street 1 does not.
    for i in [0, 2] {
        c.reps[i]
            .0
            .submit(
                meeting,
                &CreateSubmission {
                    opinion: "本街道研判意见".into(),
                    attachment_ids: vec![],
                },
            )
            .await
            .unwrap();
    }
    start(&c.analyst, &c.convener, meeting).await;
    // Street 0 present, street 1 absent, street 2 excused.
    let entry = |i: usize, attendance: Attendance| AttendanceEntry {
        unit_id: unit(i),
        attendance,
        reason: (attendance == Attendance::Excused).then(|| "参加市里会议".into()),
        attendees: vec![],
        version: None,
    };
    c.analyst
        .record_attendance_batch(
            meeting,
            &RecordAttendanceBatch {
                entries: vec![
                    entry(0, Attendance::Present),
                    entry(1, Attendance::Absent),
                    entry(2, Attendance::Excused),
                ],
            },
        )
        .await
        .unwrap();
    edit(
        &c.analyst,
        meeting,
        UpdateMeeting {
            minutes: Some("会议记录".into()),
            ..Default::default()
        },
    )
    .await;
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "限期整改。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: (0..2)
                    .map(|i| NewRecommendation {
                        measure: format!("整改事项{i}"),
                        responsible_unit_id: unit(i),
                        deadline: last_day,
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    c.convener
        .transition(meeting, MeetingStatus::Concluded, None)
        .await
        .unwrap();
    let (task0, task1) = (con.recommendations[0].id, con.recommendations[1].id);
    // Street 0 reports and is verified; street 1's report is returned twice, then referred and
    // the discipline commission interviews its leaders.
    c.reps[0]
        .0
        .transition_supervision_task(task0, TaskStatus::Done, Some("已完成"))
        .await
        .unwrap();
    c.analyst
        .transition_supervision_task(task0, TaskStatus::Verified, None)
        .await
        .unwrap();
    for _ in 0..2 {
        c.reps[1]
            .0
            .transition_supervision_task(task1, TaskStatus::Done, Some("已完成"))
            .await
            .unwrap();
        c.analyst
            .transition_supervision_task(task1, TaskStatus::InProgress, Some("未整改到位"))
            .await
            .unwrap();
    }
    let r = c
        .analyst
        .create_referral(&CreateReferral {
            unit_id: unit(1),
            task_ids: vec![task1],
            reason: "两次退回仍未整改".into(),
        })
        .await
        .unwrap()
        .value;
    let (inspector, _) = app.sign_in(Role::Inspector).await;
    inspector.accept_referral(r.id).await.unwrap();
    inspector
        .close_referral(
            r.id,
            &CloseReferral {
                findings: "重视不够".into(),
                outcome: ReferralOutcome::Interview,
                outcome_note: None,
            },
        )
        .await
        .unwrap();

    // Before publication the units do not see the ranking.
    assert_eq!(
        c.reps[0]
            .0
            .get_assessment(year, None)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    let a = c.convener.get_assessment(year, None).await.unwrap();
    assert_eq!(a.rule.version, 0, "the default rule");
    assert_eq!(a.published_at, None);
    let row = |a: &Assessment, i: usize| {
        a.rows
            .iter()
            .find(|r| r.unit_id == unit(i))
            .unwrap()
            .clone()
    };
    let (s0, s1, s2) = (row(&a, 0), row(&a, 1), row(&a, 2));
    assert_eq!(
        (
            s0.counts.present,
            s0.counts.submissions_on_time,
            s0.counts.tasks_on_time
        ),
        (1, 1, 1)
    );
    assert_eq!((s0.score, s0.rank), (100.0, 1));
    // Excused is not counted against street 2; it submitted on time and had no task.
    assert_eq!(s2.attendance_rate, None);
    assert_eq!((s2.score, s2.rank), (100.0, 1));
    assert_eq!(
        (
            s1.counts.absent,
            s1.counts.submissions_missing,
            s1.counts.tasks_returned
        ),
        (1, 1, 2)
    );
    assert_eq!((s1.counts.referrals, s1.counts.referrals_interview), (1, 1));
    // Two returns (1 each) and an interview (3).
    assert_eq!(
        (s1.base, s1.deductions, s1.score, s1.rank),
        (0.0, 5.0, 0.0, 3)
    );

    // Every number leads to its records.
    let d = c
        .analyst
        .get_assessment_unit(year, unit(1), None)
        .await
        .unwrap();
    assert_eq!(d.meetings.len(), 1);
    assert_eq!(d.meetings[0].attendance, Some(Attendance::Absent));
    assert_eq!(d.meetings[0].submission, SubmissionState::Missing);
    assert_eq!(
        d.tasks
            .iter()
            .map(|t| (t.task_id, t.returned_count))
            .collect::<Vec<_>>(),
        [(task1, 2)]
    );
    assert_eq!(d.referrals[0].outcome, Some(ReferralOutcome::Interview));

    // A new version of the rule changes the scores; only administrators set it.
    let stricter = AssessmentRule {
        per_interview: 10.0,
        attendance_weight: 0,
        ..AssessmentRule::default()
    };
    assert_eq!(
        c.convener
            .set_assessment_rule(year, &stricter)
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    let v1 = app
        .admin
        .set_assessment_rule(year, &stricter)
        .await
        .unwrap();
    assert_eq!(v1.value.version, 1);
    let a = c.convener.get_assessment(year, None).await.unwrap();
    assert_eq!(a.rule.version, 1);
    assert_eq!(row(&a, 1).deductions, 12.0);

    // Published: frozen, readable by the units, and the rule can no longer change.
    let published = app.admin.publish_assessment(year).await.unwrap();
    assert!(published.published_at.is_some());
    let e = app
        .admin
        .set_assessment_rule(year, &AssessmentRule::default())
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().code, ProblemCode::AssessmentPublished);
    let e = app.admin.publish_assessment(year).await.unwrap_err();
    assert_eq!(e.problem().unwrap().code, ProblemCode::AssessmentPublished);
    let seen = c.reps[1].0.get_assessment(year, None).await.unwrap();
    assert_eq!(seen.rows, published.rows);
    // A unit's representative drills into its own line only.
    assert_eq!(
        c.reps[1]
            .0
            .get_assessment_unit(year, unit(0), None)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    c.reps[1]
        .0
        .get_assessment_unit(year, unit(1), None)
        .await
        .unwrap();

    // Later events do not move the published year.
    c.reps[1]
        .0
        .transition_supervision_task(task1, TaskStatus::Done, Some("终于完成"))
        .await
        .unwrap();
    assert_eq!(
        c.convener.get_assessment(year, None).await.unwrap().rows,
        published.rows
    );

    // The export reads back with the same numbers.
    let (xlsx, kind) = c
        .convener
        .export_assessment(year, None, TableFormat::Xlsx)
        .await
        .unwrap();
    assert!(kind.unwrap().contains("spreadsheetml"));
    let sheet = cells(xlsx, "年度考核");
    assert!(sheet[0][0].contains(&format!("{year}年度目标管理考核排名")));
    for r in &published.rows {
        let line = sheet
            .iter()
            .find(|l| l.get(1) == Some(&r.unit_name))
            .unwrap();
        assert_eq!(line[0], r.rank.to_string());
        assert_eq!(line[line.len() - 1].parse::<f64>().unwrap(), r.score);
        assert_eq!(line[line.len() - 2].parse::<f64>().unwrap(), r.deductions);
    }
    let (csv, _) = c
        .convener
        .export_assessment(year, None, TableFormat::Csv)
        .await
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 2 + published.rows.len());
}
