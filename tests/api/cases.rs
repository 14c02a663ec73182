//! The analysis room's data and answers (issue 11): the platform's intake script pushes cases in
//! batches, each record answered on its own; people read what their role may see; the analyses
//! are checked against a fixture counted by hand.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use yanpan_client::{Client, PostOptions};
use yanpan_tests::TestApp;
use yanpan_types::*;

/// The dictionary and units a fixture needs: two streets, two departments, two categories
/// (one under a parent) with a platform code.
struct World {
    streets: [Unit; 2],
    depts: [Unit; 2],
}

async fn world(app: &TestApp) -> World {
    let parent = app
        .admin
        .create_case_category(&CreateCaseCategory {
            code: "urban".into(),
            name: "城市管理".into(),
            parent_code: None,
            platform_codes: vec![],
        })
        .await
        .unwrap();
    assert_eq!(parent.value.parent_code, None);
    for (code, name, platform) in [
        ("noise", "噪音扰民", "P-0301"),
        ("parking", "停车难", "P-0502"),
    ] {
        let c = app
            .admin
            .create_case_category(&CreateCaseCategory {
                code: code.into(),
                name: name.into(),
                parent_code: Some("urban".into()),
                platform_codes: vec![platform.into()],
            })
            .await
            .unwrap();
        assert_eq!(c.value.parent_code.as_deref(), Some("urban"));
    }
    World {
        streets: [
            app.unit(UnitKind::Street).await,
            app.unit(UnitKind::Street).await,
        ],
        depts: [
            app.unit(UnitKind::Department).await,
            app.unit(UnitKind::Department).await,
        ],
    }
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A resolved, on-time case received at `at` in `street`, handled by `unit`.
fn record(number: &str, at: &str, street: &Unit, unit: &Unit, category: &str) -> Value {
    json!({
        "case_number": number, "kind": "demand", "channel": "hotline",
        "category_code": category, "street_code": street.code, "summary": "夜间施工噪音扰民",
        "received_at": at, "handling_unit_code": unit.code,
        "due_at": (t(at) + chrono::Duration::days(3)).to_rfc3339(),
        "status": "resolved", "resolved_at": (t(at) + chrono::Duration::days(1)).to_rfc3339(),
        "updated_at": (t(at) + chrono::Duration::days(1)).to_rfc3339(),
    })
}

async fn push(script: &Client, records: Vec<Value>) -> IntakeReport {
    script
        .intake_cases_raw(&json!({ "records": records }))
        .await
        .unwrap()
}

fn outcomes(r: &IntakeReport) -> Vec<IntakeOutcome> {
    r.results.iter().map(|x| x.outcome).collect()
}

#[tokio::test]
async fn a_batch_answers_each_record_and_applies_exactly_the_valid_ones() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    let a = record(
        "PA-1",
        "2026-10-03T02:00:00Z",
        &w.streets[0],
        &w.depts[0],
        "P-0301",
    );
    let first = push(&script, vec![a.clone()]).await;
    assert_eq!(outcomes(&first), [IntakeOutcome::Created]);

    let mut stale = a.clone();
    stale["summary"] = json!("旧的记录");
    stale["updated_at"] = json!("2026-10-03T03:00:00Z");
    let b = record(
        "PA-2",
        "2026-10-04T02:00:00Z",
        &w.streets[1],
        &w.depts[1],
        "parking",
    );
    let mut invalid = record(
        "PA-3",
        "2026-10-05T02:00:00Z",
        &w.streets[0],
        &w.depts[0],
        "noise",
    );
    invalid["street_code"] = json!("street-atlantis");
    invalid["kind"] = json!("complaint");
    invalid["category_code"] = json!("P-9999");
    let mut newer = a.clone();
    newer["status"] = json!("closed");
    newer["updated_at"] = json!("2026-10-09T00:00:00Z");
    let report = push(&script, vec![stale, b.clone(), b, invalid, newer]).await;
    assert_eq!(
        outcomes(&report),
        [
            IntakeOutcome::Stale,
            IntakeOutcome::Created,
            IntakeOutcome::Unchanged,
            IntakeOutcome::Invalid,
            IntakeOutcome::Updated,
        ]
    );
    assert_eq!(
        (
            report.created,
            report.updated,
            report.unchanged,
            report.stale,
            report.invalid
        ),
        (1, 1, 1, 1, 1)
    );
    let bad = &report.results[3];
    assert_eq!(bad.case_number.as_deref(), Some("PA-3"));
    let fields: Vec<&str> = bad.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["kind", "category_code", "street_code"],
        "every error, in field order"
    );
    assert!(
        bad.errors
            .iter()
            .any(|e| e.message.contains("street-atlantis"))
    );
    assert!(bad.errors.iter().any(|e| e.message.contains("P-9999")));

    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let stored = analyst.case("PA-1").await.unwrap().value;
    assert_eq!(
        stored.status,
        CaseStatus::Closed,
        "the newer record applied"
    );
    assert_eq!(stored.summary, "夜间施工噪音扰民", "the stale one did not");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.category_code, "noise", "the platform code is mapped");
    assert_eq!(stored.parent_category_name.as_deref(), Some("城市管理"));
    assert_eq!(stored.street_name, w.streets[0].name);
    assert_eq!(analyst.case("PA-2").await.unwrap().value.version, 1);
    assert_eq!(analyst.case("PA-3").await.unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn a_replayed_batch_changes_nothing_and_an_idempotent_retry_gets_the_first_answer() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    let records: Vec<CaseRecord> = (0..30)
        .map(|i| {
            serde_json::from_value(record(
                &format!("PB-{i:03}"),
                "2026-10-03T02:00:00Z",
                &w.streets[i % 2],
                &w.depts[i % 2],
                "noise",
            ))
            .unwrap()
        })
        .collect();
    let batch = CaseBatch { records };
    let opts = PostOptions {
        idempotency_key: Some("batch-2026-10-03".into()),
    };
    let first = script.intake_cases_with(&batch, &opts).await.unwrap();
    assert_eq!(first.created, 30);
    let audit = app.audit_rows().await;
    let retried = script.intake_cases_with(&batch, &opts).await.unwrap();
    assert_eq!(retried, first, "the stored answer, replayed");
    let again = script.intake_cases(&batch).await.unwrap();
    assert_eq!(again.unchanged, 30);
    assert_eq!(
        app.audit_rows().await,
        audit,
        "nothing changed, nothing recorded"
    );
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let page = analyst
        .cases(&CaseQuery::default(), PageParams::new(1, 100))
        .await
        .unwrap();
    assert_eq!(page.total, 30);
    assert!(page.items.iter().all(|c| c.version == 1));
}

#[tokio::test]
async fn a_batch_too_large_or_empty_is_refused_as_a_whole() {
    let app = TestApp::spawn().await;
    let script = app.intake_script().await;
    for n in [0, MAX_BATCH_RECORDS + 1] {
        let records: Vec<Value> = (0..n)
            .map(|i| json!({ "case_number": format!("X{i}") }))
            .collect();
        let err = script
            .intake_cases_raw(&json!({ "records": records }))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(422), "{n} records");
        assert_eq!(err.problem().unwrap().errors[0].field, "records");
    }
    // A record that is not even an object is one invalid result, not a failed batch.
    let report = push(&script, vec![json!(42)]).await;
    assert_eq!(outcomes(&report), [IntakeOutcome::Invalid]);
}

