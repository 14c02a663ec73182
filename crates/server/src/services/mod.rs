//! Domain services, one module per aggregate. Each takes `&impl ConnectionTrait`: the caller owns
//! the transaction, and the audit row goes into the same one.

pub mod agenda;
pub mod attachments;
pub mod audit;
pub mod calendar;
pub mod conclusions;
pub mod escalations;
pub mod meetings;
pub mod search;
pub mod service_accounts;
pub mod sessions;
pub mod submissions;
pub mod units;
pub mod users;

use std::str::FromStr;

use chrono::{DateTime, SubsecRound, Utc};

use crate::error::ApiError;

/// Saves an active model only if the row still has the version read: 0 rows means someone else
/// changed it first (412).
#[macro_export]
macro_rules! save_versioned {
    ($conn:expr, $entity:path, $am:expr, $id_col:expr, $id:expr, $version:expr) => {
        $crate::save_versioned!(
            $conn,
            $entity,
            $am,
            $id_col,
            $id,
            $version,
            $crate::error::ApiError::from
        )
    };
    // `$map_err` turns a database error into the API's answer (e.g. a foreign key into a 422).
    ($conn:expr, $entity:path, $am:expr, $id_col:expr, $id:expr, $version:expr, $map_err:expr) => {{
        use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
        let mut am = $am;
        am.version = sea_orm::Set($version + 1);
        let res = <$entity>::update_many()
            .set(am)
            .filter($id_col.eq($id))
            .filter(<$entity as sea_orm::EntityTrait>::Column::Version.eq($version))
            .exec($conn)
            .await
            .map_err($map_err)?;
        if res.rows_affected == 0 {
            return Err($crate::error::ApiError::PreconditionFailed);
        }
    }};
}

/// Now, to the microsecond (what both databases store).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Reads a stored enum; a bad value is a server bug, not the client's.
pub fn parse_stored<T: FromStr>(s: &str) -> Result<T, ApiError>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored value `{s}` is invalid: {e}")))
}

/// Escapes `%`, `_` and `\` for a LIKE pattern and wraps it in `%…%`.
pub fn like_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
