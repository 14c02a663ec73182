//! One module per page.

pub mod admin;
pub mod escalations;
pub mod home;
pub mod me;
pub mod meetings;
pub mod my_unit;
pub mod sign_in;
pub mod workspace;
