//! One module per page; the meeting page (`meeting/`) and the analysis page (`analysis/`) are
//! folders with one module per panel.

pub mod admin;
pub mod analysis;
pub mod assessment;
pub mod briefings;
pub mod cases;
pub mod escalations;
pub mod home;
pub mod inspections;
pub mod me;
pub mod meeting;
pub mod meetings;
pub mod my_unit;
pub mod notifications;
pub mod referrals;
pub mod search;
pub mod sign_in;
pub mod supervision;
pub mod topics;