#[tokio::test]
async fn only_a_service_account_with_the_cases_scope_may_push() {
    let app = TestApp::spawn().await;
    let body = json!({ "records": [] });
    let reader = app.integration().await;
    let err = reader.intake_cases_raw(&body).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(
        err.problem()
            .unwrap()
            .detail
            .as_deref()
            .unwrap()
            .contains("cases_write")
    );
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    assert_eq!(
        analyst.intake_cases_raw(&body).await.unwrap_err().status(),
        Some(403)
    );
    // Refused before the body is read: a body that is not even JSON still gets 403.
    let res = reader
        .request(reqwest::Method::POST, "/cases/batch")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Reading stays as it was: the integration role reads cases.
    reader
        .cases(&CaseQuery::default(), PageParams::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn no_answer_contains_the_reporter_or_its_hash() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    let phone = "13912345678";
    let key = app
        .settings
        .cases
        .reporter_key(app.settings.environment)
        .unwrap();
    let hash = yanpan_server::domain::cases::reporter_hash(&key, phone);
    let mut records = Vec::new();
    for i in 0..3 {
        let mut r = record(
            &format!("PC-{i}"),
            &format!("2026-10-0{}T02:00:00Z", i + 1),
            &w.streets[0],
            &w.depts[0],
            "noise",
        );
        r["reporter"] = json!(if i == 0 { "139-1234 5678" } else { phone });
        records.push(r);
    }
    push(&script, records).await;
    let stored: Vec<Option<String>> = yanpan_server::entities::case::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.reporter_hash)
        .collect();
    assert!(
        stored.iter().all(|h| h.as_deref() == Some(hash.as_str())),
        "one reporter, hashed"
    );
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    for path in [
        "/cases",
        "/cases/PC-1",
        "/analysis/repeated-demands?month=2026-10",
        "/analysis/overview?month=2026-10",
        "/audit-log",
    ] {
        let who = if path == "/audit-log" {
            &app.admin
        } else {
            &analyst
        };
        let res = who
            .request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let text = res.text().await.unwrap();
        assert!(
            !text.contains(phone) && !text.contains("5678"),
            "{path} shows the phone"
        );
        assert!(
            !text.contains(&hash) && !text.contains(&hash[..16]),
            "{path} shows the hash"
        );
    }
    let clusters = analyst
        .analysis_repeated_demands(&month("2026-10"), &RepeatQuery::default())
        .await
        .unwrap()
        .clusters;
    let by_reporter: Vec<&RepeatCluster> = clusters
        .iter()
        .filter(|c| c.basis == ClusterBasis::Reporter)
        .collect();
    assert_eq!(by_reporter.len(), 1);
    assert_eq!(by_reporter[0].label, "同一诉求人 1");
    assert_eq!(by_reporter[0].case_numbers, ["PC-0", "PC-1", "PC-2"]);
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn a_unit_rep_sees_only_the_cases_of_its_unit_or_street() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    push(
        &script,
        vec![
            record(
                "PD-1",
                "2026-10-03T02:00:00Z",
                &w.streets[0],
                &w.depts[0],
                "noise",
            ),
            record(
                "PD-2",
                "2026-10-03T02:00:00Z",
                &w.streets[1],
                &w.depts[0],
                "noise",
            ),
            record(
                "PD-3",
                "2026-10-03T02:00:00Z",
                &w.streets[1],
                &w.depts[1],
                "noise",
            ),
        ],
    )
    .await;
    let numbers = |p: Page<Case>| {
        let mut n: Vec<String> = p.items.into_iter().map(|c| c.case_number).collect();
        n.sort();
        n
    };
    let (street_rep, _) = app.sign_in_at(Role::UnitRep, Some(w.streets[1].id)).await;
    let all = PageParams::default();
    assert_eq!(
        numbers(street_rep.cases(&CaseQuery::default(), all).await.unwrap()),
        ["PD-2", "PD-3"]
    );
    let (dept_rep, _) = app.sign_in_at(Role::UnitRep, Some(w.depts[0].id)).await;
    assert_eq!(
        numbers(dept_rep.cases(&CaseQuery::default(), all).await.unwrap()),
        ["PD-1", "PD-2"]
    );
    assert_eq!(dept_rep.case("PD-3").await.unwrap_err().status(), Some(404));
    assert_eq!(
        dept_rep
            .analysis_overview(&month("2026-10"))
            .await
            .unwrap_err()
            .status(),
        Some(403),
        "the analyses are the command center's"
    );
    let (inspector, _) = app.sign_in(Role::Inspector).await;
    assert_eq!(
        inspector
            .cases(&CaseQuery::default(), all)
            .await
            .unwrap()
            .total,
        3
    );
}

fn month(m: &str) -> AnalysisQuery {
    AnalysisQuery {
        month: Some(m.into()),
        ..Default::default()
    }
}

