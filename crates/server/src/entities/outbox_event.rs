//! A row of `outbox_events`: an event for the platform, in the order written.

use sea_orm::entity::prelude::*;
use yanpan_types::NotificationKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub kind: NotificationKind,
    pub entity_id: Uuid,
    pub title: String,
    /// JSON array of the units concerned.
    #[sea_orm(column_type = "Text")]
    pub unit_ids: String,
    pub created_at: DateTimeUtc,
    /// The place in commit order (given at commit; see `store::changes::seal_outbox`).
    pub place: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
