//! The app's way to the API: the shared typed client (`yanpan_client`: its `ops` build each
//! request, its `fetch` transport sends it) bound to this page's origin, the session, a silent
//! refresh shortly before the access token expires, one retry after a refresh on 401, and the
//! way back to sign-in with `?next=` when the session is gone.
//!
//! ## One session for all the tabs of a browser
//!
//! The tokens live in `localStorage` (key `yanpan.session`), so a link opened in a new tab is
//! signed in already. Refresh tokens rotate and the server treats a second use of one as theft
//! (it revokes the whole session), so tabs must never refresh with the same token:
//!
//! * A refresh runs under the browser-wide Web Lock `yanpan-refresh`. Inside it the tab re-reads
//!   the stored pair: when another tab has rotated it meanwhile (and its access token is still
//!   fresh) the tab adopts that pair instead of refreshing; otherwise it refreshes with the
//!   *stored* refresh token, never an older copy of its own, and stores the new pair before the
//!   lock is released. Within a tab, concurrent callers share one refresh.
//! * The `storage` event keeps the tabs in step: a pair written by another tab (a refresh, a
//!   sign-in) is adopted, and signing in there signs this tab in too; the pair removed (a
//!   sign-out, a password change, an ended session) sends this tab to sign-in with the same
//!   notice (`yanpan.exit` says why).
//!
//! The access token is stored next to the refresh token rather than kept in each tab's memory:
//! the refresh token in `localStorage` is the stronger credential anyway (anything that can read
//! one can read the other), and sharing the pair lets a new tab start without a refresh and lets
//! all tabs adopt one rotation instead of each rotating on its own. Without the Web Locks API (an
//! old browser, or a page served over plain HTTP from another host than `localhost`) refreshes
//! are not coordinated across tabs; the re-read and the adoption still make a clash unlikely.
//!
//! ## Leaving the signed-in pages
//!
//! When the session ends, the frame (`Shell`) and the page in it are taken down *before* the
//! signed-in person is forgotten: `ready` goes false (the frame is replaced by a spinner, which
//! disposes the page), and only in a later task are `me` and `exit` set, which sends the app to
//! sign-in. Clearing `me` while a page was still mounted re-ran that page's views (they read the
//! role) after the frame had disposed their resources: a panic, fatal with `panic = "abort"`.
//! No `RefCell` borrow of the state here is held while a signal is set or a callback runs.

use std::cell::RefCell;
use std::fmt;
use std::time::Duration;

use futures::FutureExt;
use futures::future::{Either, LocalBoxFuture, Shared};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use yanpan_client::fetch::FetchClient as Client;
use yanpan_client::{Answer, ClientError, Parts, Req, Tagged, ops};
use yanpan_types::{FieldError, Problem, ProblemCode, Role, TokenPair, User};

use crate::i18n::{t, tm};

const STORAGE_KEY: &str = "yanpan.session";
/// Why the last session of this browser ended (a notice value), for the other tabs.
const EXIT_KEY: &str = "yanpan.exit";
/// The Web Lock held while a tab refreshes.
const REFRESH_LOCK: &str = "yanpan-refresh";
/// Refresh this long before the access token expires.
const REFRESH_MARGIN_MS: f64 = 60_000.0;
/// Before a call, refresh when the access token has less than this left.
const CALL_MARGIN_MS: f64 = 15_000.0;
/// After rotating, the lock is kept this long, so that the new pair has reached the other tabs'
/// view of `localStorage` (other processes see a write a little later) before one of them reads.
const SETTLE_MS: i32 = 50;

/// The tokens of the signed-in person, with absolute expiry times (ms since the epoch).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Tokens {
    access: String,
    refresh: String,
    access_expires_ms: f64,
    refresh_expires_ms: f64,
}

impl Tokens {
    fn from_pair(pair: &TokenPair) -> Self {
        let now = js_sys::Date::now();
        Self {
            access: pair.access_token.clone(),
            refresh: pair.refresh_token.clone(),
            access_expires_ms: now + pair.expires_in as f64 * 1000.0,
            refresh_expires_ms: now + pair.refresh_expires_in as f64 * 1000.0,
        }
    }
}

