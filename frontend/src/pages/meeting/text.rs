//! The meeting's texts, edited with If-Match: 初步分析研判与主汇报人 (preparation) and 会议记录
//! (minutes); read-only for those who may not change the meeting.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{Meeting, UpdateMeeting};

use super::Ws;
use crate::api;
use crate::components::{FormMessages, FormState, Section, StaleBanner, TextArea, TextField, run};
use crate::i18n::{t, tm};

/// Texts of the meeting edited with If-Match: preparation or minutes.
#[component]
pub(super) fn MeetingText(
    ws: Ws,
    title: &'static str,
    section: &'static str,
    fields: &'static [(&'static str, bool)],
) -> impl IntoView {
    let mt = tm();
    let get = move |m: &Meeting, f: &str| {
        match f {
            "main_reporter" => m.main_reporter.clone(),
            "preliminary_analysis" => m.preliminary_analysis.clone(),
            _ => m.minutes.clone(),
        }
        .unwrap_or_default()
    };
    // The preliminary analysis is the page's own signal: the agenda draft can fill it in.
    let values: Vec<RwSignal<String>> = fields
        .iter()
        .map(|(f, _)| match *f {
            "preliminary_analysis" => ws.prelim,
            _ => RwSignal::new(ws.m.with_untracked(|m| get(m, f))),
        })
        .collect();
    let vals = values.clone();
    let form = FormState::new(&["main_reporter", "preliminary_analysis", "minutes"]);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut body = UpdateMeeting::default();
        for ((f, _), v) in fields.iter().zip(&vals) {
            let v = Some(v.get_untracked());
            match *f {
                "main_reporter" => body.main_reporter = v,
                "preliminary_analysis" => body.preliminary_analysis = v,
                _ => body.minutes = v,
            }
        }
        run(form, async move {
            let (id, tag, body) = (ws.id, ws.etag.get_untracked(), &body);
            let tag = &tag;
            let m = api::call(ops::update_meeting(id, tag, body)).await?;
            ws.etag.set(m.etag);
            ws.m.set(m.value);
            ws.bump();
            form.succeed(t().saved);
            Ok(())
        });
    };
    let on_reload = Callback::new(move |()| {
        let id = ws.id;
        crate::components::spawn(async move {
            match api::call(ops::get_meeting(id)).await {
                Ok(latest) => {
                    ws.etag.set(latest.etag.clone());
                    form.stale_info
                        .set(Some((t().stale_reloaded)(latest.meeting.version)));
                }
                Err(e) => form.fail(&e),
            }
        });
    });
    // Minutes are edited while the meeting runs; preparation before it is concluded.
    let editable = move || ws.editable();
    view! {
        // The card's id must differ from its fields' (the minutes card holds the `minutes` field).
        <Section title=title id=format!("{section}-card")>
            {move || if editable() {
                view! {
                    <StaleBanner form=form on_reload=on_reload/>
                    <FormMessages form=form/>
                    <form class="form" on:submit=save.clone() data-testid=format!("{section}-form")>
                        {fields.iter().zip(values.clone()).map(|((f, multi), v)| {
                            let label = crate::i18n::meeting_field_name(f);
                            if *multi {
                                view! { <TextArea id=f label=label value=v error=form.error(f) rows=if *f == "minutes" { 8 } else { 5 }/> }.into_any()
                            } else {
                                view! { <TextField id=f label=label value=v error=form.error(f) maxlength=100/> }.into_any()
                            }
                        }).collect_view()}
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{t().save}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                let m = ws.m.get();
                fields.iter().map(|(f, _)| {
                    let v = get(&m, f);
                    view! {
                        <h3 class="sub">{crate::i18n::meeting_field_name(f)}</h3>
                        <p class="prose" data-testid=format!("ro-{f}")>{if v.is_empty() { mt.not_written.to_owned() } else { v }}</p>
                    }
                }).collect_view().into_any()
            }}
        </Section>
    }
}
