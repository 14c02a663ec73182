//! `meetings`: reading a meeting, locking it for a change, and the guards every change of its
//! contents passes (visible to the caller, not locked).

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;
use yanpan_types::ProblemCode;
use yanpan_types::{MeetingStatus, Role};

use crate::auth::Principal;
use crate::entities::{meeting, participant};
use crate::error::{ApiError, ApiResult};

pub fn status_of(m: &meeting::Model) -> ApiResult<MeetingStatus> {
    Ok(m.status)
}

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<meeting::Model> {
    meeting::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("meeting"))
}

/// The meeting, locked for the rest of the transaction (PostgreSQL: `FOR UPDATE`; SQLite has one
/// writer anyway): changes that read the meeting's agenda and then write it (the next position, a
/// new order) take their turn per meeting instead of racing.
pub async fn find_for_update(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<meeting::Model> {
    meeting::Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("meeting"))
}

/// Whether the unit takes part in the meeting.
pub async fn is_participant(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    unit_id: Uuid,
) -> ApiResult<bool> {
    Ok(participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(meeting_id))
        .filter(participant::Column::UnitId.eq(unit_id))
        .count(conn)
        .await?
        > 0)
}

/// The meeting if the caller may see it: a unit_rep sees only meetings its unit takes part in.
pub async fn visible(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<meeting::Model> {
    let m = find(conn, id).await?;
    if who.role == Role::UnitRep {
        let unit = who.unit_id.ok_or_else(|| ApiError::forbidden("no unit"))?;
        if !is_participant(conn, id, unit).await? {
            return Err(ApiError::forbidden(
                "your unit does not take part in this meeting",
            ));
        }
    }
    Ok(m)
}

/// Refuses changes to a concluded, reported or cancelled meeting.
pub fn ensure_open(m: &meeting::Model) -> ApiResult<MeetingStatus> {
    let s = status_of(m)?;
    if s.is_locked() {
        return Err(ApiError::conflict(
            ProblemCode::MeetingLocked,
            format!("the meeting is {s} and can no longer change"),
        ));
    }
    Ok(s)
}
