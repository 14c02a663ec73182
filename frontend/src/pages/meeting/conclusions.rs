//! 分析研判结论: the conclusions with their recommendations; edit, adopt, supersede (a correction)
//! and raise an escalation from an adopted one.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    Conclusion, ConclusionStatus, CreateConclusion, CreateEscalation, NewRecommendation,
    UpdateConclusion,
};

use super::Ws;
use crate::api::{self, etag_of};
use crate::components::{FormMessages, FormState, Section, StaleBanner, TextArea, badge, run};
use crate::i18n::{t, tm, tw};
use crate::load::Res;
use crate::time::{fmt_datetime, parse_date};

#[component]
pub(super) fn ConclusionsCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let list = Res::new(move || {
        ws.tick.track();
        let id = ws.id;
        async move { api::call(ops::list_conclusions(id)).await }
    });
    let adding = RwSignal::new(false);
    let done = Callback::new(move |()| {
        adding.set(false);
        ws.bump();
    });
    view! {
        <Section title=mt.conclusions id="conclusions">
            {move || list.get().map(|r| match r {
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                Ok(cs) if cs.is_empty() => view! { <p class="muted">{mt.no_conclusions}</p> }.into_any(),
                Ok(cs) => cs.into_iter().map(|c| view! { <ConclusionView ws=ws c=c done=done/> }).collect_view().into_any(),
            })}
            <Show when=move || ws.editable()>
                {move || if adding.get() {
                    view! { <ConclusionForm ws=ws existing=None supersedes=None done=done/> }.into_any()
                } else {
                    view! { <button type="button" class="btn" on:click=move |_| adding.set(true)>{mt.conclusion_new}</button> }.into_any()
                }}
            </Show>
        </Section>
    }
}

#[component]
fn ConclusionView(ws: Ws, c: Conclusion, done: Callback<()>) -> impl IntoView {
    let mt = tm();
    let mode = RwSignal::new(0u8); // 0 view, 1 edit, 2 supersede, 3 escalate
    let form = FormState::new(&["reason"]);
    let reason = RwSignal::new(String::new());
    let id = c.id;
    let adopted = c.status == ConclusionStatus::Adopted;
    let adopt = move |_| {
        run(form, async move {
            api::call(ops::adopt_conclusion(id)).await?;
            done.run(());
            Ok(())
        })
    };
    let tag = crate::api::etag_of(c.version);
    let delete = move |_| {
        if !window()
            .confirm_with_message(tw().confirm_delete_draft)
            .unwrap_or(false)
        {
            return;
        }
        let tag = tag.clone();
        run(form, async move {
            api::call(ops::delete_conclusion(id, &tag)).await?;
            done.run(());
            Ok(())
        })
    };
    let escalate = move |_| {
        let r = reason.get_untracked().trim().to_owned();
        run(form, async move {
            let body = CreateEscalation {
                agenda_item_id: None,
                conclusion_id: Some(id),
                reason: r,
            };
            let body = &body;
            api::call(ops::create_escalation(body)).await?;
            mode.set(0);
            form.succeed(mt.escalation_raised);
            Ok(())
        })
    };
    let cc = c.clone();
    let superseded = c.superseded_by_id.is_some();
    view! {
        <article class="conclusion" class:superseded=superseded data-testid="conclusion">
            <p>
                {if adopted { badge(mt.adopted, "ok") } else { badge(mt.draft, "plan") }}
                {superseded.then(|| badge(mt.superseded, "off"))}
                {c.supersedes_id.map(|_| badge(mt.correction, "warn"))}
                {c.adopted_at.map(|a| view! { <span class="muted">" "{fmt_datetime(&a)}</span> })}
            </p>
            <p class="prose">{c.text.clone()}</p>
            {(!c.recommendations.is_empty()).then(|| view! {
                <table class="table"><thead><tr><th>{mt.measure}</th><th>{mt.responsible_unit}</th><th>{mt.deadline}</th></tr></thead>
                <tbody>{c.recommendations.iter().map(|r| view! {
                    <tr><td>{r.measure.clone()}</td><td>{ws.unit_name(r.responsible_unit_id)}</td><td class="nowrap">{r.deadline.to_string()}</td></tr>
                }).collect_view()}</tbody></table>
            })}
            <FormMessages form=form/>
            <div class="btn-row">
                {(!adopted && ws.editable()).then(|| view! { <button type="button" class="btn btn-small" on:click=move |_| mode.set(1)>{t().edit}</button> })}
                {(!adopted && ws.convener() && !ws.status().is_locked()).then(|| view! { <button type="button" class="btn btn-small btn-primary" on:click=adopt>{mt.adopt}</button> })}
                {(!adopted && ws.editable()).then(|| view! { <button type="button" class="btn btn-small btn-danger" data-testid="delete-draft" on:click=delete.clone()>{tw().delete_draft}</button> })}
                {(adopted && !superseded && ws.editable()).then(|| view! { <button type="button" class="btn btn-small" on:click=move |_| mode.set(2)>{mt.supersede}</button> })}
                {(adopted && !superseded && ws.organiser()).then(|| view! { <button type="button" class="btn btn-small" on:click=move |_| mode.set(3)>{mt.raise_escalation}</button> })}
            </div>
            {move || match mode.get() {
                1 => view! { <ConclusionForm ws=ws existing=Some(cc.clone()) supersedes=None done=Callback::new(move |()| { mode.set(0); done.run(()) })/> }.into_any(),
                2 => view! { <ConclusionForm ws=ws existing=None supersedes=Some(id) done=Callback::new(move |()| { mode.set(0); done.run(()) })/> }.into_any(),
                3 => view! {
                    <div class="inline-form">
                        <TextArea id="esc-reason" label=mt.escalation_reason value=reason error=form.error("reason") required=true rows=2/>
                        <button type="button" class="btn btn-primary" on:click=escalate>{mt.raise_escalation}</button>
                        <button type="button" class="btn" on:click=move |_| mode.set(0)>{t().cancel}</button>
                    </div>
                }.into_any(),
                _ => ().into_any(),
            }}
        </article>
    }
}

