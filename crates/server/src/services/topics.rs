//! Hot issue → special-topic proposal (Art. 4): the detector turns hot issues into proposals in
//! the conveners' queue, once per issue; a convener accepts one (a draft special-topic meeting
//! with trigger `hot_issue`, the reason and the evidence as its first item) or dismisses it with
//! a reason.

use chrono::{Days, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, Set, Statement,
};
use uuid::Uuid;
use yanpan_types::{
    AcceptTopicProposal, AgendaCategory, AuditAction, AuditEntity, CreateAgendaItem, CreateMeeting,
    Detection, DismissTopicProposal, Evidence, Figure, MeetingKind, MeetingTrigger, Page,
    PageParams, ProblemCode, TopicProposal, TopicProposalQuery, TopicProposalStatus,
};

use super::audit::{self, Actor};
use super::cases::Dictionary;
use super::{agenda, analysis, check_version, meetings, now, page_of, save_versioned};
use crate::auth::Principal;
use crate::entities::{topic_proposal, user};
use crate::error::{ApiError, ApiResult};

/// A hot issue of a street and category is the same issue as an earlier proposal's when its
/// week starts within this many days after that proposal's week ended: a burst that lasts three
/// weeks is proposed once.
const SAME_ISSUE_DAYS: u64 = 21;

async fn to_dto(
    conn: &impl ConnectionTrait,
    dict: &Dictionary,
    m: topic_proposal::Model,
) -> ApiResult<TopicProposal> {
    let (street_code, street_name) = dict.unit_label(m.street_id);
    let (category_code, category_name) = dict.category_label(m.category_id);
    let decided_by_name = match m.decided_by {
        Some(id) => user::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    Ok(TopicProposal {
        id: m.id,
        street_code,
        street_name,
        category_code,
        category_name,
        week: yanpan_types::Period {
            from: m.week_from,
            to: m.week_to,
        },
        count: m.count.max(0) as u64,
        baseline: m.baseline,
        p_value: m.p_value,
        case_numbers: serde_json::from_str(&m.case_numbers).unwrap_or_default(),
        status: m.status,
        reason: m.reason,
        decided_by: m.decided_by,
        decided_by_name,
        decided_at: m.decided_at,
        meeting_id: m.meeting_id,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Finds the hot issues as of `as_of` and proposes each one not proposed yet. Runs take turns
/// (an advisory lock on PostgreSQL, the single writer on SQLite), so two runs never propose the
/// same issue twice; the unique index is the last word.
pub async fn detect(conn: &impl ConnectionTrait, as_of: NaiveDate) -> ApiResult<Detection> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtextextended('yanpan:hot-issue-detector', 7365))",
        ))
        .await?;
    }
    let hot = analysis::hot_issues(conn, as_of).await?;
    let dict = Dictionary::load(conn).await?;
    let actor = Actor::system("hot-issue-detector");
    let mut proposed = Vec::new();
    for issue in &hot.issues {
        let (Some(street), Some(category)) = (
            dict.unit_by_code(&issue.street_code),
            dict.category_by_code(&issue.category_code),
        ) else {
            continue;
        };
        let since = issue
            .week
            .from
            .checked_sub_days(Days::new(SAME_ISSUE_DAYS))
            .unwrap_or(issue.week.from);
        let earlier = topic_proposal::Entity::find()
            .filter(topic_proposal::Column::StreetId.eq(street.id))
            .filter(topic_proposal::Column::CategoryId.eq(category.id))
            .filter(topic_proposal::Column::WeekTo.gte(since))
            .one(conn)
            .await?;
        if earlier.is_some() {
            continue;
        }
        let t = now();
        let row = topic_proposal::ActiveModel {
            id: Set(Uuid::now_v7()),
            street_id: Set(street.id),
            category_id: Set(category.id),
            week_from: Set(issue.week.from),
            week_to: Set(issue.week.to),
            count: Set(issue.count as i64),
            baseline: Set(issue.baseline),
            p_value: Set(issue.p_value),
            case_numbers: Set(
                serde_json::to_string(&issue.case_numbers).map_err(anyhow::Error::from)?
            ),
            status: Set(TopicProposalStatus::Pending),
            reason: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            meeting_id: Set(None),
            version: Set(1),
            created_at: Set(t),
            updated_at: Set(t),
        }
        .insert(conn)
        .await?;
        let dto = to_dto(conn, &dict, row).await?;
        audit::created(
            conn,
            &actor,
            AuditEntity::TopicProposal,
            Some(dto.id),
            AuditAction::Create,
            &dto,
        )
        .await?;
        proposed.push(dto);
    }
    Ok(Detection {
        as_of,
        hot: hot.issues.len() as u32,
        proposed,
    })
}

