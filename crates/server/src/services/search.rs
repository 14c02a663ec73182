//! Search over meetings, agenda items, conclusions and minutes that works for Chinese: the text
//! is indexed as character bigrams (whole words for ASCII), so a two-character word inside a
//! sentence is found through an index on both databases (SQLite FTS5, PostgreSQL GIN), and every
//! hit is confirmed by a substring match.

use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};
use uuid::Uuid;
use yanpan_types::*;

use super::like_pattern;
use crate::auth::Principal;
use crate::error::ApiResult;

pub use crate::store::search_index::tokens;

#[derive(Debug, FromQueryResult)]
struct Row {
    entity: String,
    entity_id: Uuid,
    meeting_id: Uuid,
    title: String,
    body: String,
}

/// Hits counted (and paged) at most: the search stops there instead of reading every hit.
pub const MAX_COUNTED: u64 = 1000;

#[derive(Debug, FromQueryResult)]
struct Count {
    total: i64,
}

/// Up to 20 characters before the first match and 40 after it. The match is found character by
/// character on lower-cased characters and mapped back to positions in `body` itself: lower-casing
/// can change a string's length (`İ` becomes two characters), so positions found in a lower-cased
/// copy must never index the original.
fn snippet(body: &str, q: &str) -> String {
    let chars: Vec<char> = body.chars().collect();
    let needle: Vec<char> = q.chars().flat_map(char::to_lowercase).collect();
    // Each lower-cased character remembers the original character it came from.
    let lowered: Vec<(usize, char)> = chars
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.to_lowercase().map(move |l| (i, l)))
        .collect();
    let at = (!needle.is_empty())
        .then(|| {
            lowered
                .windows(needle.len())
                .position(|w| w.iter().map(|(_, c)| *c).eq(needle.iter().copied()))
        })
        .flatten()
        .and_then(|pos| lowered.get(pos).map(|(i, _)| *i))
        .unwrap_or(0);
    let start = at.saturating_sub(20).min(chars.len());
    let end = (at + q.chars().count() + 40).clamp(start, chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s.replace('\n', " ")
}

