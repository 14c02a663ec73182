//! What every handler shares: the pool, the keys, the throttle and the settings.

use sea_orm::DatabaseConnection;

use crate::auth::Principal;
use crate::auth::jwt::JwtKeys;
use crate::auth::password::HashGate;
use crate::auth::throttle::LoginThrottle;
use crate::cache::{CachedResponse, Generation, TtlCache};
use crate::config::Settings;

pub struct AppState {
    pub db: DatabaseConnection,
    pub jwt: JwtKeys,
    pub throttle: LoginThrottle,
    /// The bound on concurrent password hashing.
    pub hashing: HashGate,
    pub settings: Settings,
    /// Advanced by every change; guards both caches.
    pub generation: Generation,
    /// Recent API reads, per caller and URL.
    pub responses: TtlCache<CachedResponse>,
    /// Reads being computed now, so that a popular expired entry is computed once.
    pub in_flight: crate::cache::InFlight,
    /// Recently authenticated principals, per token subject.
    pub principals: TtlCache<Principal>,
    /// The turn to write, for SQLite's single writer.
    pub sqlite_writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}
