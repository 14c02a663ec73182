//! The migrator: every schema change of Yanpan, in order, for SQLite and PostgreSQL alike.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_foundation;
mod m20261127_000002_meetings;
mod m20261128_000003_integrity;
mod m20261128_000004_audit_names;
mod m20261128_000005_one_source_of_escalated_items;
mod m20261128_000006_early_start;
mod m20261128_000007_read_path_indexes;
mod m20261128_000008_audit_chain;
mod m20261128_000009_sign_in_attempts;
mod m20261128_000010_cases;
mod m20261128_000011_topic_proposals;
mod m20261128_000012_case_stats;
mod m20261128_000013_briefings;
mod m20261128_000014_supervision_tasks;
mod m20261128_000015_referrals;
mod m20261128_000016_assessment;
mod m20261128_000017_notifications;
mod m20261128_000018_inspections;
mod m20261129_000019_task_attachments;
mod m20261129_000020_change_feed;
mod m20261129_000021_platform_refs;
mod m20261129_000022_webhooks;
mod m20261129_000023_outbox_places;
mod m20261129_000024_analysis_indexes;
mod m20261129_000025_cluster_index;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_foundation::Migration),
            Box::new(m20261127_000002_meetings::Migration),
            Box::new(m20261128_000003_integrity::Migration),
            Box::new(m20261128_000004_audit_names::Migration),
            Box::new(m20261128_000005_one_source_of_escalated_items::Migration),
            Box::new(m20261128_000006_early_start::Migration),
            Box::new(m20261128_000007_read_path_indexes::Migration),
            Box::new(m20261128_000008_audit_chain::Migration),
            Box::new(m20261128_000009_sign_in_attempts::Migration),
            Box::new(m20261128_000010_cases::Migration),
            Box::new(m20261128_000011_topic_proposals::Migration),
            Box::new(m20261128_000012_case_stats::Migration),
            Box::new(m20261128_000013_briefings::Migration),
            Box::new(m20261128_000014_supervision_tasks::Migration),
            Box::new(m20261128_000015_referrals::Migration),
            Box::new(m20261128_000016_assessment::Migration),
            Box::new(m20261128_000017_notifications::Migration),
            Box::new(m20261128_000018_inspections::Migration),
            Box::new(m20261129_000019_task_attachments::Migration),
            Box::new(m20261129_000020_change_feed::Migration),
            Box::new(m20261129_000021_platform_refs::Migration),
            Box::new(m20261129_000022_webhooks::Migration),
            Box::new(m20261129_000023_outbox_places::Migration),
            Box::new(m20261129_000024_analysis_indexes::Migration),
            Box::new(m20261129_000025_cluster_index::Migration),
        ]
    }
}
