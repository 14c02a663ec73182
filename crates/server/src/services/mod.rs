//! Domain services, one module per aggregate. Each takes `&impl ConnectionTrait`: the caller owns
//! the transaction, and the audit row goes into the same one.

pub mod audit;
pub mod service_accounts;
pub mod sessions;
pub mod units;
pub mod users;

use std::str::FromStr;

use chrono::{DateTime, SubsecRound, Utc};

use crate::error::ApiError;

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
