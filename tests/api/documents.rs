//! A meeting's printable and exportable documents, downloaded as the district's staff would:
//! the notice, the sign-in sheet and the minutes (Word), the tracker and the attendance (Excel),
//! the units' materials (ZIP); who may download which; how they are sent.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::Duration;
use reqwest::Method;
use uuid::Uuid;
use yanpan_client::Client;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::meetings::{Cast, cast, item, regular, run_until_it_may_conclude};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A regular meeting ten days ahead, convened by the party office, the cast's three streets
/// invited, with an item in two of the five categories.
pub async fn invited_meeting(c: &Cast) -> Uuid {
    let streets = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();
    let id = c
        .convener
        .create_meeting(&regular(
            "2026-11",
            Duration::days(10),
            streets,
            vec![c.party_office.id],
        ))
        .await
        .unwrap()
        .value
        .meeting
        .id;
    for (cat, title) in [
        (AgendaCategory::RepeatedDemands, "夜间施工噪音重复投诉"),
        (AgendaCategory::Satisfaction, "满意度评价"),
    ] {
        c.analyst
            .create_agenda_item(id, &item(cat, title))
            .await
            .unwrap();
    }
    id
}

fn entry(zip: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

/// The text of a Word file's body.
pub fn document_xml(docx: &[u8]) -> String {
    String::from_utf8(entry(docx, "word/document.xml")).unwrap()
}

/// A sheet's cells as text (Excel date-times as `YYYY-MM-DD hh:mm`).
pub fn cells(xlsx: Vec<u8>, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).unwrap();
    wb.worksheet_range(sheet)
        .unwrap()
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::DateTime(d) => d
                        .as_datetime()
                        .unwrap()
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn beijing(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
}

async fn unit_names(client: &Client, id: Uuid, role: ParticipantRole) -> Vec<String> {
    client
        .participants(id)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.role == role)
        .map(|p| p.unit_name)
        .collect()
}

#[tokio::test]
async fn the_notice_names_the_meeting_its_beijing_time_place_units_deadline_and_agenda() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let m = c.analyst.meeting(id).await.unwrap().value.meeting;

    let (docx, content_type) = c.analyst.export_notice(id).await.unwrap();

    assert_eq!(content_type.as_deref(), Some(DOCX_CONTENT_TYPE));
    let xml = document_xml(&docx);
    let starts = beijing(m.starts_at);
    let due = beijing(m.submission_due_at);
    for text in [
        format!("关于召开{}的通知", m.title),
        starts.format("%Y年%-m月%-d日").to_string(),
        starts.format("%H:%M").to_string(),
        m.place.clone(),
        m.chair.clone(),
        due.format("%Y年%-m月%-d日 %H:%M前").to_string(),
        "1. 夜间施工噪音重复投诉".into(),
        "群众满意度评价及反映的突出问题".into(),
        "区社会治理综合指挥服务中心".into(),
    ] {
        assert!(xml.contains(&text), "the notice lacks {text}");
    }
    for unit in unit_names(&c.analyst, id, ParticipantRole::Invited).await {
        assert!(xml.contains(&unit), "the notice lacks the invited {unit}");
    }
    assert!(xml.contains(&c.party_office.name));
}

