//! The SPA's own small API client on the browser's `fetch`: the same operations, paths and
//! wire types (`yanpan_types`) as the shared `yanpan_client`, without reqwest, `http` and `url`
//! (about 45 KB of the gzipped bundle). One non-generic request path; the only per-type code is
//! the JSON decoding of the answer.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yanpan_types::*;

/// What went wrong with a call.
#[derive(Debug, Clone)]
pub enum ClientError {
    /// The API answered with a problem (any 4xx/5xx).
    Api(Problem),
    /// The request did not reach the API or its answer could not be read.
    Transport(String),
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

/// A request body.
pub enum Body {
    None,
    /// The body could not be built: the call fails without being sent.
    Broken,
    Json(String),
    Form(web_sys::FormData),
}

/// An answer as it came.
pub struct Raw {
    pub status: u16,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub bytes: Vec<u8>,
}

/// A client bound to the page's origin; clones share the token.
#[derive(Clone)]
pub struct Client {
    base: Rc<str>,
    token: Rc<RefCell<Option<String>>>,
}

fn transport(e: JsValue) -> ClientError {
    ClientError::Transport(e.as_string().unwrap_or_default())
}

fn json<B: Serialize + ?Sized>(body: &B) -> Body {
    Body::Json(serde_json::to_string(body).unwrap_or_default())
}

/// Decodes a successful JSON answer.
fn decode<T: DeserializeOwned>(raw: &Raw) -> ClientResult<T> {
    serde_json::from_slice(&raw.bytes).map_err(|_| unreadable())
}

fn decode_plain<T: DeserializeOwned>(raw: Raw) -> ClientResult<T> {
    decode(&raw)
}

fn decode_tagged<T: DeserializeOwned>(raw: Raw) -> ClientResult<Tagged<T>> {
    Ok(Tagged {
        value: decode(&raw)?,
        etag: raw.etag.unwrap_or_default(),
    })
}

/// One API operation, ready to send (again, after a refresh): what to send and how to read a
/// successful answer. Sending is the same code for every operation; only `decode` is per type.
pub struct Req<T> {
    pub method: &'static str,
    pub path: String,
    pub if_match: Option<String>,
    pub body: Body,
    pub decode: fn(Raw) -> ClientResult<T>,
}

impl<T> Req<T> {
    pub fn with(
        method: &'static str,
        path: &str,
        if_match: Option<&str>,
        body: Body,
        decode: fn(Raw) -> ClientResult<T>,
    ) -> Self {
        Self {
            method,
            path: path.to_owned(),
            if_match: if_match.map(str::to_owned),
            body,
            decode,
        }
    }
}

impl<T: DeserializeOwned> Req<T> {
    /// The answer is a `T` in JSON.
    pub fn new(method: &'static str, path: &str, body: Body) -> Self {
        Self::with(method, path, None, body, decode_plain::<T>)
    }

    pub fn get(path: &str) -> Self {
        Self::new("GET", path, Body::None)
    }
}

impl<T: DeserializeOwned> Req<Tagged<T>> {
    /// The answer is a `T` in JSON with its `ETag`.
    pub fn tagged(method: &'static str, path: &str, if_match: Option<&str>, body: Body) -> Self {
        Self::with(method, path, if_match, body, decode_tagged::<T>)
    }
}

impl Req<()> {
    /// Any successful answer will do.
    pub fn empty(method: &'static str, path: &str, if_match: Option<&str>, body: Body) -> Self {
        Self::with(method, path, if_match, body, |_| Ok(()))
    }
}

fn unreadable() -> ClientError {
    ClientError::Transport("unreadable answer".into())
}

/// The problem of an error answer (or a synthetic one when the body is not problem+json).
pub fn problem_of(raw: &Raw) -> ClientError {
    let is_problem = raw
        .content_type
        .as_deref()
        .is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE));
    match serde_json::from_slice::<Problem>(&raw.bytes) {
        Ok(p) if is_problem => ClientError::Api(p),
        _ => ClientError::Api(Problem {
            type_: "about:blank".into(),
            title: "Error".into(),
            status: raw.status,
            detail: Some(String::from_utf8_lossy(&raw.bytes).into_owned()),
            instance: None,
            code: "http_error".into(),
            request_id: None,
            errors: vec![],
            allowed: None,
        }),
    }
}

/// A multipart/form-data body with one file.
fn form_of(filename: &str, content_type: &str, data: &[u8]) -> Result<Body, JsValue> {
    let arr = js_sys::Array::of1(&js_sys::Uint8Array::from(data));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &opts)?;
    let form = web_sys::FormData::new()?;
    form.append_with_blob_and_filename("file", &blob, filename)?;
    Ok(Body::Form(form))
}

