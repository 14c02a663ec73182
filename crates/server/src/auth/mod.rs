//! Who is calling: the `Principal` and the `Actor` of a change, role sets named as types, and the
//! credentials behind them (JWTs, password hashing, the sign-in throttle). The HTTP side —
//! authenticating a request and the `Authed` extractor — is `http::authn`.

pub mod jwt;
pub mod password;
pub mod throttle;

use actix_web::HttpRequest;
use actix_web::http::header;
use uuid::Uuid;
use yanpan_types::Role;

use crate::error::ApiError;
pub use jwt::PrincipalKind;

/// Who made a change.
#[derive(Debug, Clone)]
pub struct Actor {
    /// `user`, `service_account` or `system`.
    pub kind: &'static str,
    pub id: Option<Uuid>,
    pub name: String,
}

impl Actor {
    /// Changes made by the command line or start-up (seeding, migrations).
    pub fn system(name: &str) -> Self {
        Self {
            kind: "system",
            id: None,
            name: name.to_owned(),
        }
    }
}

/// A signed-in user or service account, as the database says it is now.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: Uuid,
    pub kind: PrincipalKind,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<Uuid>,
    /// What a service account may do beyond its role (none for people).
    pub scopes: Vec<yanpan_types::ServiceScope>,
}

impl Principal {
    pub fn actor(&self) -> Actor {
        Actor {
            kind: self.kind.as_str(),
            id: Some(self.id),
            name: self.name.clone(),
        }
    }
    /// 403 unless the principal holds `scope` (decided before the body is read).
    pub fn require_scope(&self, scope: yanpan_types::ServiceScope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this needs a service account with the scope `{scope}`"
            )))
        }
    }
    pub fn is(&self, roles: &[Role]) -> bool {
        roles.contains(&self.role)
    }
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.is(roles) {
            Ok(())
        } else {
            Err(forbidden_for(self.role, roles))
        }
    }
}

/// 403 for a caller whose role is not among `allowed`, naming those that are.
pub fn forbidden_for(role: Role, allowed: &[Role]) -> ApiError {
    let roles: Vec<String> = allowed.iter().map(|r| r.as_str().to_owned()).collect();
    ApiError::ForbiddenRole {
        detail: format!(
            "the role `{role}` may not do this; it is for: {}",
            roles.join(", ")
        ),
        roles,
    }
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
    )+

    /// The roles of the role set named `name` (as handlers write it in `Authed<…>`).
    pub fn role_set_named(name: &str) -> Option<&'static [Role]> {
        match name {
            $(stringify!($name) => Some($name::ROLES),)+
            _ => None,
        }
    }
    };
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
    /// Readers of the platform's cases (a unit_rep sees its unit's and street's only).
    CaseReaders = [Convener, Analyst, Inspector, UnitRep, Integration];
    /// Who may run the analysis room's analyses.
    CaseAnalysts = [Convener, Analyst, Inspector];
    /// Who may acknowledge a briefing for their unit (已阅): people of a recipient unit.
    Acknowledgers = [Convener, Analyst, UnitRep, Inspector];
    /// Readers of the annual assessment (a unit_rep once the year is published).
    AssessmentReaders = [Admin, Convener, Analyst, UnitRep, Inspector];
    /// Readers of the outbox: the platform's service accounts and administrators.
    OutboxReaders = [Admin, Integration];
    /// The discipline commission.
    Inspectors = [Inspector];
    /// Who may move supervision tasks: units do the work, the command center checks it.
    TaskMovers = [Analyst, UnitRep];
    /// Who may push cases: service accounts, and of those only the ones with `cases_write`.
    CaseWriters = [Integration];
}
