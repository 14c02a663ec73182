//! `case_stats`: the rollup the analyses add up instead of reading every case of a period. Each
//! case counts once in the row of its Beijing day and once in the row of its month (same street,
//! category, handling unit and kind), and likewise in `case_channel_stats` under its channel; a
//! period reads its whole months from the month rows and its other days from the day rows. The intake applies the difference each case makes
//! (the old tally out, the new one in) in the same transaction as the case, so the rollup never
//! disagrees with the cases it sums; `rebuild` recomputes it from the cases.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;
use yanpan_types::{CaseChannel, CaseKind};

use crate::domain::cases::{Handling, Tally};
use crate::entities::{case, case_channel_stat, case_stat};

const DAY: i16 = 1;
const MONTH: i16 = 2;

/// The Beijing day of an instant.
pub fn beijing_day(t: DateTime<Utc>) -> NaiveDate {
    (t + chrono::Duration::hours(8)).date_naive()
}

/// What a case is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dims {
    pub street: Uuid,
    pub category: Uuid,
    pub unit: Option<Uuid>,
    pub kind: CaseKind,
}

/// The day, dimensions, channel and handling of a stored case.
pub fn of_model(m: &case::Model) -> (NaiveDate, Dims, CaseChannel, Handling) {
    (
        beijing_day(m.received_at),
        Dims {
            street: m.street_id,
            category: m.category_id,
            unit: m.handling_unit_id,
            kind: m.kind,
        },
        m.channel,
        Handling {
            status: m.status,
            due_at: m.due_at,
            resolved_at: m.resolved_at,
            redo_count: m.redo_count,
            supervision_level: m.supervision_level,
            satisfaction: m.satisfaction,
        },
    )
}

/// Changes to the rollup, gathered over a transaction's cases and written at once.
#[derive(Debug, Default)]
pub struct Deltas {
    tallies: HashMap<(NaiveDate, Dims), Tally>,
    channels: HashMap<(NaiveDate, Uuid, Uuid, CaseKind, CaseChannel), i64>,
}

impl Deltas {
    /// Counts a case in (`sign` 1) or out (`sign` -1).
    pub fn count(
        &mut self,
        day: NaiveDate,
        dims: Dims,
        channel: CaseChannel,
        handling: &Handling,
        sign: i64,
    ) {
        self.tallies
            .entry((day, dims))
            .or_default()
            .add(&handling.tally(), sign);
        *self
            .channels
            .entry((day, dims.street, dims.category, dims.kind, channel))
            .or_default() += sign;
    }
}

/// Writers of cases take turns on PostgreSQL (SQLite has one writer): the intake and a rebuild.
pub async fn take_turns(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        conn.execute_unprepared(
            "SELECT pg_advisory_xact_lock(hashtextextended('yanpan:cases-intake', 7365))",
        )
        .await?;
    }
    Ok(())
}

/// Rows per `INSERT`: 15 columns at most, well under SQLite's 32,766 bound parameters.
const CHUNK: usize = 1000;

