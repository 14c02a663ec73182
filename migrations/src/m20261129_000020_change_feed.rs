//! The change feed (issue 13 §1): one row per changed resource of the collections an integrator
//! may mirror, with its place `seq` in one sequence that only grows, and `delete` rows
//! (tombstones) for what was deleted. Triggers write the rows, so that no write path (a
//! service, a cascade, the command line) can forget one; they write them unsealed (`seq` null)
//! and the transaction's commit seals them under `change_head`'s row lock (see
//! `store::changes`), so that places follow the order in which transactions commit: a reader
//! that resumes after the last place it saw can never miss a change that committed later with a
//! smaller place. A resource changed again moves to a new place: each appears once, at its last
//! change. Rows that exist already are written here unsealed and sealed at the next start.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Changes {
    Table,
    Collection,
    EntityId,
    Op,
    Seq,
    ChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChangeHead {
    Table,
    Id,
    Seq,
}

/// The mirrored collections: the name in the feed is the table's.
const COLLECTIONS: [&str; 7] = [
    "meetings",
    "agenda_items",
    "conclusions",
    "escalations",
    "cases",
    "briefings",
    "supervision_tasks",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Changes::Table)
                .col(string_len(Changes::Collection, 40))
                .col(uuid(Changes::EntityId))
                .col(string_len(Changes::Op, 10))
                .col(big_integer_null(Changes::Seq))
                .col(timestamp_with_time_zone_null(Changes::ChangedAt))
                .primary_key(
                    Index::create()
                        .col(Changes::Collection)
                        .col(Changes::EntityId),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_changes_seq")
                .table(Changes::Table)
                .col(Changes::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChangeHead::Table)
                .col(integer(ChangeHead::Id).primary_key())
                .col(big_integer(ChangeHead::Seq))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared("INSERT INTO change_head (id, seq) VALUES (1, 0)")
            .await?;
        // The rows still to seal: few, since every commit seals its own.
        db.execute_unprepared(
            "CREATE INDEX ix_changes_unsealed ON changes (collection, entity_id) WHERE seq IS NULL",
        )
        .await?;
        let postgres = m.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
        if postgres {
            db.execute_unprepared(
                "CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                   IF TG_OP = 'DELETE' THEN
                     INSERT INTO changes (collection, entity_id, op) VALUES (TG_ARGV[0], OLD.id, 'delete')
                     ON CONFLICT (collection, entity_id) DO UPDATE SET op = 'delete', seq = NULL, changed_at = NULL;
                     RETURN OLD;
                   END IF;
                   INSERT INTO changes (collection, entity_id, op) VALUES (TG_ARGV[0], NEW.id, 'upsert')
                   ON CONFLICT (collection, entity_id) DO UPDATE SET op = 'upsert', seq = NULL, changed_at = NULL;
                   RETURN NEW;
                 END $$",
            )
            .await?;
        }
        for t in COLLECTIONS {
            if postgres {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER changes_{t} AFTER INSERT OR UPDATE OR DELETE ON {t} \
                     FOR EACH ROW EXECUTE FUNCTION record_change('{t}')"
                ))
                .await?;
            } else {
                for (event, row, op) in [
                    ("INSERT", "NEW", "upsert"),
                    ("UPDATE", "NEW", "upsert"),
                    ("DELETE", "OLD", "delete"),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER changes_{t}_{e} AFTER {event} ON {t} BEGIN \
                         INSERT INTO changes (collection, entity_id, op) VALUES ('{t}', {row}.id, '{op}') \
                         ON CONFLICT (collection, entity_id) DO UPDATE SET op = '{op}', seq = NULL, changed_at = NULL; \
                         END",
                        e = event.to_lowercase()
                    ))
                    .await?;
                }
            }
            db.execute_unprepared(&format!(
                "INSERT INTO changes (collection, entity_id, op) SELECT '{t}', id, 'upsert' FROM {t}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
        for t in COLLECTIONS {
            if postgres {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS changes_{t} ON {t}"))
                    .await?;
            } else {
                for e in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS changes_{t}_{e}"))
                        .await?;
                }
            }
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS record_change()")
                .await?;
        }
        m.drop_table(Table::drop().table(ChangeHead::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Changes::Table).to_owned())
            .await
    }
}
