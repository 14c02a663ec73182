//! A row of `assessment_publications`: a year's published (frozen) result (JSON of `Assessment`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_publications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub rule_version: i32,
    #[sea_orm(column_type = "Text")]
    pub result: String,
    pub published_by: Option<Uuid>,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
