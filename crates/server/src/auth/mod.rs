//! Who is calling: bearer-token extraction into a `Principal`, and role sets checked by type.

pub mod jwt;
pub mod password;
pub mod throttle;

use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use sea_orm::EntityTrait;
use uuid::Uuid;
use yanpan_types::Role;

use crate::entities::{service_account, user};
use crate::error::ApiError;
use crate::services::audit::Actor;
use crate::state::AppState;
pub use jwt::PrincipalKind;

/// A signed-in user or service account, as the database says it is now.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: Uuid,
    pub kind: PrincipalKind,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<Uuid>,
}

impl Principal {
    pub fn actor(&self) -> Actor {
        Actor {
            kind: self.kind.as_str(),
            id: Some(self.id),
            name: self.name.clone(),
        }
    }
    pub fn is(&self, roles: &[Role]) -> bool {
        roles.contains(&self.role)
    }
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.is(roles) {
            Ok(())
        } else {
            Err(forbidden_for(self.role))
        }
    }
}

fn forbidden_for(role: Role) -> ApiError {
    ApiError::forbidden(format!("the role `{role}` may not do this"))
}

/// Reads the bearer token of a request, if any.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let v = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

async fn authenticate(state: &AppState, token: Option<String>) -> Result<Principal, ApiError> {
    let token = token.ok_or_else(|| {
        ApiError::unauthorized(
            "missing_token",
            "sign in and send `Authorization: Bearer <token>`",
        )
    })?;
    let claims = state.jwt.verify(&token).map_err(|_| {
        ApiError::unauthorized("invalid_token", "the access token is invalid or expired")
    })?;
    let id: Uuid = claims
        .sub
        .parse()
        .map_err(|_| ApiError::unauthorized("invalid_token", "the access token is invalid"))?;
    let inactive =
        || ApiError::unauthorized("account_inactive", "the account is disabled or revoked");
    let key = format!("{}:{id}", claims.kind.as_str());
    let generation = state.generation.current();
    if let Some(p) = state.principals.get(&key, generation) {
        return Ok(p);
    }
    let p = load_principal(state, claims.kind, id)
        .await?
        .ok_or_else(inactive)?;
    state.principals.put(key, generation, p.clone());
    Ok(p)
}

/// The principal as the database says it is now; `None` when disabled or gone.
async fn load_principal(
    state: &AppState,
    kind: PrincipalKind,
    id: Uuid,
) -> Result<Option<Principal>, ApiError> {
    Ok(match kind {
        PrincipalKind::User => match user::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .filter(|u| u.active)
        {
            Some(u) => {
                let role = u
                    .role
                    .parse::<Role>()
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("bad role in db: {e}")))?;
                Some(Principal {
                    id,
                    kind,
                    name: u.username,
                    role,
                    unit_id: u.unit_id,
                })
            }
            None => None,
        },
        PrincipalKind::ServiceAccount => service_account::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|a| Principal {
                id,
                kind,
                name: a.client_id,
                role: Role::Integration,
                unit_id: None,
            }),
    })
}

/// A set of roles allowed at an endpoint, named as a type so that handlers declare it.
pub trait RoleSet {
    const ROLES: &'static [Role];
}

macro_rules! role_set {
    ($($(#[$m:meta])* $name:ident = [$($r:ident),+];)+) => {$(
        $(#[$m])*
        #[derive(Debug)]
        pub struct $name;
        impl RoleSet for $name {
            const ROLES: &'static [Role] = &[$(Role::$r),+];
        }
    )+};
}

role_set! {
    /// Anyone signed in, people and service accounts.
    AnyRole = [Admin, Convener, Analyst, UnitRep, Inspector, Integration];
    /// People only (no service accounts).
    People = [Admin, Convener, Analyst, UnitRep, Inspector];
    /// System administrators.
    Admins = [Admin];
    /// Readers of the audit log.
    AuditReaders = [Admin, Convener, Inspector];
    /// Those who run meetings: conveners and the command center.
    Organisers = [Convener, Analyst];
    /// Conveners only.
    Conveners = [Convener];
    /// Readers of meetings (a unit_rep sees only meetings it is invited to).
    MeetingReaders = [Admin, Convener, Analyst, UnitRep, Inspector, Integration];
    /// Unit representatives only.
    UnitReps = [UnitRep];
    /// Who may upload files: organisers (meeting materials) and unit representatives.
    Uploaders = [Convener, Analyst, UnitRep];
    /// Readers of escalations and of the submission tracker.
    Overseers = [Admin, Convener, Analyst, Inspector, Integration];
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
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req).map(str::to_owned);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("app state missing")))?;
            let p = authenticate(&state, token).await?;
            if !R::ROLES.contains(&p.role) {
                return Err(forbidden_for(p.role));
            }
            Ok(Authed(p, PhantomData))
        })
    }
}
