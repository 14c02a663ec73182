//! `/audit-log`: read-only; no operation changes or deletes it.

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::{AuditEntry, AuditQuery, Page, PageParams};

use crate::auth::AuditReaders;
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{ValidQuery, paged};
use crate::services::audit;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit_log);
}

/// Search the audit log, newest first.
#[utoipa::path(tag = "audit", params(PageParams, AuditQuery), responses(
    (status = 200, description = "A page of audit entries", body = Page<AuditEntry>),
))]
#[get("/audit-log")]
pub async fn list_audit_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<AuditReaders>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<AuditQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, audit::list(&state.db, &q, *page).await?))
}
