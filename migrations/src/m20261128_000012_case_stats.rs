//! The analysis room's rollup (issue 11's bench: analyses over a million cases): `case_stats`
//! keeps, per day and per month (Beijing time), per street, category, handling unit and kind,
//! the counts the analyses add up, so that a period's figures read a few hundred rows instead of
//! every case; `case_channel_stats` the same days' and months' cases per channel (kept apart:
//! the channel multiplies the rows of a day about fivefold and only the overview asks for it).
//! On SQLite both are `WITHOUT ROWID` tables, stored in the order of their key, so a period is
//! one range of the table. The intake keeps it in the same transaction as the cases; the server
//! rebuilds it at start when its total disagrees with the cases (for example right after this
//! migration). `unit_key` is the nil UUID for a case not yet dispatched: a unique key cannot hold
//! NULL as one value on both databases, and this table is derived data, so it has no foreign keys.
//!
//! `cases.fixed_marks` is the number of marks of poor disposal that no longer change (resolved
//! late, sent back, rated unsatisfied, escalated), indexed per handling unit so that each unit's
//! worst cases are found without reading its other cases. An open case's lateness changes with
//! time and is counted from the open cases (`ix_cases_open`, and per unit `ix_cases_open_unit`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseStats {
    Table,
    /// 1: `bucket` is a day (`YYYY-MM-DD`); 2: a month (`YYYY-MM`).
    Span,
    Bucket,
    StreetId,
    CategoryId,
    UnitKey,
    Kind,
    Cases,
    Resolved,
    ResolvedLate,
    Redone,
    Rated,
    Satisfied,
    Unsatisfied,
    Escalated,
    Marked,
}

#[derive(DeriveIden)]
enum CaseChannelStats {
    Table,
    Span,
    Bucket,
    StreetId,
    CategoryId,
    Kind,
    Channel,
    Cases,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    FixedMarks,
}

const AFTER: &[&str] = &[
    "UPDATE cases SET fixed_marks = \
       (CASE WHEN status IN ('resolved', 'closed') AND due_at IS NOT NULL AND resolved_at IS NOT NULL AND resolved_at > due_at THEN 1 ELSE 0 END) \
     + (CASE WHEN redo_count > 0 THEN 1 ELSE 0 END) \
     + (CASE WHEN satisfaction = 'unsatisfied' THEN 1 ELSE 0 END) \
     + (CASE WHEN supervision_level <> 'none' THEN 1 ELSE 0 END)",
    "CREATE INDEX ix_cases_unit_marks ON cases (handling_unit_id, fixed_marks, received_at, case_number) WHERE fixed_marks > 0",
    "CREATE INDEX ix_cases_open ON cases (received_at) WHERE status IN ('received', 'dispatched', 'in_progress')",
    "CREATE INDEX ix_cases_open_unit ON cases (handling_unit_id, received_at) WHERE status IN ('received', 'dispatched', 'in_progress')",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Stored in key order on SQLite; PostgreSQL keeps its heap and the key's index.
        let clustered = |t: &mut TableCreateStatement| {
            if m.get_database_backend() == DbBackend::Sqlite {
                t.extra("WITHOUT ROWID");
            }
            t.to_owned()
        };
        m.create_table(clustered(
            Table::create()
                .table(CaseStats::Table)
                .col(small_integer(CaseStats::Span))
                .col(string_len(CaseStats::Bucket, 10))
                .col(uuid(CaseStats::StreetId))
                .col(uuid(CaseStats::CategoryId))
                .col(uuid(CaseStats::UnitKey))
                .col(string_len(CaseStats::Kind, 32))
                .col(big_integer(CaseStats::Cases))
                .col(big_integer(CaseStats::Resolved))
                .col(big_integer(CaseStats::ResolvedLate))
                .col(big_integer(CaseStats::Redone))
                .col(big_integer(CaseStats::Rated))
                .col(big_integer(CaseStats::Satisfied))
                .col(big_integer(CaseStats::Unsatisfied))
                .col(big_integer(CaseStats::Escalated))
                .col(big_integer(CaseStats::Marked))
                .primary_key(
                    Index::create()
                        .col(CaseStats::Span)
                        .col(CaseStats::Bucket)
                        .col(CaseStats::StreetId)
                        .col(CaseStats::CategoryId)
                        .col(CaseStats::UnitKey)
                        .col(CaseStats::Kind),
                ),
        ))
        .await?;
        m.create_table(clustered(
            Table::create()
                .table(CaseChannelStats::Table)
                .col(small_integer(CaseChannelStats::Span))
                .col(string_len(CaseChannelStats::Bucket, 10))
                .col(uuid(CaseChannelStats::StreetId))
                .col(uuid(CaseChannelStats::CategoryId))
                .col(string_len(CaseChannelStats::Kind, 32))
                .col(string_len(CaseChannelStats::Channel, 32))
                .col(big_integer(CaseChannelStats::Cases))
                .primary_key(
                    Index::create()
                        .col(CaseChannelStats::Span)
                        .col(CaseChannelStats::Bucket)
                        .col(CaseChannelStats::StreetId)
                        .col(CaseChannelStats::CategoryId)
                        .col(CaseChannelStats::Kind)
                        .col(CaseChannelStats::Channel),
                ),
        ))
        .await?;
        m.alter_table(
            Table::alter()
                .table(Cases::Table)
                .add_column(small_integer(Cases::FixedMarks).default(0))
                .to_owned(),
        )
        .await?;
        crate::util::run_all(m.get_connection(), AFTER).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for sql in [
            "DROP INDEX ix_cases_open_unit",
            "DROP INDEX ix_cases_open",
            "DROP INDEX ix_cases_unit_marks",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Cases::Table)
                .drop_column(Cases::FixedMarks)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(CaseChannelStats::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CaseStats::Table).to_owned())
            .await
    }
}
