//! The OpenAPI document as the server's own guard. Every request's query parameters must be ones
//! its operation declares: an unknown one (a typo such as `pagesize`) is refused with 422 naming
//! it, instead of being silently ignored. And, for tests, every answer's status must be one the
//! document lists for its operation: with `server.strict_spec_statuses` on (the test suites turn
//! it on), an undocumented status is replaced by a 500 naming the operation and the status, so
//! that any test that meets it fails where it happens, whatever it asserted.

use std::sync::{Arc, OnceLock};

use actix_web::{Error, HttpMessage, ResponseError};

use yanpan_types::FieldError;

use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Data;
use serde_json::Value;

/// Each operation's path template (as segments), method, documented statuses and query
/// parameter names.
#[derive(Debug, Default)]
pub struct SpecStatuses {
    ops: Vec<(Vec<String>, String, Vec<u16>)>,
    queries: Vec<Vec<String>>,
    /// Operations that need no credentials (`security: []`).
    public: Vec<bool>,
    /// Each operation's JSON request body schema, if it takes one.
    bodies: Vec<Option<Value>>,
    /// The document's `components`, against which the body schemas' `$ref`s resolve.
    components: Value,
    /// The body schemas compiled on first use (most operations never see a malformed body).
    validators: Vec<OnceLock<Option<jsonschema::Validator>>>,
    /// Replace undocumented statuses by a 500 (tests).
    pub strict: bool,
}

