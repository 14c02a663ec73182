//! `/cases` and `/case-categories`: the platform's intake script pushes batches; people read the
//! cases their role may see; admins keep the category dictionary.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{
    Case, CaseBatch, CaseCategory, CaseQuery, CreateCaseCategory, IntakeReport, MAX_BATCH_RECORDS,
    Page, PageParams, ProblemCode, ServiceScope, UpdateCaseCategory,
};

use super::{created, in_tx, with_etag};
use crate::auth::{Admins, AnyRole, CaseReaders, CaseWriters};
use crate::error::{ApiError, ApiResult};
use crate::http::Authed;
use crate::http::whole;
use crate::http::{IfMatch, ValidJson, ValidQuery, paged};
use crate::services::cases;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(intake_cases)
        .service(list_cases)
        .service(get_case)
        .service(list_case_categories)
        .service(create_case_category)
        .service(get_case_category)
        .service(update_case_category);
}

/// The batch as read: records stay raw so that each is checked (and answered) on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBatch {
    records: Vec<serde_json::Value>,
}

/// Push cases from the 平安365 platform (service accounts with the `cases_write` scope).
///
/// Up to 1,000 records, upserted by case number: each answered on its own as created, updated,
/// unchanged, stale (its `updated_at` is older than the stored one's) or invalid (with every field
/// error; unknown street, unit or category codes are named). Invalid records never block valid
/// ones, and no record is half-applied. A repeated record of one case within a batch applies in
/// order. Send `Idempotency-Key` to retry safely.
#[utoipa::path(tag = "cases", request_body = CaseBatch, responses(
    (status = 200, description = "One result per record, in the order sent", body = IntakeReport),
))]
#[post("/cases/batch")]
pub async fn intake_cases(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<CaseWriters>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    // Decided before a byte of the body is read.
    who.require_scope(ServiceScope::CasesWrite)?;
    if !crate::http::extract::is_json(&req) {
        return Err(ApiError::UnsupportedMediaType(
            "send the body as application/json".into(),
        ));
    }
    // The writes of batches take turns anyway (one writer); one batch checked while another is
    // written keeps the writer busy, and a third would only wait holding its parsed records in
    // memory (four batches at once held 130 MB).
    let _turn = state
        .intake_gate
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let limit = state.settings.cases.intake_limit_bytes;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(ProblemCode::UnreadableBody, e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "a batch is limited to {} MiB",
                limit / (1024 * 1024)
            )));
        }
        body.extend_from_slice(&chunk);
    }
    let batch: RawBatch = crate::http::extract::parse_json(&body)?;
    if batch.records.is_empty() || batch.records.len() > MAX_BATCH_RECORDS {
        let mut e = yanpan_types::FieldError::new(
            "records",
            "length",
            format!("send 1 to {MAX_BATCH_RECORDS} records"),
        );
        (e.min, e.max) = (Some(1), Some(MAX_BATCH_RECORDS as i64));
        return Err(ApiError::Validation(vec![e]));
    }
    let key = state
        .settings
        .cases
        .reporter_key(state.settings.environment)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no reporter key")))?;
    let checked = cases::check_batch(&state.db, &key, &batch.records).await?;
    let report = in_tx(&state, async |tx| {
        cases::apply_batch(tx, &who.actor(), &batch.records, checked).await
    })
    .await?;
    if report.created + report.updated > 0 {
        // Detection runs after the intake has committed, outside this request.
        state.hot_issue_detector.notify_one();
    }
    Ok(HttpResponse::Ok().json(report))
}

/// List cases (newest first). A unit's representative sees the cases its unit handles or, for a
/// street, those located in it.
#[utoipa::path(tag = "cases", params(PageParams, CaseQuery), responses(
    (status = 200, description = "A page of cases", body = Page<Case>),
))]
#[get("/cases")]
pub async fn list_cases(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<CaseReaders>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<CaseQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, cases::list(&state.db, &who, &q, *page).await?))
}

/// Get a case by its number (404 also when the caller's role may not see it).
#[utoipa::path(tag = "cases", params(("case_number" = String, Path, max_length = 64)), responses(
    (status = 200, description = "The case", body = Case, headers(("ETag" = String))),
    (status = 404, description = "No such case, or not one the caller may see", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{case_number}")]
pub async fn get_case(
    state: web::Data<AppState>,
    who: Authed<CaseReaders>,
    number: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let c = cases::get(&state.db, &who, &number).await?;
    Ok(with_etag(StatusCode::OK, &c, c.version))
}

/// The case category dictionary: first-level categories, each followed by its own.
#[utoipa::path(tag = "cases", responses(
    (status = 200, description = "Every category", body = Page<CaseCategory>),
))]
#[get("/case-categories")]
pub async fn list_case_categories(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<AnyRole>,
) -> ApiResult<HttpResponse> {
    Ok(whole(&req, cases::categories(&state.db).await?))
}

/// Add a category, with the platform's codes that mean it.
#[utoipa::path(tag = "cases", request_body = CreateCaseCategory, responses(
    (status = 201, description = "Created", body = CaseCategory, headers(("ETag" = String), ("Location" = String))),
    (status = 409, description = "The code or a platform code is taken", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[post("/case-categories")]
pub async fn create_case_category(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    body: ValidJson<CreateCaseCategory>,
) -> ApiResult<HttpResponse> {
    let c = in_tx(&state, async |tx| {
        cases::create_category(tx, &who.actor(), &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/case-categories/{}", c.id),
        &c,
        c.version,
    ))
}

/// Get a category.
#[utoipa::path(tag = "cases", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The category", body = CaseCategory, headers(("ETag" = String))),
    (status = 404, description = "No such category", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/case-categories/{id}")]
pub async fn get_case_category(
    state: web::Data<AppState>,
    _who: Authed<AnyRole>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let c = cases::category(&state.db, *id).await?;
    Ok(with_etag(StatusCode::OK, &c, c.version))
}

/// Rename, deactivate or remap a category (`platform_codes` replaces the list).
#[utoipa::path(tag = "cases", params(("id" = Uuid, Path)), request_body = UpdateCaseCategory, responses(
    (status = 200, description = "Changed", body = CaseCategory, headers(("ETag" = String))),
    (status = 404, description = "No such category", body = yanpan_types::Problem, content_type = "application/problem+json"),
    (status = 409, description = "A platform code is used by another category", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[patch("/case-categories/{id}")]
pub async fn update_case_category(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateCaseCategory>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let c = in_tx(&state, async |tx| {
        cases::update_category(tx, &who.actor(), *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &c, c.version))
}
