//! Supervision tasks (Art. 8.4): reading them (a unit's representative only its unit's) and
//! moving them: the unit takes one up and reports it done, the command center verifies it or
//! returns it with a reason. Every step is in the task's history and the audit log.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;
use yanpan_types::*;

use super::audit;
use super::calendar::shanghai_today;
use super::{check_version, now, page_of, save_versioned};
use crate::auth::Principal;
use crate::domain::supervision::{self as rules, Refusal};
use crate::entities::{
    attachment, meeting, supervision_task, supervision_task_attachment, supervision_task_event,
};
use crate::error::{ApiError, ApiResult};
use crate::store;

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<supervision_task::Model> {
    supervision_task::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("supervision task"))
}

/// The task if the caller may read it: a unit's representative only its unit's.
async fn visible(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<supervision_task::Model> {
    let t = find(conn, id).await?;
    if who.role == Role::UnitRep && who.unit_id != Some(t.unit_id) {
        return Err(ApiError::NotFound("supervision task"));
    }
    Ok(t)
}

/// Names of the units, meetings and people that tasks and their histories refer to.
struct Names {
    units: HashMap<Uuid, String>,
    meetings: HashMap<Uuid, String>,
    /// Display names of the people who moved the tasks (the events keep the user name of the
    /// time, shown when the account is gone).
    people: HashMap<Uuid, String>,
}

impl Names {
    async fn of(conn: &impl ConnectionTrait, tasks: &[supervision_task::Model]) -> ApiResult<Self> {
        let unit_ids: Vec<Uuid> = tasks.iter().map(|t| t.unit_id).collect();
        let meeting_ids: Vec<Uuid> = tasks.iter().map(|t| t.meeting_id).collect();
        let units = crate::store::names::units(conn, unit_ids).await?;
        let meetings = if meeting_ids.is_empty() {
            HashMap::new()
        } else {
            meeting::Entity::find()
                .filter(meeting::Column::Id.is_in(meeting_ids))
                .all(conn)
                .await?
                .into_iter()
                .map(|m| (m.id, m.title))
                .collect()
        };
        Ok(Self {
            units,
            meetings,
            people: HashMap::new(),
        })
    }

    async fn with_people<'a>(
        mut self,
        conn: &impl ConnectionTrait,
        events: impl IntoIterator<Item = &'a supervision_task_event::Model>,
    ) -> ApiResult<Self> {
        self.people =
            crate::store::names::users(conn, events.into_iter().filter_map(|e| e.actor_id)).await?;
        Ok(self)
    }
}

fn to_dto(
    t: supervision_task::Model,
    names: &Names,
    history: Vec<supervision_task_event::Model>,
    attachments: Vec<Attachment>,
) -> SupervisionTask {
    let today = shanghai_today();
    let done_late = t
        .reported_at
        .is_some_and(|at| crate::store::case_stats::beijing_day(at) > t.due_on);
    SupervisionTask {
        id: t.id,
        meeting_id: t.meeting_id,
        meeting_title: names
            .meetings
            .get(&t.meeting_id)
            .cloned()
            .unwrap_or_default(),
        conclusion_id: t.conclusion_id,
        recommendation_id: t.recommendation_id,
        escalation_id: t.escalation_id,
        unit_id: t.unit_id,
        unit_name: names.units.get(&t.unit_id).cloned().unwrap_or_default(),
        measure: t.measure,
        deadline: t.deadline,
        due_on: t.due_on,
        overdue: rules::is_overdue(t.status, t.due_on, today),
        done_late,
        status: t.status,
        returned_count: t.returned_count.max(0) as u32,
        report: t.report,
        reported_at: t.reported_at,
        return_reason: t.return_reason,
        verified_at: t.verified_at,
        attachments,
        history: history
            .into_iter()
            .map(|e| TaskEvent {
                at: e.at,
                actor_name: e
                    .actor_id
                    .and_then(|id| names.people.get(&id).cloned())
                    .or(e.actor_name),
                from: e.from_status,
                to: e.to_status,
                note: e.note,
            })
            .collect(),
        version: t.version,
        created_at: t.created_at,
        updated_at: t.updated_at,
    }
}

