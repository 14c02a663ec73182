//! `/topic-proposals`: hot issues proposed for special-topic meetings (Art. 4), the conveners'
//! queue; analysts may run the detector at once (it also runs after each intake and hourly).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{
    AcceptTopicProposal, Detection, DismissTopicProposal, HotIssueQuery, PageParams, Problem,
    TopicProposal, TopicProposalQuery,
};

use super::{in_tx, with_etag};
use crate::auth::{CaseAnalysts, Conveners, Organisers};
use crate::error::ApiResult;
use crate::http::{Authed, OptionalIfMatch, ValidJson, ValidQuery, paged};
use crate::services::calendar::shanghai_today;
use crate::services::topics;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_topic_proposals)
        .service(detect_hot_issues)
        .service(get_topic_proposal)
        .service(accept_topic_proposal)
        .service(dismiss_topic_proposal);
}

/// The proposal queue, newest first.
#[utoipa::path(tag = "analysis", params(PageParams, TopicProposalQuery), responses(
    (status = 200, description = "A page of proposals", body = yanpan_types::Page<TopicProposal>),
))]
#[get("/topic-proposals")]
pub async fn list_topic_proposals(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<TopicProposalQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, topics::list(&state.db, &q, *page).await?))
}

/// Run the hot-issue detector now (as of `as_of`, default today): each hot issue not proposed
/// before becomes a pending proposal; one still running from an earlier proposal is not proposed
/// again.
#[utoipa::path(tag = "analysis", params(HotIssueQuery), responses(
    (status = 200, description = "What was found and proposed", body = Detection),
))]
#[post("/topic-proposals/detect")]
pub async fn detect_hot_issues(
    state: web::Data<AppState>,
    _who: Authed<Organisers>,
    q: ValidQuery<HotIssueQuery>,
) -> ApiResult<HttpResponse> {
    let as_of = q.as_of.unwrap_or_else(shanghai_today);
    let d = in_tx(&state, async |tx| topics::detect(tx, as_of).await).await?;
    Ok(HttpResponse::Ok().json(d))
}

/// One proposal.
#[utoipa::path(tag = "analysis", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The proposal", body = TopicProposal, headers(("ETag" = String))),
    (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
))]
#[get("/topic-proposals/{id}")]
pub async fn get_topic_proposal(
    state: web::Data<AppState>,
    _who: Authed<CaseAnalysts>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let p = topics::get(&state.db, *id).await?;
    Ok(with_etag(StatusCode::OK, &p, p.version))
}

/// Accept a pending proposal (conveners): creates a draft special-topic meeting with trigger
/// `hot_issue`, inviting the street and the units that handled the cases, with the issue and its
/// evidence as the first agenda item.
#[utoipa::path(tag = "analysis", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the proposal's ETag")), request_body = AcceptTopicProposal, responses(
    (status = 200, description = "Accepted; `meeting_id` names the new meeting", body = TopicProposal, headers(("ETag" = String))),
    (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already accepted or dismissed", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/topic-proposals/{id}/accept")]
pub async fn accept_topic_proposal(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    body: ValidJson<AcceptTopicProposal>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let lead = state.settings.workflow.submission_lead_working_days;
    let p = in_tx(&state, async |tx| {
        topics::accept(tx, &who, *id, if_match.expected(), lead, &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &p, p.version))
}

/// Dismiss a pending proposal with a reason (conveners).
#[utoipa::path(tag = "analysis", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the proposal's ETag")), request_body = DismissTopicProposal, responses(
    (status = 200, description = "Dismissed", body = TopicProposal, headers(("ETag" = String))),
    (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already accepted or dismissed", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/topic-proposals/{id}/dismiss")]
pub async fn dismiss_topic_proposal(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    body: ValidJson<DismissTopicProposal>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let p = in_tx(&state, async |tx| {
        topics::dismiss(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &p, p.version))
}
