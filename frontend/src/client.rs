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

fn page_query<Q: Serialize>(path: &str, q: &Q, page: PageParams) -> String {
    let mut qs = serde_urlencoded::to_string(q).unwrap_or_default();
    if !qs.is_empty() {
        qs.push('&');
    }
    format!(
        "{path}?{qs}page={}&page_size={}",
        page.page, page.page_size
    )
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
        let res: web_sys::Response =
            JsFuture::from(web_sys::window().ok_or_else(unreadable)?.fetch_with_str_and_init(&url, &init))
                .await
                .map_err(transport)?
                .unchecked_into();
        let h = res.headers();
        let header = |name: &str| h.get(name).ok().flatten();
        let (etag, content_type, retry_after) =
            (header("ETag"), header("Content-Type"), header("Retry-After"));
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
    async fn ok(
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

    async fn send<T: DeserializeOwned>(&self, method: &str, path: &str, body: Body) -> ClientResult<T> {
        decode(&self.ok(method, path, None, body).await?)
    }

    async fn tagged<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        if_match: Option<&str>,
        body: Body,
    ) -> ClientResult<Tagged<T>> {
        let raw = self.ok(method, path, if_match, body).await?;
        Ok(Tagged {
            value: decode(&raw)?,
            etag: raw.etag.unwrap_or_default(),
        })
    }

    async fn empty(&self, method: &str, path: &str, if_match: Option<&str>, body: Body) -> ClientResult<()> {
        self.ok(method, path, if_match, body).await.map(|_| ())
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> ClientResult<T> {
        self.send("GET", path, Body::None).await
    }

    // --- auth and me ----------------------------------------------------------------------------

    /// Rotates the refresh token; the client keeps the new access token.
    pub async fn refresh(&self, refresh_token: &str) -> ClientResult<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        let pair: TokenPair = self.send("POST", "/auth/refresh", json(&body)).await?;
        self.set_token(Some(pair.access_token.clone()));
        Ok(pair)
    }

    pub async fn logout(&self, refresh_token: &str) -> ClientResult<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.empty("POST", "/auth/logout", None, json(&body)).await?;
        self.set_token(None);
        Ok(())
    }

    pub async fn me(&self) -> ClientResult<Tagged<User>> {
        self.tagged("GET", "/me", None, Body::None).await
    }

    pub async fn update_me(&self, etag: &str, body: &UpdateMe) -> ClientResult<Tagged<User>> {
        self.tagged("PATCH", "/me", Some(etag), json(body)).await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> ClientResult<()> {
        let body = ChangePassword {
            current_password: current.into(),
            new_password: new.into(),
        };
        self.empty("POST", "/me/password", None, json(&body)).await
    }

    // --- units, users, service accounts, audit ----------------------------------------------------

    pub async fn units(&self, q: &UnitQuery, page: PageParams) -> ClientResult<Page<Unit>> {
        self.get(&page_query("/units", q, page)).await
    }

    pub async fn unit(&self, id: Uuid) -> ClientResult<Tagged<Unit>> {
        self.tagged("GET", &format!("/units/{id}"), None, Body::None).await
    }

    pub async fn create_unit(&self, body: &CreateUnit) -> ClientResult<Tagged<Unit>> {
        self.tagged("POST", "/units", None, json(body)).await
    }

    pub async fn update_unit(&self, id: Uuid, etag: &str, body: &UpdateUnit) -> ClientResult<Tagged<Unit>> {
        self.tagged("PATCH", &format!("/units/{id}"), Some(etag), json(body)).await
    }

    pub async fn users(&self, q: &UserQuery, page: PageParams) -> ClientResult<Page<User>> {
        self.get(&page_query("/users", q, page)).await
    }

    pub async fn user(&self, id: Uuid) -> ClientResult<Tagged<User>> {
        self.tagged("GET", &format!("/users/{id}"), None, Body::None).await
    }

    pub async fn create_user(&self, body: &CreateUser) -> ClientResult<Tagged<User>> {
        self.tagged("POST", "/users", None, json(body)).await
    }

    pub async fn update_user(&self, id: Uuid, etag: &str, body: &UpdateUser) -> ClientResult<Tagged<User>> {
        self.tagged("PATCH", &format!("/users/{id}"), Some(etag), json(body)).await
    }

    pub async fn service_accounts(&self, page: PageParams) -> ClientResult<Page<ServiceAccount>> {
        self.get(&page_query("/service-accounts", &(), page)).await
    }

    pub async fn create_service_account(
        &self,
        body: &CreateServiceAccount,
    ) -> ClientResult<Tagged<ServiceAccountCreated>> {
        self.tagged("POST", "/service-accounts", None, json(body)).await
    }

    pub async fn revoke_service_account(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.empty("DELETE", &format!("/service-accounts/{id}"), Some(etag), Body::None)
            .await
    }

    pub async fn audit_log(&self, q: &AuditQuery, page: PageParams) -> ClientResult<Page<AuditEntry>> {
        self.get(&page_query("/audit-log", q, page)).await
    }

    // --- meetings ---------------------------------------------------------------------------------

    pub async fn meetings(&self, q: &MeetingQuery, page: PageParams) -> ClientResult<Page<Meeting>> {
        self.get(&page_query("/meetings", q, page)).await
    }

    pub async fn create_meeting(&self, body: &CreateMeeting) -> ClientResult<Tagged<MeetingDetail>> {
        self.tagged("POST", "/meetings", None, json(body)).await
    }

    pub async fn meeting(&self, id: Uuid) -> ClientResult<Tagged<MeetingDetail>> {
        self.tagged("GET", &format!("/meetings/{id}"), None, Body::None).await
    }

    pub async fn update_meeting(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateMeeting,
    ) -> ClientResult<Tagged<Meeting>> {
        self.tagged("PATCH", &format!("/meetings/{id}"), Some(etag), json(body)).await
    }

    pub async fn transition(
        &self,
        id: Uuid,
        to: MeetingStatus,
        reason: Option<&str>,
    ) -> ClientResult<Tagged<Meeting>> {
        let body = TransitionRequest {
            to,
            reason: reason.map(str::to_owned),
        };
        self.tagged("POST", &format!("/meetings/{id}/transitions"), None, json(&body))
            .await
    }

    pub async fn readiness(&self, id: Uuid) -> ClientResult<Readiness> {
        self.get(&format!("/meetings/{id}/readiness")).await
    }

    pub async fn record_attendance(
        &self,
        id: Uuid,
        unit_id: Uuid,
        etag: &str,
        body: &RecordAttendance,
    ) -> ClientResult<Tagged<Participant>> {
        self.tagged(
            "PATCH",
            &format!("/meetings/{id}/participants/{unit_id}"),
            Some(etag),
            json(body),
        )
        .await
    }

    pub async fn cadence(&self, year: i32) -> ClientResult<Cadence> {
        self.get(&format!("/cadence?year={year}")).await
    }

    // --- agenda -----------------------------------------------------------------------------------

    pub async fn agenda(&self, meeting_id: Uuid) -> ClientResult<Vec<AgendaItem>> {
        self.get(&format!("/meetings/{meeting_id}/agenda-items")).await
    }

    pub async fn create_agenda_item(
        &self,
        meeting_id: Uuid,
        body: &CreateAgendaItem,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.tagged("POST", &format!("/meetings/{meeting_id}/agenda-items"), None, json(body))
            .await
    }

    pub async fn reorder_agenda(&self, meeting_id: Uuid, item_ids: Vec<Uuid>) -> ClientResult<Vec<AgendaItem>> {
        self.send(
            "POST",
            &format!("/meetings/{meeting_id}/agenda-items/reorder"),
            json(&ReorderAgenda { item_ids }),
        )
        .await
    }

    pub async fn agenda_item(&self, id: Uuid) -> ClientResult<Tagged<AgendaItem>> {
        self.tagged("GET", &format!("/agenda-items/{id}"), None, Body::None).await
    }

    pub async fn update_agenda_item(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateAgendaItem,
    ) -> ClientResult<Tagged<AgendaItem>> {
        self.tagged("PATCH", &format!("/agenda-items/{id}"), Some(etag), json(body)).await
    }

    pub async fn decide_escalation(
        &self,
        item_id: Uuid,
        escalate: bool,
        reason: &str,
    ) -> ClientResult<Tagged<AgendaItem>> {
        let body = EscalationDecision {
            escalate,
            reason: reason.into(),
        };
        self.tagged("POST", &format!("/agenda-items/{item_id}/decision"), None, json(&body))
            .await
    }

    // --- submissions and files --------------------------------------------------------------------

    pub async fn submissions(&self, meeting_id: Uuid) -> ClientResult<Vec<Submission>> {
        self.get(&format!("/meetings/{meeting_id}/submissions")).await
    }

    pub async fn submit(&self, meeting_id: Uuid, body: &CreateSubmission) -> ClientResult<Submission> {
        self.send("POST", &format!("/meetings/{meeting_id}/submissions"), json(body))
            .await
    }

    pub async fn submission(&self, id: Uuid) -> ClientResult<Submission> {
        self.get(&format!("/submissions/{id}")).await
    }

    pub async fn submission_tracker(&self, meeting_id: Uuid) -> ClientResult<Vec<SubmissionStatus>> {
        self.get(&format!("/meetings/{meeting_id}/submission-tracker")).await
    }

    /// Uploads a file as multipart/form-data.
    pub async fn upload(
        &self,
        meeting_id: Uuid,
        filename: &str,
        content_type: &str,
        data: Vec<u8>,
    ) -> ClientResult<Attachment> {
        let arr = js_sys::Array::of1(&js_sys::Uint8Array::from(data.as_slice()));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &opts)
            .map_err(transport)?;
        let form = web_sys::FormData::new().map_err(transport)?;
        form.append_with_blob_and_filename("file", &blob, filename)
            .map_err(transport)?;
        self.send("POST", &format!("/meetings/{meeting_id}/attachments"), Body::Form(form))
            .await
    }

    /// The file's bytes and content type.
    pub async fn download(&self, id: Uuid) -> ClientResult<(Vec<u8>, Option<String>)> {
        let raw = self
            .ok("GET", &format!("/attachments/{id}/content"), None, Body::None)
            .await?;
        Ok((raw.bytes, raw.content_type))
    }

    // --- conclusions ------------------------------------------------------------------------------

    pub async fn conclusions(&self, meeting_id: Uuid) -> ClientResult<Vec<Conclusion>> {
        self.get(&format!("/meetings/{meeting_id}/conclusions")).await
    }

    pub async fn create_conclusion(
        &self,
        meeting_id: Uuid,
        body: &CreateConclusion,
    ) -> ClientResult<Tagged<Conclusion>> {
        self.tagged("POST", &format!("/meetings/{meeting_id}/conclusions"), None, json(body))
            .await
    }

    pub async fn conclusion(&self, id: Uuid) -> ClientResult<Tagged<Conclusion>> {
        self.tagged("GET", &format!("/conclusions/{id}"), None, Body::None).await
    }

    pub async fn update_conclusion(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateConclusion,
    ) -> ClientResult<Tagged<Conclusion>> {
        self.tagged("PATCH", &format!("/conclusions/{id}"), Some(etag), json(body)).await
    }

    pub async fn adopt_conclusion(&self, id: Uuid) -> ClientResult<Tagged<Conclusion>> {
        self.tagged("POST", &format!("/conclusions/{id}/adopt"), None, Body::None).await
    }

    // --- escalations ------------------------------------------------------------------------------

    pub async fn escalations(&self, q: &EscalationQuery, page: PageParams) -> ClientResult<Page<Escalation>> {
        self.get(&page_query("/escalations", q, page)).await
    }

    pub async fn escalation(&self, id: Uuid) -> ClientResult<Tagged<Escalation>> {
        self.tagged("GET", &format!("/escalations/{id}"), None, Body::None).await
    }

    pub async fn create_escalation(&self, body: &CreateEscalation) -> ClientResult<Tagged<Escalation>> {
        self.tagged("POST", "/escalations", None, json(body)).await
    }

    pub async fn decide_escalation_request(
        &self,
        id: Uuid,
        accept: bool,
        note: &str,
    ) -> ClientResult<Tagged<Escalation>> {
        let body = DecideEscalation {
            accept,
            note: note.into(),
        };
        self.tagged("POST", &format!("/escalations/{id}/decision"), None, json(&body))
            .await
    }

    pub async fn schedule_escalation(&self, id: Uuid, level1_meeting_id: Uuid) -> ClientResult<Tagged<Escalation>> {
        self.tagged(
            "POST",
            &format!("/escalations/{id}/schedule"),
            None,
            json(&ScheduleEscalation { level1_meeting_id }),
        )
        .await
    }

    pub async fn resolve_escalation(&self, id: Uuid, outcome: &str) -> ClientResult<Tagged<Escalation>> {
        let body = ResolveEscalation {
            outcome: outcome.into(),
        };
        self.tagged("POST", &format!("/escalations/{id}/resolve"), None, json(&body))
            .await
    }
}
