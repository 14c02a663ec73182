//! `/analysis/…`: the analysis room's answers for a period (conveners, analysts, inspectors).

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::{
    AgendaDraft, AnalysisQuery, HotIssueQuery, HotIssues, Overview, PoorDisposal, RepeatQuery,
    RepeatedDemands, SatisfactionAnalysis, TableExportQuery, TableFormat, UnitRanking,
};

use crate::auth::{CaseAnalysts, Organisers};
use crate::error::ApiResult;
use crate::http::{Authed, ValidQuery};
use crate::services::{analysis, calendar::shanghai_today};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(overview)
        .service(repeated_demands)
        .service(poor_disposal)
        .service(satisfaction)
        .service(unit_ranking)
        .service(hot_issues)
        .service(agenda_draft)
        .service(export_table)
        .service(trend);
}

/// Figures of a period with 环比 and 同比, and counts by kind, category, street, handling unit and
/// channel (Art. 5). Rates: resolution = resolved / cases; on-time = resolved by the due time /
/// cases whose timeliness is known; redo = sent back at least once / cases; satisfaction =
/// (satisfied + basically satisfied) / rated, not-reached excluded.
#[utoipa::path(tag = "analysis", params(AnalysisQuery), responses(
    (status = 200, description = "The overview", body = Overview),
))]
#[get("/analysis/overview")]
pub async fn overview(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<AnalysisQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(analysis::overview(&state.db, &q, shanghai_today()).await?))
}

/// Repeated demands (Art. 5.1): cases of one reporter, or at one normalised address, on one
/// category within the period. Reporters are recognised by a keyed hash and shown only as a
/// neutral label.
#[utoipa::path(tag = "analysis", params(AnalysisQuery, RepeatQuery), responses(
    (status = 200, description = "The clusters, largest first", body = RepeatedDemands),
))]
#[get("/analysis/repeated-demands")]
pub async fn repeated_demands(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<AnalysisQuery>,
    r: ValidQuery<RepeatQuery>,
) -> ApiResult<HttpResponse> {
    let o = analysis::RepeatOptions {
        min_count: r.min_count.unwrap_or(2),
        limit: r.limit.map_or(analysis::REPEAT_LIMIT, |l| l as usize),
        cases_per_cluster: Some(
            r.cases_per_cluster
                .map_or(analysis::CASES_PER_CLUSTER, |n| n as usize),
        ),
    };
    Ok(HttpResponse::Ok()
        .json(analysis::repeated(&state.db, &state.clusters, &q, o, shanghai_today()).await?))
}

/// Poor disposal (Art. 5.2): overdue, sent back, rated unsatisfied or under the platform's
/// supervision, by handling unit with each unit's rates.
#[utoipa::path(tag = "analysis", params(AnalysisQuery), responses(
    (status = 200, description = "Units, most poor cases first", body = PoorDisposal),
))]
#[get("/analysis/poor-disposal")]
pub async fn poor_disposal(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<AnalysisQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(analysis::poor_disposal(&state.db, &q, shanghai_today()).await?))
}

/// Satisfaction (Art. 5.3) per unit, street and category with the sample and the 95% Wilson
/// interval (ranked by its lower bound), and the categories with the most unsatisfied ratings.
#[utoipa::path(tag = "analysis", params(AnalysisQuery), responses(
    (status = 200, description = "Satisfaction", body = SatisfactionAnalysis),
))]
#[get("/analysis/satisfaction")]
pub async fn satisfaction(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<AnalysisQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(analysis::satisfaction(&state.db, &q, shanghai_today()).await?))
}

/// Handling units ranked for the period by the mean of their on-time rate, satisfaction (Wilson
/// lower bound) and one minus their redo rate.
#[utoipa::path(tag = "analysis", params(AnalysisQuery), responses(
    (status = 200, description = "The ranking", body = UnitRanking),
))]
#[get("/analysis/unit-ranking")]
pub async fn unit_ranking(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<AnalysisQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(analysis::unit_ranking(&state.db, &q, shanghai_today()).await?))
}

/// Hot issues: a category in a street whose count in the seven days ending `as_of` is at least
/// 5, at least twice its mean weekly count over the twelve weeks before, and has a Poisson tail
/// probability below 0.001 under that mean.
#[utoipa::path(tag = "analysis", params(HotIssueQuery), responses(
    (status = 200, description = "Hot issues, most significant first", body = HotIssues),
))]
#[get("/analysis/hot-issues")]
pub async fn hot_issues(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<HotIssueQuery>,
) -> ApiResult<HttpResponse> {
    let as_of = q.as_of.unwrap_or_else(shanghai_today);
    Ok(HttpResponse::Ok().json(analysis::hot_issues(&state.db, as_of).await?))
}

