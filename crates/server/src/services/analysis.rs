//! The analysis room (Art. 5, 8.1): the figures of a period with 环比 and 同比, repeated demands,
//! poor disposal, satisfaction with its uncertainty, the unit ranking, hot issues and the trend.
//! The counts come from the rollup (`store::case_stats`) and the period's open cases (whose
//! lateness depends on when the period is judged), repeated demands from the cluster index
//! (`crate::cluster_index`); only lists of case numbers read cases. The rules are
//! `domain::stats` and `domain::cases`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;
use yanpan_types::{
    AnalysisQuery, CaseKind, CaseStatus, ClusterBasis, CountRow, Figures, HotIssue, HotIssues,
    Overview, Period, PoorDisposal, PoorDisposalRow, RateRow, RatedComment, RepeatCluster,
    RepeatedDemands, SatisfactionAnalysis, UnitRankRow, UnitRanking, UnsatisfiedCategory,
};

use super::cases::{Dictionary, day_start};
use crate::cluster_index::{ClusterIndex, Found, Question};
use crate::domain::cases::Tally;
use crate::domain::stats::{change, is_hot, rate, wilson};
use crate::entities::case;
use crate::error::{ApiError, ApiResult};
use crate::store::case_stats::{self, Dims, StatRow, StatScope};

/// The longest period one analysis covers.
const MAX_DAYS: u64 = 3 * 366;

/// The period a query asks for: a month, a from/to range, or by default the last full month.
pub fn period_of(q: &AnalysisQuery, today: NaiveDate) -> ApiResult<Period> {
    match (&q.month, q.from, q.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(ApiError::field(
            "month",
            "exclusive",
            "give either `month` or `from` and `to`",
        )),
        (Some(m), None, None) => {
            month_period(m).ok_or_else(|| ApiError::field("month", "period", "use YYYY-MM"))
        }
        (None, Some(from), Some(to)) => {
            if to < from {
                return Err(ApiError::field(
                    "to",
                    "before_from",
                    "`to` is before `from`",
                ));
            }
            if (to - from).num_days() as u64 >= MAX_DAYS {
                return Err(ApiError::field(
                    "to",
                    "range",
                    "a period covers at most three years",
                ));
            }
            Ok(Period { from, to })
        }
        (None, Some(_), None) => Err(ApiError::field("to", "required", "`from` needs `to`")),
        (None, None, Some(_)) => Err(ApiError::field("from", "required", "`to` needs `from`")),
        (None, None, None) => {
            let first_of_this = today.with_day(1).unwrap_or(today);
            let from = first_of_this
                .checked_sub_months(Months::new(1))
                .unwrap_or(first_of_this);
            Ok(Period {
                from,
                to: first_of_this.pred_opt().unwrap_or(first_of_this),
            })
        }
    }
}

fn month_period(m: &str) -> Option<Period> {
    let from = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()?;
    let to = from.checked_add_months(Months::new(1))?.pred_opt()?;
    Some(Period { from, to })
}

/// The period of the same length just before (a whole month's previous month).
fn previous_of(p: Period) -> Period {
    if p.from.day() == 1 && p.to.succ_opt().is_some_and(|d| d.day() == 1) {
        let months =
            (p.to.year() - p.from.year()) * 12 + p.to.month() as i32 - p.from.month() as i32 + 1;
        if let Some(from) = p.from.checked_sub_months(Months::new(months as u32)) {
            return Period {
                from,
                to: p.from.pred_opt().unwrap_or(p.from),
            };
        }
    }
    let len = (p.to - p.from).num_days() as u64 + 1;
    Period {
        from: p.from.checked_sub_days(Days::new(len)).unwrap_or(p.from),
        to: p.from.pred_opt().unwrap_or(p.from),
    }
}

fn year_ago_of(p: Period) -> Period {
    let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
    Period {
        from: back(p.from),
        to: back(p.to),
    }
}

/// Filters beside the period, resolved to ids (an unknown code matches nothing).
struct Scope {
    street: Option<Option<Uuid>>,
    categories: Option<Vec<Uuid>>,
    kind: Option<CaseKind>,
}

fn scope_of(q: &AnalysisQuery, dict: &Dictionary) -> Scope {
    Scope {
        street: q
            .street
            .as_ref()
            .map(|c| dict.unit_by_code(c).map(|u| u.id)),
        categories: q.category.as_ref().map(|c| dict.category_family(c)),
        kind: q.kind,
    }
}

impl Scope {
    fn stat(&self) -> StatScope {
        StatScope {
            nothing: matches!(self.street, Some(None)),
            street: self.street.flatten(),
            categories: self.categories.clone(),
            kind: self.kind,
        }
    }
}

/// The open cases of a period, grouped: whether an open case is late depends on when the period
/// is judged, so that is counted from the cases themselves (the rollup holds the rest).
#[derive(Debug, FromQueryResult)]
struct OpenGroup {
    kind: CaseKind,
    category_id: Uuid,
    street_id: Uuid,
    handling_unit_id: Option<Uuid>,
    /// Past their due time at the moment judged.
    late: i64,
    /// Of those, without any other mark of poor disposal.
    late_unmarked: i64,
}

impl OpenGroup {
    fn dims(&self) -> Dims {
        Dims {
            street: self.street_id,
            category: self.category_id,
            unit: self.handling_unit_id,
            kind: self.kind,
        }
    }
}

/// Open cases, as the partial indexes `ix_cases_open*` have them (the condition is written out so
/// that both databases' planners see it implied).
const OPEN: &str = "status IN ('received', 'dispatched', 'in_progress')";

/// A period's cases as the analyses count them: the rollup, the open cases, and the moment the
/// period is judged at (its end, or now when it has not ended: last year's figures do not change
/// with today).
struct Counted {
    stats: Vec<StatRow>,
    open: Vec<OpenGroup>,
    at: DateTime<Utc>,
}

