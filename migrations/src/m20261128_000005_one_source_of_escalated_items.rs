//! An escalated matter's level-1 agenda item was recorded twice: `escalations.level1_item_id`
//! and `agenda_items.source_escalation_id`. The first is the truth (the API derives an item's
//! `source_escalation_id` from it); the second goes. PostgreSQL drops the column. SQLite cannot
//! drop a column that takes part in a foreign key without rebuilding the table, and rebuilding
//! `agenda_items` would delete what refers to it while foreign keys are enforced; there the
//! column is emptied and no longer read or written.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                conn.execute_unprepared(
                    "ALTER TABLE agenda_items DROP COLUMN source_escalation_id",
                )
                .await?;
            }
            _ => {
                conn.execute_unprepared("UPDATE agenda_items SET source_escalation_id = NULL")
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        if m.get_database_backend() == DbBackend::Postgres {
            conn.execute_unprepared(
                "ALTER TABLE agenda_items ADD COLUMN source_escalation_id UUID \
                 REFERENCES escalations (id)",
            )
            .await?;
        }
        conn.execute_unprepared(
            "UPDATE agenda_items SET source_escalation_id = \
             (SELECT id FROM escalations WHERE escalations.level1_item_id = agenda_items.id)",
        )
        .await?;
        Ok(())
    }
}
