//! Several servers on one database act as one (issue 13): the sign-in throttle counts attempts
//! made through any of them, a change through one is read at once through the other, and a
//! disabled account is refused at once everywhere.

use yanpan_client::Client;
use yanpan_tests::{PASSWORD, TestApp};
use yanpan_types::{CreateUnit, Role, UnitKind, UpdateUser};

#[tokio::test]
async fn failed_sign_ins_through_either_server_count_against_one_limit() {
    let app = TestApp::spawn_with(|s| s.auth.max_failures_per_user_address = 3).await;
    let other = app.second_server().await;
    app.user("wang", Role::Analyst, None).await;
    let (a, b) = (app.anonymous(), Client::new(&other));
    // Three wrong passwords, spread over both servers …
    for (client, pw) in [
        (&a, "wrong-password-1"),
        (&b, "wrong-password-2"),
        (&a, "wrong-password-3"),
    ] {
        assert_eq!(
            client.login("wang", pw).await.unwrap_err().status(),
            Some(401)
        );
    }
    // … and the next attempt is refused by either, whichever server it reaches.
    for client in [&a, &b] {
        let e = client.login("wang", PASSWORD).await.unwrap_err();
        assert_eq!(e.status(), Some(429));
    }
}

#[tokio::test]
async fn a_change_through_one_server_is_read_at_once_through_the_other_and_a_disabled_account_is_refused_there()
 {
    let app = TestApp::spawn().await;
    let other = app.second_server().await;
    let admin_b = Client::new(&other);
    app.user("admin-b", Role::Admin, None).await;
    admin_b.login("admin-b", PASSWORD).await.unwrap();

    let made = app
        .admin
        .create_unit(&CreateUnit {
            code: "street-twoservers".into(),
            name: "湖滨街道".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap();
    let seen = admin_b.unit(made.value.id).await.unwrap();
    assert_eq!(seen.value.name, "湖滨街道");
    assert_eq!(seen.etag, made.etag);

    // A user signed in through server B is disabled through server A: B refuses the next request.
    let user = app.user("li", Role::Analyst, None).await;
    let li = Client::new(&other);
    li.login("li", PASSWORD).await.unwrap();
    assert!(li.me().await.is_ok());
    let current = app.admin.user(user.id).await.unwrap();
    app.admin
        .update_user(
            user.id,
            &current.etag,
            &UpdateUser {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(li.me().await.unwrap_err().status(), Some(401));
}
