//! 督办任务 (/supervision-tasks, /supervision-tasks/:id; Art. 8.4): each recommendation of an
//! adopted conclusion, followed up with its responsible unit. The list filters by status, overdue
//! and (for everyone but a unit's representative, who sees only its own) unit. A task's page
//! shows its facts and history, and the moves the signed-in person may make: the unit's
//! representative 开始办理 / 报告办结 (with its report); the command center 核验通过 / 退回 (with a
//! reason). Organisers may refer the unit of a failed task (overdue, done late, returned at least
//! twice) to the discipline commission, with other failed tasks of the same unit.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    CreateReferral, PageParams, Role, SupervisionTask, TaskQuery, TaskStatus, TaskTransition,
};

use crate::api::{self, AppError, use_auth};
use crate::components::flash::use_flash;
use crate::components::options::{enum_options, parse_active};
use crate::components::params::id_param;
use crate::components::submission::{MAX_BYTES, attachment_link, chosen_files, too_large};
use crate::components::units::active_units;
use crate::components::{
    EmptyState, FormMessages, FormState, PAGE_SIZE, Pagination, Section, Select, TextArea, run,
    set_title,
};
use crate::i18n::{t, task_status_name, tsv};
use crate::load::Res;
use crate::time::fmt_datetime;

/// A task that may be the evidence of a referral: late (still, or when reported) or returned
/// at least twice (the server's rule, `domain::referral::TaskFacts::failed`).
fn failed(t: &SupervisionTask) -> bool {
    t.status != TaskStatus::Withdrawn && (t.overdue || t.done_late || t.returned_count >= 2)
}

fn status_badge(s: TaskStatus) -> AnyView {
    let kind = match s {
        TaskStatus::Open => "warn",
        TaskStatus::InProgress | TaskStatus::Done => "plan",
        TaskStatus::Verified => "ok",
        TaskStatus::Withdrawn => "off",
    };
    view! { <span class=format!("badge badge-{kind}") data-testid="task-status">{task_status_name(s)}</span> }
        .into_any()
}

/// 逾期 beside the status of a task still to do after its due day; 逾期办结 beside one reported
/// after it (a late report returned since is simply overdue again).
fn late_badges(t: &SupervisionTask) -> AnyView {
    let s = tsv();
    let reported = matches!(t.status, TaskStatus::Done | TaskStatus::Verified);
    view! {
        {t.overdue.then(|| view! { " "<span class="badge badge-danger" data-testid="overdue">{s.overdue}</span> })}
        {(t.done_late && reported).then(|| view! { " "<span class="badge badge-warn">{s.done_late}</span> })}
    }
    .into_any()
}

