//! 责任查究 (/referrals, /referrals/:id; Art. 8.4): units referred to the discipline commission
//! for supervision tasks they failed. A referral shows its unit, reason, status, the tasks it
//! rests on (each a link), and its evidence: the SHA-256 fingerprint frozen when it was made and
//! whether the stored evidence still matches it. The discipline commission (inspector) 受理s a
//! submitted referral and closes an accepted one with its findings and outcome. A referred unit's
//! representative sees its referrals with the outcome, never the findings (the API leaves them
//! out).

use leptos::prelude::*;
use serde::Deserialize;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{
    CloseReferral, PageParams, Referral, ReferralOutcome, ReferralQuery, ReferralStatus, Role,
};

use crate::api::{self, AppError, use_auth};
use crate::components::flash::use_flash;
use crate::components::options::enum_options;
use crate::components::params::id_param;
use crate::components::{
    EmptyState, Forbidden, FormMessages, FormState, PAGE_SIZE, Pagination, Section, Select,
    SelectField, TextArea, run, set_title,
};
use crate::i18n::{outcome_name, referral_status_name, t, task_status_name, tsv};
use crate::load::Res;
use crate::time::fmt_datetime;

/// Who may read referrals: people (a unit's representative its unit's only).
fn reads_referrals(role: Option<Role>) -> bool {
    matches!(
        role,
        Some(Role::Admin | Role::Convener | Role::Analyst | Role::Inspector | Role::UnitRep)
    )
}

fn status_badge(s: ReferralStatus) -> AnyView {
    let kind = match s {
        ReferralStatus::Submitted => "warn",
        ReferralStatus::Accepted => "plan",
        ReferralStatus::Closed => "ok",
    };
    view! { <span class=format!("badge badge-{kind}") data-testid="referral-status">{referral_status_name(s)}</span> }
        .into_any()
}

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let s = tsv();
    set_title(s.nav_referrals);
    let auth = use_auth();
    if !reads_referrals(auth.role()) {
        return view! { <Forbidden/> }.into_any();
    }
    // The discipline commission starts with what awaits it.
    let initial = if auth.role() == Some(Role::Inspector) {
        "submitted"
    } else {
        ""
    };
    let status = RwSignal::new(initial.to_owned());
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let q = ReferralQuery {
            status: status.get().parse().ok(),
            unit_id: None,
        };
        let n = page.get();
        async move {
            let q = &q;
            api::call(ops::list_referrals(q, PageParams::new(n, PAGE_SIZE))).await
        }
    });
    view! {
        <section class="page" data-testid="referrals-page">
            <header class="page-head"><h1>{s.nav_referrals}</h1><p class="muted">{s.referrals_lead}</p></header>
            <div class="filters" on:change=move |_| page.set(1)>
                <div class="field">
                    <label for="f-ref-status">{t().status}</label>
                    <Select id="f-ref-status" value=status options=Signal::derive(|| enum_options(ReferralStatus::ALL, true, |k| k.as_str(), referral_status_name))/>
                </div>
            </div>
            {list.view(true, true, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=s.no_referrals/> }.into_any()
                    } else {
                        referrals_table(p.items)
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
        </section>
    }
    .into_any()
}