pub async fn search(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &SearchQuery,
    page: PageParams,
) -> ApiResult<Page<SearchHit>> {
    let (page_stmt, count_stmt) = search_statements(conn.get_database_backend(), who, q, page);
    let offset = page.offset().min(MAX_COUNTED);
    let rows = Row::find_by_statement(page_stmt).all(conn).await?;
    let total = if (rows.len() as u64) < page.page_size && (!rows.is_empty() || page.page == 1) {
        // The last page: its rows tell the count.
        offset + rows.len() as u64
    } else {
        Count::find_by_statement(count_stmt)
            .one(conn)
            .await?
            .map(|c| u64::try_from(c.total).unwrap_or(0))
            .unwrap_or(0)
    };
    let words: Vec<&str> = q.q.split_whitespace().collect();
    let first = words.first().copied().unwrap_or_default();
    let titles = crate::store::names::meetings(conn, rows.iter().map(|r| r.meeting_id)).await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(SearchHit {
                entity: super::parse_stored(&r.entity)?,
                entity_id: r.entity_id,
                meeting_id: r.meeting_id,
                meeting_title: titles.get(&r.meeting_id).cloned().unwrap_or_default(),
                title: r.title,
                snippet: snippet(&r.body, first),
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Page {
        items,
        total,
        page: page.page,
        page_size: page.page_size,
    })
}

/// The SQL of a search page and of its count (up to `MAX_COUNTED`), as `search` runs them;
/// public so that a test can ask the database for their plans.
pub fn search_statements(
    backend: DbBackend,
    who: &Principal,
    q: &SearchQuery,
    page: PageParams,
) -> (Statement, Statement) {
    let text = q.q.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut values: Vec<Value> = Vec::new();
    let p = |v: Value, values: &mut Vec<Value>| -> String {
        values.push(v);
        match backend {
            DbBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_owned(),
        }
    };
    let mut wheres: Vec<String> = Vec::new();
    // Newest first, in an order an index yields: the search stops after the page it needs
    // instead of reading, confirming and sorting every hit. SQLite: the FTS table's rowid (the
    // order documents were indexed); PostgreSQL: the document's id (a UUIDv7, the same order),
    // walked backwards on its primary key, or found through the GIN index when the words are rare
    // (the planner's choice, from the array statistics).
    let mut from = "search_docs d".to_owned();
    let mut order = "d.id DESC".to_owned();
    // Index lookup; a lone character has no bigram and is found by the substring match alone.
    let indexed: Vec<Vec<String>> = words
        .iter()
        .map(|w| tokens(w))
        .filter(|t| t.iter().map(|x| x.chars().count()).sum::<usize>() > 1)
        .collect();
    if !indexed.is_empty() {
        match backend {
            DbBackend::Postgres => {
                let all: Vec<String> = indexed.iter().flatten().cloned().collect();
                let arr = all
                    .into_iter()
                    .map(|t| p(t.into(), &mut values))
                    .collect::<Vec<_>>()
                    .join(", ");
                wheres.push(format!(
                    "string_to_array(d.tokens, ' ') @> ARRAY[{arr}]::text[]"
                ));
            }
            _ => {
                // Each word is a phrase of consecutive bigrams: exact for Chinese text.
                let expr = indexed
                    .iter()
                    .map(|ts| format!("\"{}\"", ts.join(" ")))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                let ph = p(expr.into(), &mut values);
                from = "search_fts f JOIN search_docs d ON d.id = f.doc_id".to_owned();
                order = "f.rowid DESC".to_owned();
                wheres.push(format!("search_fts MATCH {ph}"));
            }
        }
    }
    // Exact confirmation: every word is a substring.
    for w in &words {
        let ph = p(like_pattern(&w.to_lowercase()).into(), &mut values);
        wheres.push(format!("lower(d.body) LIKE {ph} ESCAPE '\\'"));
    }
    if let Some(e) = q.entity {
        let ph = p(e.as_str().into(), &mut values);
        wheres.push(format!("d.entity = {ph}"));
    }
    if who.role == Role::UnitRep {
        let ph = p(who.unit_id.unwrap_or_default().into(), &mut values);
        // Probed hit by hit (the search stops after its page), not a list of every meeting.
        wheres.push(format!(
            "EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = d.meeting_id AND p.unit_id = {ph})"
        ));
    }
    let where_sql = if wheres.is_empty() {
        "1=0".to_owned()
    } else {
        wheres.join(" AND ")
    };
    // The number of hits is counted up to `MAX_COUNTED` (a query that finds more should be made
    // narrower; nobody pages through a thousand hits), and pages end there too.
    let filter_values = values.clone();
    let offset = page.offset().min(MAX_COUNTED);
    let limit = page.page_size.min(MAX_COUNTED - offset);
    let lim = p((limit as i64).into(), &mut values);
    let off = p((offset as i64).into(), &mut values);
    let sql = format!(
        "SELECT d.entity, d.entity_id, d.meeting_id, d.title, d.body FROM {from} \
         WHERE {where_sql} ORDER BY {order} LIMIT {lim} OFFSET {off}"
    );
    let page_stmt = Statement::from_sql_and_values(backend, &sql, values);
    // Words of Chinese characters only, on SQLite, for every document: the FTS phrase of
    // consecutive bigrams is the substring match itself, so the index alone counts them,
    // without reading a document.
    let index_alone = backend == DbBackend::Sqlite
        && q.entity.is_none()
        && who.role != Role::UnitRep
        && !words.is_empty()
        && words.iter().all(|w| {
            w.chars().count() > 1 && w.chars().all(|c| c.is_alphanumeric() && !c.is_ascii())
        });
    let (count_sql, count_values) = if index_alone {
        (
            format!(
                "SELECT COUNT(*) AS total FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT {MAX_COUNTED}) hits"
            ),
            filter_values.into_iter().take(1).collect(),
        )
    } else {
        (
            format!(
                "SELECT COUNT(*) AS total FROM (SELECT 1 FROM {from} WHERE {where_sql} LIMIT {MAX_COUNTED}) hits"
            ),
            filter_values,
        )
    };
    (
        page_stmt,
        Statement::from_sql_and_values(backend, &count_sql, count_values),
    )
}

#[cfg(test)]
mod tests {
    use super::{snippet, tokens};

    #[test]
    fn chinese_becomes_bigrams_and_ascii_words() {
        assert_eq!(
            tokens("小区噪音扰民"),
            vec!["小区", "区噪", "噪音", "音扰", "扰民"]
        );
        assert_eq!(tokens("噪音 ABC-12 人"), vec!["噪音", "abc", "12", "人"]);
        assert_eq!(tokens("处置12345号"), vec!["处置", "12345", "号"]);
    }

    #[test]
    fn a_snippet_survives_text_that_grows_when_lower_cased() {
        // `İ` lower-cases to two characters: the old code sliced past the end and panicked.
        let body = format!("{}噪音扰民", "İ".repeat(120));
        let s = snippet(&body, "噪音");
        assert!(s.contains("噪音扰民"), "{s}");
        assert!(s.starts_with('…'));
    }

    #[test]
    fn a_snippet_centres_on_the_match_case_insensitively() {
        let body = format!("{}Noise 噪音 complaint{}", "甲".repeat(30), "乙".repeat(60));
        let s = snippet(&body, "noise");
        assert!(s.contains("Noise 噪音"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(snippet("短文", "没有"), "短文");
        assert_eq!(snippet("", "x"), "");
    }
}
