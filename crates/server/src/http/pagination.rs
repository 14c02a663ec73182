//! List answers: the page as JSON, with `Link` (first/prev/next/last) and `X-Total-Count`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use yanpan_types::Page;

/// Builds the 200 answer of a list endpoint.
pub fn paged<T: Serialize>(req: &HttpRequest, page: Page<T>) -> HttpResponse {
    let last = page.last_page();
    let mut links = vec![(1, "first")];
    if page.page > 1 {
        links.push((page.page.saturating_sub(1).min(last), "prev"));
    }
    if page.page < last {
        links.push((page.page + 1, "next"));
    }
    links.push((last, "last"));
    let base: Vec<(String, String)> = url_pairs(req.query_string())
        .into_iter()
        .filter(|(k, _)| k != "page" && k != "page_size")
        .collect();
    let link = links
        .into_iter()
        .map(|(p, rel)| {
            let mut q: Vec<(String, String)> = base.clone();
            q.push(("page".into(), p.to_string()));
            q.push(("page_size".into(), page.page_size.to_string()));
            let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
            format!("<{}?{}>; rel=\"{}\"", req.path(), qs, rel)
        })
        .collect::<Vec<_>>()
        .join(", ");
    HttpResponse::build(StatusCode::OK)
        .insert_header(("Link", link))
        .insert_header(("X-Total-Count", page.total.to_string()))
        .json(page)
}

/// The 200 answer of a list that is read whole (a meeting's agenda, participants, …): the same
/// envelope and headers as a page, with every item on page 1.
pub fn whole<T: Serialize>(req: &HttpRequest, items: Vec<T>) -> HttpResponse {
    let n = items.len() as u64;
    paged(
        req,
        Page {
            items,
            total: n,
            page: 1,
            page_size: n.max(1),
        },
    )
}

fn url_pairs(qs: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(qs).unwrap_or_default()
}
