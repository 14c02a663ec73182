//! 首页: greeting, and the sections that the meeting pages will fill.

use chrono::Datelike;
use leptos::prelude::*;

use crate::api::{self, use_auth};
use crate::components::dashboard::{AnnualRhythm, MonthMeetings, Todos};
use crate::components::set_title;
use crate::i18n::{role_name, t};
use crate::time;

#[component]
pub fn HomePage() -> impl IntoView {
    let tx = t();
    set_title(tx.nav_home);
    let auth = use_auth();
    let now = time::now_shanghai();
    let hour = time::hour_shanghai(&now);
    let greeting = move || {
        auth.me.with(|m| {
            m.as_ref()
                .map(|m| (tx.greeting)(hour, &m.display_name))
                .unwrap_or_default()
        })
    };
    let role = move || {
        auth.me.with(|m| {
            m.as_ref()
                .map(|m| (tx.your_role)(role_name(m.role)))
                .unwrap_or_default()
        })
    };
    let unit_id = Memo::new(move |_| auth.me.with(|m| m.as_ref().and_then(|m| m.unit_id)));
    // The unit's name, when the person belongs to one (a missing name is no error here).
    let unit = LocalResource::new(move || {
        let id = unit_id.get();
        async move {
            match id {
                Some(id) => api::call(move |c| async move { c.unit(id).await })
                    .await
                    .ok()
                    .map(|u| u.value.name),
                None => None,
            }
        }
    });
    let empty = Signal::derive(Vec::new);
    view! {
        <section class="page" data-testid="home">
            <header class="page-head hero">
                <h1 data-testid="greeting">{greeting}</h1>
                <p class="muted">
                    <span data-testid="role">{role}</span>
                    {move || unit.get().flatten().map(|n| view! { <span>" · " {n}</span> })}
                </p>
                <p class="muted">{(tx.today_is)(&time::fmt_long_date(&now))}</p>
            </header>
            <div class="grid-2">
                <MonthMeetings month=time::fmt_month(&now) items=empty/>
                <Todos items=empty/>
            </div>
            <AnnualRhythm year=now.year() current_month=now.month() held=Signal::derive(Vec::new)/>
        </section>
    }
}