fn page_query<Q: Serialize>(path: &str, q: &Q, page: PageParams) -> String {
    let mut qs = serde_urlencoded::to_string(q).unwrap_or_default();
    if !qs.is_empty() {
        qs.push('&');
    }
    format!("{path}?{qs}page={}&page_size={}", page.page, page.page_size)
}

impl Client {
    /// `base`: the server's origin (the page's own).
    pub fn new(base: String) -> Self {
        Self {
            base: base.trim_end_matches('/').into(),
            token: Rc::default(),
        }
    }

    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
    }

    /// Sends one request to `/api/v1{path}` with the bearer token; any status comes back.
    pub async fn fetch(
        &self,
        method: &str,
        path: &str,
        if_match: Option<&str>,
        body: Body,
    ) -> ClientResult<Raw> {
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(transport)?;
        if let Some(t) = self.token.borrow().as_deref() {
            headers
                .set("Authorization", &format!("Bearer {t}"))
                .map_err(transport)?;
        }
        if let Some(e) = if_match {
            headers.set("If-Match", e).map_err(transport)?;
        }
        match body {
            Body::None => {}
            Body::Broken => return Err(unreadable()),
            Body::Json(s) => {
                headers
                    .set("Content-Type", "application/json")
                    .map_err(transport)?;
                init.set_body(&JsValue::from_str(&s));
            }
            Body::Form(f) => init.set_body(&f),
        }
        init.set_headers(&headers);
        let url = format!("{}{API_PREFIX}{path}", self.base);
        let res: web_sys::Response = JsFuture::from(
            web_sys::window()
                .ok_or_else(unreadable)?
                .fetch_with_str_and_init(&url, &init),
        )
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
        Ok(Raw {
            status: res.status(),
            etag,
            content_type,
            retry_after,
            bytes: js_sys::Uint8Array::new(&buf).to_vec(),
        })
    }

    /// A request whose answer must be a success.
    pub async fn ok(
        &self,
        method: &str,
        path: &str,
        if_match: Option<&str>,
        body: Body,
    ) -> ClientResult<Raw> {
        let raw = self.fetch(method, path, if_match, body).await?;
        if (200..300).contains(&raw.status) {
            Ok(raw)
        } else {
            Err(problem_of(&raw))
        }
    }

    /// Sends `req` once; a non-success answer is the API's problem.
    pub async fn run<T>(&self, req: Req<T>) -> ClientResult<T> {
        let raw = self
            .ok(req.method, &req.path, req.if_match.as_deref(), req.body)
            .await?;
        (req.decode)(raw)
    }

    // --- auth and me ----------------------------------------------------------------------------

    /// Rotates the refresh token; the client keeps the new access token.
    pub async fn refresh(&self, refresh_token: &str) -> ClientResult<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        let pair: TokenPair = self
            .run(Req::new("POST", "/auth/refresh", json(&body)))
            .await?;
        self.set_token(Some(pair.access_token.clone()));
        Ok(pair)
    }

    pub async fn logout(&self, refresh_token: &str) -> ClientResult<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.run(Req::empty("POST", "/auth/logout", None, json(&body)))
            .await?;
        self.set_token(None);
        Ok(())
    }

    pub fn me(&self) -> Req<Tagged<User>> {
        Req::tagged("GET", "/me", None, Body::None)
    }

    pub fn update_me(&self, etag: &str, body: &UpdateMe) -> Req<Tagged<User>> {
        Req::tagged("PATCH", "/me", Some(etag), json(body))
    }

    pub fn change_password(&self, current: &str, new: &str) -> Req<()> {
        let body = ChangePassword {
            current_password: current.into(),
            new_password: new.into(),
        };
        Req::empty("POST", "/me/password", None, json(&body))
    }

    // --- units, users, service accounts, audit ----------------------------------------------------

    pub fn units(&self, q: &UnitQuery, page: PageParams) -> Req<Page<Unit>> {
        Req::get(&page_query("/units", q, page))
    }

    pub fn unit(&self, id: Uuid) -> Req<Tagged<Unit>> {
        Req::tagged("GET", &format!("/units/{id}"), None, Body::None)
    }

    pub fn create_unit(&self, body: &CreateUnit) -> Req<Tagged<Unit>> {
        Req::tagged("POST", "/units", None, json(body))
    }

    pub fn update_unit(&self, id: Uuid, etag: &str, body: &UpdateUnit) -> Req<Tagged<Unit>> {
        Req::tagged("PATCH", &format!("/units/{id}"), Some(etag), json(body))
    }

    pub fn users(&self, q: &UserQuery, page: PageParams) -> Req<Page<User>> {
        Req::get(&page_query("/users", q, page))
    }

    pub fn user(&self, id: Uuid) -> Req<Tagged<User>> {
        Req::tagged("GET", &format!("/users/{id}"), None, Body::None)
    }

    pub fn create_user(&self, body: &CreateUser) -> Req<Tagged<User>> {
        Req::tagged("POST", "/users", None, json(body))
    }

    pub fn update_user(&self, id: Uuid, etag: &str, body: &UpdateUser) -> Req<Tagged<User>> {
        Req::tagged("PATCH", &format!("/users/{id}"), Some(etag), json(body))
    }

    pub fn service_accounts(&self, page: PageParams) -> Req<Page<ServiceAccount>> {
        Req::get(&page_query("/service-accounts", &(), page))
    }

    pub fn create_service_account(
        &self,
        body: &CreateServiceAccount,
    ) -> Req<Tagged<ServiceAccountCreated>> {
        Req::tagged("POST", "/service-accounts", None, json(body))
    }

    pub fn revoke_service_account(&self, id: Uuid, etag: &str) -> Req<()> {
        Req::empty(
            "DELETE",
            &format!("/service-accounts/{id}"),
            Some(etag),
            Body::None,
        )
    }

    pub fn audit_log(&self, q: &AuditQuery, page: PageParams) -> Req<Page<AuditEntry>> {
        Req::get(&page_query("/audit-log", q, page))
    }

    // --- meetings ---------------------------------------------------------------------------------

    pub fn meetings(&self, q: &MeetingQuery, page: PageParams) -> Req<Page<Meeting>> {
        Req::get(&page_query("/meetings", q, page))
    }

    pub fn create_meeting(&self, body: &CreateMeeting) -> Req<Tagged<MeetingDetail>> {
        Req::tagged("POST", "/meetings", None, json(body))
    }

    pub fn meeting(&self, id: Uuid) -> Req<Tagged<MeetingDetail>> {
        Req::tagged("GET", &format!("/meetings/{id}"), None, Body::None)
    }

    pub fn update_meeting(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateMeeting,
    ) -> Req<Tagged<Meeting>> {
        Req::tagged("PATCH", &format!("/meetings/{id}"), Some(etag), json(body))
    }

    pub fn transition(
        &self,
        id: Uuid,
        to: MeetingStatus,
        reason: Option<&str>,
    ) -> Req<Tagged<Meeting>> {
        let body = TransitionRequest {
            to,
            reason: reason.map(str::to_owned),
        };
        Req::tagged(
            "POST",
            &format!("/meetings/{id}/transitions"),
            None,
            json(&body),
        )
    }

    pub fn readiness(&self, id: Uuid) -> Req<Readiness> {
        Req::get(&format!("/meetings/{id}/readiness"))
    }

    pub fn record_attendance(
        &self,
        id: Uuid,
        unit_id: Uuid,
        etag: &str,
        body: &RecordAttendance,
    ) -> Req<Tagged<Participant>> {
        Req::tagged(
            "PATCH",
            &format!("/meetings/{id}/participants/{unit_id}"),
            Some(etag),
            json(body),
        )
    }

    pub fn cadence(&self, year: i32) -> Req<Cadence> {
        Req::get(&format!("/cadence?year={year}"))
    }

    // --- agenda -----------------------------------------------------------------------------------

    pub fn agenda(&self, meeting_id: Uuid) -> Req<Vec<AgendaItem>> {
        Req::get(&format!("/meetings/{meeting_id}/agenda-items"))
    }

    pub fn create_agenda_item(
        &self,
        meeting_id: Uuid,
        body: &CreateAgendaItem,
    ) -> Req<Tagged<AgendaItem>> {
        Req::tagged(
            "POST",
            &format!("/meetings/{meeting_id}/agenda-items"),
            None,
            json(body),
        )
    }

    pub fn reorder_agenda(&self, meeting_id: Uuid, item_ids: Vec<Uuid>) -> Req<Vec<AgendaItem>> {
        Req::new(
            "POST",
            &format!("/meetings/{meeting_id}/agenda-items/reorder"),
            json(&ReorderAgenda { item_ids }),
        )
    }

    pub fn agenda_item(&self, id: Uuid) -> Req<Tagged<AgendaItem>> {
        Req::tagged("GET", &format!("/agenda-items/{id}"), None, Body::None)
    }

    pub fn update_agenda_item(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateAgendaItem,
    ) -> Req<Tagged<AgendaItem>> {
        Req::tagged(
            "PATCH",
            &format!("/agenda-items/{id}"),
            Some(etag),
            json(body),
        )
    }

    pub fn decide_escalation(
        &self,
        item_id: Uuid,
        escalate: bool,
        reason: &str,
    ) -> Req<Tagged<AgendaItem>> {
        let body = EscalationDecision {
            escalate,
            reason: reason.into(),
        };
        Req::tagged(
            "POST",
            &format!("/agenda-items/{item_id}/decision"),
            None,
            json(&body),
        )
    }

    // --- submissions and files --------------------------------------------------------------------

    pub fn submissions(&self, meeting_id: Uuid) -> Req<Vec<Submission>> {
        Req::get(&format!("/meetings/{meeting_id}/submissions"))
    }

    pub fn submit(&self, meeting_id: Uuid, body: &CreateSubmission) -> Req<Submission> {
        Req::new(
            "POST",
            &format!("/meetings/{meeting_id}/submissions"),
            json(body),
        )
    }

    pub fn submission(&self, id: Uuid) -> Req<Submission> {
        Req::get(&format!("/submissions/{id}"))
    }

    pub fn submission_tracker(&self, meeting_id: Uuid) -> Req<Vec<SubmissionStatus>> {
        Req::get(&format!("/meetings/{meeting_id}/submission-tracker"))
    }

    /// Uploads a file as multipart/form-data.
    pub fn upload(
        &self,
        meeting_id: Uuid,
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> Req<Attachment> {
        Req::new(
            "POST",
            &format!("/meetings/{meeting_id}/attachments"),
            form_of(filename, content_type, data).unwrap_or(Body::Broken),
        )
    }

    /// The file's bytes and content type.
    pub fn download(&self, id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
        Req::with(
            "GET",
            &format!("/attachments/{id}/content"),
            None,
            Body::None,
            |raw| Ok((raw.bytes, raw.content_type)),
        )
    }

    // --- conclusions ------------------------------------------------------------------------------

    pub fn conclusions(&self, meeting_id: Uuid) -> Req<Vec<Conclusion>> {
        Req::get(&format!("/meetings/{meeting_id}/conclusions"))
    }

    pub fn create_conclusion(
        &self,
        meeting_id: Uuid,
        body: &CreateConclusion,
    ) -> Req<Tagged<Conclusion>> {
        Req::tagged(
            "POST",
            &format!("/meetings/{meeting_id}/conclusions"),
            None,
            json(body),
        )
    }

    pub fn conclusion(&self, id: Uuid) -> Req<Tagged<Conclusion>> {
        Req::tagged("GET", &format!("/conclusions/{id}"), None, Body::None)
    }

    pub fn update_conclusion(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateConclusion,
    ) -> Req<Tagged<Conclusion>> {
        Req::tagged(
            "PATCH",
            &format!("/conclusions/{id}"),
            Some(etag),
            json(body),
        )
    }

    pub fn adopt_conclusion(&self, id: Uuid) -> Req<Tagged<Conclusion>> {
        Req::tagged(
            "POST",
            &format!("/conclusions/{id}/adopt"),
            None,
            Body::None,
        )
    }

    // --- escalations ------------------------------------------------------------------------------

    pub fn escalations(&self, q: &EscalationQuery, page: PageParams) -> Req<Page<Escalation>> {
        Req::get(&page_query("/escalations", q, page))
    }

    pub fn escalation(&self, id: Uuid) -> Req<Tagged<Escalation>> {
        Req::tagged("GET", &format!("/escalations/{id}"), None, Body::None)
    }

    pub fn create_escalation(&self, body: &CreateEscalation) -> Req<Tagged<Escalation>> {
        Req::tagged("POST", "/escalations", None, json(body))
    }

    pub fn decide_escalation_request(
        &self,
        id: Uuid,
        accept: bool,
        note: &str,
    ) -> Req<Tagged<Escalation>> {
        let body = DecideEscalation {
            accept,
            note: note.into(),
        };
        Req::tagged(
            "POST",
            &format!("/escalations/{id}/decision"),
            None,
            json(&body),
        )
    }

    pub fn schedule_escalation(
        &self,
        id: Uuid,
        level1_meeting_id: Uuid,
    ) -> Req<Tagged<Escalation>> {
        Req::tagged(
            "POST",
            &format!("/escalations/{id}/schedule"),
            None,
            json(&ScheduleEscalation { level1_meeting_id }),
        )
    }

    pub fn resolve_escalation(&self, id: Uuid, outcome: &str) -> Req<Tagged<Escalation>> {
        let body = ResolveEscalation {
            outcome: outcome.into(),
        };
        Req::tagged(
            "POST",
            &format!("/escalations/{id}/resolve"),
            None,
            json(&body),
        )
    }
}
