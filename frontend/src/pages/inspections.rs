//! 专项督查 (/inspections, /inspections/:id; Art. 8.4): a named inspection of a group of
//! supervision tasks, with what was found on each. Organisers (conveners, the command center)
//! start one, picking the tasks from the task list (filtered by status and overdue), and record or
//! correct the finding of each task on its page; everyone else signed in reads, a unit's
//! representative only the inspections of its unit's tasks, and only those tasks.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    CreateInspection, Inspection, InspectionItem, PageParams, RecordFinding, SupervisionTask,
    TaskQuery, TaskStatus,
};

use crate::api::{self, AppError, use_auth};
use crate::components::flash::use_flash;
use crate::components::options::{enum_options, parse_active};
use crate::components::params::id_param;
use crate::components::{
    EmptyState, FieldErrorText, FormMessages, FormState, PAGE_SIZE, Pagination, Select, TextArea,
    TextField, run, set_title,
};
use crate::i18n::{t, task_status_name, tin, tsv};
use crate::load::Res;
use crate::time::fmt_datetime;

/// The most tasks one inspection may check (`CreateInspection::task_ids`).
const MAX_TASKS: usize = 200;

fn task_badge(s: TaskStatus) -> AnyView {
    let kind = match s {
        TaskStatus::Open => "warn",
        TaskStatus::InProgress | TaskStatus::Done => "plan",
        TaskStatus::Verified => "ok",
        TaskStatus::Withdrawn => "off",
    };
    view! { <span class=format!("badge badge-{kind}") data-testid="task-status">{task_status_name(s)}</span> }
        .into_any()
}

/// How many of the inspection's tasks (those the reader sees) have a finding.
fn checked(i: &Inspection) -> usize {
    i.items.iter().filter(|it| it.finding.is_some()).count()
}

#[component]
pub fn InspectionsPage() -> impl IntoView {
    let s = tin();
    set_title(s.nav);
    let auth = use_auth();
    let organiser = auth.is_organiser();
    let lead = if auth.is_unit_rep() {
        s.rep_lead
    } else {
        s.lead
    };
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let n = page.get();
        async move { api::call(ops::list_inspections(PageParams::new(n, PAGE_SIZE))).await }
    });
    let open = RwSignal::new(false);
    view! {
        <section class="page" data-testid="inspections-page">
            <header class="page-head with-actions">
                <div>
                    <h1>{s.nav}</h1>
                    <p class="muted">{lead}</p>
                </div>
                {organiser.then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="start-inspection"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>{s.start}</button>
                })}
            </header>
            {move || open.get().then(|| view! { <StartForm on_cancel=Callback::new(move |()| open.set(false))/> })}
            {list.view(true, true, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=s.none/> }.into_any()
                    } else {
                        inspections_table(p.items)
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
        </section>
    }
}

