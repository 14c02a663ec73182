//! Units: create, read, change (admin), delete when nothing refers to them.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::ProblemCode;
use yanpan_types::{AuditAction, AuditEntity};
use yanpan_types::{CreateUnit, Page, PageParams, Unit, UnitQuery, UpdateUnit};

use super::audit::{self, Actor};
use super::save_versioned;
use super::{check_version, like_pattern, now, page_of};
use crate::entities::unit;
use crate::error::{ApiError, ApiResult};

fn to_dto(m: unit::Model) -> ApiResult<Unit> {
    Ok(Unit {
        id: m.id,
        code: m.code,
        name: m.name,
        kind: m.kind,
        active: m.active,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<Unit> {
    to_dto(find(conn, id).await?)
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<unit::Model> {
    unit::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("unit"))
}

pub async fn by_code(conn: &impl ConnectionTrait, code: &str) -> ApiResult<Option<Unit>> {
    unit::Entity::find()
        .filter(unit::Column::Code.eq(code))
        .one(conn)
        .await?
        .map(to_dto)
        .transpose()
}

pub async fn list(
    conn: &impl ConnectionTrait,
    q: &UnitQuery,
    page: PageParams,
) -> ApiResult<Page<Unit>> {
    use unit::Column as C;
    let mut sel = unit::Entity::find();
    if let Some(k) = q.kind {
        sel = sel.filter(C::Kind.eq(k));
    }
    if let Some(a) = q.active {
        sel = sel.filter(C::Active.eq(a));
    }
    if let Some(text) = q.q.as_deref().filter(|s| !s.is_empty()) {
        let p = like_pattern(text);
        sel = sel.filter(
            Condition::any()
                .add(Expr::col(C::Name).like(LikeExpr::new(p.as_str()).escape('\\')))
                .add(Expr::col(C::Code).like(LikeExpr::new(p.as_str()).escape('\\'))),
        );
    }
    page_of(
        conn,
        sel,
        unit::Column::Id,
        |sel| sel.order_by_asc(C::Kind).order_by_asc(C::Code),
        page,
        to_dto,
    )
    .await
}

pub async fn create(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &CreateUnit,
) -> ApiResult<Unit> {
    let t = now();
    let row = unit::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(input.code.clone()),
        name: Set(input.name.trim().to_owned()),
        kind: Set(input.kind),
        active: Set(true),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(|e| match crate::error::sql_err(&e) {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::CodeTaken,
            "a unit with this code already exists",
        ),
        _ => e.into(),
    })?;
    let dto = to_dto(row)?;
    audit::created(
        conn,
        actor,
        AuditEntity::Unit,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

pub async fn update(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateUnit,
) -> ApiResult<Unit> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone())?;
    let mut am: unit::ActiveModel = current.clone().into();
    if let Some(n) = &input.name {
        am.name = Set(n.trim().to_owned());
    }
    if let Some(k) = input.kind {
        am.kind = Set(k);
    }
    if let Some(a) = input.active {
        am.active = Set(a);
    }
    am.updated_at = Set(now());
    save_versioned::<unit::Entity>(
        conn,
        am,
        unit::Column::Id,
        unit::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        actor,
        AuditEntity::Unit,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn delete(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone())?;
    let res = unit::Entity::delete_many()
        .filter(unit::Column::Id.eq(id))
        .filter(unit::Column::Version.eq(current.version))
        .exec(conn)
        .await
        .map_err(|e| match crate::error::sql_err(&e) {
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::conflict(
                ProblemCode::UnitInUse,
                "users or records refer to this unit; deactivate it instead",
            ),
            _ => e.into(),
        })?;
    if res.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    audit::removed(
        conn,
        actor,
        AuditEntity::Unit,
        Some(id),
        AuditAction::Delete,
        &before,
    )
    .await?;
    Ok(())
}
