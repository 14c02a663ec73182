//! 用户管理: the list with filters and pages, and the create/edit form (role, unit, active,
//! password reset).

use std::collections::HashMap;
use yanpan_client::ops;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;
use yanpan_client::Tagged;
use yanpan_types::{
    CreateUser, MAX_PAGE_SIZE, PageParams, Role, Unit, UnitQuery, UpdateUser, User, UserQuery,
};

use crate::api::{self, AppError};
use crate::components::flash::use_flash;
use crate::components::options::{active_options, parse_active};
use crate::components::params::id_param;
use crate::components::{
    CheckField, EmptyState, FormMessages, FormState, PAGE_SIZE, Pagination, Select, SelectField,
    StaleBanner, TextField, active_badge, set_title,
};
use crate::i18n::{role_name, t};
use crate::load::Res;

/// Every unit (the organisation has a few dozen; one page of the largest size).
pub fn all_units() -> Res<Result<Vec<Unit>, AppError>> {
    Res::new(|| async {
        let q = UnitQuery::default();
        let q = &q;
        api::call(ops::list_units(q, PageParams::new(1, MAX_PAGE_SIZE)))
            .await
            .map(|p| p.items)
    })
}

fn role_options(with_all: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if with_all {
        out.push((String::new(), t().all.to_owned()));
    }
    out.extend(
        Role::HUMAN
            .iter()
            .map(|r| (r.as_str().to_owned(), role_name(*r).to_owned())),
    );
    out
}

fn unit_options(units: &[Unit], first: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), first.to_owned())];
    out.extend(units.iter().map(|u| {
        (
            u.id.to_string(),
            if u.active {
                u.name.clone()
            } else {
                format!("{}（{}）", u.name, t().inactive)
            },
        )
    }));
    out
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let tx = t();
    set_title(tx.users_title);
    let (_, flash) = use_flash();
    let role = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let active = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let applied = RwSignal::new(UserQuery::default());
    let page = RwSignal::new(1u64);
    let units = all_units();
    let unit_names = Memo::new(move |_| {
        units
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect::<HashMap<Uuid, String>>()
    });
    let unit_opts = Signal::derive(move || {
        unit_options(
            &units.get().and_then(Result::ok).unwrap_or_default(),
            tx.all,
        )
    });
    let list = Res::new(move || {
        let query = applied.get();
        let p = page.get();
        async move {
            let query = &query;
            api::call(ops::list_users(query, PageParams::new(p, PAGE_SIZE))).await
        }
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = q.get_untracked().trim().to_owned();
        applied.set(UserQuery {
            role: role.get_untracked().parse().ok(),
            unit_id: Uuid::parse_str(&unit.get_untracked()).ok(),
            active: parse_active(&active.get_untracked()),
            q: (!text.is_empty()).then_some(text),
        });
        page.set(1);
    };
    let on_reset = move |_| {
        for s in [role, unit, active, q] {
            s.set(String::new());
        }
        applied.set(UserQuery::default());
        page.set(1);
    };

    view! {
        <section class="page" data-testid="users-page">
            <header class="page-head with-actions">
                <h1>{tx.users_title}</h1>
                <A href="/admin/users/new" attr:class="btn btn-primary">{tx.user_new}</A>
            </header>
            {move || flash.get().map(|m| view! { <div class="alert alert-success" role="status">{m}</div> })}
            <form class="filters" on:submit=on_search role="search">
                <div class="field">
                    <label for="f-role">{tx.role}</label>
                    <Select id="f-role" value=role options=Signal::derive(|| role_options(true))/>
                </div>
                <div class="field">
                    <label for="f-unit">{tx.unit}</label>
                    <Select id="f-unit" value=unit options=unit_opts/>
                </div>
                <div class="field">
                    <label for="f-active">{tx.status}</label>
                    <Select id="f-active" value=active options=Signal::derive(active_options)/>
                </div>
                <div class="field">
                    <label for="f-q">{tx.search}</label>
                    <input id="f-q" type="search" bind:value=q placeholder=tx.search_users/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{tx.search}</button>
                    <button type="button" class="btn" on:click=on_reset>{tx.reset}</button>
                </div>
            </form>
            {list.view(true, false, move |p| {
                        let (total, size) = (p.total, p.page_size);
                        let names = unit_names.get();
                        view! {
                            {if p.items.is_empty() {
                                view! { <EmptyState text=tx.empty_list/> }.into_any()
                            } else {
                                users_table(p.items, &names).into_any()
                            }}
                            <Pagination page=page total=total page_size=size/>
                        }
                    })}
        </section>
    }
}

