//! The meeting's printable and exportable documents: loads what each needs (with the same
//! visibility as reading the meeting) and hands it to `documents`, which makes the bytes.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;
use yanpan_types::*;

use super::{agenda, conclusions, escalations, meetings, now, submissions};
use crate::auth::Principal;
use crate::documents::archive::{MaterialsZip, UnitSubmission};
use crate::documents::{MeetingPapers, docx, labels, xlsx};
use crate::entities::{attachment, escalation};
use crate::error::{ApiError, ApiResult};
use crate::store;

/// The most the units' files of one meeting may add up to in a materials archive (built in
/// memory); beyond it the archive is refused with 422 and the files are downloaded one by one.
pub const MATERIALS_LIMIT_BYTES: i64 = 200 * 1024 * 1024;

/// A finished document: what it is, for which meeting, its bytes.
pub struct Export {
    pub kind: MeetingExport,
    pub meeting_id: Uuid,
    pub meeting_title: String,
    pub bytes: Vec<u8>,
}

impl Export {
    pub fn file_name(&self) -> String {
        self.kind.file_name(&self.meeting_title)
    }
    pub fn ascii_file_name(&self) -> String {
        self.kind.ascii_file_name(self.meeting_id)
    }
}

/// Everything the Word documents print, if the caller may read the meeting.
pub async fn papers(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
) -> ApiResult<MeetingPapers> {
    let m = store::meetings::visible(conn, who, meeting_id).await?;
    let agenda = agenda::list(conn, m.id).await?;
    let participants = meetings::participants(conn, m.id).await?;
    let in_force: Vec<Conclusion> = conclusions::list(conn, m.id)
        .await?
        .into_iter()
        .filter(|c| c.status == ConclusionStatus::Adopted && c.superseded_by_id.is_none())
        .collect();
    let escalations = escalations::to_dtos(
        conn,
        escalation::Entity::find()
            .filter(escalation::Column::MeetingId.eq(m.id))
            .order_by_asc(escalation::Column::CreatedAt)
            .order_by_asc(escalation::Column::Id)
            .all(conn)
            .await?,
    )
    .await?;
    let responsible = in_force
        .iter()
        .flat_map(|c| c.recommendations.iter().map(|r| r.responsible_unit_id))
        .collect::<Vec<_>>();
    Ok(MeetingPapers {
        meeting: meetings::to_dto(m)?,
        agenda,
        participants,
        conclusions: in_force,
        escalations,
        unit_names: store::names::units(conn, responsible).await?,
        issued_on: labels::beijing(now()).date_naive(),
    })
}

fn export(kind: MeetingExport, p: &MeetingPapers, bytes: Vec<u8>) -> Export {
    Export {
        kind,
        meeting_id: p.meeting.id,
        meeting_title: p.meeting.title.clone(),
        bytes,
    }
}

/// 会议通知 (DOCX).
pub async fn notice(conn: &impl ConnectionTrait, who: &Principal, id: Uuid) -> ApiResult<Export> {
    let p = papers(conn, who, id).await?;
    let bytes = docx::notice(&p)?;
    Ok(export(MeetingExport::Notice, &p, bytes))
}

/// 签到表 (DOCX).
pub async fn sign_in_sheet(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<Export> {
    let p = papers(conn, who, id).await?;
    let bytes = docx::sign_in_sheet(&p)?;
    Ok(export(MeetingExport::SignInSheet, &p, bytes))
}

/// 会议纪要 (DOCX); marked 未定稿 until the meeting is concluded.
pub async fn minutes(conn: &impl ConnectionTrait, who: &Principal, id: Uuid) -> ApiResult<Export> {
    let p = papers(conn, who, id).await?;
    let bytes = docx::minutes(&p)?;
    Ok(export(MeetingExport::Minutes, &p, bytes))
}

/// 研判意见报送情况 (XLSX): the tracker's rows (the caller is an overseer).
pub async fn submission_tracker(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<Export> {
    let m = store::meetings::find(conn, id).await?;
    let rows = submissions::tracker(conn, id).await?;
    Ok(Export {
        kind: MeetingExport::SubmissionTracker,
        bytes: xlsx::submission_tracker(&m.title, &rows)?,
        meeting_id: m.id,
        meeting_title: m.title,
    })
}

/// 出席情况 (XLSX).
pub async fn attendance(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<Export> {
    let m = store::meetings::visible(conn, who, id).await?;
    let participants = meetings::participants(conn, id).await?;
    Ok(Export {
        kind: MeetingExport::Attendance,
        bytes: xlsx::attendance(&m.title, &participants)?,
        meeting_id: m.id,
        meeting_title: m.title,
    })
}

/// 单位材料 (ZIP): each unit's latest submission with its files (a unit representative gets its
/// own unit's only, as with the submissions themselves). Refused with 422 beyond
/// `MATERIALS_LIMIT_BYTES`.
pub async fn materials(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    limit: i64,
) -> ApiResult<Export> {
    let m = store::meetings::visible(conn, who, id).await?;
    // Newest first: the first of each unit is its latest version.
    let mut latest: BTreeMap<Uuid, Submission> = BTreeMap::new();
    for s in submissions::list(conn, who, id).await? {
        latest.entry(s.unit_id).or_insert(s);
    }
    let total: i64 = latest
        .values()
        .flat_map(|s| s.attachments.iter().map(|a| a.size))
        .sum();
    check_total(total, limit)?;
    let names = store::names::units(conn, latest.keys().copied()).await?;
    let mut units: Vec<(&str, &Submission)> = latest
        .values()
        .map(|s| {
            let name = names.get(&s.unit_id).map(String::as_str).unwrap_or("单位");
            (name, s)
        })
        .collect();
    units.sort_by(|a, b| a.0.cmp(b.0).then(a.1.unit_id.cmp(&b.1.unit_id)));
    let mut zip = MaterialsZip::new(&m.title);
    for (name, s) in units {
        let folder = zip.add_unit(&UnitSubmission {
            unit_name: name,
            version_no: s.version_no,
            opinion: &s.opinion,
            submitted_at: s.submitted_at,
            late: s.late,
        })?;
        // One file's bytes at a time.
        for a in &s.attachments {
            let file = attachment::Entity::find_by_id(a.id)
                .one(conn)
                .await?
                .ok_or(ApiError::NotFound("attachment"))?;
            zip.add_file(
                &folder,
                &file.filename,
                &file.content_type,
                &file.data,
                file.created_at,
                &file.sha256,
            )?;
        }
    }
    Ok(Export {
        kind: MeetingExport::Materials,
        bytes: zip.finish(now())?,
        meeting_id: m.id,
        meeting_title: m.title,
    })
}

fn check_total(total: i64, limit: i64) -> ApiResult<()> {
    if total > limit {
        return Err(ApiError::Unprocessable {
            code: ProblemCode::PayloadTooLarge,
            detail: format!(
                "the units' files add up to {} MiB, more than the {} MiB one archive may hold; download them one by one",
                (total + 1024 * 1024 - 1) / (1024 * 1024),
                limit / (1024 * 1024)
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_archive_over_the_limit_is_refused_with_422() {
        assert!(check_total(MATERIALS_LIMIT_BYTES, MATERIALS_LIMIT_BYTES).is_ok());
        let e = check_total(MATERIALS_LIMIT_BYTES + 1, MATERIALS_LIMIT_BYTES).unwrap_err();
        assert!(matches!(
            e,
            ApiError::Unprocessable {
                code: ProblemCode::PayloadTooLarge,
                ..
            }
        ));
        assert!(e.to_string().contains("201 MiB"), "{e}");
    }
}
