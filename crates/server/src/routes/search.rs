//! `/search`: meetings, agenda items, conclusions and minutes, in Chinese or not.

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::*;

use crate::auth::MeetingReaders;
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{ValidQuery, paged};
use crate::services::search;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search_all);
}

/// Find text; every word must occur (a unit representative searches its unit's meetings only).
/// Newest first. Hits are counted and paged up to 1,000: `total` is at most 1,000, and a query
/// that finds more should be narrowed (another word, `entity`).
#[utoipa::path(tag = "search", operation_id = "search", params(SearchQuery, PageParams), responses((status = 200, description = "A page of hits (`total` counts at most 1,000)", body = Page<SearchHit>)))]
#[get("/search")]
pub async fn search_all(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    q: ValidQuery<SearchQuery>,
    page: ValidQuery<PageParams>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        search::search(&state.db, &who, &q, *page).await?,
    ))
}
