//! 单位材料: one ZIP of the units' submission materials, a folder per unit (its name) holding the
//! latest submission's opinion as text and the files attached to it, and `目录.txt` listing it
//! all. Names are UTF-8 with the archive's UTF-8 flag set (any non-ASCII name gets it), so Chinese
//! names survive every unzip tool that honours it (Windows Explorer, 7-Zip, macOS, Info-ZIP).
//!
//! Built in memory one file at a time: the caller bounds the total beforehand and hands the
//! files in as it reads them, so no more than the archive and one file are held at once.

use std::collections::HashSet;
use std::io::{Cursor, Write};

use anyhow::Context;
use chrono::{DateTime, Datelike, Timelike, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::labels::*;
use yanpan_types::file_safe;

/// The index at the archive's root.
pub const INDEX_NAME: &str = "目录.txt";
/// UTF-8 byte order mark: Windows' Notepad and Excel then read the texts as UTF-8.
const BOM: &str = "\u{feff}";

/// A unit's latest submission, as the archive describes it.
pub struct UnitSubmission<'a> {
    pub unit_name: &'a str,
    pub version_no: i32,
    pub opinion: &'a str,
    pub submitted_at: DateTime<Utc>,
    pub late: bool,
}

/// A unit's folder in the archive (`清波街道/`), as `add_unit` made it.
pub struct Folder(String);

pub struct MaterialsZip {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    meeting_title: String,
    index: Vec<String>,
    /// Every path taken, lower-cased (names differing only in case would clash on Windows).
    taken: HashSet<String>,
}

fn zip_time(t: DateTime<Utc>) -> zip::DateTime {
    let b = beijing(t);
    zip::DateTime::from_date_and_time(
        b.year().clamp(1980, 2107) as u16,
        b.month() as u8,
        b.day() as u8,
        b.hour() as u8,
        b.minute() as u8,
        b.second() as u8,
    )
    .unwrap_or_default()
}

/// Formats that are compressed already are stored as they are.
fn method_for(content_type: &str) -> CompressionMethod {
    let compressed = matches!(
        content_type,
        "application/pdf" | "application/ofd" | "image/png" | "image/jpeg"
    ) || content_type
        .starts_with("application/vnd.openxmlformats-officedocument.");
    if compressed {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    }
}

/// `name`, or `name (2).ext`, `name (3).ext` … whichever is not yet in `taken`.
fn unique(taken: &mut HashSet<String>, dir: &str, name: &str) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut candidate = name.to_owned();
    let mut n = 1;
    while taken.contains(&format!("{dir}{candidate}").to_lowercase()) {
        n += 1;
        candidate = format!("{stem} ({n}){ext}");
    }
    taken.insert(format!("{dir}{candidate}").to_lowercase());
    candidate
}

impl MaterialsZip {
    pub fn new(meeting_title: &str) -> Self {
        let mut taken = HashSet::new();
        taken.insert(INDEX_NAME.to_lowercase());
        Self {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            meeting_title: meeting_title.to_owned(),
            index: Vec::new(),
            taken,
        }
    }

    /// Starts a unit's folder with its opinion (`研判意见（第N版）.txt`).
    pub fn add_unit(&mut self, s: &UnitSubmission<'_>) -> anyhow::Result<Folder> {
        let folder = unique(&mut self.taken, "", &file_safe(s.unit_name, "单位"));
        let dir = format!("{folder}/");
        self.taken.insert(dir.to_lowercase());
        let name = unique(
            &mut self.taken,
            &dir,
            &format!("研判意见（第{}版）.txt", s.version_no),
        );
        let when = date_time_cn(s.submitted_at);
        let late = if s.late { "（逾期报送）" } else { "" };
        let text = format!(
            "{BOM}单位：{}\n会议：{}\n版本：第{}版\n报送时间：{when}{late}\n\n{}\n",
            s.unit_name, self.meeting_title, s.version_no, s.opinion
        );
        self.write(
            &format!("{dir}{name}"),
            text.as_bytes(),
            CompressionMethod::Deflated,
            s.submitted_at,
        )?;
        self.index.push(format!(
            "{}：第{}版，{when}{late}",
            s.unit_name, s.version_no
        ));
        self.index.push(format!("  {dir}{name}"));
        Ok(Folder(dir))
    }

    /// Adds a file to a unit's folder.
    pub fn add_file(
        &mut self,
        folder: &Folder,
        filename: &str,
        content_type: &str,
        data: &[u8],
        created_at: DateTime<Utc>,
        sha256: &str,
    ) -> anyhow::Result<()> {
        let dir = &folder.0;
        let name = unique(&mut self.taken, dir, &file_safe(filename, "附件"));
        self.write(
            &format!("{dir}{name}"),
            data,
            method_for(content_type),
            created_at,
        )?;
        self.index.push(format!(
            "  {dir}{name}（{} 字节，SHA-256 {sha256}）",
            data.len()
        ));
        Ok(())
    }

    fn write(
        &mut self,
        path: &str,
        data: &[u8],
        method: CompressionMethod,
        at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip_time(at))
            .unix_permissions(0o644);
        self.zip
            .start_file(path, options)
            .with_context(|| format!("adding {path}"))?;
        self.zip.write_all(data)?;
        Ok(())
    }

    /// Writes the index and closes the archive.
    pub fn finish(mut self, generated_at: DateTime<Utc>) -> anyhow::Result<Vec<u8>> {
        let mut text = format!(
            "{BOM}{}　单位材料\n生成时间：{}\n\n",
            self.meeting_title,
            date_time_cn(generated_at)
        );
        if self.index.is_empty() {
            text.push_str("尚无单位报送研判意见。\n");
        }
        for line in &self.index {
            text.push_str(line);
            text.push('\n');
        }
        let (zip, at) = (&mut self.zip, generated_at);
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(zip_time(at))
            .unix_permissions(0o644);
        zip.start_file(INDEX_NAME, options)?;
        zip.write_all(text.as_bytes())?;
        Ok(self.zip.finish()?.into_inner())
    }
}
