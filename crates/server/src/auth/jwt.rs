//! Access tokens: HS256 JWTs per RFC 8725, one pinned algorithm, every registered claim required.

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use yanpan_types::Role;

use crate::config::{AuthSettings, Environment, MIN_SECRET_BYTES};

/// Whose token it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    User,
    ServiceAccount,
}

impl PrincipalKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::User => "user",
            Self::ServiceAccount => "service_account",
        }
    }
}

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// Always `access`: nothing else is ever signed with this key.
    pub typ: String,
    pub kind: PrincipalKind,
    pub role: Role,
    /// The sign-in session (refresh-token family) a user's token belongs to: ending the session
    /// (sign-out, password change, an admin's reset) ends its access tokens at once too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("YANPAN_JWT_SECRET must be set outside dev mode")]
    Missing,
    #[error("the JWT secret must be at least {MIN_SECRET_BYTES} bytes (RFC 7518 §3.2)")]
    TooShort,
}

/// Signing and verifying keys with the pinned validation rules.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    pub access_ttl_secs: u64,
}

/// Seconds of clock skew tolerated.
pub const LEEWAY_SECS: u64 = 5;

impl JwtKeys {
    /// Refuses to start without a long enough secret, except in dev mode where a random one
    /// (valid until restart) is used.
    pub fn from_settings(s: &AuthSettings, env: Environment) -> Result<Self, KeyError> {
        let secret: Vec<u8> = match (&s.jwt_secret, env) {
            (Some(k), _) => k.expose_secret().as_bytes().to_vec(),
            (None, Environment::Dev) => {
                tracing::warn!(
                    "no JWT secret configured: using a random one; tokens end at restart"
                );
                let mut k = vec![0u8; 48];
                rand::fill(&mut k[..]);
                k
            }
            (None, Environment::Production) => return Err(KeyError::Missing),
        };
        if secret.len() < MIN_SECRET_BYTES {
            return Err(KeyError::TooShort);
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.set_issuer(&[&s.issuer]);
        validation.set_audience(&[&s.audience]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Ok(Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            validation,
            issuer: s.issuer.clone(),
            audience: s.audience.clone(),
            access_ttl_secs: s.access_ttl_secs,
        })
    }

    pub fn issue(
        &self,
        sub: Uuid,
        kind: PrincipalKind,
        role: Role,
        sid: Option<Uuid>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: sub.to_string(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: now + self.access_ttl_secs as i64,
            nbf: now,
            iat: now,
            jti: Uuid::now_v7().to_string(),
            typ: "access".into(),
            kind,
            role,
            sid,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation)?;
        if data.claims.typ != "access" {
            return Err(jsonwebtoken::errors::ErrorKind::InvalidToken.into());
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use secrecy::SecretString;

    fn keys() -> JwtKeys {
        let mut s = Settings::defaults_with_database("sqlite::memory:")
            .unwrap()
            .auth;
        s.jwt_secret = Some(SecretString::from("0123456789abcdef0123456789abcdef-test"));
        JwtKeys::from_settings(&s, Environment::Production).unwrap()
    }

    #[test]
    fn a_token_round_trips_with_the_crypto_backend() {
        let k = keys();
        let id = Uuid::now_v7();
        let sid = Uuid::now_v7();
        let t = k
            .issue(id, PrincipalKind::User, Role::Analyst, Some(sid))
            .unwrap();
        let c = k.verify(&t).unwrap();
        assert_eq!(c.sub, id.to_string());
        assert_eq!(c.role, Role::Analyst);
        assert_eq!(c.sid, Some(sid));
    }

    #[test]
    fn short_or_missing_secrets_refuse_to_start() {
        let mut s = Settings::defaults_with_database("sqlite::memory:")
            .unwrap()
            .auth;
        assert!(matches!(
            JwtKeys::from_settings(&s, Environment::Production),
            Err(KeyError::Missing)
        ));
        s.jwt_secret = Some(SecretString::from("short"));
        assert!(matches!(
            JwtKeys::from_settings(&s, Environment::Dev),
            Err(KeyError::TooShort)
        ));
    }
}
