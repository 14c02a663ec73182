//! The notification centre and the outbox (issue 12 §5): a notification per person concerned,
//! unread until read; the outbox keeps each event once, in order (`seq`), for the platform to
//! read. A supervision task remembers when its reminders went out, so each goes out once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Title,
    Link,
    EntityId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Tasks {
    #[sea_orm(iden = "supervision_tasks")]
    Table,
    DueSoonNotifiedAt,
    OverdueNotifiedAt,
}

#[derive(DeriveIden)]
enum OutboxEvents {
    Table,
    Seq,
    Kind,
    EntityId,
    Title,
    UnitIds,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_uuid(Notifications::Id))
                .col(uuid(Notifications::UserId))
                .col(string_len(Notifications::Kind, 32))
                .col(string_len(Notifications::Title, 400))
                .col(string_len(Notifications::Link, 200))
                .col(uuid(Notifications::EntityId))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_notifications_user")
                        .from(Notifications::Table, Notifications::UserId)
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OutboxEvents::Table)
                .col(
                    big_integer(OutboxEvents::Seq)
                        .primary_key()
                        .auto_increment(),
                )
                .col(string_len(OutboxEvents::Kind, 32))
                .col(uuid(OutboxEvents::EntityId))
                .col(string_len(OutboxEvents::Title, 400))
                .col(text(OutboxEvents::UnitIds))
                .col(timestamp_with_time_zone(OutboxEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        for sql in [
            "CREATE INDEX ix_notifications_user ON notifications (user_id, created_at)",
            "CREATE INDEX ix_notifications_unread ON notifications (user_id) WHERE read_at IS NULL",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        // One column per statement: SQLite adds one at a time.
        for col in [Tasks::DueSoonNotifiedAt, Tasks::OverdueNotifiedAt] {
            m.alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(timestamp_with_time_zone_null(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["outbox_events", "notifications"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