/// Writes the changes: each into its day's and its month's row, adding to what is there.
pub async fn apply(conn: &impl ConnectionTrait, deltas: Deltas) -> Result<(), DbErr> {
    apply_channels(conn, deltas.channels).await?;
    let mut rows: HashMap<(i16, String, Dims), Tally> = HashMap::new();
    for ((day, dims), t) in deltas.tallies {
        if t.is_zero() {
            continue;
        }
        for key in [
            (DAY, day.format("%Y-%m-%d").to_string(), dims),
            (MONTH, day.format("%Y-%m").to_string(), dims),
        ] {
            rows.entry(key).or_default().add(&t, 1);
        }
    }
    let models: Vec<case_stat::ActiveModel> = rows
        .into_iter()
        .filter(|(_, t)| !t.is_zero())
        .map(|((span, bucket, d), t)| case_stat::ActiveModel {
            span: Set(span),
            bucket: Set(bucket),
            street_id: Set(d.street),
            category_id: Set(d.category),
            unit_key: Set(d.unit.unwrap_or(Uuid::nil())),
            kind: Set(d.kind),
            cases: Set(t.cases),
            resolved: Set(t.resolved),
            resolved_late: Set(t.resolved_late),
            redone: Set(t.redone),
            rated: Set(t.rated),
            satisfied: Set(t.satisfied),
            unsatisfied: Set(t.unsatisfied),
            escalated: Set(t.escalated),
            marked: Set(t.marked),
        })
        .collect();
    use case_stat::Column as C;
    const COUNTERS: [C; 9] = [
        C::Cases,
        C::Resolved,
        C::ResolvedLate,
        C::Redone,
        C::Rated,
        C::Satisfied,
        C::Unsatisfied,
        C::Escalated,
        C::Marked,
    ];
    for chunk in crate::store::shaped_chunks(models, CHUNK) {
        let mut on_conflict = OnConflict::columns([
            C::Span,
            C::Bucket,
            C::StreetId,
            C::CategoryId,
            C::UnitKey,
            C::Kind,
        ]);
        for c in COUNTERS {
            on_conflict.value(
                c,
                Expr::col((case_stat::Entity, c)).add(Expr::col((Alias::new("excluded"), c))),
            );
        }
        case_stat::Entity::insert_many(chunk)
            .on_conflict(on_conflict)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

async fn apply_channels(
    conn: &impl ConnectionTrait,
    deltas: HashMap<(NaiveDate, Uuid, Uuid, CaseKind, CaseChannel), i64>,
) -> Result<(), DbErr> {
    use case_channel_stat::Column as C;
    let mut rows: HashMap<(i16, String, Uuid, Uuid, CaseKind, CaseChannel), i64> = HashMap::new();
    for ((day, street, category, kind, channel), n) in deltas {
        if n == 0 {
            continue;
        }
        for (span, bucket) in [
            (DAY, day.format("%Y-%m-%d").to_string()),
            (MONTH, day.format("%Y-%m").to_string()),
        ] {
            *rows
                .entry((span, bucket, street, category, kind, channel))
                .or_default() += n;
        }
    }
    let models: Vec<case_channel_stat::ActiveModel> = rows
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((span, bucket, street, category, kind, channel), n)| {
            case_channel_stat::ActiveModel {
                span: Set(span),
                bucket: Set(bucket),
                street_id: Set(street),
                category_id: Set(category),
                kind: Set(kind),
                channel: Set(channel),
                cases: Set(n),
            }
        })
        .collect();
    for chunk in crate::store::shaped_chunks(models, CHUNK) {
        let mut on_conflict = OnConflict::columns([
            C::Span,
            C::Bucket,
            C::StreetId,
            C::CategoryId,
            C::Kind,
            C::Channel,
        ]);
        on_conflict.value(
            C::Cases,
            Expr::col((case_channel_stat::Entity, C::Cases))
                .add(Expr::col((Alias::new("excluded"), C::Cases))),
        );
        case_channel_stat::Entity::insert_many(chunk)
            .on_conflict(on_conflict)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Cases read per step of a rebuild.
const REBUILD_STEP: u64 = 20_000;

/// Recomputes the rollup from the cases.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    case_stat::Entity::delete_many().exec(conn).await?;
    case_channel_stat::Entity::delete_many().exec(conn).await?;
    let mut deltas = Deltas::default();
    let mut after: Option<Uuid> = None;
    let mut total = 0u64;
    loop {
        let mut sel = case::Entity::find()
            .order_by_asc(case::Column::Id)
            .limit(REBUILD_STEP);
        if let Some(id) = after {
            sel = sel.filter(case::Column::Id.gt(id));
        }
        let batch = sel.all(conn).await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = Some(last.id);
        total += batch.len() as u64;
        for m in &batch {
            let (day, dims, channel, h) = of_model(m);
            deltas.count(day, dims, channel, &h, 1);
        }
    }
    apply(conn, deltas).await?;
    Ok(total)
}

#[derive(Debug, FromQueryResult)]
struct Total {
    n: Option<i64>,
}

/// Rebuilds the rollup when its total disagrees with the number of cases (after the migration
/// that adds it, or cases written by something other than the intake). Returns whether it did.
pub async fn ensure(conn: &impl ConnectionTrait) -> Result<bool, DbErr> {
    // Several servers may start at once: the intake's lock makes them (and intakes) take turns.
    take_turns(conn).await?;
    let summed = case_stat::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(cases) AS BIGINT)"), "n")
        .filter(case_stat::Column::Span.eq(MONTH))
        .into_model::<Total>()
        .one(conn)
        .await?
        .and_then(|t| t.n)
        .unwrap_or(0);
    let counted = case::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .into_model::<Total>()
        .one(conn)
        .await?
        .and_then(|t| t.n)
        .unwrap_or(0);
    if summed == counted {
        return Ok(false);
    }
    rebuild(conn).await?;
    Ok(true)
}

/// Filters beside the period, as ids. `nothing`: a code that names nothing was asked for.
#[derive(Debug, Clone, Default)]
pub struct StatScope {
    pub nothing: bool,
    pub street: Option<Uuid>,
    pub categories: Option<Vec<Uuid>>,
    pub kind: Option<CaseKind>,
}

/// One group of a period's rollup.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StatRow {
    pub street_id: Uuid,
    pub category_id: Uuid,
    pub unit_key: Uuid,
    pub kind: CaseKind,
    pub cases: i64,
    pub resolved: i64,
    pub resolved_late: i64,
    pub redone: i64,
    pub rated: i64,
    pub satisfied: i64,
    pub unsatisfied: i64,
    pub escalated: i64,
    pub marked: i64,
}

