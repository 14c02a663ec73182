//! The repeated-demand clusters' index: each case's reporter and address (as a pair with its
//! category), received time, street, kind and whether it is open, held in memory and kept
//! current from the change feed.
//!
//! Why: finding clusters means grouping every case of the period by (reporter, category) and by
//! (address, category). In the database that reads a whole key index, a million entries for a
//! year of a district (0.6 s on SQLite, more under load), and no rollup is smaller (a million
//! cases make 86,000 address pairs and 900,000 reporter pairs, 700,000 (pair, month) rows). Here
//! the pairs are numbered once, so a period's clusters are a pass over 40 bytes a case counting
//! into an array (a few milliseconds for a million). It is an index, not a cache of answers:
//! every analysis asks the change feed what changed since its place and applies it before
//! answering, so it answers what the database holds at that moment (`store::changes` gives
//! places in commit order, so nothing committed is skipped). The case numbers it lists are read
//! from the database by id.
//!
//! Pairs are numbered by a 64-bit SipHash of (key, category): two pairs that collide would count
//! as one; for a million pairs the chance is about one in 10^7 per start.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use tokio::sync::Mutex;
use uuid::Uuid;
use yanpan_types::{CaseKind, CaseStatus, ChangeCollection, ClusterBasis};

use crate::entities::{case, change, change_head};

/// Cases read a statement, when loading and when applying changes.
const CHUNK: u64 = 20_000;

/// The index; empty until first used (loading a million cases takes seconds, and a server that
/// never serves this analysis should not hold it).
#[derive(Default)]
pub struct ClusterIndex {
    state: Mutex<Option<State>>,
}

/// One case as the index holds it.
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: Uuid,
    /// Unix microseconds (both databases keep at least that).
    received: i64,
    /// Pair numbers; `NONE` without a reporter or address.
    reporter: u32,
    address: u32,
    category: u16,
    street: u16,
    kind: u8,
    open: bool,
    /// False once the case is deleted.
    live: bool,
}

const NONE: u32 = u32::MAX;

#[derive(Default)]
struct State {
    /// The change feed's place applied.
    seq: i64,
    /// The loaded cases, ascending by id, then those added since (found through `added`).
    slots: Vec<Slot>,
    sorted: usize,
    added: HashMap<Uuid, u32>,
    reporter_pairs: HashMap<u64, u32>,
    address_pairs: HashMap<u64, u32>,
    categories: HashMap<Uuid, u16>,
    streets: HashMap<Uuid, u16>,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: Uuid,
    reporter_hash: Option<String>,
    address_key: Option<String>,
    category_id: Uuid,
    street_id: Uuid,
    kind: CaseKind,
    status: CaseStatus,
    received_at: DateTime<Utc>,
}

fn rows(sel: sea_orm::Select<case::Entity>) -> sea_orm::Selector<sea_orm::SelectModel<Row>> {
    use case::Column as C;
    sel.select_only()
        .columns([
            C::Id,
            C::ReporterHash,
            C::AddressKey,
            C::CategoryId,
            C::StreetId,
            C::Kind,
            C::Status,
            C::ReceivedAt,
        ])
        .into_model::<Row>()
}

fn kind_no(k: CaseKind) -> u8 {
    match k {
        CaseKind::Demand => 0,
        CaseKind::Dispute => 1,
        CaseKind::Incident => 2,
    }
}

fn number<K: Hash + Eq + Copy>(map: &mut HashMap<K, u16>, k: K) -> u16 {
    let next = map.len() as u16;
    *map.entry(k).or_insert(next)
}

fn pair(map: &mut HashMap<u64, u32>, key: Option<&str>, category: Uuid) -> u32 {
    let Some(key) = key else { return NONE };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    category.hash(&mut h);
    let next = map.len() as u32;
    *map.entry(h.finish()).or_insert(next)
}