#[component]
pub fn SupervisionTasksPage() -> impl IntoView {
    let s = tsv();
    set_title(s.nav_tasks);
    let auth = use_auth();
    // A unit's representative sees its unit's tasks only (the server's choice): no unit filter.
    let by_unit = !auth.is_unit_rep();
    let query = use_query_map();
    let initial = |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let status = RwSignal::new(initial("status"));
    let overdue = RwSignal::new(initial("overdue"));
    let unit = RwSignal::new(initial("unit_id"));
    let page = RwSignal::new(1u64);
    let units = Res::new(move || async move {
        let mut out = vec![(String::new(), t().all.to_owned())];
        if by_unit {
            out.extend(
                active_units()
                    .await
                    .into_iter()
                    .map(|u| (u.id.to_string(), u.name)),
            );
        }
        out
    });
    let list = Res::new(move || {
        let q = TaskQuery {
            status: status.get().parse().ok(),
            unit_id: unit.get().parse().ok(),
            meeting_id: None,
            overdue: parse_active(&overdue.get()),
        };
        let n = page.get();
        async move {
            let q = &q;
            api::call(ops::list_supervision_tasks(
                q,
                PageParams::new(n, PAGE_SIZE),
            ))
            .await
        }
    });
    let overdue_options = move || {
        vec![
            (String::new(), t().all.to_owned()),
            ("true".to_owned(), s.only_overdue.to_owned()),
            ("false".to_owned(), s.not_overdue.to_owned()),
        ]
    };
    view! {
        <section class="page" data-testid="tasks-page">
            <header class="page-head"><h1>{s.nav_tasks}</h1><p class="muted">{s.tasks_lead}</p></header>
            // Any filter chosen starts again at the first page.
            <div class="filters" on:change=move |_| page.set(1)>
                <div class="field">
                    <label for="f-task-status">{t().status}</label>
                    <Select id="f-task-status" value=status options=Signal::derive(|| enum_options(TaskStatus::ALL, true, |k| k.as_str(), task_status_name))/>
                </div>
                <div class="field">
                    <label for="f-task-overdue">{s.overdue_filter}</label>
                    <Select id="f-task-overdue" value=overdue options=Signal::derive(overdue_options)/>
                </div>
                {by_unit.then(|| view! {
                    <div class="field">
                        <label for="f-task-unit">{s.unit}</label>
                        <Select id="f-task-unit" value=unit options=Signal::derive(move || units.get().unwrap_or_default())/>
                    </div>
                })}
            </div>
            {list.view(true, true, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=s.no_tasks/> }.into_any()
                    } else {
                        tasks_table(p.items)
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
        </section>
    }
}

fn tasks_table(items: Vec<SupervisionTask>) -> AnyView {
    let s = tsv();
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="tasks-table">
                <thead>
                    <tr>
                        <th scope="col">{s.measure}</th>
                        <th scope="col">{s.unit}</th>
                        <th scope="col">{s.meeting}</th>
                        <th scope="col">{s.due_on}</th>
                        <th scope="col">{t().status}</th>
                        <th scope="col" class="num">{s.returned_count}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|task| view! {
                        <tr data-testid="task-row" data-id=task.id.to_string()>
                            <td><a href=format!("/supervision-tasks/{}", task.id)>{task.measure.clone()}</a></td>
                            <td data-label=s.unit>{task.unit_name.clone()}</td>
                            <td data-label=s.meeting><a href=format!("/meetings/{}", task.meeting_id)>{task.meeting_title.clone()}</a></td>
                            <td data-label=s.due_on class="nowrap">{task.due_on.to_string()}</td>
                            <td data-label=t().status>{status_badge(task.status)}{late_badges(&task)}</td>
                            <td data-label=s.returned_count class="num">{task.returned_count}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Which form under the task is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Report,
    Return,
    Refer,
}

/// The task page's shared state: the task to reload, the open form, the last message.
#[derive(Clone, Copy)]
struct TaskCtx {
    task: Res<Result<SupervisionTask, AppError>>,
    panel: RwSignal<Panel>,
    notice: RwSignal<Option<String>>,
}

impl TaskCtx {
    fn moved(self, msg: &str) {
        self.panel.set(Panel::None);
        self.notice.set(Some(msg.to_owned()));
        self.task.refetch();
    }
}

#[component]
pub fn SupervisionTaskPage() -> impl IntoView {
    let s = tsv();
    set_title(s.task_title);
    let id = id_param();
    let task = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_supervision_task(id))
                    .await
                    .map(|t| t.value),
                None => Err(AppError::not_found()),
            }
        }
    });
    let ctx = TaskCtx {
        task,
        panel: RwSignal::new(Panel::None),
        notice: RwSignal::new(None),
    };
    view! {
        <section class="page" data-testid="task-page">
            {move || ctx.notice.get().map(|m| view! { <div class="alert alert-success" role="status" data-testid="task-notice">{m}</div> })}
            {task.view(true, true, move |task| view! { <TaskView ctx=ctx task=task/> })}
        </section>
    }
}