impl StatRow {
    pub fn dims(&self) -> Dims {
        Dims {
            street: self.street_id,
            category: self.category_id,
            unit: (!self.unit_key.is_nil()).then_some(self.unit_key),
            kind: self.kind,
        }
    }

    pub fn tally(&self) -> Tally {
        Tally {
            cases: self.cases,
            resolved: self.resolved,
            resolved_late: self.resolved_late,
            redone: self.redone,
            rated: self.rated,
            satisfied: self.satisfied,
            unsatisfied: self.unsatisfied,
            escalated: self.escalated,
            marked: self.marked,
        }
    }
}

/// The whole months inside `from..=to` and the days outside them.
fn buckets(from: NaiveDate, to: NaiveDate) -> (Vec<String>, Vec<(NaiveDate, NaiveDate)>) {
    let first = if from.day() == 1 {
        Some(from)
    } else {
        from.with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
    };
    let next = to + Days::new(1);
    let end = if next.day() == 1 {
        Some(next)
    } else {
        next.with_day(1)
    };
    match (first, end) {
        (Some(first), Some(end)) if first < end => {
            let mut months = Vec::new();
            let mut m = first;
            while m < end {
                months.push(m.format("%Y-%m").to_string());
                let Some(n) = m.checked_add_months(Months::new(1)) else {
                    break;
                };
                m = n;
            }
            let mut days = Vec::new();
            if from < first {
                days.push((from, first - Days::new(1)));
            }
            if end <= to {
                days.push((end, to));
            }
            (months, days)
        }
        _ => (Vec::new(), vec![(from, to)]),
    }
}

fn period_condition<S: ColumnTrait, B: ColumnTrait>(
    (span, bucket): (S, B),
    from: NaiveDate,
    to: NaiveDate,
) -> Condition {
    let (months, days) = buckets(from, to);
    let mut any = Condition::any();
    if !months.is_empty() {
        any = any.add(
            Condition::all()
                .add(span.eq(MONTH))
                .add(bucket.is_in(months)),
        );
    }
    for (a, b) in days {
        any = any.add(
            Condition::all()
                .add(span.eq(DAY))
                .add(bucket.gte(a.format("%Y-%m-%d").to_string()))
                .add(bucket.lte(b.format("%Y-%m-%d").to_string())),
        );
    }
    any
}

fn scope_condition<C: ColumnTrait>(
    (street, category, kind): (C, C, C),
    s: &StatScope,
) -> Condition {
    let mut all = Condition::all();
    if s.nothing {
        return all.add(Expr::val(1).eq(0));
    }
    if let Some(id) = s.street {
        all = all.add(street.eq(id));
    }
    if let Some(ids) = &s.categories {
        all = if ids.is_empty() {
            all.add(Expr::val(1).eq(0))
        } else {
            all.add(category.is_in(ids.clone()))
        };
    }
    if let Some(k) = s.kind {
        all = all.add(kind.eq(k));
    }
    all
}

const STAT_SCOPE: (case_stat::Column, case_stat::Column, case_stat::Column) = (
    case_stat::Column::StreetId,
    case_stat::Column::CategoryId,
    case_stat::Column::Kind,
);
const STAT_PERIOD: (case_stat::Column, case_stat::Column) =
    (case_stat::Column::Span, case_stat::Column::Bucket);

const SUMS: [&str; 9] = [
    "cases",
    "resolved",
    "resolved_late",
    "redone",
    "rated",
    "satisfied",
    "unsatisfied",
    "escalated",
    "marked",
];

