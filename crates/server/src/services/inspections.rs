//! Special supervision (专项督查, Art. 8.4): the command center or a convener groups supervision
//! tasks into a named inspection and records what it found on each. A unit's representative sees
//! an inspection only for its unit's tasks in it.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr};
use uuid::Uuid;
use yanpan_types::*;

use super::{audit, now, page_of};
use crate::auth::Principal;
use crate::entities::{inspection, inspection_item, supervision_task};
use crate::error::{ApiError, ApiResult};
use crate::store;

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<inspection::Model> {
    inspection::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("inspection"))
}

/// The inspection as the caller may see it (`None`: a unit's representative with none of its
/// unit's tasks in it).
async fn to_dto(
    conn: &impl ConnectionTrait,
    who: &Principal,
    m: inspection::Model,
) -> ApiResult<Option<Inspection>> {
    let rows = inspection_item::Entity::find()
        .filter(inspection_item::Column::InspectionId.eq(m.id))
        .all(conn)
        .await?;
    let tasks: HashMap<Uuid, supervision_task::Model> = supervision_task::Entity::find()
        .filter(supervision_task::Column::Id.is_in(rows.iter().map(|r| r.task_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let units = store::names::units(conn, tasks.values().map(|t| t.unit_id)).await?;
    let names = store::names::users(
        conn,
        rows.iter().filter_map(|r| r.checked_by).chain(m.created_by),
    )
    .await?;
    let mut items: Vec<InspectionItem> = rows
        .into_iter()
        .filter_map(|r| {
            let t = tasks.get(&r.task_id)?;
            if who.role == Role::UnitRep && who.unit_id != Some(t.unit_id) {
                return None;
            }
            Some(InspectionItem {
                task_id: t.id,
                unit_id: t.unit_id,
                unit_name: units.get(&t.unit_id).cloned().unwrap_or_default(),
                measure: t.measure.clone(),
                task_status: t.status,
                finding: r.finding,
                checked_at: r.checked_at,
                checked_by_name: r.checked_by.and_then(|u| names.get(&u).cloned()),
            })
        })
        .collect();
    if who.role == Role::UnitRep && items.is_empty() {
        return Ok(None);
    }
    items.sort_by(|a, b| (&a.unit_name, &a.measure).cmp(&(&b.unit_name, &b.measure)));
    Ok(Some(Inspection {
        id: m.id,
        name: m.name,
        description: m.description,
        items,
        created_by_name: m.created_by.and_then(|u| names.get(&u).cloned()),
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }))
}

pub async fn get(conn: &impl ConnectionTrait, who: &Principal, id: Uuid) -> ApiResult<Inspection> {
    let m = find(conn, id).await?;
    to_dto(conn, who, m)
        .await?
        .ok_or(ApiError::NotFound("inspection"))
}

/// Inspections, the newest first (a unit's representative: those with its unit's tasks).
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    page: PageParams,
) -> ApiResult<Page<Inspection>> {
    use inspection::Column as C;
    let mut sel = inspection::Entity::find();
    if who.role == Role::UnitRep {
        let mine: Vec<Uuid> = supervision_task::Entity::find()
            .filter(supervision_task::Column::UnitId.eq(who.unit_id.unwrap_or_default()))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        let ids: Vec<Uuid> = inspection_item::Entity::find()
            .filter(inspection_item::Column::TaskId.is_in(mine))
            .all(conn)
            .await?
            .into_iter()
            .map(|i| i.inspection_id)
            .collect();
        sel = sel.filter(C::Id.is_in(ids));
    }
    let page = page_of(
        conn,
        sel,
        C::Id,
        |s| s.order_by_desc(C::CreatedAt).order_by_desc(C::Id),
        page,
        Ok,
    )
    .await?;
    let mut items = Vec::with_capacity(page.items.len());
    for m in page.items {
        if let Some(i) = to_dto(conn, who, m).await? {
            items.push(i);
        }
    }
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    })
}

/// Starts a special supervision of some tasks (organisers); a task named twice or unknown is
/// named in the 422.
pub async fn create(
    conn: &impl ConnectionTrait,
    who: &Principal,
    input: &CreateInspection,
) -> ApiResult<Inspection> {
    let mut seen = std::collections::HashSet::new();
    let known: Vec<Uuid> = supervision_task::Entity::find()
        .filter(supervision_task::Column::Id.is_in(input.task_ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let errors: Vec<FieldError> = input
        .task_ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let field = format!("task_ids[{i}]");
            if !seen.insert(*id) {
                Some(FieldError::new(field, "duplicate", "a task is named once"))
            } else if !known.contains(id) {
                Some(FieldError::new(
                    field,
                    "unknown",
                    "no such supervision task",
                ))
            } else {
                None
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = Uuid::now_v7();
    let t = now();
    inspection::Entity::insert(inspection::ActiveModel {
        id: Set(id),
        name: Set(input.name.trim().to_owned()),
        description: Set(input
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)),
        created_by: Set(Some(who.id)),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    })
    .exec_without_returning(conn)
    .await?;
    inspection_item::Entity::insert_many(input.task_ids.iter().map(|task| {
        inspection_item::ActiveModel {
            inspection_id: Set(id),
            task_id: Set(*task),
            finding: Set(None),
            checked_at: Set(None),
            checked_by: Set(None),
        }
    }))
    .exec_without_returning(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            ApiError::field("task_ids", "unknown", "a task no longer exists")
        }
        _ => ApiError::from(e),
    })?;
    let after = get(conn, who, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Inspection,
        Some(id),
        AuditAction::Create,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Records (or corrects) what the inspection found on one of its tasks (organisers).
pub async fn record_finding(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    task_id: Uuid,
    input: &RecordFinding,
) -> ApiResult<Inspection> {
    let before = get(conn, who, id).await?;
    let item = inspection_item::Entity::find_by_id((id, task_id))
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("task of the inspection"))?;
    let mut am: inspection_item::ActiveModel = item.into();
    am.finding = Set(Some(input.finding.trim().to_owned()));
    am.checked_at = Set(Some(now()));
    am.checked_by = Set(Some(who.id));
    sea_orm::ActiveModelTrait::update(am, conn).await?;
    inspection::Entity::update(inspection::ActiveModel {
        id: Set(id),
        version: Set(before.version + 1),
        updated_at: Set(now()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    let after = get(conn, who, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Inspection,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}
