//! The platform's cases: intake by batch (upsert by case number, one result per record), the
//! list and one case as each role may see them, and the category dictionary.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use serde_json::Value;
use uuid::Uuid;
use yanpan_types::{
    AuditAction, AuditEntity, Case, CaseCategory, CaseQuery, CreateCaseCategory, IntakeOutcome,
    IntakeReport, IntakeResult, Page, PageParams, ProblemCode, Role, UnitKind, UpdateCaseCategory,
};

use super::audit::{self, Actor};
use super::{check_version, like_pattern, now, page_of, save_versioned};
use crate::auth::Principal;
use crate::domain::cases::{self as rules, CheckedCase, Codes};
use crate::entities::{case, case_category, case_category_code, unit};
use crate::error::{ApiError, ApiResult};
use crate::store::case_stats;

/// Everything a case's codes and names are resolved against: small tables, read whole.
pub struct Dictionary {
    pub categories: HashMap<Uuid, case_category::Model>,
    pub platform_codes: Vec<case_category_code::Model>,
    pub units: HashMap<Uuid, unit::Model>,
}

impl Dictionary {
    pub async fn load(conn: &impl ConnectionTrait) -> ApiResult<Self> {
        Ok(Self {
            categories: case_category::Entity::find()
                .all(conn)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect(),
            platform_codes: case_category_code::Entity::find()
                .order_by_asc(case_category_code::Column::PlatformCode)
                .all(conn)
                .await?,
            units: unit::Entity::find()
                .all(conn)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
        })
    }

    /// The codes an intake record may use: active categories (with their platform codes),
    /// active streets, active units.
    fn codes(&self) -> Codes {
        let mut codes = Codes::default();
        for c in self.categories.values().filter(|c| c.active) {
            codes.categories.insert(c.code.clone(), c.id);
        }
        for p in &self.platform_codes {
            if self
                .categories
                .get(&p.category_id)
                .is_some_and(|c| c.active)
            {
                codes
                    .categories
                    .insert(p.platform_code.clone(), p.category_id);
            }
        }
        for u in self.units.values().filter(|u| u.active) {
            if u.kind == UnitKind::Street {
                codes.streets.insert(u.code.clone(), u.id);
            }
            codes.units.insert(u.code.clone(), u.id);
        }
        codes
    }

    pub fn category_by_code(&self, code: &str) -> Option<&case_category::Model> {
        self.categories.values().find(|c| c.code == code)
    }

    /// A category and its subcategories.
    pub fn category_family(&self, code: &str) -> Vec<Uuid> {
        let Some(top) = self.category_by_code(code) else {
            return Vec::new();
        };
        let mut ids = vec![top.id];
        ids.extend(
            self.categories
                .values()
                .filter(|c| c.parent_id == Some(top.id))
                .map(|c| c.id),
        );
        ids
    }

    pub fn unit_by_code(&self, code: &str) -> Option<&unit::Model> {
        self.units.values().find(|u| u.code == code)
    }

    pub fn category_label(&self, id: Uuid) -> (String, String) {
        self.categories.get(&id).map_or_else(
            || (id.to_string(), id.to_string()),
            |c| (c.code.clone(), c.name.clone()),
        )
    }

    pub fn unit_label(&self, id: Uuid) -> (String, String) {
        self.units.get(&id).map_or_else(
            || (id.to_string(), id.to_string()),
            |u| (u.code.clone(), u.name.clone()),
        )
    }

