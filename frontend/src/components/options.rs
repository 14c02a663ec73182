//! (value, text) options of the `<select>`s, and reading the chosen value back.

use crate::i18n::t;

/// (value, text) options of an enum, optionally led by "全部".
pub fn enum_options<E: Copy>(
    all: &[E],
    with_all: bool,
    value: fn(E) -> &'static str,
    name: fn(E) -> &'static str,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if with_all {
        out.push((String::new(), t().all.to_owned()));
    }
    out.extend(
        all.iter()
            .map(|k| (value(*k).to_owned(), name(*k).to_owned())),
    );
    out
}

/// 全部 / 启用 / 停用.
pub fn active_options() -> Vec<(String, String)> {
    let tx = t();
    vec![
        (String::new(), tx.all.to_owned()),
        ("true".into(), tx.active.to_owned()),
        ("false".into(), tx.inactive.to_owned()),
    ]
}

pub fn parse_active(s: &str) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}
