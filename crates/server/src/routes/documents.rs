//! `/meetings/{id}/exports/…`: the meeting's printable and exportable documents — the notice,
//! the sign-in sheet and the minutes as Word files, the submission tracker and the attendance as
//! Excel files, the units' materials as one ZIP. Each is sent as an attachment with its Chinese
//! file name (RFC 6266 `filename*`, with an ASCII `filename` for old clients), never cached.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::{MeetingReaders, Overseers};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::services::documents::{self, Export, MATERIALS_LIMIT_BYTES};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_notice)
        .service(export_sign_in_sheet)
        .service(export_minutes)
        .service(export_submission_tracker)
        .service(export_attendance)
        .service(export_materials);
}

/// A file's bytes; the media type says which kind.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct FileBytes(Vec<u8>);

/// Percent-encodes `s` as RFC 8187 (`attr-char` kept, every other byte of its UTF-8 as `%XX`).
fn ext_value(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `attachment; filename="meeting-….docx"; filename*=UTF-8''%E4%BC%9A…`
pub fn content_disposition(file_name: &str, ascii_fallback: &str) -> String {
    let ascii: String = ascii_fallback
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        ext_value(file_name)
    )
}

fn send(e: Export) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, e.kind.content_type()))
        // DOCX, XLSX and ZIP are compressed already: the compression middleware leaves them be.
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&e.file_name(), &e.ascii_file_name()),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(e.bytes)
}

/// 会议通知: the meeting notice as Word (DOCX).
///
/// Kind and title, time and place (Beijing time), chair, participating units, the submission
/// deadline, the agenda by its five categories, the issuing unit and date.
#[utoipa::path(tag = "documents", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The notice (DOCX)", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/meetings/{id}/exports/notice")]
pub async fn export_notice(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(send(documents::notice(&state.db, &who, *id).await?))
}

/// 签到表: the sign-in sheet as Word (DOCX).
///
/// The meeting's title, time and place, and a row per participating unit with blank cells for
/// who attends, their post and their signature.
#[utoipa::path(tag = "documents", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The sign-in sheet (DOCX)", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/meetings/{id}/exports/sign-in-sheet")]
pub async fn export_sign_in_sheet(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(send(documents::sign_in_sheet(&state.db, &who, *id).await?))
}

/// 会议纪要: the minutes as Word (DOCX).
///
/// Time, place, chair, attendance (with reasons), the minutes, the adopted conclusions in force
/// with their recommendations and responsible units, and the matters taken to the level-1
/// meeting. Marked 未定稿 until the meeting is concluded.
#[utoipa::path(tag = "documents", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The minutes (DOCX)", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/meetings/{id}/exports/minutes")]
pub async fn export_minutes(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(send(documents::minutes(&state.db, &who, *id).await?))
}

/// 研判意见报送情况: the submission tracker as Excel (XLSX).
///
/// The tracker's columns with Chinese headers, one row per invited unit, states in Chinese,
/// times in Beijing time. Overseers only, like the tracker.
#[utoipa::path(tag = "documents", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The submission tracker (XLSX)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/meetings/{id}/exports/submission-tracker")]
pub async fn export_submission_tracker(
    state: web::Data<AppState>,
    _who: Authed<Overseers>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(send(documents::submission_tracker(&state.db, *id).await?))
}

/// 出席情况: the attendance as Excel (XLSX).
///
/// One row per participating unit: its part, its attendance in Chinese, who attended and the
/// reason recorded.
#[utoipa::path(tag = "documents", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The attendance (XLSX)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/meetings/{id}/exports/attendance")]
pub async fn export_attendance(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(send(documents::attendance(&state.db, &who, *id).await?))
}

/// 单位材料: the units' submission materials as one ZIP.
///
/// A folder per unit (UTF-8 names) with its latest submission's opinion as text and that
/// version's files, and `目录.txt` listing them. A unit representative gets its own unit's only.
/// Refused with 422 (`payload_too_large`) when the files exceed 200 MiB together.
#[utoipa::path(tag = "documents", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The units' materials (ZIP)", content_type = "application/zip", body = inline(FileBytes), headers(("Content-Disposition" = String), ("Cache-Control" = String))),
))]
#[get("/meetings/{id}/exports/materials")]
pub async fn export_materials(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(send(
        documents::materials(&state.db, &who, *id, MATERIALS_LIMIT_BYTES).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disposition_carries_the_chinese_name_and_an_ascii_fallback() {
        assert_eq!(
            content_disposition("例会-会议通知.docx", "meeting-1-notice.docx"),
            "attachment; filename=\"meeting-1-notice.docx\"; filename*=UTF-8''%E4%BE%8B%E4%BC%9A-%E4%BC%9A%E8%AE%AE%E9%80%9A%E7%9F%A5.docx"
        );
        assert!(
            content_disposition("a b\"c.zip", "a \"b\".zip")
                .starts_with("attachment; filename=\"a__b_.zip\"; filename*=UTF-8''a%20b%22c.zip")
        );
    }
}
