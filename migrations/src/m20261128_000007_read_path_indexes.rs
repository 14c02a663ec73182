//! Indexes the read paths walk (issue 10): each sort order of the meeting list (with `id`, its
//! tie-breaker) carries the usual filters (kind, state) beside it, so a page deep in the list
//! skips rows inside the index instead of reading and sorting every meeting it passes; a unit's
//! meetings come from the participants index alone. `ix_meetings_kind_status` stays: it answers
//! the list's count.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// New names, then the old indexes dropped: they are replaced, not redefined in place.
const UP: &[&str] = &[
    "CREATE INDEX ix_meetings_by_start ON meetings (starts_at, id, kind, status)",
    "CREATE INDEX ix_meetings_by_title ON meetings (title, id, kind, status)",
    "CREATE INDEX ix_meetings_by_creation ON meetings (created_at, id, kind, status)",
    "CREATE INDEX ix_participants_unit_meeting ON meeting_participants (unit_id, meeting_id)",
    "DROP INDEX IF EXISTS ix_meetings_starts",
    "DROP INDEX IF EXISTS ix_participants_unit",
];

const DOWN: &[&str] = &[
    "CREATE INDEX ix_meetings_starts ON meetings (starts_at)",
    "CREATE INDEX ix_participants_unit ON meeting_participants (unit_id)",
    "DROP INDEX IF EXISTS ix_meetings_by_start",
    "DROP INDEX IF EXISTS ix_meetings_by_title",
    "DROP INDEX IF EXISTS ix_meetings_by_creation",
    "DROP INDEX IF EXISTS ix_participants_unit_meeting",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::util::run_all(m.get_connection(), UP).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::util::run_all(m.get_connection(), DOWN).await?;
        Ok(())
    }
}
