//! A row of `cases`: one record of the 平安365 platform. `reporter_hash` never leaves the server.

use sea_orm::entity::prelude::*;
use yanpan_types::{CaseChannel, CaseKind, CaseStatus, Satisfaction, SupervisionLevel};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub case_number: String,
    pub kind: CaseKind,
    pub channel: CaseChannel,
    pub category_id: Uuid,
    pub street_id: Uuid,
    pub community: Option<String>,
    pub address: Option<String>,
    pub address_key: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub received_at: DateTimeUtc,
    pub handling_unit_id: Option<Uuid>,
    pub due_at: Option<DateTimeUtc>,
    pub status: CaseStatus,
    pub resolved_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub result: Option<String>,
    pub redo_count: i32,
    pub supervision_level: SupervisionLevel,
    pub satisfaction: Option<Satisfaction>,
    #[sea_orm(column_type = "Text", nullable)]
    pub satisfaction_comment: Option<String>,
    pub rated_at: Option<DateTimeUtc>,
    pub reporter_hash: Option<String>,
    pub platform_updated_at: DateTimeUtc,
    /// Marks of poor disposal that no longer change (`domain::cases::Handling::fixed_marks`).
    pub fixed_marks: i16,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
