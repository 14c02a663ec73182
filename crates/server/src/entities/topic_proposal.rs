//! A row of `topic_proposals`: a hot issue proposed for a special-topic meeting.

use sea_orm::entity::prelude::*;
use yanpan_types::TopicProposalStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "topic_proposals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub street_id: Uuid,
    pub category_id: Uuid,
    pub week_from: Date,
    pub week_to: Date,
    pub count: i64,
    pub baseline: f64,
    pub p_value: f64,
    /// JSON array of case numbers.
    #[sea_orm(column_type = "Text")]
    pub case_numbers: String,
    pub status: TopicProposalStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub meeting_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
