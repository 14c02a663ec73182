//! Test support: the real app on port 0 with a fresh, migrated database per test (SQLite by
//! default, PostgreSQL when `YANPAN_TEST_DATABASE=postgres`), and signed-in typed clients.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait};
use secrecy::SecretString;
use uuid::Uuid;
use yanpan_client::Client;
use yanpan_server::auth::jwt::JwtKeys;
use yanpan_server::auth::password;
use yanpan_server::config::Settings;
use yanpan_server::services::audit::Actor;
use yanpan_server::services::{units, users};
use yanpan_server::{Application, db};
use yanpan_types::{CreateUnit, CreateUser, Role, Unit, UnitKind, User};

/// The HS256 secret of every test server, so tests can forge tokens.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
pub const PASSWORD: &str = "correct-horse-battery-staple";

pub struct TestApp {
    pub base: String,
    pub db: DatabaseConnection,
    pub settings: Settings,
    /// Signed in as an administrator.
    pub admin: Client,
    pub admin_user: User,
    /// Advanced after a test changes data behind the API's back, as the API does itself.
    seq: AtomicU32,
}

/// Which database this test run uses.
pub fn database_kind() -> &'static str {
    match std::env::var("YANPAN_TEST_DATABASE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

async fn fresh_database_url() -> String {
    if database_kind() == "postgres" {
        let base = std::env::var("YANPAN_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let name = format!("yanpan_t_{}", Uuid::now_v7().simple());
        let admin = Database::connect(&base)
            .await
            .expect("PostgreSQL is not reachable");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        admin.close().await.ok();
        let (prefix, _) = base.rsplit_once('/').unwrap();
        format!("{prefix}/{name}")
    } else {
        let dir = std::env::temp_dir().join("yanpan-tests");
        std::fs::create_dir_all(&dir).unwrap();
        format!(
            "sqlite://{}?mode=rwc",
            dir.join(format!("{}.db", Uuid::now_v7())).display()
        )
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app after `tweak` adjusts its settings.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Settings)) -> Self {
        if std::env::var("TEST_LOG").is_ok() {
            yanpan_server::telemetry::init(yanpan_server::config::Environment::Dev);
        }
        let url = fresh_database_url().await;
        let mut settings = Settings::defaults_with_database(&url).unwrap();
        settings.server.port = 0;
        settings.server.workers = Some(2);
        settings.auth.jwt_secret = Some(SecretString::from(TEST_SECRET));
        settings.database.max_connections = 5;
        // Every answer of every test must be one the OpenAPI document lists (else a 500).
        settings.server.strict_spec_statuses = true;
        tweak(&mut settings);
        let conn = db::connect(&settings.database).await.unwrap();
        db::migrate(&conn).await.unwrap();
        let keys = JwtKeys::from_settings(&settings.auth, settings.environment).unwrap();
        let app = Application::build_with(settings.clone(), conn.clone(), keys)
            .await
            .unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.into_server());
        let admin_user = create_user(&conn, "admin0", Role::Admin, None).await;
        let admin = Client::new(&base);
        admin.login("admin0", PASSWORD).await.unwrap();
        Self {
            base,
            db: conn,
            settings,
            admin,
            admin_user,
            seq: AtomicU32::new(0),
        }
    }

    /// Starts a second server on this app's database, as another process behind a load balancer
    /// would be: its own pool, sign-in throttle and writer turn. Returns its base URL.
    pub async fn second_server(&self) -> String {
        let conn = db::connect(&self.settings.database).await.unwrap();
        let keys = JwtKeys::from_settings(&self.settings.auth, self.settings.environment).unwrap();
        let app = Application::build_with(self.settings.clone(), conn, keys)
            .await
            .unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.into_server());
        base
    }

    /// A client with no token.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.base)
    }

    fn next(&self) -> u32 {
        self.seq.fetch_add(1, Ordering::SeqCst)
    }

    /// A unit created directly in the database.
    pub async fn unit(&self, kind: UnitKind) -> Unit {
        let n = self.next();
        let input = CreateUnit {
            code: format!("unit-{n}"),
            name: format!("测试单位{n}"),
            kind,
        };
        let tx = db::begin_write(&self.db).await.unwrap();
        let u = units::create(&tx, &Actor::system("test"), &input)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        u
    }

    /// A user created straight in the database with the test password.
    pub async fn user(&self, username: &str, role: Role, unit_id: Option<Uuid>) -> User {
        create_user(&self.db, username, role, unit_id).await
    }

    /// A new user with `role` (a unit_rep gets a new street unless one is given), signed in.
    pub async fn sign_in(&self, role: Role) -> (Client, User) {
        let unit = match role {
            Role::UnitRep => Some(self.unit(UnitKind::Street).await.id),
            _ => None,
        };
        self.sign_in_at(role, unit).await
    }

    pub async fn sign_in_at(&self, role: Role, unit: Option<Uuid>) -> (Client, User) {
        let name = format!("{}{}", role.as_str().replace('_', ""), self.next());
        let user = self.user(&name, role, unit).await;
        let c = Client::new(&self.base);
        c.login(&name, PASSWORD).await.unwrap();
        (c, user)
    }

    /// A signed-in service account's client.
    pub async fn integration(&self) -> Client {
        self.service_account(vec![]).await
    }

    /// The platform's intake script: a service account with the `cases_write` scope.
    pub async fn intake_script(&self) -> Client {
        self.service_account(vec![yanpan_types::ServiceScope::CasesWrite])
            .await
    }

    async fn service_account(&self, scopes: Vec<yanpan_types::ServiceScope>) -> Client {
        let created = self
            .admin
            .create_service_account(&yanpan_types::CreateServiceAccount {
                name: format!("script {}", self.next()),
                scopes,
            })
            .await
            .unwrap();
        let c = self.anonymous();
        c.service_token(
            &created.value.account.client_id,
            &created.value.client_secret,
        )
        .await
        .unwrap();
        c
    }

    pub async fn audit_rows(&self) -> u64 {
        yanpan_server::entities::audit_log::Entity::find()
            .count(&self.db)
            .await
            .unwrap()
    }
}

/// Creates a user straight in the database with the test password.
pub async fn create_user(
    conn: &DatabaseConnection,
    username: &str,
    role: Role,
    unit_id: Option<Uuid>,
) -> User {
    let hash = password::hash(PASSWORD).unwrap();
    let input = CreateUser {
        username: username.into(),
        display_name: username.into(),
        password: PASSWORD.into(),
        role,
        unit_id,
    };
    let tx = db::begin_write(conn).await.unwrap();
    let u = users::create(&tx, &Actor::system("test"), &input, hash)
        .await
        .unwrap();
    db::commit(tx).await.unwrap();
    u
}
