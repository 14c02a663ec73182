//! 通知 (/notifications): the signed-in person's notifications, newest first, unread ones in bold.
//! Opening one marks it read and goes to what it is about (a task, a briefing, a referral);
//! 全部标为已读 marks them all. Each change asks the header's count again.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use yanpan_client::ops;
use yanpan_types::{Notification, NotificationQuery, PageParams};

use crate::api;
use crate::components::bell::UnreadBell;
use crate::components::{
    CheckField, EmptyState, FormMessages, FormState, PAGE_SIZE, Pagination, run, set_title,
};
use crate::i18n::{notification_kind_name, tsv};
use crate::load::Res;
use crate::time::fmt_datetime;

/// A link of the app (`/supervision-tasks/…`); anything else (another site, `//host`) is not
/// followed.
fn app_path(link: &str) -> Option<&str> {
    (link.starts_with('/') && !link.starts_with("//") && !link.contains('\\')).then_some(link)
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let s = tsv();
    set_title(s.notifications);
    let bell = use_context::<UnreadBell>();
    let bump = move || {
        if let Some(b) = bell {
            b.bump();
        }
    };
    let unread_only = RwSignal::new(false);
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let q = NotificationQuery {
            unread: unread_only.get().then_some(true),
        };
        let n = page.get();
        async move {
            let q = &q;
            api::call(ops::list_notifications(q, PageParams::new(n, PAGE_SIZE))).await
        }
    });
    let form = FormState::new(&[]);
    let read_all = move |_| {
        run(form, async move {
            api::call(ops::read_all_notifications()).await?;
            form.succeed(s.all_read);
            list.refetch();
            bump();
            Ok(())
        });
    };
    let navigate = use_navigate();
    let open = Callback::new(move |n: Notification| {
        let navigate = navigate.clone();
        crate::components::spawn(async move {
            if n.read_at.is_none() {
                // Going there matters more than the mark: a failure here does not stop it.
                let _ = api::call(ops::read_notification(n.id)).await;
                bump();
            }
            match app_path(&n.link) {
                Some(path) => navigate(path, NavigateOptions::default()),
                None => list.refetch(),
            }
        });
    });
    view! {
        <section class="page" data-testid="notifications-page">
            <header class="page-head with-actions">
                <div>
                    <h1>{s.notifications}</h1>
                    <p class="muted">{s.notifications_lead}</p>
                </div>
                <button type="button" class="btn" data-testid="read-all" on:click=read_all disabled=move || form.busy.get()>
                    {s.read_all}
                </button>
            </header>
            <FormMessages form=form/>
            <div class="filters" on:change=move |_| page.set(1)>
                <CheckField id="f-unread" label=s.only_unread value=unread_only/>
            </div>
            {list.view(true, false, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=s.no_notifications/> }.into_any()
                    } else {
                        view! {
                            <div class="card">
                                <ul class="notice-list" data-testid="notifications">
                                    {p.items.into_iter().map(|n| notice_item(n, open)).collect_view()}
                                </ul>
                            </div>
                        }.into_any()
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
        </section>
    }
}

fn notice_item(n: Notification, open: Callback<Notification>) -> AnyView {
    let s = tsv();
    let unread = n.read_at.is_none();
    let href = app_path(&n.link).unwrap_or("/notifications").to_owned();
    let (title, kind, at) = (
        n.title.clone(),
        notification_kind_name(n.kind),
        fmt_datetime(&n.created_at),
    );
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // A plain click opens it here (and marks it read); with a modifier the browser's own
        // handling (a new tab) stays.
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        open.run(n.clone());
    };
    view! {
        <li class="notice" class:unread=unread data-testid="notification" data-unread=unread.to_string()>
            <a href=href on:click=on_click>
                {unread.then(|| view! { <span class="sr-only">{s.unread}"："</span> })}
                <span class="notice-title">{title}</span>
            </a>
            <span class="notice-meta muted">
                <span class="badge">{kind}</span>
                " "<time>{at}</time>
                {unread.then(|| view! { " "<span class="badge badge-plan" aria-hidden="true">{s.unread}</span> })}
            </span>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_only_links_of_the_app() {
        assert_eq!(
            app_path("/supervision-tasks/1"),
            Some("/supervision-tasks/1")
        );
        assert_eq!(app_path("//evil.example/x"), None);
        assert_eq!(app_path("https://evil.example/"), None);
        assert_eq!(app_path("/\\evil.example"), None);
    }
}
