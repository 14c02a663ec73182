//! `Client` methods of auth, me, units, users, service accounts and the audit log: each sends
//! the operation of the same name in `ops`.

use uuid::Uuid;
use yanpan_types::*;

use crate::{Client, ClientResult, PostOptions, Tagged, ops};

impl Client {
    // --- auth ---------------------------------------------------------------------------------

    /// Signs in; the client keeps the access token.
    pub async fn login(&self, username: &str, password: &str) -> ClientResult<TokenPair> {
        let pair = self.run(ops::login(username, password)).await?;
        self.set_token(Some(pair.access_token.clone()));
        Ok(pair)
    }

    /// Rotates the refresh token; the client keeps the new access token.
    pub async fn refresh(&self, refresh_token: &str) -> ClientResult<TokenPair> {
        let pair = self.run(ops::refresh(refresh_token)).await?;
        self.set_token(Some(pair.access_token.clone()));
        Ok(pair)
    }

    pub async fn logout(&self, refresh_token: &str) -> ClientResult<()> {
        self.run(ops::logout(refresh_token)).await?;
        self.set_token(None);
        Ok(())
    }

    /// Client-credentials exchange of a service account; the client keeps the token.
    pub async fn service_token(
        &self,
        client_id: &str,
        client_secret: &str,
    ) -> ClientResult<AccessToken> {
        let t = self
            .run(ops::client_credentials_token(client_id, client_secret))
            .await?;
        self.set_token(Some(t.access_token.clone()));
        Ok(t)
    }

    // --- me -----------------------------------------------------------------------------------

    pub async fn me(&self) -> ClientResult<Tagged<User>> {
        self.run(ops::get_me()).await
    }

    pub async fn update_me(&self, etag: &str, body: &UpdateMe) -> ClientResult<Tagged<User>> {
        self.run(ops::update_me(etag, body)).await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> ClientResult<()> {
        self.run(ops::change_password(current, new)).await
    }

    // --- units --------------------------------------------------------------------------------

    pub async fn units(&self, q: &UnitQuery, page: PageParams) -> ClientResult<Page<Unit>> {
        self.run(ops::list_units(q, page)).await
    }

    pub async fn unit(&self, id: Uuid) -> ClientResult<Tagged<Unit>> {
        self.run(ops::get_unit(id)).await
    }

    pub async fn create_unit(&self, body: &CreateUnit) -> ClientResult<Tagged<Unit>> {
        self.run(ops::create_unit(body)).await
    }

    pub async fn create_unit_with(
        &self,
        body: &CreateUnit,
        opts: &PostOptions,
    ) -> ClientResult<Tagged<Unit>> {
        self.run(ops::create_unit(body).with(opts)).await
    }

    pub async fn update_unit(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateUnit,
    ) -> ClientResult<Tagged<Unit>> {
        self.run(ops::update_unit(id, etag, body)).await
    }

    pub async fn delete_unit(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.run(ops::delete_unit(id, etag)).await
    }

    // --- users --------------------------------------------------------------------------------

    pub async fn users(&self, q: &UserQuery, page: PageParams) -> ClientResult<Page<User>> {
        self.run(ops::list_users(q, page)).await
    }

    pub async fn user(&self, id: Uuid) -> ClientResult<Tagged<User>> {
        self.run(ops::get_user(id)).await
    }

    pub async fn create_user(&self, body: &CreateUser) -> ClientResult<Tagged<User>> {
        self.run(ops::create_user(body)).await
    }

    pub async fn update_user(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateUser,
    ) -> ClientResult<Tagged<User>> {
        self.run(ops::update_user(id, etag, body)).await
    }

    // --- service accounts ---------------------------------------------------------------------

    pub async fn service_accounts(&self, page: PageParams) -> ClientResult<Page<ServiceAccount>> {
        self.run(ops::list_service_accounts(page)).await
    }

    pub async fn service_account(&self, id: Uuid) -> ClientResult<Tagged<ServiceAccount>> {
        self.run(ops::get_service_account(id)).await
    }

    pub async fn create_service_account(
        &self,
        body: &CreateServiceAccount,
    ) -> ClientResult<Tagged<ServiceAccountCreated>> {
        self.run(ops::create_service_account(body)).await
    }

    pub async fn revoke_service_account(&self, id: Uuid, etag: &str) -> ClientResult<()> {
        self.run(ops::revoke_service_account(id, etag)).await
    }

    // --- audit --------------------------------------------------------------------------------

    pub async fn audit_log(
        &self,
        q: &AuditQuery,
        page: PageParams,
    ) -> ClientResult<Page<AuditEntry>> {
        self.run(ops::list_audit_log(q, page)).await
    }
}
