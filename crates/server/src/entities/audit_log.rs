//! A row of `audit_log`: append-only, written in the transaction of the change it records.

use sea_orm::entity::prelude::*;
use yanpan_types::{AuditAction, AuditEntity};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub entity: AuditEntity,
    pub entity_id: Option<Uuid>,
    pub action: AuditAction,
    pub before: Option<Json>,
    pub after: Option<Json>,
    pub request_id: Option<String>,
    /// The row's place in the audit chain; `None` until its transaction seals it on commit.
    pub chain_seq: Option<i64>,
    /// SHA-256 (hex) over the previous row's `chain_hash` and this row (`store::audit_chain`).
    pub chain_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
