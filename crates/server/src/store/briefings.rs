//! `briefings`: what the meeting workflow asks of them (a meeting is reported once a briefing on
//! it was issued) and the issue numbers, given out of `briefing_counters`.

use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;
use yanpan_types::{BriefingKind, BriefingStatus};

use crate::entities::{briefing, briefing_counter};
use crate::error::{ApiError, ApiResult};

/// Whether a briefing (or special report) on the meeting was issued.
pub async fn issued_for_meeting(conn: &impl ConnectionTrait, meeting_id: Uuid) -> ApiResult<bool> {
    Ok(briefing::Entity::find()
        .filter(briefing::Column::MeetingId.eq(meeting_id))
        .filter(briefing::Column::Status.eq(BriefingStatus::Issued))
        .count(conn)
        .await?
        > 0)
}

/// The next number of `kind` in `year`. The counter row is raised in the caller's transaction:
/// concurrent issues wait for each other's row lock (PostgreSQL) or writer turn (SQLite), and a
/// transaction that rolls back gives its number back, so numbers have neither gaps nor
/// duplicates.
pub async fn next_number(
    conn: &impl ConnectionTrait,
    kind: BriefingKind,
    year: i32,
) -> ApiResult<i32> {
    use briefing_counter::Column as C;
    briefing_counter::Entity::insert(briefing_counter::ActiveModel {
        kind: Set(kind),
        year: Set(year),
        last_number: Set(0),
    })
    .on_conflict(
        OnConflict::columns([C::Kind, C::Year])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    use sea_orm::sea_query::ExprTrait as _;
    let raise = Query::update()
        .table(briefing_counter::Entity)
        .value(C::LastNumber, Expr::col(C::LastNumber).add(1))
        .and_where(Expr::col(C::Kind).eq(kind.as_str()))
        .and_where(Expr::col(C::Year).eq(year))
        .to_owned();
    conn.execute(&raise).await?;
    let row = briefing_counter::Entity::find_by_id((kind, year))
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("briefing counter row missing")))?;
    Ok(row.last_number)
}
