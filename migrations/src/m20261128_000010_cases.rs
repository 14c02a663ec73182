//! The analysis room's data (issue 11): the 平安365 platform's cases, the two-level category
//! dictionary with the platform's own codes mapped onto it, and the service accounts' scopes
//! (the platform's intake script may write cases; reading stays as it was).
//!
//! Personal data stays out: a case keeps only `reporter_hash`, an HMAC of the reporter's phone
//! or ID under a server key, so that repeated reporters can be recognised without being known.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseCategories {
    Table,
    Id,
    Code,
    Name,
    ParentId,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaseCategoryCodes {
    Table,
    PlatformCode,
    CategoryId,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    CaseNumber,
    Kind,
    Channel,
    CategoryId,
    StreetId,
    Community,
    Address,
    /// The address normalised (spaces, punctuation and full-width forms folded) to cluster on.
    AddressKey,
    Summary,
    ReceivedAt,
    HandlingUnitId,
    DueAt,
    Status,
    ResolvedAt,
    Result,
    RedoCount,
    SupervisionLevel,
    Satisfaction,
    SatisfactionComment,
    RatedAt,
    ReporterHash,
    /// The platform's own `updated_at`: a record older than this is stale.
    PlatformUpdatedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ServiceAccounts {
    Table,
    /// Comma-separated scope names beyond the integration role's reading (e.g. `cases_write`).
    Scopes,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

// Every analysis filters on a period of `received_at`; the second column is what it groups by.
const INDEXES: &[&str] = &[
    "CREATE INDEX ix_cases_received ON cases (received_at)",
    "CREATE INDEX ix_cases_category_received ON cases (category_id, received_at)",
    "CREATE INDEX ix_cases_street_received ON cases (street_id, received_at)",
    "CREATE INDEX ix_cases_unit_received ON cases (handling_unit_id, received_at)",
    "CREATE INDEX ix_cases_reporter ON cases (reporter_hash, category_id, received_at) WHERE reporter_hash IS NOT NULL",
    "CREATE INDEX ix_cases_address ON cases (address_key, category_id, received_at) WHERE address_key IS NOT NULL",
    "CREATE INDEX ix_case_categories_parent ON case_categories (parent_id)",
    "CREATE INDEX ix_case_category_codes_category ON case_category_codes (category_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(CaseCategories::Table)
                .col(pk_uuid(CaseCategories::Id))
                .col(string_len_uniq(CaseCategories::Code, 32))
                .col(string_len(CaseCategories::Name, 100))
                .col(uuid_null(CaseCategories::ParentId))
                .col(boolean(CaseCategories::Active))
                .col(integer(CaseCategories::Version))
                .col(timestamp_with_time_zone(CaseCategories::CreatedAt))
                .col(timestamp_with_time_zone(CaseCategories::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_case_categories_parent",
                    (CaseCategories::Table, CaseCategories::ParentId),
                    (CaseCategories::Table, CaseCategories::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseCategoryCodes::Table)
                .col(string_len(CaseCategoryCodes::PlatformCode, 64).primary_key())
                .col(uuid(CaseCategoryCodes::CategoryId))
                .foreign_key(&mut fk(
                    "fk_case_category_codes_category",
                    (CaseCategoryCodes::Table, CaseCategoryCodes::CategoryId),
                    (CaseCategories::Table, CaseCategories::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Cases::Table)
                .col(pk_uuid(Cases::Id))
                .col(string_len_uniq(Cases::CaseNumber, 64))
                .col(string_len(Cases::Kind, 32))
                .col(string_len(Cases::Channel, 32))
                .col(uuid(Cases::CategoryId))
                .col(uuid(Cases::StreetId))
                .col(string_len_null(Cases::Community, 100))
                .col(string_len_null(Cases::Address, 200))
                .col(string_len_null(Cases::AddressKey, 200))
                .col(text(Cases::Summary))
                .col(timestamp_with_time_zone(Cases::ReceivedAt))
                .col(uuid_null(Cases::HandlingUnitId))
                .col(timestamp_with_time_zone_null(Cases::DueAt))
                .col(string_len(Cases::Status, 32))
                .col(timestamp_with_time_zone_null(Cases::ResolvedAt))
                .col(text_null(Cases::Result))
                .col(integer(Cases::RedoCount))
                .col(string_len(Cases::SupervisionLevel, 32))
                .col(string_len_null(Cases::Satisfaction, 32))
                .col(text_null(Cases::SatisfactionComment))
                .col(timestamp_with_time_zone_null(Cases::RatedAt))
                .col(string_len_null(Cases::ReporterHash, 64))
                .col(timestamp_with_time_zone(Cases::PlatformUpdatedAt))
                .col(integer(Cases::Version))
                .col(timestamp_with_time_zone(Cases::CreatedAt))
                .col(timestamp_with_time_zone(Cases::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_cases_category",
                    (Cases::Table, Cases::CategoryId),
                    (CaseCategories::Table, CaseCategories::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_cases_street",
                    (Cases::Table, Cases::StreetId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_cases_handling_unit",
                    (Cases::Table, Cases::HandlingUnitId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        crate::util::run_all(m.get_connection(), INDEXES).await?;
        m.alter_table(
            Table::alter()
                .table(ServiceAccounts::Table)
                .add_column(string_len(ServiceAccounts::Scopes, 200).default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ServiceAccounts::Table)
                .drop_column(ServiceAccounts::Scopes)
                .to_owned(),
        )
        .await?;
        for t in ["cases", "case_category_codes", "case_categories"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
