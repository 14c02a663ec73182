//! 服务账号: create (the secret is shown once, with a copy button), list, revoke.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{
    CreateServiceAccount, PageParams, ServiceAccount, ServiceAccountCreated, ServiceScope,
};

use crate::api::{self, etag_of};
use crate::components::{
    CheckField, EmptyState, FormMessages, FormState, PAGE_SIZE, Pagination, TextField, set_title,
};
use crate::i18n::t;
use crate::load::Res;
use crate::time::fmt_datetime;

#[component]
pub fn ServiceAccountsPage() -> impl IntoView {
    let tx = t();
    set_title(tx.service_accounts_title);
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let p = page.get();
        async move { api::call(ops::list_service_accounts(PageParams::new(p, PAGE_SIZE))).await }
    });
    let created: RwSignal<Option<ServiceAccountCreated>> = RwSignal::new(None);
    let list_error: RwSignal<Option<String>> = RwSignal::new(None);

    let name = RwSignal::new(String::new());
    let cases_write = RwSignal::new(false);
    let form = FormState::new(&["name", "scopes"]);
    let on_create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        let body = CreateServiceAccount {
            name: name.get_untracked().trim().to_owned(),
            scopes: if cases_write.get_untracked() {
                vec![ServiceScope::CasesWrite]
            } else {
                vec![]
            },
        };
        crate::components::spawn(async move {
            let body = &body;
            match api::call(ops::create_service_account(body)).await {
                Ok(out) => {
                    form.busy.set(false);
                    name.set(String::new());
                    cases_write.set(false);
                    created.set(Some(out.value));
                    list.refetch();
                }
                Err(e) => form.fail(&e),
            }
        });
    };
    let on_revoke = Callback::new(move |acc: ServiceAccount| {
        let ok = window()
            .confirm_with_message(&(t().sa_revoke_confirm)(&acc.name))
            .unwrap_or(false);
        if !ok {
            return;
        }
        list_error.set(None);
        crate::components::spawn(async move {
            let tag = etag_of(acc.version);
            let tag = &tag;
            if let Err(e) = api::call(ops::revoke_service_account(acc.id, tag)).await {
                list_error.set(Some(e.message()));
            }
            list.refetch();
        });
    });

    view! {
        <section class="page" data-testid="service-accounts-page">
            <header class="page-head">
                <h1>{tx.service_accounts_title}</h1>
                <p class="muted">{tx.service_accounts_lead}</p>
            </header>
            {move || created.get().map(|c| view! { <SecretOnce created=c on_dismiss=Callback::new(move |()| created.set(None))/> })}
            <FormMessages form=form/>
            <form class="card form inline-form" on:submit=on_create novalidate=true data-testid="sa-form">
                <TextField id="name" label=tx.sa_name value=name error=form.error("name") required=true maxlength=100/>
                <CheckField id="scopes" label=tx.sa_scope_cases_write value=cases_write error=form.error("scopes")/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{tx.create}</button>
                </div>
            </form>
            {move || list_error.get().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
            {list.view(true, false, move |p| {
                        let (total, size) = (p.total, p.page_size);
                        view! {
                            {if p.items.is_empty() {
                                view! { <EmptyState text=tx.empty_list/> }.into_any()
                            } else {
                                accounts_table(p.items, on_revoke).into_any()
                            }}
                            <Pagination page=page total=total page_size=size/>
                        }
                    })}
        </section>
    }
}

fn accounts_table(
    items: Vec<ServiceAccount>,
    on_revoke: Callback<ServiceAccount>,
) -> impl IntoView {
    let tx = t();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="sa-table">
                <thead>
                    <tr>
                        <th scope="col">{tx.sa_name}</th>
                        <th scope="col">{tx.sa_client_id}</th>
                        <th scope="col">{tx.sa_scopes}</th>
                        <th scope="col">{tx.sa_last_used}</th>
                        <th scope="col">{tx.created_at}</th>
                        <th scope="col">{tx.actions}</th>
                    </tr>
                </thead>
                <tbody>
                    {items
                        .into_iter()
                        .map(|a| {
                            let last = a.last_used_at.map(|d| fmt_datetime(&d)).unwrap_or_else(|| tx.none.to_owned());
                            let label = format!("{} {}", tx.sa_revoke, a.name);
                            let acc = a.clone();
                            view! {
                                <tr>
                                    <td>{a.name}</td>
                                    <td><code>{a.client_id}</code></td>
                                    <td>{if a.scopes.contains(&ServiceScope::CasesWrite) { tx.sa_scope_cases_write } else { tx.sa_scope_read_only }}</td>
                                    <td class="nowrap">{last}</td>
                                    <td class="nowrap">{fmt_datetime(&a.created_at)}</td>
                                    <td>
                                        <button type="button" class="btn btn-danger btn-small" aria-label=label
                                            on:click=move |_| on_revoke.run(acc.clone())>{tx.sa_revoke}</button>
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

/// The new account's secret, shown this once, with a copy button.
#[component]
fn SecretOnce(created: ServiceAccountCreated, on_dismiss: Callback<()>) -> impl IntoView {
    let tx = t();
    let note: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let secret = created.client_secret.clone();
    let copy = move |_| {
        let secret = secret.clone();
        crate::components::spawn(async move {
            let clipboard = window().navigator().clipboard();
            let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&secret))
                .await
                .is_ok();
            note.set(Some(if done { tx.copied } else { tx.copy_failed }));
        });
    };
    view! {
        <div class="alert alert-warning secret-once" role="alert" data-testid="sa-secret">
            <p class="alert-title">{tx.sa_secret_title}</p>
            <p>{tx.sa_secret_hint}</p>
            <dl class="facts">
                <dt>{tx.sa_name}</dt>
                <dd>{created.account.name.clone()}</dd>
                <dt>{tx.sa_client_id}</dt>
                <dd><code data-testid="sa-client-id">{created.account.client_id.clone()}</code></dd>
            </dl>
            <label for="sa-secret-value">{tx.sa_secret_label}</label>
            <div class="copy-row">
                <input id="sa-secret-value" type="text" readonly=true value=created.client_secret.clone()
                    on:focus=move |ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            el.select();
                        }
                    }/>
                <button type="button" class="btn" on:click=copy>{tx.copy}</button>
            </div>
            <p class="hint" role="status">{move || note.get()}</p>
            <button type="button" class="btn btn-primary" on:click=move |_| on_dismiss.run(())>{tx.dismiss}</button>
        </div>
    }
}
