//! A meeting started before its scheduled day or its submission deadline keeps the reason given
//! for it (`meetings.early_start_reason`): starting closes submissions at once, so the choice is
//! explained on the meeting as well as in the audit log.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("meetings"))
                .add_column(
                    ColumnDef::new(Alias::new("early_start_reason"))
                        .text()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("meetings"))
                .drop_column(Alias::new("early_start_reason"))
                .to_owned(),
        )
        .await
    }
}
