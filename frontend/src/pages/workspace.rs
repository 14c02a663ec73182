//! 会议工作台 (/meetings/:id): status and transitions, readiness, the five-category agenda,
//! preparation, submissions, attendance, minutes, conclusions and escalations.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    AgendaCategory, AgendaItem, Attendance, Conclusion, ConclusionStatus, CreateAgendaItem,
    CreateConclusion, CreateEscalation, Evidence, Figure, Meeting, MeetingDetail, MeetingStatus,
    NewRecommendation, Participant, ParticipantRole, RecordAttendance, Role, SubmissionState, Unit,
    UpdateAgendaItem, UpdateConclusion, UpdateMeeting,
};

use crate::api::{self, AppError, etag_of, use_auth};
use crate::components::{
    FormMessages, FormState, Section, StaleBanner, TextArea, TextField, badge, run, set_title,
};
use crate::i18n::{
    attendance_name, category_name, esc_status_name, kind_name, missing_name, t, tm, trigger_name,
};
use crate::load::Res;
use crate::pages::meetings::{all_units, status_badge};
use crate::pages::my_unit::UnitSubmissionPanel;
use crate::time::{fmt_datetime, parse_date};

/// The workspace's shared state.
#[derive(Clone, Copy)]
struct Ws {
    id: Uuid,
    m: RwSignal<Meeting>,
    etag: RwSignal<String>,
    agenda: RwSignal<Vec<AgendaItem>>,
    parts: RwSignal<Vec<Participant>>,
    units: RwSignal<Vec<Unit>>,
    role: Option<Role>,
    /// Bumped after changes that affect readiness and conclusions.
    tick: RwSignal<u32>,
}

impl Ws {
    fn organiser(&self) -> bool {
        matches!(self.role, Some(Role::Convener | Role::Analyst))
    }
    fn convener(&self) -> bool {
        self.role == Some(Role::Convener)
    }
    fn status(&self) -> MeetingStatus {
        self.m.with(|m| m.status)
    }
    /// Organisers may still change the meeting.
    fn editable(&self) -> bool {
        self.organiser() && !self.status().is_locked()
    }
    fn bump(&self) {
        self.tick.update(|t| *t += 1);
    }
    async fn reload_agenda(self) -> Result<(), AppError> {
        let id = self.id;
        let a = api::call(ops::agenda(id)).await?;
        self.agenda.set(a);
        self.bump();
        Ok(())
    }
    fn unit_name(&self, id: Uuid) -> String {
        self.units.with(|us| {
            us.iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        })
    }
}

/// Reads the `:id` of the path.
pub fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| Uuid::parse_str(&s).ok())
    })
}

#[component]
pub fn WorkspacePage() -> impl IntoView {
    set_title(tm().workspace);
    let id = id_param();
    let detail = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::meeting(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        {detail.view(true, true, move |d| workspace(d.value, d.etag).into_any())}
    }
}

fn workspace(d: MeetingDetail, etag: String) -> impl IntoView {
    let auth = use_auth();
    let ws = Ws {
        id: d.meeting.id,
        m: RwSignal::new(d.meeting),
        etag: RwSignal::new(etag),
        agenda: RwSignal::new(d.agenda),
        parts: RwSignal::new(d.participants),
        units: RwSignal::new(vec![]),
        role: auth.role(),
        tick: RwSignal::new(0),
    };
    set_title(&ws.m.with_untracked(|m| m.title.clone()));
    if ws.organiser() {
        crate::components::spawn(async move { ws.units.set(all_units().await) });
    }
    let mt = tm();
    let is_rep = ws.role == Some(Role::UnitRep);
    let overseer = !is_rep && ws.role.is_some();
    view! {
        <section class="page" data-testid="workspace">
            <Header ws=ws/>
            <div class="grid-2">
                <ReadinessCard ws=ws/>
                <MeetingText ws=ws title=mt.preparation section="prep" fields=&[("main_reporter", false), ("preliminary_analysis", true)]/>
            </div>
            <AgendaCard ws=ws/>
            {overseer.then(|| view! { <TrackerCard ws=ws/> })}
            {is_rep.then(|| {
                let open = matches!(ws.status(), MeetingStatus::Draft | MeetingStatus::Scheduled);
                view! { <Section title=mt.my_submission id="my-submission"><UnitSubmissionPanel meeting_id=ws.id open=open/></Section> }
            })}
            <AttendanceCard ws=ws/>
            <MeetingText ws=ws title=mt.minutes section="minutes" fields=&[("minutes", true)]/>
            <ConclusionsCard ws=ws/>
        </section>
    }
}

