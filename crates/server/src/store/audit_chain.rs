//! The audit log's hash chain: sealing a transaction's new rows right before it commits, and
//! checking the whole chain (`yanpan audit verify`).
//!
//! Each sealed row has a place `chain_seq` (1, 2, 3, … without gaps) and `chain_hash` =
//! SHA-256(previous row's hash, its place, its content). Editing a row's content breaks its own
//! hash; deleting or inserting a row breaks the places or the next row's link; deleting the tail
//! leaves the chain's head (`audit_chain_head`) pointing past the last row.
//!
//! Sealing takes the head's row lock as the very last step of a transaction, so a transaction
//! never waits for another lock while it holds the head: the lock orders commits that audited
//! something without any chance of a deadlock. Rows are sealed from what the sealing transaction
//! sees: its own rows, and rows that others committed without sealing (the command line's), in
//! the order they were written.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entities::{audit_chain_head, audit_log};

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How many rows `verify` reads at a time.
const BATCH: u64 = 1000;

/// The hash of a row at its place after `prev`. The content is the row's fields as stored (as
/// read back from the database, so that both databases' own formats of time and JSON are what
/// is hashed), as one JSON array.
pub fn link(prev: &str, seq: i64, row: &audit_log::Model) -> String {
    let content = serde_json::json!([
        row.id,
        row.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        row.actor_kind,
        row.actor_id,
        row.actor_name,
        row.entity.as_str(),
        row.entity_id,
        row.action.as_str(),
        row.before,
        row.after,
        row.request_id,
    ]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(seq.to_string().as_bytes());
    h.update(b"\n");
    h.update(content.to_string().as_bytes());
    hex::encode(h.finalize())
}

/// Seals every unsealed row this transaction sees, after the chain's head. Call it last before
/// commit. Returns how many rows were sealed; without any, it takes no lock.
pub async fn seal(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let any = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Id)
        .filter(audit_log::Column::ChainSeq.is_null())
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let head = audit_chain_head::Entity::find_by_id(1)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_chain_head".into()))?;
    // Read after the lock: on PostgreSQL each statement sees what committed before it, so rows
    // that another transaction sealed while this one waited are no longer unsealed here.
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::ChainSeq.is_null())
        .order_by_asc(audit_log::Column::At)
        .order_by_asc(audit_log::Column::Id)
        .all(conn)
        .await?;
    let (mut seq, mut hash) = (head.seq, head.hash.clone());
    let sealed = rows.len() as u64;
    for row in rows {
        seq += 1;
        hash = link(&hash, seq, &row);
        audit_log::Entity::update_many()
            .col_expr(audit_log::Column::ChainSeq, seq.into())
            .col_expr(audit_log::Column::ChainHash, hash.clone().into())
            .filter(audit_log::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
    }
    let mut head: audit_chain_head::ActiveModel = head.into();
    head.seq = Set(seq);
    head.hash = Set(hash);
    head.update(conn).await?;
    Ok(sealed)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Rows checked in the chain.
    pub sealed: u64,
    /// Rows not sealed yet (written by a transaction that has not committed, or by one that
    /// committed without sealing; the next sealing commit takes them).
    pub unsealed: u64,
    /// The first place where the chain does not hold, if any.
    pub broken: Option<Break>,
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The place expected there.
    pub seq: i64,
    /// The row found there (none when the chain's tail is missing).
    pub id: Option<Uuid>,
    pub reason: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.id {
            Some(id) => write!(f, "row {id} at place {}: {}", self.seq, self.reason),
            None => write!(f, "place {}: {}", self.seq, self.reason),
        }
    }
}

/// Recomputes the chain from its first row and compares each place, link and hash, then the
/// head. Reads in batches, so its memory does not grow with the log.
pub async fn verify(conn: &impl ConnectionTrait) -> Result<Verdict, DbErr> {
    let unsealed = audit_log::Entity::find()
        .filter(audit_log::Column::ChainSeq.is_null())
        .count(conn)
        .await?;
    let (mut expected, mut prev, mut sealed) = (1_i64, GENESIS.to_owned(), 0_u64);
    let broken = |seq, id, reason: String| Break { seq, id, reason };
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::ChainSeq.gte(expected))
            .order_by_asc(audit_log::Column::ChainSeq)
            .limit(BATCH)
            .all(conn)
            .await?;
        let done = (rows.len() as u64) < BATCH;
        for row in rows {
            let at = row.chain_seq.unwrap_or_default();
            if at != expected {
                let reason = format!("the chain skips from place {} to {at}", expected - 1);
                return Ok(Verdict {
                    sealed,
                    unsealed,
                    broken: Some(broken(expected, Some(row.id), reason)),
                });
            }
            let hash = link(&prev, at, &row);
            if row.chain_hash.as_deref() != Some(hash.as_str()) {
                let reason = "its content or its link to the row before was changed".to_owned();
                return Ok(Verdict {
                    sealed,
                    unsealed,
                    broken: Some(broken(at, Some(row.id), reason)),
                });
            }
            prev = hash;
            expected += 1;
            sealed += 1;
        }
        if done {
            break;
        }
    }
    let head = audit_chain_head::Entity::find_by_id(1).one(conn).await?;
    let broken = match head {
        None => Some(broken(expected, None, "the chain's head is missing".into())),
        Some(h) if h.seq != expected - 1 || h.hash != prev => Some(broken(
            expected,
            None,
            format!(
                "the chain ends at place {} but its head records place {}: rows were removed",
                expected - 1,
                h.seq
            ),
        )),
        Some(_) => None,
    };
    Ok(Verdict {
        sealed,
        unsealed,
        broken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yanpan_types::{AuditAction, AuditEntity};

    fn row() -> audit_log::Model {
        audit_log::Model {
            id: Uuid::nil(),
            at: chrono::DateTime::parse_from_rfc3339("2026-11-28T08:00:00.123456Z")
                .unwrap()
                .into(),
            actor_kind: "user".into(),
            actor_id: None,
            actor_name: "王芳".into(),
            entity: AuditEntity::Meeting,
            entity_id: None,
            action: AuditAction::Create,
            before: None,
            after: Some(serde_json::json!({"title": "11月例会"})),
            request_id: None,
            chain_seq: None,
            chain_hash: None,
        }
    }

    #[test]
    fn a_link_depends_on_the_previous_hash_the_place_and_every_field() {
        let base = link(GENESIS, 1, &row());
        assert_eq!(base.len(), 64);
        assert_eq!(base, link(GENESIS, 1, &row()));
        assert_ne!(base, link(&"1".repeat(64), 1, &row()));
        assert_ne!(base, link(GENESIS, 2, &row()));
        let mut edited = row();
        edited.actor_name = "王芬".into();
        assert_ne!(base, link(GENESIS, 1, &edited));
        let mut edited = row();
        edited.after = Some(serde_json::json!({"title": "12月例会"}));
        assert_ne!(base, link(GENESIS, 1, &edited));
    }
}
