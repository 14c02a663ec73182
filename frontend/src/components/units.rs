//! The district's units as the pages offer them for choosing.

use yanpan_client::ops;
use yanpan_types::{PageParams, Unit, UnitQuery};

use crate::api;

/// All active units (one page of 100 is the whole district).
pub async fn active_units() -> Vec<Unit> {
    let q = UnitQuery {
        active: Some(true),
        ..Default::default()
    };
    let q = &q;
    api::call(ops::list_units(q, PageParams::new(1, 100)))
        .await
        .map(|p| p.items)
        .unwrap_or_default()
}
