//! Failed sign-in counting per (username, address) pair and per address, answering 429 with
//! `Retry-After`.
//!
//! Why pairs: counting per username alone lets anyone lock any account (five wrong passwords for
//! `admin` from anywhere would make the owner's right password answer 429). Counting the pair
//! slows the guesser at that address while the owner, elsewhere, signs in as usual. The per-address
//! limit (higher) stops one address from spraying many usernames. Behind a reverse proxy every
//! caller shares the proxy's address: name it in `server.trusted_proxies` so that the client's
//! own address (from `X-Forwarded-For`) is counted instead.
//!
//! The counts live in the database (`sign_in_attempts`), so that every server behind a load
//! balancer counts the same attempts and a restart forgets nothing. An attempt is counted
//! *before* the password is hashed: `attempt` checks the counts and records the attempt in one
//! transaction that holds the address's turn (SQLite: the single writer; PostgreSQL: a
//! transaction-scoped advisory lock on the address), so parallel guesses, on one server or many,
//! cannot all pass a check that would be recorded only after the slow hash.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

use crate::db::WriteTx;
use crate::entities::sign_in_attempt::{self, Column as C};

const YEAR: u64 = 365 * 24 * 3600;

/// The limits and the window; the counts are in the database.
pub struct LoginThrottle {
    window: Duration,
    max_per_pair: u64,
    max_per_ip: u64,
}

/// A counted attempt. Left as it is, it stays counted as a failure; `succeeded` takes it back
/// and forgives the pair's earlier failures (not the address's).
#[must_use]
pub struct Attempt {
    id: Uuid,
    subject: String,
    address: String,
}

impl Attempt {
    pub async fn succeeded(
        self,
        db: &DatabaseConnection,
        writer: &crate::db::Writer,
    ) -> Result<(), DbErr> {
        let tx = WriteTx::begin(db, writer).await?;
        sign_in_attempt::Entity::delete_by_id(self.id)
            .exec(&*tx)
            .await?;
        sign_in_attempt::Entity::update_many()
            .col_expr(C::CountsForSubject, Expr::value(false))
            .filter(C::Subject.eq(self.subject))
            .filter(C::Address.eq(self.address))
            .exec(&*tx)
            .await?;
        tx.commit_now().await
    }
}

impl LoginThrottle {
    pub fn new(window_secs: u64, max_per_pair: u32, max_per_ip: u32) -> Self {
        Self {
            // At most a year: a longer window is a typing error, and chrono's range is bounded.
            window: Duration::seconds(i64::try_from(window_secs.min(YEAR)).unwrap_or(0)),
            max_per_pair: u64::from(max_per_pair.max(1)),
            max_per_ip: u64::from(max_per_ip.max(1)),
        }
    }

