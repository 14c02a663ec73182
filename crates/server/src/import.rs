//! `yanpan import cases FILE`: the platform's cases from a file, through the same checks as the
//! batch endpoint. CSV (UTF-8, with or without BOM, or GB18030 as Chinese office software saves
//! it; English or Chinese column names) or NDJSON (one record a line). Each chunk of 1,000 lines
//! commits on its own and upserts by case number, so an interrupted import is simply run again.

use std::io::Write;
use std::path::Path;

use sea_orm::DatabaseConnection;
use serde_json::{Map, Value};
use yanpan_types::{IntakeOutcome, MAX_BATCH_RECORDS};

use crate::auth::Actor;
use crate::services::cases::intake_committed;

/// The file's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// `UTF-8` or `GB18030`.
    pub encoding: &'static str,
    pub lines: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub stale: u64,
    /// Rejected lines: (line number in the file, why).
    pub rejected: Vec<(u64, String)>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} records read ({}): {} created, {} updated, {} unchanged, {} stale, {} rejected",
            self.lines,
            self.encoding,
            self.created,
            self.updated,
            self.unchanged,
            self.stale,
            self.rejected.len()
        )?;
        for (line, why) in &self.rejected {
            writeln!(f, "  line {line}: {why}")?;
        }
        Ok(())
    }
}

/// Column names a Chinese export may use for the record's fields.
const CHINESE: &[(&str, &str)] = &[
    ("案件编号", "case_number"),
    ("类型", "kind"),
    ("来源渠道", "channel"),
    ("类别代码", "category_code"),
    ("街道代码", "street_code"),
    ("社区", "community"),
    ("地址", "address"),
    ("诉求内容", "summary"),
    ("受理时间", "received_at"),
    ("承办单位代码", "handling_unit_code"),
    ("办理时限", "due_at"),
    ("状态", "status"),
    ("办结时间", "resolved_at"),
    ("办理结果", "result"),
    ("退回重办次数", "redo_count"),
    ("督办级别", "supervision_level"),
    ("满意度", "satisfaction"),
    ("评价意见", "satisfaction_comment"),
    ("评价时间", "rated_at"),
    ("诉求人", "reporter"),
    ("更新时间", "updated_at"),
];

/// The text of a file: UTF-8 when it is valid UTF-8 (a BOM is dropped), else GB18030.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
        }
    }
}

/// The layout by the file's name, else by its first character.
pub fn format_of(path: &Path, text: &str) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Format::Csv,
        Some("ndjson" | "jsonl") => Format::Ndjson,
        _ if text.trim_start().starts_with('{') => Format::Ndjson,
        _ => Format::Csv,
    }
}

/// Something with the line number it came from.
pub type Numbered<T> = (u64, T);

/// The records of a text with their line numbers; a line that cannot be read at all is rejected
/// here with its reason.
pub fn records(text: &str, format: Format) -> (Vec<Numbered<Value>>, Vec<Numbered<String>>) {
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    match format {
        Format::Ndjson => {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(v) => ok.push((i as u64 + 1, v)),
                    Err(e) => bad.push((i as u64 + 1, format!("not JSON: {e}"))),
                }
            }
        }
        Format::Csv => {
            // The csv reader counts lines one short after CRLF line ends (as Windows software
            // writes them); with LF ends the line numbers of rejected rows are the file's.
            let text = text.replace("\r\n", "\n");
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(text.as_bytes());
            let headers: Vec<String> = match reader.headers() {
                Ok(h) => h
                    .iter()
                    .map(|name| {
                        let name = name.trim();
                        CHINESE
                            .iter()
                            .find(|(zh, _)| *zh == name)
                            .map_or_else(|| name.to_owned(), |(_, en)| (*en).to_owned())
                    })
                    .collect(),
                Err(e) => {
                    bad.push((1, format!("no header row: {e}")));
                    return (ok, bad);
                }
            };
            for row in reader.records() {
                match row {
                    Ok(row) => {
                        let line = row.position().map_or(0, |p| p.line());
                        let mut obj = Map::new();
                        for (name, cell) in headers.iter().zip(row.iter()) {
                            let cell = cell.trim();
                            if cell.is_empty() {
                                continue;
                            }
                            let value = match (name.as_str(), cell.parse::<i64>()) {
                                ("redo_count", Ok(n)) => Value::from(n),
                                _ => Value::from(cell),
                            };
                            obj.insert(name.clone(), value);
                        }
                        ok.push((line, Value::Object(obj)));
                    }
                    Err(e) => bad.push((
                        e.position().map_or(0, |p| p.line()),
                        format!("not CSV: {e}"),
                    )),
                }
            }
        }
    }
    (ok, bad)
}

