//! A row of `conclusions`.

use sea_orm::entity::prelude::*;
use yanpan_types::ConclusionStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conclusions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub text: String,
    pub status: ConclusionStatus,
    pub supersedes_id: Option<Uuid>,
    pub adopted_by: Option<Uuid>,
    pub adopted_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
