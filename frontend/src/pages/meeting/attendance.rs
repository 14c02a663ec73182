//! 出席情况: the participating units and their attendance. Before the meeting, organisers add
//! and remove units; while it runs, one form takes every unit's attendance (with 全部出席 and
//! the attendees' names) and saves it in one request, marking each row saved or in error.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    AddParticipant, Attendance, AttendanceEntry, MeetingStatus, Participant, ParticipantRole,
    RecordAttendanceBatch,
};

use super::Ws;
use crate::api::{self, etag_of};
use crate::components::{FormMessages, FormState, Section, run};
use crate::i18n::{attendance_name, t, tm, tw};

/// One row of the attendance form: what is typed, per unit.
#[derive(Clone, Copy)]
struct Row {
    unit: Uuid,
    att: RwSignal<String>,
    reason: RwSignal<String>,
    names: RwSignal<String>,
    /// Changed since the last save.
    dirty: RwSignal<bool>,
}

fn split_names(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub(super) fn AttendanceCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    view! {
        <Section title=mt.attendance id="attendance">
            {move || {
                let live = ws.organiser() && ws.status() == MeetingStatus::InProgress;
                if live {
                    view! { <AttendanceForm ws=ws/> }.into_any()
                } else {
                    view! { <ParticipantList ws=ws/> }.into_any()
                }
            }}
        </Section>
    }
}

