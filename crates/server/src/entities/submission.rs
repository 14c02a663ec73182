//! A row of `submissions`: one version of a unit's analysis for a meeting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub unit_id: Uuid,
    pub version_no: i32,
    pub opinion: String,
    pub submitted_by: Uuid,
    pub submitted_at: DateTimeUtc,
    /// The meeting's submission due time when this version came (a fact of that moment; the
    /// meeting may move later).
    pub due_at_when_submitted: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
