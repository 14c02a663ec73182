//! The read paths stay on indexes as the data grows: the plans of the meeting list, a meeting's
//! detail and the search, built by the server's own code, asked of the database with `EXPLAIN`.
//! On PostgreSQL sequential scans are switched off for the question, so a plan with one left
//! means no index can serve the query (a tiny test table would otherwise be scanned anyway).

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QueryTrait,
    Statement, TransactionTrait,
};
use uuid::Uuid;
use yanpan_server::auth::{Principal, PrincipalKind};
use yanpan_server::entities::{agenda_item, participant};
use yanpan_server::services::{meetings, search};
use yanpan_tests::TestApp;
use yanpan_types::*;

async fn plan(app: &TestApp, stmt: Statement) -> String {
    plan_after(app, None, stmt).await
}

/// The plan, after `first` ran in the same (rolled back) transaction.
async fn plan_after(app: &TestApp, first: Option<&str>, stmt: Statement) -> String {
    let backend = app.db.get_database_backend();
    let tx = app.db.begin().await.unwrap();
    if let Some(sql) = first {
        tx.execute_unprepared(sql).await.unwrap();
    }
    let (sql, column) = match backend {
        DbBackend::Postgres => {
            tx.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .unwrap();
            (format!("EXPLAIN {}", stmt.sql), "QUERY PLAN")
        }
        _ => (format!("EXPLAIN QUERY PLAN {}", stmt.sql), "detail"),
    };
    let rows = tx
        .query_all_raw(Statement {
            sql,
            values: stmt.values,
            db_backend: backend,
        })
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", column).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

fn person(role: Role, unit_id: Option<Uuid>) -> Principal {
    Principal {
        id: Uuid::now_v7(),
        kind: PrincipalKind::User,
        name: "plan".into(),
        role,
        unit_id,
        scopes: Vec::new(),
    }
}

/// No table is read whole, and (on SQLite) no page is sorted apart from an index.
fn assert_indexed(plan: &str, what: &str, backend: DbBackend) {
    match backend {
        DbBackend::Postgres => assert!(!plan.contains("Seq Scan"), "{what}:\n{plan}"),
        _ => {
            for line in plan.lines() {
                let full_scan = line.contains("SCAN ")
                    && !line.contains("USING INDEX")
                    && !line.contains("USING COVERING INDEX")
                    && !line.contains("VIRTUAL TABLE")
                    && !line.contains("CONSTANT ROW")
                    && !line.contains("SCAN hits");
                assert!(!full_scan, "{what}: a full scan in\n{plan}");
            }
        }
    }
}

#[tokio::test]
async fn the_list_the_detail_and_the_search_are_answered_from_indexes() {
    let app = TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    let street = app.unit(UnitKind::Street).await;
    let analyst = person(Role::Analyst, None);
    let rep = person(Role::UnitRep, Some(street.id));

    // The list, in each sort order, with the usual filters, for everyone and for a unit.
    for sort in ["-starts_at", "title", "-created_at"] {
        for (who, name) in [(&analyst, "analyst"), (&rep, "unit rep")] {
            let q = MeetingQuery {
                kind: Some(MeetingKind::Regular),
                status: Some(MeetingStatus::Concluded),
                sort: Some(sort.into()),
                ..Default::default()
            };
            let (page, count) = meetings::list_statements(backend, who, &q, PageParams::new(7, 50));
            let p = plan(&app, page).await;
            assert_indexed(&p, &format!("list by {sort} for {name}"), backend);
            if backend == DbBackend::Sqlite {
                // The page walks the index of its sort order and stops after the page.
                assert!(
                    !p.contains("TEMP B-TREE FOR ORDER BY"),
                    "{sort}, {name}:\n{p}"
                );
            }
            assert_indexed(&plan(&app, count).await, "the list's count", backend);
        }
    }

    // The detail: the meeting, its participants and its agenda, each by the meeting's key.
    let id = Uuid::now_v7();
    let by_key = yanpan_server::entities::meeting::Entity::find_by_id(id).build(backend);
    let parts = participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(id))
        .build(backend);
    let agenda = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(id))
        .order_by_asc(agenda_item::Column::Position)
        .build(backend);
    for (stmt, what) in [
        (by_key, "meeting"),
        (parts, "participants"),
        (agenda, "agenda"),
    ] {
        assert_indexed(&plan(&app, stmt).await, what, backend);
    }

    // The search, for everyone and for a unit, and its count.
    for who in [&analyst, &rep] {
        let q = SearchQuery {
            q: "加装电梯 噪音".into(),
            entity: None,
        };
        let (page, count) = search::search_statements(backend, who, &q, PageParams::new(2, 20));
        let p = plan(&app, page).await;
        assert_indexed(&p, "search", backend);
        if backend == DbBackend::Sqlite {
            assert!(
                p.contains("VIRTUAL TABLE INDEX"),
                "the FTS index leads:\n{p}"
            );
        }
        assert_indexed(&plan(&app, count).await, "search count", backend);
    }

    // And the check can fail: without the title's index SQLite sorts the list apart.
    if backend == DbBackend::Sqlite {
        let q = MeetingQuery {
            sort: Some("title".into()),
            ..Default::default()
        };
        let (page, _) = meetings::list_statements(backend, &analyst, &q, PageParams::new(1, 50));
        let p = plan_after(&app, Some("DROP INDEX ix_meetings_by_title"), page).await;
        assert!(p.contains("TEMP B-TREE FOR ORDER BY"), "{p}");
    }
}