impl SpecStatuses {
    pub fn from_spec(spec: &Value) -> Self {
        let mut ops = Vec::new();
        let mut queries = Vec::new();
        let mut public = Vec::new();
        let mut bodies = Vec::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                let statuses = responses.keys().filter_map(|k| k.parse().ok()).collect();
                public.push(op["security"].as_array().is_some_and(Vec::is_empty));
                bodies.push(
                    op.pointer("/requestBody/content/application~1json/schema")
                        .cloned(),
                );
                queries.push(
                    op["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|p| p["in"] == "query")
                        .filter_map(|p| p["name"].as_str().map(str::to_owned))
                        .collect(),
                );
                ops.push((
                    path.split('/').map(str::to_owned).collect(),
                    method.to_ascii_uppercase(),
                    statuses,
                ));
            }
        }
        Self {
            validators: ops.iter().map(|_| OnceLock::new()).collect(),
            ops,
            queries,
            public,
            bodies,
            components: spec.get("components").cloned().unwrap_or(Value::Null),
            strict: false,
        }
    }

    /// The operation answering `method path` (the template with the most literal segments wins,
    /// as in routing) with its documented statuses.
    pub fn lookup(&self, method: &str, path: &str) -> Option<(String, &[u16])> {
        self.find(method, path).map(|i| {
            let (tpl, m, s) = &self.ops[i];
            (format!("{m} {}", tpl.join("/")), s.as_slice())
        })
    }

    /// Whether the operation answering `method path` needs no credentials.
    pub fn is_public(&self, method: &str, path: &str) -> bool {
        self.find(method, path).is_some_and(|i| self.public[i])
    }

    /// The query parameters of `query` that the operation does not declare.
    pub fn unknown_query_names(&self, method: &str, path: &str, query: &str) -> Vec<String> {
        let Some(i) = self.find(method, path) else {
            return vec![];
        };
        let known = &self.queries[i];
        let mut out: Vec<String> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| !known.contains(k))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every way `body` does not fit the request body schema of the operation answering
    /// `method path`, one field error each (serde stops at the first; a form wants them all).
    /// Empty when the operation is unknown, takes no JSON body, or the body fits.
    pub fn body_errors(&self, method: &str, path: &str, body: &Value) -> Vec<FieldError> {
        let Some(i) = self.find(method, path) else {
            return vec![];
        };
        let validator = self.validators[i].get_or_init(|| {
            let schema = self.bodies[i].as_ref()?;
            // The body schema with the components beside it, so that `#/components/...`
            // references resolve inside this one document.
            let root = serde_json::json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": self.components,
                "allOf": [schema],
            });
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .map_err(|e| tracing::warn!(error = %e, "a request body schema does not compile"))
                .ok()
        });
        let Some(validator) = validator else {
            return vec![];
        };
        let mut out: Vec<FieldError> = Vec::new();
        for e in validator.iter_errors(body) {
            use jsonschema::error::ValidationErrorKind as K;
            let at = field_path(e.instance_path().as_str());
            let (fields, code, message) = match e.kind() {
                K::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    (
                        vec![join(&at, name)],
                        "required",
                        "this field is required".to_owned(),
                    )
                }
                K::AdditionalProperties { unexpected } => (
                    unexpected.iter().map(|u| join(&at, u)).collect(),
                    "unknown_field",
                    "this field is not part of the request".to_owned(),
                ),
                _ => (vec![at.clone()], "invalid", e.to_string()),
            };
            for field in fields {
                let field = if field.is_empty() {
                    "body".into()
                } else {
                    field
                };
                // `oneOf`/`anyOf` may report one place several times: keep the first.
                if !out.iter().any(|f| f.field == field) {
                    out.push(FieldError::new(field, code, message.clone()));
                }
            }
        }
        out.sort_by(|a, b| a.field.cmp(&b.field));
        out
    }

    /// The templates fitting `path`, with how many literal segments each has.
    fn fitting<'a>(&'a self, path: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let want: Vec<&str> = path.split('/').collect();
        self.ops
            .iter()
            .enumerate()
            .filter(move |(_, (tpl, _, _))| {
                tpl.len() == want.len()
                    && tpl
                        .iter()
                        .zip(&want)
                        .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w)
            })
            .map(|(i, (tpl, _, _))| (i, tpl.iter().filter(|t| !t.starts_with('{')).count()))
    }

    /// The operation answering `method path`: among the templates that fit the path, the most
    /// literal ones name the resource (`/cases/batch` is not `/cases/{case_number}`), whatever
    /// their methods.
    fn find(&self, method: &str, path: &str) -> Option<usize> {
        let best = self.fitting(path).map(|(_, lit)| lit).max()?;
        self.fitting(path)
            .find(|(i, lit)| *lit == best && self.ops[*i].1 == method)
            .map(|(i, _)| i)
    }

    /// The methods of the resource at `path` when `method` is not one of them but a less literal
    /// template has it (`GET /cases/batch`): routing would hand the request to that template's
    /// handler, so it is answered 405 here instead.
    pub fn shadowed(&self, method: &str, path: &str) -> Option<Vec<String>> {
        if self.find(method, path).is_some()
            || !self.fitting(path).any(|(i, _)| self.ops[i].1 == method)
        {
            return None;
        }
        let best = self.fitting(path).map(|(_, lit)| lit).max()?;
        let mut allow: Vec<String> = self
            .fitting(path)
            .filter(|(_, lit)| *lit == best)
            .map(|(i, _)| self.ops[i].1.clone())
            .collect();
        allow.sort();
        allow.dedup();
        Some(allow)
    }
}

/// A JSON pointer (`/entries/2/reason`) as the field paths of the validator's errors
/// (`entries[2].reason`).
fn field_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.parse::<usize>().is_ok() && !out.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            out = join(&out, &seg);
        }
    }
    out
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Query parameters the operation does not declare, waiting for the role check.
#[derive(Debug, Clone)]
pub struct UnknownQuery(pub Vec<String>);