/// The hand-counted fixture. October 2026 (Beijing time), street 0 unless said:
///
/// | case | unit | category | received | due | resolved | status | redo | sup. | rating |
/// |---|---|---|---|---|---|---|---|---|---|
/// | F1 | d0 | noise | 10-02 | 10-05 | 10-03 | resolved | 0 | none | satisfied (reporter R) |
/// | F2 | d0 | noise | 10-10 | 10-13 | 10-15 (late) | resolved | 1 | none | unsatisfied "拖了很久" (R) |
/// | F3 | d0 | noise | 10-20 | 10-23 | — | in progress (late) | 0 | level2 | — (R) |
/// | F4 | d1 | parking | 10-05 | 10-08 | 10-06 | closed | 0 | none | basically satisfied |
/// | F5 | d1 | parking | 10-06 | — | 10-07 | resolved | 0 | none | not reached |
/// | F6 | — | parking | 10-31 23:30 +08 | — | — | received | 0 | none | — (street 1) |
///
/// Outside the month: F7 on 09-30 23:30 +08 (September, d1, parking) and F8 on 2025-10-15
/// (October a year before, d0, noise). The border cases check that days are Beijing days.
async fn fixture(app: &TestApp, w: &World) {
    let script = app.intake_script().await;
    let (s0, s1, d0, d1) = (&w.streets[0], &w.streets[1], &w.depts[0], &w.depts[1]);
    let mut f1 = record("F1", "2026-10-02T02:00:00Z", s0, d0, "noise");
    f1["satisfaction"] = json!("satisfied");
    f1["reporter"] = json!("13700000001");
    let mut f2 = record("F2", "2026-10-10T02:00:00Z", s0, d0, "noise");
    f2["resolved_at"] = json!("2026-10-15T02:00:00Z");
    f2["redo_count"] = json!(1);
    f2["satisfaction"] = json!("unsatisfied");
    f2["satisfaction_comment"] = json!("拖了很久");
    f2["reporter"] = json!("13700000001");
    let mut f3 = record("F3", "2026-10-20T02:00:00Z", s0, d0, "noise");
    f3["status"] = json!("in_progress");
    f3["resolved_at"] = Value::Null;
    f3["supervision_level"] = json!("level2");
    f3["reporter"] = json!("13700000001");
    let mut f4 = record("F4", "2026-10-05T02:00:00Z", s0, d1, "parking");
    f4["status"] = json!("closed");
    f4["satisfaction"] = json!("basically_satisfied");
    let mut f5 = record("F5", "2026-10-06T02:00:00Z", s0, d1, "parking");
    f5["due_at"] = Value::Null;
    f5["satisfaction"] = json!("not_reached");
    let mut f6 = record("F6", "2026-10-31T15:30:00Z", s1, d1, "parking");
    for k in ["handling_unit_code", "due_at", "resolved_at"] {
        f6[k] = Value::Null;
    }
    f6["status"] = json!("received");
    let f7 = record("F7", "2026-09-30T15:30:00Z", s0, d1, "parking");
    let f8 = record("F8", "2025-10-15T02:00:00Z", s0, d0, "noise");
    let report = push(&script, vec![f1, f2, f3, f4, f5, f6, f7, f8]).await;
    assert_eq!(report.created, 8, "{report:?}");
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[tokio::test]
async fn the_overview_matches_the_hand_counted_fixture() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    fixture(&app, &w).await;
    let (convener, _) = app.sign_in(Role::Convener).await;
    let o = convener.analysis_overview(&month("2026-10")).await.unwrap();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(
        (o.period.from, o.period.to),
        (d("2026-10-01"), d("2026-10-31"))
    );
    assert_eq!(
        (o.previous_period.from, o.previous_period.to),
        (d("2026-09-01"), d("2026-09-30"))
    );
    let f = &o.figures;
    assert_eq!(f.cases, 6);
    assert_eq!(f.resolved, 4, "F1 F2 F4 F5");
    assert!(close(f.resolution_rate, 4.0 / 6.0));
    // Timeliness known: F1 F2 F4 F5 (resolved) and F3 (past due unresolved); on time F1 F4 F5.
    assert_eq!((f.timed, f.on_time), (5, 3));
    assert!(close(f.on_time_rate, 0.6));
    assert_eq!(f.redone, 1);
    // Rated: F1, F2, F4 (F5 not reached); satisfied: F1, F4.
    assert_eq!((f.rated, f.satisfied), (3, 2));
    assert!(close(f.satisfaction_rate, 2.0 / 3.0));
    assert_eq!(
        o.previous.cases, 1,
        "F7, received on 30 September in Beijing"
    );
    assert_eq!(o.year_ago.cases, 1, "F8");
    let street0 = o
        .by_street
        .iter()
        .find(|r| r.key == w.streets[0].code)
        .unwrap();
    assert_eq!(
        (street0.count, street0.previous, street0.year_ago),
        (5, 1, 1)
    );
    assert!(close(street0.mom, 4.0) && close(street0.yoy, 4.0));
    let street1 = o
        .by_street
        .iter()
        .find(|r| r.key == w.streets[1].code)
        .unwrap();
    assert_eq!(
        (street1.count, street1.mom),
        (1, None),
        "nothing the month before"
    );
    let noise = o.by_category.iter().find(|r| r.key == "noise").unwrap();
    assert_eq!(
        (noise.count, noise.name.as_str(), noise.year_ago),
        (3, "噪音扰民", 1)
    );
    let none = o.by_unit.iter().find(|r| r.key == "none").unwrap();
    assert_eq!(none.count, 1, "F6 not yet dispatched");
    assert_eq!(o.by_kind[0].key, "demand");
    assert_eq!(o.by_channel[0].count, 6);
    // A street filter narrows every figure.
    let q = AnalysisQuery {
        street: Some(w.streets[1].code.clone()),
        ..month("2026-10")
    };
    assert_eq!(
        convener.analysis_overview(&q).await.unwrap().figures.cases,
        1
    );
    let q = AnalysisQuery {
        category: Some("urban".into()),
        ..month("2026-10")
    };
    assert_eq!(
        convener.analysis_overview(&q).await.unwrap().figures.cases,
        6,
        "parent includes children"
    );
}

#[tokio::test]
async fn repeated_demands_poor_disposal_satisfaction_and_ranking_match_the_fixture() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    fixture(&app, &w).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let q = month("2026-10");

    let r = analyst
        .analysis_repeated_demands(&q, &RepeatQuery::default())
        .await
        .unwrap();
    assert_eq!(r.clusters.len(), 1, "{:?}", r.clusters);
    let c = &r.clusters[0];
    assert_eq!(
        (c.basis, c.count, c.unresolved),
        (ClusterBasis::Reporter, 3, 1)
    );
    assert_eq!(c.case_numbers, ["F1", "F2", "F3"]);
    assert_eq!(c.status, CaseStatus::InProgress, "the latest case's");
    assert!(
        analyst
            .analysis_repeated_demands(
                &q,
                &RepeatQuery {
                    min_count: Some(4),
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .clusters
            .is_empty()
    );

    let p = analyst.analysis_poor_disposal(&q).await.unwrap();
    let d0 = &p.units[0];
    assert_eq!(d0.unit_code, w.depts[0].code, "most poor cases first");
    // d0: F1 fine; F2 late, redone, unsatisfied; F3 late, level2.
    assert_eq!(
        (
            d0.cases,
            d0.overdue,
            d0.redone,
            d0.unsatisfied,
            d0.escalated,
            d0.poor
        ),
        (3, 2, 1, 1, 1, 2)
    );
    assert_eq!(d0.case_numbers, ["F2", "F3"], "most marks first");
    assert!(close(d0.overdue_rate, 2.0 / 3.0));
    let d1 = &p.units[1];
    assert_eq!((d1.cases, d1.poor), (2, 0));

    let s = analyst.analysis_satisfaction(&q).await.unwrap();
    let u0 = s.by_unit.iter().find(|r| r.key == w.depts[0].code).unwrap();
    assert_eq!((u0.rated, u0.satisfied), (2, 1));
    let (lo, hi) = (u0.low.unwrap(), u0.high.unwrap());
    assert!(
        (lo - 0.0945).abs() < 1e-3 && (hi - 0.9055).abs() < 1e-3,
        "Wilson 1/2: {lo} {hi}"
    );
    let u1 = s.by_unit.iter().find(|r| r.key == w.depts[1].code).unwrap();
    assert_eq!(
        (u1.rated, u1.satisfied),
        (1, 1),
        "not-reached is not a rating"
    );
    assert_eq!(s.most_unsatisfied.len(), 1);
    assert_eq!(s.most_unsatisfied[0].category_code, "noise");
    assert_eq!(s.most_unsatisfied[0].comments[0].case_number, "F2");
    assert_eq!(s.most_unsatisfied[0].comments[0].comment, "拖了很久");

    let ranking = analyst.analysis_unit_ranking(&q).await.unwrap();
    let codes: Vec<&str> = ranking.units.iter().map(|u| u.unit_code.as_str()).collect();
    assert_eq!(codes, [w.depts[1].code.as_str(), w.depts[0].code.as_str()]);
    let best = &ranking.units[0];
    assert_eq!(best.rank, 1);
    // d1: on time 2/2, satisfaction Wilson low of 1/1, redo 0 → mean of 1, 0.2065, 1.
    assert!(close(best.figures.on_time_rate, 1.0));
    assert!(
        (best.score.unwrap() - (2.0 + 0.2065) / 3.0).abs() < 1e-3,
        "{:?}",
        best.score
    );
}

#[tokio::test]
async fn a_reporter_who_comes_back_in_a_later_batch_or_by_a_correction_is_a_repeated_reporter() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    let (s0, d0) = (&w.streets[0], &w.depts[0]);
    let with = |number: &str, at: &str, phone: &str| {
        let mut r = record(number, at, s0, d0, "noise");
        r["reporter"] = json!(phone);
        r
    };
    // One case a call: the reporter's earlier cases are only in the database.
    push(
        &script,
        vec![with("R1", "2026-10-02T02:00:00Z", "13900000009")],
    )
    .await;
    push(
        &script,
        vec![with("R2", "2026-10-09T02:00:00Z", "13900000009")],
    )
    .await;
    let mut r3 = with("R3", "2026-10-16T02:00:00Z", "13900000001");
    push(&script, vec![r3.clone()]).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let q = month("2026-10");
    let r = analyst
        .analysis_repeated_demands(&q, &RepeatQuery::default())
        .await
        .unwrap();
    assert_eq!(r.clusters.len(), 1, "{:?}", r.clusters);
    assert_eq!(r.clusters[0].case_numbers, ["R1", "R2"]);
    // The platform corrects R3's reporter: it joins the cluster.
    r3["reporter"] = json!("13900000009");
    r3["updated_at"] = json!("2026-10-20T02:00:00Z");
    let report = push(&script, vec![r3]).await;
    assert_eq!(report.updated, 1, "{report:?}");
    let r = analyst
        .analysis_repeated_demands(&q, &RepeatQuery::default())
        .await
        .unwrap();
    assert_eq!(r.clusters.len(), 1, "{:?}", r.clusters);
    assert_eq!(r.clusters[0].case_numbers, ["R1", "R2", "R3"]);
    assert_eq!(r.clusters[0].basis, ClusterBasis::Reporter);
    // A category the reporter wrote once is no cluster, whatever their other categories.
    push(
        &script,
        vec![{
            let mut r = with("R4", "2026-10-21T02:00:00Z", "13900000009");
            r["category_code"] = json!("parking");
            r
        }],
    )
    .await;
    let r = analyst
        .analysis_repeated_demands(&q, &RepeatQuery::default())
        .await
        .unwrap();
    assert_eq!(r.total_clusters, 1, "{:?}", r.clusters);
}

