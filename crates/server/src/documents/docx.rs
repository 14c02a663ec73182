//! The Word documents of a meeting, laid out as Chinese official documents (after GB/T 9704):
//! A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in 方正小标宋简体
//! (falling back to 宋体) 二号, the body in 仿宋_GB2312 三号, first-level headings in 黑体,
//! second-level ones in 楷体_GB2312, the page number centred at the foot as `— 1 —`.

use std::io::Cursor;

use anyhow::Context;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, HeightRule, LineSpacing, LineSpacingType,
    PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, Run, RunFonts,
    SpecialIndentType, Table, TableAlignmentType, TableCell, TableLayoutType, TableRow, VAlignType,
    WidthType,
};
use yanpan_types::*;

use super::MeetingPapers;
use super::labels::*;

/// The unit that issues the documents.
pub const ISSUER: &str = "区社会治理综合指挥服务中心";

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";
const LATIN_FONT: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const TABLE_SIZE: usize = 28;

/// Twips (1/20 pt; 1 mm ≈ 56.7 twips).
const fn mm(v: i32) -> i32 {
    v * 1440 * 10 / 254
}
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
const TOP: i32 = mm(37);
const BOTTOM: i32 = mm(35);
const LEFT: i32 = mm(28);
const RIGHT: i32 = mm(26);
/// The type area's width: 156 mm.
const TEXT_WIDTH: usize = (A4_WIDTH as i32 - LEFT - RIGHT) as usize;
/// 28 pt lines: 22 lines of 三号 text a page, as the standard asks.
const LINE: i32 = 560;
/// Two characters of 三号 text.
const TWO_CHARS: i32 = 640;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn exact_lines(p: Paragraph) -> Paragraph {
    p.line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(LINE),
    )
}

/// The document's title, centred, with a blank line after it; `\n` starts a new line.
fn title(text: &str) -> Paragraph {
    let mut p = Paragraph::new().align(AlignmentType::Center);
    for (i, line) in text.split('\n').enumerate() {
        let r = Run::new().fonts(fonts(TITLE_FONT)).size(TITLE_SIZE);
        let r = if i > 0 {
            r.add_break(BreakType::TextWrapping)
        } else {
            r
        };
        p = p.add_run(r.add_text(line));
    }
    p.line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(700)
            .after(LINE as u32),
    )
}

/// A line under the title (e.g. 未定稿), centred, in 楷体.
fn subtitle(text: &str) -> Paragraph {
    exact_lines(Paragraph::new().align(AlignmentType::Center)).add_run(run(
        text,
        SUBHEADING_FONT,
        BODY_SIZE,
    ))
}

/// A body paragraph: first line indented by two characters, justified.
fn body(text: &str) -> Paragraph {
    exact_lines(Paragraph::new().align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(TWO_CHARS)),
        None,
        None,
    ))
    .add_run(run(text, BODY_FONT, BODY_SIZE))
}

/// A body paragraph that starts with a label in 黑体 (`时间：`).
fn labelled(label: &str, text: &str) -> Paragraph {
    exact_lines(Paragraph::new().align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(TWO_CHARS)),
        None,
        None,
    ))
    .add_run(run(label, HEADING_FONT, BODY_SIZE))
    .add_run(run(text, BODY_FONT, BODY_SIZE))
}

/// Every line of a multi-line text as a body paragraph (blank lines dropped).
fn paragraphs(text: &str) -> Vec<Paragraph> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(body)
        .collect()
}

/// `一、会议时间` in 黑体.
fn heading(n: usize, text: &str) -> Paragraph {
    exact_lines(Paragraph::new().indent(
        None,
        Some(SpecialIndentType::FirstLine(TWO_CHARS)),
        None,
        None,
    ))
    .add_run(run(
        &format!("{}、{text}", ordinal_cn(n)),
        HEADING_FONT,
        BODY_SIZE,
    ))
}

/// `（一）…` in 楷体.
fn subheading(n: usize, text: &str) -> Paragraph {
    exact_lines(Paragraph::new().align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(TWO_CHARS)),
        None,
        None,
    ))
    .add_run(run(
        &format!("（{}）{text}", ordinal_cn(n)),
        SUBHEADING_FONT,
        BODY_SIZE,
    ))
}

