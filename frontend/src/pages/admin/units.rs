//! 单位管理: the list with filters and pages, and the create/edit form.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use yanpan_client::Tagged;
use yanpan_client::ops;
use yanpan_types::{CreateUnit, PageParams, Unit, UnitKind, UnitQuery, UpdateUnit};

use crate::api::{self, AppError};
use crate::components::flash::use_flash;
use crate::components::options::{active_options, parse_active};
use crate::components::params::id_param;
use crate::components::{
    CheckField, EmptyState, FormMessages, FormState, PAGE_SIZE, Pagination, Select, SelectField,
    StaleBanner, TextField, active_badge, set_title,
};
use crate::i18n::{t, unit_kind_name};
use crate::load::Res;
use crate::time::fmt_datetime;

/// (value, text) options of the unit kinds, optionally led by "全部".
pub fn kind_options(with_all: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if with_all {
        out.push((String::new(), t().all.to_owned()));
    }
    out.extend(
        UnitKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), unit_kind_name(*k).to_owned())),
    );
    out
}

#[component]
pub fn UnitsPage() -> impl IntoView {
    let tx = t();
    set_title(tx.units_title);
    let (_, flash) = use_flash();
    let kind = RwSignal::new(String::new());
    let active = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let applied = RwSignal::new(UnitQuery::default());
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let query = applied.get();
        let p = page.get();
        async move {
            let query = &query;
            api::call(ops::list_units(query, PageParams::new(p, PAGE_SIZE))).await
        }
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = q.get_untracked().trim().to_owned();
        applied.set(UnitQuery {
            kind: kind.get_untracked().parse().ok(),
            active: parse_active(&active.get_untracked()),
            q: (!text.is_empty()).then_some(text),
        });
        page.set(1);
    };
    let on_reset = move |_| {
        kind.set(String::new());
        active.set(String::new());
        q.set(String::new());
        applied.set(UnitQuery::default());
        page.set(1);
    };

    view! {
        <section class="page" data-testid="units-page">
            <header class="page-head with-actions">
                <h1>{tx.units_title}</h1>
                <A href="/admin/units/new" attr:class="btn btn-primary">{tx.unit_new}</A>
            </header>
            {move || flash.get().map(|m| view! { <div class="alert alert-success" role="status">{m}</div> })}
            <form class="filters" on:submit=on_search role="search">
                <div class="field">
                    <label for="f-kind">{tx.unit_kind}</label>
                    <Select id="f-kind" value=kind options=Signal::derive(|| kind_options(true))/>
                </div>
                <div class="field">
                    <label for="f-active">{tx.status}</label>
                    <Select id="f-active" value=active options=Signal::derive(active_options)/>
                </div>
                <div class="field">
                    <label for="f-q">{tx.search}</label>
                    <input id="f-q" type="search" bind:value=q placeholder=tx.search_units/>
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
                                units_table(p.items).into_any()
                            }}
                            <Pagination page=page total=total page_size=size/>
                        }
                    })}
        </section>
    }
}

