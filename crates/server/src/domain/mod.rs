//! The rules of the work, as pure functions over plain values: no database, no HTTP. Services
//! load what a rule needs, ask the rule, and store what it decided.

pub mod assessment;
pub mod briefing;
pub mod cases;
pub mod escalation;
pub mod forecast;
pub mod meeting;
pub mod referral;
pub mod stats;
pub mod submission;
pub mod supervision;
pub mod webhooks;
