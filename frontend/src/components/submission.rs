//! The unit's submissions for a meeting: the upload and submit panel (本单位 and the meeting
//! page) and the view of one submitted version.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{Attachment, CreateSubmission, Submission};

use crate::api::{self, AppError};
use crate::components::{FormMessages, FormState, TextArea, badge, run};
use crate::i18n::tm;
use crate::load::Res;
use crate::time::fmt_datetime;

const MAX_BYTES: usize = 10 * 1024 * 1024;
const ACCEPT: &str = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.txt,.csv";

/// The unit's own submissions for a meeting, and (before it starts) the upload and submit form.
#[component]
pub fn UnitSubmissionPanel(meeting_id: Uuid, open: bool) -> impl IntoView {
    let mt = tm();
    let history =
        Res::new(move || async move { api::call(ops::list_submissions(meeting_id)).await });
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
            let a = api::call(ops::upload_attachment(meeting_id, name, ct, data)).await?;
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
            api::call(ops::create_submission(meeting_id, body)).await?;
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
        code: yanpan_types::ProblemCode::PayloadTooLarge,
        request_id: None,
        errors: vec![],
        allowed: None,
        retry_after: None,
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
pub fn submission_view(s: Submission) -> impl IntoView {
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
fn attachment_link(a: Attachment) -> impl IntoView {
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
