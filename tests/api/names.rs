//! Names beside ids (issue 13 §3): records name the units and people they refer to, so that an
//! analyst or a script that cannot look users up can still say who did what.

use chrono::Duration;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::meetings::{cast, item, regular};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

#[tokio::test]
async fn records_carry_the_names_of_their_units_people_and_meetings() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (rep, rep_user) = &c.reps[0];
    let unit = rep_user.unit_id.unwrap();
    let unit_name = c.analyst.unit(unit).await.unwrap().value.name;
    let rep_name = rep.me().await.unwrap().value.display_name;
    let convener_name = c.convener.me().await.unwrap().value.display_name;
    let analyst_name = c.analyst.me().await.unwrap().value.display_name;

    let m = c
        .convener
        .create_meeting(&regular(
            "2026-10",
            Duration::days(10),
            vec![unit],
            vec![c.party_office.id],
        ))
        .await
        .unwrap()
        .value
        .meeting;
    // An item presented by the street.
    let mut poor = item(
        AgendaCategory::PoorDisposal,
        "望江街道群租房消防隐患处置不力",
    );
    poor.presenting_unit_id = Some(unit);
    let poor = c
        .analyst
        .create_agenda_item(m.id, &poor)
        .await
        .unwrap()
        .value;
    assert_eq!(
        poor.presenting_unit_name.as_deref(),
        Some(unit_name.as_str())
    );
    let listed = c.analyst.agenda(m.id).await.unwrap();
    assert_eq!(
        listed[0].presenting_unit_name.as_deref(),
        Some(unit_name.as_str())
    );

    // The street's file and analysis.
    let file = rep
        .upload(m.id, "研判意见.pdf", "application/pdf", PDF.to_vec())
        .await
        .unwrap();
    assert_eq!(file.unit_name.as_deref(), Some(unit_name.as_str()));
    rep.submit(
        m.id,
        &CreateSubmission {
            opinion: "本月群租房隐患集中在老旧小区".into(),
            attachment_ids: vec![file.id],
        },
    )
    .await
    .unwrap();
    let s = &c.analyst.submissions(m.id).await.unwrap()[0];
    assert_eq!(
        (s.unit_name.as_str(), s.submitted_by_name.as_str()),
        (unit_name.as_str(), rep_name.as_str())
    );
    assert_eq!(
        s.attachments[0].unit_name.as_deref(),
        Some(unit_name.as_str())
    );

    // A conclusion with the street's recommendation, adopted by the convener.
    let con = c
        .analyst
        .create_conclusion(
            m.id,
            &CreateConclusion {
                text: "由望江街道牵头开展群租房消防整治".into(),
                agenda_item_id: Some(poor.id),
                supersedes_id: None,
                recommendations: vec![NewRecommendation {
                    measure: "开展群租房消防专项排查".into(),
                    responsible_unit_id: unit,
                    deadline: chrono::NaiveDate::from_ymd_opt(2031, 3, 31).unwrap(),
                }],
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(con.recommendations[0].responsible_unit_name, unit_name);
    assert_eq!(con.adopted_by_name, None);
    let adopted = c.convener.adopt_conclusion(con.id).await.unwrap().value;
    assert_eq!(
        adopted.adopted_by_name.as_deref(),
        Some(convener_name.as_str())
    );

    // An escalation names its meeting and the people who raised and decided it.
    let e = c
        .analyst
        .create_escalation(&CreateEscalation {
            agenda_item_id: Some(poor.id),
            conclusion_id: None,
            reason: "多次交办仍未整改".into(),
        })
        .await
        .unwrap()
        .value;
    assert_eq!(
        (e.meeting_title.as_str(), e.raised_by_name.as_str()),
        (m.title.as_str(), analyst_name.as_str())
    );
    let decided = c
        .convener
        .review_escalation(e.id, true, "同意提请")
        .await
        .unwrap()
        .value;
    assert_eq!(
        decided.decided_by_name.as_deref(),
        Some(convener_name.as_str())
    );

    // A search hit names its meeting.
    let hits = c
        .analyst
        .search(
            &SearchQuery {
                q: "群租房".into(),
                entity: None,
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert!(!hits.items.is_empty());
    assert!(hits.items.iter().all(|h| h.meeting_title == m.title));
}
