//! Hot issue → special-topic proposal (issue 11, Art. 4): a detected hot issue waits in the
//! conveners' queue until accepted (a draft special-topic meeting) or dismissed with a reason.
//! One proposal per street × category × week at most (the index); the detector also skips an
//! issue still running from an earlier proposal.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TopicProposals {
    Table,
    Id,
    StreetId,
    CategoryId,
    WeekFrom,
    WeekTo,
    Count,
    Baseline,
    PValue,
    /// JSON array of the week's case numbers.
    CaseNumbers,
    Status,
    Reason,
    DecidedBy,
    DecidedAt,
    MeetingId,
    Version,
    CreatedAt,
    UpdatedAt,
}

fn fk(
    name: &str,
    col: TopicProposals,
    table: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(TopicProposals::Table, col)
        .to(Alias::new(table), Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Restrict, SetNull};
        m.create_table(
            Table::create()
                .table(TopicProposals::Table)
                .col(pk_uuid(TopicProposals::Id))
                .col(uuid(TopicProposals::StreetId))
                .col(uuid(TopicProposals::CategoryId))
                .col(date(TopicProposals::WeekFrom))
                .col(date(TopicProposals::WeekTo))
                .col(big_integer(TopicProposals::Count))
                .col(double(TopicProposals::Baseline))
                .col(double(TopicProposals::PValue))
                .col(text(TopicProposals::CaseNumbers))
                .col(string_len(TopicProposals::Status, 32))
                .col(text_null(TopicProposals::Reason))
                .col(uuid_null(TopicProposals::DecidedBy))
                .col(timestamp_with_time_zone_null(TopicProposals::DecidedAt))
                .col(uuid_null(TopicProposals::MeetingId))
                .col(integer(TopicProposals::Version))
                .col(timestamp_with_time_zone(TopicProposals::CreatedAt))
                .col(timestamp_with_time_zone(TopicProposals::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_topic_proposals_street",
                    TopicProposals::StreetId,
                    "units",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_topic_proposals_category",
                    TopicProposals::CategoryId,
                    "case_categories",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_topic_proposals_meeting",
                    TopicProposals::MeetingId,
                    "meetings",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_topic_proposals_decided_by",
                    TopicProposals::DecidedBy,
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        for sql in [
            "CREATE UNIQUE INDEX ux_topic_proposals_issue ON topic_proposals (street_id, category_id, week_to)",
            "CREATE INDEX ix_topic_proposals_status ON topic_proposals (status, created_at)",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TopicProposals::Table).to_owned())
            .await
    }
}
