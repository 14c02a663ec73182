//! One briefing (/briefings/:id): its facts and moves, the editor of its title, sections and
//! distribution while it is not issued, and who has read it.
//!
//! Moves, by role: organisers submit a draft for review and delete a draft; a convener issues a
//! briefing under review (it gets its number then) or sends it back with a reason, and publishes
//! an issued one on the platform; organisers draft the correction of an issued one. A recipient
//! unit's representative acknowledges reading it (已阅). The command center sees, per recipient,
//! who read it when and who has not.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    Briefing, BriefingStatus, CreateBriefing, RecipientInput, RecipientRole, Role, Unit,
    UpdateBriefing,
};

use super::{organiser, status_badge};
use crate::api::{self, AppError, use_auth};
use crate::components::flash::use_flash;
use crate::components::params::id_param;
use crate::components::units::active_units;
use crate::components::{
    FormMessages, FormState, Section, StaleBanner, TextArea, TextField, run, set_title,
};
use crate::i18n::{briefing_kind_name, recipient_role_name, t, tbr};
use crate::load::Res;
use crate::time::fmt_datetime;

#[component]
pub fn BriefingPage() -> impl IntoView {
    let s = tbr();
    set_title(s.nav);
    let id = id_param();
    let briefing = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_briefing(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    let notice = RwSignal::new(None::<String>);
    let (_, flash) = use_flash();
    view! {
        <section class="page" data-testid="briefing-page">
            {move || notice.get().or_else(|| flash.get()).map(|m| view! { <div class="alert alert-success" role="status" data-testid="briefing-notice">{m}</div> })}
            {briefing.view(true, true, move |b| {
                set_title(&b.value.title);
                view! { <BriefingView b=b.value etag=b.etag res=briefing notice=notice/> }
            })}
        </section>
    }
}

#[component]
fn BriefingView(
    b: Briefing,
    etag: String,
    res: Res<Result<yanpan_client::Tagged<Briefing>, AppError>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let (s, tx) = (tbr(), t());
    let auth = use_auth();
    let role = auth.role();
    let my_unit = auth
        .me
        .with_untracked(|m| m.as_ref().and_then(|m| m.unit_id));
    let id = b.id;
    let status = b.status;
    let issued = status == BriefingStatus::Issued;
    let form = FormState::new(&["reason"]);
    let etag = StoredValue::new(etag);
    let moved = move |msg: String| {
        notice.set(Some(msg));
        res.refetch();
    };
    // A move that lost a race (someone else moved it first): show the briefing as it is now.
    let lost_race = move |e: &AppError| {
        matches!(e.status(), Some(409 | 412))
            && !matches!(e, AppError::Api(p) if p.code == yanpan_types::ProblemCode::BriefingIncomplete)
    };
    let go = move |to: BriefingStatus, reason: Option<String>, msg: &'static str| {
        notice.set(None);
        run(form, async move {
            match api::call(ops::transition_briefing(id, to, reason.as_deref())).await {
                Ok(b) => moved(match to {
                    BriefingStatus::Issued => (s.issued)(b.issue_label.as_deref().unwrap_or("")),
                    _ => msg.to_owned(),
                }),
                Err(e) if lost_race(&e) => moved(s.moved.to_owned()),
                Err(e) => return Err(e),
            }
            Ok(())
        });
    };
    let publish = move |_| {
        notice.set(None);
        run(form, async move {
            api::call(ops::publish_briefing(id)).await?;
            moved(s.published_notice.to_owned());
            Ok(())
        });
    };
    let acknowledge = move |_| {
        notice.set(None);
        run(form, async move {
            api::call(ops::acknowledge_briefing(id)).await?;
            moved(s.acknowledged_notice.to_owned());
            Ok(())
        });
    };
    let navigate = use_navigate();
    let (flash, _) = use_flash();
    let delete = {
        let navigate = navigate.clone();
        move |_| {
            if !window()
                .confirm_with_message(s.confirm_delete)
                .unwrap_or(false)
            {
                return;
            }
            let navigate = navigate.clone();
            run(form, async move {
                api::call(ops::delete_briefing(id, &etag.get_value())).await?;
                flash.set("/briefings", s.deleted);
                navigate("/briefings", Default::default());
                Ok(())
            });
        }
    };
    let kind = b.kind;
    let correct = move |_| {
        let navigate = navigate.clone();
        run(form, async move {
            let body = CreateBriefing {
                kind,
                meeting_id: None,
                corrects_id: Some(id),
                title: None,
            };
            let c = api::call(ops::create_briefing(&body)).await?;
            navigate(&format!("/briefings/{}", c.value.id), Default::default());
            Ok(())
        });
    };
    let download = move |_| {
        run(form, async move {
            api::download_named(&format!("/briefings/{id}/document"), "briefing.docx").await
        });
    };
    let reason = RwSignal::new(String::new());
    let returning = RwSignal::new(false);
    let send_back = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked().trim().to_owned();
        if r.is_empty() {
            form.invalid("reason", tx.err_required);
            return;
        }
        go(BriefingStatus::Draft, Some(r), s.sent_back);
    };
    let mine = b
        .recipients
        .iter()
        .find(|r| Some(r.unit_id) == my_unit)
        .cloned();
    let editable = organiser(role) && !issued;
    let convener = role == Some(Role::Convener);
    view! {
        <header class="page-head">
            <p class="crumbs"><a href="/briefings">{s.nav}</a></p>
            <h1 data-testid="briefing-title">{b.title.clone()}</h1>
            <p class="meta">
                {status_badge(status)}" "
                <span class="badge badge-off">{briefing_kind_name(b.kind)}</span>" "
                {b.issue_label.clone().map(|l| view! { <strong data-testid="briefing-issue-label">{l}</strong> })}
            </p>
        </header>
        {(status == BriefingStatus::Draft).then_some(()).and(b.return_reason.clone()).map(|r| view! {
            <div class="alert alert-warning" role="status" data-testid="briefing-return-reason">
                <p class="alert-title">{s.return_reason}</p><p class="pre">{r}</p>
            </div>
        })}
        <div class="card">
            <dl class="facts">
                {b.meeting_id.map(|m| view! {
                    <dt>{s.meeting}</dt>
                    <dd><a href=format!("/meetings/{m}")>{b.meeting_title.clone().unwrap_or_default()}</a></dd>
                })}
                {b.corrects_label.clone().zip(b.corrects_id).map(|(l, c)| view! {
                    <dt>{tx.status}</dt>
                    <dd><a href=format!("/briefings/{c}") data-testid="briefing-corrects">{(s.corrects)(&l)}</a></dd>
                })}
                {b.corrected_by_id.map(|c| view! {
                    <dt>{tx.status}</dt>
                    <dd><a href=format!("/briefings/{c}") data-testid="briefing-corrected-by">{s.corrected_by}</a></dd>
                })}
                {b.created_by_name.clone().map(|n| view! { <dt>{s.created_by}</dt><dd>{n}</dd> })}
                {b.issued_at.map(|at| view! {
                    <dt>{s.issued_at}</dt>
                    <dd>{fmt_datetime(&at)}{b.issued_by_name.clone().map(|n| view! { <span class="muted">" · "{s.issued_by}"："{n}</span> })}</dd>
                })}
                {issued.then(|| view! {
                    <dt>{s.public}</dt>
                    <dd data-testid="briefing-public">
                        {if b.public {
                            view! { <span class="badge badge-ok">{s.published}</span>" "<a href=format!("/public/briefings/{id}") target="_blank" data-testid="public-link">{s.public_link}</a> }.into_any()
                        } else {
                            view! { <span class="muted">{s.not_published}</span> }.into_any()
                        }}
                    </dd>
                })}
            </dl>
            <FormMessages form=form/>
            <div class="btn-row" data-testid="briefing-actions">
                {(editable && status == BriefingStatus::Draft).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="briefing-submit" disabled=move || form.busy.get()
                        on:click=move |_| go(BriefingStatus::InReview, None, s.submitted)>{s.submit_review}</button>
                    <button type="button" class="btn btn-danger" data-testid="briefing-delete" disabled=move || form.busy.get() on:click=delete.clone()>{s.delete}</button>
                })}
                {(convener && status == BriefingStatus::InReview).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="briefing-issue" disabled=move || form.busy.get()
                        on:click=move |_| go(BriefingStatus::Issued, None, "")>{s.issue}</button>
                    <button type="button" class="btn" data-testid="briefing-send-back" disabled=move || form.busy.get()
                        on:click=move |_| returning.set(true)>{s.send_back}</button>
                })}
                {issued.then(|| view! {
                    <button type="button" class="btn" data-testid="briefing-download" disabled=move || form.busy.get() on:click=download>{s.download_docx}</button>
                    <a class="btn" href=format!("/briefings/{id}/print") data-testid="briefing-print-link">{s.print_view}</a>
                })}
                {(issued && convener && !b.public).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="briefing-publish" disabled=move || form.busy.get() on:click=publish>{s.publish}</button>
                })}
                {(issued && organiser(role) && b.corrected_by_id.is_none()).then(|| view! {
                    <button type="button" class="btn" data-testid="briefing-correct" disabled=move || form.busy.get() on:click=correct>{s.draft_correction}</button>
                })}
                {(!issued).then(|| view! {
                    <a class="btn" href=format!("/briefings/{id}/print") data-testid="briefing-print-link">{s.print_view}</a>
                })}
            </div>
            <Show when=move || returning.get()>
                <form class="form panel-form" on:submit=send_back novalidate=true data-testid="send-back-form">
                    <TextArea id="reason" label=s.send_back_reason value=reason error=form.error("reason") required=true rows=3/>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{s.send_back}</button>
                        <button type="button" class="btn" on:click=move |_| returning.set(false)>{tx.cancel}</button>
                    </div>
                </form>
            </Show>
            {mine.filter(|_| issued).map(|r| match r.acknowledged_at {
                Some(at) => view! { <p class="hint" data-testid="my-unit-read">{(s.my_unit_read)(&fmt_datetime(&at))}</p> }.into_any(),
                None => view! {
                    <div class="btn-row">
                        <button type="button" class="btn btn-primary" data-testid="briefing-acknowledge" disabled=move || form.busy.get() on:click=acknowledge>{s.acknowledge}</button>
                    </div>
                }.into_any(),
            })}
        </div>
        {if editable {
            view! { <Editor b=b.clone() etag=etag notice=notice res=res/> }.into_any()
        } else {
            sections(&b)
        }}
        {(!editable).then(|| read_table(&b))}
    }
}

