//! 节假日与调休 (/admin/calendar): the working-day calendar the submission due times count with;
//! a year's public holidays (法定节假日) and adjusted working days (调休工作日), added and removed
//! by administrators.

use chrono::Datelike;
use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{CalendarDay, CalendarDayKind, CreateCalendarDay};

use crate::api::{self, etag_of};
use crate::components::options::enum_options;
use crate::components::{
    EmptyState, FormMessages, FormState, Section, SelectField, TextField, badge, run, set_title,
};
use crate::i18n::{calendar_kind_name, t, tf};
use crate::load::Res;
use crate::time::{now_shanghai, parse_date, weekday_name};

#[component]
pub fn CalendarPage() -> impl IntoView {
    let f = tf();
    set_title(f.calendar_title);
    let year = RwSignal::new(now_shanghai().year());
    let days = Res::new(move || {
        let y = year.get();
        async move { api::call(ops::list_calendar_days(Some(y))).await }
    });
    let note = RwSignal::new(None::<&'static str>);
    let list_form = FormState::new(&[]);
    let remove = Callback::new(move |d: CalendarDay| {
        let ok = window()
            .confirm_with_message(&(f.calendar_remove_confirm)(&d.date.to_string(), &d.name))
            .unwrap_or(false);
        if !ok {
            return;
        }
        note.set(None);
        run(list_form, async move {
            let tag = etag_of(d.version);
            api::call(ops::delete_calendar_day(d.date, &tag)).await?;
            note.set(Some(f.calendar_removed));
            days.refetch();
            Ok(())
        });
    });
    let added = Callback::new(move |y: i32| {
        note.set(None);
        if year.get_untracked() == y {
            days.refetch();
        } else {
            year.set(y);
        }
    });
    view! {
        <section class="page" data-testid="calendar-page">
            <header class="page-head">
                <h1>{f.calendar_title}</h1>
                <p class="muted">{f.calendar_lead}</p>
            </header>
            <AddDay added=added/>
            <Section title=f.calendar_year id="calendar-days">
                <div class="cal-head">
                    <button type="button" class="btn btn-small" on:click=move |_| year.update(|y| *y -= 1)>{f.calendar_prev_year}</button>
                    <h3 class="sub" aria-live="polite" data-testid="calendar-year">{move || format!("{}年", year.get())}</h3>
                    <button type="button" class="btn btn-small" on:click=move |_| year.update(|y| *y += 1)>{f.calendar_next_year}</button>
                </div>
                <FormMessages form=list_form/>
                {move || note.get().map(|m| view! { <div class="alert alert-success" role="status">{m}</div> })}
                {days.view(true, false, move |list| if list.is_empty() {
                    view! { <EmptyState text=(f.calendar_empty)(year.get_untracked())/> }.into_any()
                } else {
                    days_table(list, remove).into_any()
                })}
            </Section>
        </section>
    }
}

fn days_table(mut list: Vec<CalendarDay>, remove: Callback<CalendarDay>) -> impl IntoView {
    let (tx, f) = (t(), tf());
    list.sort_by_key(|d| d.date);
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="calendar-table">
                <thead><tr>
                    <th scope="col">{f.calendar_date}</th>
                    <th scope="col">{f.calendar_weekday}</th>
                    <th scope="col">{f.calendar_kind}</th>
                    <th scope="col">{f.calendar_name}</th>
                    <th scope="col">{tx.actions}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|d| {
                        let wd = weekday_name(d.date);
                        let kind = match d.kind {
                            CalendarDayKind::Holiday => "warn",
                            CalendarDayKind::Workday => "plan",
                        };
                        let label = format!("{} {} {}", f.calendar_remove, d.date, d.name);
                        let day = d.clone();
                        view! {
                            <tr data-date=d.date.to_string() data-kind=d.kind.as_str()>
                                <td class="nowrap" data-label=f.calendar_date>{d.date.to_string()}</td>
                                <td data-label=f.calendar_weekday>{wd}</td>
                                <td data-label=f.calendar_kind>{badge(calendar_kind_name(d.kind), kind)}</td>
                                <td data-label=f.calendar_name>{d.name}</td>
                                <td data-label=tx.actions>
                                    <button type="button" class="btn btn-danger btn-small" aria-label=label
                                        on:click=move |_| remove.run(day.clone())>{f.calendar_remove}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The form that adds a day; `added` gets the year of the new day.
#[component]
fn AddDay(added: Callback<i32>) -> impl IntoView {
    let (tx, f) = (t(), tf());
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(CalendarDayKind::Holiday.as_str().to_owned());
    let name = RwSignal::new(String::new());
    let form = FormState::new(&["date", "kind", "name"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.errors.set(vec![]);
        let Some(day) = parse_date(&date.get_untracked()) else {
            form.invalid("date", tx.err_required);
            return;
        };
        let body = CreateCalendarDay {
            date: day,
            kind: kind
                .get_untracked()
                .parse()
                .unwrap_or(CalendarDayKind::Holiday),
            name: name.get_untracked().trim().to_owned(),
        };
        run(form, async move {
            let body = &body;
            api::call(ops::create_calendar_day(body)).await?;
            name.set(String::new());
            date.set(String::new());
            form.succeed(f.calendar_added);
            added.run(day.year());
            Ok(())
        });
    };
    view! {
        <Section title=f.calendar_add id="calendar-add">
            <FormMessages form=form/>
            <form class="inline-form" on:submit=on_submit novalidate=true data-testid="calendar-form">
                <TextField id="date" label=f.calendar_date value=date error=form.error("date") input_type="date" required=true/>
                <SelectField id="kind" label=f.calendar_kind value=kind required=true error=form.error("kind")
                    options=Signal::derive(|| enum_options(CalendarDayKind::ALL, false, |k| k.as_str(), calendar_kind_name))/>
                <TextField id="name" label=f.calendar_name value=name error=form.error("name") required=true maxlength=50 hint=f.calendar_name_hint/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{f.calendar_add}</button>
                </div>
            </form>
        </Section>
    }
}
