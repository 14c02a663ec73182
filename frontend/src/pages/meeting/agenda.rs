//! 议题: the five-category agenda card, an item's view and form, the escalate-or-not decision
//! of a poor-disposal item, the outcome of the escalation a level-1 item came from, and the
//! agenda drafted from the period's cases (从数据生成议题草稿): proposals adopted one by one
//! through the same form as a new item, nothing stored before.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    AgendaCategory, AgendaDraft, AgendaItem, CreateAgendaItem, Evidence, Figure, MeetingStatus,
    UpdateAgendaItem,
};

use super::Ws;
use crate::api::{self, etag_of};
use crate::components::case_drawer::{CaseDrawer, case_buttons, provide_case_drawer};
use crate::components::{
    FormMessages, FormState, Section, StaleBanner, TextArea, TextField, badge, run,
};
use crate::i18n::{category_name, esc_status_name, t, tm, tp, tw};
use crate::load::Res;

#[component]
pub(super) fn AgendaCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let adding = RwSignal::new(None::<AgendaCategory>);
    let form = FormState::new(&[]);
    // Moves an item up (-1) or down (+1) within its category, then sends the whole order.
    let shift = move |id: Uuid, d: i32| {
        let mut items = ws.agenda.get_untracked();
        items.sort_by_key(|i| (i.category, i.position));
        let Some(i) = items.iter().position(|x| x.id == id) else {
            return;
        };
        let j = i as i32 + d;
        if j < 0 || j as usize >= items.len() || items[j as usize].category != items[i].category {
            return;
        }
        items.swap(i, j as usize);
        let ids: Vec<Uuid> = items.iter().map(|x| x.id).collect();
        run(form, async move {
            let id = ws.id;
            let ids = &ids;
            let a = api::call(ops::reorder_agenda(id, ids.clone())).await?;
            ws.agenda.set(a);
            Ok(())
        });
    };
    view! {
        <Section title=mt.agenda id="agenda">
            <FormMessages form=form/>
            <Show when=move || ws.editable() && matches!(ws.status(), MeetingStatus::Draft | MeetingStatus::Scheduled)>
                <AgendaDraftPanel ws=ws/>
            </Show>
            {AgendaCategory::ALL.iter().copied().map(|cat| {
                let items = move || {
                    let mut v: Vec<AgendaItem> = ws.agenda.with(|a| a.iter().filter(|i| i.category == cat).cloned().collect());
                    v.sort_by_key(|i| i.position);
                    v
                };
                view! {
                    <div class="agenda-cat" data-category=cat.as_str()>
                        <h3 class="sub">{category_name(cat)}</h3>
                        {move || {
                            // Items are rebuilt when the status changes what may be done with
                            // them, not when the minutes are saved (a half-filled decision stays).
                            ws.status.track();
                            let list = items();
                            let n = list.len();
                            if n == 0 {
                                return view! { <p class="muted">{mt.no_items}</p> }.into_any();
                            }
                            view! { <ol class="agenda-list">
                                {list.into_iter().enumerate().map(|(k, it)| view! {
                                    <AgendaItemView ws=ws item=it first=k == 0 last=k + 1 == n shift=Callback::new(move |(id, d)| shift(id, d))/>
                                }).collect_view()}
                            </ol> }.into_any()
                        }}
                        <Show when=move || ws.editable()>
                            {move || if adding.get() == Some(cat) {
                                view! { <AgendaForm ws=ws category=cat existing=None on_done=Callback::new(move |()| adding.set(None))/> }.into_any()
                            } else {
                                view! { <button type="button" class="btn btn-small" data-testid=format!("add-{}", cat.as_str()) on:click=move |_| adding.set(Some(cat))>{mt.add_item}</button> }.into_any()
                            }}
                        </Show>
                    </div>
                }
            }).collect_view()}
        </Section>
    }
}

