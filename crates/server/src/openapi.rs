//! The OpenAPI 3.1 document: operations collected from the handlers, then the API-wide
//! conventions (bearer auth, problem responses, If-Match, Idempotency-Key) applied to each.

use serde_json::{Value, json};
use utoipa::OpenApi;
use yanpan_types::Role;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Yanpan 研判 API",
        description = "API of the Ping'an 365 dynamic analysis and judgment work system of Shangcheng District, Hangzhou. See the README for the conventions: problem+json errors, ETag/If-Match, Idempotency-Key, pagination.",
        license(name = "MIT", identifier = "MIT"),
    ),
    components(schemas(
        yanpan_types::Problem,
        yanpan_types::FieldError,
        // Used only by query parameters, which utoipa does not register.
        yanpan_types::AnalysisTable,
        yanpan_types::TableFormat
    )),
    tags(
        (name = "auth", description = "Sign-in, refresh, sign-out, client credentials"),
        (name = "me", description = "The signed-in person"),
        (name = "units", description = "Units: offices, command center, streets, departments"),
        (name = "users", description = "User accounts (admin)"),
        (name = "service-accounts", description = "Service accounts of the platform (admin)"),
        (name = "audit", description = "The audit log (read-only)"),
        (name = "meetings", description = "Meetings, participants, attendance, readiness, cadence (Art. 4, 6)"),
        (name = "agenda", description = "Agenda items in the five categories (Art. 5)"),
        (name = "submissions", description = "Units' analysis opinions and attachments (Art. 10)"),
        (name = "conclusions", description = "Conclusions and recommendations (Art. 6, 7)"),
        (name = "escalations", description = "Escalations to the level-1 supervision meeting (Art. 9)"),
        (name = "documents", description = "Printable and exportable documents of a meeting: notice, sign-in sheet, minutes (DOCX), submission tracker, attendance (XLSX), units' materials (ZIP)"),
        (name = "calendar", description = "Working-day calendar and iCalendar feeds"),
        (name = "search", description = "Search in Chinese text"),
        (name = "cases", description = "The 平安365 platform's cases: intake, reading, the category dictionary"),
        (name = "analysis", description = "The analysis room: overview, repeated demands, poor disposal, satisfaction, unit ranking, hot issues (Art. 5, 8.1)"),
        (name = "briefings", description = "Briefings and special reports: drafted, issued with their number, acknowledged, published (Art. 7)"),
        (name = "supervision", description = "Supervision of recommendations: tasks of the responsible units, verified by the command center; accountability referrals to the discipline commission (Art. 8.4)"),
        (name = "webhooks", description = "Webhooks: the outbox's events pushed to registered endpoints, signed (HMAC-SHA256), retried for over 24 hours, with a delivery log and manual redelivery (admin)"),
        (name = "assessment", description = "The annual assessment of streets and departments: the scoring rule, the ranking with the records behind it, publication (Art. 11)"),
        (name = "notifications", description = "The notification centre of the signed-in person, and the outbox of the same events for the platform"),
        (name = "public", description = "What the platform shows anyone without sign-in: published briefings and their feed"),
        (name = "health", description = "Probes"),
    )
)]
pub struct ApiDoc;

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

const PROBLEMS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "Malformed JSON, or an unreadable path or query parameter",
    ),
    (
        "401",
        "Unauthorized",
        "Missing, invalid or expired access token",
    ),
    ("403", "Forbidden", "The role or unit may not do this"),
    ("404", "NotFound", "No such resource"),
    (
        "405",
        "MethodNotAllowed",
        "The path exists with other methods (see Allow)",
    ),
    ("409", "Conflict", "A conflict with the current state"),
    ("412", "PreconditionFailed", "If-Match names an old version"),
    ("413", "PayloadTooLarge", "The body is too large"),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not application/json",
    ),
    (
        "422",
        "UnprocessableContent",
        "Invalid fields (see errors) or a refused rule",
    ),
    ("428", "PreconditionRequired", "If-Match is required"),
    (
        "429",
        "TooManyRequests",
        "Too many attempts (see Retry-After)",
    ),
    (
        "500",
        "InternalError",
        "Unexpected error; quote the request id",
    ),
];

/// The served document: the collected operations with the conventions applied.
pub fn finish(doc: &utoipa::openapi::OpenApi) -> Value {
    let mut v = serde_json::to_value(doc).unwrap_or(Value::Null);
    conventions(&mut v);
    roles(&mut v);
    // Relative to the address the document was read from: the same server serves both.
    v["servers"] = json!([{"url": "/", "description": "This server"}]);
    prune_unused(&mut v);
    v
}

