//! The home page's sections. They take their items as signals and show an empty state until
//! the meeting pages (a later phase) feed them.

use leptos::prelude::*;

use crate::components::{EmptyState, Section};
use crate::i18n::{t, tm};

/// One line of a dashboard list: a meeting, a to-do, a deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct DashItem {
    pub title: String,
    /// When, already formatted (Asia/Shanghai).
    pub when: Option<String>,
    /// Where the item opens.
    pub href: Option<String>,
    /// A short status label.
    pub status: Option<String>,
}

fn item_list(items: Vec<DashItem>) -> impl IntoView {
    view! {
        <ul class="dash-list">
            {items
                .into_iter()
                .map(|i| {
                    let title = match i.href {
                        Some(h) => view! { <a href=h>{i.title}</a> }.into_any(),
                        None => view! { <span>{i.title}</span> }.into_any(),
                    };
                    view! {
                        <li>
                            {title}
                            {i.when.map(|w| view! { <span class="muted">{w}</span> })}
                            {i.status.map(|s| view! { <span class="badge">{s}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// 本月例会: this month's regular meetings.
#[component]
pub fn MonthMeetings(
    #[prop(into)] month: String,
    #[prop(into)] items: Signal<Vec<DashItem>>,
) -> impl IntoView {
    let tx = t();
    view! {
        <Section title=tx.this_month_meetings id="month-meetings">
            {move || {
                let list = items.get();
                if list.is_empty() {
                    view! { <EmptyState text=(tx.this_month_meetings_empty)(&month)/> }.into_any()
                } else {
                    item_list(list).into_any()
                }
            }}
        </Section>
    }
}

/// 年度例会节奏: one cell per month with its cadence state (`held`, `planned`, `missing`, `open`).
#[component]
pub fn AnnualRhythm(
    year: i32,
    current_month: u32,
    #[prop(into)] states: Signal<Vec<String>>,
) -> impl IntoView {
    let tx = t();
    view! {
        <Section title=tx.annual_rhythm id="annual-rhythm">
            <p class="muted">{(tx.annual_rhythm_hint)(year)}</p>
            <ol class="rhythm" data-testid="cadence">
                {(1..=12u32)
                    .map(|m| {
                        let state = move || states.with(|s| s.get(m as usize - 1).cloned().unwrap_or_default());
                        view! {
                            <li
                                class=move || format!("rhythm-month st-{}", state())
                                class:current={m == current_month}
                                class:held=move || state() == "held"
                                class:future={m > current_month}
                            >
                                <span class="rhythm-name">{(tx.month_name)(m)}</span>
                                <span class="rhythm-state">
                                    {move || match state().as_str() {
                                        "held" => tm().cad_held,
                                        "planned" => tm().cad_planned,
                                        "missing" => tx.no_meeting_yet,
                                        _ if m > current_month => "",
                                        _ => tm().cad_open,
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </Section>
    }
}

/// 待办: what the signed-in person should do next.
#[component]
pub fn Todos(#[prop(into)] items: Signal<Vec<DashItem>>) -> impl IntoView {
    let tx = t();
    view! {
        <Section title=tx.todos id="todos">
            {move || {
                let list = items.get();
                if list.is_empty() { view! { <EmptyState text=tx.todos_empty/> }.into_any() } else { item_list(list).into_any() }
            }}
        </Section>
    }
}
