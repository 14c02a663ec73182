//! A row of `briefings`: a briefing or special report (Art. 7).

use sea_orm::entity::prelude::*;
use yanpan_types::{BriefingKind, BriefingStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "briefings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: BriefingKind,
    pub status: BriefingStatus,
    pub meeting_id: Option<Uuid>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub dynamics: String,
    #[sea_orm(column_type = "Text")]
    pub problems: String,
    #[sea_orm(column_type = "Text")]
    pub opinions: String,
    pub year: Option<i32>,
    pub number: Option<i32>,
    pub corrects_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub return_reason: Option<String>,
    pub public: bool,
    pub published_at: Option<DateTimeUtc>,
    pub issued_at: Option<DateTimeUtc>,
    pub issued_by: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