pub async fn list(
    conn: &impl ConnectionTrait,
    q: &TopicProposalQuery,
    page: PageParams,
) -> ApiResult<Page<TopicProposal>> {
    let dict = Dictionary::load(conn).await?;
    let mut sel = topic_proposal::Entity::find();
    if let Some(s) = q.status {
        sel = sel.filter(topic_proposal::Column::Status.eq(s));
    }
    let page = page_of(
        conn,
        sel,
        topic_proposal::Column::Id,
        |s| {
            s.order_by_desc(topic_proposal::Column::CreatedAt)
                .order_by_desc(topic_proposal::Column::Id)
        },
        page,
        Ok,
    )
    .await?;
    let mut items = Vec::with_capacity(page.items.len());
    for m in page.items {
        items.push(to_dto(conn, &dict, m).await?);
    }
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    })
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<topic_proposal::Model> {
    topic_proposal::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("topic proposal"))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<TopicProposal> {
    let dict = Dictionary::load(conn).await?;
    to_dto(conn, &dict, find(conn, id).await?).await
}

fn pending(m: &topic_proposal::Model) -> ApiResult<()> {
    if m.status == TopicProposalStatus::Pending {
        Ok(())
    } else {
        Err(ApiError::conflict(
            ProblemCode::ProposalDecided,
            format!("the proposal is {} already", m.status),
        ))
    }
}

/// Marks a pending proposal decided (412 if it moved on since `version`).
async fn decide(
    conn: &impl ConnectionTrait,
    who: &Principal,
    m: &topic_proposal::Model,
    status: TopicProposalStatus,
    reason: Option<String>,
    meeting_id: Option<Uuid>,
) -> ApiResult<()> {
    let t = now();
    let row = topic_proposal::ActiveModel {
        status: Set(status),
        reason: Set(reason),
        decided_by: Set(Some(who.id)),
        decided_at: Set(Some(t)),
        meeting_id: Set(meeting_id),
        updated_at: Set(t),
        ..Default::default()
    };
    save_versioned::<topic_proposal::Entity>(
        conn,
        row,
        topic_proposal::Column::Id,
        topic_proposal::Column::Version,
        m.id,
        m.version,
        Into::into,
    )
    .await
}

