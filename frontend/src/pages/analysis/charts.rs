//! The charts, drawn as inline SVG here (no chart library: nothing to fetch, nothing to run but
//! this wasm): counts by category against the previous period and a year before, and the
//! twelve-month trend. Each has a 数据表 toggle with the same numbers as a table, for screen
//! readers and for reading exact values.

use leptos::prelude::*;
use yanpan_types::CountRow;

use crate::components::EmptyState;
use crate::components::case_drawer::pct;
use crate::i18n::ta;

/// The frame of a chart: the picture, the toggle, and the table when asked for.
fn chart_frame(id: &'static str, svg: AnyView, table: AnyView) -> AnyView {
    let a = ta();
    let open = RwSignal::new(false);
    let table = StoredValue::new_local(Some(table));
    let table_id = format!("{id}-table");
    view! {
        <div class="chart" data-testid=format!("chart-{id}")>
            {svg}
            <button type="button" class="btn btn-small chart-toggle" aria-expanded=move || open.get().to_string()
                aria-controls=table_id.clone() on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { a.hide_table } else { a.show_table }}
            </button>
            // Rendered once and hidden, so toggling keeps no state to rebuild.
            <div id=table_id class="chart-table" hidden=move || !open.get()>
                {table.try_update_value(Option::take).flatten()}
            </div>
        </div>
    }
    .into_any()
}

/// A name cut to `n` characters (the full name is in the data table).
fn short(name: &str, n: usize) -> String {
    if name.chars().count() > n {
        format!("{}…", name.chars().take(n - 1).collect::<String>())
    } else {
        name.to_owned()
    }
}

const SERIES: [&str; 3] = ["s-now", "s-prev", "s-year"];

