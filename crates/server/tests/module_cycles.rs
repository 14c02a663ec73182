//! The server's modules depend on each other in one direction only: no import cycles, neither
//! between the top-level modules (routes → http → state → auth, services → store → entities …)
//! nor between the workflow services or the stores. Read from the `use` lines and `crate::…`
//! paths of the source, so that a new cycle fails here instead of growing unnoticed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules whose children are checked as modules of their own.
const SPLIT: &[&str] = &["services", "store", "domain", "http", "routes", "auth"];

/// The module a file defines: `services/agenda.rs` → `services::agenda`, `http/mod.rs` → `http`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The node a module path belongs to: `services::agenda::x` → `services::agenda`, `error` → `error`.
fn node(path: &[String]) -> Option<String> {
    let first = path.first()?;
    match path.get(1) {
        Some(second) if SPLIT.contains(&first.as_str()) => Some(format!("{first}::{second}")),
        _ => Some(first.clone()),
    }
}

fn read_dir(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            read_dir(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// Every `crate::a::b` and `super::b` path in the text, as module paths (identifiers only).
fn referenced(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for prefix in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix) {
            let at = from + i;
            from = at + prefix.len();
            // Not the tail of a longer identifier (e.g. `yanpan_crate::`).
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let rest = &text[from..];
            let mut path: Vec<String> = Vec::new();
            let mut cur = rest;
            loop {
                let ident: String = cur
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if ident.is_empty() {
                    // A group `{a, b::c}`: each member is a path of its own.
                    if let Some(group) = cur.strip_prefix('{') {
                        let end = group.find('}').unwrap_or(group.len());
                        for member in group[..end].split(',') {
                            let first: String = member
                                .trim()
                                .chars()
                                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                                .collect();
                            if !first.is_empty() && first != "self" {
                                let mut p = path.clone();
                                p.push(first);
                                out.push(p);
                            }
                        }
                    }
                    break;
                }
                path.push(ident.clone());
                cur = &cur[ident.len()..];
                match cur.strip_prefix("::") {
                    Some(next) => cur = next,
                    None => break,
                }
            }
            if path.is_empty() {
                continue;
            }
            let full = if prefix == "super::" {
                let mut p = here[..here.len().saturating_sub(1)].to_vec();
                p.extend(path);
                p
            } else {
                path
            };
            out.push(full);
        }
    }
    out
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_owned(), 1);
        stack.push(n.to_owned());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn graph_of(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in files {
        let here = module_of(rel);
        if here.first().is_some_and(|f| f == "bin") {
            continue;
        }
        let Some(from) = node(&here) else { continue };
        let entry = graph.entry(from.clone()).or_default();
        // Only the code, not its unit tests (a test may reach anywhere).
        let code = text.split("#[cfg(test)]").next().unwrap_or(text);
        let mut paths = referenced(code, &here);
        // A module imported by name (`use crate::store;`) and used as `store::agenda::find`.
        let imported: Vec<Vec<String>> = paths.clone();
        for p in imported {
            let Some(name) = p.last() else { continue };
            let needle = format!("{name}::");
            let mut from_i = 0;
            while let Some(i) = code[from_i..].find(&needle) {
                let at = from_i + i;
                from_i = at + needle.len();
                let before = code[..at].chars().last();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let ident: String = code[from_i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !ident.is_empty() {
                    let mut q = p.clone();
                    q.push(ident);
                    paths.push(q);
                }
            }
        }
        for path in paths {
            if let Some(to) = node(&path)
                && to != from
                // A parent's items (e.g. `services::now`) are not a sibling module.
                && !(to.split("::").count() == 1 && from.starts_with(&format!("{to}::")))
            {
                entry.insert(to);
            }
        }
    }
    graph
}

#[test]
fn the_server_has_no_import_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_dir(&src, &src, &mut files);
    let graph = graph_of(&files);
    assert!(graph.len() > 30, "the graph looks too small: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_checker_finds_a_cycle_when_there_is_one() {
    let files = vec![
        (
            "services/a.rs".to_owned(),
            "use super::b;\nuse crate::store::x;".to_owned(),
        ),
        (
            "services/b.rs".to_owned(),
            "use crate::services::{a, c};".to_owned(),
        ),
        ("store/x.rs".to_owned(), "use crate::error::E;".to_owned()),
    ];
    let graph = graph_of(&files);
    let cycle = find_cycle(&graph).expect("a → b → a");
    assert!(cycle.contains(&"services::a".to_owned()) && cycle.contains(&"services::b".to_owned()));
    let acyclic = vec![(
        "services/a.rs".to_owned(),
        "use crate::store::x;".to_owned(),
    )];
    assert!(find_cycle(&graph_of(&acyclic)).is_none());
    // Through a module imported by name.
    let named = vec![
        (
            "services/a.rs".to_owned(),
            "use crate::store;\nfn f() { store::x::find(); }".to_owned(),
        ),
        (
            "store/x.rs".to_owned(),
            "use crate::services::a;".to_owned(),
        ),
    ];
    assert!(find_cycle(&graph_of(&named)).is_some());
}
