//! Typed, layered settings: built-in defaults, then an optional TOML file, then `YANPAN_…` variables.

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Where the server runs; outside `dev` a real JWT secret is mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Dev,
    Production,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub environment: Environment,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub workflow: WorkflowSettings,
    pub cases: CasesSettings,
    pub webhooks: WebhookSettings,
    /// Seed the demo organisation and users when the database has no units yet.
    pub seed_demo_on_first_start: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    /// Origins allowed to call the API from a browser (exact matches).
    pub cors_allowed_origins: Vec<String>,
    /// The built SPA (index.html and hashed assets); none serves only the API.
    pub static_dir: Option<PathBuf>,
    /// Largest JSON body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// Largest attachment accepted, in bytes.
    pub upload_limit_bytes: usize,
    /// Seconds in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    pub workers: Option<usize>,
    /// How long a stored `Idempotency-Key` answer is replayed.
    pub idempotency_ttl_secs: i64,
    /// Reverse proxies in front of the server: for requests from these addresses the client's
    /// address is read from `X-Forwarded-For` (the right-most address that is not a proxy).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Replace any answer whose status the OpenAPI document does not list by a 500 (for tests).
    #[serde(default)]
    pub strict_spec_statuses: bool,
    /// Send `Strict-Transport-Security` (on by default in production, where TLS ends at a proxy).
    pub hsts: Option<bool>,
    /// The bearer token `GET /metrics` requires; without one, metrics are off (401 to everyone).
    pub metrics_token: Option<SecretString>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// `sqlite://path?mode=rwc` or `postgres://…`.
    pub url: SecretString,
    pub max_connections: u32,
    /// SQLite only: how much of the database file each connection reads through a memory map
    /// rather than `read()` calls into its private page cache. Mapped pages are the kernel's page
    /// cache, shared by every connection and kept when another connection writes; 0 turns it off.
    pub sqlite_mmap_mb: u64,
    /// SQLite only: each connection's private page cache (for pages beyond the map, and those
    /// the map cannot serve, such as the write-ahead log's).
    pub sqlite_cache_mb: u64,
    /// SQLite only: the page cache of the one connection that writes (see `db::Writer`). It
    /// reads without the memory map, so the index pages a write descends stay here.
    pub sqlite_writer_cache_mb: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    /// HS256 key, at least 32 bytes; required outside `dev`.
    pub jwt_secret: Option<SecretString>,
    pub issuer: String,
    pub audience: String,
    pub access_ttl_secs: u64,
    pub refresh_ttl_secs: u64,
    /// Failed sign-ins for one username from one address within the window before that pair
    /// gets 429 (the owner at another address is not affected).
    pub max_failures_per_user_address: u32,
    /// Failed sign-ins from one address, whatever the username, within the window before 429.
    pub max_failures_per_ip: u32,
    pub failure_window_secs: u64,
    /// Password hashes computed at once (each takes 19 MiB); 0 = one per core.
    pub hash_concurrency: usize,
    /// How long a sign-in waits for a hashing slot before 503 with `Retry-After`.
    pub hash_wait_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WorkflowSettings {
    /// Unit submissions are due this many working days before the meeting starts.
    pub submission_lead_working_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WebhookSettings {
    /// How often the dispatcher looks for deliveries when it has nothing to send.
    pub poll_interval_ms: u64,
    /// How long an endpoint has to answer an attempt.
    pub timeout_ms: u64,
    /// How long one second of the retry schedule lasts (1,000; tests shorten it).
    pub retry_unit_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CasesSettings {
    /// The HMAC key that turns a reporter's phone or ID into the hash kept with a case, at least
    /// 32 bytes; required outside `dev`. Changing it makes earlier reporters unrecognisable.
    pub reporter_key: Option<SecretString>,
    /// Largest body of `POST /cases/batch` (1,000 records with long texts).
    pub intake_limit_bytes: usize,
    /// How often the hot-issue detector runs besides after each intake (at least a minute).
    pub detect_interval_secs: u64,
}

/// The key `dev` uses when none is configured: fixed, so that repeated reporters stay
/// recognisable across restarts of a demo; never used in production.
const DEV_REPORTER_KEY: &str = "yanpan-dev-reporter-key-not-for-production-use";

impl CasesSettings {
    /// The reporter key's bytes; `None` in production without a long enough key.
    pub fn reporter_key(&self, env: Environment) -> Option<Vec<u8>> {
        match (&self.reporter_key, env) {
            (Some(k), _) if k.expose_secret().len() >= MIN_SECRET_BYTES => {
                Some(k.expose_secret().as_bytes().to_vec())
            }
            (None, Environment::Dev) => Some(DEV_REPORTER_KEY.as_bytes().to_vec()),
            _ => None,
        }
    }
}

/// Minimum HS256 key length (RFC 7518 §3.2).
pub const MIN_SECRET_BYTES: usize = 32;

impl Settings {
    /// Defaults, then `YANPAN_CONFIG` (or `config/yanpan.toml` when present), then the environment:
    /// `YANPAN_SERVER__PORT`, … and the short forms `YANPAN_DATABASE_URL`, `YANPAN_JWT_SECRET`,
    /// `YANPAN_PORT`, `YANPAN_HOST`, `YANPAN_ENVIRONMENT`, `YANPAN_STATIC_DIR`.
    pub fn load() -> Result<Self, config::ConfigError> {
        let file = std::env::var("YANPAN_CONFIG").unwrap_or_else(|_| "config/yanpan.toml".into());
        let mut b = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(
                config::File::with_name(&file)
                    .format(config::FileFormat::Toml)
                    .required(false),
            )
            .add_source(
                config::Environment::with_prefix("YANPAN")
                    .prefix_separator("_")
                    .separator("__")
                    // Lists in variables are comma-separated.
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("server.cors_allowed_origins")
                    .try_parsing(true),
            );
        for (var, key) in [
            ("YANPAN_DATABASE_URL", "database.url"),
            ("YANPAN_JWT_SECRET", "auth.jwt_secret"),
            ("YANPAN_REPORTER_KEY", "cases.reporter_key"),
            ("YANPAN_PORT", "server.port"),
            ("YANPAN_HOST", "server.host"),
            ("YANPAN_ENVIRONMENT", "environment"),
            ("YANPAN_STATIC_DIR", "server.static_dir"),
        ] {
            if let Ok(v) = std::env::var(var) {
                b = b.set_override(key, v)?;
            }
        }
        b.build()?.try_deserialize()
    }

    /// Settings for tests and tools: the defaults with the given database.
    pub fn defaults_with_database(url: &str) -> Result<Self, config::ConfigError> {
        config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .set_override("database.url", url)?
            .build()?
            .try_deserialize()
    }

    pub fn is_postgres(&self) -> bool {
        self.database.url.expose_secret().starts_with("postgres")
    }
}

const DEFAULTS: &str = r#"
environment = "dev"
seed_demo_on_first_start = false

[server]
host = "127.0.0.1"
port = 8080
cors_allowed_origins = []
json_limit_bytes = 1048576
upload_limit_bytes = 10485760
shutdown_timeout_secs = 30
idempotency_ttl_secs = 86400
trusted_proxies = []

[database]
url = "sqlite://data/yanpan.db?mode=rwc"
max_connections = 10
sqlite_mmap_mb = 1024
sqlite_cache_mb = 2
sqlite_writer_cache_mb = 16

[auth]
issuer = "yanpan"
audience = "yanpan-api"
access_ttl_secs = 900
refresh_ttl_secs = 1209600
max_failures_per_user_address = 5
max_failures_per_ip = 100
failure_window_secs = 900
hash_concurrency = 0
hash_wait_ms = 3000

[workflow]
submission_lead_working_days = 2

[cases]
intake_limit_bytes = 16777216
detect_interval_secs = 3600

[webhooks]
poll_interval_ms = 1000
timeout_ms = 10000
retry_unit_ms = 1000
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_secrets() {
        let mut s = Settings::defaults_with_database("postgres://u:hunter2@db/x").unwrap();
        s.auth.jwt_secret = Some(SecretString::from("a-very-secret-key-that-is-long-enough"));
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"));
        assert!(!shown.contains("a-very-secret"));
        assert!(s.is_postgres());
    }
}
