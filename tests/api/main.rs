//! Black-box tests of the API through the typed client, each on a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod assessment;
mod audit;
mod auth;
mod briefings;
mod cases;
mod concurrency;
mod conventions;
mod documents;
mod meetings;
mod metrics;
mod names;
mod plans;
mod platform;
mod resources;
mod roles;
mod security;
mod servers;
mod supervision;
mod sync;
mod webhooks;
