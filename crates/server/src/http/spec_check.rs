//! A guard for tests: every answer's status must be one the OpenAPI document lists for its
//! operation. When `server.strict_spec_statuses` is on (the test suites turn it on), an
//! undocumented status is replaced by a 500 naming the operation and the status, so that any test
//! that meets it fails where it happens, whatever it asserted.

use std::sync::Arc;

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Data;
use serde_json::Value;

/// Each operation's path template (as segments), method and documented statuses.
#[derive(Debug, Default)]
pub struct SpecStatuses {
    ops: Vec<(Vec<String>, String, Vec<u16>)>,
}

impl SpecStatuses {
    pub fn from_spec(spec: &Value) -> Self {
        let mut ops = Vec::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                let statuses = responses.keys().filter_map(|k| k.parse().ok()).collect();
                ops.push((
                    path.split('/').map(str::to_owned).collect(),
                    method.to_ascii_uppercase(),
                    statuses,
                ));
            }
        }
        Self { ops }
    }

    /// The operation answering `method path` (the template with the most literal segments wins,
    /// as in routing) with its documented statuses.
    pub fn lookup(&self, method: &str, path: &str) -> Option<(String, &[u16])> {
        let want: Vec<&str> = path.split('/').collect();
        self.ops
            .iter()
            .filter(|(tpl, m, _)| {
                m == method
                    && tpl.len() == want.len()
                    && tpl
                        .iter()
                        .zip(&want)
                        .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w)
            })
            .max_by_key(|(tpl, _, _)| tpl.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(tpl, m, s)| (format!("{m} {}", tpl.join("/")), s.as_slice()))
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let table = req.app_data::<Data<Arc<SpecStatuses>>>().cloned();
    let res = next.call(req).await?;
    let Some(table) = table else {
        return Ok(res.map_into_left_body());
    };
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
}
