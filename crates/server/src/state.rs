//! What every handler shares: the pool, the keys, the throttle and the settings.

use sea_orm::DatabaseConnection;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::HashGate;
use crate::auth::throttle::LoginThrottle;
use crate::config::Settings;

pub struct AppState {
    pub db: DatabaseConnection,
    pub jwt: JwtKeys,
    pub throttle: LoginThrottle,
    /// The bound on concurrent password hashing.
    pub hashing: HashGate,
    pub settings: Settings,
    /// This process's request counters (`GET /metrics`).
    pub metrics: crate::metrics::Metrics,
    /// How this server writes: turns and a connection of its own on SQLite.
    pub writer: crate::db::Writer,
    /// Wakes the hot-issue detector (after an intake changed cases).
    pub hot_issue_detector: std::sync::Arc<tokio::sync::Notify>,
    /// Intake batches read and processed at once (`routes::cases::intake_cases`).
    pub intake_gate: tokio::sync::Semaphore,
    /// The repeated-demand clusters' index, loaded when first asked.
    pub clusters: crate::cluster_index::ClusterIndex,
}
