//! Optimistic concurrency under racing writers, and idempotent retries of POST.

use futures_util::future::join_all;
use yanpan_client::PostOptions;
use yanpan_tests::TestApp;
use yanpan_types::{CreateUnit, PageParams, UnitKind, UnitQuery, UpdateUnit};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_racing_patches_with_one_etag_have_exactly_one_winner() {
    let app = TestApp::spawn().await;
    let unit = app
        .admin
        .create_unit(&CreateUnit {
            code: "street-race".into(),
            name: "起点".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap();
    let attempts = (0..20).map(|i| {
        let c = app.admin.clone();
        let etag = unit.etag.clone();
        let id = unit.id;
        async move {
            let name = format!("写者{i}");
            let r = c
                .update_unit(
                    id,
                    &etag,
                    &UpdateUnit {
                        name: Some(name.clone()),
                        ..Default::default()
                    },
                )
                .await;
            (name, r.map_err(|e| e.status()))
        }
    });
    let results = join_all(attempts).await;
    let winners: Vec<_> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(n, _)| n.clone())
        .collect();
    let losers = results
        .iter()
        .filter(|(_, r)| matches!(r, Err(Some(412))))
        .count();
    assert_eq!(winners.len(), 1, "{results:?}");
    assert_eq!(losers, 19, "{results:?}");
    let now = app.admin.unit(unit.id).await.unwrap();
    assert_eq!(now.name, winners[0]);
    assert_eq!(now.version, 2);
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_creates_one_row() {
    let app = TestApp::spawn().await;
    let opts = PostOptions {
        idempotency_key: Some("import-2026-11-0001".into()),
    };
    let input = CreateUnit {
        code: "street-idem".into(),
        name: "一次".into(),
        kind: UnitKind::Street,
    };
    let rows = app.audit_rows().await;
    let first = app.admin.create_unit_with(&input, &opts).await.unwrap();
    let again = app.admin.create_unit_with(&input, &opts).await.unwrap();
    assert_eq!(first, again);
    let res = app
        .admin
        .request(reqwest::Method::POST, "/units")
        .header("idempotency-key", "import-2026-11-0001")
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    let q = UnitQuery {
        q: Some("street-idem".into()),
        ..Default::default()
    };
    assert_eq!(
        app.admin
            .units(&q, PageParams::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(app.audit_rows().await, rows + 1);

    let other = CreateUnit {
        code: "street-idem-2".into(),
        ..input.clone()
    };
    let e = app.admin.create_unit_with(&other, &opts).await.unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(422), "idempotency_key_reused")
    );
    // Keys belong to their caller: another person's same key is a new request.
    let (analyst, _) = app.sign_in(yanpan_types::Role::Analyst).await;
    let e = analyst.create_unit_with(&other, &opts).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
}

#[tokio::test]
async fn an_expired_idempotency_key_is_a_new_request() {
    let app = TestApp::spawn_with(|s| s.server.idempotency_ttl_secs = 0).await;
    let opts = PostOptions {
        idempotency_key: Some("k1".into()),
    };
    app.admin
        .create_unit_with(
            &CreateUnit {
                code: "a-1".into(),
                name: "a".into(),
                kind: UnitKind::Street,
            },
            &opts,
        )
        .await
        .unwrap();
    let second = app
        .admin
        .create_unit_with(
            &CreateUnit {
                code: "a-2".into(),
                name: "b".into(),
                kind: UnitKind::Street,
            },
            &opts,
        )
        .await
        .unwrap();
    assert_eq!(second.code, "a-2");
}

mod one_only {
    //! Rules that allow one of a kind, raced by twenty requests at once: the database's unique
    //! indexes decide (on PostgreSQL the requests really run side by side), so exactly one wins
    //! and the rest get 409; references are refused rather than left dangling.

    use futures_util::future::join_all;
    use yanpan_tests::TestApp;
    use yanpan_types::*;

    use crate::meetings::{cast, draft_meeting, item, level1_meeting};

    fn tally<T>(results: &[Result<T, Option<u16>>]) -> (usize, Vec<Option<u16>>) {
        let wins = results.iter().filter(|r| r.is_ok()).count();
        let mut losses: Vec<_> = results
            .iter()
            .filter_map(|r| r.as_ref().err().copied())
            .collect();
        losses.dedup();
        (wins, losses)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn twenty_escalations_of_one_item_raise_exactly_one() {
        let app = TestApp::spawn().await;
        let c = cast(&app).await;
        let id = draft_meeting(&c, "2026-08").await;
        let poor = c
            .analyst
            .create_agenda_item(id, &item(AgendaCategory::PoorDisposal, "处置不力"))
            .await
            .unwrap()
            .id;
        let results = join_all((0..20).map(|i| {
            let a = c.analyst.clone();
            async move {
                a.create_escalation(&CreateEscalation {
                    agenda_item_id: Some(poor),
                    conclusion_id: None,
                    reason: format!("第{i}次提请"),
                })
                .await
                .map_err(|e| e.status())
            }
        }))
        .await;
        assert_eq!(tally(&results), (1, vec![Some(409)]));
        let all = c
            .convener
            .escalations(&EscalationQuery::default(), PageParams::default())
            .await
            .unwrap();
        assert_eq!(all.total, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn twenty_corrections_of_one_conclusion_draft_exactly_one() {
        let app = TestApp::spawn().await;
        let c = cast(&app).await;
        let id = draft_meeting(&c, "2026-08").await;
        let first = c
            .analyst
            .create_conclusion(
                id,
                &CreateConclusion {
                    text: "原结论".into(),
                    agenda_item_id: None,
                    supersedes_id: None,
                    recommendations: vec![],
                },
            )
            .await
            .unwrap();
        c.convener.adopt_conclusion(first.id).await.unwrap();
        let first = first.id;
        let results = join_all((0..20).map(|i| {
            let a = c.analyst.clone();
            async move {
                a.create_conclusion(
                    id,
                    &CreateConclusion {
                        text: format!("更正{i}"),
                        agenda_item_id: None,
                        supersedes_id: Some(first),
                        recommendations: vec![],
                    },
                )
                .await
                .map_err(|e| e.status())
            }
        }))
        .await;
        assert_eq!(tally(&results), (1, vec![Some(409)]));
        assert_eq!(c.analyst.conclusions(id).await.unwrap().len(), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn twenty_items_added_at_once_get_twenty_distinct_positions() {
        let app = TestApp::spawn().await;
        let c = cast(&app).await;
        let id = draft_meeting(&c, "2026-08").await;
        let results = join_all((0..20).map(|i| {
            let a = c.analyst.clone();
            async move {
                a.create_agenda_item(id, &item(AgendaCategory::Other, &format!("事项{i}")))
                    .await
                    .map_err(|e| e.status())
            }
        }))
        .await;
        assert_eq!(tally(&results), (20, vec![]));
        let mut positions: Vec<i32> = c
            .analyst
            .agenda(id)
            .await
            .unwrap()
            .iter()
            .map(|i| i.position)
            .collect();
        positions.sort();
        assert_eq!(positions, (1..=20).collect::<Vec<_>>());
        // Reordering passes through no duplicate position.
        let mut ids: Vec<_> = c
            .analyst
            .agenda(id)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect();
        ids.reverse();
        let reordered = c.analyst.reorder_agenda(id, ids.clone()).await.unwrap();
        assert_eq!(reordered.iter().map(|i| i.id).collect::<Vec<_>>(), ids);
    }

    #[tokio::test]
    async fn what_an_escalation_names_cannot_be_deleted_from_under_it() {
        let app = TestApp::spawn().await;
        let c = cast(&app).await;
        let id = draft_meeting(&c, "2026-08").await;
        // A draft conclusion with an escalation raised from it.
        let con = c
            .analyst
            .create_conclusion(
                id,
                &CreateConclusion {
                    text: "需一级督办的结论".into(),
                    agenda_item_id: None,
                    supersedes_id: None,
                    recommendations: vec![],
                },
            )
            .await
            .unwrap();
        let esc = c
            .analyst
            .create_escalation(&CreateEscalation {
                agenda_item_id: None,
                conclusion_id: Some(con.id),
                reason: "提请".into(),
            })
            .await
            .unwrap();
        let e = c
            .analyst
            .delete_conclusion(con.id, &con.etag)
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(409));
        c.analyst.conclusion(con.id).await.unwrap();

        // The level-1 item an accepted escalation was scheduled into.
        c.convener
            .review_escalation(esc.id, true, "同意")
            .await
            .unwrap();
        let l1 = level1_meeting(&c).await;
        c.analyst.schedule_escalation(esc.id, l1).await.unwrap();
        let l1_item = c.analyst.agenda(l1).await.unwrap()[0].id;
        let etag = c.analyst.agenda_item(l1_item).await.unwrap().etag;
        let e = c
            .analyst
            .delete_agenda_item(l1_item, &etag)
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(409));
        let still = c.convener.escalation(esc.id).await.unwrap();
        assert_eq!(still.status, EscalationStatus::Scheduled);
        assert_eq!(c.analyst.agenda(l1).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_key_claimed_by_a_request_that_died_is_taken_over_not_stuck() {
    use sea_orm::{ActiveModelTrait, Set};
    use yanpan_server::entities::idempotency_key;
    let app = TestApp::spawn().await;
    // A server died while handling this key ten minutes ago: a claim with no answer.
    let long_ago = chrono::Utc::now() - chrono::Duration::minutes(10);
    idempotency_key::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        scope: Set(format!("user:{}", app.admin_user.id)),
        key: Set("import-died".into()),
        method: Set("POST".into()),
        path: Set("/api/v1/units".into()),
        request_hash: Set("whatever it was".into()),
        status: Set(None),
        response_body: Set(None),
        content_type: Set(None),
        location: Set(None),
        etag: Set(None),
        created_at: Set(long_ago),
        expires_at: Set(long_ago + chrono::Duration::hours(24)),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let opts = PostOptions {
        idempotency_key: Some("import-died".into()),
    };
    let input = CreateUnit {
        code: "street-retry".into(),
        name: "重试".into(),
        kind: UnitKind::Street,
    };
    // Not "in progress" for the rest of the day: the retry is carried out, once.
    let first = app.admin.create_unit_with(&input, &opts).await.unwrap();
    let again = app.admin.create_unit_with(&input, &opts).await.unwrap();
    assert_eq!(first, again);
}

#[tokio::test]
async fn an_upload_larger_than_a_json_body_is_replayed_with_its_key() {
    use crate::meetings::{cast, regular};
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = c
        .convener
        .create_meeting(&regular(
            "2026-08",
            chrono::Duration::days(10),
            vec![],
            vec![],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    // 1.5 MiB: over the JSON limit, within the upload limit.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(1536 * 1024, b' ');
    let send = || {
        let part = reqwest::multipart::Part::bytes(pdf.clone())
            .file_name("材料.pdf")
            .mime_str("application/pdf")
            .unwrap();
        c.analyst
            .request(
                reqwest::Method::POST,
                &format!("/meetings/{id}/attachments"),
            )
            .header("idempotency-key", "upload-0001")
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let again = send().await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
}
