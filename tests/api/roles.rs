//! The role × endpoint matrix: every operation of the spec, every role and anonymous, the status.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use yanpan_client::Client;
use yanpan_tests::{PASSWORD, TestApp};
use yanpan_types::{Role, UnitKind};

const A: u16 = 401;
const F: u16 = 403;

/// (method, path, [admin, convener, analyst, unit_rep, inspector, integration, anonymous]).
/// `{unit}`, `{user}`, `{sa}` are made fresh for each call.
pub const MATRIX: &[(&str, &str, [u16; 7])] = &[
    ("GET", "/units", [200, 200, 200, 200, 200, 200, A]),
    ("POST", "/units", [201, F, F, F, F, F, A]),
    ("GET", "/units/{unit}", [200, 200, 200, 200, 200, 200, A]),
    ("PATCH", "/units/{unit}", [200, F, F, F, F, F, A]),
    ("DELETE", "/units/{unit}", [204, F, F, F, F, F, A]),
    ("GET", "/users", [200, F, F, F, F, F, A]),
    ("POST", "/users", [201, F, F, F, F, F, A]),
    ("GET", "/users/{user}", [200, F, F, F, F, F, A]),
    ("PATCH", "/users/{user}", [200, F, F, F, F, F, A]),
    ("GET", "/me", [200, 200, 200, 200, 200, F, A]),
    ("PATCH", "/me", [200, 200, 200, 200, 200, F, A]),
    ("GET", "/service-accounts", [200, F, F, F, F, F, A]),
    ("POST", "/service-accounts", [201, F, F, F, F, F, A]),
    ("GET", "/service-accounts/{sa}", [200, F, F, F, F, F, A]),
    ("DELETE", "/service-accounts/{sa}", [204, F, F, F, F, F, A]),
    ("GET", "/audit-log", [200, 200, F, F, 200, F, A]),
    ("POST", "/auth/logout", [204, 204, 204, 204, 204, 204, 204]),
    ("POST", "/auth/refresh", [401, 401, 401, 401, 401, 401, 401]),
    ("POST", "/auth/login", [401, 401, 401, 401, 401, 401, 401]),
    ("POST", "/auth/token", [401, 401, 401, 401, 401, 401, 401]),
    // Last: it changes the caller's password.
    ("POST", "/me/password", [204, 204, 204, 204, 204, F, A]),
];

fn body(method: &str, path: &str, n: usize) -> Option<Value> {
    Some(match (method, path) {
        ("POST", "/units") => {
            json!({"code": format!("m-{n}"), "name": "矩阵", "kind": "department"})
        }
        ("PATCH", "/units/{unit}") => json!({"name": "改名"}),
        ("POST", "/users") => {
            json!({"username": format!("matrix{n}"), "display_name": "x", "password": PASSWORD, "role": "analyst"})
        }
        ("PATCH", "/users/{user}") => json!({"display_name": "改名"}),
        ("PATCH", "/me") => json!({"display_name": "改名"}),
        ("POST", "/service-accounts") => json!({"name": "matrix"}),
        ("POST", "/auth/logout") | ("POST", "/auth/refresh") => {
            json!({"refresh_token": "not-a-real-token"})
        }
        ("POST", "/auth/login") => json!({"username": format!("nobody{n}"), "password": "nothing"}),
        ("POST", "/auth/token") => {
            json!({"grant_type": "client_credentials", "client_id": format!("svc_none{n}"), "client_secret": "x"})
        }
        ("POST", "/me/password") => {
            json!({"current_password": PASSWORD, "new_password": "another-long-password"})
        }
        _ => return None,
    })
}

async fn concrete(app: &TestApp, path: &str, n: usize) -> String {
    let mut p = path.to_owned();
    if p.contains("{unit}") {
        p = p.replace(
            "{unit}",
            &app.unit(UnitKind::Department).await.id.to_string(),
        );
    }
    if p.contains("{user}") {
        let u =
            yanpan_tests::create_user(&app.db, &format!("target{n}"), Role::Analyst, None).await;
        p = p.replace("{user}", &u.id.to_string());
    }
    if p.contains("{sa}") {
        let sa = app
            .admin
            .create_service_account(&yanpan_types::CreateServiceAccount { name: "t".into() })
            .await
            .unwrap();
        p = p.replace("{sa}", &sa.value.account.id.to_string());
    }
    p
}

pub async fn callers(app: &TestApp) -> Vec<(&'static str, Client)> {
    let mut v = vec![("admin", app.admin.clone())];
    for (name, role) in [
        ("convener", Role::Convener),
        ("analyst", Role::Analyst),
        ("unit_rep", Role::UnitRep),
        ("inspector", Role::Inspector),
    ] {
        v.push((name, app.sign_in(role).await.0));
    }
    v.push(("integration", app.integration().await));
    v.push(("anonymous", app.anonymous()));
    v
}

#[tokio::test]
async fn every_role_gets_the_expected_status_on_every_endpoint() {
    let app = TestApp::spawn().await;
    let callers = callers(&app).await;
    let mut failures = Vec::new();
    let mut n = 0;
    for (method, path, expected) in MATRIX {
        for ((who, client), want) in callers.iter().zip(expected) {
            n += 1;
            let url = concrete(&app, path, n).await;
            let mut req = client.request(method.parse::<Method>().unwrap(), &url);
            if matches!(*method, "PATCH" | "DELETE") {
                req = req.header("if-match", "*");
            }
            if let Some(b) = body(method, path, n) {
                req = req.json(&b);
            }
            let got = req.send().await.unwrap().status().as_u16();
            if got != *want {
                failures.push(format!(
                    "{method} {path} as {who}: expected {want}, got {got}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_matrix_covers_every_operation_of_the_spec() {
    let spec = yanpan_server::openapi_document();
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(rest) = path.strip_prefix("/api/v1") else {
            continue;
        };
        for method in item.as_object().unwrap().keys() {
            ops.insert((method.to_uppercase(), rest.to_owned()));
        }
    }
    let normalise = |p: &str| {
        p.split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    let covered: BTreeSet<_> = MATRIX
        .iter()
        .map(|(m, p, _)| (m.to_string(), normalise(p)))
        .collect();
    let missing: Vec<_> = ops
        .iter()
        .filter(|(m, p)| !covered.contains(&(m.clone(), normalise(p))))
        .collect();
    assert!(
        missing.is_empty(),
        "operations missing from the role matrix: {missing:?}"
    );
}
