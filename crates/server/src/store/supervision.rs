//! `supervision_tasks`: created when a conclusion is adopted (a task per recommendation, due on
//! the working day the deadline falls on or after), withdrawn when a corrected conclusion
//! supersedes theirs before they are done, and each step written to the task's history.

use chrono::{Datelike, NaiveDate, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;
use yanpan_types::{CalendarDayKind, TaskStatus};

use crate::clock::now;
use crate::domain::supervision as rules;
use crate::entities::{calendar_day, recommendation, supervision_task, supervision_task_event};
use crate::error::ApiResult;

/// Who made a step (absent: the system).
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub actor_id: Option<Uuid>,
    pub actor_name: &'a str,
    pub note: Option<String>,
}

/// Whether a day is a working day, by the calendar's exceptions between `from` and `to` and
/// the week otherwise.
pub async fn working_days(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<impl Fn(NaiveDate) -> bool> {
    let special = calendar_day::Entity::find()
        .filter(calendar_day::Column::Day.gte(from))
        .filter(calendar_day::Column::Day.lte(to))
        .all(conn)
        .await?;
    Ok(
        move |d: NaiveDate| match special.iter().find(|s| s.day == d) {
            Some(s) => s.kind == CalendarDayKind::Workday,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        },
    )
}

/// The day each deadline is due on, by the working-day calendar.
async fn due_days(
    conn: &impl ConnectionTrait,
    deadlines: &[NaiveDate],
) -> ApiResult<Vec<NaiveDate>> {
    let (Some(from), Some(to)) = (deadlines.iter().min(), deadlines.iter().max()) else {
        return Ok(vec![]);
    };
    let special = calendar_day::Entity::find()
        .filter(calendar_day::Column::Day.gte(*from))
        .filter(calendar_day::Column::Day.lte(*to + chrono::Days::new(31)))
        .all(conn)
        .await?;
    let is_working = |d: NaiveDate| match special.iter().find(|s| s.day == d) {
        Some(s) => s.kind == CalendarDayKind::Workday,
        None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
    };
    Ok(deadlines
        .iter()
        .map(|d| rules::due_on(*d, is_working))
        .collect())
}

pub async fn record(
    conn: &impl ConnectionTrait,
    task_id: Uuid,
    from: Option<TaskStatus>,
    to: TaskStatus,
    step: &Step<'_>,
) -> ApiResult<()> {
    supervision_task_event::Entity::insert(supervision_task_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        task_id: Set(task_id),
        at: Set(now()),
        actor_id: Set(step.actor_id),
        actor_name: Set(Some(step.actor_name.to_owned())),
        from_status: Set(from),
        to_status: Set(to),
        note: Set(step.note.clone()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A task for each recommendation of a conclusion just adopted; answers their ids.
pub async fn create_for_conclusion(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    conclusion_id: Uuid,
    step: &Step<'_>,
) -> ApiResult<Vec<Uuid>> {
    let recs = recommendation::Entity::find()
        .filter(recommendation::Column::ConclusionId.eq(conclusion_id))
        .all(conn)
        .await?;
    let due = due_days(conn, &recs.iter().map(|r| r.deadline).collect::<Vec<_>>()).await?;
    let t = now();
    let mut ids = Vec::with_capacity(recs.len());
    for (r, due_on) in recs.into_iter().zip(due) {
        supervision_task::Entity::insert(supervision_task::ActiveModel {
            id: Set(r.id),
            meeting_id: Set(meeting_id),
            conclusion_id: Set(Some(conclusion_id)),
            recommendation_id: Set(Some(r.id)),
            escalation_id: Set(None),
            unit_id: Set(r.responsible_unit_id),
            measure: Set(r.measure.clone()),
            deadline: Set(r.deadline),
            due_on: Set(due_on),
            status: Set(TaskStatus::Open),
            returned_count: Set(0),
            report: Set(None),
            reported_at: Set(None),
            return_reason: Set(None),
            verified_at: Set(None),
            verified_by: Set(None),
            due_soon_notified_at: Set(None),
            overdue_notified_at: Set(None),
            version: Set(1),
            created_at: Set(t),
            updated_at: Set(t),
        })
        .exec_without_returning(conn)
        .await?;
        record(conn, r.id, None, TaskStatus::Open, step).await?;
        super::notify::notify(
            conn,
            &[super::notify::Audience::Unit(r.responsible_unit_id)],
            super::notify::Event {
                kind: yanpan_types::NotificationKind::TaskAssigned,
                entity_id: r.id,
                title: format!(
                    "新的督办任务（{}前完成）：{}",
                    due_on.format("%Y年%-m月%-d日"),
                    r.measure
                ),
                link: format!("/supervision-tasks/{}", r.id),
            },
        )
        .await?;
        ids.push(r.id);
    }
    Ok(ids)
}

/// The task of a level-1 outcome, for the unit that carries it out.
pub async fn create_for_escalation(
    conn: &impl ConnectionTrait,
    level1_meeting_id: Uuid,
    escalation_id: Uuid,
    (unit_id, deadline, measure): (Uuid, NaiveDate, &str),
    step: &Step<'_>,
) -> ApiResult<Uuid> {
    let due_on = due_days(conn, &[deadline])
        .await?
        .first()
        .copied()
        .unwrap_or(deadline);
    let t = now();
    supervision_task::Entity::insert(supervision_task::ActiveModel {
        id: Set(escalation_id),
        meeting_id: Set(level1_meeting_id),
        conclusion_id: Set(None),
        recommendation_id: Set(None),
        escalation_id: Set(Some(escalation_id)),
        unit_id: Set(unit_id),
        measure: Set(measure.to_owned()),
        deadline: Set(deadline),
        due_on: Set(due_on),
        status: Set(TaskStatus::Open),
        returned_count: Set(0),
        report: Set(None),
        reported_at: Set(None),
        return_reason: Set(None),
        verified_at: Set(None),
        verified_by: Set(None),
        due_soon_notified_at: Set(None),
        overdue_notified_at: Set(None),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    })
    .exec_without_returning(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => {
            crate::error::ApiError::field("responsible_unit_id", "unknown", "no such unit")
        }
        _ => e.into(),
    })?;
    record(conn, escalation_id, None, TaskStatus::Open, step).await?;
    super::notify::notify(
        conn,
        &[super::notify::Audience::Unit(unit_id)],
        super::notify::Event {
            kind: yanpan_types::NotificationKind::TaskAssigned,
            entity_id: escalation_id,
            title: format!(
                "新的督办任务（一级督办，{}前完成）：{}",
                due_on.format("%Y年%-m月%-d日"),
                measure
            ),
            link: format!("/supervision-tasks/{escalation_id}"),
        },
    )
    .await?;
    Ok(escalation_id)
}

/// Withdraws the tasks of a superseded conclusion that were not done yet; answers their ids.
pub async fn withdraw_for_conclusion(
    conn: &impl ConnectionTrait,
    conclusion_id: Uuid,
    step: &Step<'_>,
) -> ApiResult<Vec<Uuid>> {
    use supervision_task::Column as C;
    let open = supervision_task::Entity::find()
        .filter(C::ConclusionId.eq(Some(conclusion_id)))
        .filter(C::Status.is_in([TaskStatus::Open, TaskStatus::InProgress]))
        .all(conn)
        .await?;
    let mut ids = Vec::with_capacity(open.len());
    for task in open {
        supervision_task::Entity::update(supervision_task::ActiveModel {
            id: Set(task.id),
            status: Set(TaskStatus::Withdrawn),
            version: Set(task.version + 1),
            updated_at: Set(now()),
            ..Default::default()
        })
        .exec(conn)
        .await?;
        record(
            conn,
            task.id,
            Some(task.status),
            TaskStatus::Withdrawn,
            step,
        )
        .await?;
        ids.push(task.id);
    }
    Ok(ids)
}