#[component]
fn AgendaItemView(
    ws: Ws,
    item: AgendaItem,
    first: bool,
    last: bool,
    shift: Callback<(Uuid, i32)>,
) -> impl IntoView {
    let mt = tm();
    let editing = RwSignal::new(false);
    let id = item.id;
    let version = item.version;
    let del = FormState::new(&[]);
    let remove = move |id: Uuid, version: i32| {
        if !window()
            .confirm_with_message(tw().confirm_delete_item)
            .unwrap_or(false)
        {
            return;
        }
        run(del, async move {
            api::call(ops::delete_agenda_item(id, &etag_of(version))).await?;
            ws.reload_agenda().await
        });
    };
    let it = item.clone();
    let figures = figures_text(&item.evidence, "；");
    let cases = item.evidence.case_numbers.join("、");
    let texts = [
        (mt.causes, item.causes.clone()),
        (mt.weak_links, item.weak_links.clone()),
        (mt.remedies, item.remedies.clone()),
    ];
    view! {
        <li class="agenda-item" data-testid="agenda-item">
            <FormMessages form=del/>
            {move || if editing.get() {
                view! { <AgendaForm ws=ws category=it.category existing=Some(it.clone()) on_done=Callback::new(move |()| editing.set(false))/> }.into_any()
            } else {
                view! {
                    <div class="item-head">
                        <strong>{item.title.clone()}</strong>
                        {item.source_escalation_id.map(|_| badge(mt.from_escalation, "warn"))}
                        <Show when=move || ws.editable()>
                            <span class="btn-row">
                                <button type="button" class="btn btn-small" disabled=first aria-label=mt.move_up on:click=move |_| shift.run((id, -1))>"↑"</button>
                                <button type="button" class="btn btn-small" disabled=last aria-label=mt.move_down on:click=move |_| shift.run((id, 1))>"↓"</button>
                                <button type="button" class="btn btn-small" on:click=move |_| editing.set(true)>{t().edit}</button>
                                <button type="button" class="btn btn-small btn-danger" data-testid="delete-item" on:click=move |_| remove(id, version)>{tw().delete_item}</button>
                            </span>
                        </Show>
                    </div>
                    <p>{item.summary.clone()}</p>
                    {(!figures.is_empty()).then(|| view! { <p class="muted">{mt.figures}"："{figures.clone()}</p> })}
                    {(!cases.is_empty()).then(|| view! { <p class="muted">{mt.case_numbers}"："{cases.clone()}</p> })}
                    {texts.clone().into_iter().filter_map(|(l, v)| v.filter(|v| !v.is_empty()).map(|v| view! { <p><span class="muted">{l}"："</span>{v}</p> })).collect_view()}
                    {(item.category == AgendaCategory::PoorDisposal).then(|| view! { <Decision ws=ws item=item.clone()/> })}
                    {item.source_escalation_id.map(|e| view! { <EscalationOutcome id=e/> })}
                }.into_any()
            }}
        </li>
    }
}

