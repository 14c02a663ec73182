//! One method per API operation, grouped by resource.

use uuid::Uuid;
use yanpan_types::*;

use crate::{Client, ClientResult, Tagged};

/// Extra headers for a `POST`.
#[derive(Debug, Clone, Default)]
pub struct PostOptions {
    pub idempotency_key: Option<String>,
}

impl Client {
    // --- auth ---------------------------------------------------------------------------------

    /// Signs in; the client keeps the access token.
    pub async fn login(&self, username: &str, password: &str) -> ClientResult<TokenPair> {
        let body = LoginRequest {
            username: username.into(),
            password: password.into(),
        };
        let pair: TokenPair = self.send(self.post("/auth/login", &body)).await?;
        self.set_token(Some(pair.access_token.clone()));
        Ok(pair)
    }

    /// Rotates the refresh token; the client keeps the new access token.
    pub async fn refresh(&self, refresh_token: &str) -> ClientResult<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        let pair: TokenPair = self.send(self.post("/auth/refresh", &body)).await?;
        self.set_token(Some(pair.access_token.clone()));
        Ok(pair)
    }

    pub async fn logout(&self, refresh_token: &str) -> ClientResult<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        self.send_empty(self.post("/auth/logout", &body)).await?;
        self.set_token(None);
        Ok(())
    }

    /// Client-credentials exchange of a service account; the client keeps the token.
    pub async fn service_token(
        &self,
        client_id: &str,
        client_secret: &str,
    ) -> ClientResult<AccessToken> {
        let body = ClientCredentialsRequest {
            grant_type: "client_credentials".into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        };
        let t: AccessToken = self.send(self.post("/auth/token", &body)).await?;
        self.set_token(Some(t.access_token.clone()));
        Ok(t)
    }

    // --- me -----------------------------------------------------------------------------------

    pub async fn me(&self) -> ClientResult<Tagged<User>> {
        self.send_tagged(self.get("/me")).await
    }

    pub async fn update_me(&self, etag: &str, body: &UpdateMe) -> ClientResult<Tagged<User>> {
        self.send_tagged(self.patch("/me", etag, body)).await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> ClientResult<()> {
        let body = ChangePassword {
            current_password: current.into(),
            new_password: new.into(),
        };
        self.send_empty(self.post("/me/password", &body)).await
    }

    // --- units --------------------------------------------------------------------------------

    pub async fn units(&self, q: &UnitQuery, page: PageParams) -> ClientResult<Page<Unit>> {
        self.list("/units", q, page).await
    }

    pub async fn unit(&self, id: Uuid) -> ClientResult<Tagged<Unit>> {
        self.send_tagged(self.get(&format!("/units/{id}"))).await
    }

    pub async fn create_unit(&self, body: &CreateUnit) -> ClientResult<Tagged<Unit>> {
        self.create_unit_with(body, &PostOptions::default()).await
    }

    pub async fn create_unit_with(
        &self,
        body: &CreateUnit,
        opts: &PostOptions,
    ) -> ClientResult<Tagged<Unit>> {
        self.send_tagged(with_opts(self.post("/units", body), opts))
            .await
    }

    pub async fn update_unit(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateUnit,
    ) -> ClientResult<Tagged<Unit>> {
        self.send_tagged(self.patch(&format!("/units/{id}"), etag, body))
            .await
    }

    pub async fn delete_unit(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.send_empty(self.delete(&format!("/units/{id}"), etag))
            .await
    }

    // --- users --------------------------------------------------------------------------------

    pub async fn users(&self, q: &UserQuery, page: PageParams) -> ClientResult<Page<User>> {
        self.list("/users", q, page).await
    }

    pub async fn user(&self, id: Uuid) -> ClientResult<Tagged<User>> {
        self.send_tagged(self.get(&format!("/users/{id}"))).await
    }

    pub async fn create_user(&self, body: &CreateUser) -> ClientResult<Tagged<User>> {
        self.send_tagged(self.post("/users", body)).await
    }

    pub async fn update_user(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateUser,
    ) -> ClientResult<Tagged<User>> {
        self.send_tagged(self.patch(&format!("/users/{id}"), etag, body))
            .await
    }

    // --- service accounts ---------------------------------------------------------------------

    pub async fn service_accounts(&self, page: PageParams) -> ClientResult<Page<ServiceAccount>> {
        self.list("/service-accounts", &(), page).await
    }

    pub async fn service_account(&self, id: Uuid) -> ClientResult<Tagged<ServiceAccount>> {
        self.send_tagged(self.get(&format!("/service-accounts/{id}")))
            .await
    }

    pub async fn create_service_account(
        &self,
        body: &CreateServiceAccount,
    ) -> ClientResult<Tagged<ServiceAccountCreated>> {
        self.send_tagged(self.post("/service-accounts", body)).await
    }

    pub async fn revoke_service_account(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.send_empty(self.delete(&format!("/service-accounts/{id}"), etag))
            .await
    }

    // --- audit --------------------------------------------------------------------------------

    pub async fn audit_log(
        &self,
        q: &AuditQuery,
        page: PageParams,
    ) -> ClientResult<Page<AuditEntry>> {
        self.list("/audit-log", q, page).await
    }
}

pub(crate) fn with_opts(b: reqwest::RequestBuilder, opts: &PostOptions) -> reqwest::RequestBuilder {
    match &opts.idempotency_key {
        Some(k) => b.header("Idempotency-Key", k),
        None => b,
    }
}
