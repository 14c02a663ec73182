//! 系统管理: units, users, service accounts, the audit log and the working-day calendar
//! (administrators; the audit log also for the API's other audit readers).

pub mod audit;
pub mod calendar;
pub mod service_accounts;
pub mod units;
pub mod users;