#[tokio::test]
async fn every_document_comes_as_an_uncached_attachment_with_its_chinese_file_name() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let title = c.analyst.meeting(id).await.unwrap().value.meeting.title;

    for doc in MeetingExport::ALL {
        let res = c
            .analyst
            .request(Method::GET, &doc.path(id))
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{doc:?}");
        let header = |name: &str| {
            res.headers()
                .get(name)
                .unwrap_or_else(|| panic!("{doc:?} lacks {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(header("content-type"), doc.content_type());
        assert_eq!(header("cache-control"), "no-store");
        // Zip packages already: not compressed again.
        assert_eq!(header("content-encoding"), "identity");
        let disposition = header("content-disposition");
        let encoded: String = doc
            .file_name(&title)
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        assert_eq!(
            disposition,
            format!(
                "attachment; filename=\"{}\"; filename*=UTF-8''{encoded}",
                doc.ascii_file_name(id)
            )
        );
        let bytes = res.bytes().await.unwrap();
        assert!(
            bytes.starts_with(b"PK\x03\x04"),
            "{doc:?} is no zip package"
        );
    }
}

#[tokio::test]
async fn the_sign_in_sheet_has_a_row_for_every_participating_unit() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;

    let (docx, _) = c.convener.export_sign_in_sheet(id).await.unwrap();

    let xml = document_xml(&docx);
    let participants = c.convener.participants(id).await.unwrap();
    assert_eq!(participants.len(), 4);
    for p in &participants {
        assert!(xml.contains(&p.unit_name), "no row for {}", p.unit_name);
    }
    for head in ["序号", "单位", "参会人员", "职务", "签名"] {
        assert!(xml.contains(head), "no column {head}");
    }
    assert_eq!(xml.matches("<w:tr>").count(), 1 + participants.len());
}

#[tokio::test]
async fn the_minutes_of_a_concluded_meeting_name_every_adopted_conclusion_and_no_draft() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let first = run_until_it_may_conclude(&c, id).await;
    let units: Vec<Uuid> = c.reps.iter().map(|(_, u)| u.unit_id.unwrap()).collect();
    // Attendance: one street present, one excused with its reason, one absent.
    for (unit, attendance, reason) in [
        (units[0], Attendance::Present, None),
        (units[1], Attendance::Excused, Some("防汛值班")),
        (units[2], Attendance::Absent, None),
    ] {
        let p = c
            .analyst
            .participants(id)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.unit_id == unit)
            .unwrap();
        let body = RecordAttendance {
            attendance,
            reason: reason.map(str::to_owned),
            attendees: vec!["李明".into()],
        };
        c.analyst
            .record_attendance(id, unit, &format!("\"{}\"", p.version), &body)
            .await
            .unwrap();
    }
    let second = c
        .analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "夜间施工噪音由属地街道牵头整治".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![NewRecommendation {
                    measure: "建立夜间施工联合巡查机制".into(),
                    responsible_unit_id: units[0],
                    deadline: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                }],
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(second.id).await.unwrap();
    c.analyst
        .create_conclusion(
            id,
            &CreateConclusion {
                text: "尚未通过的草稿结论".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: vec![],
            },
        )
        .await
        .unwrap();
    let draft = minutes_xml(&c.analyst, id).await;
    assert!(
        draft.contains("未定稿"),
        "an unfinished meeting's minutes are a draft"
    );
    c.convener
        .transition(id, MeetingStatus::Concluded, None)
        .await
        .unwrap();

    let xml = minutes_xml(&c.analyst, id).await;

    let m = c.analyst.meeting(id).await.unwrap().value.meeting;
    let participants = c.analyst.participants(id).await.unwrap();
    let name = |u: Uuid| {
        participants
            .iter()
            .find(|p| p.unit_id == u)
            .unwrap()
            .unit_name
            .clone()
    };
    let adopted: Vec<Conclusion> = c
        .analyst
        .conclusions(id)
        .await
        .unwrap()
        .into_iter()
        .filter(|x| x.status == ConclusionStatus::Adopted)
        .collect();
    assert_eq!(
        adopted.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![first, second.id]
    );
    for con in &adopted {
        assert!(xml.contains(&con.text), "the minutes lack “{}”", con.text);
    }
    for text in [
        format!("{}纪要", m.title),
        m.minutes.clone().unwrap(),
        format!("{}（李明）", name(units[0])),
        format!("{}（防汛值班）", name(units[1])),
        format!(
            "建立夜间施工联合巡查机制（责任单位：{}；完成时限：2026年12月31日）",
            name(units[0])
        ),
        "本次会议无提请一级督办联席会议的事项".into(),
    ] {
        assert!(xml.contains(&text), "the minutes lack {text}");
    }
    assert!(xml.contains(&name(units[2])));
    assert!(!xml.contains("尚未通过的草稿结论"));
    assert!(!xml.contains("未定稿"));
}

