//! The words and times the documents print: Chinese names of the API's enums (the web app's
//! vocabulary; the agenda categories in the full wording of Art. 5) and Beijing time.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};
use yanpan_types::*;

/// UTC+8, the time every document prints (China has no daylight saving time).
pub const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(o) => o,
    None => panic!("UTC+8 is a valid offset"),
};

/// The instant in Beijing time.
pub fn beijing(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&BEIJING)
}

/// `2026年12月29日`
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2026年12月29日 14:30` in Beijing time.
pub fn date_time_cn(t: DateTime<Utc>) -> String {
    let b = beijing(t);
    format!("{} {}", date_cn(b.date_naive()), b.format("%H:%M"))
}

/// `星期二`
pub fn weekday_cn(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// `2026年12月29日（星期二）14:30—16:30`; the end's date is repeated when it is another day.
pub fn span_cn(starts: DateTime<Utc>, ends: DateTime<Utc>) -> String {
    let (s, e) = (beijing(starts), beijing(ends));
    let day = s.date_naive();
    let end = if e.date_naive() == day {
        e.format("%H:%M").to_string()
    } else {
        date_time_cn(ends)
    };
    format!(
        "{}（{}）{}—{end}",
        date_cn(day),
        weekday_cn(day),
        s.format("%H:%M")
    )
}

pub fn kind_cn(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Regular => "例会（与二级督办联席会议合并召开）",
        MeetingKind::SpecialTopic => "专题分析研判会议",
        MeetingKind::Level1Supervision => "一级督办联席会议",
    }
}

pub fn trigger_cn(t: MeetingTrigger) -> &'static str {
    match t {
        MeetingTrigger::SensitivePeriod => "敏感时期",
        MeetingTrigger::MajorEvent => "重大活动",
        MeetingTrigger::HotIssue => "热点问题",
    }
}

/// The five categories of Art. 5, as the work system words them.
pub fn category_cn(c: AgendaCategory) -> &'static str {
    match c {
        AgendaCategory::RepeatedDemands => "多发、易发、重复发生的民生诉求和矛盾纠纷",
        AgendaCategory::PoorDisposal => "处置不力的联动处置事件",
        AgendaCategory::Satisfaction => "群众满意度评价及反映的突出问题",
        AgendaCategory::Suggestions => "工作建议及下阶段重点工作",
        AgendaCategory::Other => "其他事项",
    }
}

pub fn attendance_cn(a: Option<Attendance>) -> &'static str {
    match a {
        Some(Attendance::Present) => "出席",
        Some(Attendance::Absent) => "缺席",
        Some(Attendance::Excused) => "请假",
        None => "未登记",
    }
}

pub fn participant_role_cn(r: ParticipantRole) -> &'static str {
    match r {
        ParticipantRole::Convening => "召集单位",
        ParticipantRole::Invited => "参会单位",
    }
}

pub fn submission_state_cn(s: SubmissionState) -> &'static str {
    match s {
        SubmissionState::Submitted => "已报送",
        SubmissionState::Late => "逾期报送",
        SubmissionState::Missing => "未报送",
    }
}

pub fn escalation_status_cn(s: EscalationStatus) -> &'static str {
    match s {
        EscalationStatus::Pending => "待决定",
        EscalationStatus::Accepted => "已同意提请",
        EscalationStatus::Rejected => "未同意提请",
        EscalationStatus::Scheduled => "已列入一级督办联席会议",
        EscalationStatus::Resolved => "已办结",
    }
}

/// `一` … `十`, then digits (headings beyond ten are not expected).
pub fn ordinal_cn(n: usize) -> String {
    const DIGITS: [&str; 11] = [
        "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    match n {
        0..=10 => DIGITS[n].to_owned(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_print_in_beijing_time() {
        let t = Utc.with_ymd_and_hms(2026, 12, 29, 6, 30, 0).unwrap();
        assert_eq!(date_time_cn(t), "2026年12月29日 14:30");
        // 23:00 UTC is already the next day in Beijing.
        let late = Utc.with_ymd_and_hms(2026, 12, 28, 23, 0, 0).unwrap();
        assert_eq!(date_time_cn(late), "2026年12月29日 07:00");
        assert_eq!(
            span_cn(t, t + chrono::Duration::hours(2)),
            "2026年12月29日（星期二）14:30—16:30"
        );
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_cn(1), "一");
        assert_eq!(ordinal_cn(12), "十二");
        assert_eq!(ordinal_cn(20), "二十");
        assert_eq!(ordinal_cn(35), "三十五");
    }
}
