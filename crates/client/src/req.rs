//! An API operation as data: what to send and how to read a successful answer. Transports
//! (`Client` on reqwest, `fetch::FetchClient`) send any `Req<T>` with one non-generic path; the
//! only per-type code is `Req::read`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yanpan_types::{PROBLEM_CONTENT_TYPE, PageParams, Problem};

use crate::{ClientError, ClientResult, Tagged};

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// A request body, independent of the transport.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    None,
    /// `application/json`.
    Json(String),
    /// `multipart/form-data` with one part `file`.
    File {
        filename: String,
        content_type: String,
        data: Vec<u8>,
    },
    /// The request could not be built (the reason): sending fails without reaching the API.
    Invalid(String),
}

impl Body {
    /// `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(body: &B) -> Self {
        match serde_json::to_string(body) {
            Ok(s) => Self::Json(s),
            Err(e) => Self::Invalid(e.to_string()),
        }
    }
}

/// An answer as it came, whatever its status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The problem of an error answer (or a synthetic one, `code: "http_error"`, when the body is
    /// not problem+json).
    pub fn problem(&self) -> ClientError {
        self.problem_titled("Error")
    }

    pub(crate) fn problem_titled(&self, title: &str) -> ClientError {
        let is_problem = self
            .content_type
            .as_deref()
            .is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE));
        match serde_json::from_slice::<Problem>(&self.bytes) {
            Ok(p) if is_problem => ClientError::Api(p),
            _ => ClientError::Api(synthetic(
                self.status,
                title,
                String::from_utf8_lossy(&self.bytes).into_owned(),
            )),
        }
    }

    /// The JSON body as a `T`.
    pub fn json<T: DeserializeOwned>(&self) -> ClientResult<T> {
        serde_json::from_slice(&self.bytes)
            .map_err(|e| ClientError::Transport(format!("unreadable answer: {e}")))
    }
}

pub(crate) fn synthetic(status: u16, title: &str, detail: String) -> Problem {
    Problem {
        type_: "about:blank".into(),
        title: title.into(),
        status,
        detail: Some(detail),
        instance: None,
        code: yanpan_types::ProblemCode::HttpError,
        request_id: None,
        errors: vec![],
        allowed: None,
        allowed_roles: None,
        retry_after: None,
    }
}

/// Extra headers for a `POST`.
#[derive(Debug, Clone, Default)]
pub struct PostOptions {
    pub idempotency_key: Option<String>,
}

/// What a transport sends: a `Req` without its reader (the same type for every operation).
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub method: Method,
    /// Below `/api/v1`, with the query.
    pub path: &'a str,
    pub if_match: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub body: &'a Body,
}

/// One API operation, ready to send (and to send again, e.g. after a token refresh).
pub struct Req<T> {
    pub method: Method,
    /// Below `/api/v1`, with the query.
    pub path: String,
    pub if_match: Option<String>,
    pub idempotency_key: Option<String>,
    pub body: Body,
    /// Reads a successful answer.
    pub read: fn(Answer) -> ClientResult<T>,
}

impl<T> std::fmt::Debug for Req<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Req")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("if_match", &self.if_match)
            .field("idempotency_key", &self.idempotency_key)
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

fn read_json<T: DeserializeOwned>(a: Answer) -> ClientResult<T> {
    a.json()
}

fn read_items<T: DeserializeOwned>(a: Answer) -> ClientResult<Vec<T>> {
    Ok(a.json::<yanpan_types::Page<T>>()?.items)
}

fn read_tagged<T: DeserializeOwned>(a: Answer) -> ClientResult<Tagged<T>> {
    Ok(Tagged {
        value: a.json()?,
        etag: a.etag.unwrap_or_default(),
    })
}

impl<T> Req<T> {
    /// An operation with its own reader.
    pub fn new(
        method: Method,
        path: impl Into<String>,
        body: Body,
        read: fn(Answer) -> ClientResult<T>,
    ) -> Self {
        Self {
            method,
            path: path.into(),
            if_match: None,
            idempotency_key: None,
            body,
            read,
        }
    }

