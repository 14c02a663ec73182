//! The figure cards: cases, resolution, on-time, redo and satisfaction rates of the period, each
//! with its 环比 (against the period before) and 同比 (against a year before).
//!
//! A count changes by a percentage of itself; a rate changes by percentage points, since "the
//! on-time rate rose 5%" of a rate would be ambiguous.

use leptos::prelude::*;
use yanpan_types::{Figures, Overview};

use crate::components::case_drawer::pct;
use crate::i18n::ta;

/// Which figure a card shows.
#[derive(Clone, Copy)]
enum Fig {
    Cases,
    Resolution,
    OnTime,
    Redo,
    Satisfaction,
}

impl Fig {
    const ALL: [Fig; 5] = [
        Fig::Cases,
        Fig::Resolution,
        Fig::OnTime,
        Fig::Redo,
        Fig::Satisfaction,
    ];

    fn key(self) -> &'static str {
        match self {
            Fig::Cases => "cases",
            Fig::Resolution => "resolution",
            Fig::OnTime => "on-time",
            Fig::Redo => "redo",
            Fig::Satisfaction => "satisfaction",
        }
    }

    fn label(self) -> &'static str {
        let a = ta();
        match self {
            Fig::Cases => a.fig_cases,
            Fig::Resolution => a.fig_resolution,
            Fig::OnTime => a.fig_on_time,
            Fig::Redo => a.fig_redo,
            Fig::Satisfaction => a.fig_satisfaction,
        }
    }

    /// Whether a rise is good news (the colour of the change).
    fn higher_is_better(self) -> bool {
        !matches!(self, Fig::Redo)
    }

    /// The value (a count, or a rate from 0 to 1) and, for rates, its numerator and denominator.
    fn of(self, f: &Figures) -> (Option<f64>, Option<(u64, u64)>) {
        match self {
            Fig::Cases => (Some(f.cases as f64), None),
            Fig::Resolution => (f.resolution_rate, Some((f.resolved, f.cases))),
            Fig::OnTime => (f.on_time_rate, Some((f.on_time, f.timed))),
            Fig::Redo => (f.redo_rate, Some((f.redone, f.cases))),
            Fig::Satisfaction => (f.satisfaction_rate, Some((f.satisfied, f.rated))),
        }
    }
}

pub fn figure_cards(o: &Overview) -> AnyView {
    view! {
        <div class="fig-cards">
            {Fig::ALL.into_iter().map(|fig| card(fig, o)).collect_view()}
        </div>
    }
    .into_any()
}

fn card(fig: Fig, o: &Overview) -> impl IntoView {
    let a = ta();
    let (now, sample) = fig.of(&o.figures);
    let (prev, _) = fig.of(&o.previous);
    let (year, _) = fig.of(&o.year_ago);
    let value = match (fig, now) {
        (Fig::Cases, _) => o.figures.cases.to_string(),
        (_, v) => pct(v),
    };
    let is_count = matches!(fig, Fig::Cases);
    view! {
        <div class="fig-card" data-testid=format!("fig-{}", fig.key())>
            <p class="fig-label">{fig.label()}</p>
            <p class="fig-value" data-testid="fig-value">{value}</p>
            {sample.map(|(part, whole)| view! { <p class="fig-sample muted">{(a.fig_sample)(part, whole)}</p> })}
            <p class="fig-change" data-testid="fig-mom">{a.mom}" "{change(now, prev, is_count, fig.higher_is_better())}</p>
            <p class="fig-change" data-testid="fig-yoy">{a.yoy}" "{change(now, year, is_count, fig.higher_is_better())}</p>
        </div>
    }
}

/// `▲ 12.5%` (a count) or `▼ 3.0 个百分点` (a rate), coloured by whether it is good news; the
/// arrow is spoken as 上升/下降.
fn change(
    now: Option<f64>,
    before: Option<f64>,
    is_count: bool,
    higher_is_better: bool,
) -> AnyView {
    let a = ta();
    let delta = match (now, before) {
        (Some(n), Some(b)) if is_count && b > 0.0 => Some((n - b) / b * 100.0),
        (Some(n), Some(b)) if !is_count => Some((n - b) * 100.0),
        _ => None,
    };
    let Some(d) = delta else {
        return view! { <span class="chg none">{a.no_base}</span> }.into_any();
    };
    let unit = if is_count {
        "%".to_owned()
    } else {
        format!(" {}", a.points)
    };
    let amount = format!("{:.1}", d.abs());
    if amount == "0.0" {
        return view! { <span class="chg flat">{a.flat}</span> }.into_any();
    }
    let (arrow, word, dir) = if d > 0.0 {
        ("▲", a.up, "up")
    } else {
        ("▼", a.down, "down")
    };
    let good = (d > 0.0) == higher_is_better;
    let class = format!("chg {dir} {}", if good { "good" } else { "bad" });
    view! {
        <span class=class>
            <span aria-hidden="true">{arrow}</span>
            <span class="sr-only">{word}</span>
            " "{amount}{unit}
        </span>
    }
    .into_any()
}