async fn counted(conn: &impl ConnectionTrait, p: Period, s: &Scope) -> ApiResult<Counted> {
    use case::Column as C;
    let at = day_start(p.to + Days::new(1)).min(super::now());
    let stats = case_stats::read(conn, p.from, p.to, &s.stat()).await?;
    // Late as `domain::cases::is_overdue` judges an open case: past due at `at`.
    let sel = case::Entity::find()
        .select_only()
        .columns([C::Kind, C::CategoryId, C::StreetId, C::HandlingUnitId])
        .column_as(
            Expr::from(Func::cast_as(
                Func::sum(Expr::case(C::DueAt.lt(at), 1).finally(0)),
                Alias::new("BIGINT"),
            )),
            "late",
        )
        .column_as(
            Expr::from(Func::cast_as(
                Func::sum(
                    Expr::case(
                        sea_orm::sea_query::ExprTrait::and(C::DueAt.lt(at), C::FixedMarks.eq(0)),
                        1,
                    )
                    .finally(0),
                ),
                Alias::new("BIGINT"),
            )),
            "late_unmarked",
        )
        .filter(Expr::cust(OPEN))
        .filter(received_in(p))
        .group_by(C::Kind)
        .group_by(C::CategoryId)
        .group_by(C::StreetId)
        .group_by(C::HandlingUnitId);
    let open = narrow(sel, s, conn.get_database_backend())
        .into_model::<OpenGroup>()
        .all(conn)
        .await?;
    Ok(Counted { stats, open, at })
}

/// The scope's street, categories and kind as conditions on the cases. Every query narrowed here
/// has a better index than the street's or the category's (the open cases', a unit's marked
/// ones, the unsatisfied comments'), but SQLite's planner does not know how few cases are open:
/// for a year of one street it walked `ix_cases_street_received` through 80,000 cases to find
/// 381 open ones (70 ms; 11 ms through `ix_cases_open`). On SQLite the street and category are
/// therefore written `+column`, which keeps a condition from choosing an index.
fn narrow(
    mut sel: sea_orm::Select<case::Entity>,
    s: &Scope,
    backend: sea_orm::DbBackend,
) -> sea_orm::Select<case::Entity> {
    use case::Column as C;
    use sea_orm::sea_query::ExprTrait;
    let sqlite = backend == sea_orm::DbBackend::Sqlite;
    match &s.street {
        Some(Some(id)) if sqlite => {
            sel = sel.filter(Expr::cust_with_values(r#"+"cases"."street_id" = ?"#, [*id]))
        }
        Some(Some(id)) => sel = sel.filter(C::StreetId.eq(*id)),
        Some(None) => sel = sel.filter(Expr::val(1).eq(0)),
        None => {}
    }
    if let Some(ids) = &s.categories {
        sel = if ids.is_empty() {
            sel.filter(Expr::val(1).eq(0))
        } else if sqlite {
            let marks = vec!["?"; ids.len()].join(", ");
            sel.filter(Expr::cust_with_values(
                format!(r#"+"cases"."category_id" IN ({marks})"#),
                ids.iter().copied(),
            ))
        } else {
            sel.filter(C::CategoryId.is_in(ids.clone()))
        };
    }
    if let Some(k) = s.kind {
        sel = sel.filter(C::Kind.eq(k));
    }
    sel
}

/// The figures of the counted cases, grouped by `key` (`()` for the whole period). Resolved cases
/// are timed (on time unless resolved late); an open case only once it is late.
fn figures_by<K: Ord>(c: &Counted, key: impl Fn(&Dims) -> K) -> BTreeMap<K, Figures> {
    let mut m: BTreeMap<K, (Tally, u64)> = BTreeMap::new();
    for r in &c.stats {
        m.entry(key(&r.dims())).or_default().0.add(&r.tally(), 1);
    }
    for o in &c.open {
        m.entry(key(&o.dims())).or_default().1 += o.late.max(0) as u64;
    }
    m.into_iter()
        .map(|(k, (t, open_late))| (k, figures_of(&t, open_late)))
        .collect()
}

fn figures_of(t: &Tally, open_late: u64) -> Figures {
    let n = |x: i64| x.max(0) as u64;
    let mut f = Figures {
        cases: n(t.cases),
        resolved: n(t.resolved),
        timed: n(t.resolved) + open_late,
        on_time: n(t.resolved - t.resolved_late),
        redone: n(t.redone),
        rated: n(t.rated),
        satisfied: n(t.satisfied),
        ..Default::default()
    };
    f.resolution_rate = rate(f.resolved, f.cases);
    f.on_time_rate = rate(f.on_time, f.timed);
    f.redo_rate = rate(f.redone, f.cases);
    f.satisfaction_rate = rate(f.satisfied, f.rated);
    f
}

fn figures(c: &Counted) -> Figures {
    figures_by(c, |_| ()).remove(&()).unwrap_or_default()
}

fn counts<K: Ord + Clone>(c: &Counted, key: impl Fn(&Dims) -> K) -> BTreeMap<K, u64> {
    let mut m = BTreeMap::new();
    for r in &c.stats {
        *m.entry(key(&r.dims())).or_insert(0) += r.cases.max(0) as u64;
    }
    m.retain(|_, n| *n > 0);
    m
}

/// Rows of a breakdown over the three periods, largest first, then by key.
fn breakdown<K: Ord + Clone>(
    now: &Counted,
    prev: &Counted,
    year: &Counted,
    key: impl Fn(&Dims) -> K,
    label: impl Fn(&K) -> (String, String),
) -> Vec<CountRow> {
    rows_of(
        [counts(now, &key), counts(prev, &key), counts(year, &key)],
        label,
    )
}

/// Count rows from a key's counts in the period, the one before and a year ago.
fn rows_of<K: Ord + Clone>(
    [a, b, c]: [BTreeMap<K, u64>; 3],
    label: impl Fn(&K) -> (String, String),
) -> Vec<CountRow> {
    let mut keys: Vec<&K> = a.keys().chain(b.keys()).chain(c.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out: Vec<CountRow> = keys
        .into_iter()
        .map(|k| {
            let (count, previous, year_ago) = (
                a.get(k).copied().unwrap_or(0),
                b.get(k).copied().unwrap_or(0),
                c.get(k).copied().unwrap_or(0),
            );
            let (key, name) = label(k);
            CountRow {
                key,
                name,
                count,
                previous,
                year_ago,
                mom: change(count, previous),
                yoy: change(count, year_ago),
            }
        })
        .collect();
    out.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.key.cmp(&y.key)));
    out
}

/// A period's cases per channel.
async fn channel_counts(
    conn: &impl ConnectionTrait,
    p: Period,
    s: &Scope,
) -> ApiResult<BTreeMap<yanpan_types::CaseChannel, u64>> {
    Ok(case_stats::channels(conn, p.from, p.to, &s.stat())
        .await?
        .into_iter()
        .filter(|r| r.cases > 0)
        .map(|r| (r.channel, r.cases as u64))
        .collect())
}

fn kind_name(k: CaseKind) -> &'static str {
    match k {
        CaseKind::Demand => "民生诉求",
        CaseKind::Dispute => "矛盾纠纷",
        CaseKind::Incident => "联动处置事件",
    }
}

fn channel_name(c: yanpan_types::CaseChannel) -> &'static str {
    use yanpan_types::CaseChannel as Ch;
    match c {
        Ch::Hotline => "热线电话",
        Ch::Web => "网站",
        Ch::App => "移动应用",
        Ch::WalkIn => "来访",
        Ch::GridPatrol => "网格巡查",
        Ch::Other => "其他",
    }
}

