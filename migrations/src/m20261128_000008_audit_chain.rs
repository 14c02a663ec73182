//! The audit log becomes tamper-evident (issue 13): each row gets its place in one chain
//! (`chain_seq`, 1, 2, 3, … without gaps) and a SHA-256 over the previous row's hash and its own
//! content (`chain_hash`); `audit_chain_head` keeps the last place and hash, so that a deleted
//! tail shows too. Rows are sealed right before their transaction commits (see
//! `store::audit_chain`); rows that exist already are sealed by the first commit after this
//! migration, in the order they were written.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    ChainSeq,
    ChainHash,
}

#[derive(DeriveIden)]
enum AuditChainHead {
    Table,
    Id,
    Seq,
    Hash,
}

/// The hash before the first row: 64 zeros.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(AuditLog::ChainSeq)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(AuditLog::ChainHash)
                .string_len(64)
                .null()
                .to_owned(),
        ] {
            let mut col = col;
            m.alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ux_audit_chain_seq")
                .table(AuditLog::Table)
                .col(AuditLog::ChainSeq)
                .unique()
                .to_owned(),
        )
        .await?;
        // The rows still to seal, in the order they are sealed; small, since every commit seals
        // its own.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_audit_unsealed ON audit_log (at, id) WHERE chain_seq IS NULL",
            )
            .await?;
        m.create_table(
            Table::create()
                .table(AuditChainHead::Table)
                .col(
                    ColumnDef::new(AuditChainHead::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(AuditChainHead::Seq).big_integer().not_null())
                .col(
                    ColumnDef::new(AuditChainHead::Hash)
                        .string_len(64)
                        .not_null(),
                )
                .check(Expr::col(AuditChainHead::Id).eq(1))
                .to_owned(),
        )
        .await?;
        let mut head = Query::insert();
        head.into_table(AuditChainHead::Table)
            .columns([
                AuditChainHead::Id,
                AuditChainHead::Seq,
                AuditChainHead::Hash,
            ])
            .values([1.into(), 0i64.into(), GENESIS.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        m.exec_stmt(head).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditChainHead::Table).to_owned())
            .await?;
        m.get_connection()
            .execute_unprepared("DROP INDEX ix_audit_unsealed")
            .await?;
        m.drop_index(
            Index::drop()
                .name("ux_audit_chain_seq")
                .table(AuditLog::Table)
                .to_owned(),
        )
        .await?;
        for col in [AuditLog::ChainHash, AuditLog::ChainSeq] {
            m.alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
