//! `Application::build`: the pool, the migrations, the keys, and the HTTP server bound to its port.

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use serde_json::Value;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::HashGate;
use crate::auth::throttle::LoginThrottle;
use crate::config::Settings;
use crate::http::{context, extract, fallback, idempotency, spec_check};
use crate::state::AppState;
use crate::{db, openapi, routes, seed, spa};

pub struct Application {
    port: u16,
    server: Server,
}

/// The finished OpenAPI document (what `yanpan openapi` prints and `/api/v1/openapi.json` serves).
pub fn openapi_document() -> Value {
    let (_, doc) = api_app().split_for_parts();
    openapi::finish(&doc)
}

fn api_app() -> utoipa_actix_web::UtoipaApp<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use utoipa::OpenApi;
    App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .service(routes::health::healthz)
        .service(routes::health::readyz)
        .service(routes::health::metrics)
        .service(scope::scope("/api/v1").configure(routes::configure))
}

impl Application {
    /// Connects, migrates, seeds the demo on first start when asked, and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let keys = JwtKeys::from_settings(&settings.auth, settings.environment)?;
        let Some(reporter_key) = settings.cases.reporter_key(settings.environment) else {
            anyhow::bail!(
                "cases.reporter_key (YANPAN_REPORTER_KEY) must be set, at least {} bytes",
                crate::config::MIN_SECRET_BYTES
            );
        };
        let db = db::connect(&settings.database).await?;
        db::migrate(&db).await?;
        if settings.seed_demo_on_first_start
            && let Some(report) = seed::seed_demo_if_empty(&db, &reporter_key, 1.0).await?
        {
            println!("{report}");
        }
        db::seal_pending(&db).await?;
        Self::build_with(settings, db, keys).await
    }

    pub async fn build_with(
        settings: Settings,
        db: DatabaseConnection,
        jwt: JwtKeys,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))?;
        let port = listener.local_addr()?.port();
        let a = &settings.auth;
        let throttle = LoginThrottle::new(
            a.failure_window_secs,
            a.max_failures_per_user_address,
            a.max_failures_per_ip,
        );
        let spec = openapi_document();
        let routes_table = Arc::new(fallback::RouteTable::from_spec(&spec));
        let mut operations = spec_check::SpecStatuses::from_spec(&spec);
        operations.strict = settings.server.strict_spec_statuses;
        let spec_statuses = web::Data::new(Arc::new(operations));
        let spec_json = web::Data::new(routes::OpenApiJson(serde_json::to_string(&spec)?));
        let spa_dir = fallback::SpaDir(
            settings
                .server
                .static_dir
                .clone()
                .filter(|d| d.join("index.html").exists()),
        );
        let workers = settings.server.workers;
        let shutdown = settings.server.shutdown_timeout_secs;
        let writer = db::Writer::open(&settings.database).await?;
        writer.optimize(&db).await?;
        let state = web::Data::new(AppState {
            db,
            jwt,
            throttle,
            hashing: match a.hash_concurrency {
                0 => HashGate::per_core(a.hash_wait_ms),
                n => HashGate::new(n, a.hash_wait_ms),
            },
            writer,
            hot_issue_detector: Default::default(),
            clusters: Default::default(),
            intake_gate: tokio::sync::Semaphore::new(2),
            metrics: Default::default(),
            settings,
        });
        tokio::spawn(crate::services::topics::detector(
            state.db.clone(),
            state.writer.clone(),
            state.hot_issue_detector.clone(),
            std::time::Duration::from_secs(state.settings.cases.detect_interval_secs.max(60)),
        ));

        tokio::spawn(maintain_statistics(state.db.clone(), state.writer.clone()));

        tokio::spawn(crate::services::webhooks::dispatcher(
            state.db.clone(),
            state.writer.clone(),
            state.settings.webhooks.clone(),
        ));

        tokio::spawn(crate::services::supervision::reminders(
            state.db.clone(),
            state.writer.clone(),
            std::time::Duration::from_secs(state.settings.cases.detect_interval_secs.max(60)),
        ));

        let server = HttpServer::new(move || {
            let s = &state.settings.server;
            let mut cors = Cors::default()
                .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
                .allowed_headers([
                    "authorization",
                    "content-type",
                    "if-match",
                    "idempotency-key",
                    "x-request-id",
                ])
                .expose_headers([
                    "etag",
                    "location",
                    "link",
                    "x-total-count",
                    "x-request-id",
                    "retry-after",
                ])
                .max_age(3600);
            for origin in &s.cors_allowed_origins {
                cors = cors.allowed_origin(origin);
            }
            let (app, _) = api_app().split_for_parts();

            app.app_data(state.clone())
                .app_data(spec_statuses.clone())
                .app_data(web::Data::new(routes_table.clone()))
                .app_data(web::Data::new(spa_dir.clone()))
                .app_data(spec_json.clone())
                .app_data(web::PayloadConfig::new(s.json_limit_bytes))
                .app_data(
                    web::JsonConfig::default()
                        .limit(s.json_limit_bytes)
                        .error_handler(extract::json_error),
                )
                .app_data(web::PathConfig::default().error_handler(extract::path_error))
                .app_data(web::QueryConfig::default().error_handler(extract::query_error))
                .service(
                    // The UI (vendored) reads the document the API scope serves.
                    SwaggerUi::new("/docs/{_:.*}")
                        .config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")),
                )
                .configure(|c| spa::configure(c, spa_dir.0.clone()))
                .default_service(web::to(fallback::default_service))
                .wrap(from_fn(spec_check::middleware))
                .wrap(from_fn(idempotency::middleware))
                .wrap(from_fn(crate::http::authn::middleware))
                .wrap(cors)
                .wrap(Compress::default())
                .wrap(from_fn(crate::http::metrics::middleware))
                .wrap(from_fn(context::middleware))
        })
        .listen(listener)?
        .shutdown_timeout(shutdown);
        let server = match workers {
            Some(n) => server.workers(n),
            None => server,
        }
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM/SIGINT; in-flight requests get the shutdown timeout to finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}

/// Keeps the planner's statistics current while the server runs (`db::optimize`, hourly): the
/// intake and imports change the cases all day, and autovacuum may be off.
async fn maintain_statistics(db: sea_orm::DatabaseConnection, writer: db::Writer) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Err(e) = writer.optimize(&db).await {
            tracing::warn!(error = %e, "the planner's statistics were not refreshed");
        }
    }
}