/// A line flush left (the addressee: `各参会单位：`).
fn flush_left(text: &str) -> Paragraph {
    exact_lines(Paragraph::new()).add_run(run(text, BODY_FONT, BODY_SIZE))
}

fn blank() -> Paragraph {
    exact_lines(Paragraph::new())
}

/// The issuing unit and the date, right-aligned with four characters to spare.
fn signature(on: chrono::NaiveDate) -> Vec<Paragraph> {
    let right = |text: &str| {
        exact_lines(Paragraph::new().align(AlignmentType::Right).indent(
            None,
            None,
            Some(TWO_CHARS * 2),
            None,
        ))
        .add_run(run(text, BODY_FONT, BODY_SIZE))
    };
    vec![blank(), blank(), right(ISSUER), right(&date_cn(on))]
}

/// An empty A4 document with the official margins, fonts and page number.
fn page() -> Docx {
    let number = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run("— ", LATIN_FONT, TABLE_SIZE))
        .add_page_num(PageNum::new())
        .add_run(run(" —", LATIN_FONT, TABLE_SIZE));
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(PageMargin {
            top: TOP,
            bottom: BOTTOM,
            left: LEFT,
            right: RIGHT,
            header: mm(15),
            footer: mm(18),
            gutter: 0,
        })
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .footer(Footer::new().add_paragraph(number))
}

/// The fonts the document names, each with the font Word substitutes when it is not installed
/// (方正小标宋简体 → 宋体, the GB2312 faces → their GBK successors).
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="楷体"><w:altName w:val="KaiTi"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"</w:fonts>"#,
);

fn pack(doc: Docx) -> anyhow::Result<Vec<u8>> {
    let mut parts = doc.build();
    parts.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut out = Cursor::new(Vec::new());
    parts.pack(&mut out).context("packing a DOCX")?;
    Ok(out.into_inner())
}

fn unit_list(names: &[&str]) -> String {
    if names.is_empty() {
        "无".into()
    } else {
        names.join("、")
    }
}

fn units_with(p: &MeetingPapers, role: ParticipantRole) -> Vec<&str> {
    p.participants
        .iter()
        .filter(|x| x.role == role)
        .map(|x| x.unit_name.as_str())
        .collect()
}

/// 会议通知: what, when, where, who chairs, who takes part, when submissions are due, the agenda
/// by its five categories, and who issues it when.
pub fn notice(p: &MeetingPapers) -> anyhow::Result<Vec<u8>> {
    let m = &p.meeting;
    let mut d = page()
        .add_paragraph(title(&format!("关于召开{}的通知", m.title)))
        .add_paragraph(flush_left("各参会单位："))
        .add_paragraph(body(&format!(
            "经研究，定于{}召开{}。现将有关事项通知如下：",
            date_cn(beijing(m.starts_at).date_naive()),
            m.title
        )));
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    d = d
        .add_paragraph(heading(next(), "会议名称"))
        .add_paragraph(body(&m.title))
        .add_paragraph(labelled("会议类型：", kind_cn(m.kind)));
    if let Some(t) = m.trigger {
        let reason = m.trigger_reason.as_deref().unwrap_or_default();
        d = d
            .add_paragraph(heading(next(), "召开事由"))
            .add_paragraph(body(&format!("{}：{reason}", trigger_cn(t))));
    }
    d = d
        .add_paragraph(heading(next(), "会议时间"))
        .add_paragraph(body(&span_cn(m.starts_at, m.ends_at)))
        .add_paragraph(heading(next(), "会议地点"))
        .add_paragraph(body(&m.place))
        .add_paragraph(heading(next(), "会议主持"))
        .add_paragraph(body(&m.chair))
        .add_paragraph(heading(next(), "参会单位"))
        .add_paragraph(labelled(
            "召集单位：",
            &unit_list(&units_with(p, ParticipantRole::Convening)),
        ))
        .add_paragraph(labelled(
            "参会单位：",
            &unit_list(&units_with(p, ParticipantRole::Invited)),
        ))
        .add_paragraph(heading(next(), "会议议题"));
    if let Some(r) = m.main_reporter.as_deref() {
        d = d.add_paragraph(labelled("主汇报人：", r));
    }
    for (i, cat) in AgendaCategory::ALL.iter().enumerate() {
        d = d.add_paragraph(subheading(i + 1, category_cn(*cat)));
        let items: Vec<&AgendaItem> = p.agenda.iter().filter(|a| a.category == *cat).collect();
        if items.is_empty() {
            d = d.add_paragraph(body("暂无。"));
        }
        for (j, item) in items.iter().enumerate() {
            d = d.add_paragraph(body(&format!("{}. {}", j + 1, item.title)));
        }
    }
    d = d
        .add_paragraph(heading(next(), "有关要求"))
        .add_paragraph(body(&format!(
            "请各参会单位于{}前，通过平安365社会服务管理平台报送本单位分析研判意见及相关资料。",
            date_time_cn(m.submission_due_at)
        )))
        .add_paragraph(body(
            "请各单位安排熟悉情况的负责同志参会，参会人员请提前10分钟到场签到。",
        ));
    for s in signature(p.issued_on) {
        d = d.add_paragraph(s);
    }
    pack(d)
}

