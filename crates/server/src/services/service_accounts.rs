//! Service accounts of the platform's scripts: created with a secret shown once, revocable.

use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;
use yanpan_types::{AuditAction, AuditEntity, ServiceScope};
use yanpan_types::{
    CreateServiceAccount, Page, PageParams, Role, ServiceAccount, ServiceAccountCreated,
};

use super::audit::{self, Actor};
use super::now;
use super::{check_version, page_of};
use crate::entities::service_account;
use crate::error::{ApiError, ApiResult};

fn to_dto(m: service_account::Model) -> ServiceAccount {
    ServiceAccount {
        id: m.id,
        name: m.name,
        client_id: m.client_id,
        role: Role::Integration,
        scopes: parse_scopes(&m.scopes),
        last_used_at: m.last_used_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// The scopes stored as comma-separated names (unknown names, from a later version, are ignored).
pub fn parse_scopes(s: &str) -> Vec<ServiceScope> {
    s.split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

fn store_scopes(scopes: &[ServiceScope]) -> String {
    let mut names: Vec<&str> = scopes.iter().map(ServiceScope::as_str).collect();
    names.sort_unstable();
    names.dedup();
    names.join(",")
}

pub fn new_client_id() -> String {
    let n: u64 = rand::rng().random();
    format!("svc_{n:016x}")
}

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<service_account::Model> {
    service_account::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("service account"))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<ServiceAccount> {
    Ok(to_dto(find(conn, id).await?))
}

pub async fn find_by_client_id(
    conn: &impl ConnectionTrait,
    client_id: &str,
) -> ApiResult<Option<service_account::Model>> {
    Ok(service_account::Entity::find()
        .filter(service_account::Column::ClientId.eq(client_id))
        .one(conn)
        .await?)
}

pub async fn list(
    conn: &impl ConnectionTrait,
    page: PageParams,
) -> ApiResult<Page<ServiceAccount>> {
    let sel = service_account::Entity::find();
    page_of(
        conn,
        sel,
        service_account::Column::Id,
        |sel| sel.order_by_asc(service_account::Column::Name),
        page,
        |m| Ok(to_dto(m)),
    )
    .await
}

/// Stores an account whose secret (`secret`) was hashed into `secret_hash` by the caller.
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &CreateServiceAccount,
    client_id: String,
    secret: String,
    secret_hash: String,
) -> ApiResult<ServiceAccountCreated> {
    let t = now();
    let row = service_account::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(input.name.trim().to_owned()),
        client_id: Set(client_id),
        secret_hash: Set(secret_hash),
        scopes: Set(store_scopes(&input.scopes)),
        last_used_at: Set(None),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await?;
    let dto = to_dto(row);
    audit::created(
        conn,
        actor,
        AuditEntity::ServiceAccount,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(ServiceAccountCreated {
        account: dto,
        client_secret: secret,
    })
}

/// Deletes the account: its secret and every token issued to it stop working at once.
/// The audit row keeps what it was.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone());
    let res = service_account::Entity::delete_many()
        .filter(service_account::Column::Id.eq(id))
        .filter(service_account::Column::Version.eq(current.version))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    audit::removed(
        conn,
        actor,
        AuditEntity::ServiceAccount,
        Some(id),
        AuditAction::Revoke,
        &before,
    )
    .await?;
    Ok(())
}

/// Notes a successful token exchange.
pub async fn touch(conn: &impl ConnectionTrait, m: &service_account::Model) -> ApiResult<()> {
    service_account::Entity::update_many()
        .col_expr(service_account::Column::LastUsedAt, Expr::value(now()))
        .filter(service_account::Column::Id.eq(m.id))
        .exec(conn)
        .await?;
    let actor = Actor {
        kind: "service_account",
        id: Some(m.id),
        name: m.client_id.clone(),
    };
    audit::event(
        conn,
        &actor,
        AuditEntity::ServiceAccount,
        Some(m.id),
        AuditAction::Token,
    )
    .await?;
    Ok(())
}
