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
