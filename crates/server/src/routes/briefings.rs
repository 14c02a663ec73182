//! `/briefings`: briefings and special reports (Art. 7) — drafted, reviewed, issued with their
//! number, acknowledged by the recipient units, published; and `/public/briefings`, what the
//! platform shows anyone without sign-in (only published briefings), with an Atom feed.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{
    Briefing, BriefingQuery, BriefingTransition, CreateBriefing, PageParams, Problem,
    PublicBriefing, UpdateBriefing,
};

use super::documents::{FileBytes, content_disposition};
use super::{created, in_tx, with_etag};
use crate::auth::{Acknowledgers, AnyRole, Conveners, Organisers};
use crate::error::ApiResult;
use crate::http::{Authed, IfMatch, OptionalIfMatch, ValidJson, ValidQuery, paged};
use crate::services::briefings;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_briefings)
        .service(create_briefing)
        .service(get_briefing)
        .service(update_briefing)
        .service(delete_briefing)
        .service(transition_briefing)
        .service(publish_briefing)
        .service(acknowledge_briefing)
        .service(export_briefing)
        .service(public_briefings_feed)
        .service(list_public_briefings)
        .service(get_public_briefing);
}

/// Briefings, newest first. Organisers see every one; others only issued ones, and a unit's
/// representative only those sent to its unit.
#[utoipa::path(tag = "briefings", params(PageParams, BriefingQuery), responses(
    (status = 200, description = "A page of briefings", body = yanpan_types::Page<Briefing>),
))]
#[get("/briefings")]
pub async fn list_briefings(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<AnyRole>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<BriefingQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        briefings::list(&state.db, &who, &q, *page).await?,
    ))
}

/// Draft a briefing (organisers): from a concluded meeting, its sections pre-filled (the
/// analysis room's figures for the meeting's period, the preliminary analysis, the agenda, the
/// adopted conclusions and their recommendations) and its recipients the leadership and the
/// participating units; or as the correction of an issued one (its text and recipients copied);
/// or, for a special report, standing alone.
#[utoipa::path(tag = "briefings", request_body = CreateBriefing, responses(
    (status = 201, description = "Drafted", body = Briefing, headers(("ETag" = String), ("Location" = String))),
    (status = 409, description = "The briefing named in `corrects_id` already has a correction", body = Problem, content_type = "application/problem+json"),
))]
#[post("/briefings")]
pub async fn create_briefing(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    body: ValidJson<CreateBriefing>,
) -> ApiResult<HttpResponse> {
    let b = in_tx(&state, async |tx| briefings::create(tx, &who, &body).await).await?;
    Ok(created(
        format!("{}/briefings/{}", yanpan_types::API_PREFIX, b.id),
        &b,
        b.version,
    ))
}

/// One briefing, with its recipients and who acknowledged it when.
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The briefing", body = Briefing, headers(("ETag" = String))),
    (status = 404, description = "No such briefing, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/briefings/{id}")]
pub async fn get_briefing(
    state: web::Data<AppState>,
    who: Authed<AnyRole>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let b = briefings::get(&state.db, &who, *id).await?;
    Ok(with_etag(StatusCode::OK, &b, b.version))
}

/// Change a briefing's title, sections or recipients before it is issued (organisers).
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path)), request_body = UpdateBriefing, responses(
    (status = 200, description = "Changed", body = Briefing, headers(("ETag" = String))),
    (status = 404, description = "No such briefing", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The briefing is issued and never changes", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/briefings/{id}")]
pub async fn update_briefing(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateBriefing>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let b = in_tx(&state, async |tx| {
        briefings::update(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &b, b.version))
}

/// Delete a briefing not yet issued (organisers).
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 404, description = "No such briefing", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The briefing is issued", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/briefings/{id}")]
pub async fn delete_briefing(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        briefings::delete(tx, &who, *id, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Move a briefing: submit it for review (`in_review`, organisers), send it back (`draft`, a
/// convener, with a reason), or issue it (`issued`, a convener): it then gets the next number of
/// its kind in the year (2026年第11期) and never changes again.
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the briefing's ETag")), request_body = BriefingTransition, responses(
    (status = 200, description = "Moved", body = Briefing, headers(("ETag" = String))),
    (status = 404, description = "No such briefing", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not allowed from its state, or not complete enough to issue (`errors` lists what is missing)", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/briefings/{id}/transitions")]
pub async fn transition_briefing(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<BriefingTransition>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let b = in_tx(&state, async |tx| {
        briefings::transition(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &b, b.version))
}

/// Publish an issued briefing on the platform (conveners): anyone may then read it at
/// `/public/briefings/{id}` and in the feed. Publishing it again changes nothing.
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the briefing's ETag")), responses(
    (status = 200, description = "Published", body = Briefing, headers(("ETag" = String))),
    (status = 404, description = "No such briefing", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not issued yet", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/briefings/{id}/publish")]
pub async fn publish_briefing(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let b = in_tx(&state, async |tx| {
        briefings::publish(tx, &who, *id, if_match.expected()).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &b, b.version))
}

/// Acknowledge reading an issued briefing for the caller's unit (已阅), which must be one of its
/// recipients. Acknowledging again keeps the first time.
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Acknowledged", body = Briefing, headers(("ETag" = String))),
    (status = 404, description = "No such briefing, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not issued yet", body = Problem, content_type = "application/problem+json"),
))]
#[post("/briefings/{id}/acknowledge")]
pub async fn acknowledge_briefing(
    state: web::Data<AppState>,
    who: Authed<Acknowledgers>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let b = in_tx(&state, async |tx| {
        briefings::acknowledge(tx, &who, *id).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &b, b.version))
}

/// The briefing as Word (DOCX), laid out as an official document (GB/T 9704): the red
/// masthead, the number line, the issuing unit and date over the red rule, the title, the three
/// sections, and the distribution block (报/送/发) at the end.
#[utoipa::path(tag = "briefings", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The briefing (DOCX)", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
    (status = 404, description = "No such briefing, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
))]
#[get("/briefings/{id}/document")]
pub async fn export_briefing(
    state: web::Data<AppState>,
    who: Authed<AnyRole>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (b, bytes) = briefings::document(&state.db, &who, *id).await?;
    let label = b.issue_label.clone().unwrap_or_else(|| "未编号".to_owned());
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ))
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(
                &format!("{}（{label}）.docx", b.title),
                &format!("briefing-{}.docx", b.id),
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// The site's address as the caller reached it, for the feed's links.
fn base_of(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// Published briefings as an Atom feed (RFC 4287), the latest 50; no sign-in.
#[utoipa::path(tag = "public", security(), responses(
    (status = 200, description = "The feed", content_type = "application/atom+xml", body = String),
))]
#[get("/public/briefings.atom")]
pub async fn public_briefings_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let xml = briefings::feed(&state.db, &base_of(&req)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"))
        .body(xml))
}

/// Published briefings, the latest first; no sign-in.
#[utoipa::path(tag = "public", security(), params(PageParams), responses(
    (status = 200, description = "A page of published briefings", body = yanpan_types::Page<PublicBriefing>),
))]
#[get("/public/briefings")]
pub async fn list_public_briefings(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: ValidQuery<PageParams>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, briefings::public_list(&state.db, *page).await?))
}

/// A published briefing; no sign-in. Anything not published is "not found".
#[utoipa::path(tag = "public", security(), params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The briefing", body = PublicBriefing),
    (status = 404, description = "No such published briefing", body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/briefings/{id}")]
pub async fn get_public_briefing(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(briefings::public_get(&state.db, *id).await?))
}
