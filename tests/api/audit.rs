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
        c.create_service_account(&CreateServiceAccount {
            name: "s".into(),
            scopes: vec![]
        })
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

/// The unit-creating writes that the chain tests audit.
async fn create_units(app: &TestApp, prefix: &str, n: usize) {
    for i in 0..n {
        app.admin
            .create_unit(&CreateUnit {
                code: format!("{prefix}-{i}"),
                name: format!("链单位{i}"),
                kind: UnitKind::Department,
            })
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_audit_chain_holds_and_names_the_first_row_changed_behind_its_back() {
    use sea_orm::ConnectionTrait;
    use yanpan_server::store::audit_chain::verify;
    let app = TestApp::spawn().await;
    create_units(&app, "chain", 4).await;
    let v = verify(&app.db).await.unwrap();
    assert_eq!(v.broken, None);
    assert_eq!((v.sealed, v.unsealed), (app.audit_rows().await, 0));
    assert!(v.sealed >= 5, "{v:?}");

    // Someone with database access rewrites who made the second change.
    app.db
        .execute_unprepared("UPDATE audit_log SET actor_name = '他人' WHERE chain_seq = 2")
        .await
        .unwrap();
    let b = verify(&app.db).await.unwrap().broken.unwrap();
    assert_eq!(b.seq, 2);
    assert!(b.id.is_some());
    assert!(b.reason.contains("changed"), "{b}");
}

#[tokio::test]
async fn removed_audit_rows_break_the_chain_in_the_middle_and_at_the_end() {
    use sea_orm::ConnectionTrait;
    use yanpan_server::store::audit_chain::verify;
    let app = TestApp::spawn().await;
    create_units(&app, "gap", 4).await;
    let last = verify(&app.db).await.unwrap().sealed as i64;

    // The newest row removed: every remaining link holds, but the head knows the chain was longer.
    app.db
        .execute_unprepared(&format!("DELETE FROM audit_log WHERE chain_seq = {last}"))
        .await
        .unwrap();
    let b = verify(&app.db).await.unwrap().broken.unwrap();
    assert_eq!((b.seq, b.id), (last, None));
    assert!(b.reason.contains("rows were removed"), "{b}");

    // A row in the middle removed: the chain skips a place there.
    app.db
        .execute_unprepared("DELETE FROM audit_log WHERE chain_seq = 3")
        .await
        .unwrap();
    let b = verify(&app.db).await.unwrap().broken.unwrap();
    assert_eq!(b.seq, 3);
    assert!(b.reason.contains("skips"), "{b}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_committed_at_once_each_get_their_own_place_in_the_chain() {
    use yanpan_server::store::audit_chain::verify;
    let app = TestApp::spawn().await;
    let writes = (0..16).map(|i| {
        let c = app.admin.clone();
        async move {
            c.create_unit(&CreateUnit {
                code: format!("race-{i}"),
                name: format!("并发{i}"),
                kind: UnitKind::Street,
            })
            .await
            .map(|_| ())
            .map_err(|e| e.status())
        }
    });
    let results = futures_util::future::join_all(writes).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let v = verify(&app.db).await.unwrap();
    assert_eq!(v.broken, None);
    assert_eq!((v.sealed, v.unsealed), (app.audit_rows().await, 0));
}