#[tokio::test]
async fn a_large_cluster_lists_its_latest_cases_counts_them_all_and_downloads_them_all() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    let (s0, d0) = (&w.streets[0], &w.depts[0]);
    // 25 cases at one address in October, one a day; the last three still open.
    let records: Vec<Value> = (1..=25)
        .map(|d| {
            let mut r = record(
                &format!("A{d:02}"),
                &format!("2026-10-{d:02}T02:00:00Z"),
                s0,
                d0,
                "noise",
            );
            r["address"] = json!("清波街道 河坊街 100 号");
            if d > 22 {
                r["status"] = json!("in_progress");
                r["resolved_at"] = Value::Null;
            }
            r
        })
        .collect();
    assert_eq!(push(&script, records).await.created, 25);
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let q = month("2026-10");
    let r = analyst
        .analysis_repeated_demands(&q, &RepeatQuery::default())
        .await
        .unwrap();
    assert_eq!(r.total_clusters, 1, "{:?}", r.clusters);
    let c = &r.clusters[0];
    assert_eq!(
        (c.basis, c.count, c.unresolved),
        (ClusterBasis::Address, 25, 3)
    );
    assert_eq!(
        c.first_at,
        t("2026-10-01T02:00:00Z"),
        "the first of all, not of those listed"
    );
    assert_eq!(c.last_at, t("2026-10-25T02:00:00Z"));
    assert_eq!(c.status, CaseStatus::InProgress, "the latest case's");
    let latest_20: Vec<String> = (6..=25).map(|d| format!("A{d:02}")).collect();
    assert_eq!(c.case_numbers, latest_20, "the latest 20, oldest first");
    let five = analyst
        .analysis_repeated_demands(
            &q,
            &RepeatQuery {
                cases_per_cluster: Some(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        five.clusters[0].case_numbers,
        ["A21", "A22", "A23", "A24", "A25"]
    );
    assert_eq!(five.clusters[0].count, 25);
    // The download lists every case of the cluster.
    let csv = analyst
        .request(
            reqwest::Method::GET,
            "/analysis/export?table=repeated_demands&format=csv&month=2026-10",
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for d in 1..=25 {
        assert!(csv.contains(&format!("A{d:02}")), "A{d:02} in {csv}");
    }
}

#[tokio::test]
async fn a_week_far_above_its_baseline_is_a_hot_issue_and_an_ordinary_one_is_not() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    let mut records = Vec::new();
    // Twelve weeks of baseline: one parking case a week in street 0 and two noise a week in
    // street 1; then a week with eight parking cases in street 0 and two noise in street 1.
    let as_of: NaiveDate = "2026-11-20".parse().unwrap();
    for week in 1..=12u64 {
        let day = as_of - chrono::Days::new(7 * week + 1);
        let at = format!("{day}T02:00:00Z");
        records.push(record(
            &format!("B-P{week}"),
            &at,
            &w.streets[0],
            &w.depts[0],
            "parking",
        ));
        for k in 0..2 {
            records.push(record(
                &format!("B-N{week}-{k}"),
                &at,
                &w.streets[1],
                &w.depts[1],
                "noise",
            ));
        }
    }
    for i in 0..8 {
        let at = format!("{}T0{i}:00:00Z", as_of - chrono::Days::new(i % 6));
        records.push(record(
            &format!("H-{i}"),
            &at,
            &w.streets[0],
            &w.depts[0],
            "parking",
        ));
    }
    for i in 0..2 {
        records.push(record(
            &format!("N-{i}"),
            &format!("{as_of}T01:00:00Z"),
            &w.streets[1],
            &w.depts[1],
            "noise",
        ));
    }
    push(&script, records).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let hot = analyst.analysis_hot_issues(Some(as_of)).await.unwrap();
    assert_eq!(hot.issues.len(), 1, "{:?}", hot.issues);
    let h = &hot.issues[0];
    assert_eq!(
        (h.street_code.as_str(), h.category_code.as_str()),
        (w.streets[0].code.as_str(), "parking")
    );
    assert_eq!(h.count, 8);
    assert!((h.baseline - 1.0).abs() < 1e-9);
    assert!(h.p_value < hot.max_p_value);
    assert_eq!(h.case_numbers.len(), 8);
    // A week later the burst is the baseline's past, not this week's news.
    let later = analyst
        .analysis_hot_issues(Some(as_of + chrono::Days::new(7)))
        .await
        .unwrap();
    assert!(later.issues.is_empty());
    assert_eq!((hot.baseline_weeks, later.baseline_weeks), (12, 12));
    // The platform's first cases, months earlier: six in a week with no history before them are
    // a beginning, not a surge.
    let first: NaiveDate = "2026-01-20".parse().unwrap();
    let records: Vec<Value> = (0..6)
        .map(|i| {
            let at = format!("{}T02:00:00Z", first - chrono::Days::new(i));
            record(&format!("F-{i}"), &at, &w.streets[0], &w.depts[0], "noise")
        })
        .collect();
    assert_eq!(push(&script, records).await.created, 6);
    let start = analyst.analysis_hot_issues(Some(first)).await.unwrap();
    assert_eq!(start.baseline_weeks, 0);
    assert!(start.issues.is_empty(), "{:?}", start.issues);
    let again = analyst.analysis_hot_issues(Some(as_of)).await.unwrap();
    assert_eq!(again.issues.len(), 1, "the burst is still found");
}

#[tokio::test]
async fn a_period_that_makes_no_sense_is_a_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let q = AnalysisQuery {
        from: Some("2026-10-10".parse().unwrap()),
        to: Some("2026-10-01".parse().unwrap()),
        ..Default::default()
    };
    let err = analyst.analysis_overview(&q).await.unwrap_err();
    assert_eq!(err.status(), Some(422));
    assert_eq!(err.problem().unwrap().errors[0].field, "to");
    let q = AnalysisQuery {
        month: Some("2026-13".into()),
        ..Default::default()
    };
    assert_eq!(
        analyst.analysis_overview(&q).await.unwrap_err().status(),
        Some(422)
    );
}

