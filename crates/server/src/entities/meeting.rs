//! A row of `meetings`.

use sea_orm::entity::prelude::*;
use yanpan_types::{MeetingKind, MeetingStatus, MeetingTrigger};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: MeetingKind,
    pub title: String,
    pub status: MeetingStatus,
    pub period: Option<String>,
    pub trigger: Option<MeetingTrigger>,
    pub trigger_reason: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: String,
    pub chair: String,
    pub submission_due_at: DateTimeUtc,
    pub preliminary_analysis: Option<String>,
    pub main_reporter: Option<String>,
    pub minutes: Option<String>,
    pub cancel_reason: Option<String>,
    pub early_start_reason: Option<String>,
    pub concluded_at: Option<DateTimeUtc>,
    pub platform_ref: Option<String>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
