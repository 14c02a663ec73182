//! Sign-in, refresh rotation and reuse, sign-out, token attacks, throttling, service accounts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::json;
use yanpan_client::Client;
use yanpan_tests::{PASSWORD, TEST_SECRET, TestApp};
use yanpan_types::{CreateServiceAccount, PageParams, Role, UnitQuery, UserQuery};

#[tokio::test]
async fn a_person_signs_in_and_sees_their_account() {
    let app = TestApp::spawn().await;
    let (client, user) = app.sign_in(Role::Analyst).await;
    let me = client.me().await.unwrap();
    assert_eq!(me.id, user.id);
    assert_eq!(me.role, Role::Analyst);
    assert!(!me.etag.is_empty());
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_ends_the_whole_session() {
    let app = TestApp::spawn().await;
    let (_, user) = app.sign_in(Role::Convener).await;
    let c = app.anonymous();
    let first = c.login(&user.username, PASSWORD).await.unwrap();
    let second = c.refresh(&first.refresh_token).await.unwrap();
    assert_ne!(first.refresh_token, second.refresh_token);
    c.me().await.unwrap();

    let reuse = c.refresh(&first.refresh_token).await.unwrap_err();
    assert_eq!(reuse.status(), Some(401));
    assert_eq!(
        reuse.problem().unwrap().code.as_str(),
        "refresh_token_reused"
    );
    // The family is revoked: the newer token is dead too.
    let after = c.refresh(&second.refresh_token).await.unwrap_err();
    assert_eq!(after.status(), Some(401));
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let (_, user) = app.sign_in(Role::Analyst).await;
    let c = app.anonymous();
    let pair = c.login(&user.username, PASSWORD).await.unwrap();
    c.logout(&pair.refresh_token).await.unwrap();
    assert_eq!(
        c.refresh(&pair.refresh_token).await.unwrap_err().status(),
        Some(401)
    );
}

fn claims(sub: &str, aud: &str, iss: &str, iat: i64, exp: i64) -> serde_json::Value {
    json!({"sub": sub, "aud": aud, "iss": iss, "iat": iat, "nbf": iat, "exp": exp, "jti": "x",
           "typ": "access", "kind": "user", "role": "admin"})
}

/// The session id (`sid`) inside a real access token.
pub fn sid_of(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&B64.decode(payload).unwrap()).unwrap();
    v["sid"].as_str().unwrap().to_owned()
}

async fn status_with_token(app: &TestApp, token: &str) -> (u16, String) {
    let c = app.anonymous();
    c.set_token(Some(token.to_owned()));
    let e = c
        .units(&UnitQuery::default(), PageParams::default())
        .await
        .unwrap_err();
    let p = e.problem().unwrap().clone();
    (p.status, p.code.as_str().to_owned())
}

