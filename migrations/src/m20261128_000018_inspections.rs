//! Special supervision (专项督查, issue 12 §2): a named inspection groups supervision tasks and
//! records a finding per task.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Inspections {
    Table,
    Id,
    Name,
    Description,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InspectionItems {
    Table,
    InspectionId,
    TaskId,
    Finding,
    CheckedAt,
    CheckedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let i = Inspections::Table;
        m.create_table(
            Table::create()
                .table(i)
                .col(pk_uuid(Inspections::Id))
                .col(string_len(Inspections::Name, 200))
                .col(text_null(Inspections::Description))
                .col(uuid_null(Inspections::CreatedBy))
                .col(integer(Inspections::Version))
                .col(timestamp_with_time_zone(Inspections::CreatedAt))
                .col(timestamp_with_time_zone(Inspections::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_inspections_created_by",
                    i,
                    Inspections::CreatedBy,
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        let t = InspectionItems::Table;
        m.create_table(
            Table::create()
                .table(t)
                .col(uuid(InspectionItems::InspectionId))
                .col(uuid(InspectionItems::TaskId))
                .col(text_null(InspectionItems::Finding))
                .col(timestamp_with_time_zone_null(InspectionItems::CheckedAt))
                .col(uuid_null(InspectionItems::CheckedBy))
                .primary_key(
                    Index::create()
                        .col(InspectionItems::InspectionId)
                        .col(InspectionItems::TaskId),
                )
                .foreign_key(&mut fk(
                    "fk_inspection_items_inspection",
                    t,
                    InspectionItems::InspectionId,
                    "inspections",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_inspection_items_task",
                    t,
                    InspectionItems::TaskId,
                    "supervision_tasks",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_inspection_items_checked_by",
                    t,
                    InspectionItems::CheckedBy,
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        for sql in [
            "CREATE INDEX ix_inspections_list ON inspections (created_at, id)",
            "CREATE INDEX ix_inspection_items_task ON inspection_items (task_id)",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["inspection_items", "inspections"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