/// The minutes' `word/document.xml`.
async fn minutes_xml(client: &Client, id: Uuid) -> String {
    document_xml(&client.export_minutes(id).await.unwrap().0)
}

#[tokio::test]
async fn the_tracker_sheet_says_in_chinese_and_beijing_time_what_the_tracker_says() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let (rep, _) = &c.reps[0];
    for opinion in ["本月噪音投诉集中在夜间", "补充：涉及三个工地"] {
        rep.submit(
            id,
            &CreateSubmission {
                opinion: opinion.into(),
                attachment_ids: vec![],
            },
        )
        .await
        .unwrap();
    }
    let tracker = c.analyst.submission_tracker(id).await.unwrap();

    let (xlsx, content_type) = c.analyst.export_submission_tracker(id).await.unwrap();

    assert_eq!(content_type.as_deref(), Some(XLSX_CONTENT_TYPE));
    let rows = cells(xlsx, "报送情况");
    assert_eq!(
        rows[1],
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
    let data = &rows[2..];
    assert_eq!(data.len(), tracker.len());
    assert_eq!(tracker.len(), 3, "one row per invited unit");
    let minute = |t| beijing(t).format("%Y-%m-%d %H:%M").to_string();
    for (row, t) in data.iter().zip(&tracker) {
        let state = match t.state {
            SubmissionState::Submitted => "已报送",
            SubmissionState::Late => "逾期报送",
            SubmissionState::Missing => "未报送",
        };
        assert_eq!(row[1], t.unit_name);
        assert_eq!(row[2], state);
        assert_eq!(row[3], minute(t.due_at));
        assert_eq!(row[4], t.submitted_at.map(minute).unwrap_or_default());
        assert_eq!(row[5], t.versions.to_string());
        assert_eq!(row[6], t.unit_id.to_string());
        assert_eq!(
            row[7],
            t.latest_submission_id
                .map(|s| s.to_string())
                .unwrap_or_default()
        );
    }
    assert_eq!(
        data.iter().filter(|r| r[2] == "已报送").count(),
        1,
        "{data:?}"
    );
}

#[tokio::test]
async fn a_unit_representative_cannot_download_the_tracker() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let (rep, _) = &c.reps[0];

    let e = rep.export_submission_tracker(id).await.unwrap_err();
    assert_eq!(e.status(), Some(403));
    let e = app
        .anonymous()
        .export_submission_tracker(id)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(401));
    // The inspector oversees; the integration account reads.
    let (inspector, _) = app.sign_in(Role::Inspector).await;
    inspector.export_submission_tracker(id).await.unwrap();
    app.integration()
        .await
        .export_submission_tracker(id)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_unit_that_does_not_take_part_cannot_download_the_meetings_documents() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let (outsider, _) = app.sign_in(Role::UnitRep).await;
    let (invited, _) = &c.reps[1];

    for doc in MeetingExport::ALL {
        let e = outsider
            .run(yanpan_client::ops::export_meeting_document(id, *doc))
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(403), "{doc:?}");
        let e = c
            .analyst
            .run(yanpan_client::ops::export_meeting_document(
                Uuid::now_v7(),
                *doc,
            ))
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(404), "{doc:?} of no meeting");
    }
    // An invited unit reads all but the tracker.
    invited.export_notice(id).await.unwrap();
    invited.export_sign_in_sheet(id).await.unwrap();
    invited.export_minutes(id).await.unwrap();
    invited.export_attendance(id).await.unwrap();
    invited.export_materials(id).await.unwrap();
}

