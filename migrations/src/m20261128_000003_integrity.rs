//! The database keeps the one-only rules and the references true, so that concurrent requests
//! (PostgreSQL runs them side by side under READ COMMITTED) cannot break them:
//! - one standing escalation (anything but rejected) per agenda item;
//! - one correction per superseded conclusion;
//! - one agenda position per meeting;
//! - an escalation's conclusion and its level-1 agenda item exist while it names them
//!   (deleting either is refused, never leaving a dangling reference).
//!
//! And a submission's `late` flag goes: it was stored when the unit submitted and went stale when
//! the meeting moved. In its place the fact it was judged from, the due time when the version
//! came (`due_at_when_submitted`); lateness is derived from that and the meeting's due time now
//! on every read. Existing versions take the meeting's due time as it stands.
//!
//! PostgreSQL gets real foreign keys. SQLite cannot add a constraint to an existing table without
//! rebuilding it, so there triggers refuse the same changes with SQLite's own message for a
//! foreign-key failure ("FOREIGN KEY constraint failed"), which the server maps to 409 as it does
//! for real foreign keys.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    "CREATE UNIQUE INDEX ux_escalations_item_standing ON escalations (agenda_item_id) \
     WHERE agenda_item_id IS NOT NULL AND status <> 'rejected'",
    "CREATE UNIQUE INDEX ux_conclusions_supersedes ON conclusions (supersedes_id) \
     WHERE supersedes_id IS NOT NULL",
    "CREATE UNIQUE INDEX ux_agenda_items_position ON agenda_items (meeting_id, position)",
    "CREATE INDEX ix_escalations_meeting ON escalations (meeting_id)",
    "CREATE INDEX ix_escalations_conclusion ON escalations (conclusion_id)",
    "CREATE INDEX ix_escalations_level1_item ON escalations (level1_item_id)",
];

const POSTGRES: &[&str] = &[
    "ALTER TABLE escalations ADD CONSTRAINT fk_escalations_conclusion \
     FOREIGN KEY (conclusion_id) REFERENCES conclusions (id) ON DELETE RESTRICT",
    "ALTER TABLE escalations ADD CONSTRAINT fk_escalations_level1_item \
     FOREIGN KEY (level1_item_id) REFERENCES agenda_items (id) ON DELETE RESTRICT",
];

const SQLITE: &[&str] = &[
    "CREATE TRIGGER fk_escalations_conclusion_ins BEFORE INSERT ON escalations \
     WHEN NEW.conclusion_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conclusions WHERE id = NEW.conclusion_id) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE TRIGGER fk_escalations_conclusion_upd BEFORE UPDATE OF conclusion_id ON escalations \
     WHEN NEW.conclusion_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conclusions WHERE id = NEW.conclusion_id) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE TRIGGER fk_escalations_conclusion_del BEFORE DELETE ON conclusions \
     WHEN EXISTS (SELECT 1 FROM escalations WHERE conclusion_id = OLD.id) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE TRIGGER fk_escalations_level1_item_ins BEFORE INSERT ON escalations \
     WHEN NEW.level1_item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agenda_items WHERE id = NEW.level1_item_id) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE TRIGGER fk_escalations_level1_item_upd BEFORE UPDATE OF level1_item_id ON escalations \
     WHEN NEW.level1_item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agenda_items WHERE id = NEW.level1_item_id) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
    "CREATE TRIGGER fk_escalations_level1_item_del BEFORE DELETE ON agenda_items \
     WHEN EXISTS (SELECT 1 FROM escalations WHERE level1_item_id = OLD.id) \
     BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        crate::util::run_all(conn, INDEXES).await?;
        let backend = match m.get_database_backend() {
            DbBackend::Postgres => POSTGRES,
            DbBackend::Sqlite => SQLITE,
            _ => &[],
        };
        crate::util::run_all(conn, backend).await?;
        m.alter_table(
            Table::alter()
                .table("submissions")
                .add_column(
                    ColumnDef::new("due_at_when_submitted")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        conn.execute_unprepared(
            "UPDATE submissions SET due_at_when_submitted = \
             (SELECT submission_due_at FROM meetings WHERE meetings.id = submissions.meeting_id)",
        )
        .await?;
        conn.execute_unprepared("ALTER TABLE submissions DROP COLUMN late")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        conn.execute_unprepared(
            "ALTER TABLE submissions ADD COLUMN late BOOLEAN NOT NULL DEFAULT FALSE",
        )
        .await?;
        conn.execute_unprepared("ALTER TABLE submissions DROP COLUMN due_at_when_submitted")
            .await?;
        match m.get_database_backend() {
            DbBackend::Postgres => {
                for c in ["fk_escalations_conclusion", "fk_escalations_level1_item"] {
                    conn.execute_unprepared(&format!(
                        "ALTER TABLE escalations DROP CONSTRAINT IF EXISTS {c}"
                    ))
                    .await?;
                }
            }
            DbBackend::Sqlite => {
                for t in [
                    "fk_escalations_conclusion_ins",
                    "fk_escalations_conclusion_upd",
                    "fk_escalations_conclusion_del",
                    "fk_escalations_level1_item_ins",
                    "fk_escalations_level1_item_upd",
                    "fk_escalations_level1_item_del",
                ] {
                    conn.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                        .await?;
                }
            }
            _ => {}
        }
        for i in [
            "ux_escalations_item_standing",
            "ux_conclusions_supersedes",
            "ux_agenda_items_position",
            "ix_escalations_meeting",
            "ix_escalations_conclusion",
            "ix_escalations_level1_item",
        ] {
            conn.execute_unprepared(&format!("DROP INDEX IF EXISTS {i}"))
                .await?;
        }
        Ok(())
    }
}
