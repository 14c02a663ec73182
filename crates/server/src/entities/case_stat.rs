//! A row of `case_stats`: the rollup of one day's or one month's cases of a street, category,
//! handling unit and kind (see `store::case_stats`).

use sea_orm::entity::prelude::*;
use yanpan_types::CaseKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_stats")]
pub struct Model {
    /// 1: `bucket` is a day; 2: a month.
    #[sea_orm(primary_key, auto_increment = false)]
    pub span: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub bucket: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub street_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: Uuid,
    /// The handling unit, or the nil UUID for a case not yet dispatched.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_key: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: CaseKind,
    pub cases: i64,
    pub resolved: i64,
    pub resolved_late: i64,
    pub redone: i64,
    pub rated: i64,
    pub satisfied: i64,
    pub unsatisfied: i64,
    pub escalated: i64,
    pub marked: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