pub async fn overview(
    conn: &impl ConnectionTrait,
    q: &AnalysisQuery,
    today: NaiveDate,
) -> ApiResult<Overview> {
    let period = period_of(q, today)?;
    let dict = Dictionary::load(conn).await?;
    let scope = scope_of(q, &dict);
    let (previous_period, year_ago_period) = (previous_of(period), year_ago_of(period));
    let now_rows = counted(conn, period, &scope).await?;
    let prev_rows = counted(conn, previous_period, &scope).await?;
    let year_rows = counted(conn, year_ago_period, &scope).await?;
    let unit_label = |k: &Option<Uuid>| match k {
        Some(u) => dict.unit_label(*u),
        None => ("none".to_owned(), "未派单".to_owned()),
    };
    Ok(Overview {
        figures: figures(&now_rows),
        previous: figures(&prev_rows),
        year_ago: figures(&year_rows),
        by_kind: breakdown(
            &now_rows,
            &prev_rows,
            &year_rows,
            |r| r.kind,
            |k| (k.as_str().to_owned(), kind_name(*k).to_owned()),
        ),
        by_category: breakdown(
            &now_rows,
            &prev_rows,
            &year_rows,
            |r| r.category,
            |k| dict.category_label(*k),
        ),
        by_street: breakdown(
            &now_rows,
            &prev_rows,
            &year_rows,
            |r| r.street,
            |k| dict.unit_label(*k),
        ),
        by_unit: breakdown(&now_rows, &prev_rows, &year_rows, |r| r.unit, unit_label),
        by_channel: rows_of(
            [
                channel_counts(conn, period, &scope).await?,
                channel_counts(conn, previous_period, &scope).await?,
                channel_counts(conn, year_ago_period, &scope).await?,
            ],
            |k| (k.as_str().to_owned(), channel_name(*k).to_owned()),
        ),
        period,
        previous_period,
        year_ago_period,
    })
}

/// Received within the period's Beijing days.
fn received_in(p: Period) -> Expr {
    use sea_orm::sea_query::ExprTrait;
    let received = || Expr::col((case::Entity, case::Column::ReceivedAt));
    received()
        .gte(day_start(p.from))
        .and(received().lt(day_start(p.to + Days::new(1))))
}

/// What a repeated-demands answer lists.
#[derive(Debug, Clone, Copy)]
pub struct RepeatOptions {
    /// The fewest cases that make a cluster.
    pub min_count: u32,
    /// The largest clusters listed.
    pub limit: usize,
    /// Case numbers listed per cluster, the latest; `None` lists all (downloads).
    pub cases_per_cluster: Option<usize>,
}

/// A listed case of a cluster, read by id.
#[derive(Debug, FromQueryResult)]
struct Listed {
    id: Uuid,
    case_number: String,
    address: Option<String>,
    status: CaseStatus,
}

/// Repeated demands of the period (Art. 5.1): the clusters come from the cluster index
/// (`crate::cluster_index`), their listed cases from the database.
pub async fn repeated(
    conn: &impl ConnectionTrait,
    index: &ClusterIndex,
    q: &AnalysisQuery,
    o: RepeatOptions,
    today: NaiveDate,
) -> ApiResult<RepeatedDemands> {
    use case::Column as C;
    let period = period_of(q, today)?;
    let dict = Dictionary::load(conn).await?;
    let scope = scope_of(q, &dict);
    let ask = |basis| Question {
        basis,
        from: day_start(period.from).timestamp_micros(),
        to: day_start(period.to + Days::new(1)).timestamp_micros(),
        street: scope.street,
        categories: scope.categories.as_deref(),
        kind: scope.kind,
        min_count: o.min_count,
        limit: o.limit,
        per_cluster: o.cases_per_cluster,
    };
    let answers = index
        .clusters(
            conn,
            &[ask(ClusterBasis::Reporter), ask(ClusterBasis::Address)],
        )
        .await?;
    let total_clusters = answers.iter().map(|a| a.1).sum();
    let mut found: Vec<Found> = answers.into_iter().flat_map(|a| a.0).collect();
    found.sort_by(Found::rank);
    found.truncate(o.limit);
    let ids: Vec<Uuid> = found.iter().flat_map(|f| f.cases.iter().copied()).collect();
    let mut listed: HashMap<Uuid, Listed> = HashMap::new();
    for chunk in crate::store::shaped_chunks(ids, 500) {
        let rows = case::Entity::find()
            .select_only()
            .columns([C::Id, C::CaseNumber, C::Address, C::Status])
            .filter(C::Id.is_in(chunk))
            .into_model::<Listed>()
            .all(conn)
            .await?;
        listed.extend(rows.into_iter().map(|r| (r.id, r)));
    }
    let at = |micros: i64| DateTime::from_timestamp_micros(micros).unwrap_or_default();
    let mut reporter_no = 0;
    let clusters = found
        .iter()
        .map(|f| {
            let rows: Vec<&Listed> = f.cases.iter().filter_map(|id| listed.get(id)).collect();
            let (category_code, category_name) = dict.category_label(f.category_id);
            let latest = rows.last();
            let address = match f.basis {
                ClusterBasis::Address => latest.and_then(|r| r.address.clone()),
                ClusterBasis::Reporter => None,
            };
            let label = match f.basis {
                ClusterBasis::Reporter => {
                    reporter_no += 1;
                    format!("同一诉求人 {reporter_no}")
                }
                ClusterBasis::Address => format!("同一地址：{}", address.as_deref().unwrap_or("")),
            };
            RepeatCluster {
                label,
                basis: f.basis,
                category_code,
                category_name,
                address,
                count: f.count,
                first_at: at(f.first_at),
                last_at: at(f.last_at),
                status: latest.map_or(CaseStatus::Received, |r| r.status),
                unresolved: f.unresolved,
                case_numbers: rows.iter().map(|r| r.case_number.clone()).collect(),
            }
        })
        .collect();
    Ok(RepeatedDemands {
        period,
        min_count: o.min_count,
        total_clusters,
        clusters,
    })
}

