//! 出席情况: the participating units and their attendance, recorded while the meeting runs.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{Attendance, MeetingStatus, Participant, ParticipantRole, RecordAttendance};

use super::Ws;
use crate::api::{self, etag_of};
use crate::components::{FormState, Section, run};
use crate::i18n::{attendance_name, t, tm};

#[component]
pub(super) fn AttendanceCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    view! {
        <Section title=mt.attendance id="attendance">
            <Show when=move || ws.organiser() && ws.status() != MeetingStatus::InProgress>
                <p class="hint">{mt.attendance_hint}</p>
            </Show>
            <div class="table-wrap"><table class="table" data-testid="participants">
                <thead><tr><th>{t().unit}</th><th>{mt.participant_role}</th><th>{mt.attendance}</th><th>{mt.attendance_reason}</th></tr></thead>
                <tbody>
                    {move || {
                        ws.m.track();
                        ws.parts.get().into_iter().map(|p| view! { <AttendanceRow ws=ws p=p/> }).collect_view()
                    }}
                </tbody>
            </table></div>
        </Section>
    }
}

#[component]
fn AttendanceRow(ws: Ws, p: Participant) -> impl IntoView {
    let mt = tm();
    let att = RwSignal::new(
        p.attendance
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
    );
    let reason = RwSignal::new(p.attendance_reason.clone().unwrap_or_default());
    let form = FormState::new(&[]);
    let (unit, tag) = (p.unit_id, etag_of(p.version));
    let save = move |_| {
        let Ok(a) = att.get_untracked().parse::<Attendance>() else {
            return;
        };
        let r = reason.get_untracked().trim().to_owned();
        let tag = tag.clone();
        run(form, async move {
            let body = RecordAttendance {
                attendance: a,
                reason: (!r.is_empty()).then_some(r),
                attendees: vec![],
            };
            let (id, body, tag) = (ws.id, &body, &tag);
            let np = api::call(ops::record_attendance(id, unit, tag, body)).await?;
            ws.parts.update(|ps| {
                if let Some(x) = ps.iter_mut().find(|x| x.unit_id == unit) {
                    *x = np.value;
                }
            });
            Ok(())
        });
    };
    let role = if p.role == ParticipantRole::Convening {
        mt.convening
    } else {
        mt.invited
    };
    let live = ws.organiser() && ws.status() == MeetingStatus::InProgress;
    let name = p.unit_name.clone();
    view! {
        <tr data-unit=p.unit_name.clone() data-att=p.attendance.map(|a| a.as_str())>
            <td>{p.unit_name.clone()}</td>
            <td>{role}</td>
            {if live {
                view! {
                    <td><select aria-label=format!("{} {}", name, mt.attendance) on:change=move |ev| att.set(event_target_value(&ev))>
                        <option value="" selected=att.get_untracked().is_empty()>{mt.choose}</option>
                        {Attendance::ALL.iter().map(|a| view! { <option value=a.as_str() selected=att.get_untracked() == a.as_str()>{attendance_name(*a)}</option> }).collect_view()}
                    </select></td>
                    <td class="row-form">
                        <input type="text" aria-label=mt.attendance_reason bind:value=reason/>
                        <button type="button" class="btn btn-small" on:click=save disabled=move || form.busy.get()>{t().save}</button>
                        {move || form.general.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </td>
                }.into_any()
            } else {
                view! {
                    <td>{p.attendance.map(attendance_name).unwrap_or(t().none)}</td>
                    <td>{p.attendance_reason.clone()}</td>
                }.into_any()
            }}
        </tr>
    }
}
