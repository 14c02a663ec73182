//! A row of `webhook_endpoints`: where an administrator asked the outbox's events to be pushed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub url: String,
    /// JSON array of event kinds; empty: every kind.
    #[sea_orm(column_type = "Text")]
    pub events: String,
    /// The signing key (needed in clear to sign; never answered after creation).
    pub secret: String,
    pub active: bool,
    pub description: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
