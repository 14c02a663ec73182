//! Connecting to SQLite or PostgreSQL, migrating, and opening write transactions.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use secrecy::ExposeSecret;
use yanpan_migration::Migrator;
use yanpan_migration::MigratorTrait;

use crate::config::DatabaseSettings;

/// Opens the pool. SQLite gets WAL, foreign keys, a busy timeout and FULL sync; its file's
/// directory is created when missing.
pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, DbErr> {
    open(
        settings,
        settings.max_connections,
        settings.sqlite_mmap_mb,
        settings.sqlite_cache_mb,
    )
    .await
}

async fn open(
    settings: &DatabaseSettings,
    max_connections: u32,
    mmap_mb: u64,
    cache_mb: u64,
) -> Result<DatabaseConnection, DbErr> {
    let url = settings.url.expose_secret().to_owned();
    if let Some(path) = sqlite_path(&url)
        && let Some(dir) = std::path::Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mmap_bytes = mmap_mb.saturating_mul(1 << 20);
    let cache_kib = cache_mb.saturating_mul(1 << 10);
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // A ping only for a connection idle long enough to have been dropped by the server or
        // a firewall: pinging before every query doubled each query's round trips (a hand-off
        // to SQLite's connection thread, a message to PostgreSQL; issue 10).
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .pragma("mmap_size", mmap_bytes.to_string())
                .pragma("cache_size", format!("-{cache_kib}"))
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .synchronous(SqliteSynchronous::Full)
        });
    Database::connect(opts).await
}

/// How this server writes. SQLite has one writer: write transactions take turns here (queueing
/// in order replaces SQLite's sleeping retries, which make slow tails, with a fair wait), on a
/// connection of their own that reads through its page cache, not the memory map. A write
/// descends index pages all over the file, and each page a connection has mapped counts in the
/// server's memory once per connection that mapped it: an intake of 50,000 cases through the
/// shared pool left 85 MB mapped on the two connections it happened to use. PostgreSQL writes
/// on the shared pool, without turns.
#[derive(Clone, Default)]
pub struct Writer {
    turn: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// SQLite on a file only; otherwise writes use the shared pool.
    conn: Option<DatabaseConnection>,
}

impl Writer {
    pub async fn open(settings: &DatabaseSettings) -> Result<Self, DbErr> {
        let conn = match sqlite_path(settings.url.expose_secret()) {
            Some(_) => Some(open(settings, 1, 0, settings.sqlite_writer_cache_mb).await?),
            None => None,
        };
        Ok(Self {
            turn: Default::default(),
            conn,
        })
    }

    /// `optimize` on the writer's connection, in turn: `ANALYZE` reads whole indexes, which on a
    /// pool connection would stay mapped (hundreds of MB after an import), and it writes the
    /// statistics, which is a write like any other.
    pub async fn optimize(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let _turn = self.turn.lock().await;
        optimize(self.conn.as_ref().unwrap_or(db)).await
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    let tx = begin_write(db).await?;
    if crate::store::case_stats::ensure(&tx).await? {
        tracing::info!("the analysis room's rollup (case_stats) was rebuilt from the cases");
    }
    commit(tx).await
}

/// Keeps the planner's statistics current. SQLite: `PRAGMA optimize`, as SQLite advises for
/// long-lived connections (it analyses only tables whose statistics are missing or stale, within
/// a bounded effort); without them SQLite takes any equality index as selective, and sorts every
/// meeting of a kind to show one page. PostgreSQL: `ANALYZE` of each table changed by more than a
/// tenth since its last analysis (autovacuum's own threshold), for servers where autovacuum is
/// off or has not come round yet: without statistics after a bulk load its planner took an
/// open-cases query of a year through the street index, reading 84,000 closed cases (70 ms
/// instead of 0.1 ms). Run at a server's start-up and hourly (`Writer::optimize`), after seeding and
/// imports.
pub async fn optimize(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            db.execute_unprepared("PRAGMA optimize=0x10002").await?;
        }
        DbBackend::Postgres => {
            let stale = db
                .query_all_raw(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() \
                     AND n_mod_since_analyze > 1000 + n_live_tup / 10 ORDER BY relname",
                ))
                .await?;
            for row in stale {
                let table: String = row.try_get("", "relname")?;
                // A name read from the catalogue, quoted as an identifier.
                db.execute_unprepared(&format!("ANALYZE \"{}\"", table.replace('"', "\"\"")))
                    .await?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Why `backup` could not make a copy.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "this is a PostgreSQL database: back it up with pg_dump (README, \"Backup and restore\")"
    )]
    Postgres,
    #[error("{0} exists already; a backup never overwrites a file")]
    Exists(String),
    #[error("the copy failed its integrity check: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Copies a SQLite database to `to` while servers go on reading and writing it: `VACUUM INTO`
