//! What answers when no route matched: 405 with `Allow` for a known path, the SPA's
//! `index.html` for a browser route, 404 problem+json otherwise.

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;

/// Every API path template with its methods, read from the OpenAPI document.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteTable {
    pub fn from_spec(value: &serde_json::Value) -> Self {
        let mut routes = Vec::new();
        if let Some(paths) = value.get("paths").and_then(|p| p.as_object()) {
            for (path, item) in paths {
                let methods: Vec<String> = item
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .filter(|k| {
                                matches!(
                                    k.as_str(),
                                    "get"
                                        | "post"
                                        | "put"
                                        | "patch"
                                        | "delete"
                                        | "head"
                                        | "options"
                                )
                            })
                            .map(|k| k.to_ascii_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                routes.push((segments(path), methods));
            }
        }
        Self { routes }
    }

    /// The methods the path allows, or `None` when no API path matches it.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let want = segments(path);
        // Of the templates that fit, the most literal ones name the resource: `/cases/batch` is
        // not `/cases/{case_number}` (as routing has it too).
        let mut found: Option<(usize, Vec<String>)> = None;
        for (tpl, methods) in &self.routes {
            let fits = tpl.len() == want.len()
                && tpl
                    .iter()
                    .zip(&want)
                    .all(|(t, w)| (t.starts_with('{') && !w.is_empty()) || t == w);
            if !fits {
                continue;
            }
            let params = tpl.iter().filter(|t| t.starts_with('{')).count();
            match &mut found {
                Some((best, _)) if params > *best => continue,
                Some((best, f)) if params == *best => {
                    for m in methods {
                        if !f.contains(m) {
                            f.push(m.clone());
                        }
                    }
                }
                _ => found = Some((params, methods.clone())),
            }
        }
        found.map(|(_, mut f)| {
            f.sort();
            f
        })
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// Where the built SPA lives.
#[derive(Debug, Clone)]
pub struct SpaDir(pub Option<PathBuf>);

pub async fn default_service(
    req: HttpRequest,
    routes: web::Data<Arc<RouteTable>>,
    spa: web::Data<SpaDir>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if let Some(allow) = routes.allowed(path) {
        if req.method() == Method::OPTIONS {
            return Ok(HttpResponse::NoContent()
                .insert_header((header::ALLOW, allow.join(", ")))
                .finish());
        }
        return Err(ApiError::MethodNotAllowed { allow });
    }
    let api_like = path.starts_with("/api/") || path == "/api" || path.starts_with("/docs");
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if !api_like
        && !looks_like_file
        && matches!(*req.method(), Method::GET | Method::HEAD)
        && let Some(dir) = &spa.0
    {
        let index = dir.join("index.html");
        if let Ok(html) = tokio::fs::read(&index).await {
            return Ok(HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .body(html));
        }
    }
    Err(ApiError::NotFound("resource"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates() {
        let t = RouteTable {
            routes: vec![
                (segments("/api/v1/units"), vec!["GET".into(), "POST".into()]),
                (
                    segments("/api/v1/units/{id}"),
                    vec!["GET".into(), "PATCH".into()],
                ),
            ],
        };
        assert_eq!(
            t.allowed("/api/v1/units/abc"),
            Some(vec!["GET".into(), "PATCH".into()])
        );
        assert_eq!(
            t.allowed("/api/v1/units"),
            Some(vec!["GET".into(), "POST".into()])
        );
        assert_eq!(t.allowed("/api/v1/nope"), None);
    }

    #[test]
    fn a_literal_segment_names_its_own_resource() {
        let t = RouteTable {
            routes: vec![
                (segments("/api/v1/cases/{n}"), vec!["GET".into()]),
                (segments("/api/v1/cases/batch"), vec!["POST".into()]),
            ],
        };
        assert_eq!(t.allowed("/api/v1/cases/batch"), Some(vec!["POST".into()]));
        assert_eq!(t.allowed("/api/v1/cases/PA1"), Some(vec!["GET".into()]));
    }
}