/// The 422 naming each unknown query parameter.
pub fn unknown_parameters(names: Vec<String>) -> ApiError {
    ApiError::Validation(
        names
            .into_iter()
            .map(|name| {
                FieldError::new(
                    name,
                    "unknown_parameter",
                    "this operation takes no such query parameter",
                )
            })
            .collect(),
    )
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(table) = req.app_data::<Data<Arc<SpecStatuses>>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if let Some(allow) = table.shadowed(req.method().as_str(), req.path()) {
        let err = crate::error::ApiError::MethodNotAllowed { allow };
        let res = req.into_response(err.error_response());
        return Ok(res.map_into_right_body());
    }
    let query = req.query_string();
    if !query.is_empty() {
        let (method, path) = (req.method().as_str(), req.path());
        let unknown = table.unknown_query_names(method, path, query);
        if !unknown.is_empty() {
            if table.is_public(method, path) {
                let err = unknown_parameters(unknown);
                let res = req.into_response(err.error_response());
                return Ok(res.map_into_right_body());
            }
            // Refused by `Authed` once the role is known: a caller without the role learns
            // nothing about the operation's parameters.
            req.extensions_mut().insert(UnknownQuery(unknown));
        }
    }
    let res = next.call(req).await?;
    if !table.strict {
        return Ok(res.map_into_left_body());
    }
    let status = res.status().as_u16();
    let op = table.lookup(res.request().method().as_str(), res.request().path());
    match op {
        Some((name, documented)) if !documented.contains(&status) => {
            tracing::error!(operation = %name, status, "answered with an undocumented status");
            // Say it in the body: a test failing on this 500 should tell what to document.
            let problem = actix_web::HttpResponse::InternalServerError()
                .content_type(yanpan_types::PROBLEM_CONTENT_TYPE)
                .body(
                    serde_json::json!({
                        "type": "urn:yanpan:problem:undocumented_status",
                        "title": "Internal Server Error",
                        "status": 500,
                        "code": "undocumented_status",
                        "detail": format!("{name} answered {status}, which the OpenAPI document does not list"),
                    })
                    .to_string(),
                );
            Ok(res.into_response(problem).map_into_right_body())
        }
        _ => Ok(res.map_into_left_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_does_not_fit_names_every_invalid_field() {
        let t = SpecStatuses::from_spec(&crate::startup::openapi_document());
        let body = serde_json::json!({
            "kind": "regular", "title": "十二月例会", "period": "2026-12",
            "place": "", "chair": "", "ends_at": "not a time", "colour": "red",
        });
        let errors = t.body_errors("POST", "/api/v1/meetings", &body);
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("chair", "invalid"),
                ("colour", "unknown_field"),
                ("ends_at", "invalid"),
                ("place", "invalid"),
                ("starts_at", "required"),
            ]
        );
        let batch = serde_json::json!({"entries": [
            {"unit_id": "0190a0a0-0000-7000-8000-000000000001", "attendance": "present"},
            {"attendance": "maybe"},
        ]});
        let errors = t.body_errors("PUT", "/api/v1/meetings/x/attendance", &batch);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["entries[1].attendance", "entries[1].unit_id"]);
        assert!(
            t.body_errors("POST", "/api/v1/meetings", &serde_json::json!({}))
                .len()
                >= 6
        );
    }

    #[test]
    fn the_most_literal_template_answers() {
        let spec = serde_json::json!({"paths": {
            "/api/v1/meetings/{id}": {"get": {"responses": {"200": {}, "404": {}}}},
            "/api/v1/meetings/cadence": {"get": {"responses": {"200": {}}}},
        }});
        let t = SpecStatuses::from_spec(&spec);
        let (name, s) = t.lookup("GET", "/api/v1/meetings/123").unwrap();
        assert_eq!(
            (name.as_str(), s),
            ("GET /api/v1/meetings/{id}", &[200, 404][..])
        );
        let (name, _) = t.lookup("GET", "/api/v1/meetings/cadence").unwrap();
        assert_eq!(name, "GET /api/v1/meetings/cadence");
        assert!(t.lookup("DELETE", "/api/v1/meetings/123").is_none());
    }

    #[test]
    fn query_parameters_an_operation_does_not_declare_are_named() {
        let spec = serde_json::json!({"paths": {
            "/api/v1/meetings": {"get": {"responses": {"200": {}}, "parameters": [
                {"name": "page", "in": "query"}, {"name": "If-Match", "in": "header"}]}},
        }});
        let t = SpecStatuses::from_spec(&spec);
        assert_eq!(
            t.unknown_query_names(
                "GET",
                "/api/v1/meetings",
                "page=2&pagesize=5&If-Match=x&pagesize=6"
            ),
            ["If-Match", "pagesize"]
        );
        assert!(
            t.unknown_query_names("GET", "/api/v1/meetings", "page=1")
                .is_empty()
        );
        // Paths that are no operation are not judged here.
        assert!(t.unknown_query_names("GET", "/", "x=1").is_empty());
    }
}