/// Who may move a meeting to `to` (the API checks it too).
/// The server's own rule (`MeetingStatus::movers`), so the page offers exactly what it allows.
fn may_transition(role: Option<Role>, to: MeetingStatus) -> bool {
    role.is_some_and(|r| to.movers().contains(&r))
}

#[component]
fn Header(ws: Ws) -> impl IntoView {
    let mt = tm();
    let form = FormState::new(&["reason"]);
    let cancelling = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let go = move |to: MeetingStatus| {
        let id = ws.id;
        let r = (to == MeetingStatus::Cancelled).then(|| reason.get_untracked().trim().to_owned());
        run(form, async move {
            let r = r.as_deref();
            let m = api::call(ops::transition(id, to, r)).await?;
            ws.etag.set(m.etag.clone());
            ws.m.set(m.value);
            cancelling.set(false);
            ws.bump();
            Ok(())
        });
    };
    let facts = move || {
        let m = ws.m.get();
        let tx = mt;
        view! {
            <dl class="facts">
                <dt>{tx.kind}</dt><dd>{kind_name(m.kind)}</dd>
                <dt>{tx.starts_at}</dt><dd>{format!("{} – {}", fmt_datetime(&m.starts_at), &fmt_datetime(&m.ends_at)[11..])}</dd>
                <dt>{tx.place}</dt><dd>{m.place.clone()}</dd>
                <dt>{tx.chair}</dt><dd>{m.chair.clone()}</dd>
                {m.period.clone().map(|p| view! { <dt>{tx.period}</dt><dd>{p}</dd> })}
                {m.trigger.map(|tr| view! { <dt>{tx.trigger}</dt><dd>{trigger_name(tr)}"：" {m.trigger_reason.clone()}</dd> })}
                <dt>{tx.submission_due}</dt><dd>{fmt_datetime(&m.submission_due_at)}</dd>
                {m.cancel_reason.clone().map(|r| view! { <dt>{tx.cancel_reason}</dt><dd>{r}</dd> })}
            </dl>
        }
    };
    view! {
        <header class="page-head">
            <p class="crumbs"><A href="/meetings">{mt.meetings_title}</A></p>
            <h1 data-testid="meeting-title">{move || ws.m.with(|m| m.title.clone())}" " {move || status_badge(ws.status())}</h1>
            {facts}
            <FormMessages form=form/>
            <div class="btn-row" data-testid="transitions">
                {move || ws.status().next().iter().copied().filter(|to| may_transition(ws.role, *to)).map(|to| {
                    let primary = to != MeetingStatus::Cancelled;
                    view! {
                        <button type="button" class=if primary { "btn btn-primary" } else { "btn btn-danger" } disabled=move || form.busy.get()
                            on:click=move |_| if primary { go(to) } else { cancelling.set(true) }>
                            {crate::i18n::transition_name(to)}
                        </button>
                    }
                }).collect_view()}
            </div>
            <Show when=move || cancelling.get()>
                <div class="card inline-form">
                    <TextArea id="reason" label=mt.cancel_reason value=reason error=form.error("reason") required=true rows=2/>
                    <button type="button" class="btn btn-danger" on:click=move |_| go(MeetingStatus::Cancelled)>{mt.confirm_cancel}</button>
                    <button type="button" class="btn" on:click=move |_| cancelling.set(false)>{t().cancel}</button>
                </div>
            </Show>
        </header>
    }
}