impl State {
    fn slot_of(&mut self, r: &Row) -> Slot {
        Slot {
            id: r.id,
            received: r.received_at.timestamp_micros(),
            reporter: pair(
                &mut self.reporter_pairs,
                r.reporter_hash.as_deref(),
                r.category_id,
            ),
            address: pair(
                &mut self.address_pairs,
                r.address_key.as_deref(),
                r.category_id,
            ),
            category: number(&mut self.categories, r.category_id),
            street: number(&mut self.streets, r.street_id),
            kind: kind_no(r.kind),
            open: !r.status.is_resolved(),
            live: true,
        }
    }

    fn find(&self, id: Uuid) -> Option<usize> {
        self.slots[..self.sorted]
            .binary_search_by(|s| s.id.cmp(&id))
            .ok()
            .or_else(|| self.added.get(&id).map(|&i| i as usize))
    }

    /// Writes the case's current values (a case no longer found is gone).
    fn apply(&mut self, id: Uuid, row: Option<&Row>) {
        let at = self.find(id);
        match (at, row) {
            (Some(i), Some(r)) => self.slots[i] = self.slot_of(r),
            (Some(i), None) => self.slots[i].live = false,
            (None, Some(r)) => {
                let s = self.slot_of(r);
                self.added.insert(id, self.slots.len() as u32);
                self.slots.push(s);
            }
            (None, None) => {}
        }
    }
}

/// The change feed's last place given.
async fn head(conn: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(change_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .map_or(0, |h| h.seq))
}

async fn load(conn: &impl ConnectionTrait) -> Result<State, DbErr> {
    let mut st = State {
        seq: head(conn).await?,
        ..Default::default()
    };
    // Keyset pages in id order: the slots come out sorted by id.
    let mut after: Option<Uuid> = None;
    loop {
        let mut sel = case::Entity::find()
            .order_by_asc(case::Column::Id)
            .limit(CHUNK);
        if let Some(a) = after {
            sel = sel.filter(case::Column::Id.gt(a));
        }
        let page = rows(sel).all(conn).await?;
        for r in &page {
            let s = st.slot_of(r);
            st.slots.push(s);
        }
        match page.last() {
            Some(r) if page.len() as u64 == CHUNK => after = Some(r.id),
            _ => break,
        }
    }
    st.sorted = st.slots.len();
    Ok(st)
}

/// Applies the sealed changes after the index's place, in order. Every commit seals its own
/// (`db::commit`, the command line's imports too), and start-up seals what a migration left.
async fn catch_up(st: &mut State, conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    use change::Column as C;
    loop {
        let feed: Vec<(Uuid, Option<i64>)> = change::Entity::find()
            .select_only()
            .columns([C::EntityId, C::Seq])
            .filter(C::Collection.eq(ChangeCollection::Cases))
            .filter(C::Seq.gt(st.seq))
            .order_by_asc(C::Seq)
            .limit(CHUNK)
            .into_tuple()
            .all(conn)
            .await?;
        let more = feed.len() as u64 == CHUNK;
        let last = feed.last().and_then(|f| f.1);
        apply_ids(st, conn, feed.into_iter().map(|f| f.0).collect()).await?;
        if let Some(seq) = last {
            st.seq = seq;
        }
        if !more {
            break;
        }
    }
    Ok(())
}

async fn apply_ids(
    st: &mut State,
    conn: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<(), DbErr> {
    for chunk in crate::store::shaped_chunks(ids, 500) {
        let found: HashMap<Uuid, Row> =
            rows(case::Entity::find().filter(case::Column::Id.is_in(chunk.clone())))
                .all(conn)
                .await?
                .into_iter()
                .map(|r| (r.id, r))
                .collect();
        for id in chunk {
            st.apply(id, found.get(&id));
        }
    }
    Ok(())
}

/// What one analysis asks.
pub struct Question<'a> {
    pub basis: ClusterBasis,
    /// Received in `[from, to)`, Unix microseconds.
    pub from: i64,
    pub to: i64,
    /// `Some(None)`: a street that does not exist (nothing matches).
    pub street: Option<Option<Uuid>>,
    pub categories: Option<&'a [Uuid]>,
    pub kind: Option<CaseKind>,
    pub min_count: u32,
    pub limit: usize,
    /// Case ids listed per cluster, the latest; `None`: all.
    pub per_cluster: Option<usize>,
}