fn cell(text: &str, font: &str) -> TableCell {
    TableCell::new()
        .vertical_align(VAlignType::Center)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(text, font, TABLE_SIZE)),
        )
}

/// 签到表: the meeting's title, time and place, then a row per participating unit with room to
/// write who came, their post and their signature.
pub fn sign_in_sheet(p: &MeetingPapers) -> anyhow::Result<Vec<u8>> {
    let m = &p.meeting;
    let widths = [900, 2900, 1700, 1700, TEXT_WIDTH - 7200];
    let head = ["序号", "单位", "参会人员", "职务", "签名"];
    let row = |cells: Vec<TableCell>, height: f32| {
        TableRow::new(cells)
            .row_height(height)
            .height_rule(HeightRule::AtLeast)
            .cant_split()
    };
    let mut rows = vec![row(
        head.iter()
            .zip(widths)
            .map(|(h, w)| cell(h, HEADING_FONT).width(w, WidthType::Dxa))
            .collect(),
        560.0,
    )];
    for (i, part) in p.participants.iter().enumerate() {
        let texts = [(i + 1).to_string(), part.unit_name.clone()];
        let mut cells: Vec<TableCell> = texts
            .iter()
            .zip(widths)
            .map(|(t, w)| cell(t, BODY_FONT).width(w, WidthType::Dxa))
            .collect();
        for w in &widths[2..] {
            cells.push(cell("", BODY_FONT).width(*w, WidthType::Dxa));
        }
        rows.push(row(cells, 800.0));
    }
    let table = Table::new(rows)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .align(TableAlignmentType::Center);
    let d = page()
        .add_paragraph(title(&format!("{}\n签到表", m.title)))
        .add_paragraph(labelled("时间：", &span_cn(m.starts_at, m.ends_at)))
        .add_paragraph(labelled("地点：", &m.place))
        .add_paragraph(labelled("主持：", &m.chair))
        .add_paragraph(blank())
        .add_table(table);
    pack(d)
}

fn unit_name(p: &MeetingPapers, id: uuid::Uuid) -> &str {
    p.unit_names
        .get(&id)
        .map(String::as_str)
        .unwrap_or("（未知单位）")
}

