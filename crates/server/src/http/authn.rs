//! Authenticating a request: the middleware resolves the bearer token into a principal before
//! routing reaches any extractor, and `Authed<R>` checks the role on its first poll.

use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;
use yanpan_types::ProblemCode;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;
use yanpan_types::Role;

use super::spec_check::{UnknownQuery, unknown_parameters};
use crate::auth::{AnyRole, Principal, PrincipalKind, RoleSet, bearer, forbidden_for};
use crate::entities::{refresh_token, service_account, user};
use crate::error::ApiError;
use crate::state::AppState;

/// What authentication found for a request. The middleware decides it before any extractor
/// runs, so that `Authed` answers at once and a caller without the role gets 403 before the body,
/// the path or `If-Match` are looked at.
#[derive(Debug, Clone)]
pub enum Authentication {
    Missing,
    Invalid,
    Inactive,
    /// The database could not be asked (logged); answered 500 by `Authed`.
    Failed,
    Principal(Principal),
}

impl Authentication {
    fn into_result(self) -> Result<Principal, ApiError> {
        match self {
            Self::Principal(p) => Ok(p),
            Self::Missing => Err(ApiError::unauthorized(
                ProblemCode::MissingToken,
                "sign in and send `Authorization: Bearer <token>`",
            )),
            Self::Invalid => Err(ApiError::unauthorized(
                ProblemCode::InvalidToken,
                "the access token is invalid or expired",
            )),
            Self::Inactive => Err(ApiError::unauthorized(
                ProblemCode::AccountInactive,
                "the account is disabled or revoked, or the session has ended",
            )),
            Self::Failed => Err(ApiError::Internal(anyhow::anyhow!(
                "authentication could not be decided"
            ))),
        }
    }
}

/// Resolves the request's bearer token into a principal, as the database says it is now.
pub async fn authenticate(state: &AppState, token: Option<&str>) -> Authentication {
    let Some(token) = token else {
        return Authentication::Missing;
    };
    let Ok(claims) = state.jwt.verify(token) else {
        return Authentication::Invalid;
    };
    let Ok(id) = claims.sub.parse::<Uuid>() else {
        return Authentication::Invalid;
    };
    // A person's token names its session; without one it cannot be ended, so it is refused.
    if claims.kind == PrincipalKind::User && claims.sid.is_none() {
        return Authentication::Invalid;
    }
    match load_principal(state, claims.kind, id, claims.sid).await {
        Ok(Some(p)) => Authentication::Principal(p),
        Ok(None) => Authentication::Inactive,
        Err(e) => {
            tracing::error!(error = %e, "authentication failed");
            Authentication::Failed
        }
    }
}

/// Authenticates every API request before routing reaches its extractors; the outcome waits in
/// the request's extensions for `Authed`.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.path().starts_with("/api/")
        && let Some(state) = req.app_data::<web::Data<AppState>>().cloned()
    {
        let outcome = authenticate(&state, bearer(req.request())).await;
        req.extensions_mut().insert(outcome);
    }
    next.call(req).await
}

/// The principal as the database says it is now; `None` when disabled or gone. One query per
/// request, never cached: a disabled account or an ended session is refused on its next request,
/// on every server.
async fn load_principal(
    state: &AppState,
    kind: PrincipalKind,
    id: Uuid,
    sid: Option<Uuid>,
) -> Result<Option<Principal>, ApiError> {
    Ok(match kind {
        PrincipalKind::User => {
            let mut q = user::Entity::find_by_id(id).filter(user::Column::Active.eq(true));
            if let Some(sid) = sid {
                // The session lives while its family has an unrevoked refresh token.
                q = q.filter(Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(refresh_token::Entity)
                        .and_where(Expr::col(refresh_token::Column::FamilyId).eq(sid))
                        .and_where(Expr::col(refresh_token::Column::UserId).eq(id))
                        .and_where(Expr::col(refresh_token::Column::RevokedAt).is_null())
                        .to_owned(),
                ));
            }
            q.one(&state.db).await?.map(|u| Principal {
                id,
                kind,
                name: u.username,
                role: u.role,
                unit_id: u.unit_id,
                scopes: Vec::new(),
            })
        }
        PrincipalKind::ServiceAccount => service_account::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|a| Principal {
                id,
                kind,
                name: a.client_id,
                role: Role::Integration,
                unit_id: None,
                scopes: crate::services::service_accounts::parse_scopes(&a.scopes),
            }),
    })
}

/// A principal whose role is in `R`; 401 without a valid token, 403 for another role.
#[derive(Debug)]
pub struct Authed<R: RoleSet = AnyRole>(pub Principal, PhantomData<R>);

impl<R: RoleSet> Deref for Authed<R> {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl<R: RoleSet + 'static> FromRequest for Authed<R> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let decided = req.extensions().get::<Authentication>().cloned();
        let unknown = req.extensions().get::<UnknownQuery>().cloned();
        let check = move |a: Authentication| {
            let p = a.into_result()?;
            if !R::ROLES.contains(&p.role) {
                return Err(forbidden_for(p.role, R::ROLES));
            }
            // Only now, for a caller who may call the operation: parameters it does not take.
            if let Some(UnknownQuery(names)) = unknown {
                return Err(unknown_parameters(names));
            }
            Ok(Authed(p, PhantomData))
        };
        // Decided by the middleware: answer on the first poll, before any later extractor.
        if let Some(a) = decided {
            return Box::pin(std::future::ready(check(a)));
        }
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req).map(str::to_owned);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("app state missing")))?;
            check(authenticate(&state, token.as_deref()).await)
        })
    }
}
