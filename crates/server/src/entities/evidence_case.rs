//! A row of `evidence_cases`: a case number an agenda item cites as evidence (kept with the item's
//! evidence by `store::search_index::index_item`), so that meetings can be found by it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub agenda_item_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_number: String,
    pub meeting_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
