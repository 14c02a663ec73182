//! Working days in Asia/Shanghai (weekends, public holidays, adjusted working days 调休), the
//! submission due time, calendar feed tokens and the iCalendar (RFC 5545) feed.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::*;

use super::audit::{self, Actor};
use super::{check_version, now, sessions};
use crate::entities::{calendar_day, calendar_token, meeting, participant};
use crate::error::{ApiError, ApiResult, sql_err};

/// China Standard Time: UTC+8 all year (no daylight saving since 1991).
const CST: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

pub fn shanghai() -> FixedOffset {
    CST
}

pub fn shanghai_today() -> NaiveDate {
    Utc::now().with_timezone(&shanghai()).date_naive()
}

/// [1 January, next 1 January) of a year, in Shanghai time, as UTC instants.
pub fn year_bounds(year: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| {
                shanghai()
                    .from_local_datetime(&d.and_time(NaiveTime::MIN))
                    .single()
            })
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    };
    (at(year), at(year + 1))
}

/// Hour (Shanghai time) on the due day by which submissions are due: the end of office hours.
pub const DUE_HOUR: u32 = 18;

/// `lead_days` working days before the day the meeting starts, at 18:00 Shanghai time.
pub async fn submission_due(
    conn: &impl ConnectionTrait,
    starts_at: DateTime<Utc>,
    lead_days: u32,
) -> ApiResult<DateTime<Utc>> {
    let start_day = starts_at.with_timezone(&shanghai()).date_naive();
    let window_start = start_day - Duration::days(i64::from(lead_days) * 3 + 30);
    let special = calendar_day::Entity::find()
        .filter(
            Condition::all()
                .add(calendar_day::Column::Day.gte(window_start))
                .add(calendar_day::Column::Day.lt(start_day)),
        )
        .all(conn)
        .await?;
    let is_working = |d: NaiveDate| match special.iter().find(|s| s.day == d) {
        Some(s) => s.kind == CalendarDayKind::Workday,
        None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
    };
    let mut day = start_day;
    let mut counted = 0;
    while counted < lead_days {
        day -= Duration::days(1);
        if is_working(day) {
            counted += 1;
        }
        if day < window_start {
            break;
        }
    }
    let due = day.and_hms_opt(DUE_HOUR, 0, 0).unwrap_or_default();
    Ok(shanghai()
        .from_local_datetime(&due)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(starts_at))
}

// --- calendar days ----------------------------------------------------------------------------

fn day_dto(m: calendar_day::Model) -> ApiResult<CalendarDay> {
    Ok(CalendarDay {
        date: m.day,
        kind: m.kind,
        name: m.name,
        version: m.version,
    })
}

pub async fn list_days(
    conn: &impl ConnectionTrait,
    year: Option<i32>,
) -> ApiResult<Vec<CalendarDay>> {
    let mut sel = calendar_day::Entity::find();
    if let Some(y) = year {
        let (a, b) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y + 1, 1, 1),
        );
        if let (Some(a), Some(b)) = (a, b) {
            sel = sel
                .filter(calendar_day::Column::Day.gte(a))
                .filter(calendar_day::Column::Day.lt(b));
        }
    }
    sel.order_by_asc(calendar_day::Column::Day)
        .all(conn)
        .await?
        .into_iter()
        .map(day_dto)
        .collect()
}

pub async fn get_day(
    conn: &impl ConnectionTrait,
    day: NaiveDate,
) -> ApiResult<calendar_day::Model> {
    calendar_day::Entity::find_by_id(day)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("calendar day"))
}

