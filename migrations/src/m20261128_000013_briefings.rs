//! Briefings and special reports (issue 12, Art. 7). A briefing is numbered per kind and year
//! when issued: `briefing_counters` holds the last number given, raised in the issuing
//! transaction (a row lock on PostgreSQL, the single writer on SQLite), so numbers have no gaps
//! and a rolled-back issue gives its number back; the unique index is the last guard against a
//! duplicate. A correction names the briefing it corrects, at most one correction each.
//! `briefing_recipients` is the distribution (报/送/发) and each unit's acknowledgement (已阅).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Briefings {
    Table,
    Id,
    Kind,
    Status,
    MeetingId,
    Title,
    Dynamics,
    Problems,
    Opinions,
    Year,
    Number,
    CorrectsId,
    ReturnReason,
    Public,
    PublishedAt,
    IssuedAt,
    IssuedBy,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum BriefingRecipients {
    Table,
    BriefingId,
    UnitId,
    Role,
    AcknowledgedAt,
    AcknowledgedBy,
}

#[derive(DeriveIden)]
enum BriefingCounters {
    Table,
    Kind,
    Year,
    LastNumber,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let b = Briefings::Table;
        m.create_table(
            Table::create()
                .table(Briefings::Table)
                .col(pk_uuid(Briefings::Id))
                .col(string_len(Briefings::Kind, 32))
                .col(string_len(Briefings::Status, 32))
                .col(uuid_null(Briefings::MeetingId))
                .col(string_len(Briefings::Title, 200))
                .col(text(Briefings::Dynamics))
                .col(text(Briefings::Problems))
                .col(text(Briefings::Opinions))
                .col(integer_null(Briefings::Year))
                .col(integer_null(Briefings::Number))
                .col(uuid_null(Briefings::CorrectsId))
                .col(text_null(Briefings::ReturnReason))
                .col(boolean(Briefings::Public).default(false))
                .col(timestamp_with_time_zone_null(Briefings::PublishedAt))
                .col(timestamp_with_time_zone_null(Briefings::IssuedAt))
                .col(uuid_null(Briefings::IssuedBy))
                .col(uuid_null(Briefings::CreatedBy))
                .col(integer(Briefings::Version))
                .col(timestamp_with_time_zone(Briefings::CreatedAt))
                .col(timestamp_with_time_zone(Briefings::UpdatedAt))
                .foreign_key(&mut fk("fk_briefings_meeting", b, Briefings::MeetingId, "meetings", Restrict))
                .foreign_key(&mut fk("fk_briefings_corrects", b, Briefings::CorrectsId, "briefings", Restrict))
                .foreign_key(&mut fk("fk_briefings_issued_by", b, Briefings::IssuedBy, "users", SetNull))
                .foreign_key(&mut fk("fk_briefings_created_by", b, Briefings::CreatedBy, "users", SetNull))
                .check(Expr::cust(
                    "(status = 'issued') = (year IS NOT NULL AND number IS NOT NULL AND issued_at IS NOT NULL)",
                ))
                .check(Expr::cust("NOT public OR status = 'issued'"))
                .to_owned(),
        )
        .await?;
        let r = BriefingRecipients::Table;
        m.create_table(
            Table::create()
                .table(BriefingRecipients::Table)
                .col(uuid(BriefingRecipients::BriefingId))
                .col(uuid(BriefingRecipients::UnitId))
                .col(string_len(BriefingRecipients::Role, 32))
                .col(timestamp_with_time_zone_null(
                    BriefingRecipients::AcknowledgedAt,
                ))
                .col(uuid_null(BriefingRecipients::AcknowledgedBy))
                .primary_key(
                    Index::create()
                        .col(BriefingRecipients::BriefingId)
                        .col(BriefingRecipients::UnitId),
                )
                .foreign_key(&mut fk(
                    "fk_briefing_recipients_briefing",
                    r,
                    BriefingRecipients::BriefingId,
                    "briefings",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_briefing_recipients_unit",
                    r,
                    BriefingRecipients::UnitId,
                    "units",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_briefing_recipients_by",
                    r,
                    BriefingRecipients::AcknowledgedBy,
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BriefingCounters::Table)
                .col(string_len(BriefingCounters::Kind, 32))
                .col(integer(BriefingCounters::Year))
                .col(integer(BriefingCounters::LastNumber))
                .primary_key(
                    Index::create()
                        .col(BriefingCounters::Kind)
                        .col(BriefingCounters::Year),
                )
                .to_owned(),
        )
        .await?;
        for sql in [
            "CREATE UNIQUE INDEX ux_briefings_number ON briefings (kind, year, number) WHERE number IS NOT NULL",
            "CREATE UNIQUE INDEX ux_briefings_corrects ON briefings (corrects_id) WHERE corrects_id IS NOT NULL",
            "CREATE INDEX ix_briefings_meeting ON briefings (meeting_id, status)",
            "CREATE INDEX ix_briefings_list ON briefings (created_at, id)",
            "CREATE INDEX ix_briefings_public ON briefings (published_at) WHERE public",
            "CREATE INDEX ix_briefing_recipients_unit ON briefing_recipients (unit_id)",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["briefing_recipients", "briefing_counters", "briefings"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
