//! The unit's submissions for a meeting: the upload and submit panel (本单位 and the meeting
//! page) and the view of one submitted version.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{Attachment, CreateSubmission, Submission};

use crate::api::{self, AppError};
use crate::components::{FormMessages, FormState, TextArea, badge, run};
use crate::i18n::{tfl, tm};
use crate::load::Res;
use crate::time::fmt_datetime;

pub(crate) const MAX_BYTES: usize = 10 * 1024 * 1024;
const ACCEPT: &str = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.txt,.csv";

/// The unit's own submissions for a meeting, and (before it starts) the upload and submit form.
///
/// Choosing files is enough: 报送 first uploads the files still waiting in the file input (the
/// API takes a submission as JSON naming attachments already uploaded to the meeting), then
/// submits. When a file is refused nothing is submitted and the refused file is named; the files
/// that did upload stay in the list for the next try. After a submission the list shows the
/// submitted version's attachments as the server answered them.
#[component]
pub fn UnitSubmissionPanel(meeting_id: Uuid, open: bool) -> impl IntoView {
    let mt = tm();
    let ft = tfl();
    let history =
        Res::new(move || async move { api::call(ops::list_submissions(meeting_id)).await });
    let opinion = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    // The names of the files chosen in the input and not uploaded yet.
    let chosen = RwSignal::new(Vec::<String>::new());
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
    let on_choose = move |_| chosen.set(chosen_files(input).iter().map(|f| f.name()).collect());
    let upload = move |_| {
        if chosen_files(input).is_empty() || form.busy.get_untracked() {
            return;
        }
        run(upform, async move {
            let failed = upload_chosen(meeting_id, input, files, chosen).await;
            if failed.is_empty() {
                upform.succeed(mt.uploaded);
            } else {
                upform
                    .general
                    .set(Some((ft.upload_failed)(&failed.join("；"))));
            }
            Ok(())
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if upform.busy.get_untracked() {
            return;
        }
        let text = opinion.get_untracked().trim().to_owned();
        if text.is_empty() {
            form.invalid("opinion", crate::i18n::t().err_required);
            return;
        }
        run(form, async move {
            upform.general.set(None);
            upform.success.set(None);
            // The chosen files go up first: the submission names them by id.
            let failed = upload_chosen(meeting_id, input, files, chosen).await;
            if !failed.is_empty() {
                form.general
                    .set(Some((ft.not_submitted_upload)(&failed.join("；"))));
                return Ok(());
            }
            let body = CreateSubmission {
                opinion: text,
                attachment_ids: files.with_untracked(|f| f.iter().map(|a| a.id).collect()),
            };
            let body = &body;
            let s = api::call(ops::create_submission(meeting_id, body)).await?;
            let msg = (ft.submitted_version)(s.version_no, s.attachments.len());
            opinion.set(s.opinion.clone());
            files.set(s.attachments);
            history.refetch();
            form.succeed(&msg);
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
                                <input id="file" type="file" multiple=true accept=ACCEPT node_ref=input on:change=on_choose/>
                                <button type="button" class="btn" on:click=upload disabled=move || upform.busy.get() || form.busy.get()>{mt.upload}</button>
                            </div>
                            <p class="hint">{mt.upload_hint}{ft.upload_on_submit}</p>
                            <FormMessages form=upform/>
                            <Show when=move || !chosen.with(Vec::is_empty)>
                                <p class="hint" data-testid="chosen-files">{move || (ft.chosen_files)(&chosen.get().join("、"))}</p>
                            </Show>
                            <ul class="files" data-testid="staged-files">
                                {move || files.get().into_iter().map(|a| {
                                    let id = a.id;
                                    view! { <li>{a.filename}" "<span class="muted">{size_text(a.size)}</span>
                                        <button type="button" class="btn btn-small btn-ghost" aria-label=mt.remove on:click=move |_| files.update(|f| f.retain(|x| x.id != id))>"×"</button></li> }
                                }).collect_view()}
                            </ul>
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || form.busy.get() || upform.busy.get()>
                                {move || if form.busy.get() { ft.submitting } else { mt.submit_opinion }}
                            </button>
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

/// The files chosen in the input.
pub(crate) fn chosen_files(input: NodeRef<leptos::html::Input>) -> Vec<web_sys::File> {
    let Some(list) = input.get_untracked().and_then(|i| i.files()) else {
        return vec![];
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Uploads every file chosen in the input; each stored one joins `files`. The input is emptied
/// afterwards: a file is then either in `files` or named in the answer ("name：why" per refused
/// file), never silently left behind.
async fn upload_chosen(
    meeting_id: Uuid,
    input: NodeRef<leptos::html::Input>,
    files: RwSignal<Vec<Attachment>>,
    chosen: RwSignal<Vec<String>>,
) -> Vec<String> {
    let mut failed = Vec::new();
    for file in chosen_files(input) {
        let name = file.name();
        match upload_one(meeting_id, file).await {
            // The server recognises a file uploaded again (same bytes) and answers the same
            // attachment: list it once.
            Ok(a) => files.update(|f| {
                if !f.iter().any(|x| x.id == a.id) {
                    f.push(a)
                }
            }),
            Err(e) => failed.push(format!("{name}：{e}")),
        }
    }
    if let Some(i) = input.get_untracked() {
        i.set_value("");
    }
    chosen.set(vec![]);
    failed
}

async fn upload_one(meeting_id: Uuid, file: web_sys::File) -> Result<Attachment, AppError> {
    if file.size() > MAX_BYTES as f64 {
        return Err(too_large());
    }
    let (name, ct, data) = api::read_file(file)
        .await
        .ok_or_else(|| AppError::Network(String::new()))?;
    if data.len() > MAX_BYTES {
        return Err(too_large());
    }
    let (name, ct) = (&name, &ct);
    api::call(ops::upload_attachment(meeting_id, name, ct, data)).await
}

pub(crate) fn too_large() -> AppError {
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
        allowed_roles: None,
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
