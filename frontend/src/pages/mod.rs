//! One module per page; the meeting page (`meeting/`) is a folder with one module per panel.

pub mod admin;
pub mod escalations;
pub mod home;
pub mod me;
pub mod meeting;
pub mod meetings;
pub mod my_unit;
pub mod search;
pub mod sign_in;
