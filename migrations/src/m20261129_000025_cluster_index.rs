//! Repeated demands are counted in memory (the server's cluster index, kept current from the
//! change feed), so the database no longer groups cases by reporter or address: the two key
//! indexes and `recurring_reporters` go. Both indexes were random by nature (a hash, an address),
//! so each new case dirtied a page of each: the intake writes less without them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &[&str] = &[
    "DROP INDEX ix_cases_reporter_scope",
    "DROP INDEX ix_cases_address_scope",
    "DROP TABLE recurring_reporters",
];

const DOWN: &[&str] = &[
    "CREATE INDEX ix_cases_reporter_scope ON cases \
     (reporter_hash, category_id, received_at, street_id, kind) WHERE reporter_hash IS NOT NULL",
    "CREATE INDEX ix_cases_address_scope ON cases \
     (address_key, category_id, received_at, street_id, kind) WHERE address_key IS NOT NULL",
    "CREATE TABLE recurring_reporters (reporter_hash varchar(64) NOT NULL, \
     category_id uuid NOT NULL REFERENCES case_categories (id) ON DELETE CASCADE, \
     PRIMARY KEY (reporter_hash, category_id))",
    "INSERT INTO recurring_reporters (reporter_hash, category_id) \
     SELECT reporter_hash, category_id FROM cases WHERE reporter_hash IS NOT NULL \
     GROUP BY reporter_hash, category_id HAVING COUNT(*) >= 2",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        crate::util::run_all(db, UP).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        crate::util::run_all(db, DOWN).await?;
        Ok(())
    }
}