/// Proposed agenda items in categories 1–3 (repeated demands, poor disposal, satisfaction) for a
/// meeting's period, with figures and case numbers as evidence, and a draft preliminary analysis
/// (Art. 6). Nothing is stored: send a proposal to `POST /meetings/{id}/agenda-items` to accept it.
#[utoipa::path(tag = "analysis", params(("id" = uuid::Uuid, Path)), responses(
    (status = 200, description = "The draft", body = AgendaDraft),
    (status = 404, description = "No such meeting", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/meetings/{id}/agenda-draft")]
pub async fn agenda_draft(
    state: web::Data<AppState>,
    _who: Authed<Organisers>,
    id: web::Path<uuid::Uuid>,
) -> ApiResult<HttpResponse> {
    let m = crate::store::meetings::find(&state.db, *id).await?;
    let period = analysis::meeting_period(m.period.as_deref(), m.starts_at);
    Ok(HttpResponse::Ok().json(analysis::agenda_draft(&state.db, &state.clusters, period).await?))
}

/// Download one table of the analysis room as CSV (UTF-8 with BOM) or XLSX: the same period and
/// filters as the analysis it comes from (`as_of` for hot issues, `min_count` for repeated
/// demands).
#[utoipa::path(tag = "analysis", params(TableExportQuery, AnalysisQuery, RepeatQuery, HotIssueQuery), responses(
    (status = 200, description = "The table as a file", content((inline(super::documents::FileBytes) = "text/csv"), (inline(super::documents::FileBytes) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/analysis/export")]
pub async fn export_table(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    t: ValidQuery<TableExportQuery>,
    q: ValidQuery<AnalysisQuery>,
    r: ValidQuery<RepeatQuery>,
    h: ValidQuery<HotIssueQuery>,
) -> ApiResult<HttpResponse> {
    use crate::documents::tables;
    use yanpan_types::AnalysisTable as T;
    let today = shanghai_today();
    let db = &state.db;
    let table = match t.table {
        T::Figures | T::ByKind | T::ByCategory | T::ByStreet | T::ByUnit | T::ByChannel => {
            tables::breakdown(&analysis::overview(db, &q, today).await?, t.table)
        }
        T::RepeatedDemands => {
            // A download lists up to the most clusters a query may ask for, each with all its
            // case numbers unless fewer are asked for.
            let o = analysis::RepeatOptions {
                min_count: r.min_count.unwrap_or(2),
                limit: r.limit.unwrap_or(1000) as usize,
                cases_per_cluster: r.cases_per_cluster.map(|n| n as usize),
            };
            tables::repeated(&analysis::repeated(db, &state.clusters, &q, o, today).await?)
        }
        T::PoorDisposal => tables::poor(&analysis::poor_disposal(db, &q, today).await?),
        T::SatisfactionByUnit | T::SatisfactionByStreet | T::SatisfactionByCategory => {
            tables::satisfaction(&analysis::satisfaction(db, &q, today).await?, t.table)
        }
        T::UnitRanking => tables::ranking(&analysis::unit_ranking(db, &q, today).await?),
        T::HotIssues => tables::hot(&analysis::hot_issues(db, h.as_of.unwrap_or(today)).await?),
    };
    let (bytes, content_type, ext) = match t.format {
        TableFormat::Csv => (tables::to_csv(&table)?, "text/csv; charset=utf-8", "csv"),
        TableFormat::Xlsx => (
            tables::to_xlsx(&table)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            super::documents::content_disposition(
                &format!("{}.{ext}", table.title),
                &format!("analysis-{}.{ext}", t.table),
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// The trend (Art. 8.1): 24 months of counts ending with `month` (default the last full month)
/// and the next month's expected count with its 95% prediction interval, in total, per category
/// and per street, by automatic exponential smoothing (augurs AutoETS), each with its error
/// backtested one month ahead on the last six months.
#[utoipa::path(tag = "analysis", params(yanpan_types::TrendQuery), responses(
    (status = 200, description = "The trend and forecast", body = yanpan_types::Trend),
))]
#[get("/analysis/trend")]
pub async fn trend(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    q: ValidQuery<yanpan_types::TrendQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(analysis::trend(&state.db, &q, shanghai_today()).await?))
}
