//! Shared wire types of the Yanpan API: one definition for the server, the typed client and the SPA.

pub mod assessment;
pub mod auth;
pub mod briefings;
pub mod cases;
pub mod common;
pub mod exports;
pub mod meetings;
pub mod notifications;
pub mod problem;
pub mod supervision;
pub mod units;
pub mod users;
pub mod webhooks;

pub use assessment::*;
pub use auth::*;
pub use briefings::*;
pub use cases::*;
pub use common::*;
pub use exports::*;
pub use meetings::*;
pub use notifications::*;
pub use problem::*;
pub use supervision::*;
pub use units::*;
pub use users::*;
pub use webhooks::*;

/// Path prefix of every API operation.
pub const API_PREFIX: &str = "/api/v1";
