//! The server's clock, at the precision both databases store.

use chrono::{DateTime, SubsecRound, Utc};

/// Now, to the microsecond (what both databases store).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
