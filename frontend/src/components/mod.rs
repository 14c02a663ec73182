//! Building blocks shared by the pages: the frame (header, navigation), form fields with their
//! error text, the stale-version banner, loading/error/empty views, pagination and badges. Pages
//! import from here (and `api`, `load`, `i18n`, `time`), never from one another:
//! [`flash`] (a message for the next page), [`options`] (select options), [`params`] (route
//! parameters), [`units`] (the units to choose from), [`submission`] (a unit's submissions,
//! on 本单位 and the meeting page), [`case_drawer`] (a platform case in a side panel, on 案件
//! and 研判分析), [`case_options`] (the streets and categories of their filters), [`bell`] (the
//! header's 通知 link with the unread count) and [`duties`] (the home page's supervision,
//! referral and briefing to-dos).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet, Redirect};
use yanpan_types::{FieldError, MeetingStatus, Role};

use crate::api::{self, AppError, Exit, field_message, use_auth};
use crate::i18n::{field_label, role_name, status_name, t, ta, tf, tm, tp, tsv};
use crate::load::Res;

pub mod bell;
pub mod case_drawer;
pub mod case_options;
pub mod dashboard;
pub mod duties;
pub mod flash;
pub mod options;
pub mod params;
pub mod submission;
pub mod units;

/// Sets the document title for a page.
pub fn set_title(page: &str) {
    document().set_title(&(t().page_title)(page));
}

/// The frame of every signed-in page: header, navigation, the page itself.
/// Signed-out visitors go to sign-in with the way back in `?next=`.
#[component]
pub fn Shell() -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| auth.me.with(|m| m.is_some()));
    move || {
        if !auth.ready.get() {
            view! { <div class="boot"><Loading/></div> }.into_any()
        } else if signed_in.get() {
            view! { <Frame/> }.into_any()
        } else {
            let mut query = Vec::new();
            let exit = auth.exit.get_untracked();
            if let Some(why) = exit {
                query.push(format!("notice={}", why.notice()));
            }
            let here = api::current_path();
            // After a sign-out or a password change, start afresh at home.
            if !matches!(exit, Some(Exit::SignedOut | Exit::PasswordChanged)) && here != "/" {
                query.push(format!("next={}", js_sys::encode_uri_component(&here)));
            }
            let path = if query.is_empty() {
                "/login".to_owned()
            } else {
                format!("/login?{}", query.join("&"))
            };
            view! { <Redirect path=path options=NavigateOptions { replace: true, ..Default::default() }/> }.into_any()
        }
    }
}