type RefreshFuture = Shared<LocalBoxFuture<'static, Result<bool, AppError>>>;

struct State {
    client: Client,
    /// This tab's copy of the stored pair.
    tokens: Option<Tokens>,
    refreshing: Option<RefreshFuture>,
    timer: Option<TimeoutHandle>,
    auth: Option<Auth>,
    /// The signed-in pages are being taken down (see the module's doc).
    leaving: bool,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State {
        client: Client::new(origin()),
        tokens: None,
        refreshing: None,
        timer: None,
        auth: None,
        leaving: false,
    });
}

fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The pair stored for the whole browser (`None`: signed out, or its refresh token expired).
/// Without `localStorage` (disabled by policy) the tab keeps its session to itself.
fn stored_tokens() -> Option<Tokens> {
    let Some(st) = storage() else {
        return tokens();
    };
    st.get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .filter(|t: &Tokens| t.refresh_expires_ms > js_sys::Date::now())
}

/// Stores the pair for every tab, or removes it saying why.
fn write_stored(tokens: Option<&Tokens>, why: Option<Exit>) {
    let Some(st) = storage() else { return };
    match tokens {
        Some(t) => {
            if let Ok(raw) = serde_json::to_string(t) {
                let _ = st.set_item(STORAGE_KEY, &raw);
            }
        }
        None => {
            if let Some(why) = why {
                let _ = st.set_item(EXIT_KEY, why.notice());
            }
            let _ = st.remove_item(STORAGE_KEY);
        }
    }
}

/// Why is the stored session gone: what the tab that ended it wrote.
fn stored_exit() -> Exit {
    let notice = storage().and_then(|s| s.get_item(EXIT_KEY).ok().flatten());
    match notice.as_deref() {
        Some("expired") => Exit::Expired,
        Some("password_changed") => Exit::PasswordChanged,
        _ => Exit::SignedOut,
    }
}

/// Why the session ended: the sign-in page says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    SignedOut,
    Expired,
    PasswordChanged,
}

impl Exit {
    /// The `notice` query value of the sign-in page.
    pub fn notice(self) -> &'static str {
        match self {
            Self::SignedOut => "signed_out",
            Self::Expired => "expired",
            Self::PasswordChanged => "password_changed",
        }
    }
}

/// The signed-in person, shared by the whole app.
#[derive(Clone, Copy)]
pub struct Auth {
    /// `/me` with its ETag; `None` when signed out.
    pub me: RwSignal<Option<Tagged<User>>>,
    /// False until the stored session has been checked at start-up, and while the signed-in
    /// pages are taken down at the end of a session.
    pub ready: RwSignal<bool>,
    /// Why the last session ended, for the way to sign-in.
    pub exit: RwSignal<Option<Exit>>,
}

impl Auth {
    pub fn new() -> Self {
        Self {
            me: RwSignal::new(None),
            ready: RwSignal::new(false),
            exit: RwSignal::new(None),
        }
    }
    pub fn role(&self) -> Option<Role> {
        self.me.with(|m| m.as_ref().map(|m| m.role))
    }
    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }
    /// Conveners and the command center: they run meetings.
    pub fn is_organiser(&self) -> bool {
        matches!(self.role(), Some(Role::Convener | Role::Analyst))
    }
    pub fn is_convener(&self) -> bool {
        self.role() == Some(Role::Convener)
    }
    pub fn is_unit_rep(&self) -> bool {
        self.role() == Some(Role::UnitRep)
    }
    /// Readers of escalations and of the submission tracker.
    pub fn is_overseer(&self) -> bool {
        matches!(
            self.role(),
            Some(Role::Admin | Role::Convener | Role::Analyst | Role::Inspector)
        )
    }
}

/// The auth state from the context that `App` provides.
pub fn use_auth() -> Auth {
    match use_context::<Auth>() {
        Some(a) => a,
        None => {
            let a = Auth::new();
            provide_context(a);
            a
        }
    }
}