fn units_table(items: Vec<Unit>) -> impl IntoView {
    let tx = t();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="units-table">
                <thead>
                    <tr>
                        <th scope="col">{tx.unit_code}</th>
                        <th scope="col">{tx.unit_name}</th>
                        <th scope="col">{tx.unit_kind}</th>
                        <th scope="col">{tx.status}</th>
                        <th scope="col">{tx.updated_at}</th>
                        <th scope="col">{tx.actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {items
                        .into_iter()
                        .map(|u| {
                            let href = format!("/admin/units/{}", u.id);
                            view! {
                                <tr>
                                    <td><code>{u.code}</code></td>
                                    <td>{u.name.clone()}</td>
                                    <td>{unit_kind_name(u.kind)}</td>
                                    <td>{active_badge(u.active)}</td>
                                    <td class="nowrap">{fmt_datetime(&u.updated_at)}</td>
                                    <td><A href=href attr:aria-label=format!("{} {}", tx.edit, u.name)>{tx.edit}</A></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn UnitNewPage() -> impl IntoView {
    set_title(t().unit_new);
    view! { <UnitForm existing=None/> }
}

#[component]
pub fn UnitEditPage() -> impl IntoView {
    set_title(t().unit_edit);
    let id = id_param();
    let unit = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_unit(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        {unit.view(true, false, move |u| view! { <UnitForm existing=Some(u)/> })}
    }
}

/// Create (`existing: None`) or edit a unit.
#[component]
fn UnitForm(existing: Option<Tagged<Unit>>) -> impl IntoView {
    let tx = t();
    let navigate = use_navigate();
    let (flash, _) = use_flash();
    let is_new = existing.is_none();
    let id = existing.as_ref().map(|u| u.id);
    let code = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.code.clone())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_default(),
    );
    let kind = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.kind)
            .unwrap_or(UnitKind::Street)
            .as_str()
            .to_owned(),
    );
    let active = RwSignal::new(existing.as_ref().is_none_or(|u| u.active));
    let etag = RwSignal::new(
        existing
            .as_ref()
            .map(|u| u.etag.clone())
            .unwrap_or_default(),
    );
    let form = FormState::new(&["code", "name", "kind", "active"]);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        let Ok(k) = kind.get_untracked().parse::<UnitKind>() else {
            form.invalid("kind", tx.err_required);
            return;
        };
        let navigate = navigate.clone();
        crate::components::spawn(async move {
            match id {
                None => {
                    let body = CreateUnit {
                        code: code.get_untracked().trim().to_owned(),
                        name: name.get_untracked().trim().to_owned(),
                        kind: k,
                    };
                    let body = &body;
                    match api::call(ops::create_unit(body)).await {
                        Ok(_) => {
                            flash.set("/admin/units", tx.created);
                            navigate("/admin/units", NavigateOptions::default());
                        }
                        Err(e) => form.fail(&e),
                    }
                }
                Some(id) => {
                    let body = UpdateUnit {
                        name: Some(name.get_untracked().trim().to_owned()),
                        kind: Some(k),
                        active: Some(active.get_untracked()),
                    };
                    let (body, tag) = (&body, etag.get_untracked());
                    let tag = &tag;
                    match api::call(ops::update_unit(id, tag, body)).await {
                        Ok(u) => {
                            etag.set(u.etag);
                            form.succeed(tx.saved);
                        }
                        Err(e) => form.fail(&e),
                    }
                }
            }
        });
    };
    // After a 412: take the latest version's ETag, keep what was typed.
    let on_reload = Callback::new(move |()| {
        let Some(id) = id else { return };
        crate::components::spawn(async move {
            match api::call(ops::get_unit(id)).await {
                Ok(latest) => {
                    etag.set(latest.etag.clone());
                    form.stale_info
                        .set(Some((t().stale_reloaded)(latest.version)));
                }
                Err(e) => form.fail(&e),
            }
        });
    });

    view! {
        <section class="page narrow" data-testid="unit-form-page">
            <header class="page-head">
                <p class="crumbs"><A href="/admin/units">{tx.units_title}</A></p>
                <h1>{if is_new { tx.unit_new } else { tx.unit_edit }}</h1>
            </header>
            <StaleBanner form=form on_reload=on_reload/>
            <FormMessages form=form/>
            <form class="card form" on:submit=on_submit novalidate=true data-testid="unit-form">
                <TextField id="code" label=tx.unit_code value=code error=form.error("code") required=true hint=tx.unit_code_hint disabled=!is_new maxlength=32/>
                <TextField id="name" label=tx.unit_name value=name error=form.error("name") required=true maxlength=100/>
                <SelectField id="kind" label=tx.unit_kind value=kind options=Signal::derive(|| kind_options(false)) error=form.error("kind") required=true/>
                {(!is_new).then(|| view! { <CheckField id="active" label=tx.unit_active value=active error=form.error("active")/> })}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { tx.saving } else if is_new { tx.create } else { tx.save }}
                    </button>
                    <A href="/admin/units" attr:class="btn">{tx.cancel}</A>
                </div>
            </form>
        </section>
    }
}
