//! Attachments: files uploaded to a meeting (materials, or a unit's for its submission), checked
//! against an allow-list by their bytes, stored in the database with their SHA-256.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use yanpan_types::*;

use super::audit;
use super::now;
use crate::auth::Principal;
use crate::entities::{attachment, submission_attachment};
use crate::error::{ApiError, ApiResult};
use crate::store;

/// Content types accepted for attachments, with the leading bytes each must start with.
pub const ALLOWED_TYPES: &[(&str, &[&[u8]])] = &[
    ("application/pdf", &[b"%PDF"]),
    ("application/ofd", &[b"PK\x03\x04"]),
    ("application/msword", &[b"\xD0\xCF\x11\xE0"]),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &[b"PK\x03\x04"],
    ),
    ("application/vnd.ms-excel", &[b"\xD0\xCF\x11\xE0"]),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &[b"PK\x03\x04"],
    ),
    ("application/vnd.ms-powerpoint", &[b"\xD0\xCF\x11\xE0"]),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        &[b"PK\x03\x04"],
    ),
    ("image/png", &[b"\x89PNG"]),
    ("image/jpeg", &[b"\xFF\xD8\xFF"]),
    ("text/plain", &[]),
    ("text/csv", &[]),
];

/// The description of a stored file, with its unit's name.
pub async fn attachment_dto(
    conn: &impl ConnectionTrait,
    m: &attachment::Model,
) -> ApiResult<Attachment> {
    let units = store::names::units(conn, m.unit_id).await?;
    Ok(Attachment {
        id: m.id,
        meeting_id: m.meeting_id,
        unit_id: m.unit_id,
        unit_name: m.unit_id.and_then(|u| units.get(&u).cloned()),
        filename: m.filename.clone(),
        content_type: m.content_type.clone(),
        size: m.size,
        sha256: m.sha256.clone(),
        created_at: m.created_at,
    })
}

/// Checks the declared type against the allow-list and the content (text must be UTF-8).
pub fn check_content(content_type: &str, data: &[u8]) -> ApiResult<()> {
    let Some((_, magics)) = ALLOWED_TYPES.iter().find(|(t, _)| *t == content_type) else {
        return Err(ApiError::UnsupportedMediaType(format!(
            "attachments may be PDF, OFD, Word, Excel, PowerPoint, PNG, JPEG, plain text or CSV; not {content_type}"
        )));
    };
    let fits = if magics.is_empty() {
        std::str::from_utf8(data).is_ok()
    } else {
        magics.iter().any(|m| data.starts_with(m))
    };
    if !fits {
        return Err(ApiError::UnsupportedMediaType(format!(
            "the file's content is not {content_type}"
        )));
    }
    Ok(())
}

