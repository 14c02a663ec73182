//! sea-orm entities: the database rows. They never leave the server; handlers speak `yanpan_types`.

pub mod agenda_item;
pub mod attachment;
pub mod audit_chain_head;
pub mod audit_log;
pub mod calendar_day;
pub mod calendar_token;
pub mod case;
pub mod case_category;
pub mod case_category_code;
pub mod case_channel_stat;
pub mod case_stat;
pub mod conclusion;
pub mod escalation;
pub mod idempotency_key;
pub mod meeting;
pub mod participant;
pub mod recommendation;
pub mod refresh_token;
pub mod search_doc;
pub mod service_account;
pub mod sign_in_attempt;
pub mod submission;
pub mod submission_attachment;
pub mod topic_proposal;
pub mod unit;
pub mod user;