#[derive(Clone, Copy)]
struct RecRow {
    measure: RwSignal<String>,
    unit: RwSignal<String>,
    deadline: RwSignal<String>,
}

#[component]
fn ConclusionForm(
    ws: Ws,
    existing: Option<Conclusion>,
    supersedes: Option<Uuid>,
    done: Callback<()>,
) -> impl IntoView {
    let mt = tm();
    let text = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.text.clone())
            .unwrap_or_default(),
    );
    let row = |m: String, u: String, d: String| RecRow {
        measure: RwSignal::new(m),
        unit: RwSignal::new(u),
        deadline: RwSignal::new(d),
    };
    let rows = RwSignal::new(
        existing
            .as_ref()
            .map(|c| {
                c.recommendations
                    .iter()
                    .map(|r| {
                        row(
                            r.measure.clone(),
                            r.responsible_unit_id.to_string(),
                            r.deadline.to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let form = FormState::new(&["text", "recommendations"]);
    let cid = existing.as_ref().map(|c| c.id);
    let tag = RwSignal::new(
        existing
            .as_ref()
            .map(|c| etag_of(c.version))
            .unwrap_or_default(),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut recs = Vec::new();
        for r in rows.get_untracked() {
            let (Ok(u), Some(d)) = (
                r.unit.get_untracked().parse::<Uuid>(),
                parse_date(&r.deadline.get_untracked()),
            ) else {
                form.invalid("recommendations", mt.rec_incomplete);
                return;
            };
            recs.push(NewRecommendation {
                measure: r.measure.get_untracked().trim().to_owned(),
                responsible_unit_id: u,
                deadline: d,
            });
        }
        let body_text = text.get_untracked().trim().to_owned();
        let target = cid.map(|i| (i, tag.get_untracked()));
        run(form, async move {
            match target {
                None => {
                    let body = CreateConclusion {
                        text: body_text,
                        agenda_item_id: None,
                        supersedes_id: supersedes,
                        recommendations: recs,
                    };
                    let (id, body) = (ws.id, &body);
                    api::call(ops::create_conclusion(id, body)).await?;
                }
                Some((cid, tag)) => {
                    let body = UpdateConclusion {
                        text: Some(body_text),
                        recommendations: Some(recs),
                    };
                    let (body, tag) = (&body, &tag);
                    api::call(ops::update_conclusion(cid, tag, body)).await?;
                }
            }
            done.run(());
            Ok(())
        });
    };
    let unit_opts = move || {
        let mut v = vec![(String::new(), mt.choose.to_owned())];
        v.extend(
            ws.units
                .get()
                .into_iter()
                .map(|u| (u.id.to_string(), u.name)),
        );
        v
    };
    view! {
        <form class="card form inline-form" on:submit=on_submit novalidate=true data-testid="conclusion-form">
            <FormMessages form=form/>
            <StaleBanner form=form on_reload=Callback::new(move |()| {
                let Some(id) = cid else { return };
                crate::components::spawn(async move {
                    if let Ok(latest) = api::call(ops::get_conclusion(id)).await {
                        tag.set(latest.etag.clone());
                        form.stale_info.set(Some((t().stale_reloaded)(latest.version)));
                    }
                });
            })/>
            <TextArea id="conclusion-text" label=mt.conclusion_text value=text error=form.error("text") required=true rows=4/>
            <fieldset class="field">
                <legend>{mt.recommendations}</legend>
                {move || rows.get().into_iter().enumerate().map(|(i, r)| view! {
                    <div class="rec-row">
                        <input type="text" aria-label=mt.measure placeholder=mt.measure bind:value=r.measure/>
                        // One row per recommendation: no id (it would repeat), named by its label.
                        <select aria-label=mt.responsible_unit on:change=move |ev| r.unit.set(event_target_value(&ev))>
                            {move || {
                                let current = r.unit.get();
                                unit_opts().into_iter().map(|(v, text)| {
                                    let selected = v == current;
                                    view! { <option value=v selected=selected>{text}</option> }
                                }).collect_view()
                            }}
                        </select>
                        <input type="date" aria-label=mt.deadline bind:value=r.deadline/>
                        <button type="button" class="btn btn-small" aria-label=mt.remove on:click=move |_| rows.update(|v| { v.remove(i); })>"×"</button>
                    </div>
                }).collect_view()}
                <crate::components::FieldErrorText id="recommendations" error=form.error("recommendations")/>
                <button type="button" class="btn btn-small" on:click=move |_| rows.update(|v| v.push(row(String::new(), String::new(), String::new())))>{mt.add_recommendation}</button>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{t().save}</button>
                <button type="button" class="btn" on:click=move |_| done.run(())>{t().cancel}</button>
            </div>
        </form>
    }
}