fn inspections_table(items: Vec<Inspection>) -> AnyView {
    let s = tin();
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="inspections-table">
                <thead>
                    <tr>
                        <th scope="col">{s.name}</th>
                        <th scope="col">{s.created_by}</th>
                        <th scope="col">{s.created_at}</th>
                        <th scope="col" class="num">{s.task_count}</th>
                        <th scope="col" class="num">{s.checked_count}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|i| {
                        let done = checked(&i);
                        view! {
                            <tr data-testid="inspection-row" data-id=i.id.to_string()>
                                <td><a href=format!("/inspections/{}", i.id)>{i.name.clone()}</a></td>
                                <td data-label=s.created_by>{i.created_by_name.clone().unwrap_or_default()}</td>
                                <td data-label=s.created_at class="nowrap">{fmt_datetime(&i.created_at)}</td>
                                <td data-label=s.task_count class="num" data-testid="inspection-tasks">{i.items.len()}</td>
                                <td data-label=s.checked_count class="num" data-testid="inspection-checked">{done}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// 发起专项督查: name, description and the tasks, picked from the task list (the choice survives
/// paging and filtering); then to the new inspection.
#[component]
fn StartForm(on_cancel: Callback<()>) -> impl IntoView {
    let (s, sv, tx) = (tin(), tsv(), t());
    let navigate = use_navigate();
    let (flash, _) = use_flash();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let overdue = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let form = FormState::new(&["name", "description", "task_ids"]);
    let tasks = Res::new(move || {
        let q = TaskQuery {
            status: status.get().parse().ok(),
            overdue: parse_active(&overdue.get()),
            ..Default::default()
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
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        let n = name.get_untracked().trim().to_owned();
        let d = description.get_untracked().trim().to_owned();
        let task_ids = chosen.get_untracked();
        if n.is_empty() {
            form.invalid("name", tx.err_required);
        }
        if task_ids.is_empty() {
            form.invalid("task_ids", s.err_no_tasks);
        } else if task_ids.len() > MAX_TASKS {
            form.invalid("task_ids", s.err_too_many);
        }
        if !form.errors.with_untracked(Vec::is_empty) {
            return;
        }
        form.busy.set(false);
        let body = CreateInspection {
            name: n,
            description: (!d.is_empty()).then_some(d),
            task_ids,
        };
        let navigate = navigate.clone();
        run(form, async move {
            let body = &body;
            let created = api::call(ops::create_inspection(body)).await?;
            let path = format!("/inspections/{}", created.value.id);
            flash.set(&path, s.created);
            navigate(&path, NavigateOptions::default());
            Ok(())
        });
    };
    let toggle = move |id: Uuid, on: bool| {
        form.errors
            .update(|es| es.retain(|e| e.field != "task_ids"));
        chosen.update(|c| {
            c.retain(|x| *x != id);
            if on {
                c.push(id);
            }
        })
    };
    let overdue_options = move || {
        vec![
            (String::new(), t().all.to_owned()),
            ("true".to_owned(), sv.only_overdue.to_owned()),
            ("false".to_owned(), sv.not_overdue.to_owned()),
        ]
    };
    let task_ids_error = form.error("task_ids");
    view! {
        <form class="card form panel-form" on:submit=on_submit novalidate=true data-testid="start-form">
            <h2 class="sub">{s.start}</h2>
            <FormMessages form=form/>
            <TextField id="inspection-name" label=s.name value=name error=form.error("name") required=true maxlength=200/>
            <TextArea id="inspection-description" label=s.description value=description error=form.error("description") rows=3/>
            <fieldset class="field">
                <legend>{s.pick_tasks}<span class="req" title=tx.required>" *"</span></legend>
                <p class="hint">{s.pick_hint}</p>
                // Any filter chosen starts again at the first page.
                <div class="filters" on:change=move |_| page.set(1)>
                    <div class="field">
                        <label for="pick-status">{tx.status}</label>
                        <Select id="pick-status" value=status options=Signal::derive(|| enum_options(TaskStatus::ALL, true, |k| k.as_str(), task_status_name))/>
                    </div>
                    <div class="field">
                        <label for="pick-overdue">{sv.overdue_filter}</label>
                        <Select id="pick-overdue" value=overdue options=Signal::derive(overdue_options)/>
                    </div>
                </div>
                <p class="row-form" aria-live="polite">
                    <strong data-testid="chosen-count">{move || (s.chosen)(chosen.with(Vec::len))}</strong>
                    {move || chosen.with(|c| !c.is_empty()).then(|| view! {
                        <button type="button" class="btn btn-small" on:click=move |_| chosen.set(vec![])>{s.clear_chosen}</button>
                    })}
                </p>
                <FieldErrorText id="task_ids" error=task_ids_error/>
                {tasks.view(true, true, move |p| {
                    let (total, size) = (p.total, p.page_size);
                    view! {
                        {if p.items.is_empty() {
                            view! { <EmptyState text=sv.no_tasks/> }.into_any()
                        } else {
                            picker_table(p.items, chosen, toggle)
                        }}
                        <Pagination page=page total=total page_size=size/>
                    }
                })}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { s.submit }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>{tx.cancel}</button>
            </div>
        </form>
    }
}

/// One page of tasks, each with its checkbox.
fn picker_table(
    items: Vec<SupervisionTask>,
    chosen: RwSignal<Vec<Uuid>>,
    toggle: impl Fn(Uuid, bool) + Copy + 'static,
) -> AnyView {
    let (s, sv) = (tin(), tsv());
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="pick-table">
                <thead>
                    <tr>
                        <th scope="col">{s.pick_column}</th>
                        <th scope="col">{sv.measure}</th>
                        <th scope="col">{sv.unit}</th>
                        <th scope="col">{sv.meeting}</th>
                        <th scope="col">{sv.due_on}</th>
                        <th scope="col">{t().status}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|task| {
                        let id = task.id;
                        view! {
                            <tr data-testid="pick-row" data-id=id.to_string()>
                                <td data-label=s.pick_column>
                                    <input type="checkbox" id=format!("pick-{id}") aria-label=(s.pick_label)(&task.measure)
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| toggle(id, event_target_checked(&ev))/>
                                </td>
                                <td><label for=format!("pick-{id}")>{task.measure.clone()}</label></td>
                                <td data-label=sv.unit>{task.unit_name.clone()}</td>
                                <td data-label=sv.meeting>{task.meeting_title.clone()}</td>
                                <td data-label=sv.due_on class="nowrap">{task.due_on.to_string()}</td>
                                <td data-label=t().status>
                                    {task_badge(task.status)}
                                    {task.overdue.then(|| view! { " "<span class="badge badge-danger">{sv.overdue}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The inspection page's shared state: the inspection to reload, the task whose finding is being
/// edited, the last message.
#[derive(Clone, Copy)]
struct Ctx {
    data: Res<Result<Inspection, AppError>>,
    editing: RwSignal<Option<Uuid>>,
    notice: RwSignal<Option<String>>,
}

#[component]
pub fn InspectionPage() -> impl IntoView {
    let s = tin();
    set_title(s.title);
    let id = id_param();
    let (_, flash) = use_flash();
    let data = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_inspection(id)).await.map(|i| i.value),
                None => Err(AppError::not_found()),
            }
        }
    });
    let ctx = Ctx {
        data,
        editing: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    view! {
        <section class="page" data-testid="inspection-page">
            {move || ctx.notice.get().or_else(|| flash.get()).map(|m| view! {
                <div class="alert alert-success" role="status" data-testid="inspection-notice">{m}</div>
            })}
            {data.view(true, true, move |i| view! { <InspectionView ctx=ctx i=i/> })}
        </section>
    }
}

#[component]
fn InspectionView(ctx: Ctx, i: Inspection) -> impl IntoView {
    let s = tin();
    let sv = tsv();
    let organiser = use_auth().is_organiser();
    set_title(&i.name);
    let progress = (s.progress)(i.items.len(), checked(&i));
    let inspection = i.id;
    view! {
        <header class="page-head">
            <p class="crumbs"><a href="/inspections">{s.nav}</a></p>
            <h1 data-testid="inspection-name">{i.name.clone()}</h1>
            {i.description.clone().map(|d| view! { <p class="pre" data-testid="inspection-description">{d}</p> })}
        </header>
        <div class="card">
            <dl class="facts">
                <dt>{s.created_by}</dt><dd>{i.created_by_name.clone().unwrap_or_default()}</dd>
                <dt>{s.created_at}</dt><dd>{fmt_datetime(&i.created_at)}</dd>
                <dt>{s.checked_count}</dt><dd data-testid="inspection-progress">{progress}</dd>
            </dl>
        </div>
        {if i.items.is_empty() {
            view! { <EmptyState text=s.no_items/> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table table-cards" data-testid="inspection-items">
                        <thead>
                            <tr>
                                <th scope="col">{sv.unit}</th>
                                <th scope="col">{s.task}</th>
                                <th scope="col">{s.task_status}</th>
                                <th scope="col">{s.finding}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {i.items.into_iter().map(|item| view! {
                                <ItemRow ctx=ctx inspection=inspection item=item organiser=organiser/>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn ItemRow(ctx: Ctx, inspection: Uuid, item: InspectionItem, organiser: bool) -> impl IntoView {
    let s = tin();
    let sv = tsv();
    let task = item.task_id;
    let has_finding = item.finding.is_some();
    let meta = item.checked_at.map(|at| {
        (s.checked_by)(
            item.checked_by_name.as_deref().unwrap_or_default(),
            &fmt_datetime(&at),
        )
    });
    let current = item.finding.clone().unwrap_or_default();
    let editing = move || ctx.editing.with(|e| *e == Some(task));
    view! {
        <tr data-testid="inspection-item" data-task-id=task.to_string()>
            <td data-label=sv.unit data-testid="item-unit">{item.unit_name.clone()}</td>
            <td data-label=s.task><a href=format!("/supervision-tasks/{task}")>{item.measure.clone()}</a></td>
            <td data-label=s.task_status>{task_badge(item.task_status)}</td>
            <td data-label=s.finding>
                {match item.finding.clone() {
                    Some(f) => view! {
                        <div class="pre" data-testid="item-finding">{f}</div>
                        {meta.map(|m| view! { <p class="muted" data-testid="item-checked">{m}</p> })}
                    }.into_any(),
                    None => view! { <div class="muted" data-testid="item-unchecked">{s.not_checked}</div> }.into_any(),
                }}
                {organiser.then(|| view! {
                    {move || if editing() {
                        view! { <FindingForm ctx=ctx inspection=inspection task=task current=current.clone()/> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn btn-small" data-testid="record-finding"
                                on:click=move |_| {
                                    ctx.notice.set(None);
                                    ctx.editing.set(Some(task));
                                }>
                                {if has_finding { s.correct } else { s.record }}
                            </button>
                        }.into_any()
                    }}
                })}
            </td>
        </tr>
    }
}

/// Records (or corrects) the finding of one task; the page then shows the inspection anew.
#[component]
fn FindingForm(ctx: Ctx, inspection: Uuid, task: Uuid, current: String) -> impl IntoView {
    let (s, tx) = (tin(), t());
    let finding = RwSignal::new(current);
    let form = FormState::new(&["finding"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = finding.get_untracked().trim().to_owned();
        if f.is_empty() {
            form.invalid("finding", tx.err_required);
            return;
        }
        let body = RecordFinding { finding: f };
        run(form, async move {
            let body = &body;
            api::call(ops::record_inspection_finding(inspection, task, body)).await?;
            ctx.editing.set(None);
            ctx.notice.set(Some(s.finding_saved.to_owned()));
            ctx.data.refetch();
            Ok(())
        });
    };
    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="finding-form">
            <FormMessages form=form/>
            <TextArea id="finding" label=s.finding value=finding error=form.error("finding") required=true rows=3/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-small" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { tx.save }}
                </button>
                <button type="button" class="btn btn-small" on:click=move |_| ctx.editing.set(None)>{tx.cancel}</button>
            </div>
        </form>
    }
}
