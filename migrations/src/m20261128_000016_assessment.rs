//! The annual assessment (issue 12 §4, Art. 11): each year's scoring rule, versioned (a change
//! is a new version; the latest applies), and the year's published result, frozen as text with
//! the rule version it was scored by.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AssessmentRules {
    Table,
    Year,
    Version,
    Rule,
    SetBy,
    SetAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AssessmentPublications {
    Table,
    Year,
    RuleVersion,
    Result,
    PublishedBy,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AssessmentRules::Table)
                .col(integer(AssessmentRules::Year))
                .col(integer(AssessmentRules::Version))
                .col(text(AssessmentRules::Rule))
                .col(uuid_null(AssessmentRules::SetBy))
                .col(timestamp_with_time_zone(AssessmentRules::SetAt))
                .primary_key(
                    Index::create()
                        .col(AssessmentRules::Year)
                        .col(AssessmentRules::Version),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_assessment_rules_set_by")
                        .from(AssessmentRules::Table, AssessmentRules::SetBy)
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .check(Expr::cust("version >= 1"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AssessmentPublications::Table)
                .col(integer(AssessmentPublications::Year).primary_key())
                .col(integer(AssessmentPublications::RuleVersion))
                .col(text(AssessmentPublications::Result))
                .col(uuid_null(AssessmentPublications::PublishedBy))
                .col(timestamp_with_time_zone(
                    AssessmentPublications::PublishedAt,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_assessment_publications_by")
                        .from(
                            AssessmentPublications::Table,
                            AssessmentPublications::PublishedBy,
                        )
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["assessment_publications", "assessment_rules"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
