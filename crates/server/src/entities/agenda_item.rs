//! A row of `agenda_items`.

use sea_orm::entity::prelude::*;
use yanpan_types::AgendaCategory;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub category: AgendaCategory,
    pub title: String,
    pub summary: String,
    pub evidence: Json,
    pub causes: Option<String>,
    pub weak_links: Option<String>,
    pub remedies: Option<String>,
    pub presenting_unit_id: Option<Uuid>,
    pub platform_ref: Option<String>,
    pub position: i32,
    pub escalate: Option<bool>,
    pub escalation_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
