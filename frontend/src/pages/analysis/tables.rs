//! The tables of the analysis room: street × category (shaded by count), the unit ranking,
//! repeated demands (Art. 5.1), poor disposal (Art. 5.2), satisfaction with its sample and Wilson
//! interval (Art. 5.3), and hot issues (Art. 4). Case numbers are drawer buttons.

use leptos::prelude::*;
use yanpan_types::{
    AnalysisTable, HotIssues, PoorDisposal, RateRow, RepeatCluster, RepeatedDemands,
    SatisfactionAnalysis, UnitRanking,
};

use crate::components::EmptyState;
use crate::components::case_drawer::{case_buttons, counted_case_buttons, pct};
use crate::i18n::{case_status_name, cluster_basis_name, ta};
use crate::time::fmt_date;

use super::StreetRow;

/// How many case numbers a cell shows before `等 n 件`.
const CASES_SHOWN: usize = 6;

/// How many repeated-demand clusters show before 显示全部: a district month has hundreds, and
/// the largest are the ones a meeting discusses.
const CLUSTERS_SHOWN: usize = 15;

/// Streets down, categories across (busiest first), each cell shaded by its share of the largest.
pub fn heat_table(rows: &[StreetRow]) -> AnyView {
    let a = ta();
    // The categories that occur anywhere, busiest first.
    let mut cats: Vec<(String, String, u64)> = Vec::new();
    for (_, counts) in rows {
        for c in counts {
            match cats.iter_mut().find(|(k, _, _)| *k == c.key) {
                Some(e) => e.2 += c.count,
                None => cats.push((c.key.clone(), c.name.clone(), c.count)),
            }
        }
    }
    cats.retain(|c| c.2 > 0);
    if cats.is_empty() {
        return view! { <EmptyState text=a.nothing/> }.into_any();
    }
    cats.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| x.1.cmp(&y.1)));
    let count = |counts: &[yanpan_types::CountRow], key: &str| {
        counts
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.count)
            .unwrap_or(0)
    };
    let max = rows
        .iter()
        .flat_map(|(_, cs)| cs.iter().map(|c| c.count))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    view! {
        // Focusable: a wide table scrolls, and keyboard users must be able to scroll it too.
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.heat_title>
            <table class="table heat" data-testid="heat-table">
                <caption class="sr-only">{a.heat_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.street}</th>
                        {cats.iter().map(|(_, n, _)| view! { <th scope="col" class="num">{n.clone()}</th> }).collect_view()}
                        <th scope="col" class="num">{a.total}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.iter().map(|(street, counts)| {
                        let total: u64 = counts.iter().map(|c| c.count).sum();
                        view! {
                            <tr>
                                <th scope="row" class="nowrap">{street.clone()}</th>
                                {cats.iter().map(|(k, _, _)| {
                                    let v = count(counts, k);
                                    view! { <td class="num" style=shade(v as f64 / max)>{v}</td> }
                                }).collect_view()}
                                <td class="num"><strong>{total}</strong></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="hint">{a.heat_caption}</p>
    }
    .into_any()
}

/// A background from white to the primary blue, at most 55% of the way: dark text stays above
/// the 4.5:1 contrast on the darkest cell.
fn shade(share: f64) -> String {
    let f = share.clamp(0.0, 1.0) * 0.55;
    let mix = |to: f64| (255.0 + (to - 255.0) * f).round() as u8;
    format!(
        "background-color: rgb({}, {}, {})",
        mix(30.0),
        mix(79.0),
        mix(145.0)
    )
}

pub fn ranking_table(r: &UnitRanking) -> AnyView {
    let a = ta();
    if r.units.is_empty() {
        return view! { <EmptyState text=a.nothing/> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.ranking_title>
            <table class="table" data-testid="ranking-table">
                <thead>
                    <tr>
                        <th scope="col" class="num">{a.rank}</th>
                        <th scope="col">{a.unit}</th>
                        <th scope="col" class="num">{a.fig_cases}</th>
                        <th scope="col" class="num">{a.resolution_rate}</th>
                        <th scope="col" class="num">{a.on_time_rate}</th>
                        <th scope="col" class="num">{a.redo_rate}</th>
                        <th scope="col" class="num">{a.satisfaction_rate}</th>
                        <th scope="col" class="num">{a.score}</th>
                    </tr>
                </thead>
                <tbody>
                    {r.units.iter().map(|u| view! {
                        <tr>
                            <td class="num">{u.rank}</td>
                            <th scope="row">{u.unit_name.clone()}</th>
                            <td class="num">{u.figures.cases}</td>
                            <td class="num">{pct(u.figures.resolution_rate)}</td>
                            <td class="num">{pct(u.figures.on_time_rate)}</td>
                            <td class="num">{pct(u.figures.redo_rate)}</td>
                            <td class="num">{pct(u.figures.satisfaction_rate)}</td>
                            <td class="num"><strong>{pct(u.score)}</strong></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

pub fn repeated_table(r: &RepeatedDemands) -> AnyView {
    let a = ta();
    let more = (r.total_clusters > r.clusters.len() as u64).then(|| {
        view! { <p class="muted" data-testid="repeated-more">{(a.repeated_more)(r.total_clusters, r.clusters.len())}</p> }
    });
    let lead = view! { <p class="muted">{(a.repeated_lead)(r.min_count)}</p> {more} };
    if r.clusters.is_empty() {
        return view! { {lead}<EmptyState text=a.nothing/> }.into_any();
    }
    let all = RwSignal::new(false);
    let n = r.clusters.len();
    let rest: Vec<RepeatCluster> = r.clusters.iter().skip(CLUSTERS_SHOWN).cloned().collect();
    view! {
        {lead}
        <div class="table-wrap">
            <table class="table" data-testid="repeated-table">
                <thead>
                    <tr>
                        <th scope="col">{a.cluster}</th>
                        <th scope="col">{a.basis}</th>
                        <th scope="col">{a.category}</th>
                        <th scope="col" class="num">{a.fig_cases}</th>
                        <th scope="col">{a.first_last}</th>
                        <th scope="col">{a.latest_status}</th>
                        <th scope="col" class="num">{a.unresolved}</th>
                        <th scope="col">{a.case_numbers}</th>
                    </tr>
                </thead>
                <tbody>
                    {r.clusters.iter().take(CLUSTERS_SHOWN).map(cluster_row).collect_view()}
                    // The rest only once asked for: hundreds of rows cost a district month's
                    // page its speed.
                    {move || all.get().then(|| rest.iter().map(cluster_row).collect_view())}
                </tbody>
            </table>
        </div>
        {(n > CLUSTERS_SHOWN).then(|| view! {
            <button type="button" class="btn btn-small more-rows" aria-expanded=move || all.get().to_string()
                on:click=move |_| all.update(|v| *v = !*v)>
                {move || if all.get() { a.show_fewer.to_owned() } else { (a.show_all)(n) }}
            </button>
        })}
    }
    .into_any()
}

fn cluster_row(c: &RepeatCluster) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row">{c.label.clone()}</th>
            <td class="nowrap">{cluster_basis_name(c.basis)}</td>
            <td>{c.category_name.clone()}</td>
            <td class="num">{c.count}</td>
            <td class="nowrap">{fmt_date(&c.first_at)}" / "{fmt_date(&c.last_at)}</td>
            <td class="nowrap">{case_status_name(c.status)}</td>
            <td class="num">{c.unresolved}</td>
            // The latest of those listed; the cluster counts them all.
            <td>{counted_case_buttons(
                &c.case_numbers[c.case_numbers.len().saturating_sub(CASES_SHOWN)..],
                c.count as usize,
                CASES_SHOWN,
            )}</td>
        </tr>
    }
}

/// A count with its rate: `3（12.5%）`.
fn with_rate(n: u64, rate: Option<f64>) -> String {
    format!("{n}（{}）", pct(rate))
}

pub fn poor_table(r: &PoorDisposal) -> AnyView {
    let a = ta();
    if r.units.is_empty() {
        return view! { <EmptyState text=a.nothing/> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="poor-table">
                <thead>
                    <tr>
                        <th scope="col">{a.unit}</th>
                        <th scope="col" class="num">{a.handled}</th>
                        <th scope="col" class="num">{a.overdue_count}</th>
                        <th scope="col" class="num">{a.redone}</th>
                        <th scope="col" class="num">{a.unsatisfied}</th>
                        <th scope="col" class="num">{a.escalated}</th>
                        <th scope="col" class="num">{a.poor}</th>
                        <th scope="col">{a.case_numbers}</th>
                    </tr>
                </thead>
                <tbody>
                    {r.units.iter().map(|u| view! {
                        <tr>
                            <th scope="row">{u.unit_name.clone()}</th>
                            <td class="num">{u.cases}</td>
                            <td class="num nowrap">{with_rate(u.overdue, u.overdue_rate)}</td>
                            <td class="num nowrap">{with_rate(u.redone, u.redo_rate)}</td>
                            <td class="num nowrap">{with_rate(u.unsatisfied, u.unsatisfied_rate)}</td>
                            <td class="num nowrap">{with_rate(u.escalated, u.escalated_rate)}</td>
                            <td class="num"><strong>{u.poor}</strong></td>
                            <td>{case_buttons(&u.case_numbers, CASES_SHOWN)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The download buttons of a table of the analysis room, named for screen readers.
pub type Tools<'a> = &'a dyn Fn(AnalysisTable, &'static str) -> AnyView;

fn rate_table(
    title: &'static str,
    testid: &'static str,
    label: &'static str,
    rows: &[RateRow],
    tools: AnyView,
) -> AnyView {
    let a = ta();
    view! {
        <div class="sub-head">
            <h3 class="sub">{title}</h3>
            {tools}
        </div>
        {if rows.is_empty() {
            view! { <EmptyState text=a.nothing/> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=title>
                    <table class="table" data-testid=testid>
                        <caption class="sr-only">{title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{label}</th>
                                <th scope="col" class="num">{a.rated}</th>
                                <th scope="col" class="num">{a.satisfied}</th>
                                <th scope="col" class="num">{a.satisfaction_rate}</th>
                                <th scope="col" class="num">{a.interval}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.name.clone()}</th>
                                    <td class="num">{r.rated}</td>
                                    <td class="num">{r.satisfied}</td>
                                    <td class="num">{pct(r.rate)}</td>
                                    <td class="num nowrap">{format!("{} – {}", pct(r.low), pct(r.high))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

pub fn satisfaction_tables(s: &SatisfactionAnalysis, tools: Tools) -> AnyView {
    let a = ta();
    view! {
        <p class="hint">{a.interval_hint}</p>
        <div class="grid-2 sat-grid">
            <div>{rate_table(a.sat_by_unit, "sat-unit", a.unit, &s.by_unit, tools(AnalysisTable::SatisfactionByUnit, a.sat_unit_table))}</div>
            <div>{rate_table(a.sat_by_street, "sat-street", a.street, &s.by_street, tools(AnalysisTable::SatisfactionByStreet, a.sat_street_table))}</div>
        </div>
        {rate_table(a.sat_by_category, "sat-category", a.category, &s.by_category, tools(AnalysisTable::SatisfactionByCategory, a.sat_category_table))}
        <h3 class="sub">{a.most_unsatisfied}</h3>
        {if s.most_unsatisfied.is_empty() {
            view! { <EmptyState text=a.nothing/> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table" data-testid="unsatisfied-table">
                        <thead>
                            <tr>
                                <th scope="col">{a.category}</th>
                                <th scope="col" class="num">{a.unsatisfied}</th>
                                <th scope="col">{a.comments}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {s.most_unsatisfied.iter().map(|u| view! {
                                <tr>
                                    <th scope="row">{u.category_name.clone()}</th>
                                    <td class="num">{u.unsatisfied}</td>
                                    <td>
                                        <ul class="comments">
                                            {u.comments.iter().map(|c| view! {
                                                <li>{crate::components::case_drawer::case_button(c.case_number.clone())}"："{c.comment.clone()}</li>
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

pub fn hot_table(h: &HotIssues) -> AnyView {
    let a = ta();
    let lead = view! { <p class="muted">{(a.hot_lead)(&h.as_of.to_string())}</p> };
    if h.issues.is_empty() {
        return view! { {lead}<EmptyState text=a.nothing/> }.into_any();
    }
    view! {
        {lead}
        <div class="table-wrap">
            <table class="table" data-testid="hot-table">
                <thead>
                    <tr>
                        <th scope="col">{a.street}</th>
                        <th scope="col">{a.category}</th>
                        <th scope="col">{a.week}</th>
                        <th scope="col" class="num">{a.fig_cases}</th>
                        <th scope="col" class="num">{a.baseline}</th>
                        <th scope="col" class="num">{a.p_value}</th>
                        <th scope="col">{a.case_numbers}</th>
                    </tr>
                </thead>
                <tbody>
                    {h.issues.iter().map(|i| view! {
                        <tr>
                            <th scope="row" class="nowrap">{i.street_name.clone()}</th>
                            <td class="nowrap">{i.category_name.clone()}</td>
                            <td class="nowrap">{format!("{} – {}", i.week.from, i.week.to)}</td>
                            <td class="num">{i.count}</td>
                            <td class="num">{format!("{:.1}", i.baseline)}</td>
                            <td class="num">{format_p(i.p_value)}</td>
                            <td>{case_buttons(&i.case_numbers, CASES_SHOWN)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A p-value as statisticians write it: `<0.001` below a thousandth.
fn format_p(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}