/// The type a file's bytes and name say it is, for uploads sent as `application/octet-stream`
/// (what many scripts and some browsers send): the signature decides, and the extension tells
/// apart the formats that share one (Office's OLE and ZIP containers, OFD). `None` when neither
/// says anything on the allow-list.
pub fn sniff(filename: &str, data: &[u8]) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let by_ext =
        |pairs: &[(&str, &'static str)]| pairs.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t);
    if data.starts_with(b"%PDF") {
        Some("application/pdf")
    } else if data.starts_with(b"\x89PNG") {
        Some("image/png")
    } else if data.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if data.starts_with(b"\xD0\xCF\x11\xE0") {
        by_ext(&[
            ("doc", "application/msword"),
            ("xls", "application/vnd.ms-excel"),
            ("ppt", "application/vnd.ms-powerpoint"),
        ])
    } else if data.starts_with(b"PK\x03\x04") {
        by_ext(&[
            (
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                "pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ),
            ("ofd", "application/ofd"),
        ])
    } else if std::str::from_utf8(data).is_ok() {
        by_ext(&[("txt", "text/plain"), ("csv", "text/csv")])
    } else {
        None
    }
}

/// Stores an uploaded file, or recognises it: the same bytes (SHA-256) uploaded to the same
/// meeting by the same owner before (a retried upload) give that attachment back, with `false`,
/// and nothing is stored. Unit representatives upload for their unit (only to meetings they take
/// part in); organisers upload meeting materials.
pub async fn upload(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> ApiResult<(Attachment, bool)> {
    let m = store::meetings::visible(conn, who, meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    let unit_id = if who.role == Role::UnitRep {
        who.unit_id
    } else {
        None
    };
    store_file(conn, who, meeting_id, unit_id, filename, content_type, data).await
}

/// Stores a file with the meeting `meeting_id`, owned by `unit_id` (`None`: the command
/// center's), or recognises it: the same bytes (SHA-256) stored with the same meeting and owner
/// before (a retried upload) give that attachment back, with `false`, and nothing is stored.
/// The caller has decided that `who` may.
pub async fn store_file(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    unit_id: Option<Uuid>,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> ApiResult<(Attachment, bool)> {
    let content_type = match content_type {
        "application/octet-stream" => sniff(filename, &data).ok_or_else(|| {
            ApiError::UnsupportedMediaType(
                "sent as application/octet-stream, and neither its content nor its name says it is PDF, OFD, Word, Excel, PowerPoint, PNG, JPEG, plain text or CSV".into(),
            )
        })?,
        declared => declared,
    };
    check_content(content_type, &data)?;
    let sha256 = hex::encode(Sha256::digest(&data));
    // Uploads to one meeting take turns (its row locked), so that two copies of one retried
    // upload cannot both miss the other and be stored twice. (A unique index cannot say it:
    // databases that already hold duplicates could not take it.)
    store::meetings::find_for_update(conn, meeting_id).await?;
    let owner = match unit_id {
        Some(u) => attachment::Column::UnitId.eq(u),
        None => attachment::Column::UnitId.is_null(),
    };
    if let Some(same) = attachment::Entity::find()
        .filter(attachment::Column::MeetingId.eq(meeting_id))
        .filter(owner)
        .filter(attachment::Column::Sha256.eq(sha256.as_str()))
        .one(conn)
        .await?
    {
        return Ok((attachment_dto(conn, &same).await?, false));
    }
    let clean: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("file")
        .chars()
        .filter(|c| !c.is_control())
        .take(255)
        .collect();
    let row = attachment::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        unit_id: Set(unit_id),
        filename: Set(if clean.is_empty() {
            "file".into()
        } else {
            clean
        }),
        content_type: Set(content_type.into()),
        size: Set(data.len() as i64),
        sha256: Set(sha256),
        data: Set(data),
        uploaded_by: Set(who.id),
        created_at: Set(now()),
    }
    .insert(conn)
    .await?;
    let dto = attachment_dto(conn, &row).await?;
    audit::created(
        conn,
        &who.actor(),
        AuditEntity::Attachment,
        Some(dto.id),
        AuditAction::Upload,
        &dto,
    )
    .await?;
    Ok((dto, true))
}

/// The attachment, if the caller may read it (a unit_rep: its own unit's files and the
/// materials of meetings it takes part in).
pub async fn readable(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<attachment::Model> {
    let a = attachment::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("attachment"))?;
    if who.role == Role::UnitRep {
        match a.unit_id {
            Some(u) if Some(u) == who.unit_id => {}
            None => {
                store::meetings::visible(conn, who, a.meeting_id).await?;
            }
            _ => return Err(ApiError::forbidden("this file belongs to another unit")),
        }
    }
    Ok(a)
}

pub async fn meta(conn: &impl ConnectionTrait, a: &attachment::Model) -> ApiResult<Attachment> {
    attachment_dto(conn, a).await
}

/// The files of each of `submission_ids`, in one query (without their bytes).
pub async fn for_submissions(
    conn: &impl ConnectionTrait,
    submission_ids: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<Attachment>>> {
    let mut out: HashMap<Uuid, Vec<Attachment>> = HashMap::new();
    if submission_ids.is_empty() {
        return Ok(out);
    }
    let links = submission_attachment::Entity::find()
        .filter(submission_attachment::Column::SubmissionId.is_in(submission_ids.to_vec()))
        .all(conn)
        .await?;
    let by_id = metas(conn, links.iter().map(|l| l.attachment_id)).await?;
    for l in links {
        if let Some(a) = by_id.get(&l.attachment_id) {
            out.entry(l.submission_id).or_default().push(a.clone());
        }
    }
    Ok(out)
}

/// The descriptions of the attachments `ids` (without their bytes), in one query.
pub async fn metas(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<HashMap<Uuid, Attachment>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids))
        .select_only()
        .columns([
            attachment::Column::Id,
            attachment::Column::MeetingId,
            attachment::Column::UnitId,
            attachment::Column::Filename,
            attachment::Column::ContentType,
            attachment::Column::Size,
            attachment::Column::Sha256,
            attachment::Column::CreatedAt,
        ])
        .into_tuple::<(
            Uuid,
            Uuid,
            Option<Uuid>,
            String,
            String,
            i64,
            String,
            chrono::DateTime<chrono::Utc>,
        )>()
        .all(conn)
        .await?;
    let units = store::names::units(conn, rows.iter().filter_map(|r| r.2)).await?;
    let by_id: HashMap<Uuid, Attachment> = rows
        .into_iter()
        .map(
            |(id, meeting_id, unit_id, filename, content_type, size, sha256, created_at)| {
                (
                    id,
                    Attachment {
                        id,
                        meeting_id,
                        unit_id,
                        unit_name: unit_id.and_then(|u| units.get(&u).cloned()),
                        filename,
                        content_type,
                        size,
                        sha256,
                        created_at,
                    },
                )
            },
        )
        .collect();
    Ok(by_id)
}

/// Links a submission version to its files.
pub async fn link(
    conn: &impl ConnectionTrait,
    submission_id: Uuid,
    attachment_ids: &[Uuid],
) -> ApiResult<()> {
    if attachment_ids.is_empty() {
        return Ok(());
    }
    submission_attachment::Entity::insert_many(attachment_ids.iter().map(|a| {
        submission_attachment::ActiveModel {
            submission_id: Set(submission_id),
            attachment_id: Set(*a),
        }
    }))
    .exec(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn an_untyped_upload_is_known_by_its_signature_and_then_its_extension() {
        assert_eq!(sniff("x.bin", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff("扫描件", b"\x89PNG\r\n"), Some("image/png"));
        assert_eq!(sniff("a.JPG", b"\xFF\xD8\xFF\xE0"), Some("image/jpeg"));
        // One container, several formats: the extension tells them apart …
        assert_eq!(
            sniff("意见.DOCX", b"PK\x03\x04rest"),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(
            sniff("签章.ofd", b"PK\x03\x04rest"),
            Some("application/ofd")
        );
        assert_eq!(
            sniff("old.xls", b"\xD0\xCF\x11\xE0"),
            Some("application/vnd.ms-excel")
        );
        // … and without one it is not guessed.
        assert_eq!(sniff("archive.zip", b"PK\x03\x04rest"), None);
        assert_eq!(
            sniff("notes.txt", "会议纪要".as_bytes()),
            Some("text/plain")
        );
        assert_eq!(sniff("notes.txt", b"\xFF\xFE\x00"), None);
        assert_eq!(sniff("run.exe", b"MZ\x90\x00"), None);
    }
}
