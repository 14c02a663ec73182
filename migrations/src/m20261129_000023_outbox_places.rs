//! The outbox read in commit order: `seq` is given when an event is written, and on PostgreSQL
//! two transactions can commit in the other order, so a reader that went on from the larger one
//! would never see the smaller. Each event now also gets a `place` when its transaction commits,
//! under the second row of `change_head` (the change feed's head is the first), and `/outbox`
//! reads by place. Existing events keep their order: their place is their `seq`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OutboxEvents {
    Table,
    Place,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(OutboxEvents::Table)
                .add_column(ColumnDef::new(OutboxEvents::Place).big_integer().null())
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared("UPDATE outbox_events SET place = seq")
            .await?;
        m.create_index(
            Index::create()
                .name("ux_outbox_events_place")
                .table(OutboxEvents::Table)
                .col(OutboxEvents::Place)
                .unique()
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_outbox_events_unplaced ON outbox_events (seq) WHERE place IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO change_head (id, seq) SELECT 2, COALESCE(MAX(seq), 0) FROM outbox_events",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DELETE FROM change_head WHERE id = 2")
            .await?;
        db.execute_unprepared("DROP INDEX ix_outbox_events_unplaced")
            .await?;
        m.drop_index(
            Index::drop()
                .name("ux_outbox_events_place")
                .table(OutboxEvents::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxEvents::Table)
                .drop_column(OutboxEvents::Place)
                .to_owned(),
        )
        .await
    }
}