#[component]
fn Frame() -> impl IntoView {
    let tx = t();
    let auth = use_auth();
    let is_admin = Memo::new(move |_| auth.is_admin());
    let name = move || {
        auth.me.with(|m| {
            m.as_ref()
                .map(|m| (tx.signed_in_as)(&m.display_name, role_name(m.role)))
                .unwrap_or_default()
        })
    };
    let badge = ProposalBadge(RwSignal::new(0));
    provide_context(badge);
    let bell = bell::provide_bell();
    let pending = Res::new(move || {
        badge.0.track();
        let convener = auth.is_convener();
        async move {
            if convener {
                api::call(pending_proposals()).await.ok()
            } else {
                None
            }
        }
    });
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        signing_out.set(true);
        crate::components::spawn(api::logout());
    };
    view! {
        <a class="skip-link" href="#main">{tx.skip_to_content}</a>
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"研"</span>
                <span class="brand-text">
                    <span class="brand-name">{tx.app_name}</span>
                    <span class="brand-sub">{tx.app_subtitle}</span>
                </span>
            </A>
            <HeaderSearch/>
            <div class="userbox">
                <bell::NotificationBell bell=bell/>
                <span class="username" data-testid="current-user">{name}</span>
                <button type="button" class="btn btn-ghost" on:click=sign_out disabled=move || signing_out.get()>
                    {tx.sign_out}
                </button>
            </div>
        </header>
        <div class="body">
            <nav class="sidenav" aria-label=tx.nav_main>
                <ul>
                    <li><A href="/" exact=true>{tx.nav_home}</A></li>
                    <li><A href="/meetings">{tm().nav_meetings}</A></li>
                    <Show when=move || auth.is_overseer()>
                        <li><A href="/escalations">{tm().nav_escalations}</A></li>
                    </Show>
                    <Show when=move || auth.is_unit_rep()>
                        <li><A href="/my-unit">{tm().nav_my_unit}</A></li>
                    </Show>
                    <Show when=move || reads_analysis(auth.role())>
                        <li><A href="/analysis">{ta().nav_analysis}</A></li>
                    </Show>
                    <Show when=move || reads_analysis(auth.role())>
                        <li>
                            <A href="/topic-proposals">
                                {tp().nav_topics}
                                {move || pending.get().flatten().filter(|n| *n > 0).map(|n| view! {
                                    " "<span class="nav-count" data-testid="pending-proposals">
                                        <span aria-hidden="true">{n}</span>
                                        <span class="sr-only">{(tp().pending_badge)(n)}</span>
                                    </span>
                                })}
                            </A>
                        </li>
                    </Show>
                    <Show when=move || reads_cases(auth.role())>
                        <li><A href="/cases">{ta().nav_cases}</A></li>
                    </Show>
                    <li><A href="/briefings">{crate::i18n::tbr().nav}</A></li>
                    <li><A href="/supervision-tasks">{tsv().nav_tasks}</A></li>
                    <li><A href="/inspections">{crate::i18n::tin().nav}</A></li>
                    <li><A href="/referrals">{tsv().nav_referrals}</A></li>
                    <li><A href="/assessment">{tsv().nav_assessment}</A></li>
                    <li><A href="/me">{tx.nav_me}</A></li>
                    <Show when=move || !is_admin.get() && reads_audit(auth.role())>
                        <li><A href=AUDIT_PATH>{tx.nav_audit}</A></li>
                    </Show>
                </ul>
                <Show when=move || is_admin.get()>
                    <p class="nav-group" id="nav-admin-label">{tx.nav_admin}</p>
                    <ul aria-labelledby="nav-admin-label" data-testid="admin-nav">
                        <li><A href="/admin/units">{tx.nav_units}</A></li>
                        <li><A href="/admin/users">{tx.nav_users}</A></li>
                        <li><A href="/admin/service-accounts">{tx.nav_service_accounts}</A></li>
                        <li><A href=AUDIT_PATH>{tx.nav_audit}</A></li>
                        <li><A href="/admin/calendar">{tf().nav_calendar}</A></li>
                    </ul>
                </Show>
            </nav>
            <main id="main" class="content" tabindex="-1">
                <Outlet/>
            </main>
        </div>
        <footer class="footer">{tx.footer}</footer>
    }
}

/// The count of pending topic proposals beside 专题提议 (conveners': they decide them). Pages
/// that change the queue `bump` it and the frame asks again.
#[derive(Clone, Copy)]
pub struct ProposalBadge(RwSignal<u32>);

impl ProposalBadge {
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

/// `GET /topic-proposals?status=pending` for its `total` only: a page of one item, read without
/// the items (the frame is in the first load; the proposal type's reader is not needed there).
fn pending_proposals() -> yanpan_client::Req<u64> {
    #[derive(serde::Deserialize)]
    struct Total {
        total: u64,
    }
    yanpan_client::Req::new(
        yanpan_client::Method::Get,
        "/topic-proposals?status=pending&page=1&page_size=1",
        yanpan_client::Body::None,
        |a| a.json::<Total>().map(|t| t.total),
    )
}

/// The search box in the header: goes to `/search?q=…`.
#[component]
fn HeaderSearch() -> impl IntoView {
    let f = tf();
    let q = RwSignal::new(String::new());
    let navigate = leptos_router::hooks::use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = q.get_untracked().trim().to_owned();
        if !text.is_empty() {
            let url = format!("/search?q={}", js_sys::encode_uri_component(&text));
            navigate(&url, NavigateOptions::default());
        }
    };
    view! {
        <form class="topsearch" role="search" aria-label=f.search_label on:submit=on_submit data-testid="header-search">
            <label for="top-q" class="sr-only">{f.search_label}</label>
            <input id="top-q" type="search" bind:value=q placeholder=f.search_placeholder maxlength=100 autocomplete="off"/>
            <button type="submit" class="btn btn-ghost btn-small">{f.search_go}</button>
        </form>
    }
}

