//! Fewer calls for the platform's scripts (issue 13 §5): the platform's own reference on
//! meetings (unique) and agenda items (unique within their meeting), so that a script finds what
//! it created without keeping Yanpan's ids; and `evidence_cases`, the case numbers that agenda
//! items cite as evidence, so that meetings can be found by a case number. The case numbers of
//! existing items are copied here from their evidence.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Meetings {
    Table,
    PlatformRef,
}

#[derive(DeriveIden, Clone, Copy)]
enum AgendaItems {
    Table,
    PlatformRef,
}

#[derive(DeriveIden, Clone, Copy)]
enum EvidenceCases {
    Table,
    AgendaItemId,
    MeetingId,
    CaseNumber,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        m.alter_table(
            Table::alter()
                .table(Meetings::Table)
                .add_column(string_len_null(Meetings::PlatformRef, 100))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AgendaItems::Table)
                .add_column(string_len_null(AgendaItems::PlatformRef, 100))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_meetings_platform_ref ON meetings (platform_ref) \
             WHERE platform_ref IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_agenda_items_platform_ref ON agenda_items (meeting_id, platform_ref) \
             WHERE platform_ref IS NOT NULL",
        )
        .await?;
        let t = EvidenceCases::Table;
        m.create_table(
            Table::create()
                .table(t)
                .col(uuid(EvidenceCases::AgendaItemId))
                .col(uuid(EvidenceCases::MeetingId))
                .col(string_len(EvidenceCases::CaseNumber, 64))
                .primary_key(
                    Index::create()
                        .col(EvidenceCases::AgendaItemId)
                        .col(EvidenceCases::CaseNumber),
                )
                .foreign_key(&mut fk(
                    "fk_evidence_cases_item",
                    t,
                    EvidenceCases::AgendaItemId,
                    "agenda_items",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_evidence_cases_meeting",
                    t,
                    EvidenceCases::MeetingId,
                    "meetings",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_evidence_cases_number")
                .table(t)
                .col(EvidenceCases::CaseNumber)
                .col(EvidenceCases::MeetingId)
                .to_owned(),
        )
        .await?;
        let copy = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "INSERT INTO evidence_cases (agenda_item_id, meeting_id, case_number) \
                 SELECT DISTINCT a.id, a.meeting_id, LEFT(TRIM(n), 64) \
                 FROM agenda_items a, jsonb_array_elements_text(COALESCE(a.evidence::jsonb -> 'case_numbers', '[]'::jsonb)) AS n \
                 WHERE TRIM(n) <> '' ON CONFLICT DO NOTHING"
            }
            _ => {
                "INSERT OR IGNORE INTO evidence_cases (agenda_item_id, meeting_id, case_number) \
                 SELECT a.id, a.meeting_id, substr(trim(j.value), 1, 64) \
                 FROM agenda_items a, json_each(a.evidence, '$.case_numbers') AS j \
                 WHERE trim(j.value) <> ''"
            }
        };
        db.execute_unprepared(copy).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EvidenceCases::Table).to_owned())
            .await?;
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX ux_agenda_items_platform_ref")
            .await?;
        db.execute_unprepared("DROP INDEX ux_meetings_platform_ref")
            .await?;
        m.alter_table(
            Table::alter()
                .table(AgendaItems::Table)
                .drop_column(AgendaItems::PlatformRef)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Meetings::Table)
                .drop_column(Meetings::PlatformRef)
                .to_owned(),
        )
        .await
    }
}