fn users_table(items: Vec<User>, units: &HashMap<Uuid, String>) -> impl IntoView {
    let tx = t();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="users-table">
                <thead>
                    <tr>
                        <th scope="col">{tx.username}</th>
                        <th scope="col">{tx.display_name}</th>
                        <th scope="col">{tx.role}</th>
                        <th scope="col">{tx.unit}</th>
                        <th scope="col">{tx.status}</th>
                        <th scope="col">{tx.actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {items
                        .into_iter()
                        .map(|u| {
                            let unit = u.unit_id.and_then(|id| units.get(&id).cloned()).unwrap_or_else(|| tx.none.to_owned());
                            let href = format!("/admin/users/{}", u.id);
                            view! {
                                <tr>
                                    <td><code>{u.username.clone()}</code></td>
                                    <td>{u.display_name}</td>
                                    <td>{role_name(u.role)}</td>
                                    <td>{unit}</td>
                                    <td>{active_badge(u.active)}</td>
                                    <td><A href=href attr:aria-label=format!("{} {}", tx.edit, u.username)>{tx.edit}</A></td>
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
pub fn UserNewPage() -> impl IntoView {
    set_title(t().user_new);
    view! { <UserForm existing=None/> }
}

#[component]
pub fn UserEditPage() -> impl IntoView {
    set_title(t().user_edit);
    let id = id_param();
    let user = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_user(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        {user.view(true, false, move |u| view! { <UserForm existing=Some(u)/> })}
    }
}

/// Create (`existing: None`) or edit a user.
#[component]
fn UserForm(existing: Option<Tagged<User>>) -> impl IntoView {
    let tx = t();
    let navigate = use_navigate();
    let (flash, _) = use_flash();
    let is_new = existing.is_none();
    let id = existing.as_ref().map(|u| u.id);
    let e = existing.as_ref();
    let username = RwSignal::new(e.map(|u| u.username.clone()).unwrap_or_default());
    let display_name = RwSignal::new(e.map(|u| u.display_name.clone()).unwrap_or_default());
    let role = RwSignal::new(
        e.map(|u| u.role)
            .unwrap_or(Role::UnitRep)
            .as_str()
            .to_owned(),
    );
    let unit = RwSignal::new(
        e.and_then(|u| u.unit_id)
            .map(|u| u.to_string())
            .unwrap_or_default(),
    );
    let active = RwSignal::new(e.is_none_or(|u| u.active));
    let password = RwSignal::new(String::new());
    let etag = RwSignal::new(e.map(|u| u.etag.clone()).unwrap_or_default());
    let form = FormState::new(&[
        "username",
        "display_name",
        "role",
        "unit_id",
        "active",
        "password",
    ]);
    let units = all_units();
    let unit_opts = Signal::derive(move || {
        unit_options(
            &units.get().and_then(Result::ok).unwrap_or_default(),
            tx.no_unit,
        )
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        let Ok(r) = role.get_untracked().parse::<Role>() else {
            form.invalid("role", tx.err_required);
            return;
        };
        let unit_id = Uuid::parse_str(&unit.get_untracked()).ok();
        let pw = password.get_untracked();
        let navigate = navigate.clone();
        crate::components::spawn(async move {
            match id {
                None => {
                    let body = CreateUser {
                        username: username.get_untracked().trim().to_owned(),
                        display_name: display_name.get_untracked().trim().to_owned(),
                        password: pw,
                        role: r,
                        unit_id,
                    };
                    let body = &body;
                    match api::call(ops::create_user(body)).await {
                        Ok(_) => {
                            flash.set("/admin/users", tx.created);
                            navigate("/admin/users", NavigateOptions::default());
                        }
                        Err(e) => form.fail(&e),
                    }
                }
                Some(id) => {
                    let body = UpdateUser {
                        display_name: Some(display_name.get_untracked().trim().to_owned()),
                        role: Some(r),
                        unit_id: Some(unit_id),
                        active: Some(active.get_untracked()),
                        password: (!pw.is_empty()).then_some(pw),
                    };
                    let (body, tag) = (&body, etag.get_untracked());
                    let tag = &tag;
                    match api::call(ops::update_user(id, tag, body)).await {
                        Ok(u) => {
                            etag.set(u.etag);
                            password.set(String::new());
                            form.succeed(tx.saved);
                        }
                        Err(e) => form.fail(&e),
                    }
                }
            }
        });
    };
    let on_reload = Callback::new(move |()| {
        let Some(id) = id else { return };
        crate::components::spawn(async move {
            match api::call(ops::get_user(id)).await {
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
        <section class="page narrow" data-testid="user-form-page">
            <header class="page-head">
                <p class="crumbs"><A href="/admin/users">{tx.users_title}</A></p>
                <h1>{if is_new { tx.user_new } else { tx.user_edit }}</h1>
            </header>
            <StaleBanner form=form on_reload=on_reload/>
            <FormMessages form=form/>
            <form class="card form" on:submit=on_submit novalidate=true data-testid="user-form">
                <TextField id="username" label=tx.username value=username error=form.error("username") required=true disabled=!is_new maxlength=64 autocomplete="off"/>
                <TextField id="display_name" label=tx.display_name value=display_name error=form.error("display_name") required=true maxlength=100/>
                <SelectField id="role" label=tx.role value=role options=Signal::derive(|| role_options(false)) error=form.error("role") required=true/>
                <SelectField id="unit_id" label=tx.unit value=unit options=unit_opts error=form.error("unit_id")/>
                {(!is_new).then(|| view! { <CheckField id="active" label=tx.user_active value=active error=form.error("active")/> })}
                {if is_new {
                    view! { <TextField id="password" label=tx.initial_password value=password error=form.error("password") input_type="password" required=true hint=tx.password_hint autocomplete="new-password"/> }.into_any()
                } else {
                    view! { <TextField id="password" label=tx.reset_password value=password error=form.error("password") input_type="password" hint=tx.reset_password_hint autocomplete="new-password"/> }.into_any()
                }}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { tx.saving } else if is_new { tx.create } else { tx.save }}
                    </button>
                    <A href="/admin/users" attr:class="btn">{tx.cancel}</A>
                </div>
            </form>
        </section>
    }
}
