//! `/referrals`: accountability referrals to the discipline commission (责任查究, Art. 8.4).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{CloseReferral, CreateReferral, PageParams, Problem, Referral, ReferralQuery};

use super::{created, in_tx, with_etag};
use crate::auth::{Inspectors, Organisers, People};
use crate::error::ApiResult;
use crate::http::{Authed, OptionalIfMatch, ValidJson, ValidQuery, paged};
use crate::services::referrals;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_referrals)
        .service(create_referral)
        .service(get_referral)
        .service(accept_referral)
        .service(close_referral);
}

/// Referrals, the latest first; a unit's representative sees only its unit's, without the
/// discipline commission's findings.
#[utoipa::path(tag = "supervision", params(PageParams, ReferralQuery), responses(
    (status = 200, description = "A page of referrals", body = yanpan_types::Page<Referral>),
))]
#[get("/referrals")]
pub async fn list_referrals(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<People>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<ReferralQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        referrals::list(&state.db, &who, &q, *page).await?,
    ))
}

/// Refer a unit to the discipline commission (organisers) for supervision tasks it failed:
/// each named task must be the unit's and be overdue, done late or returned at least twice
/// (422 names each that is not). The tasks with their full history are frozen as the evidence,
/// with its SHA-256.
#[utoipa::path(tag = "supervision", request_body = CreateReferral, responses(
    (status = 201, description = "Referred", body = Referral, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/referrals")]
pub async fn create_referral(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    body: ValidJson<CreateReferral>,
) -> ApiResult<HttpResponse> {
    let r = in_tx(&state, async |tx| referrals::create(tx, &who, &body).await).await?;
    Ok(created(
        format!("{}/referrals/{}", yanpan_types::API_PREFIX, r.id),
        &r,
        r.version,
    ))
}

/// One referral, with its frozen evidence and whether it still matches its fingerprint.
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The referral", body = Referral, headers(("ETag" = String))),
    (status = 404, description = "No such referral, or not the caller's unit's", body = Problem, content_type = "application/problem+json"),
))]
#[get("/referrals/{id}")]
pub async fn get_referral(
    state: web::Data<AppState>,
    who: Authed<People>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let r = referrals::get(&state.db, &who, *id).await?;
    Ok(with_etag(StatusCode::OK, &r, r.version))
}

/// The discipline commission takes a submitted referral up.
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the referral's ETag")), responses(
    (status = 200, description = "Accepted", body = Referral, headers(("ETag" = String))),
    (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not submitted (accepted already, or closed)", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/referrals/{id}/accept")]
pub async fn accept_referral(
    state: web::Data<AppState>,
    who: Authed<Inspectors>,
    id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let r = in_tx(&state, async |tx| {
        referrals::accept(tx, &who, *id, if_match.expected()).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &r, r.version))
}

/// The discipline commission closes an accepted referral with its findings and outcome
/// (约谈, 通报批评, 诫勉谈话, 不予追究). A closed referral never changes.
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the referral's ETag")), request_body = CloseReferral, responses(
    (status = 200, description = "Closed", body = Referral, headers(("ETag" = String))),
    (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not accepted yet, or closed already", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/referrals/{id}/close")]
pub async fn close_referral(
    state: web::Data<AppState>,
    who: Authed<Inspectors>,
    id: web::Path<Uuid>,
    body: ValidJson<CloseReferral>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let r = in_tx(&state, async |tx| {
        referrals::close(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &r, r.version))
}