/// The three sections, read-only.
fn sections(b: &Briefing) -> AnyView {
    let s = tbr();
    let (d, p, o) = (b.dynamics.clone(), b.problems.clone(), b.opinions.clone());
    view! {
        <Section title=s.dynamics id="briefing-dynamics"><div class="pre prose">{d.clone()}</div></Section>
        <Section title=s.problems id="briefing-problems"><div class="pre prose">{p.clone()}</div></Section>
        <Section title=s.opinions id="briefing-opinions"><div class="pre prose">{o.clone()}</div></Section>
    }
    .into_any()
}

/// The distribution with who read it when (issued), or who it will go to.
fn read_table(b: &Briefing) -> AnyView {
    let s = tbr();
    let issued = b.status == BriefingStatus::Issued;
    let heading = if issued {
        format!(
            "{}（{}）",
            s.read_state,
            (s.acknowledged_of)(b.acknowledged, b.recipients.len())
        )
    } else {
        s.recipients.to_owned()
    };
    let recipients = b.recipients.clone();
    view! {
        <Section title=heading id="briefing-recipients">
            <div class="table-wrap">
                <table class="table" data-testid="recipients-table">
                    <thead>
                        <tr>
                            <th scope="col">{s.recipient_role}</th>
                            <th scope="col">{s.recipient_unit}</th>
                            {issued.then(|| view! { <th scope="col">{s.read_state}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {recipients.iter().map(|r| view! {
                            <tr data-testid="recipient-row">
                                <td>{recipient_role_name(r.role)}</td>
                                <td>{r.unit_name.clone()}</td>
                                {issued.then(|| view! {
                                    <td data-testid="recipient-read">
                                        {match r.acknowledged_at {
                                            Some(at) => view! { <span class="badge badge-ok">{(s.read_at)(r.acknowledged_by_name.as_deref().unwrap_or(""), &fmt_datetime(&at))}</span> }.into_any(),
                                            None => view! { <span class="badge badge-warn">{s.unread}</span> }.into_any(),
                                        }}
                                    </td>
                                })}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Section>
    }
    .into_any()
}

/// The editor of a briefing not yet issued: title, the three sections and the distribution.
#[component]
fn Editor(
    b: Briefing,
    etag: StoredValue<String>,
    notice: RwSignal<Option<String>>,
    res: Res<Result<yanpan_client::Tagged<Briefing>, AppError>>,
) -> impl IntoView {
    let (s, tx) = (tbr(), t());
    let id = b.id;
    let title = RwSignal::new(b.title.clone());
    let dynamics = RwSignal::new(b.dynamics.clone());
    let problems = RwSignal::new(b.problems.clone());
    let opinions = RwSignal::new(b.opinions.clone());
    let recipients = RwSignal::new(
        b.recipients
            .iter()
            .map(|r| (r.unit_id, r.unit_name.clone(), r.role))
            .collect::<Vec<_>>(),
    );
    let units = RwSignal::new(Vec::<Unit>::new());
    crate::components::spawn(async move { units.set(active_units().await) });
    let adding = RwSignal::new(String::new());
    let adding_role = RwSignal::new(RecipientRole::Distribute.as_str().to_owned());
    let form = FormState::new(&["title", "dynamics", "problems", "opinions", "recipients"]);
    let add = move |_| {
        let Ok(unit) = adding.get_untracked().parse::<Uuid>() else {
            return;
        };
        let role = adding_role
            .get_untracked()
            .parse()
            .unwrap_or(RecipientRole::Distribute);
        let name = units.with_untracked(|us| {
            us.iter()
                .find(|u| u.id == unit)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        });
        recipients.update(|rs| {
            if !rs.iter().any(|r| r.0 == unit) {
                rs.push((unit, name, role));
            }
        });
        adding.set(String::new());
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = UpdateBriefing {
            title: Some(title.get_untracked().trim().to_owned()),
            dynamics: Some(dynamics.get_untracked()),
            problems: Some(problems.get_untracked()),
            opinions: Some(opinions.get_untracked()),
            recipients: Some(
                recipients
                    .get_untracked()
                    .into_iter()
                    .map(|(unit_id, _, role)| RecipientInput { unit_id, role })
                    .collect(),
            ),
        };
        notice.set(None);
        run(form, async move {
            let body = &body;
            let b = api::call(ops::update_briefing(id, &etag.get_value(), body)).await?;
            etag.set_value(b.etag.clone());
            form.succeed(s.saved);
            Ok(())
        });
    };
    let role_options = || {
        RecipientRole::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), recipient_role_name(*r).to_owned()))
            .collect::<Vec<_>>()
    };
    view! {
        <form class="form card" on:submit=on_submit novalidate=true data-testid="briefing-editor">
            <StaleBanner form=form on_reload=Callback::new(move |()| res.refetch())/>
            <TextField id="title" label=s.title value=title error=form.error("title") required=true maxlength=200/>
            <TextArea id="dynamics" label=s.dynamics value=dynamics error=form.error("dynamics") rows=8/>
            <TextArea id="problems" label=s.problems value=problems error=form.error("problems") rows=8/>
            <TextArea id="opinions" label=s.opinions value=opinions error=form.error("opinions") rows=8/>
            <fieldset class="field" data-testid="recipients-editor">
                <legend>{s.recipients}</legend>
                <p class="hint">{s.recipients_hint}</p>
                <ul class="plain-list recipients">
                    {move || recipients.get().into_iter().map(|(unit, name, role)| {
                        let label = (s.remove_label)(&name);
                        let select_id = format!("rr-{unit}");
                        view! {
                            <li class="recipient" data-testid="recipient-edit">
                                <select id=select_id.clone() aria-label=format!("{}：{}", s.recipient_role, name)
                                    on:change=move |ev| {
                                        let v: Option<RecipientRole> = event_target_value(&ev).parse().ok();
                                        if let Some(v) = v {
                                            recipients.update(|rs| if let Some(r) = rs.iter_mut().find(|r| r.0 == unit) { r.2 = v; });
                                        }
                                    }>
                                    {role_options().into_iter().map(|(v, n)| {
                                        let selected = v == role.as_str();
                                        view! { <option value=v selected=selected>{n}</option> }
                                    }).collect_view()}
                                </select>
                                " "<span class="recipient-name">{name.clone()}</span>" "
                                <button type="button" class="btn btn-small" aria-label=label
                                    on:click=move |_| recipients.update(|rs| rs.retain(|r| r.0 != unit))>{s.remove}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="inline-add">
                    <label class="sr-only" for="add-recipient">{s.add_recipient}</label>
                    <select id="add-recipient" data-testid="add-recipient-unit" on:change=move |ev| adding.set(event_target_value(&ev)) prop:value=move || adding.get()>
                        <option value="">{s.choose_unit}</option>
                        {move || {
                            let chosen = recipients.get();
                            units.get().into_iter().filter(|u| !chosen.iter().any(|r| r.0 == u.id)).map(|u| {
                                view! { <option value=u.id.to_string()>{u.name.clone()}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <label class="sr-only" for="add-recipient-role">{s.recipient_role}</label>
                    <select id="add-recipient-role" on:change=move |ev| adding_role.set(event_target_value(&ev)) prop:value=move || adding_role.get()>
                        {role_options().into_iter().map(|(v, n)| view! { <option value=v>{n}</option> }).collect_view()}
                    </select>
                    <button type="button" class="btn" data-testid="add-recipient" on:click=add>{s.add_recipient}</button>
                </div>
                {move || form.error("recipients").get().map(|e| view! { <p class="field-error" data-field="recipients">{e}</p> })}
            </fieldset>
            <FormMessages form=form/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="briefing-save" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { s.save }}
                </button>
            </div>
        </form>
    }
}
