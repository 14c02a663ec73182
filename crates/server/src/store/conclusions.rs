//! `conclusions`: reading a conclusion and counting a meeting's adopted ones.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;
use yanpan_types::ConclusionStatus;

use crate::entities::conclusion;
use crate::error::{ApiError, ApiResult};

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<conclusion::Model> {
    conclusion::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("conclusion"))
}

pub async fn adopted_count(conn: &impl ConnectionTrait, meeting_id: Uuid) -> ApiResult<u64> {
    Ok(conclusion::Entity::find()
        .filter(conclusion::Column::MeetingId.eq(meeting_id))
        .filter(conclusion::Column::Status.eq(ConclusionStatus::Adopted))
        .count(conn)
        .await?)
}
