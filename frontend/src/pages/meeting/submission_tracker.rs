//! 各单位研判意见报送情况: which units have submitted their opinion, late or not at all.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::SubmissionState;

use super::Ws;
use crate::api;
use crate::components::{Section, badge};
use crate::i18n::{t, tm};
use crate::load::Res;
use crate::time::fmt_datetime;

#[component]
pub(super) fn SubmissionTrackerCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let r = Res::new(move || {
        let id = ws.id;
        async move { api::call(ops::submission_tracker(id)).await }
    });
    view! {
        <Section title=mt.tracker id="tracker">
            {move || r.get().map(|r| match r {
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                Ok(rows) => view! {
                    <div class="table-wrap"><table class="table" data-testid="tracker">
                        <thead><tr><th>{t().unit}</th><th>{t().status}</th><th>{mt.submitted_at}</th><th>{mt.versions}</th><th>{t().actions}</th></tr></thead>
                        <tbody>{rows.into_iter().map(|s| {
                            let (label, kind) = match s.state {
                                SubmissionState::Submitted => (mt.sub_submitted, "ok"),
                                SubmissionState::Late => (mt.sub_late, "warn"),
                                SubmissionState::Missing => (mt.sub_missing, "off"),
                            };
                            view! { <tr>
                                <td>{s.unit_name}</td>
                                <td>{badge(label, kind)}</td>
                                <td class="nowrap">{s.submitted_at.map(|a| fmt_datetime(&a))}</td>
                                <td>{s.versions}</td>
                                <td>{s.latest_submission_id.map(|i| view! { <a href=format!("/submissions/{i}")>{mt.open}</a> })}</td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any(),
            })}
        </Section>
    }
}
