//! The analysis room's tables as files: each analysis answer turned into a titled table of
//! Chinese columns, written as CSV (UTF-8 with BOM, CRLF, as Excel expects) or XLSX.

use yanpan_types::*;

use super::labels::beijing;

/// A cell: text or a number (rates as percentages with one decimal).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Num(n as f64)
    }
}

/// A rate as a percentage (one decimal), empty when undefined.
fn pct(r: Option<f64>) -> Cell {
    r.map_or(Cell::Empty, |r| Cell::Num((r * 1000.0).round() / 10.0))
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The worksheet's name in XLSX.
    pub sheet: &'static str,
    pub title: String,
    /// Column names with their widths in Excel's characters.
    pub columns: Vec<(&'static str, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

fn span(p: &Period) -> String {
    format!("{}至{}", p.from, p.to)
}

fn counts(title: &str, key: &'static str, o: &Overview, rows: &[CountRow]) -> Table {
    Table {
        sheet: "研判分析",
        title: format!("{title}（{}）", span(&o.period)),
        columns: vec![
            (key, 24.0),
            ("本期件数", 10.0),
            ("上期件数", 10.0),
            ("环比(%)", 10.0),
            ("去年同期件数", 12.0),
            ("同比(%)", 10.0),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone().into(),
                    r.count.into(),
                    r.previous.into(),
                    pct(r.mom),
                    r.year_ago.into(),
                    pct(r.yoy),
                ]
            })
            .collect(),
    }
}

pub fn figures(o: &Overview) -> Table {
    let row = |name: &str, f: &Figures, p: &Period| -> Vec<Cell> {
        vec![
            name.into(),
            span(p).into(),
            f.cases.into(),
            pct(f.resolution_rate),
            pct(f.on_time_rate),
            pct(f.redo_rate),
            pct(f.satisfaction_rate),
        ]
    };
    Table {
        sheet: "研判分析",
        title: format!("总体指标（{}）", span(&o.period)),
        columns: vec![
            ("期间", 10.0),
            ("日期", 26.0),
            ("受理件数", 10.0),
            ("办结率(%)", 10.0),
            ("按期办结率(%)", 14.0),
            ("退回重办率(%)", 14.0),
            ("满意率(%)", 10.0),
        ],
        rows: vec![
            row("本期", &o.figures, &o.period),
            row("上期", &o.previous, &o.previous_period),
            row("去年同期", &o.year_ago, &o.year_ago_period),
        ],
    }
}

pub fn breakdown(o: &Overview, table: AnalysisTable) -> Table {
    match table {
        AnalysisTable::ByKind => counts("按类型", "类型", o, &o.by_kind),
        AnalysisTable::ByStreet => counts("按街道", "街道", o, &o.by_street),
        AnalysisTable::ByUnit => counts("按承办单位", "承办单位", o, &o.by_unit),
        AnalysisTable::ByChannel => counts("按来源渠道", "来源渠道", o, &o.by_channel),
        AnalysisTable::Figures => figures(o),
        _ => counts("按类别", "类别", o, &o.by_category),
    }
}

fn status_name(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Received => "已受理",
        CaseStatus::Dispatched => "已派单",
        CaseStatus::InProgress => "办理中",
        CaseStatus::Resolved => "已办结",
        CaseStatus::Closed => "已归档",
    }
}

pub fn repeated(r: &RepeatedDemands) -> Table {
    Table {
        sheet: "研判分析",
        title: format!("重复诉求（{}，{}次以上）", span(&r.period), r.min_count),
        columns: vec![
            ("诉求人/地址", 28.0),
            ("类别", 12.0),
            ("次数", 8.0),
            ("首次受理", 18.0),
            ("最近受理", 18.0),
            ("未办结", 8.0),
            ("最近状态", 10.0),
            ("案件编号", 60.0),
        ],
        rows: r
            .clusters
            .iter()
            .map(|c| {
                vec![
                    c.label.clone().into(),
                    c.category_name.clone().into(),
                    c.count.into(),
                    beijing(c.first_at)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                        .into(),
                    beijing(c.last_at)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                        .into(),
                    c.unresolved.into(),
                    status_name(c.status).into(),
                    c.case_numbers.join("、").into(),
                ]
            })
            .collect(),
    }
}

pub fn poor(p: &PoorDisposal) -> Table {
    Table {
        sheet: "研判分析",
        title: format!("处置不力（{}）", span(&p.period)),
        columns: vec![
            ("承办单位", 20.0),
            ("承办件数", 10.0),
            ("超期", 8.0),
            ("超期率(%)", 10.0),
            ("退回重办", 10.0),
            ("退回重办率(%)", 14.0),
            ("不满意", 8.0),
            ("不满意率(%)", 12.0),
            ("被督办", 8.0),
            ("处置不力件数", 12.0),
            ("案件编号", 60.0),
        ],
        rows: p
            .units
            .iter()
            .map(|u| {
                vec![
                    u.unit_name.clone().into(),
                    u.cases.into(),
                    u.overdue.into(),
                    pct(u.overdue_rate),
                    u.redone.into(),
                    pct(u.redo_rate),
                    u.unsatisfied.into(),
                    pct(u.unsatisfied_rate),
                    u.escalated.into(),
                    u.poor.into(),
                    u.case_numbers.join("、").into(),
                ]
            })
            .collect(),
    }
}

