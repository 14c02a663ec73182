//! Every bad-input class answers problem+json with the right status, and nothing changes.

use reqwest::Method;
use serde_json::json;
use yanpan_tests::TestApp;
use yanpan_types::{CreateUnit, PageParams, Problem, Role, UnitKind, UnitQuery, UpdateUnit};

async fn problem(res: reqwest::Response) -> (u16, Problem, reqwest::header::HeaderMap) {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "status {status}"
    );
    (status, res.json().await.unwrap(), headers)
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = TestApp::spawn().await;
    let before = app.audit_rows().await;
    let res = app
        .admin
        .request(Method::POST, "/units")
        .header("content-type", "application/json")
        .body("{\"code\": ")
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!((status, p.code.as_str()), (400, "malformed_json"));
    assert!(p.request_id.is_some());
    assert_eq!(app.audit_rows().await, before);
}

#[tokio::test]
async fn invalid_fields_are_a_422_listing_each_field() {
    let app = TestApp::spawn().await;
    let before = app.audit_rows().await;
    let res = app
        .admin
        .request(Method::POST, "/units")
        .json(&json!({"code": "Bad Code!", "name": "", "kind": "street"}))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!(status, 422);
    assert_eq!(p.code.as_str(), "validation_failed");
    assert!(p.field("code").is_some(), "{p:?}");
    assert!(p.field("name").is_some(), "{p:?}");
    let res = app
        .admin
        .request(Method::POST, "/units")
        .json(&json!({"code": "ok-code", "name": "x", "kind": "planet"}))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!(status, 422);
    assert_eq!(p.errors[0].field, "kind");
    assert_eq!(app.audit_rows().await, before);
}

#[tokio::test]
async fn read_only_fields_cannot_be_written_through_me() {
    let app = TestApp::spawn().await;
    let (c, user) = app.sign_in(Role::UnitRep).await;
    let me = c.me().await.unwrap();
    let res = c
        .request(Method::PATCH, "/me")
        .header("if-match", &me.etag)
        .json(&json!({"display_name": "新名字", "role": "admin"}))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!(status, 422);
    assert_eq!(p.field("role").unwrap().code.as_str(), "unknown_field");
    let after = c.me().await.unwrap();
    assert_eq!(
        (after.role, after.display_name.as_str(), after.unit_id),
        (Role::UnitRep, user.display_name.as_str(), user.unit_id)
    );
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_with_allow() {
    let app = TestApp::spawn().await;
    let (status, p, _) = problem(
        app.admin
            .request(Method::GET, "/nothing-here")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, p.code.as_str()), (404, "not_found"));
    let (status, p, headers) = problem(
        app.admin
            .request(Method::PUT, "/units")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, p.code.as_str()), (405, "method_not_allowed"));
    assert_eq!(headers["allow"], "GET, POST");
    let unit = app.unit(UnitKind::Street).await;
    let (status, _, headers) = problem(
        app.admin
            .request(Method::POST, &format!("/units/{}", unit.id))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "DELETE, GET, PATCH");
    // A literal segment is its own resource: `/cases/batch` is not the case numbered "batch".
    for (path, allow) in [
        ("/cases/batch", "POST"),
        ("/topic-proposals/detect", "POST"),
    ] {
        let (status, _, headers) = problem(
            app.admin
                .request(Method::GET, &format!("{path}?as_of=2026-01-01"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, headers["allow"].to_str().unwrap()),
            (405, allow),
            "{path}"
        );
    }
}

#[tokio::test]
async fn oversized_bodies_are_413_and_other_media_types_415() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(app.settings.server.json_limit_bytes + 10);
    let res = app
        .admin
        .request(Method::POST, "/units")
        .json(&json!({"code": "big", "name": big, "kind": "street"}))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!((status, p.code.as_str()), (413, "payload_too_large"));
    let res = app
        .admin
        .request(Method::POST, "/units")
        .header("content-type", "text/plain")
        .body("code=x")
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!((status, p.code.as_str()), (415, "unsupported_media_type"));
}

#[tokio::test]
async fn duplicates_conflict_with_409() {
    let app = TestApp::spawn().await;
    let input = CreateUnit {
        code: "street-dup".into(),
        name: "重复".into(),
        kind: UnitKind::Street,
    };
    app.admin.create_unit(&input).await.unwrap();
    let e = app.admin.create_unit(&input).await.unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "code_taken")
    );
}

