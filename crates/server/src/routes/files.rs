//! `/submissions/{id}` and `/attachments/{id}`: object-level checks per unit.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::*;

use crate::auth::{Authed, MeetingReaders};
use crate::error::ApiResult;
use crate::services::submissions;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_submission)
        .service(get_attachment)
        .service(download_attachment);
}

/// One submission version (a unit representative reads only its own unit's).
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses((status = 200, description = "The submission", body = Submission)))]
#[get("/submissions/{id}")]
pub async fn get_submission(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(submissions::get(&state.db, &who, *id).await?))
}

/// An attachment's description.
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses((status = 200, description = "The attachment", body = Attachment)))]
#[get("/attachments/{id}")]
pub async fn get_attachment(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let a = submissions::readable(&state.db, &who, *id).await?;
    Ok(HttpResponse::Ok().json(submissions::meta(&a)))
}

/// Download an attachment; the `ETag` is its SHA-256.
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>, headers(("ETag" = String), ("Content-Disposition" = String))),
))]
#[get("/attachments/{id}/content")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let a = submissions::readable(&state.db, &who, *id).await?;
    let ascii: String = a
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencode(&a.filename)
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, a.content_type.clone()))
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::ETAG, format!("\"{}\"", a.sha256)))
        .body(a.data))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