pub fn satisfaction(s: &SatisfactionAnalysis, table: AnalysisTable) -> Table {
    let (what, rows) = match table {
        AnalysisTable::SatisfactionByStreet => ("街道", &s.by_street),
        AnalysisTable::SatisfactionByCategory => ("类别", &s.by_category),
        _ => ("承办单位", &s.by_unit),
    };
    Table {
        sheet: "研判分析",
        title: format!("满意度（按{what}，{}）", span(&s.period)),
        columns: vec![
            (what, 20.0),
            ("评价件数", 10.0),
            ("满意件数", 10.0),
            ("满意率(%)", 10.0),
            ("95%区间下限(%)", 14.0),
            ("95%区间上限(%)", 14.0),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone().into(),
                    r.rated.into(),
                    r.satisfied.into(),
                    pct(r.rate),
                    pct(r.low),
                    pct(r.high),
                ]
            })
            .collect(),
    }
}

pub fn ranking(r: &UnitRanking) -> Table {
    Table {
        sheet: "研判分析",
        title: format!("承办单位排名（{}）", span(&r.period)),
        columns: vec![
            ("名次", 6.0),
            ("承办单位", 20.0),
            ("承办件数", 10.0),
            ("按期办结率(%)", 14.0),
            ("满意率(%)", 10.0),
            ("满意率下限(%)", 14.0),
            ("退回重办率(%)", 14.0),
            ("综合得分", 10.0),
        ],
        rows: r
            .units
            .iter()
            .map(|u| {
                vec![
                    u64::from(u.rank).into(),
                    u.unit_name.clone().into(),
                    u.figures.cases.into(),
                    pct(u.figures.on_time_rate),
                    pct(u.figures.satisfaction_rate),
                    pct(u.satisfaction_low),
                    pct(u.figures.redo_rate),
                    u.score
                        .map_or(Cell::Empty, |s| Cell::Num((s * 1000.0).round() / 1000.0)),
                ]
            })
            .collect(),
    }
}

pub fn hot(h: &HotIssues) -> Table {
    Table {
        sheet: "研判分析",
        title: format!("热点问题（截至{}）", h.as_of),
        columns: vec![
            ("街道", 12.0),
            ("类别", 12.0),
            ("日期", 26.0),
            ("本周件数", 10.0),
            ("此前周均", 10.0),
            ("p值", 12.0),
            ("案件编号", 60.0),
        ],
        rows: h
            .issues
            .iter()
            .map(|i| {
                vec![
                    i.street_name.clone().into(),
                    i.category_name.clone().into(),
                    span(&i.week).into(),
                    i.count.into(),
                    Cell::Num((i.baseline * 10.0).round() / 10.0),
                    Cell::Text(format!("{:.2e}", i.p_value)),
                    i.case_numbers.join("、").into(),
                ]
            })
            .collect(),
    }
}

/// CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF, a title line first.
pub fn to_csv(t: &Table) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record([t.title.as_str()])?;
    w.write_record(t.columns.iter().map(|c| c.0))?;
    for row in &t.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Text(s) => s.clone(),
            Cell::Num(n) => n.to_string(),
            Cell::Empty => String::new(),
        }))?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// XLSX with the meetings' spreadsheets' layout: title row, grey header, A4 landscape.
pub fn to_xlsx(t: &Table) -> anyhow::Result<Vec<u8>> {
    let s = super::xlsx::styles();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = super::xlsx::sheet(&mut wb, t.sheet, &t.title, &t.columns, &s)?;
    for (i, row) in t.rows.iter().enumerate() {
        let r = super::xlsx::HEADER_ROW + 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(v) => ws.write_string_with_format(r, c, v, &s.text)?,
                Cell::Num(n) => ws.write_number_with_format(r, c, *n, &s.text)?,
                Cell::Empty => ws.write_blank(r, c, &s.text)?,
            };
        }
    }
    super::xlsx::finish(wb)
}

/// 年度考核排名: a unit per row, the counts behind each rate, the deductions and the score.
pub fn assessment(a: &Assessment) -> Table {
    let period = match a.quarter {
        Some(q) => format!("{}年第{q}季度", a.year),
        None => format!("{}年度", a.year),
    };
    Table {
        sheet: "年度考核",
        title: format!("{period}目标管理考核排名"),
        columns: vec![
            ("名次", 6.0),
            ("单位", 20.0),
            ("出席", 6.0),
            ("请假", 6.0),
            ("缺席", 6.0),
            ("出席率(%)", 10.0),
            ("按时报送", 10.0),
            ("逾期报送", 10.0),
            ("未报送", 8.0),
            ("按时报送率(%)", 14.0),
            ("到期督办任务", 12.0),
            ("按期办结", 10.0),
            ("逾期", 6.0),
            ("退回次数", 10.0),
            ("督办按期率(%)", 14.0),
            ("责任查究", 10.0),
            ("案件按期办结率(%)", 16.0),
            ("满意率(%)", 10.0),
            ("基础分", 8.0),
            ("扣分", 8.0),
            ("总分", 8.0),
        ],
        rows: a
            .rows
            .iter()
            .map(|r| {
                let c = &r.counts;
                let n = |v: u32| Cell::from(u64::from(v));
                vec![
                    n(r.rank),
                    r.unit_name.clone().into(),
                    n(c.present),
                    n(c.excused),
                    n(c.absent),
                    pct(r.attendance_rate),
                    n(c.submissions_on_time),
                    n(c.submissions_late),
                    n(c.submissions_missing),
                    pct(r.submission_rate),
                    n(c.tasks_due),
                    n(c.tasks_on_time),
                    n(c.tasks_overdue),
                    n(c.tasks_returned),
                    pct(r.task_rate),
                    n(c.referrals),
                    pct(c.case_on_time_rate),
                    pct(c.satisfaction_rate),
                    Cell::Num(r.base),
                    Cell::Num(r.deductions),
                    Cell::Num(r.score),
                ]
            })
            .collect(),
    }
}
