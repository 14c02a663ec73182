//! The committed `openapi/openapi.json` is exactly what the code generates (`make openapi`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn the_committed_spec_matches_the_code() {
    let generated = serde_json::to_string_pretty(&yanpan_server::openapi_document()).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "openapi/openapi.json is out of date: run `make openapi` and commit it"
    );
}

#[test]
fn the_spec_is_openapi_3_1_with_bearer_auth_and_problem_responses() {
    let spec = yanpan_server::openapi_document();
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if path.starts_with("/api/v1/") {
                assert!(
                    op["responses"]["500"].is_object(),
                    "{method} {path} lacks 500"
                );
                let public = path.starts_with("/api/v1/auth/")
                    || path.starts_with("/api/v1/calendar-feeds/")
                    || path.starts_with("/api/v1/public/");
                if public {
                    // Nothing to sign in for: the spec says so (schemathesis checks it).
                    assert_eq!(op["security"], serde_json::json!([]), "{method} {path}");
                } else {
                    assert!(
                        op["responses"]["401"].is_object(),
                        "{method} {path} lacks 401"
                    );
                    assert_eq!(
                        op["security"][0]["bearer"],
                        serde_json::json!([]),
                        "{method} {path}"
                    );
                }
                if op.get("requestBody").is_some() {
                    for code in ["400", "413", "415", "422"] {
                        assert!(
                            op["responses"][code].is_object(),
                            "{method} {path} lacks {code}"
                        );
                    }
                }
            }
        }
    }
}
