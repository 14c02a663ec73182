//! 本单位 (unit_rep): the unit's meetings, uploads and submissions; and one submission's page.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    Attachment, CreateSubmission, MeetingQuery, MeetingStatus, PageParams, Submission,
};

use crate::api::{self, AppError, use_auth};
use crate::components::{
    EmptyState, Forbidden, FormMessages, FormState, Section, TextArea, badge, run, set_title,
};
use crate::i18n::{t, tm};
use crate::load::Res;
use crate::pages::meetings::status_badge;
use crate::pages::workspace::id_param;
use crate::time::fmt_datetime;

const MAX_BYTES: usize = 10 * 1024 * 1024;
const ACCEPT: &str = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.txt,.csv";

#[component]
pub fn MyUnitPage() -> impl IntoView {
    let mt = tm();
    set_title(mt.nav_my_unit);
    let auth = use_auth();
    if !auth.is_unit_rep() {
        return view! { <Forbidden/> }.into_any();
    }
    let list = Res::new(|| async {
        let q = MeetingQuery::default();
        let q = &q;
        api::call(ops::meetings(q, PageParams::new(1, 50))).await
    });
    let chosen = RwSignal::new(None::<(Uuid, bool, String)>);
    view! {
        <section class="page" data-testid="my-unit-page">
            <header class="page-head"><h1>{mt.nav_my_unit}</h1><p class="muted">{mt.my_unit_lead}</p></header>
            {list.view(true, false, move |p| if p.items.is_empty() {
                        view! { <EmptyState text=mt.no_meetings/> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap"><table class="table" data-testid="unit-meetings">
                                <thead><tr><th>{mt.meeting_title}</th><th>{t().status}</th><th>{mt.starts_at}</th><th>{mt.submission_due}</th><th>{t().actions}</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|m| {
                                    let open = matches!(m.status, MeetingStatus::Draft | MeetingStatus::Scheduled);
                                    let (id, title) = (m.id, m.title.clone());
                                    view! { <tr>
                                        <td><a href=format!("/meetings/{id}")>{m.title}</a></td>
                                        <td>{status_badge(m.status)}</td>
                                        <td class="nowrap">{fmt_datetime(&m.starts_at)}</td>
                                        <td class="nowrap">{fmt_datetime(&m.submission_due_at)}</td>
                                        <td><button type="button" class="btn btn-small" on:click=move |_| chosen.set(Some((id, open, title.clone())))>
                                            {if open { mt.submit_opinion } else { mt.history }}
                                        </button></td>
                                    </tr> }
                                }).collect_view()}</tbody>
                            </table></div>
                        }.into_any()
                    })}
            {move || chosen.get().map(|(id, open, title)| view! {
                <Section title=title id="unit-submission">
                    <UnitSubmissionPanel meeting_id=id open=open/>
                </Section>
            })}
        </section>
    }
    .into_any()
}