    /// Sends `If-Match: etag`.
    pub fn if_match(mut self, etag: &str) -> Self {
        self.if_match = Some(etag.to_owned());
        self
    }

    /// Sends `Idempotency-Key: key`.
    pub fn idempotency_key(mut self, key: &str) -> Self {
        self.idempotency_key = Some(key.to_owned());
        self
    }

    /// Applies the options of a `POST`.
    pub fn with(self, opts: &PostOptions) -> Self {
        match &opts.idempotency_key {
            Some(k) => self.idempotency_key(k),
            None => self,
        }
    }

    /// What to send.
    pub fn parts(&self) -> Parts<'_> {
        Parts {
            method: self.method,
            path: &self.path,
            if_match: self.if_match.as_deref(),
            idempotency_key: self.idempotency_key.as_deref(),
            body: &self.body,
        }
    }
}

impl<T: DeserializeOwned> Req<Vec<T>> {
    /// A list read whole: the answer is the paged envelope (`Page`) with every item on page 1.
    pub fn items(path: impl Into<String>) -> Self {
        Self::new(Method::Get, path, Body::None, read_items::<T>)
    }
}

impl<T: DeserializeOwned> Req<T> {
    /// The answer is a `T` in JSON.
    pub fn json(method: Method, path: impl Into<String>, body: Body) -> Self {
        Self::new(method, path, body, read_json::<T>)
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::json(Method::Get, path, Body::None)
    }

    /// A page of a list: `path?<query>&page=..&page_size=..`.
    pub fn list<Q: Serialize + ?Sized>(path: &str, q: &Q, page: PageParams) -> Self {
        match serde_urlencoded::to_string(q) {
            Ok(mut qs) => {
                if !qs.is_empty() {
                    qs.push('&');
                }
                Self::get(format!(
                    "{path}?{qs}page={}&page_size={}",
                    page.page, page.page_size
                ))
            }
            Err(e) => Self::json(Method::Get, path, Body::Invalid(e.to_string())),
        }
    }
}

impl<T: DeserializeOwned> Req<T> {
    /// `GET path?<query>` for the analyses and other non-paged reads with filters.
    pub fn query<Q: Serialize + ?Sized>(path: &str, q: &Q) -> Self {
        match serde_urlencoded::to_string(q) {
            Ok(qs) if qs.is_empty() => Self::get(path),
            Ok(qs) => Self::get(format!("{path}?{qs}")),
            Err(e) => Self::json(Method::Get, path, Body::Invalid(e.to_string())),
        }
    }
}

impl<T: DeserializeOwned> Req<Tagged<T>> {
    /// The answer is a `T` in JSON with its `ETag`.
    pub fn tagged(method: Method, path: impl Into<String>, body: Body) -> Self {
        Self::new(method, path, body, read_tagged::<T>)
    }
}

impl Req<()> {
    /// Any successful answer will do.
    pub fn empty(method: Method, path: impl Into<String>, body: Body) -> Self {
        Self::new(method, path, body, |_| Ok(()))
    }
}

impl Req<(Vec<u8>, Option<String>)> {
    /// The answer's bytes and content type.
    pub fn bytes(path: impl Into<String>) -> Self {
        Self::new(Method::Get, path, Body::None, |a| {
            Ok((a.bytes, a.content_type))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_carry_query_and_page() {
        #[derive(Serialize)]
        struct Q {
            kind: Option<&'static str>,
        }
        let r: Req<serde_json::Value> = Req::list(
            "/units",
            &Q {
                kind: Some("street"),
            },
            PageParams::new(2, 5),
        );
        assert_eq!(r.path, "/units?kind=street&page=2&page_size=5");
        let r: Req<serde_json::Value> = Req::list("/units", &(), PageParams::new(1, 20));
        assert_eq!(r.path, "/units?page=1&page_size=20");
    }

    #[test]
    fn error_answers_become_problems() {
        let a = Answer {
            status: 502,
            bytes: b"bad gateway".to_vec(),
            ..Answer::default()
        };
        let p = a.problem();
        assert_eq!(p.status(), Some(502));
        assert_eq!(p.problem().map(|p| p.code.as_str()), Some("http_error"));
    }
}
