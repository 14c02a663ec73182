//! 会议: the list with filters and pages, the month calendar, and the create form.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use yanpan_client::ops;
use yanpan_types::{
    CreateMeeting, MeetingKind, MeetingQuery, MeetingStatus, MeetingSummary, MeetingTrigger,
    PageParams, UnitKind,
};

use crate::api::{self, use_auth};
use crate::components::flash::use_flash;
use crate::components::options::enum_options;
use crate::components::units::active_units;
use crate::components::{
    CheckField, EmptyState, FieldErrorText, FormMessages, FormState, PAGE_SIZE, Pagination, Select,
    SelectField, TextArea, TextField, set_title, status_badge,
};
use crate::i18n::{kind_name, status_name, t, tfl, tm, trigger_name};
use crate::load::Res;
use crate::time;

fn kind_options(with_all: bool) -> Vec<(String, String)> {
    enum_options(MeetingKind::ALL, with_all, |k| k.as_str(), kind_name)
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let tx = t();
    let mt = tm();
    set_title(mt.meetings_title);
    let auth = use_auth();
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let applied = RwSignal::new(MeetingQuery::default());
    let page = RwSignal::new(1u64);
    let calendar = RwSignal::new(false);
    let now = time::now_shanghai();
    let month = RwSignal::new((now.year(), now.month()));

    let list = Res::new(move || {
        let mut query = applied.get();
        let cal = calendar.get();
        let (y, m) = month.get();
        let p = if cal { 1 } else { page.get() };
        if cal {
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            let next = first.and_then(|d| d.checked_add_months(chrono::Months::new(1)));
            query.from = first.and_then(time::day_start_utc);
            query.to = next.and_then(time::day_start_utc);
            query.period = None;
            query.sort = Some("starts_at".into());
        }
        let size = if cal { 100 } else { PAGE_SIZE };
        async move {
            let query = &query;
            api::call(ops::list_meetings(query, PageParams::new(p, size))).await
        }
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = q.get_untracked().trim().to_owned();
        let per = period.get_untracked();
        applied.set(MeetingQuery {
            kind: kind.get_untracked().parse().ok(),
            status: status.get_untracked().parse().ok(),
            period: (!per.is_empty()).then_some(per),
            q: (!text.is_empty()).then_some(text),
            ..Default::default()
        });
        page.set(1);
    };
    let on_reset = move |_| {
        kind.set(String::new());
        status.set(String::new());
        period.set(String::new());
        q.set(String::new());
        applied.set(MeetingQuery::default());
        page.set(1);
    };
    let shift = move |d: i32| {
        month.update(|(y, m)| {
            let idx = *y * 12 + *m as i32 - 1 + d;
            *y = idx.div_euclid(12);
            *m = idx.rem_euclid(12) as u32 + 1;
        })
    };

    view! {
        <section class="page" data-testid="meetings-page">
            <header class="page-head with-actions">
                <h1>{mt.meetings_title}</h1>
                <div class="btn-row">
                    <button type="button" class="btn" aria-pressed=move || (!calendar.get()).to_string() on:click=move |_| calendar.set(false)>{mt.view_list}</button>
                    <button type="button" class="btn" aria-pressed=move || calendar.get().to_string() on:click=move |_| calendar.set(true)>{mt.view_calendar}</button>
                    <Show when=move || auth.is_organiser()>
                        <A href="/meetings/new" attr:class="btn btn-primary">{mt.meeting_new}</A>
                    </Show>
                </div>
            </header>
            <form class="filters" on:submit=on_search role="search">
                <div class="field">
                    <label for="f-kind">{mt.kind}</label>
                    <Select id="f-kind" value=kind options=Signal::derive(|| kind_options(true))/>
                </div>
                <div class="field">
                    <label for="f-status">{tx.status}</label>
                    <Select id="f-status" value=status options=Signal::derive(|| enum_options(MeetingStatus::ALL, true, |k| k.as_str(), status_name))/>
                </div>
                <Show when=move || !calendar.get()>
                    <div class="field">
                        <label for="f-period">{mt.period}</label>
                        <input id="f-period" type="month" bind:value=period/>
                    </div>
                </Show>
                <div class="field">
                    <label for="f-q">{tx.search}</label>
                    <input id="f-q" type="search" bind:value=q placeholder=mt.search_meetings/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{tx.search}</button>
                    <button type="button" class="btn" on:click=on_reset>{tx.reset}</button>
                </div>
            </form>
            <Show when=move || calendar.get()>
                <div class="cal-head">
                    <button type="button" class="btn btn-small" on:click=move |_| shift(-1) aria-label=mt.prev_month>"‹"</button>
                    <h2 data-testid="cal-month">{move || { let (y, m) = month.get(); format!("{y}年{m}月") }}</h2>
                    <button type="button" class="btn btn-small" on:click=move |_| shift(1) aria-label=mt.next_month>"›"</button>
                </div>
            </Show>
            {list.view(true, false, move |p| {
                        if calendar.get_untracked() {
                            let (y, m) = month.get_untracked();
                            return month_grid(y, m, p.items).into_any();
                        }
                        let (total, size) = (p.total, p.page_size);
                        view! {
                            {if p.items.is_empty() {
                                view! { <EmptyState text=tx.empty_list/> }.into_any()
                            } else {
                                meetings_table(p.items).into_any()
                            }}
                            <Pagination page=page total=total page_size=size/>
                        }.into_any()
                    })}
        </section>
    }
}

fn meetings_table(items: Vec<MeetingSummary>) -> impl IntoView {
    let mt = tm();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="meetings-table">
                <thead>
                    <tr>
                        <th scope="col">{mt.meeting_title}</th>
                        <th scope="col">{mt.kind}</th>
                        <th scope="col">{t().status}</th>
                        <th scope="col">{mt.starts_at}</th>
                        <th scope="col">{mt.place}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|m| view! {
                        <tr>
                            <td><a href=format!("/meetings/{}", m.id)>{m.title}</a></td>
                            <td class="nowrap">{kind_name(m.kind)}</td>
                            <td>{status_badge(m.status)}</td>
                            <td class="nowrap">{time::fmt_datetime(&m.starts_at)}</td>
                            <td>{m.place}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A Monday-first month grid with each meeting on its Shanghai date.
fn month_grid(y: i32, m: u32, items: Vec<MeetingSummary>) -> impl IntoView {
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
    let lead = first.weekday().num_days_from_monday();
    let days = first
        .checked_add_months(chrono::Months::new(1))
        .map(|n| (n - first).num_days() as u32)
        .unwrap_or(30);
    let today = time::now_shanghai().date_naive();
    let cells = (0..(lead + days).div_ceil(7) * 7).map(move |i| {
        let day = (i >= lead && i < lead + days).then(|| i - lead + 1);
        let here: Vec<&MeetingSummary> = day
            .map(|d| {
                items
                    .iter()
                    .filter(|mt| time::in_shanghai(&mt.starts_at).date_naive().day() == d)
                    .collect()
            })
            .unwrap_or_default();
        let is_today = day.is_some_and(|d| first.with_day(d) == Some(today));
        view! {
            <li class="cal-day" class:blank=day.is_none() class:today=is_today>
                {day.map(|d| view! { <span class="cal-num">{d}</span> })}
                {here.into_iter().map(|mt| view! {
                    <a class=format!("cal-item st-{}", mt.status.as_str()) href=format!("/meetings/{}", mt.id)>
                        {time::fmt_datetime(&mt.starts_at)[11..].to_owned()}" "{mt.title.clone()}
                    </a>
                }).collect_view()}
            </li>
        }
    });
    view! {
        <ol class="calendar" data-testid="calendar">
            {["一", "二", "三", "四", "五", "六", "日"].map(|w| view! { <li class="cal-wd" aria-hidden="true">{w}</li> })}
            {cells.collect_view()}
        </ol>
    }
}

/// A way back given as `?back=`: only a path on this site (`/escalations?status=accepted`), never
/// another origin (`//host`, `/\\host`, `https://…`) nor anything with spaces or control characters.
fn safe_back(raw: &str) -> Option<String> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| raw.to_owned())
}

/// The first month from `(year, month)` on without a regular meeting (cancelled ones do not
/// count: the cadence leaves them out), looking into the next year when this one is full.
async fn first_free_month(year: i32, month: u32) -> Option<String> {
    for y in [year, year + 1] {
        let c = api::call(ops::get_cadence(y)).await.ok()?;
        let free =
            c.months.into_iter().enumerate().find(|(i, m)| {
                (y > year || *i as u32 + 1 >= month) && m.regular_meetings.is_empty()
            });
        if let Some((_, m)) = free {
            return Some(m.period);
        }
    }
    None
}

/// The regular meetings (not cancelled) already covering `period`, with the period asked for.
async fn regular_meetings_of(period: String) -> (String, Vec<MeetingSummary>) {
    let q = MeetingQuery {
        kind: Some(MeetingKind::Regular),
        period: Some(period.clone()),
        ..Default::default()
    };
    let q = &q;
    let list = api::call(ops::list_meetings(q, PageParams::new(1, 20)))
        .await
        .map(|p| {
            p.items
                .into_iter()
                .filter(|m| m.status != MeetingStatus::Cancelled)
                .collect()
        })
        .unwrap_or_default();
    (period, list)
}

/// /meetings/new, optionally `?kind=level1_supervision&back=/escalations`: the kind preselected
/// and, once created, back to `back` (a path of this site) instead of the new meeting.
#[component]
pub fn MeetingNewPage() -> impl IntoView {
    let tx = t();
    let mt = tm();
    let ft = tfl();
    set_title(mt.meeting_new);
    let navigate = use_navigate();
    let query = use_query_map();
    let (flash, _) = use_flash();
    let back = query.with_untracked(|q| q.get("back").as_deref().and_then(safe_back));
    let back_to = back.clone().unwrap_or_else(|| "/meetings".to_owned());
    let preset = query
        .with_untracked(|q| q.get("kind"))
        .filter(|k| k.parse::<MeetingKind>().is_ok());
    let now = time::now_shanghai();
    let kind = RwSignal::new(preset.unwrap_or_else(|| "regular".to_owned()));
    let title = RwSignal::new(String::new());
    let period = RwSignal::new(time::period_of(&now));
    // The month defaults to the first one from now on without a regular meeting, unless the
    // person already chose one.
    let period_chosen = RwSignal::new(false);
    let (year, month) = (now.year(), now.month());
    let free = Res::new(move || async move { first_free_month(year, month).await });
    Effect::new(move |_| {
        if let Some(Some(p)) = free.get()
            && !period_chosen.get_untracked()
        {
            period.set(p);
        }
    });
    // A month that already has a regular meeting: say which, and ask for a confirmation.
    let taken = Res::new(move || {
        let per = period.get();
        async move { regular_meetings_of(per).await }
    });
    let confirm_taken = RwSignal::new(false);
    Effect::new(move |_| {
        period.track();
        confirm_taken.set(false);
    });
    let conflicts = move || {
        // Not before the default month is known: the first guess (this month) may be taken.
        if free.get().is_none() && !period_chosen.get() {
            return None;
        }
        let per = period.get();
        taken.get().filter(|(p, _)| *p == per).map(|(_, list)| list)
    };
    // 创建 waits while the month is being checked, and for the confirmation when it is taken.
    let blocked = move || {
        kind.with(|k| k == "regular")
            && match conflicts() {
                None => true,
                Some(list) => !list.is_empty() && !confirm_taken.get(),
            }
    };
    let trigger = RwSignal::new("sensitive_period".to_owned());
    let reason = RwSignal::new(String::new());
    let start_default = time::now_utc() + chrono::Duration::days(7);
    let starts = RwSignal::new(format!("{}T14:30", &time::fmt_input(&start_default)[..10]));
    let ends = RwSignal::new(format!("{}T16:30", &time::fmt_input(&start_default)[..10]));
    let place = RwSignal::new(mt.default_place.to_owned());
    let chair = RwSignal::new(mt.default_chair.to_owned());
    let convening = RwSignal::new(Vec::<uuid::Uuid>::new());
    let invited = RwSignal::new(Vec::<uuid::Uuid>::new());
    let units = Res::new(active_units);
    // Preselect: the two offices convene, the streets are invited.
    Effect::new(move |_| {
        if let Some(us) = units.get() {
            convening.set(
                us.iter()
                    .filter(|u| {
                        matches!(u.kind, UnitKind::PartyOffice | UnitKind::GovernmentOffice)
                    })
                    .map(|u| u.id)
                    .collect(),
            );
            invited.set(
                us.iter()
                    .filter(|u| u.kind == UnitKind::Street)
                    .map(|u| u.id)
                    .collect(),
            );
        }
    });
    let form = FormState::new(&[
        "kind",
        "title",
        "period",
        "trigger",
        "trigger_reason",
        "starts_at",
        "ends_at",
        "place",
        "chair",
    ]);
    let is = move |k: &str| kind.with(|v| v == k);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() || blocked() {
            return;
        }
        form.start();
        let k: MeetingKind = kind.get_untracked().parse().unwrap_or(MeetingKind::Regular);
        // Every missing field at once (a missing time must not hide the place and chair).
        let (s, e) = (
            time::parse_input(&starts.get_untracked()),
            time::parse_input(&ends.get_untracked()),
        );
        for (field, missing) in [
            ("starts_at", s.is_none()),
            ("ends_at", e.is_none()),
            ("place", place.with_untracked(|v| v.trim().is_empty())),
            ("chair", chair.with_untracked(|v| v.trim().is_empty())),
        ] {
            if missing {
                form.invalid(field, tx.err_required);
            }
        }
        let (Some(s), Some(e)) = (s, e) else {
            return;
        };
        if !form.errors.with_untracked(Vec::is_empty) {
            return;
        }
        let mut t_title = title.get_untracked().trim().to_owned();
        let per = period.get_untracked();
        if t_title.is_empty() && k == MeetingKind::Regular {
            t_title = (mt.regular_title)(&per);
        }
        let text = reason.get_untracked().trim().to_owned();
        let special = k == MeetingKind::SpecialTopic;
        let body = CreateMeeting {
            platform_ref: None,
            kind: k,
            title: t_title,
            period: (k == MeetingKind::Regular && !per.is_empty()).then_some(per),
            trigger: if special {
                trigger.get_untracked().parse::<MeetingTrigger>().ok()
            } else {
                None
            },
            trigger_reason: (special && !text.is_empty()).then_some(text),
            starts_at: s,
            ends_at: e,
            place: place.get_untracked().trim().to_owned(),
            chair: chair.get_untracked().trim().to_owned(),
            convening_unit_ids: convening.get_untracked(),
            invited_unit_ids: invited.get_untracked(),
            main_reporter: None,
            preliminary_analysis: None,
        };
        let navigate = navigate.clone();
        let back = back.clone();
        crate::components::spawn(async move {
            let body = &body;
            match api::call(ops::create_meeting(body)).await {
                Ok(d) => {
                    form.busy.set(false);
                    let to = match back {
                        Some(b) => {
                            let path = b.split(['?', '#']).next().unwrap_or_default();
                            flash.set(path, &(ft.meeting_created)(&d.meeting.title));
                            b
                        }
                        None => format!("/meetings/{}", d.meeting.id),
                    };
                    navigate(&to, NavigateOptions::default());
                }
                Err(e) => form.fail(&e),
            }
        });
    };
    let unit_boxes = move |group: &'static str, chosen: RwSignal<Vec<uuid::Uuid>>| {
        move || {
            units.get().map(|us| {
                us.into_iter()
                    .map(|u| {
                        let id = u.id;
                        let checked = move || chosen.with(|c| c.contains(&id));
                        view! {
                            <label class="chip">
                                <input type="checkbox" name=group prop:checked=checked on:change=move |_| chosen.update(|c| {
                                    if let Some(i) = c.iter().position(|x| *x == id) { c.remove(i); } else { c.push(id); }
                                })/>
                                {u.name}
                            </label>
                        }
                    })
                    .collect_view()
            })
        }
    };
    view! {
        <section class="page narrow" data-testid="meeting-new-page">
            <header class="page-head">
                <p class="crumbs"><A href="/meetings">{mt.meetings_title}</A></p>
                <h1>{mt.meeting_new}</h1>
            </header>
            <FormMessages form=form/>
            <form class="card form" on:submit=on_submit novalidate=true data-testid="meeting-form">
                <SelectField id="kind" label=mt.kind value=kind options=Signal::derive(|| kind_options(false)) error=form.error("kind") required=true/>
                <TextField id="title" label=mt.meeting_title value=title error=form.error("title") hint=mt.title_hint maxlength=200/>
                <Show when=move || is("regular")>
                    <div class="field" class:has-error=move || form.error("period").with(Option::is_some)>
                        <label for="period">{mt.period}<span class="req">" *"</span></label>
                        <input id="period" type="month" prop:value=move || period.get() on:input=move |ev| {
                            period_chosen.set(true);
                            period.set(event_target_value(&ev));
                        }/>
                        <FieldErrorText id="period" error=form.error("period")/>
                    </div>
                    {move || conflicts().filter(|l| !l.is_empty()).map(|list| view! {
                        <div class="alert alert-warning" role="alert" data-testid="period-taken">
                            <p>{(ft.period_taken)(&period.get_untracked())}</p>
                            <ul>{list.into_iter().map(|m| view! {
                                <li><a href=format!("/meetings/{}", m.id)>{m.title}</a>" "{status_badge(m.status)}</li>
                            }).collect_view()}</ul>
                            <CheckField id="period-confirm" label=ft.period_confirm value=confirm_taken/>
                        </div>
                    })}
                </Show>
                <Show when=move || is("special_topic")>
                    <SelectField id="trigger" label=mt.trigger value=trigger options=Signal::derive(|| enum_options(MeetingTrigger::ALL, false, |k| k.as_str(), trigger_name)) error=form.error("trigger") required=true/>
                    <TextArea id="trigger_reason" label=mt.trigger_reason value=reason error=form.error("trigger_reason") required=true rows=3/>
                </Show>
                <div class="grid-2">
                    <TextField id="starts_at" label=mt.starts_at value=starts error=form.error("starts_at") input_type="datetime-local" required=true/>
                    <TextField id="ends_at" label=mt.ends_at value=ends error=form.error("ends_at") input_type="datetime-local" required=true/>
                </div>
                <TextField id="place" label=mt.place value=place error=form.error("place") required=true maxlength=200/>
                <TextField id="chair" label=mt.chair value=chair error=form.error("chair") required=true maxlength=100/>
                <fieldset class="field">
                    <legend>{mt.convening_units}</legend>
                    <div class="chips" data-testid="convening-units">{unit_boxes("convening", convening)}</div>
                </fieldset>
                <fieldset class="field">
                    <legend>{mt.invited_units}</legend>
                    <div class="chips" data-testid="invited-units">{unit_boxes("invited", invited)}</div>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get() || blocked()>
                        {move || if form.busy.get() { tx.saving } else { tx.create }}
                    </button>
                    <A href=back_to attr:class="btn">{tx.cancel}</A>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn only_paths_of_this_site_are_ways_back() {
        assert_eq!(safe_back("/escalations").as_deref(), Some("/escalations"));
        assert_eq!(
            safe_back("/escalations?status=accepted").as_deref(),
            Some("/escalations?status=accepted")
        );
        for bad in [
            "",
            "escalations",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/a b",
            "/a\nb",
        ] {
            assert_eq!(safe_back(bad), None, "{bad:?}");
        }
    }
}