/// Horizontal grouped bars, one group per category: this period, the previous, a year before.
pub fn category_chart(rows: &[CountRow]) -> AnyView {
    let a = ta();
    if rows.is_empty() {
        return view! { <EmptyState text=a.nothing/> }.into_any();
    }
    let names = [a.this_period, a.previous_period, a.year_ago_period];
    let (label_w, bar_w, value_w) = (120.0, 320.0, 40.0);
    let (bar_h, gap, top) = (9.0, 12.0, 30.0);
    let group_h = bar_h * 3.0 + gap;
    let width = label_w + bar_w + value_w;
    let height = top + group_h * rows.len() as f64;
    let max = rows
        .iter()
        .flat_map(|r| [r.count, r.previous, r.year_ago])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let legend = names
        .iter()
        .zip(SERIES)
        .enumerate()
        .map(|(i, (n, class))| {
            let x = label_w + i as f64 * 90.0;
            view! {
                <rect x=x y="6" width="12" height="12" class=class></rect>
                <text x=x + 16.0 y="16" class="legend">{*n}</text>
            }
        })
        .collect_view();
    let groups = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y0 = top + i as f64 * group_h;
            let bars = [r.count, r.previous, r.year_ago]
                .into_iter()
                .zip(SERIES)
                .enumerate()
                .map(|(k, (v, class))| {
                    let y = y0 + k as f64 * bar_h;
                    let w = (v as f64 / max * bar_w).max(if v > 0 { 1.0 } else { 0.0 });
                    view! {
                        <rect x=label_w y=y width=w height=bar_h - 1.0 class=class></rect>
                        <text x=label_w + w + 4.0 y=y + bar_h - 0.5 class="val">{v}</text>
                    }
                })
                .collect_view();
            view! {
                <g>
                    <text x=label_w - 6.0 y=y0 + bar_h * 1.5 + 4.0 text-anchor="end" class="cat">
                        {short(&r.name, 8)}
                    </text>
                    {bars}
                </g>
            }
        })
        .collect_view();
    let svg = view! {
        <svg class="svg-chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=a.by_category_chart
            preserveAspectRatio="xMinYMin meet">
            {legend}
            <line x1=label_w y1=top - 4.0 x2=label_w y2=height class="axis"></line>
            {groups}
        </svg>
    }
    .into_any();
    let table = view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.by_category_chart>
            <table class="table" data-testid="by-category-table">
                <caption class="sr-only">{a.by_category_chart}</caption>
                <thead>
                    <tr>
                        <th scope="col">{a.category}</th>
                        <th scope="col" class="num">{a.this_period}</th>
                        <th scope="col" class="num">{a.previous_period}</th>
                        <th scope="col" class="num">{a.year_ago_period}</th>
                        <th scope="col" class="num">{a.mom}</th>
                        <th scope="col" class="num">{a.yoy}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.iter().map(|r| view! {
                        <tr data-key=r.key.clone()>
                            <th scope="row">{r.name.clone()}</th>
                            <td class="num">{r.count}</td>
                            <td class="num">{r.previous}</td>
                            <td class="num">{r.year_ago}</td>
                            <td class="num">{signed_pct(r.mom)}</td>
                            <td class="num">{signed_pct(r.yoy)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any();
    chart_frame("by-category", svg, table)
}

/// `+12.5%`, `-3.0%`, or `—` (no base to compare with).
fn signed_pct(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{:+.1}%", x * 100.0),
        None => "—".to_owned(),
    }
}

/// How many months of history the trend chart shows.
const TREND_SHOWN: usize = 12;

/// `2026-05` → `2026年5月`.
fn month_text(m: &str) -> String {
    match m.split_once('-') {
        Some((y, mm)) => format!("{y}年{}月", mm.trim_start_matches('0')),
        None => m.to_owned(),
    }
}

/// A count of cases with one decimal (forecasts are expectations, not whole cases).
fn cases1(v: f64) -> String {
    format!("{:.1}", v.max(0.0))
}

/// Next month's forecast of a series: the month, the expected count and its interval.
struct Forecast {
    month: String,
    point: f64,
    lower: f64,
    upper: f64,
}

/// The last twelve months of the trend's series (the page's street and category, or the whole
/// district) as a line, then next month's forecast as a dashed point with its 95% prediction
/// interval as a shaded band; under it what the forecast says and how far off the same method
/// was on the last months (MAPE, MAE). The data table lists the months and the forecast, marked
/// 预测.
pub fn trend_chart(t: &yanpan_types::Trend) -> AnyView {
    let a = ta();
    let s = &t.total;
    let n = t.months.len().min(s.history.len());
    let from = n.saturating_sub(TREND_SHOWN);
    let points: Vec<(String, u64)> = t.months[from..n]
        .iter()
        .cloned()
        .zip(s.history[from..n].iter().copied())
        .collect();
    if points.is_empty() {
        return view! { <EmptyState text=a.nothing/> }.into_any();
    }
    let forecast = s.point.map(|p| Forecast {
        month: t.next_month.clone(),
        point: p.max(0.0),
        lower: s.lower.unwrap_or(p).max(0.0),
        upper: s.upper.unwrap_or(p).max(0.0),
    });
    let (width, height) = (480.0, 250.0);
    let (left, right, top, bottom) = (40.0, 44.0, 34.0, 40.0);
    let max = points
        .iter()
        .map(|p| p.1 as f64)
        .chain(forecast.as_ref().map(|f| f.upper))
        .fold(1.0_f64, f64::max)
        .ceil();
    let slots = points.len() + usize::from(forecast.is_some());
    let step = if slots > 1 {
        (width - left - right) / (slots - 1) as f64
    } else {
        0.0
    };
    let plot_h = height - top - bottom;
    let x_at = |i: usize| left + i as f64 * step;
    let y_at = |v: f64| top + plot_h * (1.0 - v / max);
    let line = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x_at(i), y_at(p.1 as f64)))
        .collect::<Vec<_>>()
        .join(" ");
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let y = top + plot_h * (1.0 - f);
            let v = (max * f).round() as u64;
            view! {
                <line x1=left y1=y x2=width - right y2=y class="grid"></line>
                <text x=left - 6.0 y=y + 4.0 text-anchor="end" class="val">{v}</text>
            }
        })
        .collect_view();
    // `2026-05` → `5月`, with the year under January and the first month.
    let month_label = |i: usize, m: &str, second: Option<String>| {
        let (yy, mm) = m.split_once('-').unwrap_or((m, ""));
        let month = format!("{}月", mm.trim_start_matches('0'));
        let year = second.or_else(|| (i == 0 || mm == "01").then(|| yy.to_owned()));
        let x = x_at(i);
        view! {
            <text x=x y=height - bottom + 16.0 text-anchor="middle" class="cat">{month}</text>
            {year.map(|yy| view! { <text x=x y=height - bottom + 32.0 text-anchor="middle" class="val">{yy}</text> })}
        }
    };
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, (m, v))| {
            let (x, y) = (x_at(i), y_at(*v as f64));
            view! {
                <circle cx=x cy=y r="3.5" class="s-now"></circle>
                <text x=x y=y - 8.0 text-anchor="middle" class="val">{*v}</text>
                {month_label(i, m, None)}
            }
        })
        .collect_view();
    let last = points.len() - 1;
    let (x0, y0) = (x_at(last), y_at(points[last].1 as f64));
    let ahead = forecast.as_ref().map(|f| {
        let x = x_at(last + 1);
        let (yp, yl, yu) = (y_at(f.point), y_at(f.lower), y_at(f.upper));
        let second = if f.month.ends_with("-01") {
            format!("{} {}", f.month.get(..4).unwrap_or_default(), a.forecast)
        } else {
            a.forecast.to_owned()
        };
        view! {
            <polygon points=format!("{x0:.1},{y0:.1} {x:.1},{yu:.1} {x:.1},{yl:.1}") class="band"></polygon>
            <line x1=x y1=yu x2=x y2=yl class="band-edge"></line>
            <line x1=x - 4.0 y1=yu x2=x + 4.0 y2=yu class="band-edge"></line>
            <line x1=x - 4.0 y1=yl x2=x + 4.0 y2=yl class="band-edge"></line>
            <line x1=x0 y1=y0 x2=x y2=yp class="forecast-line"></line>
            <circle cx=x cy=yp r="4" class="forecast-dot"></circle>
            <text x=x + 7.0 y=yp + 4.0 class="val">{format!("{:.0}", f.point)}</text>
            {month_label(last + 1, &f.month, Some(second))}
        }
    });
    let legend = view! {
        <line x1=left y1="12" x2=left + 18.0 y2="12" class="trend-line"></line>
        <text x=left + 23.0 y="16" class="legend">{a.actual}</text>
        <line x1=left + 70.0 y1="12" x2=left + 88.0 y2="12" class="forecast-line"></line>
        <text x=left + 93.0 y="16" class="legend">{a.forecast}</text>
        <rect x=left + 140.0 y="6" width="14" height="12" class="band"></rect>
        <text x=left + 159.0 y="16" class="legend">{a.forecast_band}</text>
    };
    let svg = view! {
        <svg class="svg-chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=a.trend_chart
            preserveAspectRatio="xMinYMin meet">
            {legend}
            {grid}
            {ahead}
            <polyline points=line class="trend-line"></polyline>
            {dots}
        </svg>
    };
    let caption = match &forecast {
        Some(f) => {
            let mut text = (a.trend_forecast)(
                &month_text(&f.month),
                &cases1(f.point),
                &cases1(f.lower),
                &cases1(f.upper),
            );
            if s.mae.is_some() || s.mape.is_some() {
                let mae = s.mae.map(cases1).unwrap_or_else(|| "—".to_owned());
                text.push_str(&(a.trend_error)(t.backtest_months, &pct(s.mape), &mae));
            }
            text
        }
        None => a.no_forecast.to_owned(),
    };
    let picture = view! {
        {svg}
        <p class="hint chart-caption" data-testid="trend-caption">{caption}</p>
    }
    .into_any();
    let forecast_row = forecast.as_ref().map(|f| {
        view! {
            <tr class="forecast-row" data-testid="forecast-row">
                <th scope="row">{f.month.clone()}" "<span class="badge badge-plan">{a.forecast}</span></th>
                <td class="num">
                    {cases1(f.point)}
                    <span class="muted nowrap">{format!("（{} {}–{}）", a.forecast_interval, cases1(f.lower), cases1(f.upper))}</span>
                </td>
            </tr>
        }
    });
    let table = view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.trend_chart>
            <table class="table" data-testid="trend-table">
                <caption class="sr-only">{a.trend_chart}</caption>
                <thead>
                    <tr><th scope="col">{a.month}</th><th scope="col" class="num">{a.cases_count}</th></tr>
                </thead>
                <tbody>
                    {points.iter().map(|(m, v)| view! {
                        <tr><th scope="row">{m.clone()}</th><td class="num">{*v}</td></tr>
                    }).collect_view()}
                    {forecast_row}
                </tbody>
            </table>
        </div>
    }
    .into_any();
    chart_frame("trend", picture, table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(month_text("2026-05"), "2026年5月");
        assert_eq!(cases1(-0.04), "0.0");
        assert_eq!(cases1(12.345), "12.3");
    }
}