/// The unit's own submissions for a meeting, and (before it starts) the upload and submit form.
#[component]
pub fn UnitSubmissionPanel(meeting_id: Uuid, open: bool) -> impl IntoView {
    let mt = tm();
    let history = Res::new(move || async move { api::call(ops::submissions(meeting_id)).await });
    let opinion = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let form = FormState::new(&["opinion", "attachment_ids", "file"]);
    let upform = FormState::new(&[]);
    // Start from the latest version: its opinion and files.
    Effect::new(move |_| {
        if let Some(Ok(list)) = history.get()
            && let Some(last) = list.iter().max_by_key(|s| s.version_no)
            && opinion.with_untracked(String::is_empty)
        {
            opinion.set(last.opinion.clone());
            files.set(last.attachments.clone());
        }
    });
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = move |_| {
        let Some(file) = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        run(upform, async move {
            let (name, ct, data) = api::read_file(file)
                .await
                .ok_or_else(|| AppError::Network(String::new()))?;
            if data.len() > MAX_BYTES {
                return Err(too_large());
            }
            let (name, ct) = (&name, &ct);
            let a = api::call(ops::upload(meeting_id, name, ct, data)).await?;
            files.update(|f| f.push(a));
            if let Some(i) = input.get_untracked() {
                i.set_value("");
            }
            upform.succeed(mt.uploaded);
            Ok(())
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateSubmission {
            opinion: opinion.get_untracked().trim().to_owned(),
            attachment_ids: files.with_untracked(|f| f.iter().map(|a| a.id).collect()),
        };
        run(form, async move {
            let body = &body;
            api::call(ops::submit(meeting_id, body)).await?;
            history.refetch();
            form.succeed(mt.submitted);
            Ok(())
        });
    };
    view! {
        <div data-testid="submission-panel">
            {if open {
                view! {
                    <form class="form" on:submit=submit novalidate=true data-testid="submission-form">
                        <FormMessages form=form/>
                        <TextArea id="opinion" label=mt.opinion value=opinion error=form.error("opinion") required=true rows=6/>
                        <div class="field">
                            <label for="file">{mt.attachments}</label>
                            <div class="row-form">
                                <input id="file" type="file" accept=ACCEPT node_ref=input/>
                                <button type="button" class="btn" on:click=upload disabled=move || upform.busy.get()>{mt.upload}</button>
                            </div>
                            <p class="hint">{mt.upload_hint}</p>
                            <FormMessages form=upform/>
                            <ul class="files" data-testid="staged-files">
                                {move || files.get().into_iter().map(|a| {
                                    let id = a.id;
                                    view! { <li>{a.filename}" "<span class="muted">{size_text(a.size)}</span>
                                        <button type="button" class="btn btn-small btn-ghost" aria-label=mt.remove on:click=move |_| files.update(|f| f.retain(|x| x.id != id))>"×"</button></li> }
                                }).collect_view()}
                            </ul>
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{mt.submit_opinion}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! { <p class="hint">{mt.submission_closed}</p> }.into_any()
            }}
            <h3 class="sub">{mt.history}</h3>
            {move || history.get().map(|r| match r {
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="muted">{mt.no_submissions}</p> }.into_any(),
                Ok(mut list) => {
                    list.sort_by_key(|s| -s.version_no);
                    view! { <ol class="versions" data-testid="submission-history">{list.into_iter().map(submission_view).collect_view()}</ol> }.into_any()
                }
            })}
        </div>
    }
}

fn too_large() -> AppError {
    AppError::Api(yanpan_types::Problem {
        type_: "about:blank".into(),
        title: String::new(),
        status: 413,
        detail: None,
        instance: None,
        code: "payload_too_large".into(),
        request_id: None,
        errors: vec![],
        allowed: None,
    })
}

fn size_text(n: i64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / 1048576.0)
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

/// One version of a submission with its files.
fn submission_view(s: Submission) -> impl IntoView {
    let mt = tm();
    view! {
        <li class="version" data-testid="submission">
            <p>
                <strong>{(mt.version_no)(s.version_no)}</strong>" "
                <span class="muted">{fmt_datetime(&s.submitted_at)}</span>" "
                {s.late.then(|| badge(mt.sub_late, "warn"))}
            </p>
            <p class="prose">{s.opinion}</p>
            <ul class="files">{s.attachments.into_iter().map(attachment_link).collect_view()}</ul>
        </li>
    }
}

/// A file with its download button.
pub fn attachment_link(a: Attachment) -> impl IntoView {
    let err = RwSignal::new(None::<String>);
    let (id, name) = (a.id, a.filename.clone());
    view! {
        <li>
            <button type="button" class="link" data-testid="download" on:click=move |_| {
                let name = name.clone();
                crate::components::spawn(async move {
                    err.set(api::download(id, name).await.err().map(|e| e.to_string()));
                });
            }>{a.filename}</button>
            " "<span class="muted">{size_text(a.size)}</span>
            {move || err.get().map(|e| view! { <span class="field-error">{e}</span> })}
        </li>
    }
}

/// /submissions/:id — one submission (403 for another unit's).
#[component]
pub fn SubmissionPage() -> impl IntoView {
    let mt = tm();
    set_title(mt.submission);
    let id = id_param();
    let sub = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::submission(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        {sub.view(false, true, move |s| view! {
                        <section class="page" data-testid="submission-page">
                            <header class="page-head">
                                <p class="crumbs"><a href=format!("/meetings/{}", s.meeting_id)>{mt.workspace}</a></p>
                                <h1>{mt.submission}</h1>
                            </header>
                            <div class="card"><ol class="versions">{submission_view(s)}</ol></div>
                        </section>
                    }.into_any())}
    }
}
