//! A row of `referrals`: a unit referred to the discipline commission, with its frozen evidence.

use sea_orm::entity::prelude::*;
use yanpan_types::{ReferralOutcome, ReferralStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub status: ReferralStatus,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub evidence_sha256: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub findings: Option<String>,
    pub outcome: Option<ReferralOutcome>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome_note: Option<String>,
    pub referred_by: Option<Uuid>,
    pub referred_at: DateTimeUtc,
    pub accepted_by: Option<Uuid>,
    pub accepted_at: Option<DateTimeUtc>,
    pub closed_by: Option<Uuid>,
    pub closed_at: Option<DateTimeUtc>,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
