//! The reqwest transport: `Client` sends any `Req` (native and wasm32).

use std::sync::{Arc, Mutex};

use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH, RETRY_AFTER};
use reqwest::{RequestBuilder, StatusCode};

use crate::req::{Answer, Body, Method, Parts, Req};
use crate::{ClientError, ClientResult};

/// A client bound to one server; clones share the token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Arc<Mutex<Option<String>>>,
}

impl Client {
    /// `base` is the server's origin, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.into().trim_end_matches('/').to_owned(),
            token: Arc::default(),
        }
    }

    /// A client that shares nothing with this one (its own token).
    pub fn anonymous(&self) -> Self {
        Self {
            http: self.http.clone(),
            base: self.base.clone(),
            token: Arc::default(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn set_token(&self, token: Option<String>) {
        if let Ok(mut t) = self.token.lock() {
            *t = token;
        }
    }

    pub fn token(&self) -> Option<String> {
        self.token.lock().ok().and_then(|t| t.clone())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, yanpan_types::API_PREFIX, path)
    }

    /// A request to `/api/v1{path}` carrying the bearer token: for calls this crate lacks.
    pub fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        let b = self.http.request(method, self.url(path));
        match self.token() {
            Some(t) => b.bearer_auth(t),
            None => b,
        }
    }

    /// Sends `req`; a non-success answer is the API's problem.
    pub async fn run<T>(&self, req: Req<T>) -> ClientResult<T> {
        let answer = self.send_ok(req.parts()).await?;
        (req.read)(answer)
    }

    /// Sends one request; the answer must be a success.
    pub async fn send_ok(&self, p: Parts<'_>) -> ClientResult<Answer> {
        let answer = self.send(p).await?;
        if answer.is_success() {
            Ok(answer)
        } else {
            Err(error_of(&answer))
        }
    }

    /// Sends one request; any status comes back.
    pub async fn send(&self, p: Parts<'_>) -> ClientResult<Answer> {
        let method = match p.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut b = self.request(method, p.path);
        if let Some(e) = p.if_match {
            b = b.header(IF_MATCH, e);
        }
        if let Some(k) = p.idempotency_key {
            b = b.header("Idempotency-Key", k);
        }
        b = match p.body {
            Body::None => b,
            Body::Json(s) => b.header(CONTENT_TYPE, "application/json").body(s.clone()),
            Body::File {
                filename,
                content_type,
                data,
            } => {
                let part = reqwest::multipart::Part::bytes(data.clone())
                    .file_name(filename.clone())
                    .mime_str(content_type)?;
                b.multipart(reqwest::multipart::Form::new().part("file", part))
            }
            Body::Invalid(why) => return Err(ClientError::Transport(why.clone())),
        };
        answer_of(b.send().await?).await
    }

    /// Sends a request built with [`Client::request`]; the body's bytes and content type.
    pub async fn send_bytes(&self, b: RequestBuilder) -> ClientResult<(Vec<u8>, Option<String>)> {
        let answer = answer_of(b.send().await?).await?;
        if !answer.is_success() {
            return Err(error_of(&answer));
        }
        Ok((answer.bytes, answer.content_type))
    }

    /// Turns an error answer into its problem (or a synthetic one when the body is not problem+json).
    pub async fn problem_of(res: reqwest::Response) -> ClientError {
        let status = res.status().as_u16();
        let header = |name| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let bytes = res.bytes().await.unwrap_or_default().to_vec();
        error_of(&Answer {
            status,
            content_type,
            bytes,
            ..Answer::default()
        })
    }
}

async fn answer_of(res: reqwest::Response) -> ClientResult<Answer> {
    let header = |name| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, content_type, retry_after) =
        (header(ETAG), header(CONTENT_TYPE), header(RETRY_AFTER));
    let status = res.status().as_u16();
    let bytes = res.bytes().await?.to_vec();
    Ok(Answer {
        status,
        etag,
        content_type,
        retry_after,
        bytes,
    })
}

/// The problem of an error answer; a synthetic one is titled with the status's reason.
fn error_of(answer: &Answer) -> ClientError {
    let reason = StatusCode::from_u16(answer.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    answer.problem_titled(reason)
}