/// Accepts a pending proposal: a draft special-topic meeting (trigger `hot_issue`) inviting the
/// street and the units that handled the week's cases, with the issue as its first agenda item.
pub async fn accept(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    lead_days: u32,
    input: &AcceptTopicProposal,
) -> ApiResult<TopicProposal> {
    let m = find(conn, id).await?;
    check_version(expected, m.version)?;
    pending(&m)?;
    let before = get(conn, id).await?;
    let handlers: Vec<Uuid> = {
        use crate::entities::case;
        let mut ids: Vec<Uuid> = case::Entity::find()
            .filter(case::Column::CaseNumber.is_in(before.case_numbers.iter().cloned()))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|c| c.handling_unit_id)
            .filter(|u| *u != m.street_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let reason = format!(
        "{}“{}”类诉求{}至{}共{}件，为此前12周周均{:.1}件的{:.1}倍（泊松检验 p={:.1e}），属突发热点问题。",
        before.street_name,
        before.category_name,
        before.week.from.format("%-m月%-d日"),
        before.week.to.format("%-m月%-d日"),
        before.count,
        before.baseline,
        before.count as f64 / before.baseline.max(0.5),
        before.p_value
    );
    let mut invited = vec![m.street_id];
    invited.extend(handlers);
    let detail = meetings::create(
        conn,
        who,
        lead_days,
        &CreateMeeting {
            platform_ref: None,
            kind: MeetingKind::SpecialTopic,
            title: format!(
                "专题分析研判会议：{}{}",
                before.street_name, before.category_name
            ),
            period: None,
            trigger: Some(MeetingTrigger::HotIssue),
            trigger_reason: Some(reason.clone()),
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            place: input.place.clone(),
            chair: input.chair.clone(),
            convening_unit_ids: vec![],
            invited_unit_ids: invited,
            main_reporter: None,
            preliminary_analysis: None,
        },
    )
    .await?;
    agenda::create(
        conn,
        who,
        detail.meeting.id,
        &CreateAgendaItem {
            platform_ref: None,
            category: AgendaCategory::RepeatedDemands,
            title: format!("热点问题：{}{}", before.street_name, before.category_name),
            summary: reason,
            evidence: Evidence {
                figures: vec![
                    Figure {
                        label: "本周件数".into(),
                        value: before.count as f64,
                        unit: Some("件".into()),
                    },
                    Figure {
                        label: "此前周均".into(),
                        value: (before.baseline * 10.0).round() / 10.0,
                        unit: Some("件".into()),
                    },
                ],
                case_numbers: before.case_numbers.iter().take(200).cloned().collect(),
            },
            causes: None,
            weak_links: None,
            remedies: None,
            presenting_unit_id: Some(m.street_id),
        },
    )
    .await?;
    decide(
        conn,
        who,
        &m,
        TopicProposalStatus::Accepted,
        None,
        Some(detail.meeting.id),
    )
    .await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::TopicProposal,
        Some(id),
        AuditAction::Accept,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn dismiss(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &DismissTopicProposal,
) -> ApiResult<TopicProposal> {
    let m = find(conn, id).await?;
    check_version(expected, m.version)?;
    pending(&m)?;
    let before = get(conn, id).await?;
    decide(
        conn,
        who,
        &m,
        TopicProposalStatus::Dismissed,
        Some(input.reason.trim().to_owned()),
        None,
    )
    .await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::TopicProposal,
        Some(id),
        AuditAction::Reject,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// The detector inside the server: runs once at start, then whenever an intake wakes it and at
/// least every `interval`, each run in its own write transaction as of today (Beijing time). A
/// failed run is logged and the next one tries again.
/// How long the detector lets a burst of intakes settle before it looks.
const DEBOUNCE: std::time::Duration = std::time::Duration::from_secs(1);

pub async fn detector(
    db: sea_orm::DatabaseConnection,
    writer: crate::db::Writer,
    wake: std::sync::Arc<tokio::sync::Notify>,
    interval: std::time::Duration,
) {
    loop {
        let run = async {
            let today = super::calendar::shanghai_today();
            // Looked for first without the writers' lock: most runs find nothing, and the
            // intake must not wait behind a read.
            if analysis::hot_issues(&db, today).await?.issues.is_empty() {
                return Ok(Detection {
                    as_of: today,
                    hot: 0,
                    proposed: Vec::new(),
                });
            }
            let tx = crate::db::WriteTx::begin(&db, &writer).await?;
            let d = detect(&*tx, today).await?;
            tx.commit_now().await?;
            Ok::<_, ApiError>(d)
        };
        match run.await {
            Ok(d) if !d.proposed.is_empty() => {
                tracing::info!(proposed = d.proposed.len(), "hot issues proposed")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "hot-issue detection failed"),
        }
        if tokio::time::timeout(interval, wake.notified())
            .await
            .is_ok()
        {
            // Woken by an intake: a platform script pushes batches in bursts, so wait for the
            // burst to pass and examine it once.
            tokio::time::sleep(DEBOUNCE).await;
        }
    }
}
