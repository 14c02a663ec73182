//! A row of `case_category_codes`: one of the platform's own category codes and the dictionary
//! entry it means (a code means one entry: the primary key says so).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_category_codes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub platform_code: String,
    pub category_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
