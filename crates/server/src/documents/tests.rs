//! The documents read back: the DOCX's `word/document.xml`, the XLSX through calamine, the ZIP's
//! entries and flags.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;
use yanpan_types::*;

use super::archive::{INDEX_NAME, MaterialsZip, UnitSubmission};
use super::*;

const UNITS: [&str; 3] = ["清波街道", "湖滨街道", "区城管局"];

fn participant(name: &str, role: ParticipantRole, attendance: Option<Attendance>) -> Participant {
    Participant {
        unit_id: Uuid::now_v7(),
        unit_name: name.into(),
        role,
        attendance,
        attendance_reason: (attendance == Some(Attendance::Excused)).then(|| "防汛值班".into()),
        attendees: if attendance == Some(Attendance::Present) {
            vec!["李明".into()]
        } else {
            vec![]
        },
        version: 1,
    }
}

fn item(category: AgendaCategory, title: &str, escalate: Option<bool>) -> AgendaItem {
    let t = Utc::now();
    AgendaItem {
        platform_ref: None,
        id: Uuid::now_v7(),
        meeting_id: Uuid::nil(),
        category,
        title: title.into(),
        summary: String::new(),
        evidence: Evidence::default(),
        causes: None,
        weak_links: None,
        remedies: None,
        presenting_unit_id: None,
        presenting_unit_name: None,
        position: 1,
        escalate,
        escalation_reason: escalate.map(|_| "已整改到位".into()),
        escalation: None,
        source_escalation_id: None,
        version: 1,
        created_at: t,
        updated_at: t,
    }
}

fn papers() -> MeetingPapers {
    // 14:30 Beijing time on 29 December 2026.
    let starts = Utc.with_ymd_and_hms(2026, 12, 29, 6, 30, 0).unwrap();
    let meeting = Meeting {
        platform_ref: None,
        id: Uuid::now_v7(),
        kind: MeetingKind::Regular,
        title: "2026年12月平安365动态分析研判例会".into(),
        status: MeetingStatus::Concluded,
        period: Some("2026-12".into()),
        trigger: None,
        trigger_reason: None,
        starts_at: starts,
        ends_at: starts + Duration::hours(2),
        place: "区联动指挥中心三楼会议室".into(),
        chair: "区委副书记".into(),
        submission_due_at: starts - Duration::days(3),
        preliminary_analysis: Some("总体平稳".into()),
        main_reporter: Some("联动中心陈主任".into()),
        minutes: Some("会议听取了汇报。\n\n会议讨论了五类议题。".into()),
        cancel_reason: None,
        early_start_reason: None,
        concluded_at: Some(starts + Duration::hours(2)),
        version: 3,
        created_at: starts,
        updated_at: starts,
    };
    let mut participants = vec![participant("区委办", ParticipantRole::Convening, None)];
    participants.push(participant(
        UNITS[0],
        ParticipantRole::Invited,
        Some(Attendance::Present),
    ));
    participants.push(participant(
        UNITS[1],
        ParticipantRole::Invited,
        Some(Attendance::Excused),
    ));
    participants.push(participant(
        UNITS[2],
        ParticipantRole::Invited,
        Some(Attendance::Absent),
    ));
    let noise = item(
        AgendaCategory::RepeatedDemands,
        "夜间施工噪音重复投诉",
        None,
    );
    let poor = item(
        AgendaCategory::PoorDisposal,
        "某小区违建处置不力",
        Some(false),
    );
    let responsible = participants[1].unit_id;
    let conclusion = Conclusion {
        id: Uuid::now_v7(),
        meeting_id: meeting.id,
        agenda_item_id: Some(noise.id),
        text: "夜间施工噪音由清波街道牵头整治".into(),
        status: ConclusionStatus::Adopted,
        recommendations: vec![Recommendation {
            id: Uuid::now_v7(),
            measure: "建立夜间施工联合巡查机制".into(),
            responsible_unit_id: responsible,
            responsible_unit_name: UNITS[0].to_owned(),
            deadline: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        }],
        supersedes_id: None,
        superseded_by_id: None,
        adopted_by: None,
        adopted_by_name: None,
        adopted_at: Some(starts),
        version: 2,
        created_at: starts,
        updated_at: starts,
    };
    let escalation = Escalation {
        id: Uuid::now_v7(),
        meeting_id: meeting.id,
        meeting_title: meeting.title.clone(),
        agenda_item_id: Some(poor.id),
        conclusion_id: None,
        title: "望江街道群租房消防隐患".into(),
        reason: "多次交办仍未整改".into(),
        status: EscalationStatus::Accepted,
        decision_note: Some("同意提请".into()),
        decided_by: None,
        decided_by_name: None,
        decided_at: None,
        level1_meeting_id: None,
        level1_item_id: None,
        outcome: None,
        resolved_at: None,
        raised_by: Uuid::nil(),
        raised_by_name: "区联动指挥中心分析室".into(),
        version: 1,
        created_at: starts,
        updated_at: starts,
    };
    MeetingPapers {
        meeting,
        agenda: vec![noise, poor],
        participants,
        conclusions: vec![conclusion],
        escalations: vec![escalation],
        unit_names: HashMap::from([(responsible, UNITS[0].to_owned())]),
        issued_on: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
    }
}

