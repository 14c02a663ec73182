//! After the meeting (Art. 7): the briefing is drafted from the concluded meeting, reviewed,
//! issued with the next number, acknowledged by the recipient units, published for anyone, and
//! only then is the meeting reported; and everything it refuses.

use chrono::{Datelike, NaiveDate};
use futures_util::future::join_all;
use uuid::Uuid;
use yanpan_client::Client;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::documents::{document_xml, invited_meeting};
use crate::meetings::{Cast, cast, edit, start};

/// A meeting of three invited streets, held and concluded with one adopted conclusion whose
/// recommendation makes the first street responsible.
async fn concluded_meeting(c: &Cast) -> Uuid {
    let id = invited_meeting(c).await;
    start(&c.analyst, &c.convener, id).await;
    edit(
        &c.analyst,
        id,
        UpdateMeeting {
            minutes: Some("会议听取了联动指挥中心的汇报。".into()),
            ..Default::default()
        },
    )
    .await;
    let con = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "各街道加强夜间施工巡查。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![NewRecommendation {
                    measure: "建立夜间施工联合巡查机制".into(),
                    responsible_unit_id: c.reps[0].1.unit_id.unwrap(),
                    deadline: NaiveDate::from_ymd_opt(2030, 6, 30).unwrap(),
                }],
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

fn of_meeting(id: Uuid) -> CreateBriefing {
    CreateBriefing {
        kind: BriefingKind::Briefing,
        meeting_id: Some(id),
        corrects_id: None,
        title: None,
    }
}

fn code(e: &yanpan_client::ClientError) -> (u16, ProblemCode) {
    let p = e.problem().expect("a problem+json answer");
    (p.status, p.code)
}

async fn issue(c: &Cast, id: Uuid) -> Briefing {
    c.analyst
        .transition_briefing(id, BriefingStatus::InReview, None)
        .await
        .unwrap();
    c.convener
        .transition_briefing(id, BriefingStatus::Issued, None)
        .await
        .unwrap()
        .value
}