fn conventions(v: &mut Value) {
    let comps = &mut v["components"];
    comps["securitySchemes"]["bearer"] =
        json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"});
    comps["securitySchemes"]["metrics_token"] = json!({
        "type": "http", "scheme": "bearer",
        "description": "The token in the server's `server.metrics_token` setting (not a sign-in)."
    });
    for (_, name, desc) in PROBLEMS {
        comps["responses"][*name] = problem(desc);
    }
    comps["headers"] = json!({
        "XRequestId": {"description": "The request's id (also `request_id` in a problem): quote it when reporting a problem.", "schema": {"type": "string"}},
        "Link": {"description": "RFC 8288 links to the `first`, `prev`, `next` and `last` pages of the list.", "schema": {"type": "string"}},
        "XTotalCount": {"description": "How many items match, over all pages (also `total`).", "schema": {"type": "integer", "minimum": 0}},
        "IdempotentReplayed": {"description": "`true` when this answer is the stored answer to an earlier request with the same `Idempotency-Key` (nothing was done again).", "schema": {"type": "string", "enum": ["true"]}},
        "RetryAfter": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
    });
    for (_, name, _) in PROBLEMS {
        comps["responses"][*name]["headers"] =
            json!({"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}});
    }
    comps["responses"]["TooManyRequests"]["headers"]["Retry-After"] =
        json!({"$ref": "#/components/headers/RetryAfter"});
    comps["parameters"]["IfMatch"] = json!({
        "name": "If-Match", "in": "header", "required": true,
        "description": "The ETag of the version being changed (428 when missing, 412 when stale).",
        "schema": if_match_schema()
    });
    comps["parameters"]["IdempotencyKey"] = json!({
        "name": "Idempotency-Key", "in": "header", "required": false,
        "description": "Makes the POST safe to retry: the same key and body replay the first answer for 24 hours; the same key with another body is refused (422).",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}
    });
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let api = path.starts_with("/api/v1/");
        let public = path.starts_with("/api/v1/auth/")
            || path.starts_with("/api/v1/calendar-feeds/")
            || path.starts_with("/api/v1/public/")
            || !api;
        let has_path_params = path.contains('{');
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let has_body = op.contains_key("requestBody");
            let has_query = op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            // An `If-Match` a handler declares itself (optional on state-changing POSTs) gets the
            // same syntax as the required one.
            let mut own_if_match = false;
            if let Some(ps) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                for p in ps.iter_mut().filter(|p| p["name"] == "If-Match") {
                    p["schema"] = if_match_schema();
                    own_if_match = true;
                }
            }
            if path == "/metrics" {
                op.insert("security".into(), json!([{"metrics_token": []}]));
            }
            let mut add = |code: &str| {
                let responses = op.entry("responses").or_insert_with(|| json!({}));
                if responses.get(code).is_none()
                    && let Some((_, name, _)) = PROBLEMS.iter().find(|(c, _, _)| *c == code)
                {
                    responses[code] = json!({"$ref": format!("#/components/responses/{name}")});
                }
            };
            if !api {
                // The probes and metrics sit outside the API, but the edge's NUL check (422)
                // and the problem answers hold for them too.
                add("422");
                add("500");
                if path != "/metrics" {
                    op.insert("security".into(), json!([]));
                }
                declare_headers(op, false);
                continue;
            }
            add("500");
            // Any request can be refused at the edge: a foreign origin (400), a NUL character in
            // the path or query (422).
            add("400");
            add("422");
            if !public {
                add("401");
                add("403");
            }
            // Any write may meet a constraint of the database (a unique value, a reference) or
            // a locked meeting, answered 409.
            if !public && matches!(method.as_str(), "post" | "patch" | "delete") {
                add("409");
            }
            if has_body {
                for c in ["400", "413", "415", "422"] {
                    add(c);
                }
            }
            if has_query {
                add("400");
                add("422");
            }
            if has_path_params {
                add("400");
                add("404");
            }
            if own_if_match {
                add("412");
            }
            match method.as_str() {
                "patch" | "delete" if UNVERSIONED.contains(&path.as_str()) => {}
                "patch" | "delete" => {
                    add("412");
                    add("428");
                    push_param(op, "IfMatch");
                }
                "post" if !public => {
                    add("400");
                    add("409");
                    add("422");
                    push_param(op, "IdempotencyKey");
                }
                _ => {}
            }
            if !public {
                op.insert("security".into(), json!([{"bearer": []}]));
            } else {
                op.insert("security".into(), json!([]));
            }
            declare_headers(op, method == "post" && !public);
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/route_sources.rs"));

/// Who may call each operation, read from the handlers: `(method, path under /api/v1 or the
/// root) → roles`, `None` for handlers without `Authed` (no sign-in). A handler's roles are
/// those of the role set in its `Authed<…>` parameter (`Authed` alone: every role).
pub fn operation_roles() -> std::collections::HashMap<(String, String), Option<Vec<Role>>> {
    let mut out = std::collections::HashMap::new();
    for src in ROUTE_SOURCES {
        for method in ["get", "post", "put", "patch", "delete"] {
            let marker = format!("#[{method}(\"");
            for (at, _) in src.match_indices(&marker) {
                let rest = &src[at + marker.len()..];
                let Some(end) = rest.find('"') else { continue };
                let path = &rest[..end];
                let Some(sig_at) = rest.find("pub async fn ") else {
                    continue;
                };
                let sig = &rest[sig_at..];
                let sig = &sig[..sig.find(") ->").unwrap_or(sig.len())];
                let roles = sig.find("Authed").map(|a| {
                    let after = &sig[a + "Authed".len()..];
                    match after.strip_prefix('<') {
                        Some(t) => {
                            let name = &t[..t.find('>').unwrap_or(t.len())];
                            crate::auth::role_set_named(name.trim())
                                .map(<[Role]>::to_vec)
                                .unwrap_or_default()
                        }
                        None => Role::ALL.to_vec(),
                    }
                });
                out.insert((method.to_owned(), path.to_owned()), roles);
            }
        }
    }
    out
}

/// Says in each operation's description, and in its `x-roles` extension, which roles may call it
/// (an empty list: anyone, without signing in).
fn roles(v: &mut Value) {
    let known = operation_roles();
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let local = path.strip_prefix("/api/v1").unwrap_or(path);
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let Some(roles) = known.get(&(method.clone(), local.to_owned())) else {
                continue;
            };
            let names: Vec<&str> = roles.iter().flatten().map(Role::as_str).collect();
            let line = match roles {
                None => "**Who may call it:** anyone, without signing in.".to_owned(),
                Some(_) => format!("**Roles:** {}.", names.join(", ")),
            };
            let description = op
                .get("description")
                .and_then(Value::as_str)
                .map_or(line.clone(), |d| format!("{d}\n\n{line}"));
            op.insert("description".into(), json!(description));
            op.insert("x-roles".into(), json!(names));
            if roles.is_some()
                && let Some(r403) = op
                    .get_mut("responses")
                    .and_then(|r| r.get_mut("403"))
                    .filter(|r| r.get("$ref").is_some())
            {
                *r403 = json!({
                    "description": format!("Not for the caller's role (the problem's `allowed_roles`: {}) or unit", names.join(", ")),
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                });
            }
        }
    }
}

