//! Sign-in attempts are counted in the database (issue 13: several servers on one PostgreSQL):
//! a guesser spreading attempts over every server behind the load balancer meets one limit, not
//! one per server. A row is an attempt that counts as failed until it succeeds; rows older than
//! the window are removed as new attempts come in.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SignInAttempts {
    Table,
    Id,
    /// The username (lower case) or `client:<client id>`.
    Subject,
    /// The client's address as the server saw it (after trusted proxies).
    Address,
    At,
    /// Whether it still counts for its subject at its address (a success forgives the pair's
    /// earlier failures there, but not the address's).
    CountsForSubject,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SignInAttempts::Table)
                .col(pk_uuid(SignInAttempts::Id))
                .col(string_len(SignInAttempts::Subject, 200))
                .col(string_len(SignInAttempts::Address, 64))
                .col(timestamp_with_time_zone(SignInAttempts::At))
                .col(boolean(SignInAttempts::CountsForSubject))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "ix_sign_in_attempts_address",
                vec![SignInAttempts::Address, SignInAttempts::At],
            ),
            (
                "ix_sign_in_attempts_pair",
                vec![
                    SignInAttempts::Subject,
                    SignInAttempts::Address,
                    SignInAttempts::At,
                ],
            ),
            ("ix_sign_in_attempts_at", vec![SignInAttempts::At]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(SignInAttempts::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SignInAttempts::Table).to_owned())
            .await
    }
}