/// Who may read the audit log: the roles `GET /audit-log` allows (`AuditReaders`).
pub fn reads_audit(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Admin | Role::Convener | Role::Inspector))
}

/// Who may read the analysis room: the roles `/analysis/*` allows (`CaseAnalysts`).
pub fn reads_analysis(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Convener | Role::Analyst | Role::Inspector))
}

/// Who may read the platform's cases in the app: `CaseReaders` but the integration accounts,
/// which never sign in here.
pub fn reads_cases(role: Option<Role>) -> bool {
    matches!(
        role,
        Some(Role::Convener | Role::Analyst | Role::Inspector | Role::UnitRep)
    )
}

/// The path of the audit log, the one admin page other roles may read.
pub const AUDIT_PATH: &str = "/admin/audit";

/// Admin pages: others see "无权访问" (the audit log is also for the API's other audit readers).
#[component]
pub fn AdminGate() -> impl IntoView {
    let auth = use_auth();
    let loc = leptos_router::hooks::use_location();
    let allowed = Memo::new(move |_| {
        auth.is_admin()
            || (loc.pathname.with(|p| p.trim_end_matches('/') == AUDIT_PATH)
                && reads_audit(auth.role()))
    });
    move || {
        if allowed.get() {
            view! { <Outlet/> }.into_any()
        } else {
            view! { <Forbidden/> }.into_any()
        }
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    let tx = t();
    set_title(tx.forbidden_title);
    view! {
        <section class="page state-page" data-testid="forbidden">
            <h1>{tx.forbidden_title}</h1>
            <p>{tx.forbidden_text}</p>
            <p><A href="/">{tx.back_home}</A></p>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let tx = t();
    set_title(tx.not_found_title);
    view! {
        <section class="page state-page">
            <h1>{tx.not_found_title}</h1>
            <p>{tx.not_found_text}</p>
            <p><a href="/">{tx.back_home}</a></p>
        </section>
    }
}

/// Shown instead of a lazily loaded page whose wasm chunk could not be fetched (offline, or a
/// deploy has replaced it since this tab loaded): a reload fetches the current build.
#[component]
pub fn PageLoadFailed() -> impl IntoView {
    let tx = t();
    set_title(tx.page_load_failed_title);
    let reload = move |_| {
        // Should the browser refuse, the message stays: there is nothing else to offer.
        let _ = window().location().reload();
    };
    view! {
        <section class="page state-page" role="alert">
            <h1>{tx.page_load_failed_title}</h1>
            <p>{tx.page_load_failed_text}</p>
            <p><button type="button" class="btn" on:click=reload>{tx.reload_page}</button></p>
        </section>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{t().loading}</span>
        </div>
    }
}

/// An empty list or section.
#[component]
pub fn EmptyState(#[prop(into)] text: String) -> impl IntoView {
    view! { <p class="empty">{text}</p> }
}

/// The fallback of an `ErrorBoundary`: the errors and a retry button.
pub fn error_fallback(
    retry: Option<Callback<()>>,
) -> impl FnMut(ArcRwSignal<leptos::error::Errors>) -> AnyView + Send + Clone + 'static {
    move |errors: ArcRwSignal<leptos::error::Errors>| {
        let msgs =
            move || errors.with(|es| es.iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>());
        view! {
            <div class="alert alert-error" role="alert" data-testid="load-error">
                <p class="alert-title">{t().load_failed}</p>
                <ul>{move || msgs().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                {retry.map(|r| view! {
                    <button type="button" class="btn" on:click=move |_| r.run(())>{t().retry}</button>
                })}
            </div>
        }
        .into_any()
    }
}

/// What a form shows besides its fields: per-field errors, one general message, busy, stale.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<Vec<FieldError>>,
    pub general: RwSignal<Option<String>>,
    pub success: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    pub stale: RwSignal<bool>,
    pub stale_info: RwSignal<Option<String>>,
    fields: &'static [&'static str],
}

