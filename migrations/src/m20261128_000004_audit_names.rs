//! Audit actions become a closed set (`AuditAction`): the old free-form names of meeting and
//! escalation transitions (`transition:<state>`) and two others are renamed in place, so that
//! every stored row reads as one of the set.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (entity, old action, new action); `None` for any entity.
const RENAMES: &[(Option<&str>, &str, &str)] = &[
    (Some("meeting"), "transition:scheduled", "schedule"),
    (Some("meeting"), "transition:in_progress", "start"),
    (Some("meeting"), "transition:concluded", "conclude"),
    (Some("meeting"), "transition:reported", "report"),
    (Some("meeting"), "transition:cancelled", "cancel"),
    (Some("escalation"), "transition:accepted", "accept"),
    (Some("escalation"), "transition:rejected", "reject"),
    (
        Some("escalation"),
        "transition:scheduled",
        "schedule_escalation",
    ),
    (Some("escalation"), "transition:resolved", "resolve"),
    (None, "escalation_decision", "decide_escalation"),
    (None, "attendance", "record_attendance"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        for (entity, old, new) in RENAMES {
            let sql = match entity {
                Some(e) => format!(
                    "UPDATE audit_log SET action = '{new}' WHERE action = '{old}' AND entity = '{e}'"
                ),
                None => format!("UPDATE audit_log SET action = '{new}' WHERE action = '{old}'"),
            };
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        for (entity, old, new) in RENAMES {
            let sql = match entity {
                Some(e) => format!(
                    "UPDATE audit_log SET action = '{old}' WHERE action = '{new}' AND entity = '{e}'"
                ),
                None => format!("UPDATE audit_log SET action = '{old}' WHERE action = '{new}'"),
            };
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