#[tokio::test]
async fn changes_need_if_match_and_a_stale_one_is_412() {
    let app = TestApp::spawn().await;
    let unit = app
        .admin
        .create_unit(&CreateUnit {
            code: "street-x".into(),
            name: "甲".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap();
    assert_eq!(unit.etag, "\"1\"");
    let res = app
        .admin
        .request(Method::PATCH, &format!("/units/{}", unit.id))
        .json(&json!({"name": "乙"}))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!((status, p.code.as_str()), (428, "if_match_required"));
    let changed = app
        .admin
        .update_unit(
            unit.id,
            &unit.etag,
            &UpdateUnit {
                name: Some("乙".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.etag, "\"2\"");
    let stale = app
        .admin
        .update_unit(
            unit.id,
            &unit.etag,
            &UpdateUnit {
                name: Some("丙".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (stale.status(), stale.problem().unwrap().code.as_str()),
        (Some(412), "version_mismatch")
    );
    assert_eq!(app.admin.unit(unit.id).await.unwrap().name, "乙");
    let e = app
        .admin
        .delete_unit(unit.id, &unit.etag)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(412));
    app.admin.delete_unit(unit.id, &changed.etag).await.unwrap();
    assert_eq!(
        app.admin.unit(unit.id).await.unwrap_err().status(),
        Some(404)
    );
}

#[tokio::test]
async fn lists_page_with_a_total_and_link_header() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        app.unit(UnitKind::Department).await;
    }
    let q = UnitQuery {
        kind: Some(UnitKind::Department),
        ..Default::default()
    };
    let page = app.admin.units(&q, PageParams::new(2, 2)).await.unwrap();
    assert_eq!((page.total, page.items.len(), page.page), (5, 2, 2));
    let res = app
        .admin
        .request(Method::GET, "/units?kind=department&page=2&page_size=2")
        .send()
        .await
        .unwrap();
    let link = res.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("page=3&page_size=2>; rel=\"next\""), "{link}");
    assert!(link.contains("page=1&page_size=2>; rel=\"prev\""), "{link}");
    assert!(link.contains("kind=department"), "{link}");
    assert_eq!(res.headers()["x-total-count"], "5");
    let (status, _, _) = problem(
        app.admin
            .request(Method::GET, "/units?page_size=1000")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _, _) = problem(
        app.admin
            .request(Method::GET, "/units?page=abc")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _, _) = problem(
        app.admin
            .request(Method::GET, "/units/not-a-uuid")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn every_answer_has_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    let res = app
        .admin
        .request(Method::GET, "/units")
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    let h = res.headers();
    assert_eq!(h["x-request-id"], "trace-abc-123");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["cache-control"], "no-store");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    let res = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let ready = reqwest::get(format!("{}/readyz", app.base)).await.unwrap();
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = TestApp::spawn_with(|s| {
        s.server.cors_allowed_origins = vec!["https://yanpan.example.gov.cn".into()]
    })
    .await;
    let ok = app
        .admin
        .request(Method::GET, "/units")
        .header("origin", "https://yanpan.example.gov.cn")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://yanpan.example.gov.cn"
    );
    let other = app
        .admin
        .request(Method::GET, "/units")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn an_internal_error_reveals_nothing() {
    let app = TestApp::spawn().await;
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("DROP TABLE audit_log")
        .await
        .unwrap();
    let res = app
        .admin
        .request(Method::POST, "/units")
        .json(&json!({"code": "boom", "name": "x", "kind": "street"}))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!((status, p.code.as_str()), (500, "internal_error"));
    let text = serde_json::to_string(&p).unwrap().to_lowercase();
    for leak in ["audit_log", "sql", "table", "insert"] {
        assert!(!text.contains(leak), "{leak} leaked: {text}");
    }
    assert!(p.request_id.is_some());
    // The unit was not created: the transaction rolled back with the failed audit write.
    let units = app
        .admin
        .units(
            &UnitQuery {
                q: Some("boom".into()),
                ..Default::default()
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(units.total, 0);
}

#[tokio::test]
async fn a_repeated_read_never_outlives_a_change_made_through_the_api() {
    let app = TestApp::spawn().await;
    let unit = app
        .admin
        .create_unit(&CreateUnit {
            code: "street-cache".into(),
            name: "缓存前".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap();
    let q = UnitQuery {
        q: Some("street-cache".into()),
        ..Default::default()
    };
    let url = "/units?q=street-cache&page=1&page_size=20";
    let first = app.admin.request(Method::GET, url).send().await.unwrap();
    let (link, total) = (
        first.headers()["link"].clone(),
        first.headers()["x-total-count"].clone(),
    );
    // The repeated read carries the same headers and body.
    let again = app.admin.request(Method::GET, url).send().await.unwrap();
    assert_eq!(
        (
            again.headers()["link"].clone(),
            again.headers()["x-total-count"].clone()
        ),
        (link, total)
    );
    assert_eq!(again.headers()["cache-control"], "no-store");
    assert!(again.headers().get("x-request-id").is_some());
    let one = app.admin.unit(unit.id).await.unwrap();
    app.admin
        .update_unit(
            unit.id,
            &one.etag,
            &UpdateUnit {
                name: Some("缓存后".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        app.admin
            .units(&q, PageParams::default())
            .await
            .unwrap()
            .items[0]
            .name,
        "缓存后"
    );
    let fresh = app.admin.unit(unit.id).await.unwrap();
    assert_eq!(
        (fresh.name.as_str(), fresh.etag.as_str()),
        ("缓存后", "\"2\"")
    );
    // Another caller never gets this caller's answer.
    let (rep, _) = app.sign_in(Role::UnitRep).await;
    assert_eq!(
        rep.users(&yanpan_types::UserQuery::default(), PageParams::default())
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    app.admin
        .users(&yanpan_types::UserQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(
        rep.users(&yanpan_types::UserQuery::default(), PageParams::default())
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
}

#[tokio::test]
async fn the_spec_and_swagger_ui_are_served_without_a_cdn() {
    let app = TestApp::spawn().await;
    let spec: serde_json::Value = reqwest::get(format!("{}/api/v1/openapi.json", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec, yanpan_server::openapi_document());
    let ui = reqwest::get(format!("{}/docs/", app.base)).await.unwrap();
    assert_eq!(ui.status(), 200);
    let html = ui.text().await.unwrap();
    assert!(!html.contains("unpkg") && !html.contains("cdn"), "{html}");
    let init = reqwest::get(format!("{}/docs/swagger-initializer.js", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api/v1/openapi.json"));
}

#[tokio::test]
async fn a_body_must_be_an_object_even_where_every_field_is_optional() {
    let app = TestApp::spawn().await;
    let me = app.admin.me().await.unwrap();
    let res = app
        .admin
        .request(Method::PATCH, "/me")
        .header("if-match", &me.etag)
        .json(&json!([]))
        .send()
        .await
        .unwrap();
    let (status, p, _) = problem(res).await;
    assert_eq!((status, p.errors[0].field.as_str()), (422, "body"));
    assert_eq!(app.admin.me().await.unwrap().version, me.version);
}

#[tokio::test]
async fn the_spec_declares_the_headers_that_answers_carry() {
    let app = TestApp::spawn().await;
    let spec = yanpan_server::openapi_document();
    let declared = |path: &str, method: &str, code: &str| -> Vec<String> {
        let r = &spec["paths"][path][method]["responses"][code];
        let r = match r["$ref"].as_str() {
            Some(name) => &spec["components"]["responses"][name.rsplit('/').next().unwrap()],
            None => r,
        };
        r["headers"]
            .as_object()
            .map(|h| h.keys().map(|k| k.to_lowercase()).collect())
            .unwrap_or_default()
    };
    let (convener, _) = app.sign_in(Role::Convener).await;
    // A list page: Link and X-Total-Count, as declared.
    let res = convener
        .request(Method::GET, "/meetings")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for h in ["link", "x-total-count", "x-request-id"] {
        assert!(res.headers().contains_key(h), "{h} missing from the answer");
        assert!(
            declared("/api/v1/meetings", "get", "200").contains(&h.to_owned()),
            "{h} not declared"
        );
    }
    // A replayed POST says so, as declared.
    let body = json!({"kind": "regular", "title": "例会", "period": "2026-12",
        "starts_at": "2026-12-20T01:00:00Z", "ends_at": "2026-12-20T03:00:00Z",
        "place": "会议室", "chair": "主持"});
    let mut replayed = None;
    for _ in 0..2 {
        let res = convener
            .request(Method::POST, "/meetings")
            .header("Idempotency-Key", "headers-test-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        for h in ["location", "etag"] {
            assert!(res.headers().contains_key(h), "{h}");
            assert!(declared("/api/v1/meetings", "post", "201").contains(&h.to_owned()));
        }
        replayed = res.headers().get("idempotent-replayed").cloned();
    }
    assert_eq!(replayed.unwrap(), "true");
    assert!(
        declared("/api/v1/meetings", "post", "201").contains(&"idempotent-replayed".to_owned())
    );
    // Throttled sign-ins say when to come back, as declared.
    assert!(declared("/api/v1/auth/login", "post", "429").contains(&"retry-after".to_owned()));
    // A refusal for the role names the roles, and the spec says them too.
    let spec_roles = &spec["paths"]["/api/v1/outbox"]["get"]["x-roles"];
    assert_eq!(spec_roles, &json!(["admin", "integration"]));
}