/// 会议纪要: time, place, chair and attendance, the minutes, the adopted conclusions with their
/// recommendations and responsible units, and what goes to the level-1 meeting.
pub fn minutes(p: &MeetingPapers) -> anyhow::Result<Vec<u8>> {
    let m = &p.meeting;
    let mut d = page().add_paragraph(title(&format!("{}纪要", m.title)));
    let final_ = matches!(m.status, MeetingStatus::Concluded | MeetingStatus::Reported);
    if !final_ {
        d = d.add_paragraph(subtitle("（未定稿：会议尚未结束）"));
    }
    d = d
        .add_paragraph(labelled("时间：", &span_cn(m.starts_at, m.ends_at)))
        .add_paragraph(labelled("地点：", &m.place))
        .add_paragraph(labelled("主持：", &m.chair));
    if let Some(r) = m.main_reporter.as_deref() {
        d = d.add_paragraph(labelled("主汇报人：", r));
    }
    // Who came for a present unit; the reason recorded for any other.
    let named = |x: &Participant| {
        let mut s = x.unit_name.clone();
        let present = x.attendance == Some(Attendance::Present);
        if present && !x.attendees.is_empty() {
            s.push_str(&format!("（{}）", x.attendees.join("、")));
        }
        if !present && let Some(r) = x.attendance_reason.as_deref() {
            s.push_str(&format!("（{r}）"));
        }
        s
    };
    for (label, attendance) in [
        ("出席单位：", Some(Attendance::Present)),
        ("请假单位：", Some(Attendance::Excused)),
        ("缺席单位：", Some(Attendance::Absent)),
        ("未登记单位：", None),
    ] {
        let units: Vec<String> = p
            .participants
            .iter()
            .filter(|x| x.attendance == attendance)
            .map(named)
            .collect();
        if !units.is_empty() || attendance == Some(Attendance::Present) {
            d = d.add_paragraph(labelled(
                label,
                &unit_list(&units.iter().map(String::as_str).collect::<Vec<_>>()),
            ));
        }
    }

    d = d.add_paragraph(heading(1, "会议情况"));
    let text = m.minutes.as_deref().unwrap_or_default();
    let lines = paragraphs(text);
    if lines.is_empty() {
        d = d.add_paragraph(body("（尚无会议记录。）"));
    }
    for l in lines {
        d = d.add_paragraph(l);
    }

    d = d.add_paragraph(heading(2, "分析研判结论"));
    if p.conclusions.is_empty() {
        d = d.add_paragraph(body("（尚无通过的结论。）"));
    }
    for (i, c) in p.conclusions.iter().enumerate() {
        let about = c
            .agenda_item_id
            .and_then(|id| p.agenda.iter().find(|a| a.id == id))
            .map(|a| format!("关于“{}”", a.title))
            .unwrap_or_else(|| "综合结论".into());
        d = d.add_paragraph(subheading(i + 1, &about));
        for l in paragraphs(&c.text) {
            d = d.add_paragraph(l);
        }
        for (j, r) in c.recommendations.iter().enumerate() {
            d = d.add_paragraph(body(&format!(
                "对策建议{}：{}（责任单位：{}；完成时限：{}）",
                j + 1,
                r.measure,
                unit_name(p, r.responsible_unit_id),
                date_cn(r.deadline)
            )));
        }
    }

    d = d.add_paragraph(heading(3, "提请一级督办事项"));
    let not_escalated: Vec<&AgendaItem> = p
        .agenda
        .iter()
        .filter(|a| a.escalate == Some(false))
        .collect();
    if p.escalations.is_empty() {
        d = d.add_paragraph(body("本次会议无提请一级督办联席会议的事项。"));
    }
    for (i, e) in p.escalations.iter().enumerate() {
        d = d
            .add_paragraph(subheading(i + 1, &e.title))
            .add_paragraph(labelled("提请理由：", &e.reason));
        let mut state = escalation_status_cn(e.status).to_owned();
        if let Some(note) = e.decision_note.as_deref() {
            state.push_str(&format!("（{note}）"));
        }
        d = d.add_paragraph(labelled("办理情况：", &state));
        if let Some(o) = e.outcome.as_deref() {
            d = d.add_paragraph(labelled("一级督办结果：", o));
        }
    }
    for a in not_escalated {
        d = d.add_paragraph(body(&format!(
            "经研判不提请一级督办：{}（理由：{}）",
            a.title,
            a.escalation_reason.as_deref().unwrap_or("未说明")
        )));
    }
    let on = m
        .concluded_at
        .map(|t| beijing(t).date_naive())
        .unwrap_or(p.issued_on);
    for s in signature(on) {
        d = d.add_paragraph(s);
    }
    pack(d)
}

/// The red of the masthead and its rule.
const RED: &str = "FF0000";

/// The masthead's name, by kind, on two lines (one would not fit the type area at 小初).
fn masthead(kind: BriefingKind) -> [&'static str; 2] {
    match kind {
        BriefingKind::Briefing => ["平安365社会服务管理", "动态分析研判简报"],
        BriefingKind::SpecialReport => ["平安365社会服务管理", "动态分析研判专题报告"],
    }
}

/// A paragraph with a rule under it (`size` in eighths of a point).
fn ruled(p: Paragraph, position: ParagraphBorderPosition, size: usize, color: &str) -> Paragraph {
    let mut p = p;
    p.property = p.property.set_border(
        ParagraphBorder::new(position)
            .val(BorderType::Single)
            .size(size)
            .space(1)
            .color(color),
    );
    p
}

