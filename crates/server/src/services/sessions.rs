//! Sign-in sessions: refresh tokens that rotate on use, with reuse detection per family.

use base64::Engine;
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use yanpan_types::{AuditAction, AuditEntity};
use yanpan_types::{Role, TokenPair};

use super::audit::{self, Actor};
use super::now;
use crate::auth::jwt::{JwtKeys, PrincipalKind};
use crate::entities::{refresh_token, user};
use crate::error::{ApiError, ApiResult};

/// A fresh opaque token: 256 random bits, base64url.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::fill(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn actor_of(u: &user::Model) -> Actor {
    Actor {
        kind: "user",
        id: Some(u.id),
        name: u.username.clone(),
    }
}

/// Issues an access token and a refresh token in `family` (a new family at sign-in).
async fn issue(
    conn: &impl ConnectionTrait,
    keys: &JwtKeys,
    refresh_ttl_secs: u64,
    u: &user::Model,
    family: Uuid,
) -> ApiResult<TokenPair> {
    let role: Role = u.role;
    let access = keys
        .issue(u.id, PrincipalKind::User, role, Some(family))
        .map_err(anyhow::Error::from)?;
    let refresh = random_token();
    let t = now();
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(u.id),
        family_id: Set(family),
        token_hash: Set(sha256_hex(&refresh)),
        expires_at: Set(t + Duration::seconds(refresh_ttl_secs as i64)),
        created_at: Set(t),
        used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(TokenPair {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: keys.access_ttl_secs,
        refresh_token: refresh,
        refresh_expires_in: refresh_ttl_secs,
    })
}

/// Starts a session for a user whose password was checked.
pub async fn start(
    conn: &impl ConnectionTrait,
    keys: &JwtKeys,
    refresh_ttl_secs: u64,
    u: &user::Model,
) -> ApiResult<TokenPair> {
    let pair = issue(conn, keys, refresh_ttl_secs, u, Uuid::now_v7()).await?;
    audit::event(
        conn,
        &actor_of(u),
        AuditEntity::Session,
        Some(u.id),
        AuditAction::Login,
    )
    .await?;
    Ok(pair)
}

/// What presenting a refresh token led to.
pub enum Refreshed {
    Rotated(TokenPair),
    /// The token had been used or revoked already: its whole family is now revoked.
    Reused,
    Invalid,
}

pub async fn refresh(
    conn: &impl ConnectionTrait,
    keys: &JwtKeys,
    refresh_ttl_secs: u64,
    token: &str,
) -> ApiResult<Refreshed> {
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(sha256_hex(token)))
        .one(conn)
        .await?
    else {
        return Ok(Refreshed::Invalid);
    };
    let u = user::Entity::find_by_id(row.user_id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    if row.used_at.is_some() {
        revoke_family(conn, row.family_id).await?;
        audit::event(
            conn,
            &actor_of(&u),
            AuditEntity::Session,
            Some(u.id),
            AuditAction::RefreshReuseDetected,
        )
        .await?;
        return Ok(Refreshed::Reused);
    }
    if row.revoked_at.is_some() || row.expires_at <= now() || !u.active {
        return Ok(Refreshed::Invalid);
    }
    // Marking it used only where it is still unused makes two racing refreshes see one winner.
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now()))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        revoke_family(conn, row.family_id).await?;
        return Ok(Refreshed::Reused);
    }
    let pair = issue(conn, keys, refresh_ttl_secs, &u, row.family_id).await?;
    audit::event(
        conn,
        &actor_of(&u),
        AuditEntity::Session,
        Some(u.id),
        AuditAction::Refresh,
    )
    .await?;
    Ok(Refreshed::Rotated(pair))
}

async fn revoke_family(conn: &impl ConnectionTrait, family: Uuid) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now()))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends the session the token belongs to. Unknown tokens end nothing and are not an error.
pub async fn logout(conn: &impl ConnectionTrait, token: &str) -> ApiResult<()> {
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(sha256_hex(token)))
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    if row.revoked_at.is_some() {
        return Ok(());
    }
    revoke_family(conn, row.family_id).await?;
    if let Some(u) = user::Entity::find_by_id(row.user_id).one(conn).await? {
        audit::event(
            conn,
            &actor_of(&u),
            AuditEntity::Session,
            Some(u.id),
            AuditAction::Logout,
        )
        .await?;
    }
    Ok(())
}
