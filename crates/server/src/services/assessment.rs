//! The annual assessment (Art. 11): counts what each street and department did in a year or
//! quarter (attendance and on-time submissions of held meetings, supervision tasks due, referrals,
//! and the analysis room's figures of the cases it handled), scores them by the year's rule and
//! ranks them. Administrators set the rule (each change a new version) and publish the year's
//! result, which then never changes.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr};
use uuid::Uuid;
use yanpan_types::*;

use super::calendar::shanghai_today;
use super::{analysis, audit, now};
use crate::auth::Principal;
use crate::documents::labels::beijing;
use crate::domain::{assessment as rules, submission as submission_rules, supervision};
use crate::entities::{
    assessment_publication, assessment_rule, meeting, participant, referral, submission,
    supervision_task, unit, user,
};
use crate::error::{ApiError, ApiResult};

fn bounds(year: i32, quarter: Option<u8>) -> ApiResult<(NaiveDate, NaiveDate)> {
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::field(
            "year",
            "range",
            "the year must be between 2000 and 2100",
        ));
    }
    rules::period(year, quarter)
        .ok_or_else(|| ApiError::field("quarter", "range", "the quarter is 1 to 4"))
}

/// The year's rule in force: its latest version, or the default (version 0).
pub async fn rule(conn: &impl ConnectionTrait, year: i32) -> ApiResult<VersionedRule> {
    bounds(year, None)?;
    let latest = assessment_rule::Entity::find()
        .filter(assessment_rule::Column::Year.eq(year))
        .order_by_desc(assessment_rule::Column::Version)
        .one(conn)
        .await?;
    let Some(r) = latest else {
        return Ok(VersionedRule {
            year,
            version: 0,
            rule: AssessmentRule::default(),
            set_by_name: None,
            set_at: None,
        });
    };
    let set_by_name = match r.set_by {
        Some(u) => user::Entity::find_by_id(u)
            .one(conn)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    Ok(VersionedRule {
        year,
        version: r.version,
        rule: serde_json::from_str(&r.rule).map_err(|e| ApiError::Internal(e.into()))?,
        set_by_name,
        set_at: Some(r.set_at),
    })
}

async fn publication(
    conn: &impl ConnectionTrait,
    year: i32,
) -> ApiResult<Option<assessment_publication::Model>> {
    Ok(assessment_publication::Entity::find_by_id(year)
        .one(conn)
        .await?)
}

fn published_already(year: i32) -> ApiError {
    ApiError::conflict(
        ProblemCode::AssessmentPublished,
        format!("the assessment of {year} was published: its rule and result are frozen"),
    )
}

/// Sets the year's rule (administrators): a new version, unless the year was published.
pub async fn set_rule(
    conn: &impl ConnectionTrait,
    who: &Principal,
    year: i32,
    input: &AssessmentRule,
) -> ApiResult<VersionedRule> {
    let before = rule(conn, year).await?;
    if publication(conn, year).await?.is_some() {
        return Err(published_already(year));
    }
    if input.attendance_weight
        + input.submission_weight
        + input.task_weight
        + input.case_on_time_weight
        + input.satisfaction_weight
        == 0
    {
        return Err(ApiError::field(
            "attendance_weight",
            "no_weight",
            "at least one indicator needs a weight",
        ));
    }
    assessment_rule::Entity::insert(assessment_rule::ActiveModel {
        year: Set(year),
        version: Set(before.version + 1),
        rule: Set(serde_json::to_string(input).map_err(|e| ApiError::Internal(e.into()))?),
        set_by: Set(Some(who.id)),
        set_at: Set(now()),
    })
    .exec_without_returning(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::VersionMismatch,
            "the rule was changed at the same time; read it again",
        ),
        _ => ApiError::from(e),
    })?;
    let after = rule(conn, year).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Assessment,
        None,
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Every record behind each unit's numbers, by unit.
#[derive(Default)]
struct Behind {
    meetings: Vec<AssessedMeeting>,
    tasks: Vec<AssessedTask>,
    referrals: Vec<AssessedReferral>,
}

