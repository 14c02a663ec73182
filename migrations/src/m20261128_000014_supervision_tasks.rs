//! Supervision of recommendations (issue 12 §2, Art. 8.4): a task per recommendation of an
//! adopted conclusion, or per level-1 outcome given a responsible unit and deadline (exactly one
//! source each), for its responsible unit, with its history. A task's id is its source's (one
//! task each, and the backfill below needs no id generator that both databases share). Tasks of
//! conclusions adopted before this migration are created here, due on their deadline.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SupervisionTasks {
    Table,
    Id,
    MeetingId,
    ConclusionId,
    RecommendationId,
    EscalationId,
    UnitId,
    Measure,
    Deadline,
    DueOn,
    Status,
    ReturnedCount,
    Report,
    ReportedAt,
    ReturnReason,
    VerifiedAt,
    VerifiedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SupervisionTaskEvents {
    Table,
    Id,
    TaskId,
    At,
    ActorId,
    ActorName,
    FromStatus,
    ToStatus,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let t = SupervisionTasks::Table;
        m.create_table(
            Table::create()
                .table(t)
                .col(pk_uuid(SupervisionTasks::Id))
                .col(uuid(SupervisionTasks::MeetingId))
                .col(uuid_null(SupervisionTasks::ConclusionId))
                .col(uuid_null(SupervisionTasks::RecommendationId))
                .col(uuid_null(SupervisionTasks::EscalationId))
                .col(uuid(SupervisionTasks::UnitId))
                .col(text(SupervisionTasks::Measure))
                .col(date(SupervisionTasks::Deadline))
                .col(date(SupervisionTasks::DueOn))
                .col(string_len(SupervisionTasks::Status, 32))
                .col(integer(SupervisionTasks::ReturnedCount).default(0))
                .col(text_null(SupervisionTasks::Report))
                .col(timestamp_with_time_zone_null(SupervisionTasks::ReportedAt))
                .col(text_null(SupervisionTasks::ReturnReason))
                .col(timestamp_with_time_zone_null(SupervisionTasks::VerifiedAt))
                .col(uuid_null(SupervisionTasks::VerifiedBy))
                .col(integer(SupervisionTasks::Version))
                .col(timestamp_with_time_zone(SupervisionTasks::CreatedAt))
                .col(timestamp_with_time_zone(SupervisionTasks::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_tasks_meeting",
                    t,
                    SupervisionTasks::MeetingId,
                    "meetings",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_tasks_conclusion",
                    t,
                    SupervisionTasks::ConclusionId,
                    "conclusions",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_tasks_recommendation",
                    t,
                    SupervisionTasks::RecommendationId,
                    "recommendations",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_tasks_escalation",
                    t,
                    SupervisionTasks::EscalationId,
                    "escalations",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_tasks_unit",
                    t,
                    SupervisionTasks::UnitId,
                    "units",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_tasks_verified_by",
                    t,
                    SupervisionTasks::VerifiedBy,
                    "users",
                    SetNull,
                ))
                .check(Expr::cust("returned_count >= 0"))
                .check(Expr::cust(
                    "(recommendation_id IS NOT NULL AND conclusion_id IS NOT NULL AND escalation_id IS NULL) \
                     OR (recommendation_id IS NULL AND conclusion_id IS NULL AND escalation_id IS NOT NULL)",
                ))
                .to_owned(),
        )
        .await?;
        let e = SupervisionTaskEvents::Table;
        m.create_table(
            Table::create()
                .table(e)
                .col(pk_uuid(SupervisionTaskEvents::Id))
                .col(uuid(SupervisionTaskEvents::TaskId))
                .col(timestamp_with_time_zone(SupervisionTaskEvents::At))
                .col(uuid_null(SupervisionTaskEvents::ActorId))
                .col(string_len_null(SupervisionTaskEvents::ActorName, 200))
                .col(string_len_null(SupervisionTaskEvents::FromStatus, 32))
                .col(string_len(SupervisionTaskEvents::ToStatus, 32))
                .col(text_null(SupervisionTaskEvents::Note))
                .foreign_key(&mut fk(
                    "fk_task_events_task",
                    e,
                    SupervisionTaskEvents::TaskId,
                    "supervision_tasks",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_task_events_actor",
                    e,
                    SupervisionTaskEvents::ActorId,
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        for sql in [
            "CREATE UNIQUE INDEX ux_tasks_recommendation ON supervision_tasks (recommendation_id) WHERE recommendation_id IS NOT NULL",
            "CREATE UNIQUE INDEX ux_tasks_escalation ON supervision_tasks (escalation_id) WHERE escalation_id IS NOT NULL",
            "CREATE INDEX ix_tasks_unit ON supervision_tasks (unit_id, status, due_on)",
            "CREATE INDEX ix_tasks_meeting ON supervision_tasks (meeting_id)",
            "CREATE INDEX ix_tasks_due ON supervision_tasks (status, due_on)",
            "CREATE INDEX ix_task_events_task ON supervision_task_events (task_id, at)",
            // The recommendations of conclusions adopted so far.
            "INSERT INTO supervision_tasks (id, meeting_id, conclusion_id, recommendation_id, unit_id, measure, deadline, due_on, status, returned_count, version, created_at, updated_at) \
             SELECT r.id, c.meeting_id, c.id, r.id, r.responsible_unit_id, r.measure, r.deadline, r.deadline, \
                    CASE WHEN EXISTS (SELECT 1 FROM conclusions n WHERE n.supersedes_id = c.id AND n.status = 'adopted') THEN 'withdrawn' ELSE 'open' END, \
                    0, 1, COALESCE(c.adopted_at, c.updated_at), COALESCE(c.adopted_at, c.updated_at) \
             FROM recommendations r JOIN conclusions c ON c.id = r.conclusion_id WHERE c.status = 'adopted'",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["supervision_task_events", "supervision_tasks"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
