//! `/assessments/{year}`: the annual assessment of the streets and departments (Art. 11): the
//! year's scoring rule (versioned), the ranking with the records behind every number, the
//! export, and publication, which freezes the year.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{
    Assessment, AssessmentDetail, AssessmentExportQuery, AssessmentQuery, AssessmentRule, Problem,
    TableFormat, VersionedRule,
};

use super::{in_tx, with_etag};
use crate::auth::{Admins, AssessmentReaders};
use crate::error::ApiResult;
use crate::http::{Authed, OptionalIfMatch, ValidJson, ValidQuery};
use crate::services::{assessment, check_version};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_assessment_rule)
        .service(set_assessment_rule)
        .service(get_assessment)
        .service(get_assessment_unit)
        .service(export_assessment)
        .service(publish_assessment);
}

/// The year's scoring rule in force (version 0: the default, never set).
#[utoipa::path(tag = "assessment", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses(
    (status = 200, description = "The rule", body = VersionedRule, headers(("ETag" = String))),
))]
#[get("/assessments/{year}/rule")]
pub async fn get_assessment_rule(
    state: web::Data<AppState>,
    _who: Authed<AssessmentReaders>,
    year: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let r = assessment::rule(&state.db, *year).await?;
    Ok(with_etag(StatusCode::OK, &r, r.version))
}

/// Set the year's scoring rule (administrators): a new version. Refused once the year's result
/// is published.
#[utoipa::path(tag = "assessment", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("If-Match" = Option<String>, Header, description = "Optional: the rule's ETag")), request_body = AssessmentRule, responses(
    (status = 200, description = "Set", body = VersionedRule, headers(("ETag" = String))),
    (status = 409, description = "The year's result is published", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[put("/assessments/{year}/rule")]
pub async fn set_assessment_rule(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    year: web::Path<i32>,
    body: ValidJson<AssessmentRule>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let r = in_tx(&state, async |tx| {
        let current = assessment::rule(tx, *year).await?;
        check_version(if_match.expected(), current.version)?;
        assessment::set_rule(tx, &who, *year, &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &r, r.version))
}

/// The ranking of the year (as published, once it is) or of a quarter (`quarter`), every
/// street and department with the counts behind its score. A unit's representative sees it once
/// the year is published.
#[utoipa::path(tag = "assessment", params(("year" = i32, Path, minimum = 2000, maximum = 2100), AssessmentQuery), responses(
    (status = 200, description = "The ranking", body = Assessment),
    (status = 404, description = "Not published yet (units' representatives)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{year}")]
pub async fn get_assessment(
    state: web::Data<AppState>,
    who: Authed<AssessmentReaders>,
    year: web::Path<i32>,
    q: ValidQuery<AssessmentQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(assessment::get(&state.db, &who, *year, q.quarter).await?))
}

/// A unit's line with every record behind it: the meetings (attendance, submission), the
/// supervision tasks, the referrals. A unit's representative: its own unit only.
#[utoipa::path(tag = "assessment", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("unit_id" = Uuid, Path), AssessmentQuery), responses(
    (status = 200, description = "The unit's line and its records", body = AssessmentDetail),
    (status = 404, description = "Not an assessed unit, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{year}/units/{unit_id}")]
pub async fn get_assessment_unit(
    state: web::Data<AppState>,
    who: Authed<AssessmentReaders>,
    path: web::Path<(i32, Uuid)>,
    q: ValidQuery<AssessmentQuery>,
) -> ApiResult<HttpResponse> {
    let (year, unit) = *path;
    Ok(HttpResponse::Ok().json(assessment::detail(&state.db, &who, year, unit, q.quarter).await?))
}

/// The ranking as XLSX (default) or CSV (UTF-8 with BOM).
#[utoipa::path(tag = "assessment", params(("year" = i32, Path, minimum = 2000, maximum = 2100), AssessmentExportQuery), responses(
    (status = 200, description = "The ranking as a file", content((inline(super::documents::FileBytes) = "text/csv"), (inline(super::documents::FileBytes) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
    (status = 404, description = "Not published yet (units' representatives)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{year}/export")]
pub async fn export_assessment(
    state: web::Data<AppState>,
    who: Authed<AssessmentReaders>,
    year: web::Path<i32>,
    q: ValidQuery<AssessmentExportQuery>,
) -> ApiResult<HttpResponse> {
    use crate::documents::tables;
    let a = assessment::get(&state.db, &who, *year, q.quarter).await?;
    let table = tables::assessment(&a);
    let (bytes, content_type, ext) = match q.format.unwrap_or(TableFormat::Xlsx) {
        TableFormat::Csv => (tables::to_csv(&table)?, "text/csv; charset=utf-8", "csv"),
        TableFormat::Xlsx => (
            tables::to_xlsx(&table)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((
            header::CONTENT_DISPOSITION,
            super::documents::content_disposition(
                &format!("{}.{ext}", table.title),
                &format!("assessment-{}.{ext}", *year),
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// Publish the year's result (administrators): scored now by the rule in force and frozen; the
/// rule can no longer change and units may read the ranking.
#[utoipa::path(tag = "assessment", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses(
    (status = 200, description = "Published", body = Assessment),
    (status = 409, description = "Published already", body = Problem, content_type = "application/problem+json"),
))]
#[post("/assessments/{year}/publish")]
pub async fn publish_assessment(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    year: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let a = in_tx(&state, async |tx| {
        assessment::publish(tx, &who, *year).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}
