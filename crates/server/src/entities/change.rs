//! A row of `changes`: the last change of one resource of a mirrored collection, at its place in
//! the change feed (null until its transaction seals it; see `store::changes`).

use sea_orm::entity::prelude::*;
use yanpan_types::{ChangeCollection, ChangeOp};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub collection: ChangeCollection,
    #[sea_orm(primary_key, auto_increment = false)]
    pub entity_id: Uuid,
    pub op: ChangeOp,
    pub seq: Option<i64>,
    pub changed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
