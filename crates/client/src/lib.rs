//! The typed client of the Yanpan API: one definition of every operation, for the API tests,
//! the platform's scripts and the SPA (wasm32).
//!
//! - [`ops`] defines each operation once, as data: a [`Req<T>`] (method, path, `If-Match`,
//!   `Idempotency-Key`, [`Body`], and how to read a successful answer as a `T`). Nothing in it
//!   depends on a transport.
//! - Transports send any `Req<T>` with one non-generic path and answer `Result<T, ClientError>`;
//!   an API error is `ClientError::Api(Problem)`. Single resources come back as [`Tagged<T>`]
//!   with their `ETag`, to send as `If-Match`.
//!   - feature `reqwest` (default; native and wasm32): [`Client`], with one async method per
//!     operation (`client.create_unit(&body).await`), plus [`Client::run`] for any `Req` and
//!     [`Client::request`] for calls this crate lacks.
//!   - feature `fetch` (runs in a browser, wasm32): `fetch::FetchClient` on `window.fetch`, without
//!     reqwest, `http` or `url` (the SPA: `default-features = false, features = ["fetch"]`).
//!
//! A new operation is one function in `ops` (and, for the reqwest `Client`, a one-line method).

// `ClientError::Api(Problem)` is the error its users match on (the API tests destructure it);
// boxing the problem to make the `Err` variant small would change that public shape.
#![allow(clippy::result_large_err)]

pub mod ops;
mod req;

#[cfg(feature = "reqwest")]
mod after_meeting;
#[cfg(feature = "reqwest")]
mod cases;
#[cfg(feature = "reqwest")]
mod client;
#[cfg(feature = "reqwest")]
mod documents;
#[cfg(feature = "reqwest")]
mod meetings;
#[cfg(feature = "reqwest")]
mod resources;

#[cfg(feature = "fetch")]
pub mod fetch;

#[cfg(feature = "reqwest")]
pub use client::Client;
pub use req::{Answer, Body, Method, Parts, PostOptions, Req};

#[cfg(feature = "reqwest")]
pub use reqwest;
pub use yanpan_types as types;

use yanpan_types::Problem;

#[derive(Debug, Clone, thiserror::Error)]
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

#[cfg(feature = "reqwest")]
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