/// Case numbers an agenda item's evidence cites per cluster.
const AGENDA_CASES: usize = 200;

/// Case numbers a cluster lists by default (the latest).
pub const CASES_PER_CLUSTER: usize = 20;

/// Clusters an answer lists by default (the largest).
pub const REPEAT_LIMIT: usize = 100;

/// A poor case: how many marks, when received, its number (the order cases are listed in).
type PoorCase = (u32, DateTime<Utc>, String);

/// Case numbers listed per unit in poor disposal.
const POOR_LISTED: usize = 50;

#[derive(Debug, FromQueryResult)]
struct MarkedRow {
    case_number: String,
    received_at: DateTime<Utc>,
}

#[derive(Debug, FromQueryResult)]
struct OpenMarkedRow {
    handling_unit_id: Option<Uuid>,
    case_number: String,
    received_at: DateTime<Utc>,
    marks: i32,
}

/// The period's open cases with a mark or late at `at`, by handling unit, worst first: one
/// query for all units. Asked unit by unit, each query walked the period's open cases of every
/// unit (the planner prefers `ix_cases_open` to `ix_cases_open_unit` there), eleven times per
/// answer on the bench's million cases.
async fn worst_open_cases(
    conn: &impl ConnectionTrait,
    p: Period,
    s: &Scope,
    at: DateTime<Utc>,
) -> ApiResult<HashMap<Uuid, Vec<PoorCase>>> {
    use case::Column as C;
    let open = case::Entity::find()
        .select_only()
        .columns([C::HandlingUnitId, C::CaseNumber, C::ReceivedAt])
        .column_as(
            Expr::from(Func::cast_as(
                sea_orm::sea_query::ExprTrait::add(
                    Expr::col(C::FixedMarks),
                    Expr::case(C::DueAt.lt(at), 1).finally(0),
                ),
                Alias::new("INTEGER"),
            )),
            "marks",
        )
        .filter(Expr::cust(OPEN))
        .filter(received_in(p))
        .filter(
            sea_orm::Condition::any()
                .add(Expr::cust("fixed_marks > 0"))
                .add(C::DueAt.lt(at)),
        );
    let mut by_unit: HashMap<Uuid, Vec<PoorCase>> = HashMap::new();
    for r in narrow(open, s, conn.get_database_backend())
        .into_model::<OpenMarkedRow>()
        .all(conn)
        .await?
    {
        if let Some(unit) = r.handling_unit_id {
            by_unit.entry(unit).or_default().push((
                r.marks.max(0) as u32,
                r.received_at,
                r.case_number,
            ));
        }
    }
    for cases in by_unit.values_mut() {
        cases.sort_by(worst_first);
        cases.truncate(POOR_LISTED);
    }
    Ok(by_unit)
}

/// Most marks first, then the earliest received, then by number.
fn worst_first(a: &PoorCase, b: &PoorCase) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
}

/// A unit's worst cases of the period: most marks first, then the earliest. Resolved cases'
/// marks are fixed and indexed (`ix_cases_unit_marks`), read level by level until enough are
/// found; `open` are its open ones (`worst_open_cases`).
async fn worst_cases(
    conn: &impl ConnectionTrait,
    unit: Uuid,
    p: Period,
    s: &Scope,
    mut found: Vec<PoorCase>,
) -> ApiResult<Vec<String>> {
    use case::Column as C;
    let mut resolved = 0;
    for level in (1..=4u32).rev() {
        if resolved >= POOR_LISTED {
            break;
        }
        let sel = case::Entity::find()
            .select_only()
            .columns([C::CaseNumber, C::ReceivedAt])
            .filter(C::HandlingUnitId.eq(unit))
            // Literal, so that the planners see the partial index's condition implied.
            // `fixed_marks > 0` written as the partial index has it: SQLite's planner uses a
            // partial index only when the query names its condition.
            .filter(Expr::cust("fixed_marks > 0"))
            .filter(Expr::cust(format!("fixed_marks = {level}")))
            .filter(Expr::cust("status IN ('resolved', 'closed')"))
            .filter(received_in(p))
            .order_by_asc(C::ReceivedAt)
            .order_by_asc(C::CaseNumber)
            .limit(POOR_LISTED as u64);
        let rows = narrow(sel, s, conn.get_database_backend())
            .into_model::<MarkedRow>()
            .all(conn)
            .await?;
        resolved += rows.len();
        found.extend(
            rows.into_iter()
                .map(|r| (level, r.received_at, r.case_number)),
        );
    }
    found.sort_by(worst_first);
    Ok(found.into_iter().take(POOR_LISTED).map(|p| p.2).collect())
}

