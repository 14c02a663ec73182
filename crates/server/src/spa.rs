//! The built SPA: hashed assets cached for a year; `index.html` (via the fallback) never cached.
//! Under `/pkg/` are also the wasm chunks of the lazily loaded pages, fetched by name on a page's
//! first visit; a name that is not there (a chunk of an older build) is a 404, never `index.html`.

use std::path::PathBuf;

use actix_files::Files;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{Error, web};

pub fn configure(cfg: &mut web::ServiceConfig, dir: Option<PathBuf>) {
    let Some(dir) = dir else { return };
    for sub in ["assets", "pkg"] {
        let path = dir.join(sub);
        if path.is_dir() {
            cfg.service(
                web::scope(&format!("/{sub}"))
                    .wrap(from_fn(cache_found))
                    .service(Files::new("", path).prefer_utf8(true)),
            );
        }
    }
}

/// A hashed name always has the same content, so a file found is cached for a year. A miss is
/// not cached (the request-context middleware makes it `no-store`): a browser that kept the 404
/// of a chunk requested too early in a deploy would never load that page again.
async fn cache_found(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use actix_web::{App, test};

    use super::*;

    #[actix_web::test]
    async fn a_file_found_is_immutable_and_a_missing_chunk_is_an_uncached_404() {
        let dir = std::env::temp_dir().join(format!("yanpan-spa-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(
            dir.join("pkg/split_admin-0123abcd.wasm"),
            b"\0asm\x01\0\0\0",
        )
        .unwrap();
        let app =
            test::init_service(App::new().configure(|c| configure(c, Some(dir.clone())))).await;

        let found = test::call_service(
            &app,
            test::TestRequest::get()
                .uri("/pkg/split_admin-0123abcd.wasm")
                .to_request(),
        )
        .await;
        assert_eq!(found.status(), StatusCode::OK);
        assert_eq!(
            found.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/wasm"
        );
        assert_eq!(
            found.headers().get(header::CACHE_CONTROL).unwrap(),
            "public, max-age=31536000, immutable"
        );

        let missing = test::call_service(
            &app,
            test::TestRequest::get()
                .uri("/pkg/split_admin-ffffffff.wasm")
                .to_request(),
        )
        .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(missing.headers().get(header::CACHE_CONTROL).is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
