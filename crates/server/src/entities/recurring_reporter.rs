//! A row of `recurring_reporters`: a reporter (by keyed hash) who has reported at least twice in
//! one category, at any time. Only these can form a repeated-reporter cluster, so the analysis
//! counts their cases instead of grouping every case of a period (see `store::recurring`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recurring_reporters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reporter_hash: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
