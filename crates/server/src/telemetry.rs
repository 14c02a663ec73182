//! Structured logs with tracing: JSON outside dev, compact text in dev; `RUST_LOG` filters.

use tracing_subscriber::EnvFilter;

use crate::config::Environment;

pub fn init(env: Environment) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match env {
        Environment::Production => builder.json().try_init(),
        Environment::Dev => builder.compact().try_init(),
    };
}