/// 简报 / 专题报告 (Art. 7), after GB/T 9704: the red masthead, the number line, the issuing
/// unit and date over the red rule, the title, the three sections (近期动态, 存在问题, 处理意见),
/// and the distribution block (报/送/发, then who printed it when) between black rules at the end.
/// A briefing not yet issued says so under its title and has no number.
pub fn briefing(b: &Briefing) -> anyhow::Result<Vec<u8>> {
    let issued_on = beijing(b.issued_at.unwrap_or(b.updated_at)).date_naive();
    let mut d = page();
    let [line1, line2] = masthead(b.kind);
    for line in [line1, line2] {
        d = d.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(line, TITLE_FONT, 72).color(RED))
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(900),
                ),
        );
    }
    let number = b
        .issue_label
        .clone()
        .unwrap_or_else(|| "（未编号）".to_owned());
    d = d
        .add_paragraph(blank())
        .add_paragraph(
            exact_lines(Paragraph::new().align(AlignmentType::Center))
                .add_run(run(&number, BODY_FONT, BODY_SIZE)),
        )
        .add_paragraph(ruled(
            exact_lines(
                Paragraph::new().add_tab(
                    docx_rs::Tab::new()
                        .val(docx_rs::TabValueType::Right)
                        .pos(TEXT_WIDTH),
                ),
            )
            .add_run(run(ISSUER, BODY_FONT, BODY_SIZE))
            .add_run(Run::new().add_tab())
            .add_run(run(&date_cn(issued_on), BODY_FONT, BODY_SIZE)),
            ParagraphBorderPosition::Bottom,
            // 2.25 pt: the standard's rule is as wide as the type area and about 0.35 mm thick.
            18,
            RED,
        ))
        .add_paragraph(blank())
        .add_paragraph(title(&b.title));
    if b.status != BriefingStatus::Issued {
        d = d.add_paragraph(subtitle("（未印发稿）"));
    }
    if let Some(c) = &b.corrects_label {
        d = d.add_paragraph(body(&format!("本期更正{c}。")));
    }
    for (n, (head, text)) in [
        ("近期动态", &b.dynamics),
        ("存在问题", &b.problems),
        ("处理意见", &b.opinions),
    ]
    .into_iter()
    .enumerate()
    {
        d = d.add_paragraph(heading(n + 1, head));
        let ps = paragraphs(text);
        if ps.is_empty() {
            d = d.add_paragraph(body("无。"));
        }
        for p in ps {
            d = d.add_paragraph(p);
        }
    }
    // 版记: the distribution lines, then the printer and the date, each between rules (the first
    // and the last heavier).
    let mut block: Vec<Paragraph> = Vec::new();
    for (role, label) in [
        (RecipientRole::Report, "报："),
        (RecipientRole::Send, "送："),
        (RecipientRole::Distribute, "发："),
    ] {
        let names: Vec<&str> = b
            .recipients
            .iter()
            .filter(|r| r.role == role)
            .map(|r| r.unit_name.as_str())
            .collect();
        if !names.is_empty() {
            block.push(
                exact_lines(Paragraph::new().indent(Some(320), None, Some(320), None))
                    .add_run(run(label, BODY_FONT, TABLE_SIZE))
                    .add_run(run(
                        &format!("{}。", names.join("，")),
                        BODY_FONT,
                        TABLE_SIZE,
                    )),
            );
        }
    }
    block.push(
        exact_lines(
            Paragraph::new()
                .indent(Some(320), None, Some(320), None)
                .add_tab(
                    docx_rs::Tab::new()
                        .val(docx_rs::TabValueType::Right)
                        .pos(TEXT_WIDTH - 320),
                ),
        )
        .add_run(run(ISSUER, BODY_FONT, TABLE_SIZE))
        .add_run(Run::new().add_tab())
        .add_run(run(
            &format!("{}印发", date_cn(issued_on)),
            BODY_FONT,
            TABLE_SIZE,
        )),
    );
    d = d.add_paragraph(blank()).add_paragraph(blank());
    let last = block.len().saturating_sub(1);
    for (i, p) in block.into_iter().enumerate() {
        let p = ruled(
            p,
            ParagraphBorderPosition::Top,
            if i == 0 { 8 } else { 4 },
            "000000",
        );
        let p = if i == last {
            ruled(p, ParagraphBorderPosition::Bottom, 8, "000000")
        } else {
            p
        };
        d = d.add_paragraph(p);
    }
    pack(d)
}