    /// Counts an attempt now, or `Ok(Err(seconds))` to wait while the pair or the address is at
    /// its limit (nothing is counted then).
    pub async fn attempt(
        &self,
        db: &DatabaseConnection,
        writer: &crate::db::Writer,
        subject: &str,
        address: &str,
    ) -> Result<Result<Attempt, u64>, DbErr> {
        let subject: String = subject.chars().take(200).collect();
        let address: String = address.chars().take(64).collect();
        let now = crate::clock::now();
        let since = now - self.window;
        let tx = WriteTx::begin(db, writer).await?;
        if tx.get_database_backend() == DbBackend::Postgres {
            tx.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 7365))",
                [format!("sign-in:{address}").into()],
            ))
            .await?;
        }
        // What left the window is forgotten, here (so no timer is needed) and for this address
        // only (the rows its turn covers, so that two addresses' turns never wait on each other).
        sign_in_attempt::Entity::delete_many()
            .filter(C::Address.eq(address.as_str()))
            .filter(C::At.lte(since))
            .exec(&*tx)
            .await?;
        let all = sign_in_attempt::Entity::find()
            .filter(C::Address.eq(address.as_str()))
            .filter(C::At.gt(since));
        let pair = all
            .clone()
            .filter(C::Subject.eq(subject.as_str()))
            .filter(C::CountsForSubject.eq(true));
        let mut wait = 0;
        for (sel, max) in [(pair, self.max_per_pair), (all, self.max_per_ip)] {
            if sel.clone().count(&*tx).await? < max {
                continue;
            }
            // Blocked until enough of the newest `max` failures leave the window.
            let oldest_kept: Option<DateTime<Utc>> = sel
                .select_only()
                .column(C::At)
                .order_by_desc(C::At)
                .offset(max - 1)
                .into_tuple()
                .one(&*tx)
                .await?;
            let secs = oldest_kept
                .map(|at| (at + self.window - now).num_seconds())
                .unwrap_or(1);
            wait = wait.max(u64::try_from(secs).unwrap_or(0).max(1));
        }
        if wait > 0 {
            // Nothing counted: the transaction ends without a change but the forgetting.
            tx.commit_now().await?;
            return Ok(Err(wait));
        }
        let id = Uuid::now_v7();
        sign_in_attempt::ActiveModel {
            id: Set(id),
            subject: Set(subject.clone()),
            address: Set(address.clone()),
            at: Set(now),
            counts_for_subject: Set(true),
        }
        .insert(&*tx)
        .await?;
        tx.commit_now().await?;
        Ok(Ok(Attempt {
            id,
            subject,
            address,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseSettings;

    async fn database() -> (DatabaseConnection, crate::db::Writer) {
        let path = std::env::temp_dir().join(format!("yanpan-throttle-{}.db", Uuid::now_v7()));
        let db = crate::db::connect(&DatabaseSettings {
            url: format!("sqlite://{}?mode=rwc", path.display()).into(),
            max_connections: 2,
            sqlite_mmap_mb: 0,
            sqlite_cache_mb: 2,
            sqlite_writer_cache_mb: 2,
        })
        .await
        .unwrap();
        crate::db::migrate(&db).await.unwrap();
        (db, crate::db::Writer::default())
    }

    #[tokio::test]
    async fn a_pair_is_blocked_after_its_limit_and_the_owner_elsewhere_is_not() {
        let (db, w) = database().await;
        let t = LoginThrottle::new(60, 3, 100);
        for _ in 0..3 {
            let _ = t
                .attempt(&db, &w, "admin", "6.6.6.6")
                .await
                .unwrap()
                .unwrap();
        }
        let secs = t
            .attempt(&db, &w, "admin", "6.6.6.6")
            .await
            .unwrap()
            .err()
            .unwrap();
        assert!((1..=60).contains(&secs), "{secs}");
        // The owner, at another address, is not locked out.
        let owner = t
            .attempt(&db, &w, "admin", "10.0.0.7")
            .await
            .unwrap()
            .unwrap();
        owner.succeeded(&db, &w).await.unwrap();
        // The guesser's other usernames are still allowed (up to the address limit).
        assert!(t.attempt(&db, &w, "bob", "6.6.6.6").await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn attempts_are_counted_before_the_outcome_is_known() {
        let (db, w) = database().await;
        let t = LoginThrottle::new(60, 5, 100);
        // Forty guesses in flight at once: only five get a slot.
        let tries = (0..40).map(|_| t.attempt(&db, &w, "u", "1.1.1.1"));
        let held = futures_util::future::join_all(tries)
            .await
            .into_iter()
            .filter(|r| matches!(r, Ok(Ok(_))))
            .count();
        assert_eq!(held, 5);
    }

    #[tokio::test]
    async fn a_success_forgives_the_pair_but_not_the_address() {
        let (db, w) = database().await;
        let t = LoginThrottle::new(60, 2, 2);
        let _ = t.attempt(&db, &w, "u", "1.1.1.1").await.unwrap().unwrap();
        let ok = t.attempt(&db, &w, "u", "1.1.1.1").await.unwrap().unwrap();
        ok.succeeded(&db, &w).await.unwrap();
        // The pair starts over; the address still has the first failure.
        let _ = t.attempt(&db, &w, "u", "1.1.1.1").await.unwrap().unwrap();
        assert!(
            t.attempt(&db, &w, "v", "1.1.1.1").await.unwrap().is_err(),
            "the address is at its limit"
        );
    }

    #[tokio::test]
    async fn an_address_spraying_usernames_is_stopped() {
        let (db, w) = database().await;
        let t = LoginThrottle::new(60, 5, 10);
        for i in 0..10 {
            let _ = t
                .attempt(&db, &w, &format!("user{i}"), "6.6.6.6")
                .await
                .unwrap()
                .unwrap();
        }
        assert!(
            t.attempt(&db, &w, "user99", "6.6.6.6")
                .await
                .unwrap()
                .is_err()
        );
        assert!(
            t.attempt(&db, &w, "user99", "7.7.7.7")
                .await
                .unwrap()
                .is_ok()
        );
    }

    #[tokio::test]
    async fn attempts_older_than_the_window_no_longer_count() {
        let (db, w) = database().await;
        let t = LoginThrottle::new(60, 1, 100);
        let _ = t.attempt(&db, &w, "u", "1.1.1.1").await.unwrap().unwrap();
        assert!(t.attempt(&db, &w, "u", "1.1.1.1").await.unwrap().is_err());
        // The failure is moved two minutes back, as if the window had passed.
        sign_in_attempt::Entity::update_many()
            .col_expr(
                C::At,
                Expr::value(crate::clock::now() - Duration::seconds(120)),
            )
            .exec(&db)
            .await
            .unwrap();
        assert!(t.attempt(&db, &w, "u", "1.1.1.1").await.unwrap().is_ok());
        assert_eq!(sign_in_attempt::Entity::find().count(&db).await.unwrap(), 1);
    }
}
