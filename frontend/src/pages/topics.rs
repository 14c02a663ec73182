//! 专题会议提议 (/topic-proposals): the hot issues the detector proposed for special-topic
//! meetings (Art. 4) — street, category, week, the week's count against its baseline, the
//! Poisson p-value and the cases (each opens the case drawer). Conveners decide: 采纳 creates a
//! draft special-topic meeting (time, place and chair asked for here) and goes there; 不采纳
//! needs a reason. Organisers may run the detector at once (立即检测); inspectors read.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    AcceptTopicProposal, DismissTopicProposal, PageParams, Role, TopicProposal, TopicProposalQuery,
    TopicProposalStatus,
};

use crate::api::{self, AppError, use_auth};
use crate::components::case_drawer::{CaseDrawer, case_buttons, provide_case_drawer};
use crate::components::{
    EmptyState, Forbidden, FormMessages, FormState, PAGE_SIZE, Pagination, ProposalBadge, TextArea,
    TextField, reads_analysis, run, set_title,
};
use crate::i18n::{proposal_status_name, t, tm, tp};
use crate::load::Res;
use crate::time;

/// The case numbers a proposal shows before `等 n 件`.
const CASES_SHOWN: usize = 8;

/// Which form under a proposal is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    Accept,
    Dismiss,
}

/// The page's shared state: the list to reload, the one open form, the pending-count badge.
#[derive(Clone, Copy)]
struct Queue {
    list: Res<Result<yanpan_types::Page<TopicProposal>, AppError>>,
    open: RwSignal<Option<(Uuid, Panel)>>,
    badge: Option<ProposalBadge>,
    convener: bool,
}

impl Queue {
    fn changed(self) {
        self.open.set(None);
        self.list.refetch();
        if let Some(b) = self.badge {
            b.bump();
        }
    }
}

/// The status filter's choices: pending first (what a convener has to do), then the decided.
fn filters() -> [(&'static str, &'static str); 4] {
    [
        (
            "pending",
            proposal_status_name(TopicProposalStatus::Pending),
        ),
        (
            "accepted",
            proposal_status_name(TopicProposalStatus::Accepted),
        ),
        (
            "dismissed",
            proposal_status_name(TopicProposalStatus::Dismissed),
        ),
        ("", t().all),
    ]
}

