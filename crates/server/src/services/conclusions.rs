//! Conclusions (Art. 6): drafted, adopted by a convener, never changed once adopted; a
//! correction is a new conclusion that supersedes the old, and both stay visible.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr,
};
use uuid::Uuid;
use yanpan_types::*;

use super::now;
use super::save_versioned;
use super::{audit, check_version};
use crate::auth::Principal;
use crate::entities::{conclusion, recommendation};
use crate::error::{ApiError, ApiResult, NamedInField, sql_err};
use crate::store;

/// The conclusions with their recommendations, successors and the names of the units and
/// people they name, in five queries whatever their number.
async fn to_dtos(
    conn: &impl ConnectionTrait,
    rows: Vec<conclusion::Model>,
) -> ApiResult<Vec<Conclusion>> {
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let recs = recommendation::Entity::find()
        .filter(recommendation::Column::ConclusionId.is_in(ids.clone()))
        .order_by_asc(recommendation::Column::Position)
        .all(conn)
        .await?;
    let successors = conclusion::Entity::find()
        .filter(conclusion::Column::SupersedesId.is_in(ids))
        .filter(conclusion::Column::Status.eq(ConclusionStatus::Adopted))
        .all(conn)
        .await?;
    let units = store::names::units(conn, recs.iter().map(|r| r.responsible_unit_id)).await?;
    let people = store::names::users(conn, rows.iter().filter_map(|c| c.adopted_by)).await?;
    rows.into_iter()
        .map(|m| {
            Ok(Conclusion {
                id: m.id,
                meeting_id: m.meeting_id,
                agenda_item_id: m.agenda_item_id,
                text: m.text,
                status: m.status,
                recommendations: recs
                    .iter()
                    .filter(|r| r.conclusion_id == m.id)
                    .map(|r| Recommendation {
                        id: r.id,
                        measure: r.measure.clone(),
                        responsible_unit_id: r.responsible_unit_id,
                        responsible_unit_name: units
                            .get(&r.responsible_unit_id)
                            .cloned()
                            .unwrap_or_default(),
                        deadline: r.deadline,
                    })
                    .collect(),
                supersedes_id: m.supersedes_id,
                superseded_by_id: successors
                    .iter()
                    .find(|c| c.supersedes_id == Some(m.id))
                    .map(|c| c.id),
                adopted_by: m.adopted_by,
                adopted_by_name: m.adopted_by.and_then(|u| people.get(&u).cloned()),
                adopted_at: m.adopted_at,
                version: m.version,
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
        })
        .collect()
}

async fn to_dto(conn: &impl ConnectionTrait, m: conclusion::Model) -> ApiResult<Conclusion> {
    to_dtos(conn, vec![m])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("conclusion"))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<Conclusion> {
    let m = store::conclusions::find(conn, id).await?;
    to_dto(conn, m).await
}

pub async fn list(conn: &impl ConnectionTrait, meeting_id: Uuid) -> ApiResult<Vec<Conclusion>> {
    let rows = conclusion::Entity::find()
        .filter(conclusion::Column::MeetingId.eq(meeting_id))
        .order_by_asc(conclusion::Column::CreatedAt)
        .order_by_asc(conclusion::Column::Id)
        .all(conn)
        .await?;
    to_dtos(conn, rows).await
}

async fn replace_recommendations(
    conn: &impl ConnectionTrait,
    conclusion_id: Uuid,
    recs: &[NewRecommendation],
) -> ApiResult<()> {
    recommendation::Entity::delete_many()
        .filter(recommendation::Column::ConclusionId.eq(conclusion_id))
        .exec(conn)
        .await?;
    for (i, r) in recs.iter().enumerate() {
        recommendation::ActiveModel {
            id: Set(Uuid::now_v7()),
            conclusion_id: Set(conclusion_id),
            position: Set(i as i32 + 1),
            measure: Set(r.measure.trim().into()),
            responsible_unit_id: Set(r.responsible_unit_id),
            deadline: Set(r.deadline),
            created_at: Set(now()),
        }
        .insert(conn)
        .await
        .map_err(|e| match sql_err(&e) {
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::field(
                &format!("recommendations[{i}].responsible_unit_id"),
                "unknown",
                "no such unit",
            ),
            _ => e.into(),
        })?;
    }
    Ok(())
}

pub async fn create(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    input: &CreateConclusion,
) -> ApiResult<Conclusion> {
    let m = store::meetings::find(conn, meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    if let Some(item) = input.agenda_item_id {
        let i = store::agenda::find(conn, item)
            .await
            .or_unknown("agenda_item_id", "no such agenda item")?;
        if i.meeting_id != meeting_id {
            return Err(ApiError::field(
                "agenda_item_id",
                "other_meeting",
                "the item belongs to another meeting",
            ));
        }
    }
    if let Some(old) = input.supersedes_id {
        let o = store::conclusions::find(conn, old)
            .await
            .or_unknown("supersedes_id", "no such conclusion")?;
        if o.meeting_id != meeting_id || o.status != ConclusionStatus::Adopted {
            return Err(ApiError::field(
                "supersedes_id",
                "not_adopted",
                "only an adopted conclusion of this meeting can be superseded",
            ));
        }
        if to_dto(conn, o).await?.superseded_by_id.is_some() {
            return Err(ApiError::conflict(
                ProblemCode::AlreadySuperseded,
                "that conclusion was superseded already",
            ));
        }
    }
    let t = now();
    let row = conclusion::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        agenda_item_id: Set(input.agenda_item_id),
        text: Set(input.text.trim().into()),
        status: Set(ConclusionStatus::Draft),
        supersedes_id: Set(input.supersedes_id),
        adopted_by: Set(None),
        adopted_at: Set(None),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(|e| match sql_err(&e) {
        // Another correction of the same conclusion was drafted meanwhile (the unique index).
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::AlreadySuperseded,
            "that conclusion was superseded already",
        ),
        _ => e.into(),
    })?;
    replace_recommendations(conn, row.id, &input.recommendations).await?;
    store::search_index::index_conclusion(conn, &row).await?;
    let dto = to_dto(conn, row).await?;
    audit::created(
        conn,
        &who.actor(),
        AuditEntity::Conclusion,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

fn ensure_draft(c: &conclusion::Model) -> ApiResult<()> {
    if c.status == ConclusionStatus::Adopted {
        return Err(ApiError::conflict(
            ProblemCode::ConclusionAdopted,
            "an adopted conclusion never changes; draft a correction that supersedes it",
        ));
    }
    Ok(())
}

pub async fn update(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateConclusion,
) -> ApiResult<Conclusion> {
    let current = store::conclusions::find(conn, id).await?;
    check_version(expected, current.version)?;
    ensure_draft(&current)?;
    store::meetings::ensure_open(&store::meetings::find(conn, current.meeting_id).await?)?;
    let before = to_dto(conn, current.clone()).await?;
    let mut am: conclusion::ActiveModel = current.clone().into();
    if let Some(t) = &input.text {
        am.text = Set(t.trim().into());
    }
    am.updated_at = Set(now());
    save_versioned::<conclusion::Entity>(
        conn,
        am,
        conclusion::Column::Id,
        conclusion::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    if let Some(recs) = &input.recommendations {
        replace_recommendations(conn, id, recs).await?;
    }
    let row = store::conclusions::find(conn, id).await?;
    store::search_index::index_conclusion(conn, &row).await?;
    let after = to_dto(conn, row).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Conclusion,
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
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = store::conclusions::find(conn, id).await?;
    check_version(expected, current.version)?;
    ensure_draft(&current)?;
    store::meetings::ensure_open(&store::meetings::find(conn, current.meeting_id).await?)?;
    let before = to_dto(conn, current).await?;
    conclusion::Entity::delete_by_id(id).exec(conn).await?;
    store::search_index::remove(conn, SearchEntity::Conclusion, id).await?;
    audit::removed(
        conn,
        &who.actor(),
        AuditEntity::Conclusion,
        Some(id),
        AuditAction::Delete,
        &before,
    )
    .await?;
    Ok(())
}

pub async fn adopt(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<Conclusion> {
    let current = store::conclusions::find(conn, id).await?;
    check_version(expected, current.version)?;
    if current.status == ConclusionStatus::Adopted {
        return Err(ApiError::InvalidTransition {
            from: "adopted".into(),
            to: "adopted".into(),
            allowed: vec![],
        });
    }
    store::meetings::ensure_open(&store::meetings::find(conn, current.meeting_id).await?)?;
    if let Some(old) = current.supersedes_id
        && to_dto(conn, store::conclusions::find(conn, old).await?)
            .await?
            .superseded_by_id
            .is_some()
    {
        return Err(ApiError::conflict(
            ProblemCode::AlreadySuperseded,
            "the conclusion this corrects was superseded already",
        ));
    }
    let before = to_dto(conn, current.clone()).await?;
    let mut am: conclusion::ActiveModel = current.clone().into();
    am.status = Set(ConclusionStatus::Adopted);
    am.adopted_by = Set(Some(who.id));
    am.adopted_at = Set(Some(now()));
    am.updated_at = Set(now());
    save_versioned::<conclusion::Entity>(
        conn,
        am,
        conclusion::Column::Id,
        conclusion::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Conclusion,
        Some(id),
        AuditAction::Adopt,
        Some(&before),
        Some(&after),
    )
    .await?;
    // Art. 8.4: each recommendation is now followed up with its unit; a correction withdraws
    // what the conclusion it replaces asked and was not done yet.
    let step = store::supervision::Step {
        actor_id: Some(who.id),
        actor_name: &who.name,
        note: None,
    };
    let created =
        store::supervision::create_for_conclusion(conn, current.meeting_id, id, &step).await?;
    for task in created {
        audit::record(
            conn,
            &who.actor(),
            AuditEntity::SupervisionTask,
            Some(task),
            AuditAction::Create,
            None::<&()>,
            None::<&()>,
        )
        .await?;
    }
    if let Some(old) = current.supersedes_id {
        let step = store::supervision::Step {
            note: Some("结论已更正，原督办任务撤销".into()),
            ..step
        };
        for task in store::supervision::withdraw_for_conclusion(conn, old, &step).await? {
            audit::record(
                conn,
                &who.actor(),
                AuditEntity::SupervisionTask,
                Some(task),
                AuditAction::Withdraw,
                None::<&()>,
                None::<&()>,
            )
            .await?;
        }
    }
    Ok(after)
}
