//! Accountability referrals (责任查究, Art. 8.4): the command center or a convener refers a unit
//! for tasks it failed, freezing the evidence (the tasks with their full history) and its
//! SHA-256; the discipline commission (inspector) accepts it, then closes it with findings and
//! an outcome. The referred unit sees that it was referred and the outcome, not the findings.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use uuid::Uuid;
use yanpan_types::*;

use super::audit;
use super::{check_version, now, page_of, save_versioned, supervision};
use crate::auth::Principal;
use crate::domain::referral as rules;
use crate::entities::{referral, referral_task, unit, user};
use crate::error::{ApiError, ApiResult};
use crate::store;

/// What a referral freezes: the unit, why, and the tasks with their full history.
#[derive(Serialize)]
struct Evidence<'a> {
    unit_id: Uuid,
    unit_name: &'a str,
    reason: &'a str,
    referred_at: chrono::DateTime<chrono::Utc>,
    tasks: &'a [SupervisionTask],
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<referral::Model> {
    referral::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("referral"))
}

/// The referral if the caller may read it: the discipline commission, conveners, the command
/// center and administrators read every one; a unit's representative only its unit's.
async fn visible(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<referral::Model> {
    let r = find(conn, id).await?;
    if who.role == Role::UnitRep && who.unit_id != Some(r.unit_id) {
        return Err(ApiError::NotFound("referral"));
    }
    Ok(r)
}

async fn to_dto(
    conn: &impl ConnectionTrait,
    who: &Principal,
    r: referral::Model,
) -> ApiResult<Referral> {
    let unit_name = unit::Entity::find_by_id(r.unit_id)
        .one(conn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let task_ids = referral_task::Entity::find()
        .filter(referral_task::Column::ReferralId.eq(r.id))
        .order_by_asc(referral_task::Column::TaskId)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.task_id)
        .collect();
    let referred_by_name = match r.referred_by {
        Some(u) => user::Entity::find_by_id(u)
            .one(conn)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    // The deliberation is the discipline commission's; the unit learns the outcome.
    let findings = if who.role == Role::UnitRep {
        None
    } else {
        r.findings
    };
    Ok(Referral {
        id: r.id,
        unit_id: r.unit_id,
        unit_name,
        reason: r.reason,
        status: r.status,
        task_ids,
        evidence_intact: rules::fingerprint(&r.evidence) == r.evidence_sha256,
        evidence_json: r.evidence,
        evidence_sha256: r.evidence_sha256,
        findings,
        outcome: r.outcome,
        outcome_note: r.outcome_note,
        referred_by_name,
        referred_at: r.referred_at,
        accepted_at: r.accepted_at,
        closed_at: r.closed_at,
        version: r.version,
        updated_at: r.updated_at,
    })
}

pub async fn get(conn: &impl ConnectionTrait, who: &Principal, id: Uuid) -> ApiResult<Referral> {
    let r = visible(conn, who, id).await?;
    to_dto(conn, who, r).await
}

/// Referrals, the latest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &ReferralQuery,
    page: PageParams,
) -> ApiResult<Page<Referral>> {
    use referral::Column as C;
    let mut sel = referral::Entity::find();
    if let Some(s) = q.status {
        sel = sel.filter(C::Status.eq(s));
    }
    if let Some(u) = q.unit_id {
        sel = sel.filter(C::UnitId.eq(u));
    }
    if who.role == Role::UnitRep {
        sel = sel.filter(C::UnitId.eq(who.unit_id.unwrap_or_default()));
    }
    let page = page_of(
        conn,
        sel,
        C::Id,
        |s| s.order_by_desc(C::ReferredAt).order_by_desc(C::Id),
        page,
        Ok,
    )
    .await?;
    let mut items = Vec::with_capacity(page.items.len());
    for r in page.items {
        items.push(to_dto(conn, who, r).await?);
    }
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    })
}

