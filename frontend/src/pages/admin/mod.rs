//! 系统管理: units, users, service accounts and the audit log (administrators only).

pub mod audit;
pub mod service_accounts;
pub mod units;
pub mod users;
