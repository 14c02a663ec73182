//! Webhooks (issue 13 §2): endpoints an administrator registers, a delivery per event and
//! endpoint written in the transaction of the event itself (so a delivery exists if and only if
//! its change committed), and each attempt of a delivery, kept as the delivery log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum WebhookEndpoints {
    Table,
    Id,
    Url,
    Events,
    Secret,
    Active,
    Description,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WebhookDeliveries {
    Table,
    Id,
    EndpointId,
    EventId,
    EventSeq,
    Kind,
    EntityId,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LastStatusCode,
    LastError,
    RedeliveryOf,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WebhookAttempts {
    Table,
    Id,
    DeliveryId,
    At,
    StatusCode,
    Error,
    DurationMs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(WebhookEndpoints::Table)
                .col(uuid(WebhookEndpoints::Id).primary_key())
                .col(string_len(WebhookEndpoints::Url, 2000))
                // JSON array of the event kinds; empty: every kind.
                .col(text(WebhookEndpoints::Events))
                .col(string_len(WebhookEndpoints::Secret, 200))
                .col(boolean(WebhookEndpoints::Active))
                .col(string_len(WebhookEndpoints::Description, 200))
                .col(integer(WebhookEndpoints::Version))
                .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
                .col(timestamp_with_time_zone(WebhookEndpoints::UpdatedAt))
                .to_owned(),
        )
        .await?;
        let d = WebhookDeliveries::Table;
        m.create_table(
            Table::create()
                .table(d)
                .col(uuid(WebhookDeliveries::Id).primary_key())
                .col(uuid(WebhookDeliveries::EndpointId))
                .col(uuid(WebhookDeliveries::EventId))
                .col(big_integer(WebhookDeliveries::EventSeq))
                .col(string_len(WebhookDeliveries::Kind, 32))
                .col(uuid(WebhookDeliveries::EntityId))
                .col(text(WebhookDeliveries::Payload))
                .col(string_len(WebhookDeliveries::Status, 16))
                .col(integer(WebhookDeliveries::Attempts))
                .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                .col(timestamp_with_time_zone_null(WebhookDeliveries::LeaseUntil))
                .col(integer_null(WebhookDeliveries::LastStatusCode))
                .col(text_null(WebhookDeliveries::LastError))
                .col(uuid_null(WebhookDeliveries::RedeliveryOf))
                .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::DeliveredAt,
                ))
                .foreign_key(&mut fk(
                    "fk_webhook_deliveries_endpoint",
                    d,
                    WebhookDeliveries::EndpointId,
                    "webhook_endpoints",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        // What the dispatcher reads: the pending deliveries in the order of their events.
        db.execute_unprepared(
            "CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (event_seq, endpoint_id) \
             WHERE status = 'pending'",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_deliveries_endpoint")
                .table(d)
                .col(WebhookDeliveries::EndpointId)
                .col(WebhookDeliveries::CreatedAt)
                .to_owned(),
        )
        .await?;
        let a = WebhookAttempts::Table;
        m.create_table(
            Table::create()
                .table(a)
                .col(uuid(WebhookAttempts::Id).primary_key())
                .col(uuid(WebhookAttempts::DeliveryId))
                .col(timestamp_with_time_zone(WebhookAttempts::At))
                .col(integer_null(WebhookAttempts::StatusCode))
                .col(text_null(WebhookAttempts::Error))
                .col(integer(WebhookAttempts::DurationMs))
                .foreign_key(&mut fk(
                    "fk_webhook_attempts_delivery",
                    a,
                    WebhookAttempts::DeliveryId,
                    "webhook_deliveries",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_attempts_delivery")
                .table(a)
                .col(WebhookAttempts::DeliveryId)
                .col(WebhookAttempts::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "webhook_attempts",
            "webhook_deliveries",
            "webhook_endpoints",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
