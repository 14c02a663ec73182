//! Unit submissions (Art. 10) with versioned resubmission before the meeting starts, the
//! tracker of who submitted, who was late and who is missing, and attachments kept in the
//! database (size limit, content-type allow-list checked against the file's magic bytes, SHA-256).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use yanpan_types::*;

use super::audit;
use super::{meetings, now};
use crate::auth::Principal;
use crate::domain::submission as submission_rules;
use crate::entities::{attachment, participant, submission, unit};
use crate::error::{ApiError, ApiResult, sql_err};

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

fn attachment_dto(m: &attachment::Model) -> Attachment {
    Attachment {
        id: m.id,
        meeting_id: m.meeting_id,
        unit_id: m.unit_id,
        filename: m.filename.clone(),
        content_type: m.content_type.clone(),
        size: m.size,
        sha256: m.sha256.clone(),
        created_at: m.created_at,
    }
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

/// Stores an uploaded file. Unit representatives upload for their unit (only to meetings they
/// take part in); organisers upload meeting materials.
pub async fn upload(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> ApiResult<Attachment> {
    let m = meetings::visible(conn, who, meeting_id).await?;
    meetings::ensure_open(&m)?;
    check_content(content_type, &data)?;
    let unit_id = if who.role == Role::UnitRep {
        who.unit_id
    } else {
        None
    };
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
        sha256: Set(hex::encode(Sha256::digest(&data))),
        data: Set(data),
        uploaded_by: Set(who.id),
        created_at: Set(now()),
    }
    .insert(conn)
    .await?;
    let dto = attachment_dto(&row);
    audit::record(
        conn,
        &who.actor(),
        "attachment",
        Some(dto.id),
        "upload",
        None::<&()>,
        Some(&dto),
    )
    .await?;
    Ok(dto)
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
                meetings::visible(conn, who, a.meeting_id).await?;
            }
            _ => return Err(ApiError::forbidden("this file belongs to another unit")),
        }
    }
    Ok(a)
}

pub fn meta(a: &attachment::Model) -> Attachment {
    attachment_dto(a)
}

async fn attachments_of(
    conn: &impl ConnectionTrait,
    submission_id: Uuid,
) -> ApiResult<Vec<Attachment>> {
    let sql = sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        match conn.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "SELECT attachment_id FROM submission_attachments WHERE submission_id = $1"
            }
            _ => "SELECT attachment_id FROM submission_attachments WHERE submission_id = ?",
        },
        [submission_id.into()],
    );
    let ids: Vec<Uuid> = conn
        .query_all_raw(sql)
        .await?
        .into_iter()
        .filter_map(|r| r.try_get::<Uuid>("", "attachment_id").ok())
        .collect();
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
    Ok(rows
        .into_iter()
        .map(
            |(id, meeting_id, unit_id, filename, content_type, size, sha256, created_at)| {
                Attachment {
                    id,
                    meeting_id,
                    unit_id,
                    filename,
                    content_type,
                    size,
                    sha256,
                    created_at,
                }
            },
        )
        .collect())
}

