//! A row of `case_channel_stats`: one day's or one month's cases of a street, category and kind
//! that came by one channel (see `store::case_stats`).

use sea_orm::entity::prelude::*;
use yanpan_types::{CaseChannel, CaseKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_channel_stats")]
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
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: CaseKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel: CaseChannel,
    pub cases: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