async fn history(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Vec<supervision_task_event::Model>> {
    use supervision_task_event::Column as C;
    Ok(supervision_task_event::Entity::find()
        .filter(C::TaskId.eq(id))
        .order_by_asc(C::At)
        .order_by_asc(C::Id)
        .all(conn)
        .await?)
}

async fn full(
    conn: &impl ConnectionTrait,
    t: supervision_task::Model,
) -> ApiResult<SupervisionTask> {
    let h = history(conn, t.id).await?;
    let names = Names::of(conn, std::slice::from_ref(&t))
        .await?
        .with_people(conn, &h)
        .await?;
    let mut files = files_of(conn, &[t.id]).await?;
    let files = files.remove(&t.id).unwrap_or_default();
    Ok(to_dto(t, &names, h, files))
}

/// The files each of `task_ids` was reported with, in the order they were linked.
async fn files_of(
    conn: &impl ConnectionTrait,
    task_ids: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<Attachment>>> {
    use supervision_task_attachment::Column as C;
    let mut out: HashMap<Uuid, Vec<Attachment>> = HashMap::new();
    if task_ids.is_empty() {
        return Ok(out);
    }
    let links = supervision_task_attachment::Entity::find()
        .filter(C::TaskId.is_in(task_ids.iter().copied()))
        .order_by_asc(C::LinkedAt)
        .order_by_asc(C::AttachmentId)
        .all(conn)
        .await?;
    let metas = super::attachments::metas(conn, links.iter().map(|l| l.attachment_id)).await?;
    for l in links {
        if let Some(a) = metas.get(&l.attachment_id) {
            out.entry(l.task_id).or_default().push(a.clone());
        }
    }
    Ok(out)
}

/// Stores a file for the task's report: its unit's representative uploads it while the task is
/// open or in progress; it is kept with the task's meeting, owned by the unit, and becomes part
/// of the task when the unit reports with it (`attachment_ids`). A retried upload of the same
/// bytes gives the stored file back (`false`).
pub async fn upload(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> ApiResult<(Attachment, bool)> {
    let t = visible(conn, who, id).await?;
    if who.unit_id != Some(t.unit_id) {
        return Err(ApiError::forbidden(
            "only the task's unit uploads the files of its report",
        ));
    }
    if !matches!(t.status, TaskStatus::Open | TaskStatus::InProgress) {
        return Err(ApiError::conflict(
            ProblemCode::InvalidTransition,
            format!("the task is {}: its report can no longer change", t.status),
        ));
    }
    super::attachments::store_file(
        conn,
        who,
        t.meeting_id,
        Some(t.unit_id),
        filename,
        content_type,
        data,
    )
    .await
}

/// Links the files of a report to the task: each must have been uploaded for this task's unit
/// and meeting (422 naming each one that was not).
async fn link_files(
    conn: &impl ConnectionTrait,
    t: &supervision_task::Model,
    ids: &[Uuid],
) -> ApiResult<()> {
    let mut ids: Vec<Uuid> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let found: Vec<Uuid> = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachment::Column::MeetingId.eq(t.meeting_id))
        .filter(attachment::Column::UnitId.eq(t.unit_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let wrong: Vec<FieldError> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !found.contains(id))
        .map(|(i, id)| {
            FieldError::new(
                format!("attachment_ids[{i}]"),
                "unknown",
                format!("no file {id} was uploaded for this task"),
            )
        })
        .collect();
    if !wrong.is_empty() {
        return Err(ApiError::Validation(wrong));
    }
    let at = now();
    // A file reported again (after a return) is already linked: kept as it is.
    supervision_task_attachment::Entity::insert_many(ids.into_iter().map(|a| {
        supervision_task_attachment::ActiveModel {
            task_id: Set(t.id),
            attachment_id: Set(a),
            linked_at: Set(at),
        }
    }))
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            supervision_task_attachment::Column::TaskId,
            supervision_task_attachment::Column::AttachmentId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn get(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<SupervisionTask> {
    let t = visible(conn, who, id).await?;
    full(conn, t).await
}

/// Tasks by the day they are due, the earliest first (each with its history).
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &TaskQuery,
    page: PageParams,
) -> ApiResult<Page<SupervisionTask>> {
    use supervision_task::Column as C;
    let mut sel = supervision_task::Entity::find();
    if let Some(s) = q.status {
        sel = sel.filter(C::Status.eq(s));
    }
    if let Some(u) = q.unit_id {
        sel = sel.filter(C::UnitId.eq(u));
    }
    if who.role == Role::UnitRep {
        sel = sel.filter(C::UnitId.eq(who.unit_id.unwrap_or_default()));
    }
    if let Some(m) = q.meeting_id {
        sel = sel.filter(C::MeetingId.eq(m));
    }
    if let Some(overdue) = q.overdue {
        // The rule of `domain::supervision::is_overdue`, as a filter.
        let late = sea_orm::Condition::all()
            .add(C::Status.is_in([TaskStatus::Open, TaskStatus::InProgress]))
            .add(C::DueOn.lt(shanghai_today()));
        sel = if overdue {
            sel.filter(late)
        } else {
            sel.filter(late.not())
        };
    }
    let page = page_of(
        conn,
        sel,
        C::Id,
        |s| s.order_by_asc(C::DueOn).order_by_asc(C::Id),
        page,
        Ok,
    )
    .await?;
    let names = Names::of(conn, &page.items).await?;
    let mut events: HashMap<Uuid, Vec<supervision_task_event::Model>> = HashMap::new();
    if !page.items.is_empty() {
        for e in supervision_task_event::Entity::find()
            .filter(supervision_task_event::Column::TaskId.is_in(page.items.iter().map(|t| t.id)))
            .order_by_asc(supervision_task_event::Column::At)
            .order_by_asc(supervision_task_event::Column::Id)
            .all(conn)
            .await?
        {
            events.entry(e.task_id).or_default().push(e);
        }
    }
    let names = names.with_people(conn, events.values().flatten()).await?;
    let ids: Vec<Uuid> = page.items.iter().map(|t| t.id).collect();
    let mut files = files_of(conn, &ids).await?;
    let items = page
        .items
        .into_iter()
        .map(|t| {
            let h = events.remove(&t.id).unwrap_or_default();
            let f = files.remove(&t.id).unwrap_or_default();
            to_dto(t, &names, h, f)
        })
        .collect();
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    })
}

/// Moves a task (see `domain::supervision::check` for who may do what).
pub async fn transition(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    req: &TaskTransition,
) -> ApiResult<SupervisionTask> {
    let current = visible(conn, who, id).await?;
    check_version(expected, current.version)?;
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    rules::check(who.role, current.status, req.to, note.as_deref()).map_err(|r| match r {
        Refusal::Transition(allowed) => ApiError::InvalidTransition {
            from: current.status.to_string(),
            to: req.to.to_string(),
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
        },
        Refusal::Role => ApiError::forbidden(format!(
            "the role `{}` may not move a task from {} to {}",
            who.role, current.status, req.to
        )),
        Refusal::NoteRequired(e) => ApiError::Validation(vec![e]),
    })?;
    if !req.attachment_ids.is_empty() && req.to != TaskStatus::Done {
        return Err(ApiError::field(
            "attachment_ids",
            "not_allowed",
            "files go with a report (`to: done`) only",
        ));
    }
    let before = full(conn, current.clone()).await?;
    if req.to == TaskStatus::Done {
        link_files(conn, &current, &req.attachment_ids).await?;
    }
    let mut am: supervision_task::ActiveModel = current.clone().into();
    am.status = Set(req.to);
    am.updated_at = Set(now());
    let action = match (current.status, req.to) {
        (TaskStatus::Done, TaskStatus::InProgress) => {
            am.returned_count = Set(current.returned_count + 1);
            am.return_reason = Set(note.clone());
            AuditAction::Return
        }
        (_, TaskStatus::InProgress) => AuditAction::Start,
        (_, TaskStatus::Done) => {
            am.report = Set(note.clone());
            am.reported_at = Set(Some(now()));
            AuditAction::Submit
        }
        (_, TaskStatus::Verified) => {
            am.verified_at = Set(Some(now()));
            am.verified_by = Set(Some(who.id));
            AuditAction::Verify
        }
        _ => AuditAction::Update,
    };
    save_versioned::<supervision_task::Entity>(
        conn,
        am,
        supervision_task::Column::Id,
        supervision_task::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    store::supervision::record(
        conn,
        id,
        Some(current.status),
        req.to,
        &store::supervision::Step {
            actor_id: Some(who.id),
            actor_name: &who.name,
            note,
        },
    )
    .await?;
    let after = full(conn, find(conn, id).await?).await?;
    use store::notify::{Audience, Event, notify};
    match action {
        AuditAction::Submit => {
            let e = Event {
                kind: NotificationKind::TaskReported,
                entity_id: id,
                title: format!("{}报告督办任务已完成：{}", after.unit_name, after.measure),
                link: format!("/supervision-tasks/{id}"),
            };
            notify(conn, &[Audience::Role(Role::Analyst)], e).await?;
        }
        AuditAction::Return => {
            let e = Event {
                kind: NotificationKind::TaskReturned,
                entity_id: id,
                title: format!("督办任务被退回：{}", after.measure),
                link: format!("/supervision-tasks/{id}"),
            };
            notify(conn, &[Audience::Unit(after.unit_id)], e).await?;
        }
        _ => {}
    }
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::SupervisionTask,
        Some(id),
        action,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// The tasks of `ids` that exist, each with its history, in the order asked (for a referral's
/// evidence; the caller decides who may see them).
pub async fn of_ids(conn: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<Vec<SupervisionTask>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows = supervision_task::Entity::find()
        .filter(supervision_task::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for id in ids {
        if let Some(t) = rows.iter().find(|t| t.id == *id) {
            out.push(full(conn, t.clone()).await?);
        }
    }
    Ok(out)
}

/// Reminds each unit, once, of its tasks due in three working days and of those that became
/// overdue (as of `today`, Beijing); answers how many reminders went out.
pub async fn send_reminders(
    conn: &impl ConnectionTrait,
    today: chrono::NaiveDate,
) -> ApiResult<u32> {
    use store::notify::{Audience, Event, notify};
    use supervision_task::Column as C;
    let pending = supervision_task::Entity::find()
        .filter(C::Status.is_in([TaskStatus::Open, TaskStatus::InProgress]))
        .filter(
            sea_orm::Condition::any()
                .add(C::DueSoonNotifiedAt.is_null())
                .add(C::OverdueNotifiedAt.is_null()),
        )
        .filter(C::DueOn.lte(today + chrono::Days::new(31)))
        .all(conn)
        .await?;
    let Some(earliest) = pending.iter().map(|t| t.due_on).min() else {
        return Ok(0);
    };
    let is_working = store::supervision::working_days(
        conn,
        earliest - chrono::Days::new(60),
        today + chrono::Days::new(31),
    )
    .await?;
    let mut sent = 0;
    for t in pending {
        let overdue = rules::is_overdue(t.status, t.due_on, today);
        let due_soon = !overdue
            && t.due_soon_notified_at.is_none()
            && today >= rules::remind_on(t.due_on, rules::REMIND_WORKING_DAYS, &is_working);
        let overdue_now = overdue && t.overdue_notified_at.is_none();
        if !due_soon && !overdue_now {
            continue;
        }
        let (kind, title) = if overdue_now {
            (
                NotificationKind::TaskOverdue,
                format!("督办任务已逾期：{}", t.measure),
            )
        } else {
            (
                NotificationKind::TaskDueSoon,
                format!(
                    "督办任务将于{}到期：{}",
                    t.due_on.format("%Y年%-m月%-d日"),
                    t.measure
                ),
            )
        };
        let e = Event {
            kind,
            entity_id: t.id,
            title,
            link: format!("/supervision-tasks/{}", t.id),
        };
        notify(conn, &[Audience::Unit(t.unit_id)], e).await?;
        let mut am: supervision_task::ActiveModel = t.into();
        if overdue_now {
            am.overdue_notified_at = Set(Some(now()));
        } else {
            am.due_soon_notified_at = Set(Some(now()));
        }
        am.update(conn).await?;
        sent += 1;
    }
    Ok(sent)
}

/// Sends the reminders once at start and then every `interval`, each run in its own write
/// transaction; a failed run is logged and the next one tries again.
pub async fn reminders(
    db: sea_orm::DatabaseConnection,
    writer: crate::db::Writer,
    interval: std::time::Duration,
) {
    loop {
        let run = async {
            let tx = crate::db::WriteTx::begin(&db, &writer).await?;
            let n = send_reminders(&*tx, shanghai_today()).await?;
            tx.commit_now().await?;
            Ok::<_, ApiError>(n)
        };
        match run.await {
            Ok(n) if n > 0 => tracing::info!(reminders = n, "supervision task reminders sent"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "supervision task reminders failed"),
        }
        tokio::time::sleep(interval).await;
    }
}
