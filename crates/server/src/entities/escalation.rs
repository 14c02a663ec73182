//! A row of `escalations`.

use sea_orm::entity::prelude::*;
use yanpan_types::EscalationStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escalations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub conclusion_id: Option<Uuid>,
    pub title: String,
    pub reason: String,
    pub status: EscalationStatus,
    pub decision_note: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub level1_meeting_id: Option<Uuid>,
    pub level1_item_id: Option<Uuid>,
    pub outcome: Option<String>,
    pub resolved_at: Option<DateTimeUtc>,
    pub raised_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