/// A period's rollup (Beijing days `from..=to`), one row per street, category, unit and kind.
pub async fn read(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
    scope: &StatScope,
) -> Result<Vec<StatRow>, DbErr> {
    use case_stat::Column as C;
    let mut sel = case_stat::Entity::find().select_only().columns([
        C::StreetId,
        C::CategoryId,
        C::UnitKey,
        C::Kind,
    ]);
    // SUM of BIGINT is NUMERIC on PostgreSQL: cast back to what the row reads.
    for s in SUMS {
        sel = sel.column_as(Expr::cust(format!("CAST(SUM({s}) AS BIGINT)")), s);
    }
    sel.filter(period_condition(STAT_PERIOD, from, to))
        .filter(scope_condition(STAT_SCOPE, scope))
        .group_by(C::StreetId)
        .group_by(C::CategoryId)
        .group_by(C::UnitKey)
        .group_by(C::Kind)
        .into_model::<StatRow>()
        .all(conn)
        .await
}

/// Cases per street and category.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PlaceRow {
    pub street_id: Uuid,
    pub category_id: Uuid,
    pub cases: i64,
}

/// A period's cases per street and category (the hot-issue test's counts).
pub async fn per_street_category(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PlaceRow>, DbErr> {
    use case_stat::Column as C;
    case_stat::Entity::find()
        .select_only()
        .columns([C::StreetId, C::CategoryId])
        .column_as(Expr::cust("CAST(SUM(cases) AS BIGINT)"), "cases")
        .filter(period_condition(STAT_PERIOD, from, to))
        .group_by(C::StreetId)
        .group_by(C::CategoryId)
        .into_model::<PlaceRow>()
        .all(conn)
        .await
}

/// Cases per month, street and category.
#[derive(Debug, Clone, FromQueryResult)]
pub struct MonthRow {
    pub bucket: String,
    pub street_id: Uuid,
    pub category_id: Uuid,
    pub cases: i64,
}

/// The monthly counts of the months `first..=last` (`YYYY-MM`), per street and category.
pub async fn months(
    conn: &impl ConnectionTrait,
    first: &str,
    last: &str,
    scope: &StatScope,
) -> Result<Vec<MonthRow>, DbErr> {
    use case_stat::Column as C;
    case_stat::Entity::find()
        .select_only()
        .columns([C::Bucket, C::StreetId, C::CategoryId])
        .column_as(Expr::cust("CAST(SUM(cases) AS BIGINT)"), "cases")
        .filter(C::Span.eq(MONTH))
        .filter(C::Bucket.gte(first))
        .filter(C::Bucket.lte(last))
        .filter(scope_condition(STAT_SCOPE, scope))
        .group_by(C::Bucket)
        .group_by(C::StreetId)
        .group_by(C::CategoryId)
        .into_model::<MonthRow>()
        .all(conn)
        .await
}

/// Cases per channel.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ChannelRow {
    pub channel: CaseChannel,
    pub cases: i64,
}

/// A period's cases per channel.
pub async fn channels(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
    scope: &StatScope,
) -> Result<Vec<ChannelRow>, DbErr> {
    use case_channel_stat::Column as C;
    case_channel_stat::Entity::find()
        .select_only()
        .column(C::Channel)
        .column_as(Expr::cust("CAST(SUM(cases) AS BIGINT)"), "cases")
        .filter(period_condition((C::Span, C::Bucket), from, to))
        .filter(scope_condition(
            (C::StreetId, C::CategoryId, C::Kind),
            scope,
        ))
        .group_by(C::Channel)
        .into_model::<ChannelRow>()
        .all(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_reads_its_whole_months_from_month_rows_and_the_rest_from_day_rows() {
        let (m, days) = buckets(d("2026-10-01"), d("2026-10-31"));
        assert_eq!((m, days), (vec!["2026-10".to_owned()], vec![]));
        let (m, days) = buckets(d("2026-09-15"), d("2026-11-10"));
        assert_eq!(m, vec!["2026-10".to_owned()]);
        assert_eq!(
            days,
            vec![
                (d("2026-09-15"), d("2026-09-30")),
                (d("2026-11-01"), d("2026-11-10"))
            ]
        );
        let (m, days) = buckets(d("2026-11-03"), d("2026-11-09"));
        assert!(m.is_empty());
        assert_eq!(days, vec![(d("2026-11-03"), d("2026-11-09"))]);
        let (m, days) = buckets(d("2025-12-01"), d("2026-02-28"));
        assert_eq!(m, vec!["2025-12", "2026-01", "2026-02"]);
        assert!(days.is_empty());
        // Across a month's end but with no whole month inside.
        let (m, days) = buckets(d("2026-10-20"), d("2026-11-05"));
        assert!(m.is_empty());
        assert_eq!(days, vec![(d("2026-10-20"), d("2026-11-05"))]);
    }
}
