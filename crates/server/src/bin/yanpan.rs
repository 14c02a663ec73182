//! The `yanpan` command: serve, migrate, print the spec, create users, seed the demo.

use std::io::Read;

use clap::{Parser, Subcommand};
use yanpan_server::auth::password;
use yanpan_server::config::Settings;
use yanpan_server::services::{audit::Actor, units, users};
use yanpan_server::{Application, bench_seed, db, seed, telemetry};
use yanpan_types::{CreateUser, Role};

/// mimalloc: memory freed on another thread than the one that allocated it (the database's
/// threads allocate rows, the HTTP workers free them) does not queue on a shared arena lock.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "yanpan",
    about = "研判 — Ping'an 365 dynamic analysis and judgment work system"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, then serve the API and the SPA (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Seed the demo organisation and users (when there are no units yet).
    SeedDemo {
        /// Benchmarks only: this many times the demo's cases (14 gives about a million).
        #[arg(long, default_value_t = 1.0, hide = true)]
        case_scale: f64,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Import data from files.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// A consistent copy of the SQLite database, taken while servers keep running (PostgreSQL:
    /// see the README). The copy is checked before the command succeeds.
    Backup {
        /// The file to write; it must not exist.
        path: std::path::PathBuf,
    },
    /// Benchmarks only: times the read statements straight on the database (JSON on stdout).
    #[command(hide = true)]
    BenchSql {
        #[arg(long, default_value_t = 300)]
        rounds: usize,
    },
    /// Benchmarks only: the demo organisation plus ten years of synthetic meetings.
    #[command(hide = true)]
    SeedBench {
        #[arg(long, default_value_t = 10_000)]
        meetings: usize,
        /// The password of the load generator's `bench-*` users.
        #[arg(long, env = "YANPAN_BENCH_PASSWORD")]
        password: String,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// The platform's cases from a CSV (UTF-8 or GB18030; English or Chinese column names) or
    /// NDJSON file, checked like the batch endpoint and upserted by case number: run it again
    /// after an interruption. Exits 2 when lines were rejected (listed with the reason).
    Cases {
        /// `.csv`, `.ndjson` or `.jsonl`.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the audit log's hash chain; names the first row where it breaks (exit 1).
    Verify,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
        /// Unit code, e.g. street-qingbo.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        println!(
            "{}",
            serde_json::to_string_pretty(&yanpan_server::openapi_document())?
        );
        return Ok(());
    }
    let settings = Settings::load()?;
    telemetry::init(settings.environment);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), "listening");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let conn = db::connect(&settings.database).await?;
            db::migrate(&conn).await?;
            db::optimize(&conn).await?;
            println!("migrations applied");
        }
        Command::Openapi => {}
        Command::SeedDemo { case_scale } => {
            let conn = db::connect(&settings.database).await?;
            db::migrate(&conn).await?;
            match seed::seed_demo_if_empty(&conn, &reporter_key(&settings)?, case_scale)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                Some(report) => println!("{report}"),
                None => println!("units exist already; nothing seeded"),
            }
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let conn = db::connect(&settings.database).await?;
            let v = yanpan_server::store::audit_chain::verify(&conn).await?;
            match v.broken {
                None => println!(
                    "audit chain intact: {} rows checked, {} not sealed yet",
                    v.sealed, v.unsealed
                ),
                Some(b) => {
                    eprintln!(
                        "audit chain BROKEN at {b} ({} rows before it hold)",
                        v.sealed
                    );
                    std::process::exit(1);
                }
            }
        }
        Command::Import {
            command: ImportCommand::Cases { file },
        } => {
            let key = reporter_key(&settings)?;
            let conn = db::connect(&settings.database).await?;
            db::migrate(&conn).await?;
            let mut err = std::io::stderr();
            let summary =
                yanpan_server::import::import_file(&conn, &key, &file, Some(&mut err)).await?;
            print!("{summary}");
            // The imported cases may hold a hot issue: propose it now, not at the next start.
            let tx = db::begin_write(&conn).await?;
            let d = yanpan_server::services::topics::detect(
                &tx,
                yanpan_server::services::calendar::shanghai_today(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            db::commit(tx).await?;
            println!(
                "{} hot issue(s), {} newly proposed",
                d.hot,
                d.proposed.len()
            );
            if !summary.rejected.is_empty() {
                std::process::exit(2);
            }
        }
        Command::Backup { path } => {
            let conn = db::connect(&settings.database).await?;
            let bytes = db::backup(&conn, &path).await?;
            println!(
                "backed up to {} ({bytes} bytes, integrity ok)",
                path.display()
            );
        }
        Command::BenchSql { rounds } => {
            let conn = db::connect(&settings.database).await?;
            let cost = bench_seed::sql_cost(&conn, rounds)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", serde_json::to_string_pretty(&cost)?);
        }
        Command::SeedBench { meetings, password } => {
            let conn = db::connect(&settings.database).await?;
            db::migrate(&conn).await?;
            seed::seed_demo_if_empty(&conn, &reporter_key(&settings)?, 1.0)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let started = std::time::Instant::now();
            let rows = bench_seed::seed(&conn, meetings, &password)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "seeded {rows} rows in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            // What autovacuum does soon after a bulk load in production: statistics for the
            // planner and the visibility map for index-only scans.
            db::optimize(&conn).await?;
            use sea_orm::ConnectionTrait;
            if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
                conn.execute_unprepared("VACUUM ANALYZE").await?;
            }
        }
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    role,
                    unit,
                    display_name,
                    password_stdin: _,
                },
        } => {
            let role: Role = role.parse().map_err(|e| anyhow::anyhow!("--role: {e}"))?;
            let mut pw = String::new();
            std::io::stdin().read_to_string(&mut pw)?;
            let pw = pw.trim_end_matches(['\n', '\r']).to_owned();
            let conn = db::connect(&settings.database).await?;
            db::migrate(&conn).await?;
            let unit_id = match unit {
                Some(code) => Some(
                    units::by_code(&conn, &code)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                        .ok_or_else(|| anyhow::anyhow!("no unit with code {code}"))?
                        .id,
                ),
                None => None,
            };
            let input = CreateUser {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                password: pw.clone(),
                role,
                unit_id,
            };
            validator::Validate::validate(&input)
                .map_err(|e| anyhow::anyhow!("invalid input: {e}"))?;
            let hash = password::hash(&pw)?;
            let tx = db::begin_write(&conn).await?;
            let user = users::create(&tx, &Actor::system("cli"), &input, hash)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            db::commit(tx).await?;
            println!(
                "created user {} ({}) with id {}",
                user.username, user.role, user.id
            );
        }
    }
    Ok(())
}

/// The reporter key, or why there is none (production without `YANPAN_REPORTER_KEY`).
fn reporter_key(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    settings
        .cases
        .reporter_key(settings.environment)
        .ok_or_else(|| anyhow::anyhow!("set YANPAN_REPORTER_KEY (at least 32 bytes)"))
}
