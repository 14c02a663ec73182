//! Files with a supervision task's report (issue 12 §2: a unit reports a task done "with text and
//! attachments"): the files are stored as the meeting's attachments, owned by the task's unit,
//! and linked to the task here when the unit reports.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SupervisionTaskAttachments {
    Table,
    TaskId,
    AttachmentId,
    LinkedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        let t = SupervisionTaskAttachments::Table;
        m.create_table(
            Table::create()
                .table(t)
                .col(uuid(SupervisionTaskAttachments::TaskId))
                .col(uuid(SupervisionTaskAttachments::AttachmentId))
                .col(timestamp_with_time_zone(
                    SupervisionTaskAttachments::LinkedAt,
                ))
                .primary_key(
                    Index::create()
                        .col(SupervisionTaskAttachments::TaskId)
                        .col(SupervisionTaskAttachments::AttachmentId),
                )
                .foreign_key(&mut fk(
                    "fk_task_attachments_task",
                    t,
                    SupervisionTaskAttachments::TaskId,
                    "supervision_tasks",
                    Cascade,
                ))
                // A file reported as evidence is not deleted from under the task.
                .foreign_key(&mut fk(
                    "fk_task_attachments_attachment",
                    t,
                    SupervisionTaskAttachments::AttachmentId,
                    "attachments",
                    Restrict,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(SupervisionTaskAttachments::Table)
                .to_owned(),
        )
        .await
    }
}
