//! 下载: each table of the analysis room as CSV (UTF-8 with BOM, for Excel) or XLSX, from
//! `GET /analysis/export` with the page's period and filters. The file is fetched with the
//! session's token and saved under the name the server gives (`Content-Disposition`).

use leptos::prelude::*;
use serde::Serialize;
use yanpan_client::Req;
use yanpan_types::{AnalysisQuery, AnalysisTable, TableFormat};

use super::Filters;
use crate::api::{self, AppError};
use crate::i18n::ta;

/// The query of one download: which table, as which file, for the chosen period and filters.
#[derive(Serialize)]
struct ExportQuery<'a> {
    table: AnalysisTable,
    format: TableFormat,
    #[serde(flatten)]
    q: &'a AnalysisQuery,
}

/// `/analysis/export?table=…&format=…&month=…` (below `/api/v1`).
fn export_path(q: &AnalysisQuery, table: AnalysisTable, format: TableFormat) -> String {
    Req::<()>::query("/analysis/export", &ExportQuery { table, format, q }).path
}

fn format_name(f: TableFormat) -> &'static str {
    match f {
        TableFormat::Csv => "CSV",
        TableFormat::Xlsx => "XLSX",
    }
}

/// 下载 CSV · XLSX of `table`, named `label` for screen readers.
pub(super) fn buttons(f: Filters, table: AnalysisTable, label: &'static str) -> AnyView {
    let a = ta();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let go = move |format: TableFormat| {
        if busy.get_untracked() {
            return;
        }
        let q = untrack(|| f.query());
        busy.set(true);
        error.set(None);
        crate::components::spawn(async move {
            let path = export_path(&q, table, format);
            let fallback = format!("analysis-{}.{}", table.as_str(), format.as_str());
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
            <span class="muted" aria-hidden="true">{a.download}</span>
            {[TableFormat::Csv, TableFormat::Xlsx].map(|format| view! {
                <button type="button" class="btn btn-small"
                    data-testid=format!("download-{}-{}", table.as_str(), format.as_str())
                    aria-label=(a.download_as)(label, format_name(format))
                    disabled=move || busy.get() on:click=move |_| go(format)>
                    {format_name(format)}
                </button>
            })}
            {move || error.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
        </div>
    }
    .into_any()
}

/// A card like `Section`, with the download buttons beside its heading.
pub(super) fn section(
    id: &'static str,
    title: &'static str,
    tools: AnyView,
    body: AnyView,
) -> AnyView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section class="card" id=id aria-labelledby=labelled_by>
            <div class="card-head">
                <h2 id=heading>{title}</h2>
                {tools}
            </div>
            {body}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_carry_the_table_the_format_and_the_filters() {
        let q = AnalysisQuery {
            month: Some("2026-04".into()),
            street: Some("street-qingbo".into()),
            ..Default::default()
        };
        assert_eq!(
            export_path(&q, AnalysisTable::UnitRanking, TableFormat::Csv),
            "/analysis/export?table=unit_ranking&format=csv&month=2026-04&street=street-qingbo"
        );
    }
}
