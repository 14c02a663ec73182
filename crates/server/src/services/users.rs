//! User accounts: admin management, one's own profile and password.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::ProblemCode;
use yanpan_types::{AuditAction, AuditEntity};
use yanpan_types::{CreateUser, Page, PageParams, Role, UpdateMe, UpdateUser, User, UserQuery};

use super::audit::{self, Actor};
use super::save_versioned;
use super::{check_version, like_pattern, now, page_of};
use crate::entities::{refresh_token, user};
use crate::error::{ApiError, ApiResult};

pub(crate) fn to_dto(m: user::Model) -> ApiResult<User> {
    Ok(User {
        id: m.id,
        username: m.username,
        display_name: m.display_name,
        role: m.role,
        unit_id: m.unit_id,
        active: m.active,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

pub(crate) async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("user"))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<User> {
    to_dto(find(conn, id).await?)
}

pub async fn find_by_username(
    conn: &impl ConnectionTrait,
    username: &str,
) -> ApiResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(conn)
        .await?)
}

pub async fn list(
    conn: &impl ConnectionTrait,
    q: &UserQuery,
    page: PageParams,
) -> ApiResult<Page<User>> {
    use user::Column as C;
    let mut sel = user::Entity::find();
    if let Some(r) = q.role {
        sel = sel.filter(C::Role.eq(r));
    }
    if let Some(u) = q.unit_id {
        sel = sel.filter(C::UnitId.eq(u));
    }
    if let Some(a) = q.active {
        sel = sel.filter(C::Active.eq(a));
    }
    if let Some(text) = q.q.as_deref().filter(|s| !s.is_empty()) {
        let p = like_pattern(text);
        sel = sel.filter(
            Condition::any()
                .add(Expr::col(C::Username).like(LikeExpr::new(p.as_str()).escape('\\')))
                .add(Expr::col(C::DisplayName).like(LikeExpr::new(p.as_str()).escape('\\'))),
        );
    }
    page_of(
        conn,
        sel,
        user::Column::Id,
        |sel| sel.order_by_asc(C::Username),
        page,
        to_dto,
    )
    .await
}

/// People hold human roles; a unit_rep belongs to a unit.
fn check_role_and_unit(role: Role, unit_id: Option<Uuid>) -> ApiResult<()> {
    if !Role::HUMAN.contains(&role) {
        return Err(ApiError::field(
            "role",
            "not_for_people",
            "the integration role belongs to service accounts",
        ));
    }
    if role == Role::UnitRep && unit_id.is_none() {
        return Err(ApiError::field(
            "unit_id",
            "required",
            "a unit representative needs a unit",
        ));
    }
    Ok(())
}

fn map_write_error(e: sea_orm::DbErr) -> ApiError {
    match crate::error::sql_err(&e) {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            ApiError::conflict(ProblemCode::UsernameTaken, "this username is taken")
        }
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            ApiError::field("unit_id", "unknown", "no such unit")
        }
        _ => e.into(),
    }
}

/// Creates a user whose password is already hashed (hash outside the transaction: it is slow).
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &CreateUser,
    password_hash: String,
) -> ApiResult<User> {
    check_role_and_unit(input.role, input.unit_id)?;
    let t = now();
    let row = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(input.username.clone()),
        display_name: Set(input.display_name.trim().to_owned()),
        role: Set(input.role),
        unit_id: Set(input.unit_id),
        password_hash: Set(password_hash),
        active: Set(true),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(map_write_error)?;
    let dto = to_dto(row)?;
    audit::created(
        conn,
        actor,
        AuditEntity::User,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

/// Applies an admin's change; `new_hash` is the already hashed `input.password`.
pub async fn update(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateUser,
    new_hash: Option<String>,
) -> ApiResult<User> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone())?;
    let role = input.role.unwrap_or(before.role);
    let unit_id = input.unit_id.unwrap_or(before.unit_id);
    check_role_and_unit(role, unit_id)?;
    if actor.id == Some(id) && (input.active == Some(false) || role != before.role) {
        return Err(ApiError::unprocessable(
            ProblemCode::CannotDemoteSelf,
            "administrators cannot disable themselves or change their own role",
        ));
    }
    let mut am: user::ActiveModel = current.clone().into();
    if let Some(n) = &input.display_name {
        am.display_name = Set(n.trim().to_owned());
    }
    am.role = Set(role);
    am.unit_id = Set(unit_id);
    if let Some(a) = input.active {
        am.active = Set(a);
    }
    let ends_sessions = new_hash.is_some() || input.active == Some(false);
    if let Some(h) = new_hash {
        am.password_hash = Set(h);
    }
    save(conn, am, &current).await?;
    if ends_sessions {
        revoke_all_sessions(conn, id).await?;
    }
    let after = get(conn, id).await?;
    audit::record(
        conn,
        actor,
        AuditEntity::User,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

async fn save(
    conn: &impl ConnectionTrait,
    mut am: user::ActiveModel,
    current: &user::Model,
) -> ApiResult<()> {
    am.updated_at = Set(now());
    save_versioned::<user::Entity>(
        conn,
        am,
        user::Column::Id,
        user::Column::Version,
        current.id,
        current.version,
        map_write_error,
    )
    .await?;
    Ok(())
}

pub async fn update_me(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateMe,
) -> ApiResult<User> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone())?;
    let mut am: user::ActiveModel = current.clone().into();
    if let Some(n) = &input.display_name {
        am.display_name = Set(n.trim().to_owned());
    }
    save(conn, am, &current).await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        actor,
        AuditEntity::User,
        Some(id),
        AuditAction::UpdateProfile,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Sets a new password hash and ends every session of the user.
pub async fn set_password(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    current: &user::Model,
    new_hash: String,
) -> ApiResult<()> {
    let mut am: user::ActiveModel = current.clone().into();
    am.password_hash = Set(new_hash);
    save(conn, am, current).await?;
    revoke_all_sessions(conn, current.id).await?;
    audit::event(
        conn,
        actor,
        AuditEntity::User,
        Some(current.id),
        AuditAction::ChangePassword,
    )
    .await?;
    Ok(())
}

pub async fn revoke_all_sessions(conn: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