#[component]
pub fn TopicProposalsPage() -> impl IntoView {
    let p = tp();
    set_title(p.title);
    let auth = use_auth();
    let role = auth.role();
    if !reads_analysis(role) {
        return view! { <Forbidden/> }.into_any();
    }
    provide_case_drawer();
    let status = RwSignal::new("pending".to_owned());
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let q = TopicProposalQuery {
            status: status.get().parse().ok(),
        };
        let n = page.get();
        async move {
            let q = &q;
            api::call(ops::list_topic_proposals(q, PageParams::new(n, PAGE_SIZE))).await
        }
    });
    let queue = Queue {
        list,
        open: RwSignal::new(None),
        badge: use_context::<ProposalBadge>(),
        convener: role == Some(Role::Convener),
    };
    let detect = FormState::new(&[]);
    let run_detect = move |_| {
        run(detect, async move {
            let d = api::call(ops::detect_hot_issues(None)).await?;
            detect.succeed(&(p.detected)(d.hot, d.proposed.len()));
            queue.changed();
            Ok(())
        });
    };
    let organiser = matches!(role, Some(Role::Convener | Role::Analyst));
    view! {
        <section class="page topics" data-testid="topics-page">
            <header class="page-head with-actions">
                <div>
                    <h1>{p.title}</h1>
                    <p class="muted">{p.lead}</p>
                </div>
                {organiser.then(|| view! {
                    <button type="button" class="btn" data-testid="detect-now" on:click=run_detect disabled=move || detect.busy.get()>
                        {move || if detect.busy.get() { p.detecting } else { p.detect_now }}
                    </button>
                })}
            </header>
            <FormMessages form=detect/>
            <div class="btn-row status-tabs" role="group" aria-label=p.status_label data-testid="status-filter">
                {filters().into_iter().map(|(value, text)| view! {
                    <button type="button" class="btn" aria-pressed=move || status.with(|s| s == value).to_string()
                        on:click=move |_| {
                            status.set(value.to_owned());
                            page.set(1);
                        }>
                        {text}
                    </button>
                }).collect_view()}
            </div>
            {(!queue.convener).then(|| view! { <p class="hint">{p.convener_only}</p> })}
            {list.view(true, true, move |pg| {
                let (total, size) = (pg.total, pg.page_size);
                let empty = if status.get_untracked() == "pending" { p.none_pending } else { p.none };
                view! {
                    {if pg.items.is_empty() {
                        view! { <EmptyState text=empty/> }.into_any()
                    } else {
                        view! {
                            <div class="proposals">
                                {pg.items.into_iter().map(|item| view! { <ProposalCard queue=queue item=item/> }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
            <CaseDrawer/>
        </section>
    }
    .into_any()
}

/// `<0.001`, or three decimals.
fn format_p(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

fn status_badge(s: TopicProposalStatus) -> AnyView {
    let kind = match s {
        TopicProposalStatus::Pending => "warn",
        TopicProposalStatus::Accepted => "ok",
        TopicProposalStatus::Dismissed => "off",
    };
    view! { <span class=format!("badge badge-{kind}") data-testid="proposal-status">{proposal_status_name(s)}</span> }
        .into_any()
}

#[component]
fn ProposalCard(queue: Queue, item: TopicProposal) -> impl IntoView {
    let (p, mt) = (tp(), tm());
    let id = item.id;
    let heading_id = format!("tp-{id}");
    let labelled_by = heading_id.clone();
    let ratio = item.count as f64 / item.baseline.max(0.5);
    let decided = match (&item.decided_by_name, &item.decided_at) {
        (Some(who), Some(at)) => Some((p.decided)(who, &time::fmt_datetime(at))),
        (None, Some(at)) => Some((p.decided)("", &time::fmt_datetime(at))),
        _ => None,
    };
    let pending = item.status == TopicProposalStatus::Pending;
    let is_open = move |panel: Panel| queue.open.with(|o| *o == Some((id, panel)));
    let toggle = move |panel: Panel| {
        queue.open.update(|o| {
            *o = if *o == Some((id, panel)) {
                None
            } else {
                Some((id, panel))
            }
        })
    };
    view! {
        <article class="card proposal" aria-labelledby=labelled_by data-testid="proposal"
            data-street=item.street_code.clone() data-category=item.category_code.clone()>
            <div class="item-head">
                <h2 id=heading_id class="proposal-title">{(p.heading)(&item.street_name, &item.category_name)}</h2>
                {status_badge(item.status)}
            </div>
            <dl class="facts">
                <dt>{p.week}</dt>
                <dd>{format!("{} 至 {}", item.week.from, item.week.to)}</dd>
                <dt>{p.count}</dt>
                <dd data-testid="proposal-count"><strong>{item.count}</strong>" 件，"{(p.ratio)(ratio)}</dd>
                <dt>{p.baseline}</dt>
                <dd>{format!("{:.1} 件", item.baseline)}</dd>
                <dt>{p.p_value}</dt>
                <dd>{format_p(item.p_value)}</dd>
                <dt>{p.case_numbers}</dt>
                <dd>{case_buttons(&item.case_numbers, CASES_SHOWN)}</dd>
                {item.reason.clone().map(|r| view! { <dt>{p.reason}</dt><dd data-testid="proposal-reason">{r}</dd> })}
                {decided.map(|d| view! {
                    <dt>{t().status}</dt>
                    <dd>
                        {d}
                        {item.meeting_id.map(|m| view! { " · " <a href=format!("/meetings/{m}") data-testid="proposal-meeting">{p.open_meeting}</a> })}
                    </dd>
                })}
            </dl>
            {(pending && queue.convener).then(|| view! {
                <div class="btn-row">
                    <button type="button" class="btn btn-primary" data-testid="proposal-accept"
                        aria-expanded=move || is_open(Panel::Accept).to_string()
                        on:click=move |_| toggle(Panel::Accept)>{p.accept}</button>
                    <button type="button" class="btn" data-testid="proposal-dismiss"
                        aria-expanded=move || is_open(Panel::Dismiss).to_string()
                        on:click=move |_| toggle(Panel::Dismiss)>{p.dismiss}</button>
                </div>
                {move || is_open(Panel::Accept).then(|| view! { <AcceptForm queue=queue id=id/> })}
                {move || is_open(Panel::Dismiss).then(|| view! { <DismissForm queue=queue id=id/> })}
            })}
            {(pending && !queue.convener).then(|| view! { <p class="muted">{mt.undecided}</p> })}
        </article>
    }
}

/// A proposal decided meanwhile (409) or changed (412): say so and show the queue as it is now.
fn fail_or_reload(queue: Queue, form: FormState, e: &AppError) {
    if matches!(e.status(), Some(409 | 412)) {
        form.busy.set(false);
        form.general.set(Some(tp().err_decided.to_owned()));
        queue.list.refetch();
        if let Some(b) = queue.badge {
            b.bump();
        }
    } else {
        form.fail(e);
    }
}

/// 采纳: when and where the special-topic meeting is held (the new-meeting form's defaults: a
/// week from now, 14:30–16:30, the usual place and chair); then to the new meeting.
#[component]
fn AcceptForm(queue: Queue, id: Uuid) -> impl IntoView {
    let (p, mt, tx) = (tp(), tm(), t());
    let navigate = use_navigate();
    let day = time::fmt_input(&(time::now_utc() + chrono::Duration::days(7)));
    let day = day.get(..10).unwrap_or_default().to_owned();
    let starts = RwSignal::new(format!("{day}T14:30"));
    let ends = RwSignal::new(format!("{day}T16:30"));
    let place = RwSignal::new(mt.default_place.to_owned());
    let chair = RwSignal::new(mt.default_chair.to_owned());
    let form = FormState::new(&["starts_at", "ends_at", "place", "chair"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        let (s, e) = (
            time::parse_input(&starts.get_untracked()),
            time::parse_input(&ends.get_untracked()),
        );
        for (field, missing) in [
            ("starts_at", s.is_none()),
            ("ends_at", e.is_none()),
            ("place", place.with_untracked(|v| v.trim().is_empty())),
            ("chair", chair.with_untracked(|v| v.trim().is_empty())),
        ] {
            if missing {
                form.invalid(field, tx.err_required);
            }
        }
        let (Some(starts_at), Some(ends_at)) = (s, e) else {
            return;
        };
        if !form.errors.with_untracked(Vec::is_empty) {
            return;
        }
        let body = AcceptTopicProposal {
            starts_at,
            ends_at,
            place: place.get_untracked().trim().to_owned(),
            chair: chair.get_untracked().trim().to_owned(),
        };
        let navigate = navigate.clone();
        crate::components::spawn(async move {
            let body = &body;
            match api::call(ops::accept_topic_proposal(id, body)).await {
                Ok(done) => {
                    form.busy.set(false);
                    if let Some(b) = queue.badge {
                        b.bump();
                    }
                    match done.value.meeting_id {
                        Some(m) => navigate(&format!("/meetings/{m}"), NavigateOptions::default()),
                        None => queue.changed(),
                    }
                }
                Err(e) => fail_or_reload(queue, form, &e),
            }
        });
    };
    view! {
        <form class="inline-form form" on:submit=on_submit novalidate=true data-testid="accept-form">
            <h3 class="sub">{p.accept_title}</h3>
            <p class="hint">{p.accept_hint}</p>
            <FormMessages form=form/>
            <div class="grid-2">
                <TextField id="starts_at" label=mt.starts_at value=starts error=form.error("starts_at") input_type="datetime-local" required=true/>
                <TextField id="ends_at" label=mt.ends_at value=ends error=form.error("ends_at") input_type="datetime-local" required=true/>
            </div>
            <TextField id="place" label=mt.place value=place error=form.error("place") required=true maxlength=200/>
            <TextField id="chair" label=mt.chair value=chair error=form.error("chair") required=true maxlength=100/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { p.accept_confirm }}
                </button>
                <button type="button" class="btn" on:click=move |_| queue.open.set(None)>{tx.cancel}</button>
            </div>
        </form>
    }
}

/// 不采纳, with the reason (required).
#[component]
fn DismissForm(queue: Queue, id: Uuid) -> impl IntoView {
    let (p, tx) = (tp(), t());
    let reason = RwSignal::new(String::new());
    let form = FormState::new(&["reason"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked().trim().to_owned();
        if r.is_empty() {
            form.invalid("reason", tx.err_required);
            return;
        }
        let body = DismissTopicProposal { reason: r };
        if form.busy.get_untracked() {
            return;
        }
        form.start();
        crate::components::spawn(async move {
            let body = &body;
            match api::call(ops::dismiss_topic_proposal(id, body)).await {
                Ok(_) => {
                    form.busy.set(false);
                    queue.changed();
                }
                Err(e) => fail_or_reload(queue, form, &e),
            }
        });
    };
    view! {
        <form class="inline-form form" on:submit=on_submit novalidate=true data-testid="dismiss-form">
            <FormMessages form=form/>
            <TextArea id="dismiss-reason" label=p.dismiss_reason value=reason error=form.error("reason") required=true rows=3/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{p.dismiss_confirm}</button>
                <button type="button" class="btn" on:click=move |_| queue.open.set(None)>{tx.cancel}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values() {
        assert_eq!(format_p(0.0000123), "<0.001");
        assert_eq!(format_p(0.01234), "0.012");
    }
}
