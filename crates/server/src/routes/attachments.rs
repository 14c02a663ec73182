//! Attachments: upload to a meeting, describe and download (object-level checks per unit).

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use futures_util::StreamExt;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::*;

use super::in_tx;
use crate::auth::{MeetingReaders, Uploaders};
use crate::error::{ApiError, ApiResult};
use crate::http::Authed;
use crate::services::attachments;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_attachment)
        .service(get_attachment)
        .service(download_attachment);
}

/// An attachment's description.
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses((status = 200, description = "The attachment", body = Attachment)))]
#[get("/attachments/{id}")]
pub async fn get_attachment(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let a = attachments::readable(&state.db, &who, *id).await?;
    Ok(HttpResponse::Ok().json(attachments::meta(&state.db, &a).await?))
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
    let a = attachments::readable(&state.db, &who, *id).await?;
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

/// The part `file` of a multipart/form-data upload: its name, declared type and bytes (at most
/// `limit` bytes; 413 beyond, 422 when missing or empty, 415 when not multipart).
pub(crate) async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> ApiResult<(String, String, Vec<u8>)> {
    let is_multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::UnsupportedMediaType(
            "upload as multipart/form-data with a `file` part".into(),
        ));
    }
    let mut form = Multipart::new(req.headers(), payload);
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|e| ApiError::bad_request(ProblemCode::BadMultipart, e.to_string()))?;
        if field.name() != Some("file") {
            while let Some(chunk) = field.next().await {
                chunk
                    .map_err(|e| ApiError::bad_request(ProblemCode::BadMultipart, e.to_string()))?;
            }
            continue;
        }
        let filename = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("file")
            .to_owned();
        let content_type = field
            .content_type()
            .map(|m| m.essence_str().to_owned())
            .unwrap_or_else(|| "application/octet-stream".into());
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::bad_request(ProblemCode::BadMultipart, e.to_string()))?;
            if data.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge(format!(
                    "attachments are limited to {} MiB",
                    limit / (1024 * 1024)
                )));
            }
            data.extend_from_slice(&chunk);
        }
        file = Some((filename, content_type, data));
    }
    let (filename, content_type, data) = file.ok_or_else(|| {
        ApiError::field("file", "required", "send the file in a part named `file`")
    })?;
    if data.is_empty() {
        return Err(ApiError::field("file", "empty", "the file is empty"));
    }
    Ok((filename, content_type, data))
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

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file; its part's `Content-Type` must be on the allow-list, or
    /// `application/octet-stream` when its content and name say what it is.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a file for the meeting (a unit's material, or the command center's meeting material).
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), request_body(content = UploadForm, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Stored", body = Attachment, headers(("Location" = String))),
    (status = 200, description = "The same bytes (SHA-256) were uploaded to this meeting by the same unit, or as meeting material, before (a retried upload): that attachment; nothing is stored", body = Attachment, headers(("Location" = String))),
    (status = 413, description = "Larger than the upload limit", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "A type outside the allow-list, or content that is not what it says", body = Problem, content_type = "application/problem+json"),
))]
#[post("/meetings/{id}/attachments")]
pub async fn upload_attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<Uploaders>,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let limit = state.settings.server.upload_limit_bytes;
    let (filename, content_type, data) = read_upload(&req, payload, limit).await?;
    let (a, created) = in_tx(&state, async |tx| {
        attachments::upload(tx, &who, *id, &filename, &content_type, data).await
    })
    .await?;
    let mut res = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(res
        .insert_header(("Location", format!("/api/v1/attachments/{}", a.id)))
        .json(a))
}
