//! `GET /metrics`: off unless a token is configured, refused without the token, and counting
//! each request under its route pattern, never its path.

use secrecy::SecretString;
use uuid::Uuid;
use yanpan_tests::TestApp;
use yanpan_types::{CreateUnit, UnitKind};

const TOKEN: &str = "metrics-token-0123456789";

#[tokio::test]
async fn metrics_are_off_unless_a_token_is_configured() {
    let app = TestApp::spawn().await;
    let res = reqwest::Client::new()
        .get(format!("{}/metrics", app.base))
        .bearer_auth("any-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("metrics are off"),
        "{problem}"
    );
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_status_and_refused_sign_ins() {
    let app =
        TestApp::spawn_with(|s| s.server.metrics_token = Some(SecretString::from(TOKEN))).await;
    let http = reqwest::Client::new();
    let url = format!("{}/metrics", app.base);
    for token in [None, Some("wrong-token")] {
        let mut req = http.get(&url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.unwrap().status(), 401);
    }

    let unit = app
        .admin
        .create_unit(&CreateUnit {
            code: "street-metrics".into(),
            name: "紫阳街道".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap()
        .value;
    for _ in 0..3 {
        app.admin.unit(unit.id).await.unwrap();
    }
    assert_eq!(
        app.admin.unit(Uuid::now_v7()).await.unwrap_err().status(),
        Some(404)
    );
    assert_eq!(
        app.anonymous()
            .login("nobody", "wrong-password-1")
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    http.get(format!("{}/no/such/{}", app.base, Uuid::now_v7()))
        .send()
        .await
        .unwrap();

    // An event for a paused webhook endpoint waits in the outbox's backlog.
    let hook = app
        .admin
        .create_webhook(&yanpan_types::CreateWebhook {
            url: "http://127.0.0.1:9/hook".into(),
            events: vec![],
            secret: None,
            description: String::new(),
        })
        .await
        .unwrap();
    app.admin
        .update_webhook(
            hook.value.endpoint.id,
            &hook.etag,
            &yanpan_types::UpdateWebhook {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    yanpan_server::store::notify::notify(
        &app.db,
        &[],
        yanpan_server::store::notify::Event {
            kind: yanpan_types::NotificationKind::ReferralMade,
            entity_id: Uuid::now_v7(),
            title: "问责移交".into(),
            link: "/referrals".into(),
        },
    )
    .await
    .unwrap();

    let res = http.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"),
        "{:?}",
        res.headers()
    );
    let text = res.text().await.unwrap();
    let value = |series: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
            .unwrap_or_else(|| panic!("no {series} in\n{text}"))
    };
    let one = r#"route="/api/v1/units/{id}",method="GET",status="200""#;
    assert_eq!(value(&format!("yanpan_http_requests_total{{{one}}}")), 3.0);
    assert_eq!(
        value(&format!(
            "yanpan_http_request_duration_seconds_count{{{one}}}"
        )),
        3.0
    );
    assert_eq!(
        value(&format!(
            "yanpan_http_request_duration_seconds_bucket{{{one},le=\"+Inf\"}}"
        )),
        3.0
    );
    assert_eq!(
        value(
            r#"yanpan_http_requests_total{route="/api/v1/units/{id}",method="GET",status="404"}"#
        ),
        1.0
    );
    assert_eq!(
        value(r#"yanpan_http_requests_total{route="/api/v1/units",method="POST",status="201"}"#),
        1.0
    );
    assert_eq!(
        value(r#"yanpan_sign_in_failures_total{reason="bad_credentials"}"#),
        1.0
    );
    assert_eq!(value("yanpan_outbox_backlog"), 1.0);
    assert_eq!(
        value(r#"yanpan_sign_in_failures_total{reason="throttled"}"#),
        0.0
    );
    assert!(value(r#"yanpan_db_pool_connections{state="idle"}"#) >= 0.0);
    assert!(text.contains(r#"route="unmatched""#), "{text}");
    // Patterns only: no id of any request appears.
    assert!(!text.contains(&unit.id.to_string()), "{text}");
}