/// reads one snapshot (a read transaction, which in WAL mode blocks no writer) and writes it out
/// compacted, so the copy holds exactly the transactions committed before it began. The copy is
/// then opened on its own and checked (`PRAGMA integrity_check`). Returns its size in bytes.
pub async fn backup(db: &DatabaseConnection, to: &std::path::Path) -> Result<u64, BackupError> {
    use sea_orm::{ConnectionTrait, Statement};
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return Err(BackupError::Postgres);
    }
    let target = to.display().to_string();
    // SQLite would refuse a non-empty file itself; an empty one it would overwrite.
    if to.exists() {
        return Err(BackupError::Exists(target));
    }
    db.execute_raw(Statement::from_sql_and_values(
        sea_orm::DbBackend::Sqlite,
        "VACUUM INTO ?",
        [target.clone().into()],
    ))
    .await?;
    let copy = Database::connect(format!("sqlite://{target}?mode=ro")).await?;
    let verdict = copy
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?
        .map(|row| row.try_get_by_index::<String>(0))
        .transpose()?
        .unwrap_or_default();
    copy.close().await?;
    if verdict != "ok" {
        return Err(BackupError::Corrupt(verdict));
    }
    std::fs::metadata(to)
        .map(|m| m.len())
        .map_err(|e| BackupError::Db(DbErr::Custom(format!("cannot read {target}: {e}"))))
}

/// A write transaction; on SQLite it also holds this server's writer turn (see `Writer`).
pub struct WriteTx {
    tx: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

tokio::task_local! {
    /// Set while a request with an `Idempotency-Key` is handled: the handler's commit is held
    /// here so that the answer can be stored in the same transaction (see `http::idempotency`).
    pub static DEFERRED_COMMIT: std::cell::RefCell<Option<WriteTx>>;
}

impl WriteTx {
    /// Opens a write transaction: on SQLite after this server's turn to write, on the writer's
    /// own connection when it has one.
    pub async fn begin(db: &DatabaseConnection, writer: &Writer) -> Result<Self, DbErr> {
        let turn = match db.get_database_backend() {
            sea_orm::DbBackend::Sqlite => Some(writer.turn.clone().lock_owned().await),
            _ => None,
        };
        Ok(Self {
            tx: begin_write(writer.conn.as_ref().unwrap_or(db)).await?,
            _turn: turn,
        })
    }

    /// Commits; or, inside an idempotent request, hands the transaction to the idempotency layer,
    /// which stores the answer in it and commits both together.
    pub async fn commit(self) -> Result<(), DbErr> {
        let mut held = Some(self);
        let _ = DEFERRED_COMMIT.try_with(|slot| {
            let mut slot = slot.borrow_mut();
            // One deferred transaction per request: a second one commits on its own.
            if slot.is_none() {
                *slot = held.take();
            }
        });
        match held {
            Some(me) => me.commit_now().await,
            None => Ok(()),
        }
    }

    /// Commits now, whatever the request.
    pub async fn commit_now(self) -> Result<(), DbErr> {
        commit(self.tx).await
    }
}

/// Commits a write transaction after sealing the audit rows it wrote into the audit chain and its
/// changes into the change feed (the last steps, so that their locks are held only for the commit
/// itself).
pub async fn commit(tx: DatabaseTransaction) -> Result<(), DbErr> {
    crate::store::audit_chain::seal(&tx).await?;
    crate::store::changes::seal(&tx).await?;
    crate::store::changes::seal_outbox(&tx).await?;
    tx.commit().await
}

/// Seals what committed unsealed (the command line's seeding and imports, rows of a migration)
/// into the audit chain and the change feed; run at start-up so that a reader of the feed need
/// not wait for the first write.
pub async fn seal_pending(db: &DatabaseConnection) -> Result<(), DbErr> {
    commit(begin_write(db).await?).await
}

/// Begins a transaction that will write: IMMEDIATE on SQLite, so that a read-then-write never
/// fails with SQLITE_BUSY halfway; a plain transaction on PostgreSQL.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_path("sqlite://data/y.db?mode=rwc").as_deref(),
            Some("data/y.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x"), None);
    }
}
