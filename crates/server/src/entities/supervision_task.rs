//! A row of `supervision_tasks`: a recommendation followed up with its responsible unit.

use sea_orm::entity::prelude::*;
use yanpan_types::TaskStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "supervision_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub conclusion_id: Option<Uuid>,
    pub recommendation_id: Option<Uuid>,
    /// A level-1 outcome's escalation (instead of a recommendation).
    pub escalation_id: Option<Uuid>,
    pub unit_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub measure: String,
    pub deadline: Date,
    pub due_on: Date,
    pub status: TaskStatus,
    pub returned_count: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub report: Option<String>,
    pub reported_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub return_reason: Option<String>,
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<Uuid>,
    /// When the reminder three working days before the due day went out.
    pub due_soon_notified_at: Option<DateTimeUtc>,
    /// When the unit was told the task became overdue.
    pub overdue_notified_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
