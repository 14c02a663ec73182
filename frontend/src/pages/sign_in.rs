//! 登录: username and password; the API's error, and the wait after too many attempts.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, use_auth};
use crate::components::{FormMessages, FormState, TextField, set_title};
use crate::i18n::t;

/// Where to go after signing in: a local path only (never another site, never back to sign-in).
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.starts_with("/login") =>
        {
            n
        }
        _ => "/".to_owned(),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let tx = t();
    set_title(tx.sign_in_title);
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = Memo::new(move |_| safe_next(query.with(|q| q.get("next"))));
    let notice = move || {
        query.with(|q| match q.get("notice").as_deref() {
            Some("signed_out") => Some(tx.signed_out_notice),
            Some("password_changed") => Some(tx.password_changed_notice),
            Some("expired") => Some(tx.session_expired),
            _ => None,
        })
    };

    // Signed in already (e.g. the back button): straight on.
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if auth.ready.get() && auth.me.with(Option::is_some) {
                navigate(
                    &next.get_untracked(),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        });
    }

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new(&["username", "password"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        let (u, p) = (username.get_untracked(), password.get_untracked());
        let navigate = navigate.clone();
        crate::components::spawn(async move {
            let result = async {
                api::login(u.trim(), &p).await?;
                api::load_me(auth).await
            }
            .await;
            match result {
                Ok(()) => {
                    auth.exit.set(None);
                    form.busy.set(false);
                    password.set(String::new());
                    navigate(
                        &next.get_untracked(),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(e) => form.fail(&e),
            }
        });
    };

    view! {
        <div class="signin-wrap">
            <main id="main" class="signin-card">
                <div class="signin-brand">
                    <span class="brand-mark" aria-hidden="true">"研"</span>
                    <div>
                        <p class="brand-name">{tx.app_name}</p>
                        <p class="brand-sub">{tx.app_subtitle}</p>
                    </div>
                </div>
                <h1>{tx.sign_in_title}</h1>
                <p class="lead">{tx.sign_in_lead}</p>
                {move || notice().map(|n| view! { <div class="alert alert-info" role="status">{n}</div> })}
                <FormMessages form=form/>
                <form on:submit=on_submit novalidate=true data-testid="signin-form">
                    <TextField id="username" label=tx.username value=username error=form.error("username") required=true autocomplete="username"/>
                    <TextField id="password" label=tx.password value=password error=form.error("password") input_type="password" required=true autocomplete="current-password"/>
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { tx.signing_in } else { tx.sign_in }}
                    </button>
                </form>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths() {
        assert_eq!(
            safe_next(Some("/admin/users?page=2".into())),
            "/admin/users?page=2"
        );
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/login?next=/x".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