/// One cluster as counted; `cases` are ids, latest last.
#[derive(Debug, Clone)]
pub struct Found {
    pub basis: ClusterBasis,
    pub category_id: Uuid,
    pub count: u64,
    pub first_at: i64,
    pub last_at: i64,
    pub unresolved: u64,
    pub cases: Vec<Uuid>,
    /// The pair's number, for a stable order among equals.
    order: u32,
}

impl Found {
    /// Largest first; equal sizes by the earlier first case, then by the pair's number in this
    /// server's index (stable while it runs, not across restarts).
    pub fn rank(a: &Found, b: &Found) -> std::cmp::Ordering {
        b.count
            .cmp(&a.count)
            .then_with(|| a.first_at.cmp(&b.first_at))
            .then_with(|| a.basis.cmp(&b.basis))
            .then_with(|| a.order.cmp(&b.order))
    }
}

impl ClusterIndex {
    /// For each question, the clusters of its basis (the `limit` largest) and how many there
    /// are, all as of one moment.
    pub async fn clusters(
        &self,
        conn: &impl ConnectionTrait,
        questions: &[Question<'_>],
    ) -> Result<Vec<(Vec<Found>, u64)>, DbErr> {
        let mut guard = self.state.lock().await;
        let st = match guard.as_mut() {
            Some(st) => st,
            None => {
                let started = std::time::Instant::now();
                let st = load(conn).await?;
                tracing::info!(
                    cases = st.slots.len(),
                    ms = started.elapsed().as_millis() as u64,
                    "the cluster index was loaded"
                );
                guard.insert(st)
            }
        };
        catch_up(st, conn).await?;
        Ok(questions.iter().map(|q| st.answer(q)).collect())
    }
}

impl State {
    fn answer(&self, q: &Question<'_>) -> (Vec<Found>, u64) {
        let street = match q.street {
            Some(None) => return (Vec::new(), 0),
            Some(Some(id)) => match self.streets.get(&id) {
                Some(&n) => Some(n),
                None => return (Vec::new(), 0),
            },
            None => None,
        };
        let categories: Option<Vec<bool>> = q.categories.map(|ids| {
            let mut mask = vec![false; self.categories.len()];
            for id in ids {
                if let Some(&n) = self.categories.get(id) {
                    mask[n as usize] = true;
                }
            }
            mask
        });
        let kind = q.kind.map(kind_no);
        let (pairs, of): (usize, fn(&Slot) -> u32) = match q.basis {
            ClusterBasis::Reporter => (self.reporter_pairs.len(), |s| s.reporter),
            ClusterBasis::Address => (self.address_pairs.len(), |s| s.address),
        };
        let wanted = |s: &Slot| {
            s.live
                && of(s) != NONE
                && s.received >= q.from
                && s.received < q.to
                && street.is_none_or(|n| s.street == n)
                && kind.is_none_or(|k| s.kind == k)
                && categories
                    .as_ref()
                    .is_none_or(|m| m.get(s.category as usize).copied().unwrap_or(false))
        };
        // One pass over every slot; the next two go over the period's matching slots only (a
        // month is a twenty-fourth of two years: the three full passes this replaced were a
        // quarter of the server's time under the analyses bench).
        let mut counts = vec![0u32; pairs];
        let mut matching: Vec<&Slot> = Vec::new();
        for s in self.slots.iter().filter(|s| wanted(s)) {
            counts[of(s) as usize] += 1;
            matching.push(s);
        }
        let min = q.min_count.max(1);
        let category_ids: HashMap<u16, Uuid> =
            self.categories.iter().map(|(id, n)| (*n, *id)).collect();
        // The clusters, in a slot per qualifying pair.
        let mut at = vec![NONE; pairs];
        let mut found: Vec<Found> = Vec::new();
        for &s in &matching {
            let p = of(s) as usize;
            if counts[p] < min {
                continue;
            }
            if at[p] == NONE {
                at[p] = found.len() as u32;
                found.push(Found {
                    basis: q.basis,
                    category_id: category_ids.get(&s.category).copied().unwrap_or_default(),
                    count: u64::from(counts[p]),
                    first_at: s.received,
                    last_at: s.received,
                    unresolved: 0,
                    cases: Vec::new(),
                    order: p as u32,
                });
            }
            let f = &mut found[at[p] as usize];
            f.first_at = f.first_at.min(s.received);
            f.last_at = f.last_at.max(s.received);
            f.unresolved += u64::from(s.open);
        }
        let total = found.len() as u64;
        found.sort_by(Found::rank);
        found.truncate(q.limit);
        // The listed cases of those kept: their slots, latest last.
        let mut keep = vec![NONE; pairs];
        for (i, f) in found.iter().enumerate() {
            keep[f.order as usize] = i as u32;
        }
        let mut members: Vec<Vec<(i64, Uuid)>> = vec![Vec::new(); found.len()];
        for &s in &matching {
            let i = keep[of(s) as usize];
            if i != NONE {
                members[i as usize].push((s.received, s.id));
            }
        }
        for (f, mut m) in found.iter_mut().zip(members) {
            m.sort_unstable();
            if let Some(n) = q.per_cluster {
                let skip = m.len().saturating_sub(n);
                m.drain(..skip);
            }
            f.cases = m.into_iter().map(|x| x.1).collect();
        }
        (found, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: i64 = 86_400_000_000;

    fn row(n: u128, who: Option<&str>, at: Option<&str>, cat: u128, day: i64, open: bool) -> Row {
        Row {
            id: Uuid::from_u128(n),
            reporter_hash: who.map(str::to_owned),
            address_key: at.map(str::to_owned),
            category_id: Uuid::from_u128(cat),
            street_id: Uuid::from_u128(if n.is_multiple_of(2) { 100 } else { 101 }),
            kind: CaseKind::Demand,
            status: if open {
                CaseStatus::InProgress
            } else {
                CaseStatus::Resolved
            },
            received_at: DateTime::from_timestamp_micros(day * D).unwrap_or_default(),
        }
    }

    fn state(rows: &[Row]) -> State {
        let mut st = State::default();
        let mut sorted: Vec<&Row> = rows.iter().collect();
        sorted.sort_by_key(|r| r.id);
        for r in sorted {
            let s = st.slot_of(r);
            st.slots.push(s);
        }
        st.sorted = st.slots.len();
        st
    }

    fn ask(basis: ClusterBasis, from: i64, to: i64) -> Question<'static> {
        Question {
            basis,
            from: from * D,
            to: to * D,
            street: None,
            categories: None,
            kind: None,
            min_count: 2,
            limit: 100,
            per_cluster: None,
        }
    }

    fn ids(f: &Found) -> Vec<u128> {
        f.cases.iter().map(|u| u.as_u128()).collect()
    }

    #[test]
    fn a_cluster_is_a_key_and_category_reached_twice_within_the_period() {
        let st = state(&[
            row(1, Some("a"), None, 7, 10, false),
            row(2, Some("a"), None, 7, 12, true),
            row(3, Some("a"), None, 8, 13, false), // another category
            row(4, Some("b"), None, 7, 11, false), // once
            row(5, Some("a"), None, 7, 40, false), // after the period
            row(6, None, None, 7, 11, false),      // no reporter
        ]);
        let (found, total) = st.answer(&ask(ClusterBasis::Reporter, 0, 30));
        assert_eq!(total, 1);
        let f = &found[0];
        assert_eq!(
            (f.count, f.unresolved, f.first_at, f.last_at),
            (2, 1, 10 * D, 12 * D)
        );
        assert_eq!((ids(f), f.category_id), (vec![1, 2], Uuid::from_u128(7)));
        let (_, total) = st.answer(&ask(ClusterBasis::Reporter, 0, 41));
        assert_eq!(total, 1, "still one cluster, of three");
        let (found, _) = st.answer(&Question {
            min_count: 3,
            ..ask(ClusterBasis::Reporter, 0, 41)
        });
        assert_eq!(ids(&found[0]), vec![1, 2, 5]);
    }

    #[test]
    fn filters_limit_and_the_latest_listed_cases() {
        let mut rows = Vec::new();
        for n in 0..10u128 {
            rows.push(row(
                10 + n,
                None,
                Some("河坊街 1 号"),
                7,
                10 + n as i64,
                false,
            ));
        }
        rows.push(row(30, None, Some("河坊街 2 号"), 7, 5, false));
        rows.push(row(32, None, Some("河坊街 2 号"), 7, 6, false));
        let st = state(&rows);
        let (found, total) = st.answer(&Question {
            per_cluster: Some(3),
            ..ask(ClusterBasis::Address, 0, 30)
        });
        assert_eq!(total, 2);
        assert_eq!(found[0].count, 10, "largest first");
        assert_eq!(
            ids(&found[0]),
            vec![17, 18, 19],
            "the latest three, oldest first"
        );
        assert_eq!(
            found[0].first_at,
            10 * D,
            "the first of all the cluster's cases"
        );
        let (found, total) = st.answer(&Question {
            limit: 1,
            ..ask(ClusterBasis::Address, 0, 30)
        });
        assert_eq!((found.len(), total), (1, 2));
        // Cases 30 and 32 are in street 100 (even ids); the big cluster alternates.
        let street = Some(Some(Uuid::from_u128(100)));
        let (found, _) = st.answer(&Question {
            street,
            ..ask(ClusterBasis::Address, 0, 30)
        });
        assert_eq!(
            found.iter().map(|f| f.count).collect::<Vec<_>>(),
            vec![5, 2]
        );
        let other = [Uuid::from_u128(8)];
        let (found, total) = st.answer(&Question {
            categories: Some(&other),
            ..ask(ClusterBasis::Address, 0, 30)
        });
        assert_eq!((found.len(), total), (0, 0));
        let (_, total) = st.answer(&Question {
            street: Some(None),
            ..ask(ClusterBasis::Address, 0, 30)
        });
        assert_eq!(total, 0, "an unknown street matches nothing");
    }

    #[test]
    fn a_change_moves_a_case_and_a_deletion_removes_it() {
        let mut st = state(&[
            row(1, Some("a"), None, 7, 10, false),
            row(2, Some("b"), None, 7, 12, false),
        ]);
        assert_eq!(st.answer(&ask(ClusterBasis::Reporter, 0, 30)).1, 0);
        // Corrected to reporter a; a new case of a arrives.
        st.apply(
            Uuid::from_u128(2),
            Some(&row(2, Some("a"), None, 7, 12, true)),
        );
        st.apply(
            Uuid::from_u128(3),
            Some(&row(3, Some("a"), None, 7, 14, false)),
        );
        let (found, _) = st.answer(&ask(ClusterBasis::Reporter, 0, 30));
        assert_eq!((ids(&found[0]), found[0].unresolved), (vec![1, 2, 3], 1));
        st.apply(Uuid::from_u128(1), None);
        st.apply(Uuid::from_u128(3), None);
        assert_eq!(st.answer(&ask(ClusterBasis::Reporter, 0, 30)).1, 0);
    }
}
