//! `/calendar-days` (the working-day calendar), `/me/calendar-feed` (the subscription token) and
//! `/calendar-feeds/{token}` (the iCalendar feed itself, authenticated by its token).

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::*;

use super::{created, in_tx};
use crate::auth::{Admins, AnyRole, People};
use crate::error::{ApiError, ApiResult};
use crate::http::Authed;
use crate::http::whole;
use crate::http::{IfMatch, ValidJson, ValidQuery};
use crate::services::{calendar, users};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_calendar_days)
        .service(create_calendar_day)
        .service(delete_calendar_day)
        .service(issue_calendar_feed)
        .service(revoke_calendar_feed)
        .service(calendar_feed);
}

/// Holidays and adjusted working days (调休) that the due times count with.
#[utoipa::path(tag = "calendar", params(CalendarDayQuery), responses((status = 200, description = "Days", body = Page<CalendarDay>)))]
#[get("/calendar-days")]
pub async fn list_calendar_days(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<AnyRole>,
    q: ValidQuery<CalendarDayQuery>,
) -> ApiResult<HttpResponse> {
    Ok(whole(&req, calendar::list_days(&state.db, q.year).await?))
}

/// Add a holiday or an adjusted working day.
#[utoipa::path(tag = "calendar", request_body = CreateCalendarDay, responses(
    (status = 201, description = "Added", body = CalendarDay, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/calendar-days")]
pub async fn create_calendar_day(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    body: ValidJson<CreateCalendarDay>,
) -> ApiResult<HttpResponse> {
    let d = in_tx(&state, async |tx| {
        calendar::create_day(tx, &who.actor(), &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/calendar-days/{}", d.date),
        &d,
        d.version,
    ))
}

/// Remove a day from the calendar.
#[utoipa::path(tag = "calendar", params(("date" = NaiveDate, Path)), responses((status = 204, description = "Removed")))]
#[delete("/calendar-days/{date}")]
pub async fn delete_calendar_day(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    date: web::Path<NaiveDate>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        calendar::delete_day(tx, &who.actor(), *date, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Create (or replace) my calendar subscription; the paths hold a secret token shown only now.
#[utoipa::path(tag = "calendar", responses((status = 201, description = "Feed paths", body = CalendarFeed)))]
#[post("/me/calendar-feed")]
pub async fn issue_calendar_feed(
    state: web::Data<AppState>,
    who: Authed<People>,
) -> ApiResult<HttpResponse> {
    let token = in_tx(&state, async |tx| {
        calendar::issue_token(tx, &who.actor(), who.id).await
    })
    .await?;
    let base = format!("/api/v1/calendar-feeds/{token}");
    Ok(HttpResponse::Created().json(CalendarFeed {
        my_meetings_path: base.clone(),
        unit_meetings_path: who.unit_id.map(|_| format!("{base}?scope=unit")),
    }))
}

/// Revoke my calendar subscription.
#[utoipa::path(tag = "calendar", responses(
    (status = 204, description = "Revoked"),
    (status = 404, description = "There is no subscription", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me/calendar-feed")]
pub async fn revoke_calendar_feed(
    state: web::Data<AppState>,
    who: Authed<People>,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        calendar::revoke_token(tx, &who.actor(), who.id).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams, validator::Validate)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// `me` (default): my meetings; `unit`: my unit's.
    #[param(pattern = "^(me|unit)$")]
    #[validate(custom(function = "scope_ok"))]
    pub scope: Option<String>,
}

fn scope_ok(s: &str) -> Result<(), validator::ValidationError> {
    if matches!(s, "me" | "unit") {
        Ok(())
    } else {
        Err(validator::ValidationError::new("scope"))
    }
}

/// The iCalendar feed (RFC 5545) behind a subscription token; no other credential.
#[utoipa::path(tag = "calendar", params(("token" = String, Path), FeedQuery), responses(
    (status = 200, description = "The calendar", content_type = "text/calendar", body = String),
))]
#[get("/calendar-feeds/{token}")]
pub async fn calendar_feed(
    state: web::Data<AppState>,
    token: web::Path<String>,
    q: ValidQuery<FeedQuery>,
) -> ApiResult<HttpResponse> {
    let user_id = calendar::user_of_token(&state.db, &token)
        .await?
        .ok_or(ApiError::NotFound("calendar feed"))?;
    let user = users::find(&state.db, user_id).await?;
    if !user.active {
        return Err(ApiError::NotFound("calendar feed"));
    }
    let role: Role = user.role;
    let unit_scope = q.scope.as_deref() == Some("unit");
    // Organisers follow every meeting; everyone else their unit's.
    let unit = if unit_scope || !matches!(role, Role::Convener | Role::Analyst | Role::Admin) {
        Some(user.unit_id.unwrap_or_default())
    } else {
        None
    };
    let meetings = calendar::feed_meetings(&state.db, unit).await?;
    let name = if unit_scope {
        "研判会议（本单位）"
    } else {
        "研判会议"
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Type", "text/calendar; charset=utf-8"))
        .body(calendar::render_ics(name, &meetings)))
}
