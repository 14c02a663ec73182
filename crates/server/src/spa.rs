//! The built SPA: hashed assets cached for a year; `index.html` (via the fallback) never cached.

use std::path::PathBuf;

use actix_files::Files;
use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig, dir: Option<PathBuf>) {
    let Some(dir) = dir else { return };
    for sub in ["assets", "pkg"] {
        let path = dir.join(sub);
        if path.is_dir() {
            cfg.service(
                web::scope(&format!("/{sub}"))
                    .wrap(
                        DefaultHeaders::new()
                            .add((header::CACHE_CONTROL, "public, max-age=31536000, immutable")),
                    )
                    .service(Files::new("", path).prefer_utf8(true)),
            );
        }
    }
}