#[tokio::test]
async fn the_attendance_sheet_gives_each_units_attendance_in_chinese_with_its_reason() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    crate::meetings::start(&c.analyst, &c.convener, id).await;
    let unit = c.reps[1].1.unit_id.unwrap();
    let p = c
        .analyst
        .participants(id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.unit_id == unit)
        .unwrap();
    let body = RecordAttendance {
        attendance: Attendance::Excused,
        reason: Some("参加市里防汛会议".into()),
        attendees: vec![],
    };
    c.analyst
        .record_attendance(id, unit, &format!("\"{}\"", p.version), &body)
        .await
        .unwrap();

    let (xlsx, _) = c.convener.export_attendance(id).await.unwrap();

    let rows = cells(xlsx, "出席情况");
    assert_eq!(
        rows[1],
        ["序号", "单位名称", "身份", "出席情况", "出席人员", "说明"]
    );
    let data = &rows[2..];
    assert_eq!(data.len(), 4, "one row per participating unit");
    let excused = data.iter().find(|r| r[1] == p.unit_name).unwrap();
    assert_eq!(excused[2..], ["参会单位", "请假", "", "参加市里防汛会议"]);
    let office = data.iter().find(|r| r[1] == c.party_office.name).unwrap();
    assert_eq!(office[2..4], ["召集单位", "未登记"]);
}

/// Each street uploads a file and submits twice; returns (unit name, file name, bytes, last
/// opinion) per street.
async fn submit_materials(c: &Cast, id: Uuid) -> Vec<(String, String, Vec<u8>, String)> {
    let names = c.analyst.participants(id).await.unwrap();
    let mut out = Vec::new();
    for (i, (rep, user)) in c.reps.iter().enumerate() {
        let (filename, content_type, data) = if i == 0 {
            ("清波街道研判意见.pdf", "application/pdf", PDF.to_vec())
        } else {
            (
                "情况说明.txt",
                "text/plain",
                format!("第{i}个街道的情况说明").into_bytes(),
            )
        };
        let file = rep
            .upload(id, filename, content_type, data.clone())
            .await
            .unwrap();
        let mut last = String::new();
        for version in 1..=2 {
            last = format!("第{i}个街道的研判意见，第{version}稿");
            rep.submit(
                id,
                &CreateSubmission {
                    opinion: last.clone(),
                    attachment_ids: vec![file.id],
                },
            )
            .await
            .unwrap();
        }
        let unit = names
            .iter()
            .find(|p| Some(p.unit_id) == user.unit_id)
            .unwrap()
            .unit_name
            .clone();
        out.push((unit, filename.to_owned(), data, last));
    }
    out
}

#[tokio::test]
async fn the_materials_zip_holds_each_units_attachment_with_the_same_bytes() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let submitted = submit_materials(&c, id).await;

    let (zip_bytes, content_type) = c.convener.export_materials(id).await.unwrap();

    assert_eq!(content_type.as_deref(), Some(ZIP_CONTENT_TYPE));
    let names: Vec<String> = zip::ZipArchive::new(Cursor::new(zip_bytes.clone()))
        .unwrap()
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert_eq!(names.len(), 1 + 2 * submitted.len(), "{names:?}");
    assert!(names.contains(&"目录.txt".to_owned()));
    for (unit, filename, data, opinion) in &submitted {
        assert_eq!(
            &entry(&zip_bytes, &format!("{unit}/{filename}")),
            data,
            "{unit}'s {filename}"
        );
        let text =
            String::from_utf8(entry(&zip_bytes, &format!("{unit}/研判意见（第2版）.txt"))).unwrap();
        assert!(text.contains(opinion), "{unit}'s latest opinion: {text}");
        assert!(!text.contains("第1稿"), "only the latest version");
    }
}

#[tokio::test]
async fn a_unit_representative_gets_only_its_own_units_materials() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = invited_meeting(&c).await;
    let submitted = submit_materials(&c, id).await;
    let (rep, _) = &c.reps[1];

    let (zip_bytes, _) = rep.export_materials(id).await.unwrap();

    let names: Vec<String> = zip::ZipArchive::new(Cursor::new(zip_bytes))
        .unwrap()
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    let own = &submitted[1].0;
    assert!(
        names
            .iter()
            .all(|n| n == "目录.txt" || n.starts_with(&format!("{own}/"))),
        "{names:?}"
    );
    assert!(names.contains(&format!("{own}/{}", submitted[1].1)));
}
