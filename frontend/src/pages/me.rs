//! 我的账户: change the display name (with If-Match) and the password.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::UpdateMe;

use crate::api::{self, use_auth};
use crate::components::{FormMessages, FormState, Section, StaleBanner, TextField, set_title};
use crate::i18n::{role_name, t};
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
