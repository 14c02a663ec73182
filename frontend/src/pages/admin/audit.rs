//! 审计日志: filters (record kind, action, actor, date range in Asia/Shanghai) and pages; each
//! entry's before/after as a table of the changed fields with their Chinese labels. Readers: the
//! API's (administrators, conveners, the discipline commission); only administrators may list
//! the users to filter by actor.

use leptos::prelude::*;
use serde_json::Value;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    AuditAction, AuditEntity, AuditEntry, AuditQuery, MAX_PAGE_SIZE, PageParams, UserQuery,
};

use crate::api::{self, use_auth};
use crate::components::{EmptyState, Forbidden, PAGE_SIZE, Pagination, Select, set_title};
use crate::i18n::{action_name, audit_value_name, entity_name, field_label, t, tf};
use crate::load::Res;
use crate::time::{day_end_utc, day_start_utc, fmt_datetime_secs, parse_date};

#[component]
pub fn AuditPage() -> impl IntoView {
    let tx = t();
    set_title(tx.audit_title);
    let auth = use_auth();
    if !crate::components::reads_audit(auth.role()) {
        return view! { <Forbidden/> }.into_any();
    }
    let is_admin = auth.is_admin();
    let entity = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let applied = RwSignal::new(AuditQuery::default());
    let page = RwSignal::new(1u64);

    let people = Res::new(move || async move {
        if !is_admin {
            return Ok(vec![]);
        }
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
        // Only when it changes: setting it anyway would load the list a second time.
        if page.get_untracked() != 1 {
            page.set(1);
        }
    };
    let on_reset = move |_| {
        for s in [entity, action, actor, from, to] {
            s.set(String::new());
        }
        applied.set(AuditQuery::default());
        // Only when it changes: setting it anyway would load the list a second time.
        if page.get_untracked() != 1 {
            page.set(1);
        }
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
                {is_admin.then(|| view! {
                    <div class="field">
                        <label for="f-actor">{tx.audit_actor}</label>
                        <Select id="f-actor" value=actor options=actor_opts/>
                    </div>
                })}
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
    .into_any()
}

/// One changed field: its label, the value before and after, as people read them.
struct Change {
    label: String,
    before: String,
    after: String,
}

/// The fields shown first in a record's changes, in this order.
const FIRST: &[&str] = &[
    "title",
    "name",
    "code",
    "display_name",
    "username",
    "kind",
    "role",
    "category",
    "status",
    "period",
    "trigger",
    "trigger_reason",
    "starts_at",
    "ends_at",
    "place",
    "chair",
];

/// Fields that change with every save and say nothing of their own.
const QUIET: &[&str] = &["id", "version", "updated_at"];

/// The fields that differ between `before` and `after` (all fields of a created or removed
/// record), the record's main fields first.
fn changes(entity: AuditEntity, before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let (b, a) = (
        before.and_then(Value::as_object),
        after.and_then(Value::as_object),
    );
    let (bm, am) = (b.unwrap_or(&empty), a.unwrap_or(&empty));
    let mut keys: Vec<&String> = am.keys().collect();
    keys.extend(bm.keys().filter(|k| !am.contains_key(*k)));
    // What a record is first (its name, kind, state, when), the rest as the API orders them.
    keys.sort_by_key(|k| FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()));
    keys.into_iter()
        .filter(|k| !QUIET.contains(&k.as_str()))
        .filter_map(|k| {
            let (old, new) = (bm.get(k), am.get(k));
            if old == new || (is_blank(old) && is_blank(new)) {
                return None;
            }
            let show = |v: Option<&Value>| match v {
                Some(v) if !is_blank(Some(v)) => value_text(entity, k, v),
                _ => t().none.to_owned(),
            };
            Some(Change {
                label: field_label(k),
                before: if b.is_some() {
                    show(old)
                } else {
                    t().none.to_owned()
                },
                after: if a.is_some() {
                    show(new)
                } else {
                    t().none.to_owned()
                },
            })
        })
        .collect()
}

fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// A value as people read it: enum values by their Chinese names, instants in Beijing time,
/// yes/no, nested records as 「label：value」.
fn value_text(entity: AuditEntity, key: &str, v: &Value) -> String {
    let tx = t();
    match v {
        Value::Null => tx.none.to_owned(),
        Value::Bool(b) => if *b { tx.yes } else { tx.no }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if let Some(name) = audit_value_name(entity, key, s) {
                return name.to_owned();
            }
            let instant = s.len() >= 20 && s.as_bytes().get(10) == Some(&b'T');
            match instant.then(|| s.parse::<chrono::DateTime<chrono::Utc>>().ok()) {
                Some(Some(at)) => fmt_datetime_secs(&at),
                _ => s.clone(),
            }
        }
        Value::Array(items) => items
            .iter()
            .map(|i| value_text(entity, key, i))
            .collect::<Vec<_>>()
            .join("；"),
        Value::Object(m) => m
            .iter()
            .filter(|(k, v)| !QUIET.contains(&k.as_str()) && !is_blank(Some(v)))
            .map(|(k, v)| format!("{}：{}", field_label(k), value_text(entity, k, v)))
            .collect::<Vec<_>>()
            .join("，"),
    }
}

