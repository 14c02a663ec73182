//! 我的账户: change the display name (with If-Match) and the password; the private iCalendar
//! subscription address (issued, rotated and revoked through `/me/calendar-feed`).

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{CalendarFeed, UpdateMe};

use crate::api::{self, use_auth};
use crate::components::{FormMessages, FormState, Section, StaleBanner, TextField, run, set_title};
use crate::i18n::{role_name, t, tf};
use crate::load::Res;

#[component]
pub fn MePage() -> impl IntoView {
    let tx = t();
    set_title(tx.me_title);
    view! {
        <section class="page" data-testid="me-page">
            <header class="page-head"><h1>{tx.me_title}</h1></header>
            <div class="grid-2">
                <ProfileForm/>
                <PasswordForm/>
            </div>
            <CalendarFeedCard/>
        </section>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let tx = t();
    let auth = use_auth();
    let start = auth.me.get_untracked();
    let display_name = RwSignal::new(
        start
            .as_ref()
            .map(|m| m.display_name.clone())
            .unwrap_or_default(),
    );
    let etag = RwSignal::new(start.as_ref().map(|m| m.etag.clone()).unwrap_or_default());
    let form = FormState::new(&["display_name"]);
    let unit_id = start.as_ref().and_then(|m| m.unit_id);
    let unit = Res::new(move || async move {
        match unit_id {
            Some(id) => api::call(ops::get_unit(id))
                .await
                .ok()
                .map(|u| u.value.name),
            None => None,
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.start();
        let body = UpdateMe {
            display_name: Some(display_name.get_untracked().trim().to_owned()),
        };
        let tag = etag.get_untracked();
        crate::components::spawn(async move {
            let body = &body;
            let tag = &tag;
            match api::call(ops::update_me(tag, body)).await {
                Ok(me) => {
                    etag.set(me.etag.clone());
                    auth.me.set(Some(me));
                    form.succeed(t().saved);
                }
                Err(e) => form.fail(&e),
            }
        });
    };
    let on_reload = Callback::new(move |()| {
        crate::components::spawn(async move {
            match api::call(ops::get_me()).await {
                Ok(latest) => {
                    etag.set(latest.etag.clone());
                    form.stale_info
                        .set(Some((t().stale_reloaded)(latest.version)));
                    auth.me.set(Some(latest));
                }
                Err(e) => form.fail(&e),
            }
        });
    });

    view! {
        <Section title=tx.me_profile id="profile">
            <dl class="facts">
                <dt>{tx.username}</dt>
                <dd>{start.as_ref().map(|m| m.username.clone())}</dd>
                <dt>{tx.role}</dt>
                <dd>{start.as_ref().map(|m| role_name(m.role))}</dd>
                <dt>{tx.unit}</dt>
                <dd>{move || unit.get().flatten().unwrap_or_else(|| tx.none.to_owned())}</dd>
            </dl>
            <StaleBanner form=form on_reload=on_reload/>
            <FormMessages form=form/>
            <form on:submit=on_submit novalidate=true>
                <TextField id="display_name" label=tx.display_name value=display_name error=form.error("display_name") required=true maxlength=100/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { tx.saving } else { tx.save }}
                    </button>
                </div>
            </form>
        </Section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let tx = t();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let form = FormState::new(&["current_password", "new_password", "confirm_password"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.start();
        let (cur, new_pw, conf) = (
            current.get_untracked(),
            new.get_untracked(),
            confirm.get_untracked(),
        );
        if new_pw != conf {
            form.invalid("confirm_password", tx.passwords_differ);
            return;
        }
        crate::components::spawn(async move {
            let (cur, new_pw) = (&cur, &new_pw);
            match api::call(ops::change_password(cur, new_pw)).await {
                Ok(()) => {
                    // The server ended every session of this account: sign in again.
                    api::end_session(api::Exit::PasswordChanged);
                }
                Err(e) => form.fail(&e),
            }
        });
    };
    view! {
        <Section title=tx.me_password id="password">
            <FormMessages form=form/>
            <form on:submit=on_submit novalidate=true>
                <TextField id="current_password" label=tx.current_password value=current error=form.error("current_password") input_type="password" required=true autocomplete="current-password"/>
                <TextField id="new_password" label=tx.new_password value=new error=form.error("new_password") input_type="password" required=true autocomplete="new-password" hint=tx.password_hint/>
                <TextField id="confirm_password" label=tx.confirm_password value=confirm error=form.error("confirm_password") input_type="password" required=true autocomplete="new-password"/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { tx.saving } else { tx.change_password }}
                    </button>
                </div>
            </form>
        </Section>
    }
}

/// 日历订阅: the API shows a feed's secret address once, when it is issued; issuing again
/// replaces it (the old address stops working) and revoking ends it.
#[component]
fn CalendarFeedCard() -> impl IntoView {
    let f = tf();
    let feed = RwSignal::new(None::<CalendarFeed>);
    let form = FormState::new(&[]);
    let issue = move |_| {
        if feed.with_untracked(Option::is_some)
            && !window()
                .confirm_with_message(f.ics_rotate_confirm)
                .unwrap_or(false)
        {
            return;
        }
        run(form, async move {
            let out = api::call(ops::issue_calendar_feed()).await?;
            feed.set(Some(out));
            form.succeed(f.ics_issued);
            Ok(())
        });
    };
    let revoke = move |_| {
        if !window()
            .confirm_with_message(f.ics_revoke_confirm)
            .unwrap_or(false)
        {
            return;
        }
        run(form, async move {
            match api::call(ops::revoke_calendar_feed()).await {
                Ok(()) => form.succeed(f.ics_revoked),
                // Nothing to revoke: say so rather than "not found".
                Err(e) if e.status() == Some(404) => form.succeed(f.ics_none),
                Err(e) => return Err(e),
            }
            feed.set(None);
            Ok(())
        });
    };
    view! {
        <Section title=f.ics_title id="calendar-feed">
            <p class="muted">{f.ics_lead}</p>
            <FormMessages form=form/>
            {move || feed.get().map(|fd| {
                let origin = window().location().origin().unwrap_or_default();
                let unit = fd.unit_meetings_path.map(|p| format!("{origin}{p}"));
                view! {
                    <div class="alert alert-warning" data-testid="ics-feed">
                        <p>{f.ics_once}</p>
                        <CopyField id="ics-my" label=f.ics_my value=format!("{origin}{}", fd.my_meetings_path)/>
                        {unit.map(|u| view! { <CopyField id="ics-unit" label=f.ics_unit value=u/> })}
                    </div>
                }
            })}
            <div class="btn-row">
                <button type="button" class="btn btn-primary" data-testid="ics-issue" on:click=issue disabled=move || form.busy.get()>
                    {move || if feed.with(Option::is_some) { f.ics_rotate } else { f.ics_issue }}
                </button>
                <button type="button" class="btn btn-danger" data-testid="ics-revoke" on:click=revoke disabled=move || form.busy.get()>{f.ics_revoke}</button>
            </div>
        </Section>
    }
}

/// A read-only address with a label and a copy button.
#[component]
fn CopyField(id: &'static str, label: &'static str, value: String) -> impl IntoView {
    let tx = t();
    let note = RwSignal::new(None::<&'static str>);
    let v = value.clone();
    let copy = move |_| {
        let v = v.clone();
        crate::components::spawn(async move {
            let clipboard = window().navigator().clipboard();
            let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&v))
                .await
                .is_ok();
            note.set(Some(if done { tx.copied } else { tx.copy_failed }));
        });
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="copy-row">
                <input id=id type="text" readonly=true value=value/>
                <button type="button" class="btn" on:click=copy aria-label=format!("{} {}", tx.copy, label)>{tx.copy}</button>
            </div>
            <p class="hint" role="status" data-testid=format!("{id}-note")>{move || note.get()}</p>
        </div>
    }
}