#[tokio::test]
async fn a_concluded_meeting_is_briefed_issued_acknowledged_published_and_then_reported() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let meeting = concluded_meeting(&c).await;
    let streets: Vec<Uuid> = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();

    // Without an issued briefing the meeting cannot be marked reported.
    let e = c
        .analyst
        .transition(meeting, MeetingStatus::Reported, None)
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::NoIssuedBriefing));

    // The draft is pre-filled from the meeting and goes to the leadership and the streets.
    let b = c
        .analyst
        .create_briefing(&of_meeting(meeting))
        .await
        .unwrap()
        .value;
    assert_eq!(b.status, BriefingStatus::Draft);
    assert_eq!(b.number, None);
    assert!(b.dynamics.contains("逐件听取整改情况"), "{}", b.dynamics);
    assert!(
        b.problems.contains("夜间施工噪音重复投诉"),
        "{}",
        b.problems
    );
    assert!(
        b.opinions.contains("各街道加强夜间施工巡查"),
        "{}",
        b.opinions
    );
    assert!(b.opinions.contains("建立夜间施工联合巡查机制"));
    assert!(b.opinions.contains("2030年6月30日"));
    let role_of = |b: &Briefing, unit: Uuid| {
        b.recipients
            .iter()
            .find(|r| r.unit_id == unit)
            .map(|r| r.role)
    };
    assert_eq!(role_of(&b, c.party_office.id), Some(RecipientRole::Report));
    for s in &streets {
        assert_eq!(role_of(&b, *s), Some(RecipientRole::Distribute));
    }

    // A draft is the command center's: units neither see nor list it.
    let rep = &c.reps[0].0;
    assert_eq!(
        rep.get_briefing(b.id).await.unwrap_err().status(),
        Some(404)
    );
    let listed = rep
        .list_briefings(&BriefingQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 0);

    // Only a convener issues, and only after review.
    let e = c
        .convener
        .transition_briefing(b.id, BriefingStatus::Issued, None)
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::InvalidTransition));
    c.analyst
        .transition_briefing(b.id, BriefingStatus::InReview, None)
        .await
        .unwrap();
    let e = c
        .analyst
        .transition_briefing(b.id, BriefingStatus::Issued, None)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    let issued = c
        .convener
        .transition_briefing(b.id, BriefingStatus::Issued, None)
        .await
        .unwrap()
        .value;
    let year = issued
        .issued_at
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .year();
    assert_eq!(issued.number, Some(1));
    assert_eq!(
        issued.issue_label.as_deref(),
        Some(format!("{year}年第1期").as_str())
    );

    // Issued never changes.
    let tagged = c.analyst.get_briefing(b.id).await.unwrap();
    let e = c
        .analyst
        .update_briefing(
            b.id,
            &tagged.etag,
            &UpdateBriefing {
                title: Some("改个标题".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::BriefingIssued));
    let e = c
        .analyst
        .delete_briefing(b.id, &tagged.etag)
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::BriefingIssued));
    assert_eq!(
        c.analyst.get_briefing(b.id).await.unwrap().value,
        tagged.value
    );

    // Not public until published; then readable without sign-in and in the feed.
    let anon = app.anonymous();
    assert_eq!(
        anon.get_public_briefing(b.id).await.unwrap_err().status(),
        Some(404)
    );
    assert_eq!(
        anon.get_briefing(b.id).await.unwrap_err().status(),
        Some(401)
    );
    c.convener.publish_briefing(b.id).await.unwrap();
    let public = anon.get_public_briefing(b.id).await.unwrap();
    assert_eq!(public.title, issued.title);
    assert_eq!(public.issue_label, format!("{year}年第1期"));
    let page = anon
        .list_public_briefings(PageParams::default())
        .await
        .unwrap();
    assert_eq!(page.items.iter().map(|p| p.id).collect::<Vec<_>>(), [b.id]);
    let (feed, kind) = anon.public_briefings_feed().await.unwrap();
    assert!(kind.unwrap().starts_with("application/atom+xml"));
    let feed = String::from_utf8(feed).unwrap();
    assert!(feed.contains(&format!("urn:uuid:{}", b.id)) && feed.contains(&issued.title));

    // Two of the three streets acknowledge; another street's representative does not see it.
    for (rep, _) in &c.reps[..2] {
        let b = rep.acknowledge_briefing(b.id).await.unwrap().value;
        assert!(b.acknowledged <= 2);
    }
    let first = c.reps[0].0.acknowledge_briefing(b.id).await.unwrap().value;
    let (outsider, _) = app.sign_in(Role::UnitRep).await;
    assert_eq!(
        outsider
            .acknowledge_briefing(b.id)
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );
    let seen = c.analyst.get_briefing(b.id).await.unwrap().value;
    assert_eq!(seen.acknowledged, 2);
    let ack_of = |unit: Uuid| {
        seen.recipients
            .iter()
            .find(|r| r.unit_id == unit)
            .unwrap()
            .acknowledged_at
    };
    assert!(ack_of(streets[0]).is_some() && ack_of(streets[1]).is_some());
    assert_eq!(ack_of(streets[2]), None);
    // Acknowledging again keeps the first time.
    assert_eq!(
        first
            .recipients
            .iter()
            .find(|r| r.unit_id == streets[0])
            .unwrap()
            .acknowledged_at,
        ack_of(streets[0])
    );

    // The official document: masthead, number, title, and the distribution block.
    let (docx, _) = c.reps[2].0.export_briefing(b.id).await.unwrap();
    let xml = document_xml(&docx);
    for text in [
        "平安365社会服务管理",
        "动态分析研判简报",
        &format!("{year}年第1期"),
        "报：",
        "发：",
        "印发",
        "建立夜间施工联合巡查机制",
    ] {
        assert!(xml.contains(text), "the document lacks {text}");
    }
    for s in &seen.recipients {
        assert!(
            xml.contains(&s.unit_name),
            "the document lacks {}",
            s.unit_name
        );
    }
    assert!(xml.contains("FF0000"), "the masthead is red");

    // Now the meeting is reported.
    let m = c
        .analyst
        .transition(meeting, MeetingStatus::Reported, None)
        .await
        .unwrap();
    assert_eq!(m.value.status, MeetingStatus::Reported);

    // A correction is a new issue naming the one it corrects; there is only one.
    let fix = c
        .analyst
        .create_briefing(&CreateBriefing {
            corrects_id: Some(b.id),
            ..of_meeting(meeting)
        })
        .await
        .unwrap()
        .value;
    assert_eq!(fix.opinions, issued.opinions);
    assert_eq!(fix.recipients.len(), issued.recipients.len());
    let e = c
        .analyst
        .create_briefing(&CreateBriefing {
            corrects_id: Some(b.id),
            ..of_meeting(meeting)
        })
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::AlreadyCorrected));
    let fix = issue(&c, fix.id).await;
    assert_eq!(fix.number, Some(2));
    assert_eq!(
        fix.corrects_label.as_deref(),
        Some(format!("{year}年第1期").as_str())
    );
    assert_eq!(
        c.analyst
            .get_briefing(b.id)
            .await
            .unwrap()
            .value
            .corrected_by_id,
        Some(fix.id)
    );
}