/// The meeting an entry is about, for a link: the meeting itself or the meeting of its record.
fn meeting_of(e: &AuditEntry) -> Option<String> {
    if e.entity == AuditEntity::Meeting {
        return e.entity_id.map(|i| i.to_string());
    }
    [&e.after, &e.before]
        .into_iter()
        .flatten()
        .find_map(|v| v.get("meeting_id")?.as_str().map(str::to_owned))
}

fn audit_table(items: Vec<AuditEntry>) -> impl IntoView {
    let tx = t();
    let tf = tf();
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="audit-table">
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
                            let actor = match e.actor_kind.as_str() {
                                "system" => format!("{}（{}）", tx.audit_system, e.actor_name),
                                "service_account" => format!("{}（{}）", tf.audit_actor_kind_sa, e.actor_name),
                                _ => e.actor_name.clone(),
                            };
                            let has_details = e.before.is_some() || e.after.is_some();
                            let rows = changes(e.entity, e.before.as_ref(), e.after.as_ref());
                            let entity = entity_name(e.entity);
                            let object = match meeting_of(&e) {
                                Some(m) => view! { <a href=format!("/meetings/{m}")>{entity}</a> }.into_any(),
                                None => view! { <span>{entity}</span> }.into_any(),
                            };
                            view! {
                                <tr data-entity=e.entity.as_str() data-action=e.action.as_str()>
                                    <td class="nowrap" data-label=tx.audit_at>{fmt_datetime_secs(&e.at)}</td>
                                    <td data-label=tx.audit_actor>{actor}</td>
                                    <td data-label=tx.audit_entity>{object}</td>
                                    <td data-label=tx.audit_action>{action_name(e.action)}</td>
                                    <td data-label=tx.audit_details>
                                        {if !has_details {
                                            view! { <span class="muted">{tx.none}</span> }.into_any()
                                        } else if rows.is_empty() {
                                            view! { <span class="muted">{tf.audit_no_changes}</span> }.into_any()
                                        } else {
                                            // A button and a signal rather than <details>: the rows
                                            // are reused when the list reloads, and a native
                                            // <details> would keep another entry's "open".
                                            let shown = RwSignal::new(false);
                                            let diff_id = format!("diff-{}", e.id);
                                            view! {
                                                <button type="button" class="link" data-testid="audit-toggle"
                                                    aria-expanded=move || if shown.get() { "true" } else { "false" }
                                                    aria-controls=diff_id.clone()
                                                    on:click=move |_| shown.update(|s| *s = !*s)>
                                                    {tx.audit_details}
                                                </button>
                                                <div id=diff_id hidden=move || !shown.get()>
                                                    <table class="diff" data-testid="audit-diff">
                                                        <thead><tr>
                                                            <th scope="col">{tf.audit_field}</th>
                                                            <th scope="col">{tx.audit_before}</th>
                                                            <th scope="col">{tx.audit_after}</th>
                                                        </tr></thead>
                                                        <tbody>
                                                            {rows.into_iter().map(|c| view! {
                                                                <tr>
                                                                    <th scope="row">{c.label}</th>
                                                                    <td class="prose">{c.before}</td>
                                                                    <td class="prose">{c.after}</td>
                                                                </tr>
                                                            }).collect_view()}
                                                        </tbody>
                                                    </table>
                                                </div>
                                            }.into_any()
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