/// Drops the components nothing refers to (a schema utoipa registered for a type that is only
/// ever inlined, a shared answer every operation replaced with its own), until none is left.
fn prune_unused(v: &mut Value) {
    loop {
        let text = v.to_string();
        let mut dropped = false;
        for kind in ["schemas", "responses", "parameters", "headers"] {
            let Some(map) = v["components"][kind].as_object_mut() else {
                continue;
            };
            let unused: Vec<String> = map
                .keys()
                .filter(|name| !text.contains(&format!("\"#/components/{kind}/{name}\"")))
                .cloned()
                .collect();
            for name in unused {
                map.remove(&name);
                dropped = true;
            }
        }
        if !dropped {
            return;
        }
    }
}

/// Declares the headers the conventions add to an operation's answers: `X-Request-Id` on every
/// answer, `Link` and `X-Total-Count` on a page of a list, `Idempotent-Replayed` on the success of
/// a POST that takes an `Idempotency-Key`.
fn declare_headers(op: &mut serde_json::Map<String, Value>, idempotent: bool) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let header = |name: &str| json!({"$ref": format!("#/components/headers/{name}")});
    for (code, r) in responses.iter_mut() {
        // References to the shared problem answers get the id from the component itself.
        if r.get("$ref").is_some() {
            continue;
        }
        let paged = r["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .is_some_and(|s| s.starts_with("#/components/schemas/Page_"));
        let Some(obj) = r.as_object_mut() else {
            continue;
        };
        let headers = obj.entry("headers").or_insert_with(|| json!({}));
        headers["X-Request-Id"] = header("XRequestId");
        if paged {
            headers["Link"] = header("Link");
            headers["X-Total-Count"] = header("XTotalCount");
        }
        if idempotent && code.starts_with('2') {
            headers["Idempotent-Replayed"] = header("IdempotentReplayed");
        }
    }
}

/// Operations on things without a version (no `If-Match`).
const UNVERSIONED: &[&str] = &["/api/v1/me/calendar-feed"];

fn if_match_schema() -> Value {
    json!({"type": "string", "pattern": "^(\\*|\"[0-9]{1,9}\")$", "example": "\"1\""})
}

fn push_param(op: &mut serde_json::Map<String, Value>, name: &str) {
    let params = op.entry("parameters").or_insert_with(|| json!([]));
    if let Some(a) = params.as_array_mut() {
        a.push(json!({"$ref": format!("#/components/parameters/{name}")}));
    }
}