fn entry(zip_bytes: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

fn document_xml(docx: &[u8]) -> String {
    String::from_utf8(entry(docx, "word/document.xml")).unwrap()
}

#[test]
fn the_notice_is_an_a4_official_document_naming_time_place_units_and_every_category() {
    let p = papers();
    let docx = docx::notice(&p).unwrap();
    assert!(docx.starts_with(b"PK\x03\x04"));
    let xml = document_xml(&docx);
    for text in [
        "关于召开2026年12月平安365动态分析研判例会的通知",
        "2026年12月29日（星期二）14:30—16:30",
        "区联动指挥中心三楼会议室",
        "区委副书记",
        "区委办",
        "清波街道、湖滨街道、区城管局",
        "2026年12月26日 14:30前",
        "联动中心陈主任",
        "1. 夜间施工噪音重复投诉",
        docx::ISSUER,
        "2026年12月20日",
    ] {
        assert!(xml.contains(text), "the notice lacks {text}");
    }
    for cat in AgendaCategory::ALL {
        assert!(xml.contains(labels::category_cn(*cat)), "{cat}");
    }
    // A4, margins 37/35/28/26 mm; 方正小标宋简体 二号 title, 仿宋_GB2312 三号 body.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{xml}");
    assert!(xml.contains(r#"w:top="2097""#) && xml.contains(r#"w:bottom="1984""#));
    assert!(xml.contains(r#"w:left="1587""#) && xml.contains(r#"w:right="1474""#));
    assert!(xml.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(xml.contains(r#"<w:sz w:val="44""#));
    assert!(xml.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert!(xml.contains(r#"<w:sz w:val="32""#));
    let fonts = String::from_utf8(entry(&docx, "word/fontTable.xml")).unwrap();
    assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#));
}

#[test]
fn a_special_topic_notice_says_why_it_is_called() {
    let mut p = papers();
    p.meeting.kind = MeetingKind::SpecialTopic;
    p.meeting.trigger = Some(MeetingTrigger::HotIssue);
    p.meeting.trigger_reason = Some("外卖电动车充电引发火情".into());
    let xml = document_xml(&docx::notice(&p).unwrap());
    assert!(xml.contains("专题分析研判会议"));
    assert!(xml.contains("热点问题：外卖电动车充电引发火情"));
}

#[test]
fn the_sign_in_sheet_has_a_row_per_unit_with_blank_signature_cells() {
    let p = papers();
    let xml = document_xml(&docx::sign_in_sheet(&p).unwrap());
    assert!(xml.contains("2026年12月平安365动态分析研判例会") && xml.contains(">签到表<"));
    assert!(xml.contains("区联动指挥中心三楼会议室"));
    for h in ["序号", "单位", "参会人员", "职务", "签名"] {
        assert!(xml.contains(h), "{h}");
    }
    for p in &p.participants {
        assert!(xml.contains(&p.unit_name), "{}", p.unit_name);
    }
    // A header row and one row per participating unit.
    assert_eq!(xml.matches("<w:tr>").count(), 1 + p.participants.len());
}

#[test]
fn the_minutes_name_attendance_conclusions_recommendations_and_escalations() {
    let p = papers();
    let xml = document_xml(&docx::minutes(&p).unwrap());
    for text in [
        "2026年12月平安365动态分析研判例会纪要",
        "清波街道（李明）",
        "湖滨街道（防汛值班）",
        "区城管局",
        "会议听取了汇报。",
        "会议讨论了五类议题。",
        "关于“夜间施工噪音重复投诉”",
        "夜间施工噪音由清波街道牵头整治",
        "建立夜间施工联合巡查机制（责任单位：清波街道；完成时限：2027年1月31日）",
        "望江街道群租房消防隐患",
        "已同意提请（同意提请）",
        "经研判不提请一级督办：某小区违建处置不力（理由：已整改到位）",
        // Dated the day it concluded.
        "2026年12月29日",
    ] {
        assert!(xml.contains(text), "the minutes lack {text}");
    }
    assert!(!xml.contains("未定稿"));
    let mut draft = p.clone();
    draft.meeting.status = MeetingStatus::InProgress;
    assert!(document_xml(&docx::minutes(&draft).unwrap()).contains("未定稿"));
}

fn sheet(bytes: Vec<u8>, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::DateTime(d) => d
                        .as_datetime()
                        .unwrap()
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_tracker_sheet_has_chinese_headers_states_and_beijing_times() {
    let due = Utc.with_ymd_and_hms(2026, 12, 26, 10, 0, 0).unwrap();
    let rows: Vec<SubmissionTrackerRow> = [
        (
            UNITS[0],
            SubmissionState::Submitted,
            Some(due - Duration::hours(30)),
            2,
        ),
        (
            UNITS[1],
            SubmissionState::Late,
            Some(due + Duration::hours(1)),
            1,
        ),
        (UNITS[2], SubmissionState::Missing, None, 0),
    ]
    .into_iter()
    .map(|(name, state, at, versions)| SubmissionTrackerRow {
        unit_id: Uuid::now_v7(),
        unit_name: name.into(),
        state,
        due_at: due,
        latest_submission_id: at.map(|_| Uuid::now_v7()),
        submitted_at: at,
        versions,
    })
    .collect();
    let cells = sheet(
        xlsx::submission_tracker("十二月例会", &rows).unwrap(),
        "报送情况",
    );
    assert_eq!(cells[0][0], "十二月例会研判意见报送情况");
    assert_eq!(
        cells[xlsx::HEADER_ROW as usize],
        [
            "序号",
            "单位名称",
            "报送状态",
            "截止时间",
            "最新报送时间",
            "报送版本数",
            "单位编号",
            "最新报送编号"
        ]
    );
    let data = &cells[2..];
    assert_eq!(data.len(), 3);
    assert_eq!(
        data[0][..6],
        [
            "1",
            "清波街道",
            "已报送",
            "2026-12-26 18:00",
            "2026-12-25 12:00",
            "2"
        ]
    );
    assert_eq!(data[1][2], "逾期报送");
    assert_eq!((data[2][2].as_str(), data[2][4].as_str()), ("未报送", ""));
    assert_eq!(data[2][6], rows[2].unit_id.to_string());
}

#[test]
fn the_attendance_sheet_says_attendance_in_chinese_with_reasons() {
    let p = papers();
    let cells = sheet(
        xlsx::attendance(&p.meeting.title, &p.participants).unwrap(),
        "出席情况",
    );
    let data = &cells[2..];
    assert_eq!(data.len(), 4);
    let row = |name: &str| data.iter().find(|r| r[1] == name).unwrap().clone();
    assert_eq!(row("区委办")[2..4], ["召集单位", "未登记"]);
    assert_eq!(row("清波街道")[3..5], ["出席", "李明"]);
    assert_eq!(row("湖滨街道")[3..6], ["请假", "", "防汛值班"]);
    assert_eq!(row("区城管局")[3], "缺席");
}

#[test]
fn the_materials_zip_has_a_utf8_folder_per_unit_with_its_opinion_and_files() {
    let at = Utc.with_ymd_and_hms(2026, 12, 20, 2, 0, 0).unwrap();
    let mut z = MaterialsZip::new("十二月例会");
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    for (unit, opinion) in [(UNITS[0], "噪音投诉集中在夜间"), ("清/波", "同名")] {
        let f = z
            .add_unit(&UnitSubmission {
                unit_name: unit,
                version_no: 2,
                opinion,
                submitted_at: at,
                late: false,
            })
            .unwrap();
        // The same name twice in a folder: the second becomes `研判意见 (2).pdf`.
        for _ in 0..2 {
            z.add_file(&f, "研判意见.pdf", "application/pdf", &pdf, at, "ab12")
                .unwrap();
        }
    }
    let bytes = z.finish(at).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "清_波/研判意见 (2).pdf",
            "清_波/研判意见.pdf",
            "清_波/研判意见（第2版）.txt",
            "清波街道/研判意见 (2).pdf",
            "清波街道/研判意见.pdf",
            "清波街道/研判意见（第2版）.txt",
            INDEX_NAME,
        ]
    );
    assert_eq!(entry(&bytes, "清波街道/研判意见.pdf"), pdf);
    let text = String::from_utf8(entry(&bytes, "清波街道/研判意见（第2版）.txt")).unwrap();
    assert!(text.contains("噪音投诉集中在夜间") && text.contains("2026年12月20日 10:00"));
    // Bit 11 of the general purpose flags: the names are UTF-8.
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).unwrap();
        let offset = f.header_start() as usize;
        let flags = u16::from_le_bytes([bytes[offset + 6], bytes[offset + 7]]);
        assert!(flags & 0x0800 != 0, "{:?} lacks the UTF-8 flag", f.name());
    }
}