pub async fn poor_disposal(
    conn: &impl ConnectionTrait,
    q: &AnalysisQuery,
    today: NaiveDate,
) -> ApiResult<PoorDisposal> {
    let period = period_of(q, today)?;
    let dict = Dictionary::load(conn).await?;
    let scope = scope_of(q, &dict);
    let c = counted(conn, period, &scope).await?;
    let mut open_worst = worst_open_cases(conn, period, &scope, c.at).await?;
    let mut by_unit: BTreeMap<Uuid, (Tally, u64, u64)> = BTreeMap::new();
    for r in &c.stats {
        if let Some(u) = r.dims().unit {
            by_unit.entry(u).or_default().0.add(&r.tally(), 1);
        }
    }
    for o in &c.open {
        if let Some(u) = o.handling_unit_id {
            let e = by_unit.entry(u).or_default();
            e.1 += o.late.max(0) as u64;
            e.2 += o.late_unmarked.max(0) as u64;
        }
    }
    let n = |x: i64| x.max(0) as u64;
    let mut units = Vec::new();
    for (unit, (t, open_late, open_only_late)) in by_unit {
        if t.cases <= 0 {
            continue;
        }
        let (unit_code, unit_name) = dict.unit_label(unit);
        let cases = n(t.cases);
        let overdue = n(t.resolved_late) + open_late;
        let poor = n(t.marked) + open_only_late;
        let case_numbers = if poor > 0 {
            let open = open_worst.remove(&unit).unwrap_or_default();
            worst_cases(conn, unit, period, &scope, open).await?
        } else {
            Vec::new()
        };
        units.push(PoorDisposalRow {
            unit_code,
            unit_name,
            cases,
            overdue,
            overdue_rate: rate(overdue, cases),
            redone: n(t.redone),
            redo_rate: rate(n(t.redone), cases),
            unsatisfied: n(t.unsatisfied),
            unsatisfied_rate: rate(n(t.unsatisfied), cases),
            escalated: n(t.escalated),
            escalated_rate: rate(n(t.escalated), cases),
            poor,
            case_numbers,
        });
    }
    units.sort_by(|a, b| {
        b.poor
            .cmp(&a.poor)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    Ok(PoorDisposal { period, units })
}

fn rate_rows<K: Ord + Copy>(
    c: &Counted,
    key: impl Fn(&Dims) -> Option<K>,
    label: impl Fn(K) -> (String, String),
) -> Vec<RateRow> {
    let mut m: BTreeMap<K, (u64, u64)> = BTreeMap::new();
    for r in &c.stats {
        let Some(k) = key(&r.dims()) else {
            continue;
        };
        let e = m.entry(k).or_default();
        e.0 += r.satisfied.max(0) as u64;
        e.1 += r.rated.max(0) as u64;
    }
    let mut out: Vec<RateRow> = m
        .into_iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(k, (sat, n))| {
            let (key, name) = label(k);
            let ci = wilson(sat, n);
            RateRow {
                key,
                name,
                rated: n,
                satisfied: sat,
                rate: rate(sat, n),
                low: ci.map(|c| c.0),
                high: ci.map(|c| c.1),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.low
            .partial_cmp(&a.low)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

#[derive(Debug, FromQueryResult)]
struct CommentRow {
    case_number: String,
    category_id: Uuid,
    satisfaction_comment: Option<String>,
}

pub async fn satisfaction(
    conn: &impl ConnectionTrait,
    q: &AnalysisQuery,
    today: NaiveDate,
) -> ApiResult<SatisfactionAnalysis> {
    use case::Column as C;
    let period = period_of(q, today)?;
    let dict = Dictionary::load(conn).await?;
    let scope = scope_of(q, &dict);
    let all = counted(conn, period, &scope).await?;
    let mut unsatisfied: HashMap<Uuid, u64> = HashMap::new();
    for r in &all.stats {
        if r.unsatisfied > 0 {
            *unsatisfied.entry(r.category_id).or_default() += r.unsatisfied as u64;
        }
    }
    let mut worst: Vec<(Uuid, u64)> = unsatisfied.into_iter().collect();
    worst.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| dict.category_label(a.0).0.cmp(&dict.category_label(b.0).0))
    });
    worst.truncate(10);
    let mut most_unsatisfied = Vec::new();
    for (category, n) in worst {
        let sel = case::Entity::find()
            .select_only()
            .columns([C::CaseNumber, C::CategoryId, C::SatisfactionComment])
            .filter(C::CategoryId.eq(category))
            // Literal, as in `ix_cases_unsatisfied_comments`'s condition: a bound value would
            // keep PostgreSQL's generic plans (and SQLite) from using that partial index.
            .filter(Expr::cust(
                "satisfaction = 'unsatisfied' AND satisfaction_comment IS NOT NULL",
            ))
            .filter(received_in(period))
            .order_by_desc(C::ReceivedAt)
            .order_by_asc(C::CaseNumber)
            .limit(5);
        let comments = narrow(sel, &scope, conn.get_database_backend())
            .into_model::<CommentRow>()
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|c| {
                debug_assert_eq!(c.category_id, category);
                c.satisfaction_comment.map(|comment| RatedComment {
                    case_number: c.case_number,
                    comment,
                })
            })
            .collect();
        let (category_code, category_name) = dict.category_label(category);
        most_unsatisfied.push(UnsatisfiedCategory {
            category_code,
            category_name,
            unsatisfied: n,
            comments,
        });
    }
    Ok(SatisfactionAnalysis {
        by_unit: rate_rows(&all, |d| d.unit, |k| dict.unit_label(k)),
        by_street: rate_rows(&all, |d| Some(d.street), |k| dict.unit_label(k)),
        by_category: rate_rows(&all, |d| Some(d.category), |k| dict.category_label(k)),
        most_unsatisfied,
        period,
    })
}

pub async fn unit_ranking(
    conn: &impl ConnectionTrait,
    q: &AnalysisQuery,
    today: NaiveDate,
) -> ApiResult<UnitRanking> {
    let period = period_of(q, today)?;
    let dict = Dictionary::load(conn).await?;
    let c = counted(conn, period, &scope_of(q, &dict)).await?;
    let mut units: Vec<UnitRankRow> = figures_by(&c, |d| d.unit)
        .into_iter()
        .filter_map(|(u, f)| Some((u?, f)))
        .filter(|(_, f)| f.cases > 0)
        .map(|(u, f)| {
            let satisfaction_low = wilson(f.satisfied, f.rated).map(|c| c.0);
            let parts: Vec<f64> = [
                f.on_time_rate,
                satisfaction_low,
                f.redo_rate.map(|r| 1.0 - r),
            ]
            .into_iter()
            .flatten()
            .collect();
            let score = (!parts.is_empty()).then(|| parts.iter().sum::<f64>() / parts.len() as f64);
            let (unit_code, unit_name) = dict.unit_label(u);
            UnitRankRow {
                rank: 0,
                unit_code,
                unit_name,
                figures: f,
                satisfaction_low,
                score,
            }
        })
        .collect();
    units.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    for (i, u) in units.iter_mut().enumerate() {
        u.rank = i as u32 + 1;
    }
    Ok(UnitRanking { period, units })
}

/// The hot-issue test's parameters (stated in the answer).
pub const HOT_MIN_COUNT: u64 = 5;
pub const HOT_MAX_P: f64 = 0.001;
/// Weeks of baseline before the week examined, and the fewest the cases must cover.
pub const HOT_BASELINE_WEEKS: u64 = 12;
pub const HOT_MIN_BASELINE_WEEKS: u64 = 8;

#[derive(Debug, FromQueryResult)]
struct HotRow {
    case_number: String,
}

/// Cases per street × category in the rollup of a period.
async fn per_street_category(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<BTreeMap<(Uuid, Uuid), u64>> {
    Ok(case_stats::per_street_category(conn, from, to)
        .await?
        .into_iter()
        .filter(|r| r.cases > 0)
        .map(|r| ((r.street_id, r.category_id), r.cases as u64))
        .collect())
}

/// Hot issues in the seven days ending on `as_of`, each street × category against its own
/// twelve weeks before.
pub async fn hot_issues(conn: &impl ConnectionTrait, as_of: NaiveDate) -> ApiResult<HotIssues> {
    use case::Column as C;
    let dict = Dictionary::load(conn).await?;
    let week = Period {
        from: as_of - Days::new(6),
        to: as_of,
    };
    // The weeks of the baseline that the platform's cases cover: before its first case there
    // is no history, and every street's first week would look like a surge.
    let first: Option<DateTime<Utc>> = case::Entity::find()
        .select_only()
        .column_as(Expr::cust(r#"MIN("cases"."received_at")"#), "first")
        .into_tuple()
        .one(conn)
        .await?
        .flatten();
    let covered = first.map_or(0, |t| {
        let day = t.with_timezone(&super::calendar::shanghai()).date_naive();
        ((week.from - day).num_days().max(0) as u64).div_ceil(7)
    });
    let baseline_weeks = covered.min(HOT_BASELINE_WEEKS);
    let mut issues = Vec::new();
    let (this_week, before) = if baseline_weeks < HOT_MIN_BASELINE_WEEKS {
        Default::default()
    } else {
        let base_from = week.from - Days::new(7 * baseline_weeks);
        (
            per_street_category(conn, week.from, week.to).await?,
            per_street_category(conn, base_from, week.from - Days::new(1)).await?,
        )
    };
    for ((street, category), count) in this_week {
        let baseline =
            before.get(&(street, category)).copied().unwrap_or(0) as f64 / baseline_weeks as f64;
        let Some(p_value) = is_hot(count, baseline, HOT_MIN_COUNT, HOT_MAX_P) else {
            continue;
        };
        let case_numbers = case::Entity::find()
            .select_only()
            .column(C::CaseNumber)
            .filter(C::StreetId.eq(street))
            .filter(C::CategoryId.eq(category))
            .filter(received_in(week))
            .order_by_asc(C::ReceivedAt)
            .order_by_asc(C::CaseNumber)
            .into_model::<HotRow>()
            .all(conn)
            .await?
            .into_iter()
            .map(|r| r.case_number)
            .collect();
        let (street_code, street_name) = dict.unit_label(street);
        let (category_code, category_name) = dict.category_label(category);
        issues.push(HotIssue {
            street_code,
            street_name,
            category_code,
            category_name,
            week,
            count,
            baseline,
            p_value,
            case_numbers,
        });
    }
    issues.sort_by(|a, b| {
        a.p_value
            .partial_cmp(&b.p_value)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.street_code.cmp(&b.street_code))
            .then_with(|| a.category_code.cmp(&b.category_code))
    });
    Ok(HotIssues {
        as_of,
        min_count: HOT_MIN_COUNT,
        max_p_value: HOT_MAX_P,
        baseline_weeks,
        issues,
    })
}

/// `0.123` → `12.3%`; none → `—`.
fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// 环比/同比 in words: `上升12.3%`, `下降4.0%`, `持平`, or `无可比数据`.
fn change_words(r: Option<f64>) -> String {
    match r {
        None => "无可比数据".to_owned(),
        Some(r) if r.abs() < 0.0005 => "持平".to_owned(),
        Some(r) if r > 0.0 => format!("上升{:.1}%", r * 100.0),
        Some(r) => format!("下降{:.1}%", -r * 100.0),
    }
}

fn figure(label: &str, value: f64, unit: &str) -> yanpan_types::Figure {
    yanpan_types::Figure {
        label: label.to_owned(),
        value,
        unit: Some(unit.to_owned()),
    }
}

/// The period a meeting covers: its month, else the last full month before it starts.
pub fn meeting_period(period: Option<&str>, starts_at: DateTime<Utc>) -> Period {
    let q = AnalysisQuery {
        month: period.map(str::to_owned),
        ..Default::default()
    };
    let start_day = (starts_at + chrono::Duration::hours(8)).date_naive();
    period_of(&q, start_day).unwrap_or_else(|_| {
        period_of(&AnalysisQuery::default(), start_day).unwrap_or(Period {
            from: start_day,
            to: start_day,
        })
    })
}

/// Drafts agenda items in categories 1–3 and a preliminary analysis from a period's cases.
pub async fn agenda_draft(
    conn: &impl ConnectionTrait,
    index: &ClusterIndex,
    period: Period,
) -> ApiResult<yanpan_types::AgendaDraft> {
    use yanpan_types::{AgendaCategory, CreateAgendaItem, Evidence};
    let q = AnalysisQuery {
        from: Some(period.from),
        to: Some(period.to),
        ..Default::default()
    };
    let today = period.to + Days::new(1);
    let dict = Dictionary::load(conn).await?;
    let o = overview(conn, &q, today).await?;
    let repeated = repeated(
        conn,
        index,
        &q,
        RepeatOptions {
            min_count: 3,
            limit: REPEAT_LIMIT,
            cases_per_cluster: Some(AGENDA_CASES),
        },
        today,
    )
    .await?;
    let poor = poor_disposal(conn, &q, today).await?;
    let sat = satisfaction(conn, &q, today).await?;
    let span = format!(
        "{}至{}",
        period.from.format("%Y年%-m月%-d日"),
        period.to.format("%Y年%-m月%-d日")
    );
    let mut proposals = Vec::new();
    for c in repeated.clusters.iter().take(3) {
        let whom = match c.basis {
            ClusterBasis::Reporter => format!("{}（同一诉求人）", c.label),
            ClusterBasis::Address => c.label.clone(),
        };
        proposals.push(CreateAgendaItem {
            platform_ref: None,
            category: AgendaCategory::RepeatedDemands,
            title: format!("重复诉求：{}，{}件", c.category_name, c.count),
            summary: format!(
                "{span}，{whom}就“{}”反复反映{}次（首次{}，最近{}），目前仍有{}件未办结。",
                c.category_name,
                c.count,
                (c.first_at + chrono::Duration::hours(8)).format("%-m月%-d日"),
                (c.last_at + chrono::Duration::hours(8)).format("%-m月%-d日"),
                c.unresolved
            ),
            evidence: Evidence {
                figures: vec![
                    figure("反映次数", c.count as f64, "件"),
                    figure("未办结", c.unresolved as f64, "件"),
                ],
                case_numbers: c.case_numbers.clone(),
            },
            causes: None,
            weak_links: None,
            remedies: None,
            presenting_unit_id: None,
        });
    }
    for u in poor.units.iter().filter(|u| u.poor > 0).take(2) {
        proposals.push(CreateAgendaItem {
            platform_ref: None,
            category: AgendaCategory::PoorDisposal,
            title: format!("处置不力：{}，{}件", u.unit_name, u.poor),
            summary: format!(
                "{span}，{}承办{}件，其中超期{}件（{}）、退回重办{}件（{}）、群众不满意{}件（{}）、被督办{}件。",
                u.unit_name,
                u.cases,
                u.overdue,
                pct(u.overdue_rate),
                u.redone,
                pct(u.redo_rate),
                u.unsatisfied,
                pct(u.unsatisfied_rate),
                u.escalated
            ),
            evidence: Evidence {
                figures: vec![
                    figure("承办", u.cases as f64, "件"),
                    figure("超期", u.overdue as f64, "件"),
                    figure("退回重办", u.redone as f64, "件"),
                    figure("不满意", u.unsatisfied as f64, "件"),
                    figure("督办", u.escalated as f64, "件"),
                ],
                case_numbers: u.case_numbers.clone(),
            },
            causes: None,
            weak_links: None,
            remedies: None,
            presenting_unit_id: dict.unit_by_code(&u.unit_code).map(|x| x.id),
        });
    }
    for c in sat.most_unsatisfied.iter().take(2) {
        let rate_row = sat.by_category.iter().find(|r| r.key == c.category_code);
        let quotes: Vec<String> = c
            .comments
            .iter()
            .take(3)
            .map(|m| format!("“{}”", m.comment))
            .collect();
        proposals.push(CreateAgendaItem {
            platform_ref: None,
            category: AgendaCategory::Satisfaction,
            title: format!("满意度：{}不满意{}件", c.category_name, c.unsatisfied),
            summary: format!(
                "{span}，“{}”类诉求回访评价{}件，满意率{}，不满意{}件。群众反映：{}。",
                c.category_name,
                rate_row.map_or(0, |r| r.rated),
                pct(rate_row.and_then(|r| r.rate)),
                c.unsatisfied,
                if quotes.is_empty() {
                    "（无评价意见）".to_owned()
                } else {
                    quotes.join("；")
                }
            ),
            evidence: Evidence {
                figures: vec![
                    figure("不满意", c.unsatisfied as f64, "件"),
                    figure(
                        "满意率",
                        rate_row
                            .and_then(|r| r.rate)
                            .map_or(0.0, |r| (r * 1000.0).round() / 10.0),
                        "%",
                    ),
                ],
                case_numbers: c.comments.iter().map(|m| m.case_number.clone()).collect(),
            },
            causes: None,
            weak_links: None,
            remedies: None,
            presenting_unit_id: None,
        });
    }
    let f = &o.figures;
    let top: Vec<String> = o
        .by_category
        .iter()
        .take(3)
        .map(|r| format!("{}（{}件）", r.name, r.count))
        .collect();
    let mut prose = format!(
        "{span}，全区平安365平台共受理各类诉求{}件，环比{}，同比{}；办结率{}，按期办结率{}，退回重办率{}，群众满意率{}。受理量居前的类别为{}。",
        f.cases,
        change_words(change(f.cases, o.previous.cases)),
        change_words(change(f.cases, o.year_ago.cases)),
        pct(f.resolution_rate),
        pct(f.on_time_rate),
        pct(f.redo_rate),
        pct(f.satisfaction_rate),
        if top.is_empty() {
            "—".to_owned()
        } else {
            top.join("、")
        }
    );
    if !repeated.clusters.is_empty() {
        prose.push_str(&format!(
            "发现重复诉求{}组（同一诉求人或同一地址同类诉求3次以上），涉及{}件。",
            repeated.clusters.len(),
            repeated.clusters.iter().map(|c| c.count).sum::<u64>()
        ));
    }
    let worst: Vec<String> = poor
        .units
        .iter()
        .filter(|u| u.poor > 0)
        .take(3)
        .map(|u| format!("{}（{}件）", u.unit_name, u.poor))
        .collect();
    if !worst.is_empty() {
        prose.push_str(&format!("处置不力的案件主要集中在{}。", worst.join("、")));
    }
    let unhappy: Vec<String> = sat
        .most_unsatisfied
        .iter()
        .take(3)
        .map(|c| format!("{}（{}件）", c.category_name, c.unsatisfied))
        .collect();
    if !unhappy.is_empty() {
        prose.push_str(&format!("群众不满意评价主要集中在{}。", unhappy.join("、")));
    }
    prose.push_str("建议会议重点研究上述问题，明确责任单位和整改时限。");
    Ok(yanpan_types::AgendaDraft {
        period,
        proposals,
        preliminary_analysis: prose,
    })
}

/// Months of history a trend shows and forecasts from.
pub const TREND_MONTHS: usize = 24;
/// Months the forecast error is backtested on.
pub const BACKTEST_MONTHS: usize = 6;

fn series(key: String, name: String, history: Vec<u64>) -> yanpan_types::SeriesForecast {
    use crate::domain::forecast;
    let h: Vec<f64> = history.iter().map(|c| *c as f64).collect();
    let step = forecast::next(&h);
    let bt = forecast::backtest(&h, BACKTEST_MONTHS);
    yanpan_types::SeriesForecast {
        key,
        name,
        history,
        point: step.map(|s| (s.point * 10.0).round() / 10.0),
        lower: step.map(|s| (s.lower * 10.0).round() / 10.0),
        upper: step.map(|s| (s.upper * 10.0).round() / 10.0),
        mae: bt.map(|b| b.0),
        mape: bt.and_then(|b| b.1),
    }
}

/// 24 months of counts ending with `month` and the next month's forecast, in total, per category
/// and per street.
pub async fn trend(
    conn: &impl ConnectionTrait,
    q: &yanpan_types::TrendQuery,
    today: NaiveDate,
) -> ApiResult<yanpan_types::Trend> {
    let last = period_of(
        &AnalysisQuery {
            month: q.month.clone(),
            ..Default::default()
        },
        today,
    )?;
    let first = last
        .from
        .checked_sub_months(Months::new(TREND_MONTHS as u32 - 1))
        .unwrap_or(last.from);
    let dict = Dictionary::load(conn).await?;
    let scope = scope_of(
        &AnalysisQuery {
            street: q.street.clone(),
            category: q.category.clone(),
            kind: q.kind,
            ..Default::default()
        },
        &dict,
    );
    let rows = case_stats::months(
        conn,
        &first.format("%Y-%m").to_string(),
        &last.from.format("%Y-%m").to_string(),
        &scope.stat(),
    )
    .await?;
    let index = |bucket: &str| {
        NaiveDate::parse_from_str(&format!("{bucket}-01"), "%Y-%m-%d")
            .ok()
            .map(|d| {
                ((d.year() - first.year()) * 12 + d.month() as i32 - first.month() as i32) as usize
            })
    };
    let mut total = vec![0u64; TREND_MONTHS];
    let mut by_category: BTreeMap<Uuid, Vec<u64>> = BTreeMap::new();
    let mut by_street: BTreeMap<Uuid, Vec<u64>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.cases > 0) {
        let Some(i) = index(&r.bucket).filter(|i| *i < TREND_MONTHS) else {
            continue;
        };
        let n = r.cases as u64;
        total[i] += n;
        by_category
            .entry(r.category_id)
            .or_insert_with(|| vec![0; TREND_MONTHS])[i] += n;
        by_street
            .entry(r.street_id)
            .or_insert_with(|| vec![0; TREND_MONTHS])[i] += n;
    }
    let months: Vec<String> = (0..TREND_MONTHS as u32)
        .filter_map(|k| first.checked_add_months(Months::new(k)))
        .map(|d| d.format("%Y-%m").to_string())
        .collect();
    let next_month = last
        .from
        .checked_add_months(Months::new(1))
        .unwrap_or(last.from)
        .format("%Y-%m")
        .to_string();
    let expected = |a: &yanpan_types::SeriesForecast, b: &yanpan_types::SeriesForecast| {
        b.point
            .partial_cmp(&a.point)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.key.cmp(&b.key))
    };
    let mut cats: Vec<_> = by_category
        .into_iter()
        .map(|(id, h)| {
            let (k, n) = dict.category_label(id);
            series(k, n, h)
        })
        .collect();
    cats.sort_by(expected);
    let mut streets: Vec<_> = by_street
        .into_iter()
        .map(|(id, h)| {
            let (k, n) = dict.unit_label(id);
            series(k, n, h)
        })
        .collect();
    streets.sort_by(expected);
    Ok(yanpan_types::Trend {
        months,
        next_month,
        level: crate::domain::forecast::LEVEL,
        backtest_months: BACKTEST_MONTHS as u32,
        total: series("total".into(), "全部".into(), total),
        by_category: cats,
        by_street: streets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_default_to_the_last_full_month_and_compare_like_with_like() {
        let p = period_of(&AnalysisQuery::default(), d("2026-11-28")).unwrap();
        assert_eq!((p.from, p.to), (d("2026-10-01"), d("2026-10-31")));
        let prev = previous_of(p);
        assert_eq!((prev.from, prev.to), (d("2026-09-01"), d("2026-09-30")));
        let year = year_ago_of(p);
        assert_eq!((year.from, year.to), (d("2025-10-01"), d("2025-10-31")));
        let range = Period {
            from: d("2026-11-10"),
            to: d("2026-11-16"),
        };
        let prev = previous_of(range);
        assert_eq!((prev.from, prev.to), (d("2026-11-03"), d("2026-11-09")));
    }

    #[test]
    fn a_bad_period_names_its_field() {
        let q = AnalysisQuery {
            from: Some(d("2026-11-10")),
            to: Some(d("2026-11-01")),
            ..Default::default()
        };
        assert!(period_of(&q, d("2026-11-28")).is_err());
        let q = AnalysisQuery {
            month: Some("2026-11".into()),
            from: Some(d("2026-11-10")),
            ..Default::default()
        };
        assert!(period_of(&q, d("2026-11-28")).is_err());
    }
}
