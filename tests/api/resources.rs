//! Units and users as administrators manage them; object-level limits for everyone else.

use yanpan_tests::{PASSWORD, TestApp};
use yanpan_types::{
    CreateUnit, CreateUser, PageParams, Role, UnitKind, UnitQuery, UpdateUser, UserQuery,
};

#[tokio::test]
async fn an_admin_creates_a_street_and_its_representative() {
    let app = TestApp::spawn().await;
    let street = app
        .admin
        .create_unit(&CreateUnit {
            code: "street-qingbo".into(),
            name: "清波街道".into(),
            kind: UnitKind::Street,
        })
        .await
        .unwrap();
    let rep = app
        .admin
        .create_user(&CreateUser {
            username: "qingbo.li".into(),
            display_name: "李明".into(),
            password: "a-strong-password".into(),
            role: Role::UnitRep,
            unit_id: Some(street.id),
        })
        .await
        .unwrap();
    assert_eq!(rep.unit_id, Some(street.id));
    let json = serde_json::to_string(&app.admin.user(rep.id).await.unwrap().value).unwrap();
    assert!(
        !json.contains("argon2") && !json.contains("password"),
        "{json}"
    );
    let found = app
        .admin
        .users(
            &UserQuery {
                unit_id: Some(street.id),
                ..Default::default()
            },
            PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![rep.id]
    );
    let c = app.anonymous();
    c.login("qingbo.li", "a-strong-password").await.unwrap();
    let q = UnitQuery {
        q: Some("清波".into()),
        ..Default::default()
    };
    assert_eq!(c.units(&q, PageParams::default()).await.unwrap().total, 1);
}

#[tokio::test]
async fn a_unit_rep_needs_a_unit_and_people_cannot_hold_the_integration_role() {
    let app = TestApp::spawn().await;
    let base = CreateUser {
        username: "nounit".into(),
        display_name: "x".into(),
        password: PASSWORD.into(),
        role: Role::UnitRep,
        unit_id: None,
    };
    let e = app.admin.create_user(&base).await.unwrap_err();
    assert_eq!(
        e.problem().unwrap().field("unit_id").unwrap().code,
        "required"
    );
    let e = app
        .admin
        .create_user(&CreateUser {
            role: Role::Integration,
            ..base.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    let e = app
        .admin
        .create_user(&CreateUser {
            role: Role::UnitRep,
            unit_id: Some(uuid::Uuid::now_v7()),
            ..base
        })
        .await
        .unwrap_err();
    assert_eq!(
        e.problem().unwrap().field("unit_id").unwrap().code,
        "unknown"
    );
}

#[tokio::test]
async fn a_unit_in_use_cannot_be_deleted_only_deactivated() {
    let app = TestApp::spawn().await;
    let (_, rep) = app.sign_in(Role::UnitRep).await;
    let unit = app.admin.unit(rep.unit_id.unwrap()).await.unwrap();
    let e = app
        .admin
        .delete_unit(unit.id, &unit.etag)
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.problem().unwrap().code.as_str()),
        (Some(409), "unit_in_use")
    );
    let off = app
        .admin
        .update_unit(
            unit.id,
            &unit.etag,
            &yanpan_types::UpdateUnit {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!off.active);
}

#[tokio::test]
async fn people_see_only_their_own_account() {
    let app = TestApp::spawn().await;
    let (rep, me) = app.sign_in(Role::UnitRep).await;
    let (_, other) = app.sign_in(Role::UnitRep).await;
    assert_eq!(rep.user(me.id).await.unwrap().id, me.id);
    assert_eq!(rep.user(other.id).await.unwrap_err().status(), Some(403));
    let e = rep
        .update_user(
            me.id,
            "*",
            &UpdateUser {
                role: Some(Role::Admin),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_eq!(rep.me().await.unwrap().role, Role::UnitRep);
}

#[tokio::test]
async fn an_admin_cannot_lock_themself_out() {
    let app = TestApp::spawn().await;
    let me = app.admin.me().await.unwrap();
    let e = app
        .admin
        .update_user(
            me.id,
            &me.etag,
            &UpdateUser {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
}