#[tokio::test]
async fn forged_expired_and_misdirected_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let sub = app.admin_user.id.to_string();
    let now = chrono::Utc::now().timestamp();
    let key = EncodingKey::from_secret(TEST_SECRET.as_bytes());
    let sign = |c: &serde_json::Value| encode(&Header::new(Algorithm::HS256), c, &key).unwrap();
    let mut good = claims(&sub, "yanpan-api", "yanpan", now, now + 600);
    good["sid"] = json!(sid_of(&app.admin.token().unwrap()));
    let good = sign(&good);
    // The forging itself is right: a correctly signed token of a live session works.
    let c = app.anonymous();
    c.set_token(Some(good.clone()));
    c.units(&UnitQuery::default(), PageParams::default())
        .await
        .unwrap();

    let header_none = B64.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = B64.encode(claims(&sub, "yanpan-api", "yanpan", now, now + 600).to_string());
    let alg_none = format!("{header_none}.{payload}.");
    let other_key = EncodingKey::from_secret(b"another-secret-another-secret-another-secret");
    let bad_signature = encode(
        &Header::new(Algorithm::HS256),
        &claims(&sub, "yanpan-api", "yanpan", now, now + 600),
        &other_key,
    )
    .unwrap();
    // Past the 5-second leeway.
    let expired = sign(&claims(&sub, "yanpan-api", "yanpan", now - 900, now - 60));
    let wrong_aud = sign(&claims(&sub, "someone-else", "yanpan", now, now + 600));
    let wrong_iss = sign(&claims(&sub, "yanpan-api", "evil", now, now + 600));
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &claims(&sub, "yanpan-api", "yanpan", now, now + 600),
        &key,
    )
    .unwrap();
    let pair = app.anonymous().login("admin0", PASSWORD).await.unwrap();
    // Signed right, but naming no session (or one that never existed): nothing to end, refused.
    let no_session = sign(&claims(&sub, "yanpan-api", "yanpan", now, now + 600));

    for (name, token) in [
        ("alg none", alg_none),
        ("bad signature", bad_signature),
        ("expired", expired),
        ("wrong audience", wrong_aud),
        ("wrong issuer", wrong_iss),
        ("other algorithm", hs512),
        ("refresh token as access token", pair.refresh_token),
        ("garbage", "not.a.token".into()),
        ("no session", no_session),
    ] {
        assert_eq!(
            status_with_token(&app, &token).await,
            (401, "invalid_token".into()),
            "{name}"
        );
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer_and_repeated_failures_are_throttled() {
    let app = TestApp::spawn().await;
    let (_, user) = app.sign_in(Role::Analyst).await;
    let c = app.anonymous();
    let wrong = c
        .login(&user.username, "not-the-password")
        .await
        .unwrap_err();
    let unknown = c
        .login("nobody-at-all", "not-the-password")
        .await
        .unwrap_err();
    let (a, b) = (wrong.problem().unwrap(), unknown.problem().unwrap());
    assert_eq!(
        (a.status, &a.code, &a.detail),
        (b.status, &b.code, &b.detail)
    );
    assert_eq!(a.status, 401);

    // Four more failures reach the limit of five; then even the right password waits.
    for _ in 0..4 {
        assert_eq!(
            c.login(&user.username, "nope-nope-nope")
                .await
                .unwrap_err()
                .status(),
            Some(401)
        );
    }
    let res = c
        .request(reqwest::Method::POST, "/auth/login")
        .json(&json!({"username": user.username, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry));
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_service_account_gets_an_integration_token_until_it_is_revoked() {
    let app = TestApp::spawn().await;
    let created = app
        .admin
        .create_service_account(&CreateServiceAccount {
            name: "平台导入".into(),
            scopes: vec![],
        })
        .await
        .unwrap();
    let secret = created.value.client_secret.clone();
    let account = created.value.account.clone();
    assert_eq!(account.role, Role::Integration);
    // The secret is never shown again.
    let listed = app.admin.service_account(account.id).await.unwrap();
    assert!(
        !serde_json::to_string(&listed.value)
            .unwrap()
            .contains(&secret)
    );

    let script = app.anonymous();
    assert_eq!(
        script
            .service_token(&account.client_id, "wrong")
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    script
        .service_token(&account.client_id, &secret)
        .await
        .unwrap();
    script
        .units(&UnitQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(
        script
            .users(&UserQuery::default(), PageParams::default())
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );

    app.admin
        .revoke_service_account(account.id, &listed.etag)
        .await
        .unwrap();
    assert_eq!(
        script
            .units(&UnitQuery::default(), PageParams::default())
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    assert_eq!(
        app.anonymous()
            .service_token(&account.client_id, &secret)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let (c, user) = app.sign_in(Role::Analyst).await;
    let other = Client::new(&app.base);
    let pair = other.login(&user.username, PASSWORD).await.unwrap();
    let wrong = c
        .change_password("not-current", "a-brand-new-password")
        .await
        .unwrap_err();
    assert_eq!(
        wrong
            .problem()
            .unwrap()
            .field("current_password")
            .unwrap()
            .code,
        "incorrect"
    );
    c.change_password(PASSWORD, "a-brand-new-password")
        .await
        .unwrap();
    assert_eq!(
        other
            .refresh(&pair.refresh_token)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    app.anonymous()
        .login(&user.username, "a-brand-new-password")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_disabled_account_is_locked_out_at_once() {
    let app = TestApp::spawn().await;
    let (c, user) = app.sign_in(Role::Convener).await;
    let tagged = app.admin.user(user.id).await.unwrap();
    app.admin
        .update_user(
            user.id,
            &tagged.etag,
            &yanpan_types::UpdateUser {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(c.me().await.unwrap_err().status(), Some(401));
    assert_eq!(
        app.anonymous()
            .login(&user.username, PASSWORD)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
}
