//! The case drawer: a side panel with one case of the 平安365 platform (`GET /cases/{number}`),
//! opened by any case number shown as a [`case_button`] on the analysis page or the case list.
//!
//! A page calls [`provide_case_drawer`] once and places `<CaseDrawer/>`; the buttons find the
//! drawer through the context, so tables deep in a page need no callback threaded to them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yanpan_client::ops;
use yanpan_types::Case;

use crate::api;
use crate::i18n::{
    case_channel_name, case_kind_name, case_status_name, satisfaction_name, supervision_name, t, ta,
};
use crate::load::Res;
use crate::time::fmt_datetime;

/// The case number the drawer shows (`None`: closed), and the button that opened it: focus goes
/// back there on closing, so keyboard users keep their place in the table.
#[derive(Clone, Copy)]
pub struct CaseDrawerState {
    pub open: RwSignal<Option<String>>,
    opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

impl CaseDrawerState {
    fn close(self) {
        self.open.set(None);
        if let Some(el) = self.opener.get_value() {
            let _ = el.focus();
        }
    }
}

/// Makes the drawer's state available to the page's case buttons.
pub fn provide_case_drawer() -> CaseDrawerState {
    let s = CaseDrawerState {
        open: RwSignal::new(None),
        opener: StoredValue::new_local(None),
    };
    provide_context(s);
    s
}

/// A case number as a button that opens the drawer (plain text where no drawer is provided).
pub fn case_button(number: String) -> AnyView {
    match use_context::<CaseDrawerState>() {
        Some(state) => {
            let label = (ta().open_case)(&number);
            let n = number.clone();
            let data = number.clone();
            let on_click = move |ev: leptos::ev::MouseEvent| {
                let el = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
                state.opener.set_value(el);
                state.open.set(Some(n.clone()));
            };
            view! {
                <button type="button" class="link case-link" aria-label=label data-case=data
                    on:click=on_click>
                    {number}
                </button>
            }
            .into_any()
        }
        None => view! { <span class="case-link">{number}</span> }.into_any(),
    }
}

/// Several case numbers as buttons, the rest counted (`等 n 件`).
pub fn case_buttons(numbers: &[String], shown: usize) -> AnyView {
    counted_case_buttons(numbers, numbers.len(), shown)
}

/// The first `shown` of `numbers`, then `等 total 件` when `total` is more than shown (a cluster
/// lists its latest cases only and counts them all).
pub fn counted_case_buttons(numbers: &[String], total: usize, shown: usize) -> AnyView {
    let more = total > shown.min(numbers.len());
    view! {
        <span class="case-links">
            {numbers.iter().take(shown).map(|n| case_button(n.clone())).collect_view()}
            {more.then(|| view! { <span class="muted">{(ta().more_cases)(total)}</span> })}
        </span>
    }
    .into_any()
}

/// The side panel. Escape or the close button closes it; focus moves to it on opening.
#[component]
pub fn CaseDrawer() -> impl IntoView {
    let Some(state) = use_context::<CaseDrawerState>() else {
        return ().into_any();
    };
    let open = state.open;
    let a = ta();
    let case = Res::new(move || {
        let n = open.get();
        async move {
            match n {
                Some(n) => Some(api::call(ops::get_case(&n)).await.map(|c| c.value)),
                None => None,
            }
        }
    });
    let close_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.with(Option::is_some)
            && let Some(b) = close_ref.get()
        {
            let _ = b.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            state.close();
        }
    };
    view! {
        <Show when=move || open.with(Option::is_some)>
            <aside class="drawer" role="dialog" aria-modal="false" aria-labelledby="case-drawer-title"
                data-testid="case-drawer" on:keydown=on_key>
                <div class="drawer-head">
                    <h2 id="case-drawer-title">{move || (a.drawer_title)(&open.get().unwrap_or_default())}</h2>
                    <button type="button" class="btn btn-ghost btn-small" node_ref=close_ref
                        on:click=move |_| state.close()>{a.close}</button>
                </div>
                {move || match case.get() {
                    None | Some(None) => view! { <crate::components::Loading/> }.into_any(),
                    Some(Some(Err(e))) => view! {
                        <div class="alert alert-error" role="alert" data-testid="case-error">{e.message()}</div>
                    }.into_any(),
                    Some(Some(Ok(c))) => case_facts(c),
                }}
            </aside>
        </Show>
    }
    .into_any()
}

/// The case's fields with their Chinese labels; absent ones are left out.
fn case_facts(c: Case) -> AnyView {
    let a = ta();
    let opt = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let row = |label: &'static str, v: Option<String>| {
        opt(v).map(|v| view! { <dt>{label}</dt><dd>{v}</dd> })
    };
    let time = |v: &Option<chrono::DateTime<chrono::Utc>>| v.as_ref().map(fmt_datetime);
    let overdue = if c.overdue {
        view! { <span class="badge badge-warn">{a.overdue_yes}</span> }.into_any()
    } else {
        view! { <span class="badge badge-ok">{a.overdue_no}</span> }.into_any()
    };
    view! {
        <dl class="facts drawer-facts" data-testid="case-facts">
            <dt>{a.case_number}</dt><dd data-testid="case-number">{c.case_number.clone()}</dd>
            <dt>{a.kind}</dt><dd>{case_kind_name(c.kind)}</dd>
            <dt>{a.channel}</dt><dd>{case_channel_name(c.channel)}</dd>
            {row(a.parent_category, c.parent_category_name.clone())}
            <dt>{a.category}</dt><dd data-testid="case-category">{c.category_name.clone()}</dd>
            <dt>{a.street}</dt><dd data-testid="case-street">{c.street_name.clone()}</dd>
            {row(a.community, c.community.clone())}
            {row(a.address, c.address.clone())}
            <dt>{a.summary}</dt><dd class="prose">{c.summary.clone()}</dd>
            <dt>{a.received_at}</dt><dd>{fmt_datetime(&c.received_at)}</dd>
            <dt>{a.handling_unit}</dt><dd>{c.handling_unit_name.clone().unwrap_or_else(|| t().none.to_owned())}</dd>
            {row(a.due_at, time(&c.due_at))}
            <dt>{t().status}</dt><dd data-testid="case-status">{case_status_name(c.status)}</dd>
            <dt>{a.overdue}</dt><dd>{overdue}</dd>
            {row(a.resolved_at, time(&c.resolved_at))}
            {row(a.result, c.result.clone())}
            <dt>{a.redo_count}</dt><dd>{c.redo_count}</dd>
            <dt>{a.supervision}</dt><dd>{supervision_name(c.supervision_level)}</dd>
            {row(a.satisfaction, c.satisfaction.map(|s| satisfaction_name(s).to_owned()))}
            {row(a.satisfaction_comment, c.satisfaction_comment.clone())}
            {row(a.rated_at, time(&c.rated_at))}
            <dt>{a.platform_updated_at}</dt><dd>{fmt_datetime(&c.platform_updated_at)}</dd>
        </dl>
    }
    .into_any()
}

/// `87.5%`, or `—` when the rate is undefined (nothing to divide by).
pub fn pct(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{:.1}%", x * 100.0),
        None => "—".to_owned(),
    }
}