/// A special report standing alone, with its three sections written.
async fn written_report(c: &Cast, n: usize) -> Uuid {
    let b = c
        .analyst
        .create_briefing(&CreateBriefing {
            kind: BriefingKind::SpecialReport,
            meeting_id: None,
            corrects_id: None,
            title: Some(format!("关于老旧小区停车矛盾的专题报告（{n}）")),
        })
        .await
        .unwrap();
    let body = UpdateBriefing {
        dynamics: Some("近期停车类诉求上升。".into()),
        problems: Some("夜间停车位不足。".into()),
        opinions: Some("推行错时共享停车。".into()),
        ..Default::default()
    };
    c.analyst
        .update_briefing(b.value.id, &b.etag, &body)
        .await
        .unwrap();
    c.analyst
        .transition_briefing(b.value.id, BriefingStatus::InReview, None)
        .await
        .unwrap();
    b.value.id
}

#[tokio::test]
async fn briefings_issued_at_once_get_consecutive_numbers_without_gaps_or_duplicates() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let mut ids = Vec::new();
    for n in 0..8 {
        ids.push(written_report(&c, n).await);
    }
    // One that fails to issue (nothing to send it to) must not use up a number.
    let empty = written_report(&c, 99).await;
    c.convener
        .transition_briefing(empty, BriefingStatus::Draft, Some("先清空收文单位"))
        .await
        .unwrap();
    let draft = c.analyst.get_briefing(empty).await.unwrap();
    assert!(
        !draft.value.recipients.is_empty(),
        "a report has default recipients"
    );
    c.analyst
        .update_briefing(
            empty,
            &draft.etag,
            &UpdateBriefing {
                recipients: Some(vec![]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    c.analyst
        .transition_briefing(empty, BriefingStatus::InReview, None)
        .await
        .unwrap();
    let conveners: Vec<Client> = {
        let mut v = Vec::new();
        for _ in 0..4 {
            v.push(app.sign_in(Role::Convener).await.0);
        }
        v
    };
    let mut calls = Vec::new();
    for (i, id) in ids.iter().chain([&empty]).enumerate() {
        let who = &conveners[i % conveners.len()];
        calls.push(who.transition_briefing(*id, BriefingStatus::Issued, None));
    }
    let results = join_all(calls).await;
    let refused = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(code(refused), (409, ProblemCode::BriefingIncomplete));
    assert_eq!(refused.problem().unwrap().errors[0].field, "recipients");
    let mut numbers: Vec<i32> = results[..8]
        .iter()
        .map(|r| r.as_ref().unwrap().value.number.unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
    // The next one continues the sequence.
    let next = written_report(&c, 100).await;
    let b = c
        .convener
        .transition_briefing(next, BriefingStatus::Issued, None)
        .await
        .unwrap();
    assert_eq!(b.value.number, Some(9));
}

#[tokio::test]
async fn what_a_briefing_refuses_changes_nothing() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // A briefing needs a meeting, and one that has concluded.
    let e = c
        .analyst
        .create_briefing(&CreateBriefing {
            kind: BriefingKind::Briefing,
            meeting_id: None,
            corrects_id: None,
            title: Some("无会议".into()),
        })
        .await
        .unwrap_err();
    assert_eq!(code(&e), (422, ProblemCode::ValidationFailed));
    assert_eq!(e.problem().unwrap().errors[0].field, "meeting_id");
    let open = invited_meeting(&c).await;
    let e = c
        .analyst
        .create_briefing(&of_meeting(open))
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().errors[0].code, "not_concluded");
    // Units do not draft, and publishing needs an issued briefing.
    let meeting = concluded_meeting(&c).await;
    let e = c.reps[0]
        .0
        .create_briefing(&of_meeting(meeting))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    let b = c
        .analyst
        .create_briefing(&of_meeting(meeting))
        .await
        .unwrap();
    let rows = app.audit_rows().await;
    let e = c.convener.publish_briefing(b.value.id).await.unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::BriefingNotIssued));
    // Acknowledging a draft is not possible either (units do not even see it).
    let e = c.reps[0]
        .0
        .acknowledge_briefing(b.value.id)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    // Sending back needs a reason; issuing needs every section.
    c.analyst
        .transition_briefing(b.value.id, BriefingStatus::InReview, None)
        .await
        .unwrap();
    let rows_after_submit = app.audit_rows().await;
    assert_eq!(rows_after_submit, rows + 1);
    let e = c
        .convener
        .transition_briefing(b.value.id, BriefingStatus::Draft, None)
        .await
        .unwrap_err();
    assert_eq!(e.problem().unwrap().errors[0].field, "reason");
    c.convener
        .transition_briefing(b.value.id, BriefingStatus::Draft, Some("请补充存在问题"))
        .await
        .unwrap();
    let t = c.analyst.get_briefing(b.value.id).await.unwrap();
    assert_eq!(t.value.return_reason.as_deref(), Some("请补充存在问题"));
    c.analyst
        .update_briefing(
            b.value.id,
            &t.etag,
            &UpdateBriefing {
                problems: Some("  ".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    c.analyst
        .transition_briefing(b.value.id, BriefingStatus::InReview, None)
        .await
        .unwrap();
    let before = c.analyst.get_briefing(b.value.id).await.unwrap().value;
    let e = c
        .convener
        .transition_briefing(b.value.id, BriefingStatus::Issued, None)
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, ProblemCode::BriefingIncomplete));
    assert_eq!(e.problem().unwrap().errors[0].field, "problems");
    assert_eq!(
        c.analyst.get_briefing(b.value.id).await.unwrap().value,
        before
    );
    // A recipient listed twice, or a unit that does not exist, is named.
    let t = c.analyst.get_briefing(b.value.id).await.unwrap();
    let unit = c.reps[0].1.unit_id.unwrap();
    let twice = UpdateBriefing {
        recipients: Some(vec![
            RecipientInput {
                unit_id: unit,
                role: RecipientRole::Distribute,
            },
            RecipientInput {
                unit_id: unit,
                role: RecipientRole::Send,
            },
        ]),
        ..Default::default()
    };
    let e = c
        .analyst
        .update_briefing(b.value.id, &t.etag, &twice)
        .await
        .unwrap_err();
    assert_eq!(
        e.problem().unwrap().errors[0].field,
        "recipients[1].unit_id"
    );
    let unknown = UpdateBriefing {
        recipients: Some(vec![RecipientInput {
            unit_id: Uuid::now_v7(),
            role: RecipientRole::Send,
        }]),
        ..Default::default()
    };
    let e = c
        .analyst
        .update_briefing(b.value.id, &t.etag, &unknown)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert_eq!(
        c.analyst.get_briefing(b.value.id).await.unwrap().value,
        before
    );
}