pub async fn create_day(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &CreateCalendarDay,
) -> ApiResult<CalendarDay> {
    let weekend = matches!(input.date.weekday(), Weekday::Sat | Weekday::Sun);
    if input.kind == CalendarDayKind::Workday && !weekend {
        return Err(ApiError::field(
            "kind",
            "not_weekend",
            "an adjusted working day (调休) falls on a weekend",
        ));
    }
    let row = calendar_day::ActiveModel {
        day: Set(input.date),
        kind: Set(input.kind),
        name: Set(input.name.trim().into()),
        version: Set(1),
    }
    .insert(conn)
    .await
    .map_err(|e| match sql_err(&e) {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::DayExists,
            "this day is in the calendar already",
        ),
        _ => e.into(),
    })?;
    let dto = day_dto(row)?;
    audit::created(
        conn,
        actor,
        AuditEntity::CalendarDay,
        None,
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

pub async fn delete_day(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    day: NaiveDate,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = get_day(conn, day).await?;
    check_version(expected, current.version)?;
    let before = day_dto(current)?;
    calendar_day::Entity::delete_by_id(day).exec(conn).await?;
    audit::removed(
        conn,
        actor,
        AuditEntity::CalendarDay,
        None,
        AuditAction::Delete,
        &before,
    )
    .await?;
    Ok(())
}

// --- feed tokens --------------------------------------------------------------------------------

/// Issues a new feed token for the user, replacing (and so revoking) any earlier one.
pub async fn issue_token(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    user_id: Uuid,
) -> ApiResult<String> {
    calendar_token::Entity::delete_many()
        .filter(calendar_token::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let token = sessions::random_token();
    calendar_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        token_hash: Set(sessions::sha256_hex(&token)),
        created_at: Set(now()),
    }
    .insert(conn)
    .await?;
    audit::event(
        conn,
        actor,
        AuditEntity::CalendarToken,
        Some(user_id),
        AuditAction::Issue,
    )
    .await?;
    Ok(token)
}

pub async fn revoke_token(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    user_id: Uuid,
) -> ApiResult<()> {
    let res = calendar_token::Entity::delete_many()
        .filter(calendar_token::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(ApiError::NotFound("calendar token"));
    }
    audit::event(
        conn,
        actor,
        AuditEntity::CalendarToken,
        Some(user_id),
        AuditAction::Revoke,
    )
    .await?;
    Ok(())
}

pub async fn user_of_token(conn: &impl ConnectionTrait, token: &str) -> ApiResult<Option<Uuid>> {
    Ok(calendar_token::Entity::find()
        .filter(calendar_token::Column::TokenHash.eq(sessions::sha256_hex(token)))
        .one(conn)
        .await?
        .map(|t| t.user_id))
}

// --- iCalendar ----------------------------------------------------------------------------------

/// Meetings of a unit (when given) or all meetings, from 90 days ago on.
pub async fn feed_meetings(
    conn: &impl ConnectionTrait,
    unit: Option<Uuid>,
) -> ApiResult<Vec<meeting::Model>> {
    let mut sel = meeting::Entity::find()
        .filter(meeting::Column::StartsAt.gte(Utc::now() - Duration::days(90)));
    if let Some(u) = unit {
        let ids: Vec<Uuid> = participant::Entity::find()
            .filter(participant::Column::UnitId.eq(u))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| p.meeting_id)
            .collect();
        sel = sel.filter(meeting::Column::Id.is_in(ids));
    }
    Ok(sel
        .order_by_asc(meeting::Column::StartsAt)
        .all(conn)
        .await?)
}

fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

pub fn render_ics(name: &str, meetings: &[meeting::Model]) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Shangcheng District//Yanpan//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(l));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_escape(name))));
    out.push_str(&fold("X-WR-TIMEZONE:Asia/Shanghai"));
    let dtstamp = stamp(Utc::now());
    for m in meetings {
        let status = match m.status {
            MeetingStatus::Cancelled => "CANCELLED",
            MeetingStatus::Draft => "TENTATIVE",
            _ => "CONFIRMED",
        };
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}@yanpan", m.id)));
        out.push_str(&fold(&format!("DTSTAMP:{dtstamp}")));
        out.push_str(&fold(&format!("DTSTART:{}", stamp(m.starts_at))));
        out.push_str(&fold(&format!("DTEND:{}", stamp(m.ends_at))));
        out.push_str(&fold(&format!("SUMMARY:{}", ics_escape(&m.title))));
        out.push_str(&fold(&format!("LOCATION:{}", ics_escape(&m.place))));
        out.push_str(&fold(&format!(
            "DESCRIPTION:{}",
            ics_escape(&format!("主持：{}", m.chair))
        )));
        out.push_str(&fold(&format!("STATUS:{status}")));
        out.push_str(&fold(&format!("SEQUENCE:{}", m.version)));
        out.push_str(&fold(&format!("LAST-MODIFIED:{}", stamp(m.updated_at))));
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let long = format!("SUMMARY:{}", "平安三六五".repeat(20));
        let folded = fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{}", line.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
        assert_eq!(ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn year_bounds_are_shanghai_midnights() {
        let (a, b) = year_bounds(2026);
        assert_eq!(a.to_rfc3339(), "2025-12-31T16:00:00+00:00");
        assert_eq!(b.to_rfc3339(), "2026-12-31T16:00:00+00:00");
    }
}
