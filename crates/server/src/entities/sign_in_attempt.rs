//! A row of `sign_in_attempts`: one sign-in attempt, counted as failed until it succeeds.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The username (lower case) or `client:<client id>`.
    pub subject: String,
    pub address: String,
    pub at: DateTimeUtc,
    /// Whether it still counts for its subject at its address.
    pub counts_for_subject: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