impl Default for Auth {
    fn default() -> Self {
        Self::new()
    }
}

fn auth() -> Option<Auth> {
    STATE.with_borrow(|s| s.auth)
}

/// Called once by `App`: restores the stored session and follows the other tabs.
pub fn init(auth: Auth) {
    STATE.with_borrow_mut(|s| s.auth = Some(auth));
    adopt_session_storage();
    let _ = window_event_listener(leptos::ev::storage, |e: web_sys::StorageEvent| {
        if e.key().is_none_or(|k| k == STORAGE_KEY) {
            follow_other_tab();
        }
    });
    if let Some(tokens) = stored_tokens() {
        adopt(Some(tokens));
        auth.ready.set(false);
        crate::components::spawn(sign_in_here(auth));
    } else {
        auth.ready.set(true);
    }
}

/// Sessions used to be kept per tab: a tab of the previous version keeps its session.
fn adopt_session_storage() {
    let Some(old) = window().session_storage().ok().flatten() else {
        return;
    };
    if let Ok(Some(raw)) = old.get_item(STORAGE_KEY) {
        let _ = old.remove_item(STORAGE_KEY);
        if let Some(st) = storage()
            && st.get_item(STORAGE_KEY).ok().flatten().is_none()
        {
            let _ = st.set_item(STORAGE_KEY, &raw);
        }
    }
}

/// Loads the person of the (stored) session into the auth state.
async fn sign_in_here(auth: Auth) {
    if let Ok(me) = call(ops::get_me()).await
        && has_session()
    {
        auth.exit.set(None);
        auth.me.set(Some(me));
    }
    auth.ready.set(true);
}

/// Another tab changed the stored session: follow it.
fn follow_other_tab() {
    let Some(auth) = auth() else { return };
    match stored_tokens() {
        Some(t) => {
            let signed_out = !has_session();
            adopt(Some(t));
            // Signed in there: signed in here too (the sign-in page then goes on).
            if signed_out && auth.me.with_untracked(Option::is_none) {
                crate::components::spawn(sign_in_here(auth));
            }
        }
        None if has_session() => leave(stored_exit(), None),
        None => {}
    }
}

/// Takes `tokens` as this tab's session: the client's bearer and the timer of the next refresh.
fn adopt(tokens: Option<Tokens>) {
    let when = tokens.as_ref().map(|t| t.access_expires_ms);
    let old_timer = STATE.with_borrow_mut(|s| {
        s.client
            .set_token(tokens.as_ref().map(|t| t.access.clone()));
        s.tokens = tokens;
        s.timer.take()
    });
    if let Some(h) = old_timer {
        h.clear();
    }
    if let Some(expires) = when {
        let wait = (expires - REFRESH_MARGIN_MS - js_sys::Date::now()).max(5_000.0);
        let handle = set_timeout_with_handle(
            || {
                crate::components::spawn(async {
                    if let Ok(false) = refresh().await {
                        expire_session();
                    }
                });
            },
            Duration::from_millis(wait as u64),
        );
        if let Ok(h) = handle {
            STATE.with_borrow_mut(|s| s.timer = Some(h));
        }
    }
}

/// Stores a new pair for every tab and uses it here.
fn store_tokens(tokens: Tokens) {
    write_stored(Some(&tokens), None);
    adopt(Some(tokens));
}

/// The shared client (with the current access token).
pub fn client() -> Client {
    STATE.with_borrow(|s| s.client.clone())
}

fn tokens() -> Option<Tokens> {
    STATE.with_borrow(|s| s.tokens.clone())
}

/// Whether there is a session to use (not necessarily a fresh access token).
pub fn has_session() -> bool {
    STATE.with_borrow(|s| s.tokens.is_some())
}

