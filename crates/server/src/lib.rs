//! The Yanpan API server: settings, database, auth, HTTP conventions, services and routes.

pub mod auth;
pub mod bench_seed;
pub mod clock;
pub mod cluster_index;
pub mod config;
pub mod db;
pub mod documents;
pub mod domain;
pub mod entities;
pub mod error;
pub mod http;
pub mod import;
pub mod metrics;
pub mod openapi;
pub mod request;
pub mod routes;
pub mod seed;
pub mod seed_cases;
pub mod services;
pub mod spa;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;

pub use startup::{Application, openapi_document};
