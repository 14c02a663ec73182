//! The OpenAPI document as the server's own guard. Every request's query parameters must be ones
//! its operation declares: an unknown one (a typo such as `pagesize`) is refused with 422 naming
//! it, instead of being silently ignored. And, for tests, every answer's status must be one the
//! document lists for its operation: with `server.strict_spec_statuses` on (the test suites turn
//! it on), an undocumented status is replaced by a 500 naming the operation and the status, so
//! that any test that meets it fails where it happens, whatever it asserted.

use std::sync::Arc;

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
    /// Replace undocumented statuses by a 500 (tests).
    pub strict: bool,
}

impl SpecStatuses {
    pub fn from_spec(spec: &Value) -> Self {
        let mut ops = Vec::new();
        let mut queries = Vec::new();
        let mut public = Vec::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                let statuses = responses.keys().filter_map(|k| k.parse().ok()).collect();
                public.push(op["security"].as_array().is_some_and(Vec::is_empty));
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
            ops,
            queries,
            public,
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

    fn find(&self, method: &str, path: &str) -> Option<usize> {
        let want: Vec<&str> = path.split('/').collect();
        self.ops
            .iter()
            .enumerate()
            .filter(|(_, (tpl, m, _))| {
                m == method
                    && tpl.len() == want.len()
                    && tpl
                        .iter()
                        .zip(&want)
                        .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w)
            })
            .max_by_key(|(_, (tpl, _, _))| tpl.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(i, _)| i)
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
