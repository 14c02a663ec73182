//! 研判分析: the analysis room of a month (Art. 5) for conveners, analysts and inspectors — the
//! headline figures with 环比/同比 ([`figures`]), charts with their data tables ([`charts`]), and
//! the street × category, ranking, repeated-demand, poor-disposal, satisfaction and hot-issue
//! tables ([`tables`]), each downloadable as CSV or XLSX ([`downloads`]). Every case number opens
//! the case drawer. The monthly chart is `/analysis/trend`'s: the last twelve months and next
//! month's forecast.
//!
//! Each panel loads on its own, so a slow analysis does not hold back the others; all of them
//! follow the period picker.

mod charts;
mod downloads;
mod figures;
mod tables;

use chrono::Datelike;
use futures::future::join_all;
use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{AnalysisQuery, AnalysisTable as T, CountRow, Overview, TrendQuery};

use crate::api::{self, AppError, use_auth};
use crate::components::case_drawer::{CaseDrawer, provide_case_drawer};
use crate::components::case_options::{category_options, street_options};
use crate::components::{Forbidden, Select, reads_analysis, set_title};
use crate::i18n::ta;
use crate::load::Res;
use crate::time::now_shanghai;

/// The period picker's choices. `month` is `YYYY-MM`; an empty street or category means the
/// whole district / every category.
#[derive(Clone, Copy)]
struct Filters {
    month: RwSignal<String>,
    street: RwSignal<String>,
    category: RwSignal<String>,
}

impl Filters {
    /// The month chosen, or the last full one when the input was cleared.
    fn month(self) -> String {
        let m = self.month.get();
        if parse_month(&m).is_some() {
            m
        } else {
            last_full_month()
        }
    }

    /// The query of the chosen period and filters (tracked: a loader reading it follows them).
    fn query(self) -> AnalysisQuery {
        self.query_for(self.month(), self.street.get())
    }

    /// The chosen filters with another month and street (`""`: the whole district).
    fn query_for(self, month: String, street: String) -> AnalysisQuery {
        let category = self.category.get();
        AnalysisQuery {
            month: Some(month),
            street: (!street.is_empty()).then_some(street),
            category: (!category.is_empty()).then_some(category),
            ..Default::default()
        }
    }
}

/// `YYYY-MM` of the last full month in Beijing time (the API's own default period).
fn last_full_month() -> String {
    let now = now_shanghai();
    let (y, m) = if now.month() == 1 {
        (now.year() - 1, 12)
    } else {
        (now.year(), now.month() - 1)
    };
    format!("{y:04}-{m:02}")
}

fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

/// The months offered: this one (so far) and the 35 before, newest first, as `2026年5月`. A
/// `<select>` rather than `<input type="month">`, whose face is in the browser's language.
fn month_options() -> Vec<(String, String)> {
    let now = now_shanghai();
    let this = format!("{:04}-{:02}", now.year(), now.month());
    months_ending(&this, 36)
        .into_iter()
        .rev()
        .map(|m| {
            let text = match parse_month(&m) {
                Some((y, mo)) => format!("{y}年{mo}月"),
                None => m.clone(),
            };
            (m, text)
        })
        .collect()
}

/// The `n` months ending with `month`, oldest first.
fn months_ending(month: &str, n: u32) -> Vec<String> {
    let Some((y, m)) = parse_month(month) else {
        return vec![];
    };
    let last = y * 12 + m as i32 - 1;
    (0..n as i32)
        .rev()
        .map(|back| {
            let k = last - back;
            format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1)
        })
        .collect()
}

/// A street's name and its counts by category.
type StreetRow = (String, Vec<CountRow>);