/// Renews the access token. `Ok(false)`: the session is over. Concurrent callers in this tab
/// share one refresh; the tabs take turns (see the module's doc).
pub async fn refresh() -> Result<bool, AppError> {
    let fut = STATE.with_borrow_mut(|s| {
        if let Some(f) = &s.refreshing {
            return f.clone();
        }
        let f = with_refresh_lock().boxed_local().shared();
        s.refreshing = Some(f.clone());
        f
    });
    let out = fut.await;
    STATE.with_borrow_mut(|s| s.refreshing = None);
    out
}

/// Runs [`renew`] holding the browser-wide refresh lock (without the Web Locks API: unlocked).
async fn with_refresh_lock() -> Result<bool, AppError> {
    let lost = || AppError::Network(String::new());
    let nav: JsValue = window().navigator().into();
    let locks = js_sys::Reflect::get(&nav, &JsValue::from_str("locks"))
        .ok()
        .filter(JsValue::is_object);
    let request = locks
        .as_ref()
        .and_then(|l| js_sys::Reflect::get(l, &JsValue::from_str("request")).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else {
        return renew().await.0;
    };
    let (tx, rx) = futures::channel::oneshot::channel();
    // Called once the lock is granted; the lock is held until the promise it returns settles.
    let granted = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| {
        wasm_bindgen_futures::future_to_promise(async move {
            let (out, rotated) = renew().await;
            let _ = tx.send(out);
            if rotated {
                sleep(SETTLE_MS).await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let Ok(held) = request
        .call2(&locks, &JsValue::from_str(REFRESH_LOCK), &granted)
        .map(JsCast::unchecked_into::<js_sys::Promise>)
    else {
        return Err(lost());
    };
    match futures::future::select(rx, wasm_bindgen_futures::JsFuture::from(held)).await {
        Either::Left((out, _)) => out.unwrap_or_else(|_| Err(lost())),
        // The lock's promise settled first: the answer is there, unless the lock was refused.
        Either::Right((_, mut rx)) => rx.try_recv().ok().flatten().unwrap_or_else(|| Err(lost())),
    }
}

/// The refresh proper (under the lock): adopts a pair another tab has rotated meanwhile, or
/// rotates the stored refresh token. Also answers whether it rotated.
async fn renew() -> (Result<bool, AppError>, bool) {
    let Some(current) = stored_tokens() else {
        // Signed out in another tab (or the refresh token expired).
        return (Ok(false), false);
    };
    let mine = tokens();
    let fresh = current.access_expires_ms - js_sys::Date::now() > CALL_MARGIN_MS;
    if fresh && mine.is_none_or(|m| m.refresh != current.refresh) {
        adopt(Some(current));
        return (Ok(true), false);
    }
    match client().run(ops::refresh(&current.refresh)).await {
        Ok(pair) => {
            store_tokens(Tokens::from_pair(&pair));
            (Ok(true), true)
        }
        Err(ClientError::Api(p)) if p.status == 401 || p.status == 422 => {
            // The session is over for every tab (unless one has signed in afresh meanwhile).
            if stored_tokens().is_some_and(|t| t.refresh == current.refresh) {
                write_stored(None, Some(Exit::Expired));
            }
            (Ok(false), false)
        }
        Err(e) => (Err(AppError::from(e)), false),
    }
}

/// Waits `ms` milliseconds (0: until the tasks queued now, rendering among them, have run).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The session is gone: forget it; the frame then goes to sign-in, with the way back here.
pub fn expire_session() {
    end_session(Exit::Expired);
}

/// Forgets the session in every tab and says why; the frame (`Shell`) goes to sign-in.
pub fn end_session(why: Exit) {
    end(why, None);
}

/// [`end_session`], running `first` (telling the server) before sign-in shows.
fn end(why: Exit, first: Option<LocalBoxFuture<'static, ()>>) {
    let mine = tokens().map(|t| t.refresh);
    let stored = stored_tokens().map(|t| t.refresh);
    // An expired session is removed only when it is still the stored one: another tab may
    // have signed in afresh. Signing out (or a password change) ends whatever is stored.
    if stored.is_some() && (why != Exit::Expired || stored == mine) {
        write_stored(None, Some(why));
    }
    leave(why, first);
}

/// Leaves the signed-in pages, then forgets who was signed in (see the module's doc). The
/// first reason given wins: calls failing on the way out do not turn a sign-out into "expired".
fn leave(why: Exit, first: Option<LocalBoxFuture<'static, ()>>) {
    adopt(None);
    let Some(auth) = auth() else { return };
    if STATE.with_borrow(|s| s.leaving) {
        return;
    }
    if auth.me.with_untracked(Option::is_none) {
        // No signed-in page is shown: straight to sign-in.
        if let Some(first) = first {
            crate::components::spawn(first);
        }
        auth.exit.set(Some(why));
        auth.ready.set(true);
        return;
    }
    STATE.with_borrow_mut(|s| s.leaving = true);
    // The frame and its page go now (they do not read `ready`)...
    auth.ready.set(false);
    crate::components::spawn(async move {
        if let Some(first) = first {
            first.await;
        }
        // ...and once that has rendered, who was signed in, which sends the app to sign-in.
        sleep(0).await;
        STATE.with_borrow_mut(|s| s.leaving = false);
        auth.exit.set(Some(why));
        auth.me.set(None);
        auth.ready.set(true);
    });
}

/// Path and query of the page shown now.
pub fn current_path() -> String {
    let loc = window().location();
    format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    )
}

/// Runs one API call with a fresh access token; after a 401 it refreshes once and retries; when
/// the session cannot be renewed it goes to sign-in and answers `SessionExpired`.
/// `req` is the shared client's operation: `api::call(ops::get_unit(id))`.
pub async fn call<T>(req: Req<T>) -> Result<T, AppError> {
    // Sending, refreshing and retrying are the same for every operation: one copy in the wasm.
    let answer = call_raw(req.parts()).await?;
    (req.read)(answer).map_err(AppError::from)
}

/// Runs an operation that needs no sign-in (the published briefings) without the session: the
/// public pages are read by people who have none, and a stale token must not turn them into 401.
pub async fn call_public<T>(req: Req<T>) -> Result<T, AppError> {
    Client::new(origin()).run(req).await.map_err(AppError::from)
}

/// Sends `p` (again after a refresh); the answer when it is a success.
async fn call_raw(p: Parts<'_>) -> Result<Answer, AppError> {
    if !has_session() {
        // Signed out (a page being taken down at the end of the session): nothing to send.
        return Err(AppError::SessionExpired);
    }
    let send = |c: Client| async move { c.send_ok(p).await };
    refresh_if_stale().await?;
    match send(client()).await {
        Err(ClientError::Api(p)) if p.status == 401 => {
            if has_session() && refresh().await? {
                match send(client()).await {
                    Err(ClientError::Api(p)) if p.status == 401 => {
                        expire_session();
                        Err(AppError::SessionExpired)
                    }
                    other => other.map_err(AppError::from),
                }
            } else {
                expire_session();
                Err(AppError::SessionExpired)
            }
        }
        other => other.map_err(AppError::from),
    }
}

/// Refreshes the access token first when it has less than `CALL_MARGIN_MS` left.
async fn refresh_if_stale() -> Result<(), AppError> {
    let stale =
        tokens().is_some_and(|t| t.access_expires_ms - js_sys::Date::now() < CALL_MARGIN_MS);
    if stale {
        match refresh().await {
            Ok(true) => {}
            Ok(false) => {
                expire_session();
                return Err(AppError::SessionExpired);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Signs in; a 429 comes back as `AppError::TooMany` with the `Retry-After` seconds.
pub async fn login(username: &str, password: &str) -> Result<(), AppError> {
    let req = ops::login(username, password);
    let res = client().send(req.parts()).await?;
    if res.status == 429 {
        let secs = res
            .retry_after
            .as_deref()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(60);
        return Err(AppError::TooMany(secs));
    }
    if !res.is_success() {
        return Err(res.problem().into());
    }
    let pair: TokenPair = (req.read)(res)?;
    store_tokens(Tokens::from_pair(&pair));
    Ok(())
}

/// Loads `/me` into the auth state.
pub async fn load_me(auth: Auth) -> Result<(), AppError> {
    let me = call(ops::get_me()).await?;
    auth.me.set(Some(me));
    Ok(())
}

/// Signs out, in every tab at once, and on the server (best effort, before sign-in shows): any
/// refresh token of the session ends all of it, one rotated by another tab meanwhile too.
pub async fn logout() {
    let token = stored_tokens().or_else(tokens).map(|t| t.refresh);
    let tell_server = async move {
        if let Some(rt) = token {
            let send = async { client().run(ops::logout(&rt)).await.is_ok() }.boxed_local();
            // A server that does not answer does not keep the person waiting.
            let _ = futures::future::select(send, sleep(5_000).boxed_local()).await;
        }
    };
    end(Exit::SignedOut, Some(tell_server.boxed_local()));
}

/// The `ETag` of a row version, for lists that carry `version` but no header.
pub fn etag_of(version: i32) -> String {
    format!("\"{version}\"")
}

/// Saves an attachment: fetches it with the session's token, then hands it to the browser.
pub async fn download(id: uuid::Uuid, filename: String) -> Result<(), AppError> {
    save_file(ops::download_attachment(id), filename).await
}

/// Fetches a file (an attachment, a meeting's document) with the session's token, then hands
/// it to the browser to save under `filename`.
pub async fn save_file(
    req: Req<(Vec<u8>, Option<String>)>,
    filename: String,
) -> Result<(), AppError> {
    let (bytes, ct) = call(req).await?;
    let arr = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(ct.as_deref().unwrap_or("application/octet-stream"));
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &opts)
        .map_err(|_| AppError::Network(String::new()))?;
    save_blob(&blob, &filename)
}

/// Hands `blob` to the browser to save under `filename` (an object URL on a clicked link).
fn save_blob(blob: &web_sys::Blob, filename: &str) -> Result<(), AppError> {
    let fail = |_| AppError::Network(String::new());
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(fail)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Downloads `GET /api/v1{path}` with the session's token (refreshed first when stale, and once
/// more after a 401) and saves it under the name its `Content-Disposition` gives (`fallback`
/// without one). The shared client's answers carry no `Content-Disposition`, so this one
/// request goes through `fetch` here.
pub async fn download_named(path: &str, fallback: &str) -> Result<(), AppError> {
    if !has_session() {
        return Err(AppError::SessionExpired);
    }
    refresh_if_stale().await?;
    let mut res = fetch_get(path).await?;
    if res.status() == 401 {
        if has_session() && refresh().await? {
            res = fetch_get(path).await?;
        }
        if res.status() == 401 {
            expire_session();
            return Err(AppError::SessionExpired);
        }
    }
    let lost = |_| AppError::Network(String::new());
    let header = |name: &str| res.headers().get(name).ok().flatten();
    if !res.ok() {
        let content_type = header("Content-Type");
        let buf = wasm_bindgen_futures::JsFuture::from(res.array_buffer().map_err(lost)?)
            .await
            .map_err(lost)?;
        let answer = Answer {
            status: res.status(),
            content_type,
            bytes: js_sys::Uint8Array::new(&buf).to_vec(),
            ..Answer::default()
        };
        return Err(AppError::from(answer.problem()));
    }
    let name = header("Content-Disposition")
        .and_then(|v| disposition_file_name(&v))
        .unwrap_or_else(|| fallback.to_owned());
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(res.blob().map_err(lost)?)
        .await
        .map_err(lost)?
        .unchecked_into();
    save_blob(&blob, &name)
}

/// One `GET` of the API with the bearer token, whatever the answer's status.
async fn fetch_get(path: &str) -> Result<web_sys::Response, AppError> {
    let lost = |_| AppError::Network(String::new());
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    let headers = web_sys::Headers::new().map_err(lost)?;
    if let Some(t) = client().token() {
        headers
            .set("Authorization", &format!("Bearer {t}"))
            .map_err(lost)?;
    }
    init.set_headers(&headers);
    let url = format!("{}{}{path}", origin(), yanpan_types::API_PREFIX);
    let res = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str_and_init(&url, &init))
        .await
        .map_err(lost)?;
    Ok(res.unchecked_into())
}

/// The file name of a `Content-Disposition`: `filename*=UTF-8''…` (percent-encoded UTF-8) when
/// there is one, else `filename="…"`.
fn disposition_file_name(v: &str) -> Option<String> {
    let params = v.split(';').map(str::trim);
    let mut plain = None;
    for p in params {
        let Some((key, value)) = p.split_once('=') else {
            continue;
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let value = value.trim();
                let encoded = value
                    .get(..7)
                    .filter(|p| p.eq_ignore_ascii_case("UTF-8''"))
                    .map(|_| &value[7..])?;
                let name = percent_decode(encoded)?;
                if !name.is_empty() {
                    return Some(name);
                }
            }
            "filename" => plain = Some(value.trim().trim_matches('"').to_owned()),
            _ => {}
        }
    }
    plain.filter(|n| !n.is_empty())
}

/// `%E7%A0%94` → `研`; `None` when the bytes are not UTF-8 or an escape is broken.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The name, type and bytes of a chosen file.
pub async fn read_file(file: web_sys::File) -> Option<(String, String, Vec<u8>)> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    let name = file.name();
    let mut ct = file.type_();
    if ct.is_empty() {
        let lower = name.to_lowercase();
        ct = if lower.ends_with(".ofd") {
            "application/ofd"
        } else if lower.ends_with(".csv") {
            "text/csv"
        } else if lower.ends_with(".txt") {
            "text/plain"
        } else {
            "application/octet-stream"
        }
        .to_owned();
    }
    Some((name, ct, js_sys::Uint8Array::new(&buf).to_vec()))
}

/// What can go wrong with an API call, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The API answered with a problem.
    Api(Problem),
    /// The request did not get through.
    Network(String),
    /// Too many sign-in attempts: wait this many seconds.
    TooMany(u64),
    /// The session ended; the app is on its way to sign-in.
    SessionExpired,
}

impl From<ClientError> for AppError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Api(p) => Self::Api(p),
            ClientError::Transport(m) => Self::Network(m),
        }
    }
}

impl AppError {
    pub fn not_found() -> Self {
        Self::Api(Problem {
            type_: "about:blank".into(),
            title: "Not Found".into(),
            status: 404,
            detail: None,
            instance: None,
            code: ProblemCode::NotFound,
            request_id: None,
            errors: vec![],
            allowed: None,
            allowed_roles: None,
            retry_after: None,
        })
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(p) => Some(p.status),
            Self::TooMany(_) => Some(429),
            _ => None,
        }
    }

    /// 412: someone else saved first.
    pub fn is_stale(&self) -> bool {
        self.status() == Some(412)
    }

    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// Per-field errors: the 422 `errors[]`, plus conflicts that belong to one field.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let Self::Api(p) = self else { return vec![] };
        let mut out = p.errors.clone();
        let one = |field: &str, code: &str| FieldError::new(field, code, String::new());
        match p.code.as_str() {
            "code_taken" => out.push(one("code", "code_taken")),
            "username_taken" => out.push(one("username", "username_taken")),
            _ => {}
        }
        out
    }

    /// One sentence for the whole error.
    pub fn message(&self) -> String {
        let tx = t();
        match self {
            Self::Network(_) => tx.network_error.to_owned(),
            Self::SessionExpired => tx.session_expired.to_owned(),
            Self::TooMany(secs) => (tx.too_many_attempts)(*secs),
            Self::Api(p) => match p.code.as_str() {
                "invalid_credentials" => tx.bad_credentials.to_owned(),
                "account_inactive" => tx.account_inactive.to_owned(),
                "too_many_requests" => (tx.too_many_attempts)(p.retry_after.unwrap_or(60)),
                "version_mismatch" => tx.stale_title.to_owned(),
                "forbidden" => tx.err_forbidden.to_owned(),
                "not_found" => tx.err_not_found.to_owned(),
                "code_taken" => tx.err_code_taken.to_owned(),
                "username_taken" => tx.err_username_taken.to_owned(),
                "cannot_demote_self" => tx.err_cannot_demote_self.to_owned(),
                "unit_in_use" => tx.err_unit_in_use.to_owned(),
                "already_revoked" => tx.err_already_revoked.to_owned(),
                "validation_failed" => tx.form_has_errors.to_owned(),
                "invalid_transition" => {
                    let allowed = p.allowed.clone().unwrap_or_default();
                    let names: Vec<&str> = allowed
                        .iter()
                        .map(|a| {
                            a.parse()
                                .map(crate::i18n::status_name)
                                .unwrap_or(a.as_str())
                        })
                        .collect();
                    (tm().err_invalid_transition)(&names.join("、"))
                }
                "not_ready" => {
                    // Each missing thing is one of `errors`, named by its field.
                    let missing: Vec<&str> = p
                        .errors
                        .iter()
                        .filter_map(|e| e.field.parse().ok())
                        .map(crate::i18n::missing_name)
                        .collect();
                    (tm().err_not_ready)(&missing.join("、"))
                }
                "cannot_conclude" => tm().err_cannot_conclude.to_owned(),
                "meeting_locked" => tm().err_locked.to_owned(),
                "payload_too_large" => tm().err_too_large.to_owned(),
                "unsupported_media_type" => tm().err_bad_type.to_owned(),
                _ if p.status >= 500 => (tx.server_error)(p.request_id.as_deref()),
                _ => crate::i18n::problem_message(p.code, p.status),
            },
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for AppError {}

/// A field error in the reader's language (a general sentence when the code is unknown).
pub fn field_message(e: &FieldError) -> String {
    let tx = t();
    match (e.field.as_str(), e.code.as_str()) {
        // The bounds come as numbers (`min`, `max`), never read out of the English message.
        (_, "length") => (tx.err_length)(
            e.min.and_then(|v| u64::try_from(v).ok()),
            e.max.and_then(|v| u64::try_from(v).ok()),
        ),
        ("unit_id", "required") => tx.err_unit_required.to_owned(),
        (_, "required") => tx.err_required.to_owned(),
        (_, "pattern") => tx.err_pattern.to_owned(),
        (_, "unknown_field") => tx.err_unknown_field.to_owned(),
        (_, "incorrect") => tx.err_incorrect_password.to_owned(),
        ("unit_id", "unknown") => tx.err_unknown_unit.to_owned(),
        (_, "not_for_people") => tx.err_not_for_people.to_owned(),
        (_, "code_taken") => tx.err_code_taken.to_owned(),
        (_, "username_taken") => tx.err_username_taken.to_owned(),
        (_, "before_start") => tm().err_before_start.to_owned(),
        (_, "not_allowed") => tm().err_not_allowed.to_owned(),
        (_, "period") => tm().err_period.to_owned(),
        _ => crate::i18n::field_code_message(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_file_names_of_content_disposition() {
        let v = "attachment; filename=\"analysis-unit_ranking.csv\"; filename*=UTF-8''%E5%8D%95%E4%BD%8D%E6%8E%92%E5%90%8D.csv";
        assert_eq!(disposition_file_name(v).as_deref(), Some("单位排名.csv"));
        assert_eq!(
            disposition_file_name("attachment; filename=\"a.xlsx\"").as_deref(),
            Some("a.xlsx")
        );
        assert_eq!(disposition_file_name("attachment"), None);
        assert_eq!(percent_decode("%E7%A0%94%2"), None);
    }

    #[test]
    fn translates_lengths() {
        // The bounds are read from `min`/`max`, whatever the English message says.
        let e = FieldError {
            min: Some(12),
            max: Some(128),
            ..FieldError::new("password", "length", "(any text)")
        };
        assert_eq!(field_message(&e), "长度应为 12–128 个字符。");
    }
}
