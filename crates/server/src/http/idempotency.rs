//! `Idempotency-Key` on `POST`: the first answer is stored and replayed for the same key and body;
//! the same key with another body is refused (422); a key still in flight answers 409.
//! Keys are scoped to the caller and expire after `server.idempotency_ttl_secs` (24 h by default).
//!
//! The answer is stored in the handler's own transaction (the handler's commit is deferred to
//! here, `db::DEFERRED_COMMIT`): a change exists if and only if its answer does, so a crash can
//! neither lose the answer of a committed change nor replay one that never committed. A claim
//! whose request died before committing (no answer after `ABANDONED_SECS`) is taken over by the
//! next request with the key. Uploads (multipart, up to the upload limit) are replayed too.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{Error, HttpResponse, ResponseError};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use yanpan_types::ProblemCode;

use crate::clock::now;
use crate::db;
use crate::entities::idempotency_key as key_row;
use crate::error::ApiError;
use crate::http::authn::Authentication;
use crate::state::AppState;
use actix_web::HttpMessage;

pub const HEADER: &str = "idempotency-key";
/// A claim without an answer this old belongs to a request that died: longer than any request
/// may run.
const ABANDONED_SECS: i64 = 300;
pub const REPLAYED: &str = "idempotent-replayed";

fn valid_key(k: &str) -> bool {
    !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

fn respond(err: ApiError, req: ServiceRequest) -> ServiceResponse<BoxBody> {
    let res = err.error_response();
    req.into_response(res)
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let applies = req.method() == Method::POST
        && req.path().starts_with("/api/v1/")
        && !req.path().starts_with("/api/v1/auth/");
    let key = req
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().unwrap_or("\u{0}").to_owned());
    let (Some(key), true) = (key, applies) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if !valid_key(&key) {
        return Ok(respond(
            ApiError::bad_request(
                ProblemCode::InvalidIdempotencyKey,
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            ),
            req,
        ));
    }
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Scope: the verified caller. Without a valid token the handler answers 401 by itself.
    // (Only a caller the authentication middleware accepted: a token of an ended session never
    // replays what its user's earlier session stored.)
    let scope = req
        .extensions()
        .get::<Authentication>()
        .and_then(|a| match a {
            Authentication::Principal(p) => Some(format!("{}:{}", p.kind.as_str(), p.id)),
            _ => None,
        });
    let Some(scope) = scope else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };

    let (http_req, mut payload) = req.into_parts();
    // The same limits as the handlers': uploads may be as large as an attachment may be.
    let multipart = http_req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let limit = if multipart {
        state.settings.server.upload_limit_bytes
    } else if http_req.path().ends_with("/cases/batch") {
        state.settings.cases.intake_limit_bytes
    } else {
        state.settings.server.json_limit_bytes
    };
    let body = match read_body(&mut payload, limit).await {
        Ok(b) => b,
        Err(err) => return Ok(ServiceResponse::new(http_req, err.error_response())),
    };
    let content_type = http_req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut h = Sha256::new();
    h.update(http_req.method().as_str());
    h.update([0]);
    h.update(http_req.uri().to_string());
    h.update([0]);
    match multipart_boundary(&content_type) {
        // A client builds a new boundary for every try of the same upload: the request is the
        // same whatever its boundary.
        Some(boundary) => {
            h.update(content_type.split(';').next().unwrap_or_default().trim());
            h.update([0]);
            h.update(replace_all(&body, boundary.as_bytes(), b"\0boundary\0"));
        }
        None => {
            h.update(&content_type);
            h.update([0]);
            h.update(&body);
        }
    }
    let hash = hex::encode(h.finalize());
    let path = http_req.uri().to_string();

    let lookup = key_row::Entity::find()
        .filter(key_row::Column::Scope.eq(scope.as_str()))
        .filter(key_row::Column::Key.eq(key.as_str()))
        .one(&state.db)
        .await;
    match lookup {
        Err(e) => {
            return Ok(ServiceResponse::new(
                http_req,
                ApiError::from(e).error_response(),
            ));
        }
        Ok(Some(row))
            if row.expires_at <= now()
                || (row.status.is_none()
                    && row.created_at + Duration::seconds(ABANDONED_SECS) <= now()) =>
        {
            // Expired, or claimed by a request that died before committing anything.
            let _ = key_row::Entity::delete_by_id(row.id).exec(&state.db).await;
        }
        Ok(Some(row)) => return Ok(ServiceResponse::new(http_req, replay(&row, &hash, &path))),
        Ok(None) => {}
    }
    let t = now();
    let row = key_row::ActiveModel {
        id: Set(Uuid::now_v7()),
        scope: Set(scope),
        key: Set(key),
        method: Set("POST".into()),
        path: Set(path.chars().take(512).collect()),
        request_hash: Set(hash),
        status: Set(None),
        response_body: Set(None),
        content_type: Set(None),
        location: Set(None),
        etag: Set(None),
        created_at: Set(t),
        expires_at: Set(t + Duration::seconds(state.settings.server.idempotency_ttl_secs)),
    };
    let row_id = match row.insert(&state.db).await {
        Ok(r) => r.id,
        Err(e)
            if matches!(
                crate::error::sql_err(&e),
                Some(SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            let err = ApiError::conflict(
                ProblemCode::IdempotencyKeyInProgress,
                "a request with this Idempotency-Key is being handled",
            );
            return Ok(ServiceResponse::new(http_req, err.error_response()));
        }
        Err(e) => {
            return Ok(ServiceResponse::new(
                http_req,
                ApiError::from(e).error_response(),
            ));
        }
    };

    let req = ServiceRequest::from_parts(http_req, Payload::from(body));
    // The handler's commit waits in DEFERRED_COMMIT until its answer is known.
    let (res, deferred) = db::DEFERRED_COMMIT
        .scope(std::cell::RefCell::new(None), async move {
            let res = next.call(req).await;
            let deferred = db::DEFERRED_COMMIT.with(|slot| slot.borrow_mut().take());
            (res, deferred)
        })
        .await;
    let res = match res {
        Ok(r) => r,
        Err(e) => {
            // Nothing was answered: the change (if any) rolls back with `deferred`.
            drop(deferred);
            let _ = key_row::Entity::delete_by_id(row_id).exec(&state.db).await;
            return Err(e);
        }
    };
    let status = res.status();
    let (http_req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = match actix_web::body::to_bytes(body).await {
        Ok(b) => b,
        Err(_) => {
            drop(deferred);
            let _ = key_row::Entity::delete_by_id(row_id).exec(&state.db).await;
            let err = ApiError::Internal(anyhow::anyhow!("the answer could not be read"));
            return Ok(ServiceResponse::new(http_req, err.error_response()));
        }
    };
    let hv = |name: header::HeaderName| {
        head.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    if status.is_server_error() {
        // Not an answer worth keeping: undo, and let the client try again with the same key.
        drop(deferred);
        let _ = key_row::Entity::delete_by_id(row_id).exec(&state.db).await;
    } else {
        let stored = key_row::ActiveModel {
            id: Set(row_id),
            status: Set(Some(i32::from(status.as_u16()))),
            response_body: Set(Some(bytes.to_vec())),
            content_type: Set(hv(header::CONTENT_TYPE)),
            location: Set(hv(header::LOCATION)),
            etag: Set(hv(header::ETAG)),
            ..Default::default()
        };
        let saved = match deferred {
            // The change and its answer commit together, or neither does.
            Some(tx) => match stored.update(&*tx).await {
                Ok(_) => tx.commit_now().await,
                Err(e) => Err(e),
            },
            // No change was made (a refusal): the answer is kept on its own.
            None => stored.update(&state.db).await.map(|_| ()),
        };
        if let Err(e) = saved {
            tracing::error!(error = %e, "could not commit the change with its idempotent answer");
            let _ = key_row::Entity::delete_by_id(row_id).exec(&state.db).await;
            let err = ApiError::from(e);
            return Ok(ServiceResponse::new(http_req, err.error_response()));
        }
    }
    let res = head.set_body(bytes).map_into_boxed_body();
    Ok(ServiceResponse::new(http_req, res))
}

/// The `boundary` parameter of a multipart content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    if !content_type.starts_with("multipart/") {
        return None;
    }
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("boundary")).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// `haystack` with every occurrence of `needle` replaced.
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// The whole body, refusing more than `limit` bytes with 413.
async fn read_body(payload: &mut Payload, limit: usize) -> Result<Bytes, ApiError> {
    use futures_util::StreamExt;
    let mut buf = actix_web::web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Overflow => {
                ApiError::PayloadTooLarge("the body exceeds the size limit".into())
            }
            other => ApiError::bad_request(ProblemCode::UnreadableBody, other.to_string()),
        })?;
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(
                "the body exceeds the size limit".into(),
            ));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

fn replay(row: &key_row::Model, hash: &str, path: &str) -> HttpResponse {
    if row.request_hash != hash || row.path != path {
        return ApiError::unprocessable(
            ProblemCode::IdempotencyKeyReused,
            "this Idempotency-Key was used with a different request",
        )
        .error_response();
    }
    let Some(status) = row
        .status
        .and_then(|s| StatusCode::from_u16(u16::try_from(s).unwrap_or(500)).ok())
    else {
        return ApiError::conflict(
            ProblemCode::IdempotencyKeyInProgress,
            "a request with this Idempotency-Key is being handled",
        )
        .error_response();
    };
    let mut b = HttpResponse::build(status);
    b.insert_header((REPLAYED, "true"));
    for (name, value) in [
        (header::CONTENT_TYPE, &row.content_type),
        (header::LOCATION, &row.location),
        (header::ETAG, &row.etag),
    ] {
        if let Some(v) = value {
            b.insert_header((name, v.as_str()));
        }
    }
    b.body(row.response_body.clone().unwrap_or_default())
}