    pub fn to_dto(&self, m: case::Model, at: chrono::DateTime<chrono::Utc>) -> Case {
        let category = self.categories.get(&m.category_id);
        let parent = category
            .and_then(|c| c.parent_id)
            .and_then(|p| self.categories.get(&p));
        let (street_code, street_name) = self.unit_label(m.street_id);
        let handling = m.handling_unit_id.map(|u| self.unit_label(u));
        Case {
            id: m.id,
            overdue: rules::is_overdue(m.status, m.due_at, m.resolved_at, at),
            case_number: m.case_number,
            kind: m.kind,
            channel: m.channel,
            category_code: category.map_or_else(String::new, |c| c.code.clone()),
            category_name: category.map_or_else(String::new, |c| c.name.clone()),
            parent_category_name: parent.map(|p| p.name.clone()),
            street_code,
            street_name,
            community: m.community,
            address: m.address,
            summary: m.summary,
            received_at: m.received_at,
            handling_unit_code: handling.as_ref().map(|h| h.0.clone()),
            handling_unit_name: handling.map(|h| h.1),
            due_at: m.due_at,
            status: m.status,
            resolved_at: m.resolved_at,
            result: m.result,
            redo_count: m.redo_count,
            supervision_level: m.supervision_level,
            satisfaction: m.satisfaction,
            satisfaction_comment: m.satisfaction_comment,
            rated_at: m.rated_at,
            platform_updated_at: m.platform_updated_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A stored case as the intake rules see it.
fn checked_of(m: &case::Model) -> CheckedCase {
    CheckedCase {
        case_number: m.case_number.clone(),
        kind: m.kind,
        channel: m.channel,
        category_id: m.category_id,
        street_id: m.street_id,
        community: m.community.clone(),
        address: m.address.clone(),
        address_key: m.address_key.clone(),
        summary: m.summary.clone(),
        received_at: m.received_at,
        handling_unit_id: m.handling_unit_id,
        due_at: m.due_at,
        status: m.status,
        resolved_at: m.resolved_at,
        result: m.result.clone(),
        redo_count: m.redo_count,
        supervision_level: m.supervision_level,
        satisfaction: m.satisfaction,
        satisfaction_comment: m.satisfaction_comment.clone(),
        rated_at: m.rated_at,
        reporter_hash: m.reporter_hash.clone(),
        platform_updated_at: m.platform_updated_at,
    }
}

fn active_of(c: &CheckedCase) -> case::ActiveModel {
    case::ActiveModel {
        case_number: Set(c.case_number.clone()),
        kind: Set(c.kind),
        channel: Set(c.channel),
        category_id: Set(c.category_id),
        street_id: Set(c.street_id),
        community: Set(c.community.clone()),
        address: Set(c.address.clone()),
        address_key: Set(c.address_key.clone()),
        summary: Set(c.summary.clone()),
        received_at: Set(c.received_at),
        handling_unit_id: Set(c.handling_unit_id),
        due_at: Set(c.due_at),
        status: Set(c.status),
        resolved_at: Set(c.resolved_at),
        result: Set(c.result.clone()),
        redo_count: Set(c.redo_count),
        supervision_level: Set(c.supervision_level),
        satisfaction: Set(c.satisfaction),
        satisfaction_comment: Set(c.satisfaction_comment.clone()),
        rated_at: Set(c.rated_at),
        reporter_hash: Set(c.reporter_hash.clone()),
        platform_updated_at: Set(c.platform_updated_at),
        fixed_marks: Set(c.handling().fixed_marks() as i16),
        ..Default::default()
    }
}

/// Rows per `INSERT` at most: 29 columns each, under SQLite's 32,766 bound parameters.
const INSERT_CHUNK: usize = 500;

/// Takes in a batch: each record checked on its own, then every valid one applied in this
/// transaction (upsert by case number; stale ones skipped). Intakes take turns (an advisory lock
/// on PostgreSQL; SQLite has one writer), so two batches with the same new case never collide.
pub async fn intake(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    key: &[u8],
    records: &[Value],
) -> ApiResult<IntakeReport> {
    let checked = check_batch(conn, key, records).await?;
    apply_batch(conn, actor, records, checked).await
}

/// Each record of a batch checked on its own against the dictionary.
pub type CheckedBatch = Vec<Result<CheckedCase, Vec<yanpan_types::FieldError>>>;

/// Checks a batch's records (the endpoint does this before it waits for its turn to write:
/// checking a thousand records is most of an intake's own work).
pub async fn check_batch(
    conn: &impl ConnectionTrait,
    key: &[u8],
    records: &[Value],
) -> ApiResult<CheckedBatch> {
    let dict = Dictionary::load(conn).await?;
    let codes = dict.codes();
    Ok(records
        .iter()
        .map(|r| rules::check_record(r, &codes, key))
        .collect())
}

/// Applies a checked batch in this transaction. A code the dictionary lost meanwhile cannot be
/// stored: the foreign keys refuse it and the whole batch answers 409.
pub async fn apply_batch(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    records: &[Value],
    checked: CheckedBatch,
) -> ApiResult<IntakeReport> {
    case_stats::take_turns(conn).await?;
    let numbers: Vec<String> = checked
        .iter()
        .filter_map(|c| c.as_ref().ok().map(|c| c.case_number.clone()))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    // What is stored now, then what this batch makes of it, record by record in order.
    let mut current: HashMap<String, (Option<case::Model>, CheckedCase, bool)> = HashMap::new();
    for chunk in crate::store::shaped_chunks(numbers, INSERT_CHUNK) {
        for m in case::Entity::find()
            .filter(case::Column::CaseNumber.is_in(chunk))
            .all(conn)
            .await?
        {
            let c = checked_of(&m);
            current.insert(m.case_number.clone(), (Some(m), c, false));
        }
    }
    let mut results = Vec::with_capacity(records.len());
    let mut report = IntakeReport {
        results: Vec::new(),
        created: 0,
        updated: 0,
        unchanged: 0,
        stale: 0,
        invalid: 0,
    };
    for (index, (record, outcome)) in records.iter().zip(checked).enumerate() {
        let index = index as u32;
        let (case_number, outcome, errors) = match outcome {
            Err(errors) => (
                rules::case_number_of(record),
                IntakeOutcome::Invalid,
                errors,
            ),
            Ok(c) => {
                let number = c.case_number.clone();
                let before = current.get(&number).map(|(_, c, _)| c);
                let outcome = rules::intake_outcome(&c, before);
                if matches!(outcome, IntakeOutcome::Created | IntakeOutcome::Updated) {
                    let stored = current.remove(&number).and_then(|(m, _, _)| m);
                    current.insert(number.clone(), (stored, c, true));
                }
                // A second record of a case created earlier in this batch updates it.
                (Some(number), outcome, Vec::new())
            }
        };
        match outcome {
            IntakeOutcome::Created => report.created += 1,
            IntakeOutcome::Updated => report.updated += 1,
            IntakeOutcome::Unchanged => report.unchanged += 1,
            IntakeOutcome::Stale => report.stale += 1,
            IntakeOutcome::Invalid => report.invalid += 1,
        }
        results.push(IntakeResult {
            index,
            case_number,
            outcome,
            errors,
        });
    }
    let t = now();
    let mut inserts = Vec::new();
    let (mut created, mut updated) = (Vec::new(), Vec::new());
    let mut deltas = case_stats::Deltas::default();
    for (number, (stored, c, dirty)) in current {
        if !dirty {
            continue;
        }
        if let Some(m) = &stored {
            let (day, dims, channel, h) = case_stats::of_model(m);
            deltas.count(day, dims, channel, &h, -1);
        }
        deltas.count(
            case_stats::beijing_day(c.received_at),
            case_stats::Dims {
                street: c.street_id,
                category: c.category_id,
                unit: c.handling_unit_id,
                kind: c.kind,
            },
            c.channel,
            &c.handling(),
            1,
        );
        let mut row = active_of(&c);
        row.updated_at = Set(t);
        match stored {
            None => {
                row.id = Set(Uuid::now_v7());
                row.version = Set(1);
                row.created_at = Set(t);
                inserts.push(row);
                created.push(number);
            }
            Some(m) => {
                row.id = sea_orm::ActiveValue::Unchanged(m.id);
                row.version = Set(m.version + 1);
                row.update(conn).await?;
                updated.push(number);
            }
        }
    }
    for chunk in crate::store::shaped_chunks(inserts, INSERT_CHUNK) {
        case::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    case_stats::apply(conn, deltas).await?;
    if !created.is_empty() || !updated.is_empty() {
        created.sort_unstable();
        updated.sort_unstable();
        audit::created(
            conn,
            actor,
            AuditEntity::Case,
            None,
            AuditAction::Intake,
            &serde_json::json!({ "created": created, "updated": updated }),
        )
        .await?;
    }
    report.results = results;
    Ok(report)
}

/// Runs an intake in its own transaction (the command-line import, one chunk at a time).
pub async fn intake_committed(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    key: &[u8],
    records: &[Value],
) -> ApiResult<IntakeReport> {
    // IMMEDIATE on SQLite: a server may be writing meanwhile.
    let tx = crate::db::begin_write(db).await?;
    let report = intake(&tx, actor, key, records).await?;
    crate::db::commit(tx).await?;
    Ok(report)
}

/// Beijing midnight of a day, as UTC.
pub fn day_start(d: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    (d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(8)).and_utc()
}

/// What a principal may see of the cases: everything, or (a unit's representative) the cases its
/// unit handles or, for a street, those located in it.
pub fn visibility(who: &Principal) -> Condition {
    if who.role != Role::UnitRep {
        return Condition::all();
    }
    match who.unit_id {
        None => Condition::all().add(Expr::val(1).eq(0)),
        Some(u) => Condition::any()
            .add(case::Column::HandlingUnitId.eq(u))
            .add(case::Column::StreetId.eq(u)),
    }
}

pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &CaseQuery,
    page: PageParams,
) -> ApiResult<Page<Case>> {
    use case::Column as C;
    let dict = Dictionary::load(conn).await?;
    let mut sel = case::Entity::find().filter(visibility(who));
    let nothing = Expr::val(1).eq(0);
    if let Some(d) = q.from {
        sel = sel.filter(C::ReceivedAt.gte(day_start(d)));
    }
    if let Some(d) = q.to {
        sel = sel.filter(C::ReceivedAt.lt(day_start(d + chrono::Days::new(1))));
    }
    if let Some(k) = q.kind {
        sel = sel.filter(C::Kind.eq(k));
    }
    if let Some(s) = q.status {
        sel = sel.filter(C::Status.eq(s));
    }
    if let Some(code) = &q.category {
        let ids = dict.category_family(code);
        sel = if ids.is_empty() {
            sel.filter(nothing.clone())
        } else {
            sel.filter(C::CategoryId.is_in(ids))
        };
    }
    if let Some(code) = &q.street {
        sel = match dict.unit_by_code(code) {
            Some(u) => sel.filter(C::StreetId.eq(u.id)),
            None => sel.filter(nothing.clone()),
        };
    }
    if let Some(code) = &q.unit {
        sel = match dict.unit_by_code(code) {
            Some(u) => sel.filter(C::HandlingUnitId.eq(u.id)),
            None => sel.filter(nothing.clone()),
        };
    }
    let at = now();
    if let Some(overdue) = q.overdue {
        let late = Condition::any()
            .add(
                Condition::all()
                    .add(C::Status.is_in([
                        yanpan_types::CaseStatus::Resolved,
                        yanpan_types::CaseStatus::Closed,
                    ]))
                    .add(Expr::col(C::ResolvedAt).gt(Expr::col(C::DueAt))),
            )
            .add(
                Condition::all()
                    .add(C::Status.is_not_in([
                        yanpan_types::CaseStatus::Resolved,
                        yanpan_types::CaseStatus::Closed,
                    ]))
                    .add(C::DueAt.lt(at)),
            );
        sel = if overdue {
            sel.filter(late)
        } else {
            sel.filter(late.not())
        };
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let p = like_pattern(text);
        sel = sel.filter(
            Condition::any()
                .add(Expr::col(C::CaseNumber).like(LikeExpr::new(p.as_str()).escape('\\')))
                .add(Expr::col(C::Summary).like(LikeExpr::new(p.as_str()).escape('\\')))
                .add(Expr::col(C::Address).like(LikeExpr::new(p.as_str()).escape('\\'))),
        );
    }
    page_of(
        conn,
        sel,
        C::Id,
        |s| s.order_by_desc(C::ReceivedAt).order_by_desc(C::Id),
        page,
        |m| Ok(dict.to_dto(m, at)),
    )
    .await
}

/// One case by its number; 404 also when the caller may not see it.
pub async fn get(conn: &impl ConnectionTrait, who: &Principal, number: &str) -> ApiResult<Case> {
    let m = case::Entity::find()
        .filter(case::Column::CaseNumber.eq(number))
        .filter(visibility(who))
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("case"))?;
    let dict = Dictionary::load(conn).await?;
    Ok(dict.to_dto(m, now()))
}

// ---- The category dictionary ----

fn category_dto(dict: &Dictionary, m: &case_category::Model) -> CaseCategory {
    CaseCategory {
        id: m.id,
        code: m.code.clone(),
        name: m.name.clone(),
        parent_code: m
            .parent_id
            .and_then(|p| dict.categories.get(&p))
            .map(|p| p.code.clone()),
        platform_codes: dict
            .platform_codes
            .iter()
            .filter(|p| p.category_id == m.id)
            .map(|p| p.platform_code.clone())
            .collect(),
        active: m.active,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// The whole dictionary, first-level entries each followed by theirs.
pub async fn categories(conn: &impl ConnectionTrait) -> ApiResult<Vec<CaseCategory>> {
    let dict = Dictionary::load(conn).await?;
    let mut tops: Vec<&case_category::Model> = dict
        .categories
        .values()
        .filter(|c| c.parent_id.is_none())
        .collect();
    tops.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out = Vec::new();
    for top in tops {
        out.push(category_dto(&dict, top));
        let mut kids: Vec<&case_category::Model> = dict
            .categories
            .values()
            .filter(|c| c.parent_id == Some(top.id))
            .collect();
        kids.sort_by(|a, b| a.code.cmp(&b.code));
        out.extend(kids.into_iter().map(|k| category_dto(&dict, k)));
    }
    Ok(out)
}

pub async fn category(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<CaseCategory> {
    let dict = Dictionary::load(conn).await?;
    let m = dict
        .categories
        .get(&id)
        .ok_or(ApiError::NotFound("case category"))?;
    Ok(category_dto(&dict, m))
}

fn code_conflict(e: sea_orm::DbErr) -> ApiError {
    match crate::error::sql_err(&e) {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::CodeTaken,
            "the code, or one of the platform codes, is already used by another category",
        ),
        _ => e.into(),
    }
}

async fn set_platform_codes(
    conn: &impl ConnectionTrait,
    id: Uuid,
    codes: &[String],
) -> ApiResult<()> {
    case_category_code::Entity::delete_many()
        .filter(case_category_code::Column::CategoryId.eq(id))
        .exec(conn)
        .await?;
    let unique: Vec<String> = codes
        .iter()
        .map(|c| c.trim().to_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if unique.is_empty() {
        return Ok(());
    }
    case_category_code::Entity::insert_many(unique.into_iter().map(|c| {
        case_category_code::ActiveModel {
            platform_code: Set(c),
            category_id: Set(id),
        }
    }))
    .exec_without_returning(conn)
    .await
    .map_err(code_conflict)?;
    Ok(())
}

pub async fn create_category(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &CreateCaseCategory,
) -> ApiResult<CaseCategory> {
    let parent_id = match &input.parent_code {
        None => None,
        Some(code) => {
            let parent = case_category::Entity::find()
                .filter(case_category::Column::Code.eq(code.as_str()))
                .one(conn)
                .await?
                .ok_or_else(|| {
                    ApiError::field(
                        "parent_code",
                        "unknown_code",
                        format!("no category has the code `{code}`"),
                    )
                })?;
            if parent.parent_id.is_some() {
                return Err(ApiError::field(
                    "parent_code",
                    "two_levels",
                    "the dictionary has two levels: the parent must be a first-level category",
                ));
            }
            Some(parent.id)
        }
    };
    let t = now();
    let row = case_category::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(input.code.clone()),
        name: Set(input.name.trim().to_owned()),
        parent_id: Set(parent_id),
        active: Set(true),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(code_conflict)?;
    set_platform_codes(conn, row.id, &input.platform_codes).await?;
    let dto = category(conn, row.id).await?;
    audit::created(
        conn,
        actor,
        AuditEntity::CaseCategory,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

pub async fn update_category(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateCaseCategory,
) -> ApiResult<CaseCategory> {
    let before = category(conn, id).await?;
    check_version(expected, before.version)?;
    let mut row: case_category::ActiveModel = case_category::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        ..Default::default()
    };
    if let Some(n) = &input.name {
        row.name = Set(n.trim().to_owned());
    }
    if let Some(a) = input.active {
        row.active = Set(a);
    }
    row.updated_at = Set(now());
    save_versioned::<case_category::Entity>(
        conn,
        row,
        case_category::Column::Id,
        case_category::Column::Version,
        id,
        before.version,
        code_conflict,
    )
    .await?;
    if let Some(codes) = &input.platform_codes {
        set_platform_codes(conn, id, codes).await?;
    }
    let after = category(conn, id).await?;
    audit::record(
        conn,
        actor,
        AuditEntity::CaseCategory,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}
