//! The spreadsheets of a meeting: a title row, a header row of Chinese column names, a row per
//! unit; states in Chinese, times as Beijing date-times; A4 landscape, the header repeated on
//! every printed page.

use chrono::{DateTime, Datelike, Timelike, Utc};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use yanpan_types::*;

use super::labels::*;

/// Row 0 is the title, row 1 the header: data starts at row 2.
pub const HEADER_ROW: u32 = 1;

pub(crate) struct Styles {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub time: Format,
}

pub(crate) fn styles() -> Styles {
    let base = Format::new()
        .set_font_name("宋体")
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    Styles {
        title: Format::new()
            .set_font_name("宋体")
            .set_font_size(16)
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        header: base
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xD9D9D9),
        time: base.clone().set_num_format("yyyy-mm-dd hh:mm"),
        text: base,
    }
}

/// A Beijing wall-clock time as Excel keeps it (no zone).
fn excel_time(t: DateTime<Utc>) -> Result<ExcelDateTime, XlsxError> {
    let b = beijing(t);
    ExcelDateTime::from_ymd(b.year() as u16, b.month() as u8, b.day() as u8)?.and_hms(
        b.hour() as u16,
        b.minute() as u8,
        b.second(),
    )
}

/// Title, header, widths, print set-up; the caller writes the rows.
pub(crate) fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    title: &str,
    columns: &[(&str, f64)],
    s: &Styles,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let last = (columns.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last, title, &s.title)?;
    ws.set_row_height(0, 30)?;
    for (i, (head, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *head, &s.header)?;
        ws.set_column_width(i as u16, *width)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_repeat_rows(0, HEADER_ROW)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(ws)
}

pub(crate) fn finish(mut wb: Workbook) -> anyhow::Result<Vec<u8>> {
    Ok(wb.save_to_buffer()?)
}

/// 研判意见报送情况: the tracker's columns, one row per invited unit.
pub fn submission_tracker(
    meeting_title: &str,
    rows: &[SubmissionTrackerRow],
) -> anyhow::Result<Vec<u8>> {
    let s = styles();
    let mut wb = Workbook::new();
    let columns = [
        ("序号", 6.0),
        ("单位名称", 28.0),
        ("报送状态", 12.0),
        ("截止时间", 18.0),
        ("最新报送时间", 18.0),
        ("报送版本数", 11.0),
        ("单位编号", 38.0),
        ("最新报送编号", 38.0),
    ];
    let ws = sheet(
        &mut wb,
        "报送情况",
        &format!("{}研判意见报送情况", meeting_title),
        &columns,
        &s,
    )?;
    for (i, r) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &s.text)?;
        ws.write_string_with_format(row, 1, &r.unit_name, &s.text)?;
        ws.write_string_with_format(row, 2, submission_state_cn(r.state), &s.text)?;
        ws.write_datetime_with_format(row, 3, excel_time(r.due_at)?, &s.time)?;
        match r.submitted_at {
            Some(t) => ws.write_datetime_with_format(row, 4, excel_time(t)?, &s.time)?,
            None => ws.write_blank(row, 4, &s.text)?,
        };
        ws.write_number_with_format(row, 5, r.versions as f64, &s.text)?;
        ws.write_string_with_format(row, 6, r.unit_id.to_string(), &s.text)?;
        match r.latest_submission_id {
            Some(id) => ws.write_string_with_format(row, 7, id.to_string(), &s.text)?,
            None => ws.write_blank(row, 7, &s.text)?,
        };
    }
    if !rows.is_empty() {
        ws.autofilter(
            HEADER_ROW,
            0,
            HEADER_ROW + rows.len() as u32,
            (columns.len() - 1) as u16,
        )?;
    }
    finish(wb)
}

/// 出席情况: one row per participating unit, its part, its attendance, who came, the reason.
pub fn attendance(meeting_title: &str, participants: &[Participant]) -> anyhow::Result<Vec<u8>> {
    let s = styles();
    let mut wb = Workbook::new();
    let columns = [
        ("序号", 6.0),
        ("单位名称", 28.0),
        ("身份", 10.0),
        ("出席情况", 10.0),
        ("出席人员", 24.0),
        ("说明", 36.0),
    ];
    let ws = sheet(
        &mut wb,
        "出席情况",
        &format!("{}出席情况", meeting_title),
        &columns,
        &s,
    )?;
    for (i, p) in participants.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &s.text)?;
        ws.write_string_with_format(row, 1, &p.unit_name, &s.text)?;
        ws.write_string_with_format(row, 2, participant_role_cn(p.role), &s.text)?;
        ws.write_string_with_format(row, 3, attendance_cn(p.attendance), &s.text)?;
        ws.write_string_with_format(row, 4, p.attendees.join("、"), &s.text)?;
        ws.write_string_with_format(
            row,
            5,
            p.attendance_reason.as_deref().unwrap_or_default(),
            &s.text,
        )?;
    }
    finish(wb)
}
