//! A row of `meeting_participants`: a unit taking part, and its attendance.

use sea_orm::entity::prelude::*;
use yanpan_types::{Attendance, ParticipantRole};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub unit_id: Uuid,
    pub role: ParticipantRole,
    pub attendance: Option<Attendance>,
    pub attendance_reason: Option<String>,
    pub attendees: Json,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