/// An item's figures as "标签：数值单位", joined by `sep` (what `parse_figures` reads back).
fn figures_text(evidence: &Evidence, sep: &str) -> String {
    evidence
        .figures
        .iter()
        .map(|f| {
            format!(
                "{}：{}{}",
                f.label,
                f.value,
                f.unit.clone().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// Parses "标签：数值单位" lines into figures.
fn parse_figures(text: &str) -> Option<Vec<Figure>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (label, rest) = l.split_once(['：', ':', '='])?;
            let rest = rest.trim();
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .unwrap_or(rest.len());
            let unit = rest[end..].trim();
            Some(Figure {
                label: label.trim().to_owned(),
                value: rest[..end].parse().ok()?,
                unit: (!unit.is_empty()).then(|| unit.to_owned()),
            })
        })
        .collect()
}

/// The form's fields filled from an item or a proposal: title, summary, figures, case
/// numbers, causes, weak links, remedies.
fn form_values(
    title: &str,
    summary: &str,
    evidence: &Evidence,
    texts: [&Option<String>; 3],
) -> [String; 7] {
    let [causes, weak, remedies] = texts.map(|v| v.clone().unwrap_or_default());
    [
        title.to_owned(),
        summary.to_owned(),
        figures_text(evidence, "\n"),
        evidence.case_numbers.join("\n"),
        causes,
        weak,
        remedies,
    ]
}

/// The form of a new item (empty, or `prefill`ed from a drafted proposal) or of `existing`.
/// `on_saved` runs once it is saved, before `on_done` (which cancelling runs too).
#[component]
fn AgendaForm(
    ws: Ws,
    category: AgendaCategory,
    existing: Option<AgendaItem>,
    on_done: Callback<()>,
    #[prop(optional)] prefill: Option<CreateAgendaItem>,
    #[prop(optional)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let mt = tm();
    let initial = match (&existing, &prefill) {
        (Some(i), _) => form_values(
            &i.title,
            &i.summary,
            &i.evidence,
            [&i.causes, &i.weak_links, &i.remedies],
        ),
        (None, Some(p)) => form_values(
            &p.title,
            &p.summary,
            &p.evidence,
            [&p.causes, &p.weak_links, &p.remedies],
        ),
        (None, None) => Default::default(),
    };
    let [title, summary, figures, cases, causes, weak, remedies] = initial.map(RwSignal::new);
    let presenting_unit_id = prefill.as_ref().and_then(|p| p.presenting_unit_id);
    let form = FormState::new(&[
        "title",
        "summary",
        "evidence",
        "causes",
        "weak_links",
        "remedies",
    ]);
    let item_id = existing.as_ref().map(|i| i.id);
    // The latest saved version after a conflict, and the fields where the user keeps theirs.
    let theirs = RwSignal::new(None::<AgendaItem>);
    let kept = RwSignal::new(Vec::<&'static str>::new());
    let tag = RwSignal::new(
        existing
            .as_ref()
            .map(|i| etag_of(i.version))
            .unwrap_or_default(),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(figs) = parse_figures(&figures.get_untracked()) else {
            form.invalid("evidence", mt.figures_hint);
            return;
        };
        let evidence = Evidence {
            figures: figs,
            case_numbers: cases
                .get_untracked()
                .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let opt = |v: RwSignal<String>| {
            Some(v.get_untracked().trim().to_owned()).filter(|s| !s.is_empty())
        };
        let (c1, w1, r1) = (opt(causes), opt(weak), opt(remedies));
        let (tt, sm) = (
            title.get_untracked().trim().to_owned(),
            summary.get_untracked(),
        );
        let target = item_id.map(|i| (i, tag.get_untracked()));
        run(form, async move {
            match target {
                None => {
                    let body = CreateAgendaItem {
                        platform_ref: None,
                        category,
                        title: tt,
                        summary: sm,
                        evidence,
                        causes: c1,
                        weak_links: w1,
                        remedies: r1,
                        presenting_unit_id,
                    };
                    let (id, body) = (ws.id, &body);
                    api::call(ops::create_agenda_item(id, body)).await?;
                }
                Some((id, tag)) => {
                    let body = UpdateAgendaItem {
                        title: Some(tt),
                        summary: Some(sm),
                        evidence: Some(evidence),
                        causes: Some(c1.unwrap_or_default()),
                        weak_links: Some(w1.unwrap_or_default()),
                        remedies: Some(r1.unwrap_or_default()),
                        ..Default::default()
                    };
                    let (body, tag) = (&body, &tag);
                    api::call(ops::update_agenda_item(id, tag, body)).await?;
                }
            }
            ws.reload_agenda().await?;
            if let Some(saved) = on_saved {
                saved.run(());
            }
            on_done.run(());
            Ok(())
        });
    };
    view! {
        <form class="card form inline-form" on:submit=on_submit novalidate=true data-testid="agenda-form">
            <FormMessages form=form/>
            <StaleBanner form=form on_reload=Callback::new(move |()| {
                let Some(id) = item_id else { return };
                crate::components::spawn(async move {
                    if let Ok(latest) = api::call(ops::get_agenda_item(id)).await {
                        tag.set(latest.etag.clone());
                        form.stale_info.set(Some(format!("{} {}", (t().stale_reloaded)(latest.value.version), tw().conflict_resolved)));
                        theirs.set(Some(latest.value));
                    }
                });
            })/>
            {move || theirs.get().map(|other| {
                // Each field where the other person's saved text differs from what is typed.
                let fields: [(&'static str, &'static str, RwSignal<String>, String); 7] = [
                    ("title", mt.item_title, title, other.title.clone()),
                    ("summary", mt.summary, summary, other.summary.clone()),
                    ("evidence", mt.figures, figures, figures_text(&other.evidence, "\n")),
                    ("cases", mt.case_numbers, cases, other.evidence.case_numbers.join("\n")),
                    ("causes", mt.causes, causes, other.causes.clone().unwrap_or_default()),
                    ("weak_links", mt.weak_links, weak, other.weak_links.clone().unwrap_or_default()),
                    ("remedies", mt.remedies, remedies, other.remedies.clone().unwrap_or_default()),
                ];
                let rows: Vec<_> = fields.into_iter()
                    .filter(|(key, _, mine, their)| mine.with(|m| m.trim() != their.trim()) && !kept.with(|k| k.contains(key)))
                    .collect();
                (!rows.is_empty()).then(|| view! {
                    <div class="alert alert-warning conflict" data-testid="conflict">
                        <p class="alert-title">{tw().conflict_title}</p>
                        <div class="table-wrap"><table class="table">
                            <thead><tr><th>{tw().conflict_field}</th><th>{tw().theirs}</th><th>{tw().mine}</th><th>{t().actions}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(key, label, mine, their)| {
                                    let t2 = their.clone();
                                    view! {
                                        <tr data-field=key>
                                            <td>{label}</td>
                                            <td class="pre" data-testid="theirs">{their}</td>
                                            <td class="pre" data-testid="mine">{move || mine.get()}</td>
                                            <td class="btn-row">
                                                <button type="button" class="btn btn-small" on:click=move |_| mine.set(t2.clone())>{tw().use_theirs}</button>
                                                <button type="button" class="btn btn-small" on:click=move |_| kept.update(|k| k.push(key))>{tw().keep_mine}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    </div>
                })
            })}
            <TextField id="ai-title" label=mt.item_title value=title error=form.error("title") required=true maxlength=200/>
            <TextArea id="ai-summary" label=mt.summary value=summary error=form.error("summary") rows=3/>
            <div class="grid-2">
                <TextArea id="ai-figures" label=mt.figures value=figures error=form.error("evidence") hint=mt.figures_hint rows=3/>
                <TextArea id="ai-cases" label=mt.case_numbers value=cases hint=mt.cases_hint rows=3/>
            </div>
            <TextArea id="ai-causes" label=mt.causes value=causes error=form.error("causes") rows=2/>
            <TextArea id="ai-weak" label=mt.weak_links value=weak error=form.error("weak_links") rows=2/>
            <TextArea id="ai-remedies" label=mt.remedies value=remedies error=form.error("remedies") rows=2/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{t().save}</button>
                <button type="button" class="btn" on:click=move |_| on_done.run(())>{t().cancel}</button>
            </div>
        </form>
    }
}

/// The escalate-or-not decision of a `poor_disposal` item, and its escalation's progress.
#[component]
fn Decision(ws: Ws, item: AgendaItem) -> impl IntoView {
    let mt = tm();
    let choice = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let form = FormState::new(&["escalate", "reason"]);
    let id = item.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let esc = match choice.get_untracked().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                form.invalid("escalate", t().err_required);
                return;
            }
        };
        let r = reason.get_untracked().trim().to_owned();
        run(form, async move {
            let r = &r;
            api::call(ops::decide_escalation(id, esc, r)).await?;
            ws.reload_agenda().await
        });
    };
    let has_escalation = item.escalation.is_some();
    let decided = match item.escalate {
        None => mt.undecided.to_owned(),
        Some(true) => format!(
            "{}（{}）",
            mt.escalate_yes,
            item.escalation_reason.clone().unwrap_or_default()
        ),
        Some(false) => format!(
            "{}（{}）",
            mt.escalate_no,
            item.escalation_reason.clone().unwrap_or_default()
        ),
    };
    view! {
        <div class="decision" data-testid="decision">
            <p><span class="muted">{mt.escalate_q}"："</span><span data-testid="decision-state">{decided}</span></p>
            {item.escalation.map(|e| view! {
                <p data-testid="escalation-state">
                    <span class="muted">{mt.escalation}"："</span>{esc_status_name(e.status)}
                    {e.level1_meeting_id.map(|l| view! { " · " <a href=format!("/meetings/{l}")>{mt.level1_meeting}</a> })}
                    {e.outcome.map(|o| view! { " · " {mt.outcome}"：" {o} })}
                </p>
            })}
            {(ws.convener() && !ws.status().is_locked() && !has_escalation).then(|| view! {
                <form class="inline-form" on:submit=on_submit novalidate=true data-testid="decision-form">
                    <FormMessages form=form/>
                    <div class="field">
                        <label for=format!("esc-{id}")>{mt.escalate_q}</label>
                        <select id=format!("esc-{id}") name="escalate" on:change=move |ev| choice.set(event_target_value(&ev))>
                            <option value="">{mt.choose}</option>
                            <option value="true">{mt.escalate_yes}</option>
                            <option value="false">{mt.escalate_no}</option>
                        </select>
                        <crate::components::FieldErrorText id="escalate" error=form.error("escalate")/>
                    </div>
                    <TextArea id="decision-reason" label=mt.decision_reason value=reason error=form.error("reason") required=true rows=2/>
                    <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{mt.save_decision}</button>
                </form>
            })}
        </div>
    }
}

/// The status and outcome of the escalation an item of a level-1 meeting came from.
#[component]
fn EscalationOutcome(id: Uuid) -> impl IntoView {
    let mt = tm();
    let e = Res::new(move || async move { api::call(ops::get_escalation(id)).await });
    move || {
        e.get().and_then(Result::ok).map(|e| view! {
            <p class="decision" data-testid="source-escalation">
                <span class="muted">{mt.escalation}"："</span>{esc_status_name(e.status)}
                " · " <a href=format!("/meetings/{}", e.meeting_id)>{mt.source_meeting}</a>
                " · " {mt.outcome}"：" {e.outcome.clone().unwrap_or_else(|| mt.not_written.to_owned())}
            </p>
        })
    }
}

/// 从数据生成议题草稿: a button, then the proposals of `GET /meetings/{id}/agenda-draft` with
/// 采用 each (the new-item form, filled in) and the draft preliminary analysis to copy into the
/// preparation form. Nothing is stored until a proposal is saved.
#[component]
fn AgendaDraftPanel(ws: Ws) -> impl IntoView {
    let p = tp();
    let open = RwSignal::new(false);
    view! {
        <div class="agenda-draft" data-testid="agenda-draft">
            {move || if open.get() {
                view! { <DraftProposals ws=ws on_close=Callback::new(move |()| open.set(false))/> }.into_any()
            } else {
                view! {
                    <div class="draft-intro">
                        <button type="button" class="btn" data-testid="draft-generate" on:click=move |_| open.set(true)>{p.draft_generate}</button>
                        <p class="hint">{p.draft_hint}</p>
                    </div>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn DraftProposals(ws: Ws, on_close: Callback<()>) -> impl IntoView {
    let p = tp();
    provide_case_drawer();
    let draft = Res::new(move || async move { api::call(ops::agenda_draft(ws.id)).await });
    // Which proposal's form is open, and which have been saved as items.
    let adopting = RwSignal::new(None::<usize>);
    let adopted = RwSignal::new(Vec::<usize>::new());
    let regenerate = move |_| {
        adopting.set(None);
        adopted.set(vec![]);
        draft.refetch();
    };
    view! {
        <div class="draft-head">
            <h3 class="sub">{p.draft_title}</h3>
            <span class="btn-row">
                <button type="button" class="btn btn-small" on:click=regenerate>{p.draft_regenerate}</button>
                <button type="button" class="btn btn-small" on:click=move |_| on_close.run(())>{p.draft_close}</button>
            </span>
        </div>
        {draft.view(true, false, move |d| draft_view(ws, d, adopting, adopted))}
        <CaseDrawer/>
    }
}

fn draft_view(
    ws: Ws,
    d: AgendaDraft,
    adopting: RwSignal<Option<usize>>,
    adopted: RwSignal<Vec<usize>>,
) -> AnyView {
    let p = tp();
    let mt = tm();
    let period = (p.draft_period)(&d.period.from.to_string(), &d.period.to.to_string());
    let proposals = if d.proposals.is_empty() {
        view! { <p class="muted" data-testid="draft-none">{p.draft_none}</p> }.into_any()
    } else {
        view! {
            <ol class="draft-list">
                {d.proposals.into_iter().enumerate().map(|(k, item)| {
                    let figures = figures_text(&item.evidence, "；");
                    let cases = case_buttons(&item.evidence.case_numbers, 8);
                    let has_cases = !item.evidence.case_numbers.is_empty();
                    let category = item.category;
                    let prefill = item.clone();
                    view! {
                        <li class="draft-item" data-testid="draft-proposal" data-category=category.as_str()>
                            <div class="item-head">
                                {badge(category_name(category), "plan")}
                                <strong>{item.title.clone()}</strong>
                                <span class="btn-row">
                                    {move || if adopted.with(|a| a.contains(&k)) {
                                        badge(p.adopted, "ok").into_any()
                                    } else {
                                        view! {
                                            <button type="button" class="btn btn-small btn-primary" data-testid="draft-adopt"
                                                disabled=move || adopting.get() == Some(k)
                                                on:click=move |_| adopting.set(Some(k))>{p.adopt}</button>
                                        }.into_any()
                                    }}
                                </span>
                            </div>
                            <p>{item.summary.clone()}</p>
                            {(!figures.is_empty()).then(|| view! { <p class="muted">{mt.figures}"："{figures}</p> })}
                            {has_cases.then(|| view! { <p class="muted">{mt.case_numbers}"："{cases}</p> })}
                            {move || (adopting.get() == Some(k)).then(|| view! {
                                <AgendaForm ws=ws category=category existing=None prefill=prefill.clone()
                                    on_saved=Callback::new(move |()| adopted.update(|a| a.push(k)))
                                    on_done=Callback::new(move |()| adopting.set(None))/>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }.into_any()
    };
    let prelim = d.preliminary_analysis;
    let copied = RwSignal::new(false);
    let copy = {
        let text = prelim.clone();
        move |_| {
            let current = ws.prelim.get_untracked();
            if !current.trim().is_empty()
                && current.trim() != text.trim()
                && !window()
                    .confirm_with_message(p.confirm_replace_prelim)
                    .unwrap_or(false)
            {
                return;
            }
            ws.prelim.set(text.clone());
            copied.set(true);
            if let Some(el) = document().get_element_by_id("preliminary_analysis") {
                el.scroll_into_view();
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        }
    };
    view! {
        <p class="muted" data-testid="draft-period">{period}</p>
        {proposals}
        {(!prelim.trim().is_empty()).then(|| view! {
            <div class="draft-prelim" data-testid="draft-prelim">
                <h4 class="sub">{p.draft_prelim}</h4>
                <p class="prose">{prelim.clone()}</p>
                <button type="button" class="btn btn-small" data-testid="draft-copy-prelim" on:click=copy>{p.copy_prelim}</button>
                <Show when=move || copied.get()>
                    <p class="hint" role="status">{p.prelim_copied}</p>
                </Show>
            </div>
        })}
    }
    .into_any()
}
