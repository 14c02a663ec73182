//! What every handler shares: the pool, the keys, the throttle and the settings.

use sea_orm::DatabaseConnection;

use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::LoginThrottle;
use crate::config::Settings;

pub struct AppState {
    pub db: DatabaseConnection,
    pub jwt: JwtKeys,
    pub throttle: LoginThrottle,
    pub settings: Settings,
}
