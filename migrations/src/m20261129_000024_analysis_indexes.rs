//! What the analyses over a million cases need (issue 11's bench).
//!
//! - The satisfaction analysis lists, per category, the latest unsatisfied ratings with a comment
//!   of the period; a partial index of only those cases (about one in ten) makes the latest five
//!   the first five entries read backwards from the period's end, instead of a walk of every case
//!   of the category.
//! - Repeated demands by reporter: most reporters report once, so grouping a year's cases by
//!   reporter to find the few who came back costs a scan of half a million cases for a few
//!   hundred clusters. `recurring_reporters` lists the (reporter, category) pairs with two cases
//!   or more at any time (the intake adds to it); the analysis counts only their cases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// The predicate is literal in the query too (`services::analysis::satisfaction`): a planner
// can only use a partial index whose condition it can prove from the query's own text.
const UP: &[&str] = &[
    "CREATE INDEX ix_cases_unsatisfied_comments ON cases (category_id, received_at) \
     WHERE satisfaction = 'unsatisfied' AND satisfaction_comment IS NOT NULL",
    // The repeated-demands analysis reads a key's cases of a period from these, filtered by the
    // street and kind it was asked for: with those in the index, no case row is read for them
    // (SQLite's planner walked the address index for a year of one street, fetching each of a
    // million rows to test its street: 1.4 s).
    "CREATE INDEX ix_cases_reporter_scope ON cases \
     (reporter_hash, category_id, received_at, street_id, kind) WHERE reporter_hash IS NOT NULL",
    "CREATE INDEX ix_cases_address_scope ON cases \
     (address_key, category_id, received_at, street_id, kind) WHERE address_key IS NOT NULL",
    "DROP INDEX ix_cases_reporter",
    "DROP INDEX ix_cases_address",
];

const BACKFILL: &[&str] = &[
    "INSERT INTO recurring_reporters (reporter_hash, category_id) \
     SELECT reporter_hash, category_id FROM cases WHERE reporter_hash IS NOT NULL \
     GROUP BY reporter_hash, category_id HAVING COUNT(*) >= 2",
];

#[derive(DeriveIden)]
enum RecurringReporters {
    Table,
    ReporterHash,
    CategoryId,
}

#[derive(DeriveIden)]
enum CaseCategories {
    Table,
    Id,
}

const DOWN: &[&str] = &[
    "DROP TABLE IF EXISTS recurring_reporters",
    "DROP INDEX IF EXISTS ix_cases_unsatisfied_comments",
    "CREATE INDEX ix_cases_reporter ON cases (reporter_hash, category_id, received_at) \
     WHERE reporter_hash IS NOT NULL",
    "CREATE INDEX ix_cases_address ON cases (address_key, category_id, received_at) \
     WHERE address_key IS NOT NULL",
    "DROP INDEX ix_cases_reporter_scope",
    "DROP INDEX ix_cases_address_scope",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        crate::util::run_all(db, UP).await?;
        // The hash is the same HMAC-SHA256 hex as `cases.reporter_hash`; a category is never
        // deleted while cases name it, and what was derived from them goes with it.
        m.create_table(
            Table::create()
                .table(RecurringReporters::Table)
                .col(string_len(RecurringReporters::ReporterHash, 64))
                .col(uuid(RecurringReporters::CategoryId))
                .primary_key(
                    Index::create()
                        .col(RecurringReporters::ReporterHash)
                        .col(RecurringReporters::CategoryId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_recurring_reporters_category")
                        .from(RecurringReporters::Table, RecurringReporters::CategoryId)
                        .to(CaseCategories::Table, CaseCategories::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        crate::util::run_all(db, BACKFILL).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        crate::util::run_all(db, DOWN).await?;
        Ok(())
    }
}
