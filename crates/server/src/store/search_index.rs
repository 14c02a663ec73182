//! `search_docs`: the search index of meetings, agenda items and conclusions, kept in the same
//! transaction as the text it indexes. Chinese has no spaces: text is indexed as character
//! bigrams (and whole ASCII words).

use sea_orm::ConnectionTrait;
use uuid::Uuid;
use yanpan_types::SearchEntity;

use crate::entities::{agenda_item, conclusion, evidence_case, meeting, search_doc};
use crate::error::ApiResult;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Bigrams of each run of non-ASCII letters, lower-cased ASCII words, single characters alone.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut ascii = false;
    let flush = |run: &mut Vec<char>, ascii: bool, out: &mut Vec<String>| {
        if run.is_empty() {
            return;
        }
        if ascii || run.len() == 1 {
            out.push(run.iter().collect::<String>().to_lowercase());
        } else {
            for w in run.windows(2) {
                out.push(w.iter().collect());
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if !is_word_char(c) {
            flush(&mut run, ascii, &mut out);
            continue;
        }
        let a = c.is_ascii();
        if !run.is_empty() && a != ascii {
            flush(&mut run, ascii, &mut out);
        }
        ascii = a;
        run.push(c);
    }
    flush(&mut run, ascii, &mut out);
    out
}

async fn put(
    conn: &impl ConnectionTrait,
    entity: SearchEntity,
    entity_id: Uuid,
    meeting_id: Uuid,
    title: &str,
    body: &str,
) -> ApiResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    remove(conn, entity, entity_id).await?;
    if body.trim().is_empty() {
        return Ok(());
    }
    search_doc::ActiveModel {
        id: Set(Uuid::now_v7()),
        entity: Set(entity.as_str().into()),
        entity_id: Set(entity_id),
        meeting_id: Set(meeting_id),
        title: Set(title.chars().take(200).collect()),
        body: Set(body.to_owned()),
        tokens: Set(tokens(body).join(" ")),
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn remove(
    conn: &impl ConnectionTrait,
    entity: SearchEntity,
    entity_id: Uuid,
) -> ApiResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    search_doc::Entity::delete_many()
        .filter(search_doc::Column::Entity.eq(entity.as_str()))
        .filter(search_doc::Column::EntityId.eq(entity_id))
        .exec(conn)
        .await?;
    Ok(())
}

fn join(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn index_meeting(conn: &impl ConnectionTrait, m: &meeting::Model) -> ApiResult<()> {
    let body = join(&[
        Some(&m.title),
        m.trigger_reason.as_deref(),
        m.preliminary_analysis.as_deref(),
        m.main_reporter.as_deref(),
    ]);
    put(conn, SearchEntity::Meeting, m.id, m.id, &m.title, &body).await?;
    let minutes = m.minutes.as_deref().unwrap_or_default();
    put(
        conn,
        SearchEntity::Minutes,
        m.id,
        m.id,
        &format!("{}（会议记录）", m.title),
        minutes,
    )
    .await
}

/// Indexes an item's text and the case numbers its evidence cites (`evidence_cases`, which
/// `GET /meetings?case_number=` reads); the search finds the case numbers too.
pub async fn index_item(conn: &impl ConnectionTrait, i: &agenda_item::Model) -> ApiResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let evidence: yanpan_types::Evidence =
        serde_json::from_value(i.evidence.clone()).unwrap_or_default();
    let mut numbers: Vec<String> = evidence
        .case_numbers
        .iter()
        .map(|n| n.trim().chars().take(64).collect::<String>())
        .filter(|n| !n.is_empty())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    evidence_case::Entity::delete_many()
        .filter(evidence_case::Column::AgendaItemId.eq(i.id))
        .exec(conn)
        .await?;
    if !numbers.is_empty() {
        evidence_case::Entity::insert_many(numbers.iter().map(|n| evidence_case::ActiveModel {
            agenda_item_id: sea_orm::Set(i.id),
            case_number: sea_orm::Set(n.clone()),
            meeting_id: sea_orm::Set(i.meeting_id),
        }))
        .exec_without_returning(conn)
        .await?;
    }
    let cited = numbers.join(" ");
    let body = join(&[
        Some(&i.title),
        Some(&i.summary),
        i.causes.as_deref(),
        i.weak_links.as_deref(),
        i.remedies.as_deref(),
        Some(&cited),
    ]);
    put(
        conn,
        SearchEntity::AgendaItem,
        i.id,
        i.meeting_id,
        &i.title,
        &body,
    )
    .await
}

pub async fn index_conclusion(conn: &impl ConnectionTrait, c: &conclusion::Model) -> ApiResult<()> {
    let title: String = c.text.chars().take(40).collect();
    put(
        conn,
        SearchEntity::Conclusion,
        c.id,
        c.meeting_id,
        &title,
        &c.text,
    )
    .await
}
