//! The `fetch` transport (wasm32): `FetchClient` sends any `Req` with the browser's `fetch`,
//! without reqwest, `http` or `url`. One non-generic send path; the only per-type code is the
//! `Req`'s reader.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yanpan_types::API_PREFIX;

use crate::req::{Answer, Body, Parts, Req};
use crate::{ClientError, ClientResult};

/// A client bound to one origin (the SPA's own); clones share the token.
#[derive(Clone)]
pub struct FetchClient {
    base: Rc<str>,
    token: Rc<RefCell<Option<String>>>,
}

fn transport(e: JsValue) -> ClientError {
    ClientError::Transport(e.as_string().unwrap_or_default())
}

/// A multipart/form-data body with one part `file`.
fn form_of(filename: &str, content_type: &str, data: &[u8]) -> Result<web_sys::FormData, JsValue> {
    let arr = js_sys::Array::of1(&js_sys::Uint8Array::from(data));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &opts)?;
    let form = web_sys::FormData::new()?;
    form.append_with_blob_and_filename("file", &blob, filename)?;
    Ok(form)
}

impl FetchClient {
    /// `base`: the server's origin, e.g. the page's `location.origin`.
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            base: base.into().trim_end_matches('/').into(),
            token: Rc::default(),
        }
    }

    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
    }

    pub fn token(&self) -> Option<String> {
        self.token.borrow().clone()
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
            Err(answer.problem())
        }
    }

    /// Sends one request to `/api/v1{path}` with the bearer token; any status comes back.
    pub async fn send(&self, p: Parts<'_>) -> ClientResult<Answer> {
        let init = web_sys::RequestInit::new();
        init.set_method(p.method.as_str());
        let headers = web_sys::Headers::new().map_err(transport)?;
        if let Some(t) = self.token.borrow().as_deref() {
            headers
                .set("Authorization", &format!("Bearer {t}"))
                .map_err(transport)?;
        }
        if let Some(e) = p.if_match {
            headers.set("If-Match", e).map_err(transport)?;
        }
        if let Some(k) = p.idempotency_key {
            headers.set("Idempotency-Key", k).map_err(transport)?;
        }
        match p.body {
            Body::None => {}
            Body::Json(s) => {
                headers
                    .set("Content-Type", "application/json")
                    .map_err(transport)?;
                init.set_body(&JsValue::from_str(s));
            }
            Body::File {
                filename,
                content_type,
                data,
            } => {
                let form = form_of(filename, content_type, data).map_err(transport)?;
                init.set_body(&form);
            }
            Body::Invalid(why) => return Err(ClientError::Transport(why.clone())),
        }
        init.set_headers(&headers);
        let url = format!("{}{API_PREFIX}{}", self.base, p.path);
        let window = web_sys::window().ok_or_else(|| ClientError::Transport("no window".into()))?;
        let res: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await
            .map_err(transport)?
            .unchecked_into();
        let h = res.headers();
        let header = |name: &str| h.get(name).ok().flatten();
        let (etag, content_type, retry_after) = (
            header("ETag"),
            header("Content-Type"),
            header("Retry-After"),
        );
        let buf = JsFuture::from(res.array_buffer().map_err(transport)?)
            .await
            .map_err(transport)?;
        Ok(Answer {
            status: res.status(),
            etag,
            content_type,
            retry_after,
            bytes: js_sys::Uint8Array::new(&buf).to_vec(),
        })
    }
}
