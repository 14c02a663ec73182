//! `/auth`: sign-in, refresh, sign-out, and the service accounts' token exchange.

use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::ProblemCode;
use yanpan_types::{
    AccessToken, ClientCredentialsRequest, LoginRequest, RefreshRequest, TokenPair,
};

use super::{in_tx, tx};
use crate::auth::{PrincipalKind, password};
use crate::error::{ApiError, ApiResult};
use crate::http::ValidJson;
use crate::services::{service_accounts, sessions, users};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(client_credentials_token);
}

/// The caller's address: the peer's, or — when the peer is a trusted reverse proxy — the
/// right-most address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<std::net::IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(&peer)
        .to_string()
}

fn bad_credentials() -> ApiError {
    ApiError::unauthorized(
        ProblemCode::InvalidCredentials,
        "the username or password is not correct",
    )
}

/// Sign in with username and password.
#[utoipa::path(tag = "auth", request_body = LoginRequest, security(), responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong username or password (the same answer for both)", body = yanpan_types::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many failed attempts for this username from this address, or from this address in all; see Retry-After", body = yanpan_types::Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
    (status = 503, description = "Too many sign-ins being checked at once; see Retry-After", body = yanpan_types::Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let username = input.username.trim().to_lowercase();
    let ip = client_ip(&req, &state.settings.server.trusted_proxies);
    // Counted before the slow hash: parallel guesses cannot all pass the limit.
    let attempt = state
        .throttle
        .attempt(&state.db, &state.writer, &username, &ip)
        .await?
        .map_err(|secs| ApiError::TooManyRequests {
            retry_after_secs: secs,
        })?;
    let found = users::find_by_username(&state.db, &username).await?;
    let pw = input.password;
    let ok = match found.clone() {
        Some(u) if u.active => {
            state
                .hashing
                .run(move || password::verify(&pw, &u.password_hash))
                .await?
        }
        _ => {
            state
                .hashing
                .run(move || password::verify_dummy(&pw))
                .await?;
            false
        }
    };
    let Some(user) = found.filter(|_| ok) else {
        return Err(bad_credentials());
    };
    attempt.succeeded(&state.db, &state.writer).await?;
    let tx = tx(&state).await?;
    let pair = sessions::start(
        &*tx,
        &state.jwt,
        state.settings.auth.refresh_ttl_secs,
        &user,
    )
    .await?;
    tx.commit().await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Exchange a refresh token for a new pair; the old one stops working. Presenting a used
/// token again revokes the whole session.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, security(), responses(
    (status = 200, description = "New tokens", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let tx = tx(&state).await?;
    let out = sessions::refresh(
        &*tx,
        &state.jwt,
        state.settings.auth.refresh_ttl_secs,
        &body.refresh_token,
    )
    .await?;
    // Commit in every case: a detected reuse must stay revoked.
    tx.commit().await?;
    match out {
        sessions::Refreshed::Rotated(pair) => Ok(HttpResponse::Ok().json(pair)),
        sessions::Refreshed::Reused => Err(ApiError::unauthorized(
            ProblemCode::RefreshTokenReused,
            "this refresh token was used before; the session is ended",
        )),
        sessions::Refreshed::Invalid => Err(ApiError::unauthorized(
            ProblemCode::InvalidRefreshToken,
            "the refresh token is invalid or expired",
        )),
    }
}

/// Sign out: the session of this refresh token ends.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, security(), responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        sessions::logout(tx, &body.refresh_token).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Client-credentials exchange for service accounts: an access token with role `integration`.
#[utoipa::path(tag = "auth", request_body = ClientCredentialsRequest, security(), responses(
    (status = 200, description = "Access token", body = AccessToken),
    (status = 401, description = "Unknown client, wrong secret or revoked account", body = yanpan_types::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many failed attempts", body = yanpan_types::Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
    (status = 503, description = "Too many secrets being checked at once; see Retry-After", body = yanpan_types::Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
))]
#[post("/auth/token")]
pub async fn client_credentials_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<ClientCredentialsRequest>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let key = format!("client:{}", input.client_id);
    let ip = client_ip(&req, &state.settings.server.trusted_proxies);
    let attempt = state
        .throttle
        .attempt(&state.db, &state.writer, &key, &ip)
        .await?
        .map_err(|secs| ApiError::TooManyRequests {
            retry_after_secs: secs,
        })?;
    let found = service_accounts::find_by_client_id(&state.db, &input.client_id).await?;
    let secret = input.client_secret;
    let ok = match found.clone() {
        Some(a) => {
            state
                .hashing
                .run(move || password::verify(&secret, &a.secret_hash))
                .await?
        }
        _ => {
            state
                .hashing
                .run(move || password::verify_dummy(&secret))
                .await?;
            false
        }
    };
    let Some(account) = found.filter(|_| ok) else {
        return Err(ApiError::unauthorized(
            ProblemCode::InvalidClient,
            "the client id or secret is not correct",
        ));
    };
    attempt.succeeded(&state.db, &state.writer).await?;
    let access = state
        .jwt
        .issue(
            account.id,
            PrincipalKind::ServiceAccount,
            yanpan_types::Role::Integration,
            None,
        )
        .map_err(anyhow::Error::from)?;
    in_tx(&state, async |tx| {
        service_accounts::touch(tx, &account).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(AccessToken {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: state.jwt.access_ttl_secs,
    }))
}