#[component]
fn ReadinessCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let r = Res::new(move || {
        ws.tick.track();
        let id = ws.id;
        async move { api::call(ops::readiness(id)).await }
    });
    view! {
        <Section title=mt.readiness id="readiness">
            {move || r.get().map(|r| match r {
                Ok(r) => view! {
                    <p>{if r.ready { badge(mt.ready, "ok").into_any() } else { badge(mt.not_ready, "warn").into_any() }}</p>
                    <ul class="checklist" data-testid="readiness">
                        {["agenda", "main_reporter", "preliminary_analysis"].map(|code| {
                            let ok = !r.missing.iter().any(|m| m == code);
                            view! { <li class:done=ok>{if ok { "✓ " } else { "✗ " }}{missing_name(code)}</li> }
                        })}
                    </ul>
                }.into_any(),
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
            })}
        </Section>
    }
}

/// Texts of the meeting edited with If-Match: preparation or minutes.
#[component]
fn MeetingText(
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
    let values: Vec<RwSignal<String>> = fields
        .iter()
        .map(|(f, _)| RwSignal::new(ws.m.with_untracked(|m| get(m, f))))
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
            match api::call(ops::meeting(id)).await {
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
        <Section title=title id=section>
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

// --- agenda ---------------------------------------------------------------------------------------

#[component]
fn AgendaCard(ws: Ws) -> impl IntoView {
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
                            ws.m.track();
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
    let it = item.clone();
    let figures = item
        .evidence
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
        .join("；");
    let cases = item.evidence.case_numbers.join("、");
    let texts = [
        (mt.causes, item.causes.clone()),
        (mt.weak_links, item.weak_links.clone()),
        (mt.remedies, item.remedies.clone()),
    ];
    view! {
        <li class="agenda-item" data-testid="agenda-item">
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

#[component]
fn AgendaForm(
    ws: Ws,
    category: AgendaCategory,
    existing: Option<AgendaItem>,
    on_done: Callback<()>,
) -> impl IntoView {
    let mt = tm();
    let e = existing.clone();
    let s = |f: fn(&AgendaItem) -> String| RwSignal::new(e.as_ref().map(f).unwrap_or_default());
    let title = s(|i| i.title.clone());
    let summary = s(|i| i.summary.clone());
    let figures = s(|i| {
        i.evidence
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
            .join("\n")
    });
    let cases = s(|i| i.evidence.case_numbers.join("\n"));
    let causes = s(|i| i.causes.clone().unwrap_or_default());
    let weak = s(|i| i.weak_links.clone().unwrap_or_default());
    let remedies = s(|i| i.remedies.clone().unwrap_or_default());
    let form = FormState::new(&[
        "title",
        "summary",
        "evidence",
        "causes",
        "weak_links",
        "remedies",
    ]);
    let item_id = existing.as_ref().map(|i| i.id);
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
                        category,
                        title: tt,
                        summary: sm,
                        evidence,
                        causes: c1,
                        weak_links: w1,
                        remedies: r1,
                        presenting_unit_id: None,
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
                    if let Ok(latest) = api::call(ops::agenda_item(id)).await {
                        tag.set(latest.etag.clone());
                        form.stale_info.set(Some((t().stale_reloaded)(latest.version)));
                    }
                });
            })/>
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
    let e = Res::new(move || async move { api::call(ops::escalation(id)).await });
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

// --- submissions and attendance -------------------------------------------------------------------

#[component]
fn TrackerCard(ws: Ws) -> impl IntoView {
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

#[component]
fn AttendanceCard(ws: Ws) -> impl IntoView {
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

// --- conclusions ----------------------------------------------------------------------------------

#[component]
fn ConclusionsCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let list = Res::new(move || {
        ws.tick.track();
        let id = ws.id;
        async move { api::call(ops::conclusions(id)).await }
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
                    if let Ok(latest) = api::call(ops::conclusion(id)).await {
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
                        <crate::components::Select id="rec-unit" value=r.unit options=Signal::derive(unit_opts)/>
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