#[component]
pub fn AnalysisPage() -> impl IntoView {
    let a = ta();
    set_title(a.nav_analysis);
    let auth = use_auth();
    if !reads_analysis(auth.role()) {
        return view! { <Forbidden/> }.into_any();
    }
    provide_case_drawer();
    let f = Filters {
        month: RwSignal::new(last_full_month()),
        street: RwSignal::new(String::new()),
        category: RwSignal::new(String::new()),
    };
    let streets = Res::new(street_options);
    let categories = Res::new(category_options);

    let overview = Res::new(move || {
        let q = f.query();
        async move { api::call(ops::analysis_overview(&q)).await }
    });
    // The monthly counts and next month's forecast, narrowed like the rest of the page: the
    // API's `total` is then the series of the chosen street and/or category.
    let trend = Res::new(move || {
        let q = f.query();
        let q = TrendQuery {
            month: q.month,
            street: q.street,
            category: q.category,
            kind: None,
        };
        async move { api::call(ops::analysis_trend(&q)).await }
    });
    // The street × category table: one overview per street (the chosen one, or all six), together.
    let heat = Res::new(move || {
        let month = f.month();
        let chosen = f.street.get();
        let street_list = streets.get();
        let f = f;
        async move {
            let Some(list) = street_list else {
                return Ok(None);
            };
            let list: Vec<(String, String)> = list
                .into_iter()
                .filter(|(code, _)| !code.is_empty() && (chosen.is_empty() || *code == chosen))
                .collect();
            let queries: Vec<AnalysisQuery> = list
                .iter()
                .map(|(code, _)| f.query_for(month.clone(), code.clone()))
                .collect();
            let answers =
                join_all(queries.iter().map(|q| api::call(ops::analysis_overview(q)))).await;
            list.into_iter()
                .zip(answers)
                .map(|((_, name), r)| r.map(|o: Overview| (name, o.by_category)))
                .collect::<Result<Vec<StreetRow>, AppError>>()
                .map(Some)
        }
    });
    let ranking = Res::new(move || {
        let q = f.query();
        async move { api::call(ops::analysis_unit_ranking(&q)).await }
    });
    let repeated = Res::new(move || {
        let q = f.query();
        async move { api::call(ops::analysis_repeated_demands(&q, &Default::default())).await }
    });
    let poor = Res::new(move || {
        let q = f.query();
        async move { api::call(ops::analysis_poor_disposal(&q)).await }
    });
    let satisfaction = Res::new(move || {
        let q = f.query();
        async move { api::call(ops::analysis_satisfaction(&q)).await }
    });
    // Hot issues are about the week up to today, whatever month is chosen: what a meeting
    // needs to hear about now.
    let hot = Res::new(move || async move { api::call(ops::analysis_hot_issues(None)).await });

    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class="page analysis" data-testid="analysis-page">
            <header class="page-head with-actions">
                <div>
                    <h1>{a.nav_analysis}</h1>
                    <p class="muted">{a.analysis_lead}</p>
                </div>
                <button type="button" class="btn no-print" on:click=print>{a.print}</button>
            </header>
            <div class="filters analysis-controls no-print" role="group" aria-label=a.filters_label data-testid="analysis-filters">
                <div class="field">
                    <label for="a-month">{a.month}</label>
                    <Select id="a-month" value=f.month options=Signal::derive(month_options)/>
                </div>
                <div class="field">
                    <label for="a-street">{a.street}</label>
                    <Select id="a-street" value=f.street options=Signal::derive(move || streets.get().unwrap_or_default())/>
                </div>
                <div class="field">
                    <label for="a-category">{a.category}</label>
                    <Select id="a-category" value=f.category options=Signal::derive(move || categories.get().unwrap_or_default())/>
                </div>
            </div>
            {overview.view(true, true, move |o| {
                // Built before the sections: their children closures would each take `o`.
                let period = (a.period)(&o.period.from.to_string(), &o.period.to.to_string());
                let cards = figures::figure_cards(&o);
                let by_category = charts::category_chart(&o.by_category);
                view! {
                    <p class="period-line" data-testid="period">{period}</p>
                    {downloads::section("figures", a.figures_title, downloads::buttons(f, T::Figures, a.figures_title), cards)}
                    <div class="grid-2 charts">
                        {downloads::section("by-category", a.by_category_title, downloads::buttons(f, T::ByCategory, a.by_category_title), by_category)}
                        {downloads::section("trend", a.trend_title, ().into_any(), trend.view(true, false, |t| charts::trend_chart(&t)))}
                    </div>
                }
            })}
            {downloads::section("heat", a.heat_title, downloads::buttons(f, T::ByStreet, a.by_street_table),
                heat.view(true, false, |rows| rows.map(|r| tables::heat_table(&r))))}
            {downloads::section("ranking", a.ranking_title, downloads::buttons(f, T::UnitRanking, a.ranking_title),
                ranking.view(true, false, |r| tables::ranking_table(&r)))}
            {downloads::section("repeated", a.repeated_title, downloads::buttons(f, T::RepeatedDemands, a.repeated_title),
                repeated.view(true, false, |r| tables::repeated_table(&r)))}
            {downloads::section("poor", a.poor_title, downloads::buttons(f, T::PoorDisposal, a.poor_title),
                poor.view(true, false, |r| tables::poor_table(&r)))}
            {downloads::section("satisfaction", a.satisfaction_title, ().into_any(),
                satisfaction.view(true, false, move |r| tables::satisfaction_tables(&r, &move |t, label| downloads::buttons(f, t, label))))}
            {downloads::section("hot", a.hot_title, downloads::buttons(f, T::HotIssues, a.hot_title),
                hot.view(true, false, |r| tables::hot_table(&r)))}
            <CaseDrawer/>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            months_ending("2026-02", 3),
            vec!["2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months_ending("x", 3), Vec::<String>::new());
    }
}