impl FormState {
    /// `fields`: the API field names this form shows next to an input.
    pub fn new(fields: &'static [&'static str]) -> Self {
        Self {
            errors: RwSignal::new(vec![]),
            general: RwSignal::new(None),
            success: RwSignal::new(None),
            busy: RwSignal::new(false),
            stale: RwSignal::new(false),
            stale_info: RwSignal::new(None),
            fields,
        }
    }

    /// The error text of one field.
    pub fn error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.errors
                .with(|es| es.iter().find(|e| e.field == field).map(field_message))
        })
    }

    /// Clears the messages before a submit.
    pub fn start(self) {
        self.busy.set(true);
        self.errors.set(vec![]);
        self.general.set(None);
        self.success.set(None);
    }

    pub fn succeed(self, msg: &str) {
        self.busy.set(false);
        self.stale.set(false);
        self.stale_info.set(None);
        self.success.set(Some(msg.to_owned()));
    }

    /// Shows an error: field errors next to their fields, the rest as one message; 412 as the
    /// stale banner.
    pub fn fail(self, e: &AppError) {
        self.busy.set(false);
        if e.is_stale() {
            self.stale.set(true);
            self.stale_info.set(None);
            return;
        }
        let (mine, other): (Vec<FieldError>, Vec<FieldError>) = e
            .field_errors()
            .into_iter()
            .partition(|fe| self.fields.contains(&fe.field.as_str()));
        let mut msg = e.message();
        for o in &other {
            msg.push_str(&format!(" {}：{}", field_label(&o.field), field_message(o)));
        }
        self.errors.set(mine);
        if !matches!(e, AppError::SessionExpired) {
            self.general.set(Some(msg));
        }
    }

    /// Sets client-side errors (checked before sending).
    pub fn invalid(self, field: &str, message: &str) {
        self.busy.set(false);
        self.errors
            .update(|es| es.push(FieldError::new(field, "client", message)));
        self.general.set(Some(t().form_has_errors.to_owned()));
    }
}

/// The messages above a form: the general error and the success note.
#[component]
pub fn FormMessages(form: FormState) -> impl IntoView {
    view! {
        <Show when=move || form.general.with(Option::is_some)>
            <div class="alert alert-error" role="alert" data-testid="form-error">{move || form.general.get()}</div>
        </Show>
        <Show when=move || form.success.with(Option::is_some)>
            <div class="alert alert-success" role="status" data-testid="form-success">{move || form.success.get()}</div>
        </Show>
    }
}

/// "该记录已被他人修改", with a button that loads the latest version's ETag and keeps the input.
#[component]
pub fn StaleBanner(form: FormState, on_reload: Callback<()>) -> impl IntoView {
    let tx = t();
    view! {
        <Show when=move || form.stale.get()>
            <div class="alert alert-warning" role="alert" data-testid="stale-banner">
                <p class="alert-title">{tx.stale_title}</p>
                {move || match form.stale_info.get() {
                    Some(info) => view! { <p data-testid="stale-reloaded">{info}</p> }.into_any(),
                    None => view! {
                        <p>{tx.stale_text}</p>
                        <button type="button" class="btn" data-testid="stale-reload" on:click=move |_| on_reload.run(())>
                            {tx.stale_reload}
                        </button>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}

/// A label, a text input, a hint and the field's error text, wired for screen readers.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error.with(Option::is_some) {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="req" title=t().required>" *"</span> })}
            </label>
            <input
                id=id
                name=id
                type=input_type
                bind:value=value
                required=required
                autocomplete=autocomplete
                maxlength=maxlength
                disabled=move || disabled.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <FieldErrorText id=id error=error/>
        </div>
    }
}

/// The error line under a field.
#[component]
pub fn FieldErrorText(
    id: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Show when=move || error.with(Option::is_some)>
            <p class="field-error" id=format!("{id}-error") data-field=id>{move || error.get()}</p>
        </Show>
    }
}

/// A label, a `<select>` of (value, text) options, and the field's error text.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="req" title=t().required>" *"</span> })}
            </label>
            <Select id=id value=value options=options error=error/>
            <FieldErrorText id=id error=error/>
        </div>
    }
}

