//! One module per page.

pub mod admin;
pub mod home;
pub mod me;
pub mod sign_in;
