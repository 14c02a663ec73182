//! Sign-in, token refresh, sign-out and the service accounts' client-credentials exchange.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Username and password sign-in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(example = "analyst", min_length = 1, max_length = 64)]
    pub username: String,
    #[validate(length(min = 1, max = 128))]
    #[schema(example = "a-long-password", min_length = 1, max_length = 128)]
    pub password: String,
}

/// An access token (JWT, short-lived) and a refresh token (opaque, rotates on use).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub refresh_token: String,
    /// Seconds until the refresh token expires unless used first.
    pub refresh_expires_in: u64,
}

/// A refresh token to rotate or revoke.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub refresh_token: String,
}

/// OAuth2-style client-credentials grant for service accounts of the platform.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ClientCredentialsRequest {
    /// The only grant: `client_credentials`.
    pub grant_type: GrantType,
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub client_id: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub client_secret: String,
}

/// An access token for a service account (no refresh token: ask again with the secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccessToken {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: u64,
}

crate::string_enum! {
    /// OAuth2 grant types the token endpoint takes.
    GrantType {
        /// RFC 6749 §4.4: a service account's id and secret.
        ClientCredentials = "client_credentials",
    }
}
