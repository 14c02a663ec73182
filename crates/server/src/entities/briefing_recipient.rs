//! A row of `briefing_recipients`: a unit a briefing goes to, and its acknowledgement.

use sea_orm::entity::prelude::*;
use yanpan_types::RecipientRole;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "briefing_recipients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub briefing_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: Uuid,
    pub role: RecipientRole,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub acknowledged_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