/// Counts, scores and ranks the period live, with the records behind each unit.
async fn compute(
    conn: &impl ConnectionTrait,
    year: i32,
    quarter: Option<u8>,
) -> ApiResult<(Assessment, HashMap<Uuid, Behind>)> {
    let (from, to) = bounds(year, quarter)?;
    let (start, end) = (
        crate::services::cases::day_start(from),
        crate::services::cases::day_start(to + chrono::Days::new(1)),
    );
    let today = shanghai_today();
    let rule = rule(conn, year).await?;
    let units: Vec<unit::Model> = unit::Entity::find()
        .filter(unit::Column::Active.eq(true))
        .filter(unit::Column::Kind.is_in([UnitKind::Street, UnitKind::Department]))
        .order_by_asc(unit::Column::Code)
        .all(conn)
        .await?;
    let mut counts: HashMap<Uuid, AssessmentCounts> = units
        .iter()
        .map(|u| (u.id, AssessmentCounts::default()))
        .collect();
    let mut behind: HashMap<Uuid, Behind> = HashMap::new();

    // Held meetings of the period: attendance, and the submissions they asked for.
    let held: Vec<meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Status.is_in([
            MeetingStatus::InProgress,
            MeetingStatus::Concluded,
            MeetingStatus::Reported,
        ]))
        .filter(meeting::Column::StartsAt.gte(start))
        .filter(meeting::Column::StartsAt.lt(end))
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = held.iter().map(|m| m.id).collect();
    if !ids.is_empty() {
        let invited = participant::Entity::find()
            .filter(participant::Column::MeetingId.is_in(ids.clone()))
            .filter(participant::Column::Role.eq(ParticipantRole::Invited))
            .all(conn)
            .await?;
        let subs = submission::Entity::find()
            .filter(submission::Column::MeetingId.is_in(ids))
            .all(conn)
            .await?;
        for p in invited {
            let (Some(c), Some(m)) = (
                counts.get_mut(&p.unit_id),
                held.iter().find(|m| m.id == p.meeting_id),
            ) else {
                continue;
            };
            c.meetings += 1;
            match p.attendance {
                Some(Attendance::Present) => c.present += 1,
                Some(Attendance::Excused) => c.excused += 1,
                Some(Attendance::Absent) => c.absent += 1,
                None => c.unrecorded += 1,
            }
            let times: Vec<_> = subs
                .iter()
                .filter(|s| s.meeting_id == m.id && s.unit_id == p.unit_id)
                .map(|s| (s.submitted_at, s.due_at_when_submitted))
                .collect();
            let state = submission_rules::state(&times, m.submission_due_at);
            match state {
                SubmissionState::Submitted => c.submissions_on_time += 1,
                SubmissionState::Late => c.submissions_late += 1,
                SubmissionState::Missing => c.submissions_missing += 1,
            }
            behind
                .entry(p.unit_id)
                .or_default()
                .meetings
                .push(AssessedMeeting {
                    meeting_id: m.id,
                    title: m.title.clone(),
                    starts_at: m.starts_at,
                    attendance: p.attendance,
                    submission: state,
                });
        }
    }

    // Supervision tasks due in the period.
    let tasks = supervision_task::Entity::find()
        .filter(supervision_task::Column::DueOn.gte(from))
        .filter(supervision_task::Column::DueOn.lte(to))
        .filter(supervision_task::Column::Status.ne(TaskStatus::Withdrawn))
        .order_by_asc(supervision_task::Column::DueOn)
        .all(conn)
        .await?;
    for t in tasks {
        let Some(c) = counts.get_mut(&t.unit_id) else {
            continue;
        };
        let reported_on = t.reported_at.map(|at| beijing(at).date_naive());
        let on_time = matches!(t.status, TaskStatus::Done | TaskStatus::Verified)
            && reported_on.is_some_and(|d| d <= t.due_on);
        let overdue = supervision::is_overdue(t.status, t.due_on, today)
            || reported_on.is_some_and(|d| d > t.due_on);
        c.tasks_due += 1;
        c.tasks_on_time += u32::from(on_time);
        c.tasks_overdue += u32::from(overdue);
        c.tasks_returned += t.returned_count.max(0) as u32;
        behind
            .entry(t.unit_id)
            .or_default()
            .tasks
            .push(AssessedTask {
                task_id: t.id,
                measure: t.measure,
                due_on: t.due_on,
                status: t.status,
                on_time,
                overdue,
                returned_count: t.returned_count.max(0) as u32,
            });
    }

    // Referrals made in the period, by outcome.
    let refs = referral::Entity::find()
        .filter(referral::Column::ReferredAt.gte(start))
        .filter(referral::Column::ReferredAt.lt(end))
        .order_by_asc(referral::Column::ReferredAt)
        .all(conn)
        .await?;
    for r in refs {
        let Some(c) = counts.get_mut(&r.unit_id) else {
            continue;
        };
        c.referrals += 1;
        match r.outcome {
            Some(ReferralOutcome::Interview) => c.referrals_interview += 1,
            Some(ReferralOutcome::PublicCriticism) => c.referrals_public_criticism += 1,
            Some(ReferralOutcome::Admonishment) => c.referrals_admonishment += 1,
            Some(ReferralOutcome::NoAction) => c.referrals_no_action += 1,
            None => {}
        }
        behind
            .entry(r.unit_id)
            .or_default()
            .referrals
            .push(AssessedReferral {
                referral_id: r.id,
                referred_at: r.referred_at,
                outcome: r.outcome,
            });
    }

    // The cases each unit handled, where the platform's data exists.
    let q = AnalysisQuery {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let ranking = analysis::unit_ranking(conn, &q, today.min(to + chrono::Days::new(1))).await?;
    for row in ranking.units {
        let Some(u) = units.iter().find(|u| u.code == row.unit_code) else {
            continue;
        };
        if let Some(c) = counts.get_mut(&u.id)
            && row.figures.cases > 0
        {
            c.cases = row.figures.cases;
            c.case_on_time_rate = row.figures.on_time_rate;
            c.satisfaction_rate = row.figures.satisfaction_rate;
            c.redo_rate = row.figures.redo_rate;
        }
    }

    let mut rows: Vec<AssessmentRow> = units
        .iter()
        .map(|u| {
            let c = counts.remove(&u.id).unwrap_or_default();
            let (base, deductions, score) = rules::score(&rule.rule, &c);
            AssessmentRow {
                rank: 0,
                unit_id: u.id,
                unit_code: u.code.clone(),
                unit_name: u.name.clone(),
                unit_kind: u.kind,
                attendance_rate: rules::attendance_rate(&c),
                submission_rate: rules::submission_rate(&c),
                task_rate: rules::task_rate(&c),
                counts: c,
                base,
                deductions,
                score,
            }
        })
        .collect();
    rules::rank(&mut rows);
    Ok((
        Assessment {
            year,
            quarter,
            from,
            to,
            rule,
            published_at: None,
            rows,
        },
        behind,
    ))
}