/// `due_at`: the meeting's submission due time now (lateness is judged against it).
async fn to_dto(
    conn: &impl ConnectionTrait,
    s: submission::Model,
    due_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Submission> {
    Ok(Submission {
        id: s.id,
        meeting_id: s.meeting_id,
        unit_id: s.unit_id,
        version_no: s.version_no,
        opinion: s.opinion,
        attachments: attachments_of(conn, s.id).await?,
        submitted_by: s.submitted_by,
        submitted_at: s.submitted_at,
        late: submission_rules::is_late(s.submitted_at, s.due_at_when_submitted, due_at),
    })
}

pub async fn submit(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    input: &CreateSubmission,
) -> ApiResult<Submission> {
    let unit_id = who
        .unit_id
        .ok_or_else(|| ApiError::forbidden("only a unit's representative submits its analysis"))?;
    let m = meetings::find(conn, meeting_id).await?;
    let invited = participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(meeting_id))
        .filter(participant::Column::UnitId.eq(unit_id))
        .one(conn)
        .await?;
    if invited.is_none() {
        return Err(ApiError::forbidden(
            "your unit is not invited to this meeting",
        ));
    }
    let status = meetings::status_of(&m)?;
    if !matches!(status, MeetingStatus::Draft | MeetingStatus::Scheduled) {
        return Err(ApiError::conflict(
            "submissions_closed",
            "submissions close when the meeting starts",
        ));
    }
    let mut ids = input.attachment_ids.clone();
    ids.sort();
    ids.dedup();
    let found = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids.clone()))
        .filter(attachment::Column::MeetingId.eq(meeting_id))
        .filter(attachment::Column::UnitId.eq(unit_id))
        .select_only()
        .column(attachment::Column::Id)
        .into_tuple::<Uuid>()
        .all(conn)
        .await?;
    if found.len() != ids.len() {
        return Err(ApiError::field(
            "attachment_ids",
            "unknown",
            "attach files your unit uploaded to this meeting",
        ));
    }
    let last: Option<i32> = submission::Entity::find()
        .filter(submission::Column::MeetingId.eq(meeting_id))
        .filter(submission::Column::UnitId.eq(unit_id))
        .select_only()
        .column_as(submission::Column::VersionNo.max(), "max")
        .into_tuple::<Option<i32>>()
        .one(conn)
        .await?
        .flatten();
    let t = now();
    let row = submission::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        unit_id: Set(unit_id),
        version_no: Set(last.unwrap_or(0) + 1),
        opinion: Set(input.opinion.clone()),
        submitted_by: Set(who.id),
        submitted_at: Set(t),
        due_at_when_submitted: Set(Some(m.submission_due_at)),
    }
    .insert(conn)
    .await
    .map_err(|e| match sql_err(&e) {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            "concurrent_submission",
            "another submission was saved at the same moment; try again",
        ),
        _ => e.into(),
    })?;
    for a in &ids {
        let sql = sea_orm::Statement::from_sql_and_values(
            conn.get_database_backend(),
            match conn.get_database_backend() {
                sea_orm::DbBackend::Postgres => {
                    "INSERT INTO submission_attachments (submission_id, attachment_id) VALUES ($1, $2)"
                }
                _ => {
                    "INSERT INTO submission_attachments (submission_id, attachment_id) VALUES (?, ?)"
                }
            },
            [row.id.into(), (*a).into()],
        );
        conn.execute_raw(sql).await?;
    }
    let dto = to_dto(conn, row, m.submission_due_at).await?;
    audit::record(
        conn,
        &who.actor(),
        "submission",
        Some(dto.id),
        "submit",
        None::<&()>,
        Some(&dto),
    )
    .await?;
    Ok(dto)
}

pub async fn get(conn: &impl ConnectionTrait, who: &Principal, id: Uuid) -> ApiResult<Submission> {
    let s = submission::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("submission"))?;
    if who.role == Role::UnitRep && who.unit_id != Some(s.unit_id) {
        return Err(ApiError::forbidden("this is another unit's submission"));
    }
    let m = meetings::find(conn, s.meeting_id).await?;
    to_dto(conn, s, m.submission_due_at).await
}

/// Every version, newest first; a unit_rep sees only its own unit's.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
) -> ApiResult<Vec<Submission>> {
    let mut sel = submission::Entity::find().filter(submission::Column::MeetingId.eq(meeting_id));
    if who.role == Role::UnitRep {
        sel = sel.filter(submission::Column::UnitId.eq(who.unit_id.unwrap_or_default()));
    }
    let rows = sel
        .order_by_desc(submission::Column::SubmittedAt)
        .order_by_desc(submission::Column::VersionNo)
        .all(conn)
        .await?;
    let due_at = meetings::find(conn, meeting_id).await?.submission_due_at;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(to_dto(conn, r, due_at).await?);
    }
    Ok(out)
}

/// Per invited unit: on time if any version came by the due time, late if only after, else missing.
pub async fn tracker(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> ApiResult<Vec<SubmissionStatus>> {
    let m = meetings::find(conn, meeting_id).await?;
    let invited = participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(meeting_id))
        .filter(participant::Column::Role.eq(ParticipantRole::Invited.as_str()))
        .all(conn)
        .await?;
    let subs = submission::Entity::find()
        .filter(submission::Column::MeetingId.eq(meeting_id))
        .all(conn)
        .await?;
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(invited.iter().map(|p| p.unit_id).collect::<Vec<_>>()))
        .all(conn)
        .await?;
    let mut out: Vec<SubmissionStatus> = invited
        .iter()
        .map(|p| {
            let mine: Vec<&submission::Model> =
                subs.iter().filter(|s| s.unit_id == p.unit_id).collect();
            let latest = mine.iter().max_by_key(|s| s.version_no);
            let times: Vec<_> = mine
                .iter()
                .map(|s| (s.submitted_at, s.due_at_when_submitted))
                .collect();
            let state = submission_rules::state(&times, m.submission_due_at);
            SubmissionStatus {
                unit_id: p.unit_id,
                unit_name: units
                    .iter()
                    .find(|u| u.id == p.unit_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                state,
                due_at: m.submission_due_at,
                latest_submission_id: latest.map(|s| s.id),
                submitted_at: latest.map(|s| s.submitted_at),
                versions: mine.len() as i32,
            }
        })
        .collect();
    out.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    Ok(out)
}
