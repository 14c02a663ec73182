//! sea-orm entities: the database rows. They never leave the server; handlers speak `yanpan_types`.

pub mod audit_log;
pub mod idempotency_key;
pub mod refresh_token;
pub mod service_account;
pub mod unit;
pub mod user;
