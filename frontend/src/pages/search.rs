//! 搜索结果 (/search?q=…&entity=…): the API's full-text search over meetings, agenda items,
//! conclusions and minutes, with the hit's kind, its snippet (the words marked) and a link to its
//! meeting, in pages. The header's search box comes here.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use yanpan_client::ops;
use yanpan_types::{PageParams, SearchEntity, SearchHit, SearchQuery};

use crate::api;
use crate::components::options::enum_options;
use crate::components::{EmptyState, PAGE_SIZE, Pagination, Select, set_title};
use crate::i18n::{search_entity_name, tf};
use crate::load::Res;

#[component]
pub fn SearchPage() -> impl IntoView {
    let f = tf();
    set_title(f.search_title);
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default().trim().to_owned()));
    let entity = Memo::new(move |_| query.with(|m| m.get("entity").unwrap_or_default()));
    let page = RwSignal::new(1u64);
    // A new search starts on its first page.
    Effect::new(move |_| {
        q.track();
        entity.track();
        if page.get_untracked() != 1 {
            page.set(1);
        }
    });
    let text = RwSignal::new(q.get_untracked());
    let kind = RwSignal::new(entity.get_untracked());
    Effect::new(move |_| text.set(q.get()));
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut url = format!(
            "/search?q={}",
            js_sys::encode_uri_component(text.get_untracked().trim())
        );
        let k = kind.get_untracked();
        if !k.is_empty() {
            url.push_str(&format!("&entity={k}"));
        }
        navigate(&url, NavigateOptions::default());
    };
    let hits = Res::new(move || {
        let query = SearchQuery {
            q: q.get(),
            entity: entity.get().parse().ok(),
        };
        let p = page.get();
        async move {
            if query.q.is_empty() {
                return Ok(None);
            }
            let query = &query;
            api::call(ops::search(query, PageParams::new(p, PAGE_SIZE)))
                .await
                .map(Some)
        }
    });
    view! {
        <section class="page" data-testid="search-page">
            <header class="page-head"><h1>{f.search_title}</h1></header>
            <form class="filters" role="search" on:submit=on_submit>
                <div class="field grow">
                    <label for="s-q">{f.search_label}</label>
                    <input id="s-q" type="search" bind:value=text maxlength=100/>
                </div>
                <div class="field">
                    <label for="s-entity">{f.search_kind}</label>
                    <Select id="s-entity" value=kind options=Signal::derive(|| enum_options(SearchEntity::ALL, true, |k| k.as_str(), search_entity_name))/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{f.search_go}</button>
                </div>
            </form>
            {hits.view(true, false, move |p| match p {
                None => view! { <p class="muted">{f.search_hint}</p> }.into_any(),
                Some(p) if p.items.is_empty() => view! { <EmptyState text=(f.search_none)(&q.get_untracked())/> }.into_any(),
                Some(p) => {
                    let (total, size) = (p.total, p.page_size);
                    let words: Vec<String> = q.get_untracked().split_whitespace().map(str::to_owned).collect();
                    view! {
                        <p class="muted" role="status" data-testid="search-count">{(f.search_count)(&q.get_untracked(), total)}</p>
                        <ol class="hits" data-testid="search-hits">
                            {p.items.into_iter().map(|h| hit_view(h, &words)).collect_view()}
                        </ol>
                        <Pagination page=page total=total page_size=size/>
                    }.into_any()
                }
            })}
        </section>
    }
}

fn hit_view(h: SearchHit, words: &[String]) -> impl IntoView {
    let href = format!("/meetings/{}", h.meeting_id);
    view! {
        <li class="hit" data-testid="search-hit" data-kind=h.entity.as_str()>
            <p class="hit-head">
                <span class="badge badge-plan">{search_entity_name(h.entity)}</span>
                " "
                <a href=href>{h.title}</a>
            </p>
            <p class="hit-snippet">{marked(&h.snippet, words)}</p>
        </li>
    }
}

/// The snippet with each searched word in `<mark>`.
fn marked(text: &str, words: &[String]) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let next = words
            .iter()
            .filter(|w| !w.is_empty())
            .filter_map(|w| rest.find(w.as_str()).map(|i| (i, w.len())))
            .min();
        match next {
            Some((i, len)) => {
                out.push(rest[..i].to_owned().into_any());
                out.push(view! { <mark>{rest[i..i + len].to_owned()}</mark> }.into_any());
                rest = &rest[i + len..];
            }
            None => {
                out.push(rest.to_owned().into_any());
                return out;
            }
        }
    }
}
