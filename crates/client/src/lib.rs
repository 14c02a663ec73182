//! The typed client of the Yanpan API, for the tests, the SPA (wasm32) and the platform's scripts.
//!
//! Every call answers `Result<T, ClientError>`; an API error is `ClientError::Api(Problem)`.
//! Single resources come back as `Tagged<T>` with their `ETag`, to send as `If-Match`.

mod meetings;
mod resources;

pub use resources::PostOptions;

use std::sync::{Arc, Mutex};

use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yanpan_types::{PROBLEM_CONTENT_TYPE, Page, PageParams, Problem};

pub use reqwest;
pub use yanpan_types as types;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The API answered with a problem (any 4xx/5xx).
    #[error("{} {}: {}", .0.status, .0.code, .0.detail.clone().unwrap_or_default())]
    Api(Problem),
    /// The request did not reach the API or its answer could not be read.
    #[error("transport: {0}")]
    Transport(String),
}

impl ClientError {
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Api(p) => Some(p),
            Self::Transport(_) => None,
        }
    }
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        self.problem().map(|p| p.status)
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        Self::Transport(e.to_string())
    }
}

pub type ClientResult<T> = Result<T, ClientError>;

/// A resource and the `ETag` of its version.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged<T> {
    pub value: T,
    pub etag: String,
}

impl<T> std::ops::Deref for Tagged<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A client bound to one server; clones share the token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Arc<Mutex<Option<String>>>,
}

impl Client {
    /// `base` is the server's origin, e.g. `http://127.0.0.1:8080` (the SPA passes its own origin).
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
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let b = self.http.request(method, self.url(path));
        match self.token() {
            Some(t) => b.bearer_auth(t),
            None => b,
        }
    }

    pub(crate) async fn send<T: DeserializeOwned>(&self, b: RequestBuilder) -> ClientResult<T> {
        let res = b.send().await?;
        Self::read(res).await.map(|(v, _)| v)
    }

    pub(crate) async fn send_tagged<T: DeserializeOwned>(
        &self,
        b: RequestBuilder,
    ) -> ClientResult<Tagged<T>> {
        let res = b.send().await?;
        let (value, etag) = Self::read(res).await?;
        Ok(Tagged {
            value,
            etag: etag.unwrap_or_default(),
        })
    }

    pub(crate) async fn send_empty(&self, b: RequestBuilder) -> ClientResult<()> {
        let res = b.send().await?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(Self::problem_of(res).await)
        }
    }

    pub async fn send_bytes(&self, b: RequestBuilder) -> ClientResult<(Vec<u8>, Option<String>)> {
        let res = b.send().await?;
        if !res.status().is_success() {
            return Err(Self::problem_of(res).await);
        }
        let ct = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok((res.bytes().await?.to_vec(), ct))
    }

    async fn read<T: DeserializeOwned>(
        res: reqwest::Response,
    ) -> ClientResult<(T, Option<String>)> {
        if !res.status().is_success() {
            return Err(Self::problem_of(res).await);
        }
        let etag = res
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = res.bytes().await?;
        let value = serde_json::from_slice(&bytes)
            .map_err(|e| ClientError::Transport(format!("unreadable answer: {e}")))?;
        Ok((value, etag))
    }

    /// Turns an error answer into its problem (or a synthetic one when the body is not problem+json).
    pub async fn problem_of(res: reqwest::Response) -> ClientError {
        let status = res.status();
        let is_problem = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE));
        let body = res.bytes().await.unwrap_or_default();
        match serde_json::from_slice::<Problem>(&body) {
            Ok(p) if is_problem => ClientError::Api(p),
            _ => ClientError::Api(synthetic(
                status,
                String::from_utf8_lossy(&body).into_owned(),
            )),
        }
    }

    pub(crate) fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    pub(crate) fn post<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    pub(crate) fn patch<B: Serialize + ?Sized>(
        &self,
        path: &str,
        etag: &str,
        body: &B,
    ) -> RequestBuilder {
        self.request(Method::PATCH, path)
            .header(reqwest::header::IF_MATCH, etag)
            .json(body)
    }

    pub(crate) fn delete(&self, path: &str, etag: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
            .header(reqwest::header::IF_MATCH, etag)
    }

    pub(crate) async fn list<T: DeserializeOwned, Q: Serialize>(
        &self,
        path: &str,
        q: &Q,
        page: PageParams,
    ) -> ClientResult<Page<T>> {
        let mut qs =
            serde_urlencoded::to_string(q).map_err(|e| ClientError::Transport(e.to_string()))?;
        if !qs.is_empty() {
            qs.push('&');
        }
        qs.push_str(&format!("page={}&page_size={}", page.page, page.page_size));
        self.send(self.get(&format!("{path}?{qs}"))).await
    }
}

fn synthetic(status: StatusCode, detail: String) -> Problem {
    Problem {
        type_: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: Some(detail),
        instance: None,
        code: "http_error".into(),
        request_id: None,
        errors: vec![],
        allowed: None,
    }
}
