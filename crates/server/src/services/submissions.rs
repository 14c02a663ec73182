//! Unit submissions (Art. 10) with versioned resubmission before the meeting starts, and the
//! submission tracker of who submitted, who was late and who is missing. Their files are
//! attachments (`services::attachments`).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::*;

use super::audit;
use super::{attachments, now};
use crate::auth::Principal;
use crate::domain::submission as submission_rules;
use crate::entities::{attachment, participant, submission, unit};
use crate::error::{ApiError, ApiResult, sql_err};
use crate::store;

/// The versions with their files (one query for all files); `due_at` is the meeting's due time
/// now, against which lateness is judged.
async fn to_dtos(
    conn: &impl ConnectionTrait,
    rows: Vec<submission::Model>,
    due_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Vec<Submission>> {
    let ids: Vec<Uuid> = rows.iter().map(|s| s.id).collect();
    let mut files = attachments::for_submissions(conn, &ids).await?;
    let units = store::names::units(conn, rows.iter().map(|s| s.unit_id)).await?;
    let people = store::names::users(conn, rows.iter().map(|s| s.submitted_by)).await?;
    Ok(rows
        .into_iter()
        .map(|s| Submission {
            id: s.id,
            meeting_id: s.meeting_id,
            unit_id: s.unit_id,
            unit_name: units.get(&s.unit_id).cloned().unwrap_or_default(),
            version_no: s.version_no,
            opinion: s.opinion,
            attachments: files.remove(&s.id).unwrap_or_default(),
            submitted_by: s.submitted_by,
            submitted_by_name: people.get(&s.submitted_by).cloned().unwrap_or_default(),
            submitted_at: s.submitted_at,
            late: submission_rules::is_late(s.submitted_at, s.due_at_when_submitted, due_at),
        })
        .collect())
}

async fn to_dto(
    conn: &impl ConnectionTrait,
    s: submission::Model,
    due_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Submission> {
    to_dtos(conn, vec![s], due_at)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("submission"))
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
    let m = store::meetings::find(conn, meeting_id).await?;
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
    let status = store::meetings::status_of(&m)?;
    if !matches!(status, MeetingStatus::Draft | MeetingStatus::Scheduled) {
        return Err(ApiError::conflict(
            ProblemCode::SubmissionsClosed,
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
            ProblemCode::ConcurrentSubmission,
            "another submission was saved at the same moment; try again",
        ),
        _ => e.into(),
    })?;
    attachments::link(conn, row.id, &ids).await?;
    let dto = to_dto(conn, row, m.submission_due_at).await?;
    audit::created(
        conn,
        &who.actor(),
        AuditEntity::Submission,
        Some(dto.id),
        AuditAction::Submit,
        &dto,
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
    let m = store::meetings::find(conn, s.meeting_id).await?;
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
    let due_at = store::meetings::find(conn, meeting_id)
        .await?
        .submission_due_at;
    to_dtos(conn, rows, due_at).await
}

/// Per invited unit: on time if any version came by the due time, late if only after, else missing.
pub async fn tracker(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> ApiResult<Vec<SubmissionTrackerRow>> {
    let m = store::meetings::find(conn, meeting_id).await?;
    let invited = participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(meeting_id))
        .filter(participant::Column::Role.eq(ParticipantRole::Invited))
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
    let mut out: Vec<SubmissionTrackerRow> = invited
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
            SubmissionTrackerRow {
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
