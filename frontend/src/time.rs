//! Dates and times as people in Hangzhou read them: Asia/Shanghai is UTC+8 all year (no DST),
//! computed here rather than taken from the browser's zone.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeZone, Timelike, Utc};

const SHANGHAI_OFFSET_SECS: i32 = 8 * 3600;

fn shanghai() -> FixedOffset {
    // 8 hours is always a valid offset; fall back to UTC only to avoid a panic path.
    FixedOffset::east_opt(SHANGHAI_OFFSET_SECS).unwrap_or(Utc.fix())
}

/// Now, from the browser's clock (the zone of the browser is ignored).
pub fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Now in Shanghai.
pub fn now_shanghai() -> DateTime<FixedOffset> {
    now_utc().with_timezone(&shanghai())
}

// Formatted by hand rather than with chrono's `format`: its strftime machinery is sizeable wasm.

/// `2026-05-03 14:05` in Shanghai.
pub fn fmt_datetime(at: &DateTime<Utc>) -> String {
    let t = at.with_timezone(&shanghai());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `2026-05-03 14:05:09` in Shanghai.
pub fn fmt_datetime_secs(at: &DateTime<Utc>) -> String {
    let t = at.with_timezone(&shanghai());
    format!("{}:{:02}", fmt_datetime(at), t.second())
}

const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

/// `星期日`: the day of the week of a date.
pub fn weekday_name(d: NaiveDate) -> &'static str {
    WEEKDAYS
        .get(d.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or_default()
}

/// `2026年5月3日 星期日`.
pub fn fmt_long_date(at: &DateTime<FixedOffset>) -> String {
    let wd = WEEKDAYS
        .get(at.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or_default();
    format!("{}年{}月{}日 {}", at.year(), at.month(), at.day(), wd)
}

/// `2026年5月`.
pub fn fmt_month(at: &DateTime<FixedOffset>) -> String {
    format!("{}年{}月", at.year(), at.month())
}

/// The hour of the day in Shanghai.
pub fn hour_shanghai(at: &DateTime<FixedOffset>) -> u32 {
    at.hour()
}

/// The instant a Shanghai calendar day starts, e.g. for `from` filters.
pub fn day_start_utc(date: NaiveDate) -> Option<DateTime<Utc>> {
    let local = date.and_hms_opt(0, 0, 0)?;
    shanghai()
        .from_local_datetime(&local)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

/// The instant after a Shanghai calendar day ends (exclusive `to` filters).
pub fn day_end_utc(date: NaiveDate) -> Option<DateTime<Utc>> {
    day_start_utc(date.succ_opt()?)
}

/// Parses the value of an `<input type="date">` (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An instant in Shanghai.
pub fn in_shanghai(at: &DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&shanghai())
}

/// `2026-05-03` in Shanghai.
pub fn fmt_date(at: &DateTime<Utc>) -> String {
    fmt_datetime(at)[..10].to_owned()
}

/// `YYYY-MM` of a Shanghai date.
pub fn period_of(at: &DateTime<FixedOffset>) -> String {
    format!("{:04}-{:02}", at.year(), at.month())
}

/// The value of an `<input type="datetime-local">` for an instant, in Shanghai.
pub fn fmt_input(at: &DateTime<Utc>) -> String {
    fmt_datetime(at).replacen(' ', "T", 1)
}

/// Reads an `<input type="datetime-local">` value (`YYYY-MM-DDTHH:MM`) as Shanghai time.
pub fn parse_input(s: &str) -> Option<DateTime<Utc>> {
    let (d, hm) = s.trim().split_once('T')?;
    let mut it = hm.splitn(3, ':');
    let h = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let local = parse_date(d)?.and_hms_opt(h, m, 0)?;
    shanghai()
        .from_local_datetime(&local)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_is_utc_plus_8() {
        let at = DateTime::parse_from_rfc3339("2026-01-31T16:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(fmt_datetime(&at), "2026-02-01 00:30");
        assert_eq!(fmt_datetime_secs(&at), "2026-02-01 00:30:00");
        assert_eq!(fmt_input(&at), "2026-02-01T00:30");
        assert_eq!(parse_input("2026-02-01T00:30"), Some(at));
        assert_eq!(fmt_date(&at), "2026-02-01");
        assert_eq!(parse_date("2026-13-01"), None);
        let d = parse_date("2026-02-01").unwrap();
        assert_eq!(
            day_start_utc(d).unwrap().to_rfc3339(),
            "2026-01-31T16:00:00+00:00"
        );
        assert_eq!(
            day_end_utc(d).unwrap().to_rfc3339(),
            "2026-02-01T16:00:00+00:00"
        );
    }
}
