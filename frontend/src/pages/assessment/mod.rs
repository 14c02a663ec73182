//! 年度考核 (/assessment; Art. 11): the ranking of the streets and departments for a year or a
//! quarter (Beijing time), scored by the year's rule. Every number opens the unit's drill-down:
//! the meetings, supervision tasks and referrals behind it ([`detail`]). Downloads as Excel or
//! CSV. Administrators edit the year's rule (a new version each time) and publish the year,
//! which freezes it ([`rule`]). A unit's representative reads it only once published (before
//! that the API answers 404: 本年度考核结果尚未公布) and drills into its own unit only.

mod detail;
mod rule;

use chrono::Datelike;
use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{Assessment, AssessmentRow, Role, TableFormat};

use crate::api::{self, AppError, use_auth};
use crate::components::case_drawer::pct;
use crate::components::{EmptyState, Forbidden, Select, set_title};
use crate::i18n::tsv;
use crate::load::Res;
use crate::time;

use detail::UnitDetail;
use rule::{PublishPanel, RuleEditor};

/// How many years back the year selector offers.
const YEARS_BACK: i32 = 5;

/// The chosen year and quarter, and the ranking read for them.
#[derive(Clone, Copy)]
struct View {
    year: RwSignal<String>,
    quarter: RwSignal<String>,
    /// `None`: not published yet, for a reader who may not see it before (404).
    ranking: Res<Result<Option<Assessment>, AppError>>,
    /// What the administrator's last action did (kept while the ranking is read again).
    notice: RwSignal<Option<String>>,
}

impl View {
    fn year(self) -> i32 {
        self.year.with(|y| y.parse().unwrap_or(2000))
    }

    fn quarter(self) -> Option<u8> {
        self.quarter.with(|q| q.parse().ok())
    }
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let s = tsv();
    set_title(s.nav_assessment);
    let auth = use_auth();
    let role = auth.role();
    if !matches!(
        role,
        Some(Role::Admin | Role::Convener | Role::Analyst | Role::Inspector | Role::UnitRep)
    ) {
        return view! { <Forbidden/> }.into_any();
    }
    let admin = role == Some(Role::Admin);
    let own_unit = auth
        .me
        .with_untracked(|m| m.as_ref().and_then(|m| m.unit_id));
    let rep = role == Some(Role::UnitRep);
    let this_year = time::now_shanghai().year();
    let year = RwSignal::new(this_year.to_string());
    let quarter = RwSignal::new(String::new());
    let ranking = Res::new(move || {
        let y: i32 = year.get().parse().unwrap_or(this_year);
        let q: Option<u8> = quarter.get().parse().ok();
        async move {
            match api::call(ops::get_assessment(y, q)).await {
                Ok(a) => Ok(Some(a)),
                Err(e) if e.status() == Some(404) => Ok(None),
                Err(e) => Err(e),
            }
        }
    });
    let v = View {
        year,
        quarter,
        ranking,
        notice: RwSignal::new(None),
    };
    let years = move || {
        (this_year - YEARS_BACK..=this_year)
            .rev()
            .map(|y| (y.to_string(), (s.year_name)(y)))
            .collect::<Vec<_>>()
    };
    let quarters = move || {
        let mut out = vec![(String::new(), s.whole_year.to_owned())];
        out.extend((1..=4u8).map(|q| (q.to_string(), (s.quarter_name)(q))));
        out
    };
    // Who may open which unit's drill-down: a unit's representative its own only.
    let may_open = move |unit: Uuid| !rep || own_unit == Some(unit);
    let open = RwSignal::new(None::<Uuid>);
    view! {
        <section class="page" data-testid="assessment-page">
            <header class="page-head"><h1>{s.nav_assessment}</h1><p class="muted">{s.assessment_lead}</p></header>
            <div class="filters" on:change=move |_| {
                open.set(None);
                v.notice.set(None);
            }>
                <div class="field">
                    <label for="f-year">{s.year}</label>
                    <Select id="f-year" value=year options=Signal::derive(years)/>
                </div>
                <div class="field">
                    <label for="f-quarter">{s.quarter}</label>
                    <Select id="f-quarter" value=quarter options=Signal::derive(quarters)/>
                </div>
            </div>
            {move || v.notice.get().map(|m| view! { <div class="alert alert-success" role="status" data-testid="assessment-notice">{m}</div> })}
            {ranking.view(true, true, move |a| match a {
                None => view! {
                    <div class="card state-card" data-testid="assessment-unpublished">
                        <p class="alert-title">{s.not_published}</p>
                    </div>
                }.into_any(),
                Some(a) => {
                    let published = a.published_at.is_some();
                    view! {
                        <Ranking v=v a=a open=open may_open=may_open/>
                        {admin.then(|| view! {
                            <PublishPanel v=v published=published/>
                            <RuleEditor v=v published=published/>
                        })}
                    }.into_any()
                }
            })}
        </section>
    }
    .into_any()
}