/// Refers a unit (organisers) for tasks it failed; the evidence is frozen now.
pub async fn create(
    conn: &impl ConnectionTrait,
    who: &Principal,
    input: &CreateReferral,
) -> ApiResult<Referral> {
    let unit = unit::Entity::find_by_id(input.unit_id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::field("unit_id", "unknown", "no such unit"))?;
    let tasks = supervision::of_ids(conn, &input.task_ids).await?;
    let facts: Vec<rules::TaskFacts> = tasks
        .iter()
        .map(|t| rules::TaskFacts {
            id: t.id,
            unit_id: t.unit_id,
            overdue: t.overdue,
            done_late: t.done_late,
            returned_count: t.returned_count,
        })
        .collect();
    let errors = rules::evidence_errors(unit.id, &input.task_ids, &facts);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let t = now();
    let id = Uuid::now_v7();
    let reason = input.reason.trim();
    let evidence = serde_json::to_string(&Evidence {
        unit_id: unit.id,
        unit_name: &unit.name,
        reason,
        referred_at: t,
        tasks: &tasks,
    })
    .map_err(|e| ApiError::Internal(e.into()))?;
    referral::Entity::insert(referral::ActiveModel {
        id: Set(id),
        unit_id: Set(unit.id),
        reason: Set(reason.to_owned()),
        status: Set(ReferralStatus::Submitted),
        evidence_sha256: Set(rules::fingerprint(&evidence)),
        evidence: Set(evidence),
        findings: Set(None),
        outcome: Set(None),
        outcome_note: Set(None),
        referred_by: Set(Some(who.id)),
        referred_at: Set(t),
        accepted_by: Set(None),
        accepted_at: Set(None),
        closed_by: Set(None),
        closed_at: Set(None),
        version: Set(1),
        updated_at: Set(t),
    })
    .exec_without_returning(conn)
    .await?;
    referral_task::Entity::insert_many(input.task_ids.iter().map(|task| {
        referral_task::ActiveModel {
            referral_id: Set(id),
            task_id: Set(*task),
        }
    }))
    .exec_without_returning(conn)
    .await?;
    let after = get(conn, who, id).await?;
    store::notify::notify(
        conn,
        &[
            store::notify::Audience::Unit(unit.id),
            store::notify::Audience::Role(Role::Inspector),
        ],
        store::notify::Event {
            kind: NotificationKind::ReferralMade,
            entity_id: id,
            title: format!("{}被提请责任查究", unit.name),
            link: format!("/referrals/{id}"),
        },
    )
    .await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Referral,
        Some(id),
        AuditAction::Create,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(after)
}

fn refuse_move(from: ReferralStatus, to: ReferralStatus) -> ApiError {
    if from == ReferralStatus::Closed {
        return ApiError::conflict(
            ProblemCode::ReferralClosed,
            "the referral is closed; its outcome never changes",
        );
    }
    ApiError::InvalidTransition {
        from: from.to_string(),
        to: to.to_string(),
        allowed: rules::next(from).iter().map(|s| s.to_string()).collect(),
    }
}

async fn save(
    conn: &impl ConnectionTrait,
    current: &referral::Model,
    mut am: referral::ActiveModel,
) -> ApiResult<()> {
    am.updated_at = Set(now());
    save_versioned::<referral::Entity>(
        conn,
        am,
        referral::Column::Id,
        referral::Column::Version,
        current.id,
        current.version,
        ApiError::from,
    )
    .await
}

/// The discipline commission takes the referral up.
pub async fn accept(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<Referral> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    if !rules::next(current.status).contains(&ReferralStatus::Accepted) {
        return Err(refuse_move(current.status, ReferralStatus::Accepted));
    }
    let before = to_dto(conn, who, current.clone()).await?;
    let mut am: referral::ActiveModel = current.clone().into();
    am.status = Set(ReferralStatus::Accepted);
    am.accepted_by = Set(Some(who.id));
    am.accepted_at = Set(Some(now()));
    save(conn, &current, am).await?;
    let after = get(conn, who, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Referral,
        Some(id),
        AuditAction::Accept,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// The discipline commission closes the referral with its findings and outcome.
pub async fn close(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &CloseReferral,
) -> ApiResult<Referral> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    if !rules::next(current.status).contains(&ReferralStatus::Closed) {
        return Err(refuse_move(current.status, ReferralStatus::Closed));
    }
    let findings = input.findings.trim();
    if findings.is_empty() {
        return Err(ApiError::field(
            "findings",
            "required",
            "the findings must be written",
        ));
    }
    let before = to_dto(conn, who, current.clone()).await?;
    let mut am: referral::ActiveModel = current.clone().into();
    am.status = Set(ReferralStatus::Closed);
    am.findings = Set(Some(findings.to_owned()));
    am.outcome = Set(Some(input.outcome));
    am.outcome_note = Set(input
        .outcome_note
        .as_deref()
        .map(str::trim)
        .map(str::to_owned));
    am.closed_by = Set(Some(who.id));
    am.closed_at = Set(Some(now()));
    save(conn, &current, am).await?;
    let after = get(conn, who, id).await?;
    store::notify::notify(
        conn,
        &[
            store::notify::Audience::Unit(current.unit_id),
            store::notify::Audience::Role(Role::Analyst),
        ],
        store::notify::Event {
            kind: NotificationKind::ReferralClosed,
            entity_id: id,
            title: format!("责任查究已办结：{}", after.unit_name),
            link: format!("/referrals/{id}"),
        },
    )
    .await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Referral,
        Some(id),
        AuditAction::Close,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}