fn may_read(who: &Principal, published: bool) -> ApiResult<()> {
    // Units see the ranking once it is published; until then it is the leadership's.
    if who.role == Role::UnitRep && !published {
        return Err(ApiError::NotFound("published assessment"));
    }
    Ok(())
}

/// The ranking of a year (frozen once published) or of a quarter.
pub async fn get(
    conn: &impl ConnectionTrait,
    who: &Principal,
    year: i32,
    quarter: Option<u8>,
) -> ApiResult<Assessment> {
    bounds(year, quarter)?;
    let published = publication(conn, year).await?;
    may_read(who, published.is_some())?;
    if let (Some(p), None) = (&published, quarter) {
        let mut a: Assessment =
            serde_json::from_str(&p.result).map_err(|e| ApiError::Internal(e.into()))?;
        a.published_at = Some(p.published_at);
        return Ok(a);
    }
    let (mut a, _) = compute(conn, year, quarter).await?;
    a.published_at = published.map(|p| p.published_at);
    Ok(a)
}

/// A unit's line with every record behind it (a unit's representative: its own unit only).
pub async fn detail(
    conn: &impl ConnectionTrait,
    who: &Principal,
    year: i32,
    unit_id: Uuid,
    quarter: Option<u8>,
) -> ApiResult<AssessmentDetail> {
    bounds(year, quarter)?;
    if who.role == Role::UnitRep && who.unit_id != Some(unit_id) {
        return Err(ApiError::NotFound("assessed unit"));
    }
    let published = publication(conn, year).await?;
    may_read(who, published.is_some())?;
    let (live, mut behind) = compute(conn, year, quarter).await?;
    // The published line is the one frozen; the records are those it was counted from.
    let rows = match (&published, quarter) {
        (Some(p), None) => {
            let a: Assessment =
                serde_json::from_str(&p.result).map_err(|e| ApiError::Internal(e.into()))?;
            a.rows
        }
        _ => live.rows,
    };
    let row = rows
        .into_iter()
        .find(|r| r.unit_id == unit_id)
        .ok_or(ApiError::NotFound("assessed unit"))?;
    let b = behind.remove(&unit_id).unwrap_or_default();
    Ok(AssessmentDetail {
        row,
        meetings: b.meetings,
        tasks: b.tasks,
        referrals: b.referrals,
    })
}

/// Publishes the year's result (administrators): scored now by the rule in force, then frozen.
pub async fn publish(
    conn: &impl ConnectionTrait,
    who: &Principal,
    year: i32,
) -> ApiResult<Assessment> {
    bounds(year, None)?;
    let (mut a, _) = compute(conn, year, None).await?;
    let t = now();
    assessment_publication::Entity::insert(assessment_publication::ActiveModel {
        year: Set(year),
        rule_version: Set(a.rule.version),
        result: Set(serde_json::to_string(&a).map_err(|e| ApiError::Internal(e.into()))?),
        published_by: Set(Some(who.id)),
        published_at: Set(t),
    })
    .exec_without_returning(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => published_already(year),
        _ => ApiError::from(e),
    })?;
    a.published_at = Some(t);
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Assessment,
        None,
        AuditAction::Publish,
        None::<&()>,
        Some(&a),
    )
    .await?;
    Ok(a)
}