/// The units and their recorded attendance; before the meeting starts, organisers may add and
/// remove units here.
#[component]
fn ParticipantList(ws: Ws) -> impl IntoView {
    let (mt, w) = (tm(), tw());
    let form = FormState::new(&["unit_id"]);
    let open = move || {
        ws.editable() && matches!(ws.status(), MeetingStatus::Draft | MeetingStatus::Scheduled)
    };
    let chosen = RwSignal::new(String::new());
    let reload = move || async move {
        let ps = api::call(ops::list_participants(ws.id)).await?;
        ws.parts.set(ps);
        ws.bump();
        Ok(())
    };
    let add = move |_| {
        let Ok(unit_id) = chosen.get_untracked().parse::<Uuid>() else {
            form.invalid("unit_id", t().err_required);
            return;
        };
        run(form, async move {
            let body = AddParticipant {
                unit_id,
                role: ParticipantRole::Invited,
            };
            api::call(ops::add_participant(ws.id, &body)).await?;
            chosen.set(String::new());
            reload().await
        });
    };
    let remove = move |p: Participant| {
        run(form, async move {
            api::call(ops::remove_participant(
                ws.id,
                p.unit_id,
                &etag_of(p.version),
            ))
            .await?;
            reload().await
        });
    };
    let candidates = move || {
        let taken: Vec<Uuid> = ws.parts.with(|ps| ps.iter().map(|p| p.unit_id).collect());
        ws.units.with(|us| {
            us.iter()
                .filter(|u| !taken.contains(&u.id))
                .map(|u| (u.id, u.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || ws.organiser() && ws.status() != MeetingStatus::InProgress>
            <p class="hint">{mt.attendance_hint}</p>
        </Show>
        <FormMessages form=form/>
        <div class="table-wrap"><table class="table" data-testid="participants">
            <thead><tr><th>{t().unit}</th><th>{mt.participant_role}</th><th>{mt.attendance}</th><th>{mt.attendance_reason}</th><th>{w.attendees}</th>
                {move || open().then(|| view! { <th>{t().actions}</th> })}</tr></thead>
            <tbody>
                {move || ws.parts.get().into_iter().map(|p| {
                    let role = if p.role == ParticipantRole::Convening { mt.convening } else { mt.invited };
                    let q = p.clone();
                    view! {
                        <tr data-unit=p.unit_name.clone() data-att=p.attendance.map(|a| a.as_str())>
                            <td>{p.unit_name.clone()}</td>
                            <td>{role}</td>
                            <td>{p.attendance.map(attendance_name).unwrap_or(t().none)}</td>
                            <td>{p.attendance_reason.clone()}</td>
                            <td>{p.attendees.join("、")}</td>
                            {open().then(|| view! { <td><button type="button" class="btn btn-small btn-danger"
                                aria-label=format!("{} {}", w.remove_participant, p.unit_name)
                                disabled=move || form.busy.get() on:click=move |_| remove(q.clone())>{w.remove_participant}</button></td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        <Show when=open>
            <div class="row-form" data-testid="add-participant">
                <label for="add-unit">{w.add_participant}</label>
                <select id="add-unit" on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || chosen.get()>
                    <option value="">{mt.choose}</option>
                    {move || candidates().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <button type="button" class="btn btn-small" disabled=move || form.busy.get() on:click=add>{w.add_participant}</button>
            </div>
        </Show>
    }
}

/// Every unit's attendance in one form, saved together.
#[component]
fn AttendanceForm(ws: Ws) -> impl IntoView {
    let (mt, w) = (tm(), tw());
    let form = FormState::new(&[]);
    // The batch's field errors (`entries[i].reason`), shown on their rows.
    let row_errors = RwSignal::new(Vec::<yanpan_types::FieldError>::new());
    let parts = ws.parts.get_untracked();
    let rows: Vec<(Participant, Row)> = parts
        .into_iter()
        .map(|p| {
            let row = Row {
                unit: p.unit_id,
                att: RwSignal::new(
                    p.attendance
                        .map(|a| a.as_str().to_owned())
                        .unwrap_or_default(),
                ),
                reason: RwSignal::new(p.attendance_reason.clone().unwrap_or_default()),
                names: RwSignal::new(p.attendees.join("、")),
                dirty: RwSignal::new(false),
            };
            (p, row)
        })
        .collect();
    let all: Vec<Row> = rows.iter().map(|(_, r)| *r).collect();
    let all_rows = StoredValue::new(all);
    let all_present = move |_| {
        for r in all_rows.get_value() {
            if r.att.get_untracked() != Attendance::Present.as_str() {
                r.att.set(Attendance::Present.as_str().to_owned());
                r.dirty.set(true);
            }
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rows = all_rows.get_value();
        let versions = ws.parts.get_untracked();
        let entries: Vec<AttendanceEntry> = rows
            .iter()
            .filter_map(|r| {
                let attendance = r.att.get_untracked().parse::<Attendance>().ok()?;
                let reason = r.reason.get_untracked().trim().to_owned();
                Some(AttendanceEntry {
                    unit_id: r.unit,
                    attendance,
                    reason: (!reason.is_empty()).then_some(reason),
                    attendees: split_names(&r.names.get_untracked()),
                    version: versions
                        .iter()
                        .find(|p| p.unit_id == r.unit)
                        .map(|p| p.version),
                })
            })
            .collect();
        if entries.is_empty() {
            form.invalid("entries", t().err_required);
            return;
        }
        run(form, async move {
            let body = RecordAttendanceBatch { entries };
            let ps = match api::call(ops::record_attendance_batch(ws.id, &body)).await {
                Ok(ps) => ps,
                Err(e) => {
                    row_errors.set(e.field_errors());
                    return Err(e);
                }
            };
            row_errors.set(vec![]);
            ws.parts.set(ps);
            for r in &rows {
                r.dirty.set(false);
            }
            form.succeed(w.attendance_saved);
            Ok(())
        });
    };
    // The batch's field errors name entries by position among the rows that were sent.
    let row_error = move |unit: Uuid| {
        let sent: Vec<Uuid> = all_rows
            .get_value()
            .iter()
            .filter(|r| r.att.with_untracked(|a| !a.is_empty()))
            .map(|r| r.unit)
            .collect();
        let i = sent.iter().position(|u| *u == unit)?;
        let prefix = format!("entries[{i}].");
        row_errors.with(|es| {
            es.iter()
                .find(|e| e.field.starts_with(&prefix))
                .map(crate::api::field_message)
        })
    };
    view! {
        <form class="form" on:submit=save novalidate=true data-testid="attendance-form">
            <FormMessages form=form/>
            <div class="btn-row">
                <button type="button" class="btn btn-small" data-testid="all-present" on:click=all_present>{w.all_present}</button>
            </div>
            <div class="table-wrap"><table class="table" data-testid="participants">
                <thead><tr><th>{t().unit}</th><th>{mt.participant_role}</th><th>{mt.attendance}</th><th>{mt.attendance_reason}</th><th>{w.attendees}</th><th>{t().status}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(p, r)| {
                        let role = if p.role == ParticipantRole::Convening { mt.convening } else { mt.invited };
                        let name = p.unit_name.clone();
                        let recorded = move || ws.parts.with(|ps| ps.iter().find(|x| x.unit_id == r.unit).and_then(|x| x.attendance).map(|a| a.as_str()));
                        view! {
                            <tr data-unit=name.clone() data-att=recorded>
                                <td>{name.clone()}</td>
                                <td>{role}</td>
                                <td><select aria-label=format!("{} {}", name, mt.attendance) prop:value=move || r.att.get()
                                        on:change=move |ev| { r.att.set(event_target_value(&ev)); r.dirty.set(true); }>
                                    <option value="">{mt.choose}</option>
                                    {Attendance::ALL.iter().map(|a| view! { <option value=a.as_str()>{attendance_name(*a)}</option> }).collect_view()}
                                </select></td>
                                <td><input type="text" aria-label=format!("{} {}", name, mt.attendance_reason) prop:value=move || r.reason.get()
                                    on:input=move |ev| { r.reason.set(event_target_value(&ev)); r.dirty.set(true); }/></td>
                                <td><input type="text" aria-label=format!("{} {}", name, w.attendees) placeholder=w.attendees_hint prop:value=move || r.names.get()
                                    on:input=move |ev| { r.names.set(event_target_value(&ev)); r.dirty.set(true); }/></td>
                                <td class="row-state">{move || match row_error(r.unit) {
                                    Some(e) => view! { <span class="field-error" role="alert">{e}</span> }.into_any(),
                                    None if r.dirty.get() => view! { <span class="muted">{w.row_unsaved}</span> }.into_any(),
                                    None if recorded().is_some() => view! { <span class="ok">"✓ "{w.row_saved}</span> }.into_any(),
                                    None => ().into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="save-attendance" disabled=move || form.busy.get()>{w.save_attendance}</button>
            </div>
        </form>
    }
}
