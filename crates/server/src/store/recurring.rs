//! `recurring_reporters`: the (reporter, category) pairs with two cases or more at any time. Only
//! such a pair can form a repeated-reporter cluster in a period, and most reporters report once,
//! so the analysis counts the period's cases of these pairs instead of grouping every case of the
//! period by reporter. The intake adds the pairs its cases make recur, in the case's own
//! transaction; a pair is never taken out (a case updated to another reporter leaves it behind),
//! which costs the analysis a look at a pair that no longer recurs and never loses one that does.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    Set,
};
use uuid::Uuid;

use crate::entities::{case, recurring_reporter};

/// A case as this module sees it: its number, reporter hash and category.
pub type Reported = (String, String, Uuid);

#[derive(Debug, FromQueryResult)]
struct Stored {
    case_number: String,
    reporter_hash: Option<String>,
    category_id: Uuid,
}

/// Notes the pairs that `cases` (about to be written: created, or updated to these values) make
/// recur. Runs before they are written, so that the stored rows are the other cases.
pub async fn note(conn: &impl ConnectionTrait, cases: &[Reported]) -> Result<(), DbErr> {
    if cases.is_empty() {
        return Ok(());
    }
    let hashes: Vec<String> = cases
        .iter()
        .map(|c| c.1.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    // Every case of these reporters, as it will be: stored ones, then the batch's over them.
    let mut now: HashMap<String, (String, Uuid)> = HashMap::new();
    for chunk in super::shaped_chunks(hashes, 500) {
        for s in case::Entity::find()
            .select_only()
            .columns([
                case::Column::CaseNumber,
                case::Column::ReporterHash,
                case::Column::CategoryId,
            ])
            .filter(case::Column::ReporterHash.is_in(chunk))
            .into_model::<Stored>()
            .all(conn)
            .await?
        {
            if let Some(h) = s.reporter_hash {
                now.insert(s.case_number, (h, s.category_id));
            }
        }
    }
    for (number, hash, category) in cases {
        now.insert(number.clone(), (hash.clone(), *category));
    }
    let mut counts: HashMap<(String, Uuid), u32> = HashMap::new();
    for pair in now.into_values() {
        *counts.entry(pair).or_default() += 1;
    }
    let recurring: Vec<(String, Uuid)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(p, _)| p)
        .collect();
    for chunk in super::shaped_chunks(recurring, 500) {
        recurring_reporter::Entity::insert_many(chunk.into_iter().map(|(h, c)| {
            recurring_reporter::ActiveModel {
                reporter_hash: Set(h),
                category_id: Set(c),
            }
        }))
        .on_conflict(
            OnConflict::columns([
                recurring_reporter::Column::ReporterHash,
                recurring_reporter::Column::CategoryId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// Recomputes the pairs from the cases (after cases were written by something other than the
/// intake: the demo's seeding).
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    recurring_reporter::Entity::delete_many().exec(conn).await?;
    conn.execute_unprepared(
        "INSERT INTO recurring_reporters (reporter_hash, category_id) \
         SELECT reporter_hash, category_id FROM cases WHERE reporter_hash IS NOT NULL \
         GROUP BY reporter_hash, category_id HAVING COUNT(*) >= 2",
    )
    .await?;
    Ok(())
}

/// The recurring pairs (of `categories` when given), or `None` when there are more than `cap`:
/// then grouping the period's cases is the cheaper way.
pub async fn pairs(
    conn: &impl ConnectionTrait,
    categories: Option<&[Uuid]>,
    cap: u64,
) -> Result<Option<Vec<(String, Uuid)>>, DbErr> {
    let mut sel = recurring_reporter::Entity::find();
    if let Some(ids) = categories {
        sel = sel.filter(recurring_reporter::Column::CategoryId.is_in(ids.to_vec()));
    }
    let rows = sel.limit(cap + 1).all(conn).await?;
    if rows.len() as u64 > cap {
        return Ok(None);
    }
    Ok(Some(
        rows.into_iter()
            .map(|r| (r.reporter_hash, r.category_id))
            .collect(),
    ))
}