/// The download buttons of the ranking (`GET /assessments/{year}/export`).
fn downloads(v: View) -> AnyView {
    let s = tsv();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let go = move |format: TableFormat| {
        if busy.get_untracked() {
            return;
        }
        let (year, quarter) = untrack(|| (v.year(), v.quarter()));
        busy.set(true);
        error.set(None);
        crate::components::spawn(async move {
            let path = ops::export_assessment(year, quarter, format).path;
            let fallback = format!("assessment-{year}.{}", format.as_str());
            let out = api::download_named(&path, &fallback).await;
            busy.set(false);
            match out {
                Ok(()) | Err(AppError::SessionExpired) => {}
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <div class="table-tools no-print">
            <button type="button" class="btn btn-small" data-testid="download-xlsx" disabled=move || busy.get()
                on:click=move |_| go(TableFormat::Xlsx)>{s.download_xlsx}</button>
            <button type="button" class="btn btn-small" data-testid="download-csv" disabled=move || busy.get()
                on:click=move |_| go(TableFormat::Csv)>{s.download_csv}</button>
            {move || error.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
        </div>
    }
    .into_any()
}

/// A score with one decimal.
fn points(v: f64) -> String {
    format!("{v:.1}")
}

#[component]
fn Ranking(
    v: View,
    a: Assessment,
    open: RwSignal<Option<Uuid>>,
    may_open: impl Fn(Uuid) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = tsv();
    let status = match a.published_at {
        Some(at) => view! {
            <span class="badge badge-ok" data-testid="assessment-published">{(s.published)(&time::fmt_datetime(&at))}</span>
        }
        .into_any(),
        None => view! { <span class="badge badge-plan" data-testid="assessment-live">{s.live}</span> }.into_any(),
    };
    let (year, quarter) = (a.year, a.quarter);
    let rows = a.rows;
    view! {
        <section class="card" id="ranking" aria-labelledby="ranking-title">
            <div class="card-head">
                <h2 id="ranking-title">{s.ranking}" "{status}</h2>
                {downloads(v)}
            </div>
            <p class="muted">{(s.period_range)(&a.from.to_string(), &a.to.to_string())}</p>
            {if rows.is_empty() {
                view! { <EmptyState text=s.no_rows/> }.into_any()
            } else {
                view! {
                    <p class="hint no-print">{s.ranking_hint}</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="ranking-title">
                        <table class="table ranking" data-testid="assessment-table">
                            <thead>
                                <tr>
                                    <th scope="col" class="num">{s.rank}</th>
                                    <th scope="col">{s.unit}</th>
                                    <th scope="col" class="num">{s.attendance_rate}</th>
                                    <th scope="col" class="num">{s.submission_rate}</th>
                                    <th scope="col" class="num">{s.task_rate}</th>
                                    <th scope="col" class="num">{s.case_on_time_rate}</th>
                                    <th scope="col" class="num">{s.satisfaction_rate}</th>
                                    <th scope="col" class="num">{s.base}</th>
                                    <th scope="col" class="num">{s.deductions}</th>
                                    <th scope="col" class="num">{s.score}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| ranking_row(r, year, quarter, open, may_open)).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// One unit's line; its name and each number open (or close) the drill-down below it.
fn ranking_row(
    r: AssessmentRow,
    year: i32,
    quarter: Option<u8>,
    open: RwSignal<Option<Uuid>>,
    may_open: impl Fn(Uuid) -> bool + Copy + 'static,
) -> AnyView {
    let s = tsv();
    let unit = r.unit_id;
    let is_open = move || open.get() == Some(unit);
    let detail_id = format!("detail-{unit}");
    // A number opens the drill-down; `—` (no data) is no number.
    let cell = move |text: String, label: &'static str| -> AnyView {
        if may_open(unit) && text != "—" {
            let controls = format!("detail-{unit}");
            view! {
                <button type="button" class="cell-link" aria-expanded=move || is_open().to_string() aria-controls=controls
                    title=label on:click=move |_| open.update(|o| *o = if *o == Some(unit) { None } else { Some(unit) })>
                    {text}
                </button>
            }
            .into_any()
        } else {
            view! { <span>{text}</span> }.into_any()
        }
    };
    let c = &r.counts;
    let name_label = (s.show_detail)(&r.unit_name);
    let name = if may_open(unit) {
        view! {
            <button type="button" class="cell-link" aria-expanded=move || is_open().to_string() aria-controls=detail_id.clone()
                aria-label=name_label data-testid="unit-detail-toggle"
                on:click=move |_| open.update(|o| *o = if *o == Some(unit) { None } else { Some(unit) })>
                {r.unit_name.clone()}
            </button>
        }
        .into_any()
    } else {
        view! { <span>{r.unit_name.clone()}</span> }.into_any()
    };
    let (case_on_time, satisfaction) = (c.case_on_time_rate, c.satisfaction_rate);
    view! {
        <tr data-testid="assessment-row" data-unit=r.unit_code.clone() class:open-row=is_open>
            <td class="num">{r.rank}</td>
            <th scope="row">{name}</th>
            <td class="num">{cell(pct(r.attendance_rate), s.attendance_rate)}</td>
            <td class="num">{cell(pct(r.submission_rate), s.submission_rate)}</td>
            <td class="num">{cell(pct(r.task_rate), s.task_rate)}</td>
            <td class="num">{cell(pct(case_on_time), s.case_on_time_rate)}</td>
            <td class="num">{cell(pct(satisfaction), s.satisfaction_rate)}</td>
            <td class="num">{cell(points(r.base), s.base)}</td>
            <td class="num">{cell(points(r.deductions), s.deductions)}</td>
            <td class="num"><strong>{cell(points(r.score), s.score)}</strong></td>
        </tr>
        {move || is_open().then(|| view! {
            <tr class="drill-row">
                <td colspan="10" id=format!("detail-{unit}")>
                    <UnitDetail year=year quarter=quarter unit=unit/>
                </td>
            </tr>
        })}
    }
    .into_any()
}
