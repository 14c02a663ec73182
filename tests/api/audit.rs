//! Every mutation leaves exactly one audit row, in its own transaction; refusals leave none.

use yanpan_tests::{PASSWORD, TestApp};
use yanpan_types::{
    AuditEntity, AuditQuery, CreateServiceAccount, CreateUnit, CreateUser, PageParams, Role,
    UnitKind, UpdateMe, UpdateUnit, UpdateUser,
};

#[tokio::test]
async fn every_mutation_leaves_exactly_one_audit_row() {
    let app = TestApp::spawn().await;
    let c = app.admin.clone();
    let (rep, _) = app.sign_in(Role::Analyst).await;
    let mut rows = app.audit_rows().await;
    macro_rules! one_row {
        ($what:expr, $e:expr) => {{
            let out = $e;
            let now = app.audit_rows().await;
            assert_eq!(now, rows + 1, "{}", $what);
            rows = now;
            out
        }};
    }
    let unit = one_row!(
        "create unit",
        c.create_unit(&CreateUnit {
            code: "street-a".into(),
            name: "甲".into(),
            kind: UnitKind::Street
        })
        .await
        .unwrap()
    );
    let unit = one_row!(
        "update unit",
        c.update_unit(
            unit.id,
            &unit.etag,
            &UpdateUnit {
                name: Some("乙".into()),
                ..Default::default()
            }
        )
        .await
        .unwrap()
    );
    let user = one_row!(
        "create user",
        c.create_user(&CreateUser {
            username: "audited".into(),
            display_name: "x".into(),
            password: PASSWORD.into(),
            role: Role::Analyst,
            unit_id: None
        })
        .await
        .unwrap()
    );
    one_row!(
        "update user",
        c.update_user(
            user.id,
            &user.etag,
            &UpdateUser {
                display_name: Some("y".into()),
                ..Default::default()
            }
        )
        .await
        .unwrap()
    );
    let other = app.anonymous();
    let pair = one_row!("login", other.login("audited", PASSWORD).await.unwrap());
    let pair = one_row!("refresh", other.refresh(&pair.refresh_token).await.unwrap());
    let me = other.me().await.unwrap();
    one_row!(
        "update me",
        other
            .update_me(
                &me.etag,
                &UpdateMe {
                    display_name: Some("z".into())
                }
            )
            .await
            .unwrap()
    );
    one_row!("logout", other.logout(&pair.refresh_token).await.unwrap());
    let sa = one_row!(
        "create service account",
        c.create_service_account(&CreateServiceAccount { name: "s".into() })
            .await
            .unwrap()
    );
    one_row!(
        "service token",
        app.anonymous()
            .service_token(&sa.value.account.client_id, &sa.value.client_secret)
            .await
            .unwrap()
    );
    one_row!(
        "revoke service account",
        c.revoke_service_account(sa.value.account.id, &sa.etag)
            .await
            .unwrap()
    );
    one_row!(
        "delete unit",
        c.delete_unit(unit.id, &unit.etag).await.unwrap()
    );
    one_row!(
        "change password",
        rep.change_password(PASSWORD, "yet-another-password")
            .await
            .unwrap()
    );

    // Refusals change nothing.
    let _ = c
        .create_unit(&CreateUnit {
            code: "x".into(),
            name: "".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap_err();
    let _ = c
        .update_unit(unit.id, "\"99\"", &UpdateUnit::default())
        .await
        .unwrap_err();
    assert_eq!(app.audit_rows().await, rows);

    let log = app
        .admin
        .audit_log(
            &AuditQuery {
                entity: Some(AuditEntity::Unit),
                entity_id: Some(unit.id),
                ..Default::default()
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    let actions: Vec<_> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["delete", "update", "create"]);
    assert_eq!(log.items[1].before.as_ref().unwrap()["name"], "甲");
    assert_eq!(log.items[1].after.as_ref().unwrap()["name"], "乙");
    assert_eq!(log.items[0].actor_name, "admin0");
    assert!(log.items[0].request_id.is_some());
}

#[tokio::test]
async fn the_audit_log_has_no_way_to_change_it() {
    let app = TestApp::spawn().await;
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PATCH,
        reqwest::Method::DELETE,
        reqwest::Method::PUT,
    ] {
        let res = app
            .admin
            .request(method.clone(), "/audit-log")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method}");
    }
}
