//! Accountability referrals (issue 12 §3, Art. 8.4): a unit referred to the discipline
//! commission for supervision tasks it failed. The evidence (the tasks with their full history)
//! is frozen as text with its SHA-256 when referred; `referral_tasks` names the tasks.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Referrals {
    Table,
    Id,
    UnitId,
    Reason,
    Status,
    Evidence,
    EvidenceSha256,
    Findings,
    Outcome,
    OutcomeNote,
    ReferredBy,
    ReferredAt,
    AcceptedBy,
    AcceptedAt,
    ClosedBy,
    ClosedAt,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReferralTasks {
    Table,
    ReferralId,
    TaskId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let r = Referrals::Table;
        m.create_table(
            Table::create()
                .table(r)
                .col(pk_uuid(Referrals::Id))
                .col(uuid(Referrals::UnitId))
                .col(text(Referrals::Reason))
                .col(string_len(Referrals::Status, 32))
                .col(text(Referrals::Evidence))
                .col(string_len(Referrals::EvidenceSha256, 64))
                .col(text_null(Referrals::Findings))
                .col(string_len_null(Referrals::Outcome, 32))
                .col(text_null(Referrals::OutcomeNote))
                .col(uuid_null(Referrals::ReferredBy))
                .col(timestamp_with_time_zone(Referrals::ReferredAt))
                .col(uuid_null(Referrals::AcceptedBy))
                .col(timestamp_with_time_zone_null(Referrals::AcceptedAt))
                .col(uuid_null(Referrals::ClosedBy))
                .col(timestamp_with_time_zone_null(Referrals::ClosedAt))
                .col(integer(Referrals::Version))
                .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_referrals_unit",
                    r,
                    Referrals::UnitId,
                    "units",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_referrals_referred_by",
                    r,
                    Referrals::ReferredBy,
                    "users",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_referrals_accepted_by",
                    r,
                    Referrals::AcceptedBy,
                    "users",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_referrals_closed_by",
                    r,
                    Referrals::ClosedBy,
                    "users",
                    SetNull,
                ))
                .check(Expr::cust(
                    "(status = 'closed') = (outcome IS NOT NULL AND findings IS NOT NULL)",
                ))
                .to_owned(),
        )
        .await?;
        let t = ReferralTasks::Table;
        m.create_table(
            Table::create()
                .table(t)
                .col(uuid(ReferralTasks::ReferralId))
                .col(uuid(ReferralTasks::TaskId))
                .primary_key(
                    Index::create()
                        .col(ReferralTasks::ReferralId)
                        .col(ReferralTasks::TaskId),
                )
                .foreign_key(&mut fk(
                    "fk_referral_tasks_referral",
                    t,
                    ReferralTasks::ReferralId,
                    "referrals",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_referral_tasks_task",
                    t,
                    ReferralTasks::TaskId,
                    "supervision_tasks",
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for sql in [
            "CREATE INDEX ix_referrals_unit ON referrals (unit_id, status)",
            "CREATE INDEX ix_referrals_list ON referrals (referred_at, id)",
            "CREATE INDEX ix_referral_tasks_task ON referral_tasks (task_id)",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["referral_tasks", "referrals"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
