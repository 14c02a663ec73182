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
    total: i64,
}

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
    let backend = conn.get_database_backend();
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
    let mut from = "search_docs d".to_owned();
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
                let expr = indexed
                    .iter()
                    .map(|ts| format!("\"{}\"", ts.join(" ")))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                let ph = p(expr.into(), &mut values);
                // Start from the index, then fetch each hit's row by its key.
                from = "search_fts f JOIN search_docs d ON d.id = f.doc_id".to_owned();
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
        wheres.push(format!(
            "d.meeting_id IN (SELECT meeting_id FROM meeting_participants WHERE unit_id = {ph})"
        ));
    }
    let where_sql = if wheres.is_empty() {
        "1=0".to_owned()
    } else {
        wheres.join(" AND ")
    };
    // One query: the page and, beside each row, the number of all hits.
    let lim = p((page.page_size as i64).into(), &mut values);
    let off = p((page.offset() as i64).into(), &mut values);
    let sql = format!(
        "SELECT d.entity, d.entity_id, d.meeting_id, d.title, d.body, COUNT(*) OVER () AS total \
         FROM {from} WHERE {where_sql} \
         ORDER BY d.meeting_id DESC, d.entity, d.entity_id LIMIT {lim} OFFSET {off}"
    );
    let param_count = values.len() - 2;
    let rows = Row::find_by_statement(Statement::from_sql_and_values(
        backend,
        &sql,
        values.clone(),
    ))
    .all(conn)
    .await?;
    let total = match rows.first() {
        Some(r) => r.total.max(0) as u64,
        // Past the last page: count separately.
        None if page.page > 1 => {
            let count_sql = format!("SELECT COUNT(*) AS total FROM {from} WHERE {where_sql}");
            values.truncate(param_count);
            Count::find_by_statement(Statement::from_sql_and_values(backend, &count_sql, values))
                .one(conn)
                .await?
                .map(|c| c.total.max(0) as u64)
                .unwrap_or(0)
        }
        None => 0,
    };
    let first = words.first().copied().unwrap_or_default();
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(SearchHit {
                entity: super::parse_stored(&r.entity)?,
                entity_id: r.entity_id,
                meeting_id: r.meeting_id,
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
