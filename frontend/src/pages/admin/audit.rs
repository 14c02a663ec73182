//! 审计日志: filters (record kind, action, actor, date range in Asia/Shanghai) and pages.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    AuditAction, AuditEntity, AuditEntry, AuditQuery, MAX_PAGE_SIZE, PageParams, UserQuery,
};

use crate::api;
use crate::components::{EmptyState, PAGE_SIZE, Pagination, Select, set_title};
use crate::i18n::{action_name, entity_name, t};
use crate::load::Res;
use crate::time::{day_end_utc, day_start_utc, fmt_datetime_secs, parse_date};

#[component]
pub fn AuditPage() -> impl IntoView {
    let tx = t();
    set_title(tx.audit_title);
    let entity = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let applied = RwSignal::new(AuditQuery::default());
    let page = RwSignal::new(1u64);

    let people = Res::new(|| async {
        let q = UserQuery::default();
        let q = &q;
        api::call(ops::list_users(q, PageParams::new(1, MAX_PAGE_SIZE)))
            .await
            .map(|p| p.items)
    });
    let actor_opts = Signal::derive(move || {
        let mut out = vec![(String::new(), tx.audit_any_actor.to_owned())];
        if let Some(Ok(users)) = people.get() {
            out.extend(users.into_iter().map(|u| {
                (
                    u.id.to_string(),
                    format!("{}（{}）", u.display_name, u.username),
                )
            }));
        }
        out
    });
    let entity_opts = Signal::derive(move || {
        let mut out = vec![(String::new(), tx.all.to_owned())];
        out.extend(
            AuditEntity::ALL
                .iter()
                .map(|e| (e.as_str().to_owned(), entity_name(*e).to_owned())),
        );
        out
    });
    let action_opts = Signal::derive(move || {
        let mut out = vec![(String::new(), tx.all.to_owned())];
        out.extend(
            AuditAction::ALL
                .iter()
                .map(|a| (a.as_str().to_owned(), action_name(*a).to_owned())),
        );
        out
    });

    let list = Res::new(move || {
        let query = applied.get();
        let p = page.get();
        async move {
            let query = &query;
            api::call(ops::list_audit_log(query, PageParams::new(p, PAGE_SIZE))).await
        }
    });

    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(AuditQuery {
            entity: entity.get_untracked().parse().ok(),
            entity_id: None,
            actor_id: Uuid::parse_str(&actor.get_untracked()).ok(),
            action: action.get_untracked().parse().ok(),
            from: parse_date(&from.get_untracked()).and_then(day_start_utc),
            to: parse_date(&to.get_untracked()).and_then(day_end_utc),
        });
        page.set(1);
    };
    let on_reset = move |_| {
        for s in [entity, action, actor, from, to] {
            s.set(String::new());
        }
        applied.set(AuditQuery::default());
        page.set(1);
    };

    view! {
        <section class="page" data-testid="audit-page">
            <header class="page-head"><h1>{tx.audit_title}</h1></header>
            <form class="filters" on:submit=on_search role="search">
                <div class="field">
                    <label for="f-entity">{tx.audit_entity}</label>
                    <Select id="f-entity" value=entity options=entity_opts/>
                </div>
                <div class="field">
                    <label for="f-action">{tx.audit_action}</label>
                    <Select id="f-action" value=action options=action_opts/>
                </div>
                <div class="field">
                    <label for="f-actor">{tx.audit_actor}</label>
                    <Select id="f-actor" value=actor options=actor_opts/>
                </div>
                <div class="field">
                    <label for="f-from">{tx.audit_from}</label>
                    <input id="f-from" type="date" bind:value=from/>
                </div>
                <div class="field">
                    <label for="f-to">{tx.audit_to}</label>
                    <input id="f-to" type="date" bind:value=to/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{tx.search}</button>
                    <button type="button" class="btn" on:click=on_reset>{tx.reset}</button>
                </div>
            </form>
            {list.view(true, false, move |p| {
                        let (total, size) = (p.total, p.page_size);
                        view! {
                            {if p.items.is_empty() {
                                view! { <EmptyState text=tx.empty_list/> }.into_any()
                            } else {
                                audit_table(p.items).into_any()
                            }}
                            <Pagination page=page total=total page_size=size/>
                        }
                    })}
        </section>
    }
}

fn pretty(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref()
        .and_then(|v| serde_json::to_string_pretty(v).ok())
}

fn audit_table(items: Vec<AuditEntry>) -> impl IntoView {
    let tx = t();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="audit-table">
                <thead>
                    <tr>
                        <th scope="col">{tx.audit_at}</th>
                        <th scope="col">{tx.audit_actor}</th>
                        <th scope="col">{tx.audit_entity}</th>
                        <th scope="col">{tx.audit_action}</th>
                        <th scope="col">{tx.audit_details}</th>
                    </tr>
                </thead>
                <tbody>
                    {items
                        .into_iter()
                        .map(|e| {
                            let actor = if e.actor_kind == "system" { format!("{}（{}）", tx.audit_system, e.actor_name) } else { e.actor_name.clone() };
                            let (before, after) = (pretty(&e.before), pretty(&e.after));
                            let has_details = before.is_some() || after.is_some();
                            view! {
                                <tr>
                                    <td class="nowrap">{fmt_datetime_secs(&e.at)}</td>
                                    <td>{actor}</td>
                                    <td>{entity_name(e.entity)}</td>
                                    <td>{action_name(e.action)}</td>
                                    <td>
                                        {if has_details {
                                            view! {
                                                <details>
                                                    <summary>{tx.audit_details}</summary>
                                                    {before.map(|b| view! { <p class="muted">{tx.audit_before}</p><pre>{b}</pre> })}
                                                    {after.map(|a| view! { <p class="muted">{tx.audit_after}</p><pre>{a}</pre> })}
                                                </details>
                                            }.into_any()
                                        } else {
                                            view! { <span class="muted">{tx.none}</span> }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