#[component]
fn TaskView(ctx: TaskCtx, task: SupervisionTask) -> impl IntoView {
    let s = tsv();
    let auth = use_auth();
    let role = auth.role();
    let status = task.status;
    let rep = role == Some(Role::UnitRep);
    let analyst = role == Some(Role::Analyst);
    let organiser = matches!(role, Some(Role::Analyst | Role::Convener));
    let can_refer = organiser && failed(&task);
    let due_moved =
        (task.due_on != task.deadline).then(|| (s.due_moved)(&task.deadline.to_string()));
    let why = (s.failed_why)(task.overdue, task.done_late, task.returned_count);
    let form = FormState::new(&[]);
    let (id, unit_id) = (task.id, task.unit_id);
    let go = move |to: TaskStatus, note: Option<String>, msg: &'static str, form: FormState| {
        run(form, async move {
            match api::call(ops::transition_supervision_task(id, to, note.as_deref())).await {
                Ok(_) => {
                    ctx.moved(msg);
                    Ok(())
                }
                // Moved meanwhile (by the other side, or in another tab): show it as it is now.
                Err(e) if matches!(e.status(), Some(409 | 412)) => {
                    ctx.moved(s.task_moved);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        });
    };
    let open = move |p: Panel| {
        ctx.notice.set(None);
        ctx.panel
            .update(|cur| *cur = if *cur == p { Panel::None } else { p });
    };
    let expanded = move |p: Panel| (ctx.panel.get() == p).to_string();
    let unit_name = task.unit_name.clone();
    let history = task.history.clone();
    view! {
        <header class="page-head">
            <p class="crumbs"><a href="/supervision-tasks">{s.nav_tasks}</a></p>
            <h1 data-testid="task-measure">{task.measure.clone()}</h1>
            <p>{status_badge(status)}{late_badges(&task)}</p>
        </header>
        <div class="card">
            <dl class="facts">
                <dt>{s.unit}</dt><dd data-testid="task-unit">{task.unit_name.clone()}</dd>
                <dt>{s.meeting}</dt><dd><a href=format!("/meetings/{}", task.meeting_id)>{task.meeting_title.clone()}</a></dd>
                <dt>{s.due_on}</dt>
                <dd>
                    <span data-testid="task-due">{task.due_on.to_string()}</span>
                    {due_moved.map(|d| view! { <span class="muted">" （"{d}"）"</span> })}
                </dd>
                <dt>{s.returned_count}</dt><dd data-testid="task-returned">{task.returned_count}</dd>
                {task.report.clone().map(|r| view! { <dt>{s.report}</dt><dd class="pre" data-testid="task-report">{r}</dd> })}
                {task.reported_at.map(|at| view! { <dt>{s.reported_at}</dt><dd>{fmt_datetime(&at)}</dd> })}
                {task.return_reason.clone().map(|r| view! { <dt>{s.return_reason}</dt><dd class="pre" data-testid="task-return-reason">{r}</dd> })}
                {task.verified_at.map(|at| view! { <dt>{s.verified_at}</dt><dd>{fmt_datetime(&at)}</dd> })}
                {(!task.attachments.is_empty()).then(|| {
                    let files = task.attachments.clone();
                    view! {
                        <dt>{s.attachments}</dt>
                        <dd><ul class="files" data-testid="task-files">{files.into_iter().map(attachment_link).collect_view()}</ul></dd>
                    }
                })}
            </dl>
            <FormMessages form=form/>
            {(!rep && matches!(status, TaskStatus::Open | TaskStatus::InProgress)).then(|| view! { <p class="muted">{s.waiting_unit}</p> })}
            {(!analyst && status == TaskStatus::Done).then(|| view! { <p class="muted">{s.waiting_verify}</p> })}
            {can_refer.then(|| view! { <p class="hint">{s.failed_note}" （"{why}"）"</p> })}
            <div class="btn-row no-print" data-testid="task-actions">
                {(rep && status == TaskStatus::Open).then(|| view! {
                    <button type="button" class="btn btn-primary" disabled=move || form.busy.get()
                        on:click=move |_| go(TaskStatus::InProgress, None, s.started, form)>{s.take_up}</button>
                })}
                {(rep && matches!(status, TaskStatus::Open | TaskStatus::InProgress)).then(|| view! {
                    <button type="button" class="btn" aria-expanded=move || expanded(Panel::Report)
                        on:click=move |_| open(Panel::Report)>{s.report_done}</button>
                })}
                {(analyst && status == TaskStatus::Done).then(|| view! {
                    <button type="button" class="btn btn-primary" disabled=move || form.busy.get()
                        on:click=move |_| go(TaskStatus::Verified, None, s.verified, form)>{s.verify}</button>
                    <button type="button" class="btn" aria-expanded=move || expanded(Panel::Return)
                        on:click=move |_| open(Panel::Return)>{s.return_task}</button>
                })}
                {can_refer.then(|| view! {
                    <button type="button" class="btn btn-danger" data-testid="refer" aria-expanded=move || expanded(Panel::Refer)
                        on:click=move |_| open(Panel::Refer)>{s.refer}</button>
                })}
            </div>
            {move || match ctx.panel.get() {
                Panel::Report => view! { <ReportForm ctx=ctx task_id=id/> }.into_any(),
                Panel::Return => view! {
                    <NoteForm id="task-return" label=s.return_label hint=None submit=s.confirm_return
                        on_send=Callback::new(move |(note, f): (String, FormState)| go(TaskStatus::InProgress, Some(note), s.returned, f))
                        on_cancel=Callback::new(move |()| ctx.panel.set(Panel::None))/>
                }.into_any(),
                Panel::Refer => view! { <ReferForm ctx=ctx unit_id=unit_id unit_name=unit_name.clone() task_id=id/> }.into_any(),
                Panel::None => ().into_any(),
            }}
        </div>
        <Section title=s.history id="task-history">
            {history_view(history)}
        </Section>
    }
}

/// The history, oldest first: when (Beijing time), who, from → to, and the report or reason.
fn history_view(history: Vec<yanpan_types::TaskEvent>) -> AnyView {
    let s = tsv();
    if history.is_empty() {
        return view! { <EmptyState text=s.no_history/> }.into_any();
    }
    let step = |from: Option<TaskStatus>, to: TaskStatus| match (from, to) {
        (None, _) | (_, TaskStatus::Open) => s.step_assigned,
        (Some(TaskStatus::Done), TaskStatus::InProgress) => s.step_returned,
        (_, TaskStatus::InProgress) => s.step_started,
        (_, TaskStatus::Done) => s.step_reported,
        (_, TaskStatus::Verified) => s.step_verified,
        (_, TaskStatus::Withdrawn) => s.step_withdrawn,
    };
    view! {
        <ol class="timeline" data-testid="task-history">
            {history.into_iter().map(|e| {
                let moved = match e.from {
                    Some(f) => format!("{} → {}", task_status_name(f), task_status_name(e.to)),
                    None => task_status_name(e.to).to_owned(),
                };
                view! {
                    <li class="timeline-item">
                        <p class="timeline-head">
                            <time class="muted nowrap">{fmt_datetime(&e.at)}</time>
                            " "<strong>{e.actor_name.clone().unwrap_or_else(|| s.system.to_owned())}</strong>
                            " "<span class="badge">{step(e.from, e.to)}</span>
                            " "<span class="muted">{moved}</span>
                        </p>
                        {e.note.map(|n| view! { <p class="pre timeline-note">{n}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// A required note (the report, or the reason for a return) and its send button.
#[component]
fn NoteForm(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    submit: &'static str,
    on_send: Callback<(String, FormState)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let tx = t();
    let note = RwSignal::new(String::new());
    let form = FormState::new(&["note"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = note.get_untracked().trim().to_owned();
        if n.is_empty() {
            form.invalid("note", tx.err_required);
            return;
        }
        on_send.run((n, form));
    };
    view! {
        <form class="form panel-form" on:submit=on_submit novalidate=true data-testid=format!("{id}-form")>
            <FormMessages form=form/>
            {match hint {
                Some(h) => view! { <TextArea id=id label=label value=note error=form.error("note") hint=h required=true rows=4/> }.into_any(),
                None => view! { <TextArea id=id label=label value=note error=form.error("note") required=true rows=3/> }.into_any(),
            }}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { submit }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>{tx.cancel}</button>
            </div>
        </form>
    }
}

/// 报告办结: the report (required) and, optionally, files that show the work (uploaded first, then
/// named in the report).
#[component]
fn ReportForm(ctx: TaskCtx, task_id: Uuid) -> impl IntoView {
    let (s, tx) = (tsv(), t());
    let note = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let form = FormState::new(&["note", "file"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = note.get_untracked().trim().to_owned();
        if n.is_empty() {
            form.invalid("note", tx.err_required);
            return;
        }
        let files = chosen_files(input);
        run(form, async move {
            let mut ids = Vec::new();
            for file in files {
                if file.size() > MAX_BYTES as f64 {
                    return Err(too_large());
                }
                let (name, ct, data) = api::read_file(file)
                    .await
                    .ok_or_else(|| AppError::Network(String::new()))?;
                let (name, ct) = (&name, &ct);
                let a = api::call(ops::upload_task_attachment(task_id, name, ct, data)).await?;
                ids.push(a.id);
            }
            let body = TaskTransition {
                to: TaskStatus::Done,
                note: Some(n),
                attachment_ids: ids,
            };
            match api::call(ops::transition_supervision_task_with(task_id, &body)).await {
                Ok(_) => ctx.moved(s.reported),
                Err(e) if matches!(e.status(), Some(409 | 412)) => ctx.moved(s.task_moved),
                Err(e) => return Err(e),
            }
            Ok(())
        });
    };
    view! {
        <form class="form panel-form" on:submit=on_submit novalidate=true data-testid="task-report-form">
            <FormMessages form=form/>
            <TextArea id="task-report" label=s.report_label value=note error=form.error("note") hint=s.report_hint required=true rows=4/>
            <div class="field">
                <label for="task-files">{s.report_files}</label>
                <input id="task-files" type="file" multiple=true node_ref=input aria-describedby="task-files-hint"/>
                <p class="hint" id="task-files-hint">{s.report_files_hint}</p>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { s.send_report }}
                </button>
                <button type="button" class="btn" on:click=move |_| ctx.panel.set(Panel::None)>{tx.cancel}</button>
            </div>
        </form>
    }
}

/// 提请责任查究: this task and, if chosen, the unit's other failed tasks, with the reason; then
/// to the new referral.
#[component]
fn ReferForm(ctx: TaskCtx, unit_id: Uuid, unit_name: String, task_id: Uuid) -> impl IntoView {
    let (s, tx) = (tsv(), t());
    let navigate = use_navigate();
    let (flash, _) = use_flash();
    let others = Res::new(move || async move {
        let q = TaskQuery {
            unit_id: Some(unit_id),
            ..Default::default()
        };
        let q = &q;
        api::call(ops::list_supervision_tasks(q, PageParams::new(1, 100)))
            .await
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|t| t.id != task_id && failed(t))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let reason = RwSignal::new(String::new());
    let form = FormState::new(&["reason", "task_ids"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked().trim().to_owned();
        if r.is_empty() {
            form.invalid("reason", tx.err_required);
            return;
        }
        let mut task_ids = vec![task_id];
        task_ids.extend(chosen.get_untracked());
        let body = CreateReferral {
            unit_id,
            task_ids,
            reason: r,
        };
        let navigate = navigate.clone();
        run(form, async move {
            let body = &body;
            let created = api::call(ops::create_referral(body)).await?;
            let path = format!("/referrals/{}", created.value.id);
            flash.set(&path, s.referral_created);
            ctx.panel.set(Panel::None);
            navigate(&path, NavigateOptions::default());
            Ok(())
        });
    };
    let toggle = move |id: Uuid, on: bool| {
        chosen.update(|c| {
            c.retain(|x| *x != id);
            if on {
                c.push(id);
            }
        })
    };
    view! {
        <form class="form panel-form" on:submit=on_submit novalidate=true data-testid="refer-form">
            <h2 class="sub">{(s.refer_title)(&unit_name)}</h2>
            <p class="hint">{s.refer_hint}</p>
            <FormMessages form=form/>
            <fieldset class="field">
                <legend>{s.tasks}</legend>
                <div class="field field-check">
                    <input id="refer-this" type="checkbox" checked=true disabled=true/>
                    <label for="refer-this">{s.refer_this_task}</label>
                </div>
                {move || {
                    let list = others.get().unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <p class="hint">{s.refer_other_tasks}</p>
                        {list.into_iter().map(|o| {
                            let id = o.id;
                            let input_id = format!("refer-{id}");
                            let label_for = input_id.clone();
                            let why = (s.failed_why)(o.overdue, o.done_late, o.returned_count);
                            view! {
                                <div class="field field-check refer-task" data-testid="refer-other">
                                    <input id=input_id type="checkbox"
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| toggle(id, event_target_checked(&ev))/>
                                    <label for=label_for>{o.measure}" "<span class="muted">"（"{why}"，"{(s.due_label)(&o.due_on.to_string())}"）"</span></label>
                                </div>
                            }
                        }).collect_view()}
                    })
                }}
            </fieldset>
            <TextArea id="refer-reason" label=s.refer_reason value=reason error=form.error("reason") required=true rows=3/>
            <div class="form-actions">
                <button type="submit" class="btn btn-danger" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { s.refer_submit }}
                </button>
                <button type="button" class="btn" on:click=move |_| ctx.panel.set(Panel::None)>{tx.cancel}</button>
            </div>
        </form>
    }
}
