//! 案件: the platform's cases the signed-in person may read, newest first, with filters; a case
//! number opens the case drawer. What a unit's representative sees (its unit's or its street's
//! cases) is the API's choice: the page shows what `GET /cases` answers and filters nothing.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{Case, CaseKind, CaseQuery, CaseStatus, PageParams};

use crate::api::{self, use_auth};
use crate::components::case_drawer::{CaseDrawer, case_button, provide_case_drawer};
use crate::components::case_options::{category_options, street_options};
use crate::components::options::enum_options;
use crate::components::{
    EmptyState, Forbidden, PAGE_SIZE, Pagination, Select, reads_cases, set_title,
};
use crate::i18n::{case_kind_name, case_status_name, t, ta};
use crate::load::Res;
use crate::time::{fmt_datetime, parse_date};

#[component]
pub fn CasesPage() -> impl IntoView {
    let a = ta();
    set_title(a.nav_cases);
    let auth = use_auth();
    if !reads_cases(auth.role()) {
        return view! { <Forbidden/> }.into_any();
    }
    provide_case_drawer();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let street = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let overdue = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    // The filters take effect on 查询 (not per keystroke): one request per intent.
    let applied = RwSignal::new(CaseQuery::default());
    let page = RwSignal::new(1u64);
    let streets = Res::new(street_options);
    let categories = Res::new(category_options);
    let list = Res::new(move || {
        let cq = applied.get();
        let p = page.get();
        async move {
            let cq = &cq;
            api::call(ops::list_cases(cq, PageParams::new(p, PAGE_SIZE))).await
        }
    });
    let non_empty = |s: RwSignal<String>| {
        let v = s.get_untracked().trim().to_owned();
        (!v.is_empty()).then_some(v)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(CaseQuery {
            from: parse_date(&from.get_untracked()),
            to: parse_date(&to.get_untracked()),
            kind: kind.get_untracked().parse().ok(),
            status: status.get_untracked().parse().ok(),
            category: non_empty(category),
            street: non_empty(street),
            unit: None,
            overdue: match overdue.get_untracked().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            q: non_empty(q),
        });
        page.set(1);
    };
    let on_reset = move |_| {
        for s in [from, to, kind, status, street, category, overdue, q] {
            s.set(String::new());
        }
        applied.set(CaseQuery::default());
        page.set(1);
    };
    let overdue_options = move || {
        vec![
            (String::new(), t().all.to_owned()),
            ("true".to_owned(), a.overdue_yes.to_owned()),
            ("false".to_owned(), a.overdue_no.to_owned()),
        ]
    };
    view! {
        <section class="page" data-testid="cases-page">
            <header class="page-head"><h1>{a.nav_cases}</h1><p class="muted">{a.cases_lead}</p></header>
            <form class="filters no-print" on:submit=on_submit role="search" aria-label=a.nav_cases data-testid="case-filters">
                <div class="field">
                    <label for="f-from">{a.from}</label>
                    <input id="f-from" type="date" bind:value=from/>
                </div>
                <div class="field">
                    <label for="f-to">{a.to}</label>
                    <input id="f-to" type="date" bind:value=to/>
                </div>
                <div class="field">
                    <label for="f-kind">{a.kind}</label>
                    <Select id="f-kind" value=kind options=Signal::derive(|| enum_options(CaseKind::ALL, true, |k| k.as_str(), case_kind_name))/>
                </div>
                <div class="field">
                    <label for="f-status">{t().status}</label>
                    <Select id="f-status" value=status options=Signal::derive(|| enum_options(CaseStatus::ALL, true, |k| k.as_str(), case_status_name))/>
                </div>
                <div class="field">
                    <label for="f-street">{a.street}</label>
                    <Select id="f-street" value=street options=Signal::derive(move || streets.get().unwrap_or_default())/>
                </div>
                <div class="field">
                    <label for="f-category">{a.category}</label>
                    <Select id="f-category" value=category options=Signal::derive(move || categories.get().unwrap_or_default())/>
                </div>
                <div class="field">
                    <label for="f-overdue">{a.overdue}</label>
                    <Select id="f-overdue" value=overdue options=Signal::derive(overdue_options)/>
                </div>
                <div class="field grow">
                    <label for="f-q">{a.text_q}</label>
                    <input id="f-q" type="search" bind:value=q maxlength=100 placeholder=a.text_q_hint autocomplete="off"/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{a.apply}</button>
                    <button type="button" class="btn" on:click=on_reset>{t().reset}</button>
                </div>
            </form>
            {list.view(true, true, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=a.no_cases/> }.into_any()
                    } else {
                        cases_table(p.items)
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
            <CaseDrawer/>
        </section>
    }
    .into_any()
}

fn cases_table(items: Vec<Case>) -> AnyView {
    let a = ta();
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="cases-table">
                <thead>
                    <tr>
                        <th scope="col">{a.case_number}</th>
                        <th scope="col">{a.received_at}</th>
                        <th scope="col">{a.category}</th>
                        <th scope="col">{a.street}</th>
                        <th scope="col">{a.handling_unit}</th>
                        <th scope="col">{t().status}</th>
                        <th scope="col">{a.overdue}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|c| {
                        let category = match &c.parent_category_name {
                            Some(p) => format!("{p} / {}", c.category_name),
                            None => c.category_name.clone(),
                        };
                        view! {
                            <tr data-testid="case-row" data-case=c.case_number.clone()>
                                <td class="nowrap">{case_button(c.case_number.clone())}</td>
                                <td class="nowrap" data-label=a.received_at>{fmt_datetime(&c.received_at)}</td>
                                <td data-label=a.category>{category}</td>
                                <td class="nowrap" data-label=a.street>{c.street_name.clone()}</td>
                                <td data-label=a.handling_unit>{c.handling_unit_name.clone().unwrap_or_else(|| t().none.to_owned())}</td>
                                <td class="nowrap" data-label=t().status>{case_status_name(c.status)}</td>
                                <td class="nowrap" data-label=a.overdue>{c.overdue.then(|| view! {
                                    <span class="badge badge-warn">{a.overdue_yes}</span>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