fn referrals_table(items: Vec<Referral>) -> AnyView {
    let s = tsv();
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="referrals-table">
                <thead>
                    <tr>
                        <th scope="col">{s.referred_unit}</th>
                        <th scope="col">{s.reason}</th>
                        <th scope="col">{t().status}</th>
                        <th scope="col">{s.referred_at}</th>
                        <th scope="col">{s.outcome}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|r| view! {
                        <tr data-testid="referral-row">
                            <td><a href=format!("/referrals/{}", r.id)>{r.unit_name.clone()}</a></td>
                            <td data-label=s.reason>{r.reason.clone()}</td>
                            <td data-label=t().status>{status_badge(r.status)}</td>
                            <td data-label=s.referred_at class="nowrap">{fmt_datetime(&r.referred_at)}</td>
                            <td data-label=s.outcome>{r.outcome.map(outcome_name).unwrap_or("—")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A task as the frozen evidence records it (the fields shown here).
#[derive(Deserialize)]
struct EvidenceTask {
    id: Uuid,
    measure: String,
    due_on: Option<chrono::NaiveDate>,
    status: Option<yanpan_types::TaskStatus>,
    #[serde(default)]
    returned_count: u32,
}

#[derive(Deserialize)]
struct Evidence {
    #[serde(default)]
    tasks: Vec<EvidenceTask>,
}

/// The referral's tasks, named by their measure from the evidence (by number when it cannot be
/// read).
fn task_links(r: &Referral) -> AnyView {
    let s = tsv();
    let ev: Vec<EvidenceTask> = serde_json::from_str::<Evidence>(&r.evidence_json)
        .map(|e| e.tasks)
        .unwrap_or_default();
    view! {
        <ul class="plain-list" data-testid="referral-tasks">
            {r.task_ids.iter().enumerate().map(|(i, id)| {
                let found = ev.iter().find(|t| t.id == *id);
                let name = found.map(|t| t.measure.clone()).unwrap_or_else(|| format!("{} {}", s.task_title, i + 1));
                let extra = found.map(|t| {
                    let mut bits = Vec::new();
                    if let Some(d) = t.due_on {
                        bits.push((s.due_label)(&d.to_string()));
                    }
                    if let Some(st) = t.status {
                        bits.push(task_status_name(st).to_owned());
                    }
                    if t.returned_count > 0 {
                        bits.push(format!("{} {}", s.returned_count, t.returned_count));
                    }
                    bits.join("，")
                }).filter(|b| !b.is_empty());
                view! {
                    <li>
                        <a href=format!("/supervision-tasks/{id}")>{name}</a>
                        {extra.map(|e| view! { " "<span class="muted">"（"{e}"）"</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn ReferralPage() -> impl IntoView {
    let s = tsv();
    set_title(s.nav_referrals);
    let id = id_param();
    let referral = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_referral(id)).await.map(|r| r.value),
                None => Err(AppError::not_found()),
            }
        }
    });
    let notice = RwSignal::new(None::<String>);
    let (_, flash) = use_flash();
    view! {
        <section class="page" data-testid="referral-page">
            {move || notice.get().or_else(|| flash.get()).map(|m| view! { <div class="alert alert-success" role="status" data-testid="referral-notice">{m}</div> })}
            {referral.view(true, true, move |r| view! { <ReferralView r=r res=referral notice=notice/> })}
        </section>
    }
}

#[component]
fn ReferralView(
    r: Referral,
    res: Res<Result<Referral, AppError>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let (s, tx) = (tsv(), t());
    let auth = use_auth();
    let inspector = auth.role() == Some(Role::Inspector);
    let rep = auth.is_unit_rep();
    let id = r.id;
    let status = r.status;
    let form = FormState::new(&[]);
    let moved = move |msg: &str| {
        notice.set(Some(msg.to_owned()));
        res.refetch();
    };
    let accept = move |_| {
        notice.set(None);
        run(form, async move {
            match api::call(ops::accept_referral(id)).await {
                Ok(_) => moved(s.accepted),
                Err(e) if matches!(e.status(), Some(409 | 412)) => moved(s.referral_moved),
                Err(e) => return Err(e),
            }
            Ok(())
        });
    };
    let intact = r.evidence_intact;
    let sha = r.evidence_sha256.clone();
    let tasks = task_links(&r);
    view! {
        <header class="page-head">
            <p class="crumbs"><a href="/referrals">{s.nav_referrals}</a></p>
            <h1>{(s.referral_title)(&r.unit_name)}</h1>
            <p>{status_badge(status)}</p>
        </header>
        <div class="card">
            <dl class="facts">
                <dt>{s.referred_unit}</dt><dd data-testid="referral-unit">{r.unit_name.clone()}</dd>
                <dt>{s.reason}</dt><dd class="pre" data-testid="referral-reason">{r.reason.clone()}</dd>
                <dt>{s.referred_at}</dt>
                <dd>
                    {fmt_datetime(&r.referred_at)}
                    {r.referred_by_name.clone().map(|n| view! { <span class="muted">" · "{s.referred_by}"："{n}</span> })}
                </dd>
                {r.accepted_at.map(|at| view! { <dt>{s.accepted_at}</dt><dd>{fmt_datetime(&at)}</dd> })}
                {r.closed_at.map(|at| view! { <dt>{s.closed_at}</dt><dd>{fmt_datetime(&at)}</dd> })}
                {r.outcome.map(|o| view! { <dt>{s.outcome}</dt><dd data-testid="referral-outcome"><strong>{outcome_name(o)}</strong></dd> })}
                {r.outcome_note.clone().map(|n| view! { <dt>{s.outcome_note}</dt><dd class="pre" data-testid="referral-outcome-note">{n}</dd> })}
                {r.findings.clone().map(|f| view! { <dt>{s.findings}</dt><dd class="pre" data-testid="referral-findings">{f}</dd> })}
            </dl>
            {(rep && status == ReferralStatus::Closed).then(|| view! { <p class="hint">{s.findings_hidden}</p> })}
            <FormMessages form=form/>
            {(inspector && status == ReferralStatus::Submitted).then(|| view! {
                <div class="btn-row">
                    <button type="button" class="btn btn-primary" data-testid="referral-accept" disabled=move || form.busy.get() on:click=accept>
                        {move || if form.busy.get() { tx.saving } else { s.accept_referral }}
                    </button>
                </div>
            })}
            {(inspector && status == ReferralStatus::Accepted).then(|| view! {
                <CloseForm id=id on_done=Callback::new(move |msg: &'static str| moved(msg))/>
            })}
        </div>
        <Section title=s.tasks id="referral-tasks">
            {tasks}
        </Section>
        <Section title=s.evidence id="referral-evidence">
            <p class="hint">{s.evidence_hint}</p>
            <dl class="facts">
                <dt>{s.fingerprint}</dt>
                <dd><code class="fingerprint" data-testid="evidence-sha256">{sha}</code></dd>
                <dt>{tx.status}</dt>
                <dd data-testid="evidence-intact">
                    {if intact {
                        view! { <span class="badge badge-ok">"✓ "{s.evidence_intact}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-danger">"✗ "{s.evidence_broken}</span> }.into_any()
                    }}
                </dd>
            </dl>
        </Section>
    }
}

/// 办结: the findings, the outcome and how it is worded for the unit.
#[component]
fn CloseForm(id: Uuid, on_done: Callback<&'static str>) -> impl IntoView {
    let (s, tx) = (tsv(), t());
    let findings = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = FormState::new(&["findings", "outcome", "outcome_note"]);
    let options = move || {
        let mut o = vec![(String::new(), s.choose_outcome.to_owned())];
        o.extend(
            ReferralOutcome::ALL
                .iter()
                .map(|k| (k.as_str().to_owned(), outcome_name(*k).to_owned())),
        );
        o
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.errors.set(vec![]);
        let f = findings.get_untracked().trim().to_owned();
        let o = outcome.get_untracked().parse::<ReferralOutcome>().ok();
        if f.is_empty() {
            form.invalid("findings", tx.err_required);
        }
        if o.is_none() {
            form.invalid("outcome", tx.err_required);
        }
        let Some(outcome) = o.filter(|_| !f.is_empty()) else {
            return;
        };
        let n = note.get_untracked().trim().to_owned();
        let body = CloseReferral {
            findings: f,
            outcome,
            outcome_note: (!n.is_empty()).then_some(n),
        };
        run(form, async move {
            let body = &body;
            match api::call(ops::close_referral(id, body)).await {
                Ok(_) => on_done.run(s.closed),
                Err(e) if matches!(e.status(), Some(409 | 412)) => on_done.run(s.referral_moved),
                Err(e) => return Err(e),
            }
            Ok(())
        });
    };
    view! {
        <form class="form panel-form" on:submit=on_submit novalidate=true data-testid="close-form">
            <h2 class="sub">{s.close_title}</h2>
            <FormMessages form=form/>
            <TextArea id="findings" label=s.findings value=findings error=form.error("findings") required=true rows=5/>
            <SelectField id="outcome" label=s.outcome value=outcome options=Signal::derive(options) error=form.error("outcome") required=true/>
            <TextArea id="outcome_note" label=s.outcome_note value=note error=form.error("outcome_note") rows=2/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { tx.saving } else { s.close_referral }}
                </button>
            </div>
        </form>
    }
}