/// Imports a file; `progress` (the command line's stderr) gets a bar as chunks commit.
pub async fn import_file(
    db: &DatabaseConnection,
    key: &[u8],
    path: &Path,
    mut progress: Option<&mut dyn Write>,
) -> anyhow::Result<ImportSummary> {
    let bytes = std::fs::read(path)?;
    let (text, encoding) = decode(&bytes);
    let (records, mut rejected) = records(&text, format_of(path, &text));
    let mut summary = ImportSummary {
        encoding,
        lines: (records.len() + rejected.len()) as u64,
        ..Default::default()
    };
    let actor = Actor::system("import");
    let total = records.len();
    let mut done = 0;
    for chunk in records.chunks(MAX_BATCH_RECORDS) {
        let values: Vec<Value> = chunk.iter().map(|(_, v)| v.clone()).collect();
        let report = intake_committed(db, &actor, key, &values)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for (r, (line, _)) in report.results.iter().zip(chunk) {
            match r.outcome {
                IntakeOutcome::Created => summary.created += 1,
                IntakeOutcome::Updated => summary.updated += 1,
                IntakeOutcome::Unchanged => summary.unchanged += 1,
                IntakeOutcome::Stale => summary.stale += 1,
                IntakeOutcome::Invalid => {
                    let why: Vec<String> = r
                        .errors
                        .iter()
                        .map(|e| format!("{}: {}", e.field, e.message))
                        .collect();
                    rejected.push((*line, why.join("; ")));
                }
            }
        }
        done += chunk.len();
        if let Some(out) = progress.as_deref_mut() {
            let filled = (done * 30).checked_div(total).unwrap_or(30);
            // A failed progress write must not stop the import.
            let _ = write!(
                out,
                "\r[{}{}] {done}/{total}",
                "#".repeat(filled),
                " ".repeat(30 - filled)
            );
            let _ = out.flush();
        }
    }
    if let Some(out) = progress {
        let _ = writeln!(out);
    }
    rejected.sort();
    summary.rejected = rejected;
    // A bulk load: the planner's statistics now (a backfill may double the cases).
    crate::db::optimize(db).await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_and_utf8_files_decode_to_the_same_text() {
        let text = "案件编号,诉求内容\nPA1,噪音扰民\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(decode(&gb), (text.to_owned(), "GB18030"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom), (text.to_owned(), "UTF-8"));
    }

    #[test]
    fn chinese_headers_and_empty_cells_become_record_fields() {
        let (ok, bad) = records("案件编号,退回重办次数,地址\r\nPA1,2,\r\n", Format::Csv);
        assert!(bad.is_empty());
        assert_eq!(ok[0].0, 2, "the file's line number");
        assert_eq!(
            ok[0].1,
            serde_json::json!({"case_number": "PA1", "redo_count": 2})
        );
    }

    #[test]
    fn an_unreadable_ndjson_line_is_rejected_with_its_number() {
        let (ok, bad) = records("{\"case_number\":\"A\"}\n\nnot json\n", Format::Ndjson);
        assert_eq!(ok.len(), 1);
        assert_eq!(bad[0].0, 3);
    }
}
