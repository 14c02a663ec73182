//! The choices of the case filters: the district's streets and the case category dictionary, as
//! (value, text) options led by "全部" (shared by 案件 and 研判分析).

use yanpan_client::ops;
use yanpan_types::{PageParams, UnitKind, UnitQuery};

use crate::api;
use crate::i18n::t;

/// The streets as options: (unit code, name). The analysis and case filters take codes.
pub async fn street_options() -> Vec<(String, String)> {
    let q = UnitQuery {
        kind: Some(UnitKind::Street),
        ..Default::default()
    };
    let q = &q;
    let mut out = vec![(String::new(), t().all.to_owned())];
    if let Ok(p) = api::call(ops::list_units(q, PageParams::new(1, 100))).await {
        out.extend(p.items.into_iter().map(|u| (u.code, u.name)));
    }
    out
}

/// The categories as options: (code, name), a subcategory indented under its parent (the API
/// lists each first-level category followed by its own).
pub async fn category_options() -> Vec<(String, String)> {
    let mut out = vec![(String::new(), t().all.to_owned())];
    if let Ok(cs) = api::call(ops::list_case_categories()).await {
        out.extend(cs.into_iter().filter(|c| c.active).map(|c| {
            let name = if c.parent_code.is_some() {
                format!("\u{3000}{}", c.name)
            } else {
                c.name
            };
            (c.code, name)
        }));
    }
    out
}