#[tokio::test]
async fn the_category_dictionary_keeps_two_levels_and_platform_codes_unique() {
    let app = TestApp::spawn().await;
    world(&app).await;
    let err = app
        .admin
        .create_case_category(&CreateCaseCategory {
            code: "deep".into(),
            name: "三级".into(),
            parent_code: Some("noise".into()),
            platform_codes: vec![],
        })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422));
    let err = app
        .admin
        .create_case_category(&CreateCaseCategory {
            code: "other".into(),
            name: "其他".into(),
            parent_code: None,
            platform_codes: vec!["P-0301".into()],
        })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "P-0301 means noise already");
    let all = app.admin.case_categories().await.unwrap();
    let codes: Vec<&str> = all.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        ["urban", "noise", "parking"],
        "parents first, then theirs"
    );
    // Remapping a category's platform codes takes effect on the next intake.
    let parking = all.iter().find(|c| c.code == "parking").unwrap();
    let etag = format!("\"{}\"", parking.version);
    let changed = app
        .admin
        .update_case_category(
            parking.id,
            &etag,
            &UpdateCaseCategory {
                platform_codes: Some(vec!["P-0502".into(), "P-0503".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(changed.platform_codes, ["P-0502", "P-0503"]);
    assert_eq!(changed.version, parking.version + 1);
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    assert_eq!(
        analyst
            .create_case_category(&CreateCaseCategory {
                code: "x1".into(),
                name: "x".into(),
                parent_code: None,
                platform_codes: vec![],
            })
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
}

/// The same rows as CSV (UTF-8 with Chinese headers), CSV (GB18030) and NDJSON.
fn import_files(dir: &std::path::Path, w: &World) -> [std::path::PathBuf; 3] {
    let (s0, s1, d0) = (&w.streets[0].code, &w.streets[1].code, &w.depts[0].code);
    let rows = [
        [
            "IM-1",
            "demand",
            "hotline",
            "P-0301",
            s0.as_str(),
            "河坊街１２３号",
            "夜间施工，\"噪音\"扰民",
            "2026-10-02T02:00:00Z",
            d0.as_str(),
            "resolved",
            "2026-10-03T02:00:00Z",
            "1",
            "unsatisfied",
            "13800000000",
            "2026-10-03T02:00:00Z",
        ],
        [
            "IM-2",
            "dispute",
            "web",
            "parking",
            s1.as_str(),
            "",
            "小区停车位纠纷",
            "2026-10-05T02:00:00Z",
            "",
            "received",
            "",
            "0",
            "",
            "",
            "2026-10-05T02:00:00Z",
        ],
        [
            "IM-3",
            "demand",
            "hotline",
            "P-0301",
            "street-atlantis",
            "",
            "无效的街道",
            "2026-10-06T02:00:00Z",
            "",
            "received",
            "",
            "0",
            "",
            "",
            "2026-10-06T02:00:00Z",
        ],
    ];
    let en = [
        "case_number",
        "kind",
        "channel",
        "category_code",
        "street_code",
        "address",
        "summary",
        "received_at",
        "handling_unit_code",
        "status",
        "resolved_at",
        "redo_count",
        "satisfaction",
        "reporter",
        "updated_at",
    ];
    let zh = [
        "案件编号",
        "类型",
        "来源渠道",
        "类别代码",
        "街道代码",
        "地址",
        "诉求内容",
        "受理时间",
        "承办单位代码",
        "状态",
        "办结时间",
        "退回重办次数",
        "满意度",
        "诉求人",
        "更新时间",
    ];
    let csv_line = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    let mut csv = csv_line(&zh);
    let mut ndjson = String::new();
    for r in &rows {
        csv.push_str(&csv_line(r));
        let mut obj = serde_json::Map::new();
        for (k, v) in en.iter().zip(r) {
            if !v.is_empty() {
                let v = if *k == "redo_count" {
                    json!(v.parse::<i64>().unwrap())
                } else {
                    json!(v)
                };
                obj.insert((*k).into(), v);
            }
        }
        ndjson.push_str(&format!("{}\n", Value::Object(obj)));
    }
    let paths = [
        dir.join("utf8.csv"),
        dir.join("gb.csv"),
        dir.join("cases.ndjson"),
    ];
    std::fs::write(&paths[0], csv.as_bytes()).unwrap();
    std::fs::write(&paths[1], encoding_rs::GB18030.encode(&csv).0).unwrap();
    std::fs::write(&paths[2], ndjson).unwrap();
    paths
}

#[tokio::test]
async fn a_file_import_gives_the_same_cases_from_csv_in_utf8_or_gb18030_and_from_ndjson() {
    let dir = std::env::temp_dir().join(format!("yanpan-import-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut seen = Vec::new();
    for which in 0..3 {
        let app = TestApp::spawn().await;
        let w = world(&app).await;
        let path = import_files(&dir, &w)[which].clone();
        let key = app
            .settings
            .cases
            .reporter_key(app.settings.environment)
            .unwrap();
        let summary = yanpan_server::import::import_file(&app.db, &key, &path, None)
            .await
            .unwrap();
        assert_eq!(
            summary.encoding,
            if which == 1 { "GB18030" } else { "UTF-8" }
        );
        assert_eq!((summary.lines, summary.created), (3, 2), "{summary}");
        assert_eq!(summary.rejected.len(), 1);
        let (line, why) = &summary.rejected[0];
        assert_eq!(*line, if which == 2 { 3 } else { 4 }, "the file's line");
        assert!(why.contains("street-atlantis"), "{why}");
        // Run again, as after an interruption: nothing new, nothing twice.
        let again = yanpan_server::import::import_file(&app.db, &key, &path, None)
            .await
            .unwrap();
        assert_eq!((again.created, again.unchanged), (0, 2));
        let (analyst, _) = app.sign_in(Role::Analyst).await;
        let mut cases = analyst
            .cases(&CaseQuery::default(), PageParams::default())
            .await
            .unwrap()
            .items;
        cases.sort_by(|a, b| a.case_number.cmp(&b.case_number));
        let comparable: Vec<Value> = cases
            .into_iter()
            .map(|c| {
                let mut v = serde_json::to_value(c).unwrap();
                for k in ["id", "created_at", "updated_at", "overdue"] {
                    v.as_object_mut().unwrap().remove(k);
                }
                v
            })
            .collect();
        assert_eq!(comparable[0]["summary"], "夜间施工，\"噪音\"扰民");
        assert_eq!(comparable[0]["redo_count"], 1);
        let mut hashes: Vec<(String, Option<String>)> =
            yanpan_server::entities::case::Entity::find()
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|c| (c.case_number, c.reporter_hash))
                .collect();
        hashes.sort();
        seen.push((comparable, hashes));
    }
    assert_eq!(seen[0], seen[1], "UTF-8 and GB18030 CSV");
    assert_eq!(seen[0], seen[2], "CSV and NDJSON");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn the_agenda_draft_proposes_items_from_real_cases_and_nothing_reaches_the_agenda_until_accepted()
 {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    fixture(&app, &w).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let starts = Utc::now() + chrono::Duration::days(20);
    let meeting = analyst
        .create_meeting(&CreateMeeting {
            platform_ref: None,
            kind: MeetingKind::Regular,
            title: "十月份动态分析研判例会".into(),
            period: Some("2026-10".into()),
            trigger: None,
            trigger_reason: None,
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(2),
            place: "指挥中心会议室".into(),
            chair: "区领导".into(),
            convening_unit_ids: vec![],
            invited_unit_ids: vec![],
            main_reporter: None,
            preliminary_analysis: None,
        })
        .await
        .unwrap()
        .value
        .meeting;
    let draft = analyst.agenda_draft(meeting.id).await.unwrap();
    assert_eq!(
        draft.period.from,
        "2026-10-01".parse::<NaiveDate>().unwrap()
    );
    let categories: Vec<AgendaCategory> = draft.proposals.iter().map(|p| p.category).collect();
    assert_eq!(
        categories,
        [
            AgendaCategory::RepeatedDemands,
            AgendaCategory::PoorDisposal,
            AgendaCategory::Satisfaction
        ]
    );
    assert_eq!(draft.proposals[0].evidence.case_numbers, ["F1", "F2", "F3"]);
    assert_eq!(draft.proposals[1].evidence.case_numbers, ["F2", "F3"]);
    assert_eq!(draft.proposals[1].presenting_unit_id, Some(w.depts[0].id));
    assert_eq!(draft.proposals[2].evidence.case_numbers, ["F2"]);
    assert!(
        draft.preliminary_analysis.contains("共受理各类诉求6件"),
        "{}",
        draft.preliminary_analysis
    );
    assert!(
        draft.preliminary_analysis.contains("环比上升500.0%"),
        "{}",
        draft.preliminary_analysis
    );
    // A draft is only a draft.
    assert!(analyst.agenda(meeting.id).await.unwrap().is_empty());
    // Accepting sends the proposal; every case number of its evidence opens its case.
    let item = analyst
        .create_agenda_item(meeting.id, &draft.proposals[0])
        .await
        .unwrap()
        .value;
    assert_eq!(item.evidence.case_numbers, ["F1", "F2", "F3"]);
    for n in &item.evidence.case_numbers {
        assert_eq!(&analyst.case(n).await.unwrap().value.case_number, n);
    }
    let (rep, _) = app.sign_in(Role::UnitRep).await;
    assert_eq!(
        rep.agenda_draft(meeting.id).await.unwrap_err().status(),
        Some(403)
    );
}

/// A burst of `parking` in street 0 in the week ending `as_of` over a quiet baseline, and an
/// ordinary week of `noise` in street 1.
fn burst(w: &World, as_of: NaiveDate, prefix: &str) -> Vec<Value> {
    let mut records = Vec::new();
    for week in 1..=12u64 {
        let at = format!("{}T02:00:00Z", as_of - chrono::Days::new(7 * week + 1));
        records.push(record(
            &format!("{prefix}B{week}"),
            &at,
            &w.streets[0],
            &w.depts[0],
            "parking",
        ));
        records.push(record(
            &format!("{prefix}N{week}"),
            &at,
            &w.streets[1],
            &w.depts[1],
            "noise",
        ));
    }
    for i in 0..8 {
        // 01:00–03:00 UTC is 09:00–11:00 in Beijing: every one inside the week, none in the future.
        let at = format!("{}T0{}:00:00Z", as_of - chrono::Days::new(i % 6), 1 + i % 3);
        records.push(record(
            &format!("{prefix}H{i}"),
            &at,
            &w.streets[0],
            &w.depts[0],
            "parking",
        ));
    }
    records
}

#[tokio::test]
async fn a_hot_issue_is_proposed_once_after_intake_and_accepting_it_drafts_a_special_topic_meeting()
{
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let today = (Utc::now() + chrono::Duration::hours(8)).date_naive();
    // Yesterday, so that every case of the week is in the past whatever the hour.
    let as_of = today - chrono::Days::new(1);
    let script = app.intake_script().await;
    push(&script, burst(&w, as_of, "T")).await;
    let (convener, _) = app.sign_in(Role::Convener).await;
    // The detector runs after the intake has committed, outside the intake's request.
    let mut waited = 0;
    let proposals = loop {
        let page = convener
            .topic_proposals(&TopicProposalQuery::default(), PageParams::default())
            .await
            .unwrap();
        if page.total > 0 || waited >= 600 {
            break page.items;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    };
    assert_eq!(proposals.len(), 1, "proposed after the intake");
    let p = &proposals[0];
    assert_eq!(
        (p.street_code.as_str(), p.category_code.as_str()),
        (w.streets[0].code.as_str(), "parking")
    );
    assert_eq!((p.count, p.status), (8, TopicProposalStatus::Pending));
    // Detected again (by hand, by the timer, after another intake): still one proposal.
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let again = analyst.detect_hot_issues(Some(as_of)).await.unwrap();
    assert_eq!((again.hot, again.proposed.len()), (1, 0));
    let again = analyst.detect_hot_issues(Some(today)).await.unwrap();
    assert!(again.proposed.is_empty(), "the same issue a day later");
    assert_eq!(
        analyst
            .topic_proposals(&TopicProposalQuery::default(), PageParams::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        analyst
            .accept_topic_proposal(p.id, &accept_body())
            .await
            .unwrap_err()
            .status(),
        Some(403),
        "conveners decide"
    );
    let accepted = convener
        .accept_topic_proposal(p.id, &accept_body())
        .await
        .unwrap()
        .value;
    assert_eq!(accepted.status, TopicProposalStatus::Accepted);
    assert!(accepted.decided_by_name.is_some());
    let m = convener
        .meeting(accepted.meeting_id.unwrap())
        .await
        .unwrap()
        .value;
    assert_eq!(m.meeting.kind, MeetingKind::SpecialTopic);
    assert_eq!(m.meeting.trigger, Some(MeetingTrigger::HotIssue));
    assert_eq!(m.meeting.status, MeetingStatus::Draft);
    assert!(m.meeting.trigger_reason.as_deref().unwrap().contains("8件"));
    assert_eq!(m.agenda.len(), 1);
    let mut numbers = m.agenda[0].evidence.case_numbers.clone();
    numbers.sort();
    assert_eq!(
        numbers,
        (0..8).map(|i| format!("TH{i}")).collect::<Vec<_>>()
    );
    let invited: Vec<Uuid> = m.participants.iter().map(|x| x.unit_id).collect();
    assert!(
        invited.contains(&w.streets[0].id) && invited.contains(&w.depts[0].id),
        "{invited:?}"
    );
    let err = convener
        .accept_topic_proposal(p.id, &accept_body())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.problem().unwrap().code, ProblemCode::ProposalDecided);
}

fn accept_body() -> AcceptTopicProposal {
    let starts = Utc::now() + chrono::Duration::days(10);
    AcceptTopicProposal {
        starts_at: starts,
        ends_at: starts + chrono::Duration::hours(2),
        place: "区联动指挥中心会议室".into(),
        chair: "分管副区长".into(),
    }
}

use uuid::Uuid;

#[tokio::test]
async fn a_dismissed_proposal_needs_a_reason_and_is_not_proposed_again() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let as_of: NaiveDate = "2026-06-17".parse().unwrap();
    push(&app.intake_script().await, burst(&w, as_of, "D")).await;
    let (convener, _) = app.sign_in(Role::Convener).await;
    let found = convener.detect_hot_issues(Some(as_of)).await.unwrap();
    assert_eq!(found.proposed.len(), 1);
    let id = found.proposed[0].id;
    let err = convener
        .dismiss_topic_proposal(
            id,
            &DismissTopicProposal {
                reason: String::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422));
    let dismissed = convener
        .dismiss_topic_proposal(
            id,
            &DismissTopicProposal {
                reason: "街道已专项整治".into(),
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(dismissed.status, TopicProposalStatus::Dismissed);
    assert_eq!(dismissed.reason.as_deref(), Some("街道已专项整治"));
    assert!(
        convener
            .detect_hot_issues(Some(as_of))
            .await
            .unwrap()
            .proposed
            .is_empty()
    );
    let q = TopicProposalQuery {
        status: Some(TopicProposalStatus::Pending),
    };
    assert_eq!(
        convener
            .topic_proposals(&q, PageParams::default())
            .await
            .unwrap()
            .total,
        0
    );
}

#[tokio::test]
async fn every_analysis_table_downloads_as_csv_and_xlsx_with_the_same_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    fixture(&app, &w).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    for table in AnalysisTable::ALL {
        for format in TableFormat::ALL {
            let path = format!("/analysis/export?table={table}&format={format}&month=2026-10");
            let res = analyst
                .request(reqwest::Method::GET, &path)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{path}");
            let disposition = res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
            let bytes = res.bytes().await.unwrap();
            assert!(!bytes.is_empty(), "{path}");
        }
    }
    // The by-street table, read back: CSV with a BOM, and the XLSX's same cells.
    let get = |format: &str| {
        let path = format!("/analysis/export?table=by_street&format={format}&month=2026-10");
        let req = analyst.request(reqwest::Method::GET, &path);
        async move { req.send().await.unwrap().bytes().await.unwrap().to_vec() }
    };
    let csv = get("csv").await;
    let text =
        std::str::from_utf8(csv.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM for Excel")).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(
        lines[0].starts_with("按街道（2026-10-01至2026-10-31）"),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "街道,本期件数,上期件数,环比(%),去年同期件数,同比(%)"
    );
    assert_eq!(lines[2], format!("{},5,1,400,1,400", w.streets[0].name));
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(get("xlsx").await)).unwrap();
    let sheet = book.worksheet_range("研判分析").unwrap();
    assert_eq!(
        sheet.get_value((2, 0)),
        Some(&Data::String(w.streets[0].name.clone()))
    );
    assert_eq!(sheet.get_value((2, 1)), Some(&Data::Float(5.0)));
    assert_eq!(sheet.get_value((2, 3)), Some(&Data::Float(400.0)));
    // The unit_rep may not download what it may not see.
    let (rep, _) = app.sign_in(Role::UnitRep).await;
    let res = rep
        .request(
            reqwest::Method::GET,
            "/analysis/export?table=by_street&format=csv",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_trend_counts_24_months_and_forecasts_the_next_with_an_interval_and_its_backtested_error()
 {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let script = app.intake_script().await;
    // 24 months to October 2026: noise steady at 3 a month in street 0; parking in street 1
    // rising by one a month with a wobble (3, 2, 4, 6, 5, 7, … 25).
    let first: NaiveDate = "2024-11-01".parse().unwrap();
    let mut records = Vec::new();
    for m in 0..24u32 {
        let month = first.checked_add_months(chrono::Months::new(m)).unwrap();
        for k in 0..3 {
            let at = format!("{}T02:00:00Z", month + chrono::Days::new(k * 5));
            records.push(record(
                &format!("TN{m}-{k}"),
                &at,
                &w.streets[0],
                &w.depts[0],
                "noise",
            ));
        }
        for k in 0..u64::from(m + 1 + [2, 0, 1][m as usize % 3]) {
            let at = format!("{}T03:00:00Z", month + chrono::Days::new(k % 27));
            records.push(record(
                &format!("TP{m}-{k}"),
                &at,
                &w.streets[1],
                &w.depts[1],
                "parking",
            ));
        }
    }
    push(&script, records).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let t = analyst
        .analysis_trend(&TrendQuery {
            month: Some("2026-10".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (t.months.len(), t.months[0].as_str(), t.months[23].as_str()),
        (24, "2024-11", "2026-10")
    );
    assert_eq!(t.next_month, "2026-11");
    assert_eq!(t.total.history[0], 6);
    assert_eq!(t.total.history[23], 28);
    let noise = t.by_category.iter().find(|s| s.key == "noise").unwrap();
    assert!(noise.history.iter().all(|c| *c == 3));
    assert_eq!(noise.point, Some(3.0));
    let parking = t.by_category.iter().find(|s| s.key == "parking").unwrap();
    let (p, lo, hi) = (
        parking.point.unwrap(),
        parking.lower.unwrap(),
        parking.upper.unwrap(),
    );
    assert!(p > 22.0 && p < 32.0, "a rising series keeps rising: {p}");
    assert!(lo <= p && p <= hi && hi > lo, "{lo} {p} {hi}");
    assert!(parking.mae.unwrap() < 3.0, "{:?}", parking.mae);
    assert_eq!(t.by_category[0].key, "parking", "largest expected first");
    let street1 = t
        .by_street
        .iter()
        .find(|s| s.key == w.streets[1].code)
        .unwrap();
    assert_eq!(street1.history, parking.history);
    // Narrowed to a street, the total is that street's.
    let q = TrendQuery {
        month: Some("2026-10".into()),
        street: Some(w.streets[0].code.clone()),
        ..Default::default()
    };
    assert!(
        analyst
            .analysis_trend(&q)
            .await
            .unwrap()
            .total
            .history
            .iter()
            .all(|c| *c == 3)
    );
}

#[tokio::test]
async fn the_demo_is_a_working_year_and_its_planted_hot_issue_is_proposed_once() {
    let app = TestApp::spawn().await;
    let key = app
        .settings
        .cases
        .reporter_key(app.settings.environment)
        .unwrap();
    yanpan_server::seed::seed_demo(&app.db, &key).await.unwrap();
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    let last_month = analyst
        .analysis_overview(&AnalysisQuery::default())
        .await
        .unwrap();
    assert!(
        (2000..4500).contains(&last_month.figures.cases),
        "{:?}",
        last_month.figures
    );
    assert_eq!(last_month.by_street.len(), 6);
    assert!(last_month.figures.satisfaction_rate.unwrap() > 0.7);
    let repeated = analyst
        .analysis_repeated_demands(&AnalysisQuery::default(), &RepeatQuery::default())
        .await
        .unwrap();
    assert!(
        !repeated.clusters.is_empty(),
        "repeat reporters and addresses"
    );
    let found = analyst.detect_hot_issues(None).await.unwrap();
    let planted: Vec<&TopicProposal> = found
        .proposed
        .iter()
        .filter(|p| p.street_code == "street-wangjiang" && p.category_code == "noise")
        .collect();
    assert_eq!(planted.len(), 1, "{:?}", found.proposed);
    assert!(
        analyst
            .detect_hot_issues(None)
            .await
            .unwrap()
            .proposed
            .is_empty(),
        "once"
    );
    // A year of meetings: every past month held, each with its adopted conclusion.
    let year = (Utc::now() + chrono::Duration::hours(8)).date_naive();
    let cadence = analyst
        .cadence(chrono::Datelike::year(&year))
        .await
        .unwrap();
    let missing = cadence.missing_months.clone();
    assert!(missing.is_empty(), "{missing:?}");
    let escalations = analyst
        .escalations(&EscalationQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(escalations.total, 1);
    // … briefed (the older months issued and published, last month's a draft), its streets'
    // measures followed up, one street referred, and all of it in the assessment.
    let briefings = analyst
        .list_briefings(&BriefingQuery::default(), PageParams::new(1, 100))
        .await
        .unwrap();
    assert_eq!(briefings.total, 12);
    let issued: Vec<&Briefing> = briefings
        .items
        .iter()
        .filter(|b| b.status == BriefingStatus::Issued)
        .collect();
    assert_eq!(issued.len(), 11);
    assert!(issued.iter().all(|b| b.public && b.issue_label.is_some()));
    let verified = analyst
        .list_supervision_tasks(
            &TaskQuery {
                status: Some(TaskStatus::Verified),
                ..Default::default()
            },
            PageParams::new(1, 100),
        )
        .await
        .unwrap();
    assert!(verified.total >= 8, "{}", verified.total);
    assert!(verified.items.iter().all(|t| !t.done_late));
    let referrals = analyst
        .list_referrals(&ReferralQuery::default(), PageParams::default())
        .await
        .unwrap();
    assert_eq!(referrals.items.len(), 1);
    assert_eq!(referrals.items[0].outcome, Some(ReferralOutcome::Interview));
    let assessment = analyst
        .get_assessment(chrono::Datelike::year(&year), None)
        .await
        .unwrap();
    let referred = assessment
        .rows
        .iter()
        .find(|r| r.unit_id == referrals.items[0].unit_id)
        .unwrap();
    assert_eq!(referred.counts.referrals_interview, 1);
}

/// The per-channel rollup as rows, without those whose count went back to zero.
async fn channel_rollup(app: &TestApp) -> Vec<yanpan_server::entities::case_channel_stat::Model> {
    use sea_orm::{EntityTrait, QueryOrder};
    use yanpan_server::entities::case_channel_stat::{Column as C, Entity};
    Entity::find()
        .order_by_asc(C::Span)
        .order_by_asc(C::Bucket)
        .order_by_asc(C::StreetId)
        .order_by_asc(C::CategoryId)
        .order_by_asc(C::Kind)
        .order_by_asc(C::Channel)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.cases != 0)
        .collect()
}

/// The rollup as rows, without the groups whose counts all went back to zero.
async fn rollup(app: &TestApp) -> Vec<yanpan_server::entities::case_stat::Model> {
    use sea_orm::{EntityTrait, QueryOrder};
    use yanpan_server::entities::case_stat::{Column as C, Entity};
    Entity::find()
        .order_by_asc(C::Span)
        .order_by_asc(C::Bucket)
        .order_by_asc(C::StreetId)
        .order_by_asc(C::CategoryId)
        .order_by_asc(C::UnitKey)
        .order_by_asc(C::Kind)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| {
            [
                r.cases,
                r.resolved,
                r.resolved_late,
                r.redone,
                r.rated,
                r.satisfied,
                r.unsatisfied,
                r.escalated,
                r.marked,
            ] != [0; 9]
        })
        .collect()
}

#[tokio::test]
async fn the_rollup_the_intake_keeps_equals_one_rebuilt_from_the_cases_through_every_kind_of_update()
 {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    fixture(&app, &w).await;
    let script = app.intake_script().await;
    let (s0, s1, d0, d1) = (&w.streets[0], &w.streets[1], &w.depts[0], &w.depts[1]);
    // F3 is resolved late and rated; F6 is dispatched and moves to the next Beijing day and
    // another street; F1 moves to the previous month and another category and unit; F4 is
    // sent back and its channel corrected; an older F2 is stale; a new case arrives and is updated in the same batch.
    let mut f3 = record("F3", "2026-10-20T02:00:00Z", s0, d0, "noise");
    f3["resolved_at"] = json!("2026-10-28T02:00:00Z");
    f3["satisfaction"] = json!("unsatisfied");
    f3["updated_at"] = json!("2026-10-28T02:00:00Z");
    let mut f6 = record("F6", "2026-10-31T16:30:00Z", s0, d0, "parking");
    f6["status"] = json!("dispatched");
    f6["resolved_at"] = Value::Null;
    f6["updated_at"] = json!("2026-11-02T02:00:00Z");
    let mut f1 = record("F1", "2026-09-29T02:00:00Z", s1, d1, "parking");
    f1["updated_at"] = json!("2026-11-03T02:00:00Z");
    let mut f4 = record("F4", "2026-10-05T02:00:00Z", s0, d1, "parking");
    f4["redo_count"] = json!(2);
    f4["supervision_level"] = json!("level1");
    f4["channel"] = json!("web");
    f4["updated_at"] = json!("2026-11-03T02:00:00Z");
    let mut f2 = record("F2", "2026-10-10T02:00:00Z", s1, d1, "parking");
    f2["updated_at"] = json!("2026-01-01T00:00:00Z");
    let n1 = record("N1", "2026-10-12T02:00:00Z", s1, d0, "noise");
    let mut n1b = n1.clone();
    n1b["status"] = json!("in_progress");
    n1b["resolved_at"] = Value::Null;
    n1b["updated_at"] = json!("2026-11-04T02:00:00Z");
    let report = push(&script, vec![f3, f6, f1, f4, f2, n1, n1b]).await;
    assert_eq!(
        (report.created, report.updated, report.stale),
        (1, 5, 1),
        "{report:?}"
    );
    let kept = rollup(&app).await;
    let kept_channels = channel_rollup(&app).await;
    let total: i64 = kept.iter().filter(|r| r.span == 2).map(|r| r.cases).sum();
    assert_eq!(total, 9, "every case counts once in its month");
    let rebuilt = {
        yanpan_server::store::case_stats::rebuild(&app.db)
            .await
            .unwrap();
        rollup(&app).await
    };
    assert_eq!(kept, rebuilt);
    assert_eq!(kept_channels, channel_rollup(&app).await);
    assert_eq!(
        kept_channels
            .iter()
            .filter(|r| r.span == 2)
            .map(|r| r.cases)
            .sum::<i64>(),
        9
    );
    // The moved cases count where they are now: F6 on 1 November (Beijing), F1 in September.
    let w1: Vec<_> = kept
        .iter()
        .filter(|r| r.span == 1 && r.bucket == "2026-11-01")
        .collect();
    assert_eq!(w1.iter().map(|r| r.cases).sum::<i64>(), 1);
    let sept: i64 = kept
        .iter()
        .filter(|r| r.span == 2 && r.bucket == "2026-09")
        .map(|r| r.cases)
        .sum();
    assert_eq!(sept, 2, "F7 and the moved F1");
}
