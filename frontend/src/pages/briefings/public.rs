//! The published briefings (/public/briefings, /public/briefings/:id; Art. 7 在平台上公布):
//! readable by anyone, without sign-in, outside the app's frame. The list links to each
//! briefing, shown in the official-document sheet of the print view, and to the Atom feed that
//! the platform follows.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{PageParams, PublicBriefing};

use super::print::{Sheet, sheet};
use crate::api::{self, AppError};
use crate::components::params::id_param;
use crate::components::{EmptyState, PAGE_SIZE, Pagination, set_title};
use crate::i18n::{briefing_kind_name, t, tbr};
use crate::load::Res;

const FEED: &str = "/api/v1/public/briefings.atom";

/// The frame of the public pages: the app's name, the feed and the way to sign in.
fn frame(body: AnyView) -> AnyView {
    let (s, tx) = (tbr(), t());
    view! {
        <header class="topbar public-bar no-print">
            <a href="/public/briefings" class="brand">
                <span class="brand-mark" aria-hidden="true">"研"</span>
                <span class="brand-text">
                    <span class="brand-name">{tx.app_name}</span>
                    <span class="brand-sub">{s.public_title}</span>
                </span>
            </a>
            <div class="userbox">
                <a class="btn btn-ghost" href=FEED data-testid="atom-feed">{s.feed}</a>
                <a class="btn btn-ghost" href="/login">{s.sign_in}</a>
            </div>
        </header>
        <main id="main" class="content public-content">{body}</main>
    }
    .into_any()
}

#[component]
pub fn PublicBriefingsPage() -> impl IntoView {
    let s = tbr();
    set_title(s.public_title);
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let n = page.get();
        async move { api::call_public(ops::list_public_briefings(PageParams::new(n, PAGE_SIZE))).await }
    });
    frame(view! {
        <section class="page" data-testid="public-briefings">
            <header class="page-head"><h1>{s.public_title}</h1><p class="muted">{s.public_lead}</p></header>
            {list.view(true, false, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=s.public_none/> }.into_any()
                    } else {
                        view! {
                            <ul class="public-list">
                                {p.items.into_iter().map(|b| view! {
                                    <li data-testid="public-briefing">
                                        <a href=format!("/public/briefings/{}", b.id)>{b.title.clone()}</a>
                                        <span class="muted">" "{briefing_kind_name(b.kind)}" · "{b.issue_label.clone()}" · "{b.issued_on.to_string()}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
        </section>
    }.into_any())
}

#[component]
pub fn PublicBriefingPage() -> impl IntoView {
    let s = tbr();
    set_title(s.public_title);
    let id = id_param();
    let briefing = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call_public(ops::get_public_briefing(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    frame(
        view! {
            <section class="page print-page" data-testid="public-briefing-page">
                <p class="crumbs no-print"><a href="/public/briefings">{s.public_back}</a></p>
                {briefing.view(true, false, move |b: PublicBriefing| {
                    set_title(&b.title);
                    sheet(&Sheet {
                        kind: b.kind,
                        issue_label: Some(&b.issue_label),
                        issued_on: b.issued_on,
                        issuing_unit: &b.issuing_unit,
                        title: &b.title,
                        draft: false,
                        corrects_label: b.corrects_label.as_deref(),
                        sections: [&b.dynamics, &b.problems, &b.opinions],
                        recipients: None,
                    })
                })}
            </section>
        }
        .into_any(),
    )
}
