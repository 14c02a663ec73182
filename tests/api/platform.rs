//! Fewer calls for the platform's scripts (issue 13 §5): their own references on meetings and
//! agenda items, and meetings found by the case numbers their items cite.

use chrono::Duration;
use uuid::Uuid;
use yanpan_client::Client;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::meetings::{cast, item, regular};

async fn meetings_citing(c: &Client, number: &str) -> Vec<Uuid> {
    c.meetings(
        &MeetingQuery {
            case_number: Some(number.into()),
            ..Default::default()
        },
        PageParams::default(),
    )
    .await
    .unwrap()
    .items
    .into_iter()
    .map(|m| m.id)
    .collect()
}

#[tokio::test]
async fn a_script_finds_meetings_by_its_own_reference_and_by_the_case_numbers_they_cite() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let script = app.integration().await;

    let mut body = regular(
        "2026-10",
        Duration::days(10),
        vec![],
        vec![c.party_office.id],
    );
    body.platform_ref = Some("PA365-HY-2026-10".into());
    let m = c
        .convener
        .create_meeting(&body)
        .await
        .unwrap()
        .value
        .meeting;
    assert_eq!(m.platform_ref.as_deref(), Some("PA365-HY-2026-10"));
    let found = script
        .meetings(
            &MeetingQuery {
                platform_ref: Some("PA365-HY-2026-10".into()),
                ..Default::default()
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].id, m.id);
    assert_eq!(
        found.items[0].platform_ref.as_deref(),
        Some("PA365-HY-2026-10")
    );
    // The reference is unique among meetings, and the answer says which value clashed.
    let e = c.convener.create_meeting(&body).await.unwrap_err();
    assert_eq!(e.status(), Some(409));
    assert!(
        e.problem()
            .unwrap()
            .detail
            .as_deref()
            .unwrap()
            .contains("platform_ref"),
        "{e}"
    );

    // Items: unique within their meeting, free across meetings.
    let mut first = item(AgendaCategory::RepeatedDemands, "望江东路夜间施工噪音");
    first.evidence.case_numbers = vec!["LD-2026-10-0042".into(), "LD-2026-10-0043".into()];
    first.platform_ref = Some("YT-01".into());
    let first = c.analyst.create_agenda_item(m.id, &first).await.unwrap();
    assert_eq!(first.value.platform_ref.as_deref(), Some("YT-01"));
    let mut again = item(AgendaCategory::Other, "其他事项");
    again.platform_ref = Some("YT-01".into());
    let e = c
        .analyst
        .create_agenda_item(m.id, &again)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
    let other = c
        .convener
        .create_meeting(&regular("2026-11", Duration::days(40), vec![], vec![]))
        .await
        .unwrap()
        .value
        .meeting;
    c.analyst
        .create_agenda_item(other.id, &again)
        .await
        .unwrap();

    // A meeting is found by any case number its items cite, and only by those.
    assert_eq!(
        meetings_citing(&script, "LD-2026-10-0043").await,
        vec![m.id]
    );
    assert!(meetings_citing(&script, "LD-2026-10-9999").await.is_empty());
    // Changing the evidence changes what finds it.
    c.analyst
        .update_agenda_item(
            first.value.id,
            &first.etag,
            &UpdateAgendaItem {
                evidence: Some(Evidence {
                    figures: vec![],
                    case_numbers: vec!["LD-2026-10-0077".into()],
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(meetings_citing(&script, "LD-2026-10-0042").await.is_empty());
    assert_eq!(
        meetings_citing(&script, "LD-2026-10-0077").await,
        vec![m.id]
    );
    // The search finds the case number too.
    let hits = c
        .analyst
        .search(
            &SearchQuery {
                q: "LD-2026-10-0077".into(),
                entity: Some(SearchEntity::AgendaItem),
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        hits.items.iter().map(|h| h.entity_id).collect::<Vec<_>>(),
        vec![first.value.id]
    );

    // A blank or overlong case number is refused with the field named.
    let mut bad = item(AgendaCategory::Other, "其他事项二");
    bad.evidence.case_numbers = vec![" ".into(), "X".repeat(65)];
    let e = c.analyst.create_agenda_item(m.id, &bad).await.unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert!(
        e.problem()
            .unwrap()
            .errors
            .iter()
            .any(|f| f.field == "evidence.case_numbers"),
        "{e}"
    );
}