/// A `<select>` whose chosen option follows `value`.
#[component]
pub fn Select(
    id: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <select
            id=id
            name=id
            on:change=move |ev| value.set(event_target_value(&ev))
            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
            aria-describedby=move || error.with(Option::is_some).then(|| format!("{id}-error"))
        >
            {move || {
                let current = value.get();
                options
                    .get()
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{text}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// A checkbox with its label.
#[component]
pub fn CheckField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<bool>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field field-check" class:has-error=move || error.with(Option::is_some)>
            <input id=id name=id type="checkbox" bind:checked=value/>
            <label for=id>{label}</label>
            <FieldErrorText id=id error=error/>
        </div>
    }
}

/// The page size of the paginated lists.
pub const PAGE_SIZE: u64 = 20;

/// Previous/next page buttons and "第 x / y 页，共 n 条".
#[component]
pub fn Pagination(page: RwSignal<u64>, total: u64, page_size: u64) -> impl IntoView {
    let tx = t();
    let last = if total == 0 {
        1
    } else {
        total.div_ceil(page_size.max(1))
    };
    view! {
        <nav class="pagination" aria-label="分页">
            <button type="button" class="btn" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>
                {tx.prev_page}
            </button>
            <span class="page-info" data-testid="page-info">{move || (tx.pagination)(page.get(), last, total)}</span>
            <button type="button" class="btn" disabled=move || { page.get() >= last } on:click=move |_| page.update(|p| *p += 1)>
                {tx.next_page}
            </button>
        </nav>
    }
}

/// A section card with a heading, for the home page and later pages.
#[component]
pub fn Section(
    #[prop(into)] title: String,
    #[prop(optional, into)] id: Option<String>,
    children: Children,
) -> impl IntoView {
    let heading_id = id.clone().map(|i| format!("{i}-title"));
    let heading_id2 = heading_id.clone();
    view! {
        <section class="card" id=id aria-labelledby=heading_id.clone()>
            <h2 id=heading_id2>{title}</h2>
            {children()}
        </section>
    }
}

/// The active/inactive badge.
pub fn active_badge(active: bool) -> impl IntoView {
    let tx = t();
    if active {
        view! { <span class="badge badge-ok">{tx.active}</span> }
    } else {
        view! { <span class="badge badge-off">{tx.inactive}</span> }
    }
}

/// A label, a `<textarea>` and the field's error text.
#[component]
pub fn TextArea(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="req" title=t().required>" *"</span> })}
            </label>
            <textarea
                id=id
                name=id
                rows=rows
                bind:value=value
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=move || error.with(Option::is_some).then(|| format!("{id}-error"))
            ></textarea>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <FieldErrorText id=id error=error/>
        </div>
    }
}

/// A small coloured label.
pub fn badge(text: &'static str, kind: &'static str) -> impl IntoView {
    view! { <span class=format!("badge badge-{kind}")>{text}</span> }
}

/// The status badge of a meeting.
pub fn status_badge(s: MeetingStatus) -> impl IntoView {
    let kind = match s {
        MeetingStatus::Concluded | MeetingStatus::Reported => "ok",
        MeetingStatus::Cancelled => "off",
        MeetingStatus::InProgress => "live",
        _ => "plan",
    };
    view! { <span class=format!("badge badge-{kind}") data-testid="status">{status_name(s)}</span> }
}

/// Runs an async action that may fail, showing its error in `form`.
pub fn run<F>(form: FormState, fut: F)
where
    F: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    run_boxed(form, Box::pin(fut));
}

/// Spawns a task (boxed first: the executor's code is then in the wasm once).
pub fn spawn(fut: impl std::future::Future<Output = ()> + 'static) {
    leptos::task::spawn_local(Box::pin(fut) as futures::future::LocalBoxFuture<'static, ()>);
}

/// The one copy of `run`'s work (spawning, busy, errors) for every action.
fn run_boxed(form: FormState, fut: futures::future::LocalBoxFuture<'static, Result<(), AppError>>) {
    if form.busy.get_untracked() {
        return;
    }
    form.start();
    crate::components::spawn(async move {
        match fut.await {
            Ok(()) => form.busy.set(false),
            Err(e) => form.fail(&e),
        }
    });
}
