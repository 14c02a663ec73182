//! Embeds the route handlers' sources, so that the OpenAPI document can say which roles may call
//! each operation from the one place that decides it: the `Authed<RoleSet>` of each handler.

use std::fmt::Write as _;

fn main() {
    let dir = std::path::Path::new("src/routes");
    println!("cargo:rerun-if-changed=src/routes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "rs"));
    files.sort();
    let mut out = String::from(
        "/// The sources of `src/routes/*.rs`.\npub const ROUTE_SOURCES: &[&str] = &[\n",
    );
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = std::fs::canonicalize(&f).unwrap_or(f);
        let _ = writeln!(out, "    include_str!({:?}),", abs.display().to_string());
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("route_sources.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("writing {}: {e}", dest.display());
    }
}
