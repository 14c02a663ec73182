//! A row of `briefing_counters`: the last number given to a kind of briefing in a year.

use sea_orm::entity::prelude::*;
use yanpan_types::BriefingKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "briefing_counters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: BriefingKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub last_number: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
