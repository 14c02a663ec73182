//! Webhooks (issue 13 §2): the outbox's events pushed to a registered endpoint, signed, in
//! order per resource, retried when the endpoint fails, times out or is slow, logged attempt by
//! attempt, and redelivered by hand.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::NaiveDate;
use uuid::Uuid;
use yanpan_server::domain::webhooks::verify;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::documents::invited_meeting;
use crate::meetings::{Cast, cast, start};

/// How the test endpoint answers a request.
#[derive(Debug, Clone, Copy)]
enum Reply {
    Status(u16),
    /// Waits this many milliseconds, then answers 200.
    After(u64),
}

/// A request the endpoint received.
#[derive(Debug, Clone)]
struct Got {
    id: String,
    timestamp: i64,
    signature: String,
    body: Vec<u8>,
    answered: Option<u16>,
}

#[derive(Default)]
struct State {
    script: VecDeque<Reply>,
    otherwise: Option<Reply>,
    got: Vec<Got>,
}

/// An HTTP endpoint that answers as scripted and records what it gets.
#[derive(Clone, Default)]
struct Receiver(Arc<Mutex<State>>);

impl Receiver {
    async fn start(script: Vec<Reply>, otherwise: Reply) -> (Self, String) {
        let r = Receiver::default();
        {
            let mut s = r.0.lock().unwrap();
            s.script = script.into();
            s.otherwise = Some(otherwise);
        }
        let data = web::Data::new(r.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        (r, format!("http://127.0.0.1:{port}/hooks/yanpan"))
    }

    fn answer_from_now(&self, reply: Reply) {
        let mut s = self.0.lock().unwrap();
        s.script.clear();
        s.otherwise = Some(reply);
    }

    fn got(&self) -> Vec<Got> {
        self.0.lock().unwrap().got.clone()
    }
}

async fn receive(req: HttpRequest, body: web::Bytes, r: web::Data<Receiver>) -> HttpResponse {
    let header = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let reply = {
        let mut s = r.0.lock().unwrap();
        let reply = s
            .script
            .pop_front()
            .or(s.otherwise)
            .unwrap_or(Reply::Status(200));
        s.got.push(Got {
            id: header(WEBHOOK_ID_HEADER),
            timestamp: header(WEBHOOK_TIMESTAMP_HEADER).parse().unwrap_or(0),
            signature: header(WEBHOOK_SIGNATURE_HEADER),
            body: body.to_vec(),
            answered: match reply {
                Reply::Status(c) => Some(c),
                Reply::After(_) => None,
            },
        });
        reply
    };
    match reply {
        Reply::Status(c) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(c).unwrap()).finish()
        }
        Reply::After(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            HttpResponse::Ok().finish()
        }
    }
}

const SECRET: &str = "pingan365-webhook-secret-0123456789abcdef";

/// A fast dispatcher: retries after 1/200 of the production waits, a 1.5 s timeout.
async fn app(retry_unit_ms: u64) -> TestApp {
    TestApp::spawn_with(|s| {
        s.webhooks.poll_interval_ms = 20;
        s.webhooks.timeout_ms = 1500;
        s.webhooks.retry_unit_ms = retry_unit_ms;
    })
    .await
}

async fn register(app: &TestApp, url: &str, events: Vec<NotificationKind>) -> Uuid {
    app.admin
        .create_webhook(&CreateWebhook {
            url: url.into(),
            events,
            secret: Some(SECRET.into()),
            description: "平安365平台".into(),
        })
        .await
        .unwrap()
        .value
        .endpoint
        .id
}

/// A started meeting adopts a conclusion with a recommendation for each street: one
/// `task_assigned` event per task. Returns the tasks.
async fn assign_tasks(c: &Cast) -> Vec<Uuid> {
    let meeting = invited_meeting(c).await;
    start(&c.analyst, &c.convener, meeting).await;
    let con = c
        .analyst
        .create_conclusion(
            meeting,
            &CreateConclusion {
                text: "各街道开展夜间施工噪音整治".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations: c
                    .reps
                    .iter()
                    .map(|(_, u)| NewRecommendation {
                        measure: "开展夜间施工噪音联合巡查".into(),
                        responsible_unit_id: u.unit_id.unwrap(),
                        deadline: NaiveDate::from_ymd_opt(2031, 6, 30).unwrap(),
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    c.convener.adopt_conclusion(con.id).await.unwrap();
    con.recommendations.iter().map(|r| r.id).collect()
}

/// Waits (up to a minute: the dispatcher runs on its own) until `done` holds of the log.
async fn until(
    app: &TestApp,
    hook: Uuid,
    done: impl Fn(&[WebhookDelivery]) -> bool,
) -> Vec<WebhookDelivery> {
    for _ in 0..1200 {
        let log = app
            .admin
            .webhook_deliveries(
                hook,
                &DeliveryQuery::default(),
                PageParams {
                    page: 1,
                    page_size: 100,
                },
            )
            .await
            .unwrap()
            .items;
        if done(&log) {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the deliveries did not get there");
}

fn all_delivered(log: &[WebhookDelivery], n: usize) -> bool {
    log.len() == n && log.iter().all(|d| d.status == DeliveryStatus::Delivered)
}

#[tokio::test]
async fn events_reach_the_endpoint_signed_in_order_per_resource_despite_failures() {
    let app = app(5).await;
    let c = cast(&app).await;
    // The endpoint fails its first two requests, then answers.
    let (receiver, url) = Receiver::start(
        vec![Reply::Status(500), Reply::Status(503)],
        Reply::Status(204),
    )
    .await;
    let hook = register(&app, &url, vec![]).await;
    let tasks = assign_tasks(&c).await;
    // The first street reports its task done: a second event of that task.
    let (rep0, _) = &c.reps[0];
    rep0.transition_supervision_task(tasks[0], TaskStatus::InProgress, None)
        .await
        .unwrap();
    rep0.transition_supervision_task(tasks[0], TaskStatus::Done, Some("已完成联合巡查12次"))
        .await
        .unwrap();
    let log = until(&app, hook, |l| all_delivered(l, 4)).await;

    // Every request is signed with the endpoint's secret over its timestamp and body.
    let got = receiver.got();
    assert_eq!(got.len(), 6, "four events, two failed attempts: {got:?}");
    for g in &got {
        assert!(
            verify(SECRET, g.timestamp, &g.body, &g.signature, g.timestamp + 1),
            "{g:?}"
        );
        assert!(!verify(
            "another-secret-another-secret-another",
            g.timestamp,
            &g.body,
            &g.signature,
            g.timestamp
        ));
    }
    // Delivered once each (by event id), and what arrived is what the outbox holds.
    let delivered: Vec<WebhookEvent> = got
        .iter()
        .filter(|g| g.answered == Some(204))
        .map(|g| serde_json::from_slice(&g.body).unwrap())
        .collect();
    let mut ids: Vec<Uuid> = delivered.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4);
    for (g, e) in got.iter().zip(
        got.iter()
            .map(|g| serde_json::from_slice::<WebhookEvent>(&g.body).unwrap()),
    ) {
        assert_eq!(g.id, e.id.to_string());
    }
    let outbox = app
        .integration()
        .await
        .list_outbox(&OutboxQuery::default())
        .await
        .unwrap();
    let mut pushed: Vec<(Uuid, String)> = delivered
        .iter()
        .map(|e| (e.entity_id, e.kind.as_str().to_owned()))
        .collect();
    let mut read: Vec<(Uuid, String)> = outbox
        .iter()
        .map(|e| (e.entity_id, e.kind.as_str().to_owned()))
        .collect();
    pushed.sort();
    read.sort();
    assert_eq!(pushed, read);
    // The task's two events arrived in their order: assigned, then reported.
    let of_task: Vec<NotificationKind> = delivered
        .iter()
        .filter(|e| e.entity_id == tasks[0])
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        of_task,
        vec![
            NotificationKind::TaskAssigned,
            NotificationKind::TaskReported
        ]
    );
    // The log tells each attempt: two failures with their status, then success.
    let attempts: Vec<&WebhookAttempt> = log.iter().flat_map(|d| &d.attempt_log).collect();
    assert_eq!(attempts.len(), 6);
    let mut codes: Vec<u16> = attempts.iter().filter_map(|a| a.status_code).collect();
    codes.sort_unstable();
    assert_eq!(codes, vec![204, 204, 204, 204, 500, 503]);
    assert!(attempts.iter().filter(|a| a.error.is_some()).count() == 2);
}

#[tokio::test]
async fn a_silent_endpoint_times_out_and_is_retried_and_a_slow_one_is_waited_for() {
    let app = app(5).await;
    let c = cast(&app).await;
    // First no answer within the 1.5 s timeout, then answers after 200 ms.
    let (receiver, url) = Receiver::start(vec![Reply::After(6000)], Reply::After(200)).await;
    let hook = register(&app, &url, vec![NotificationKind::TaskAssigned]).await;
    let mut c1 = c;
    c1.reps.truncate(1);
    assign_tasks(&c1).await;
    let log = until(&app, hook, |l| all_delivered(l, 1)).await;
    let attempts = &log[0].attempt_log;
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert_eq!(attempts[0].status_code, None);
    assert_eq!(
        attempts[0].error.as_deref(),
        Some("no answer within the timeout")
    );
    assert_eq!(attempts[1].status_code, Some(200));
    assert!(attempts[1].duration_ms >= 200, "{attempts:?}");
    assert_eq!(log[0].attempts, 2);
    // Both attempts carried the same event id.
    let got = receiver.got();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, got[1].id);
}

#[tokio::test]
async fn a_delivery_that_kept_failing_is_given_up_and_redelivered_by_hand() {
    // The whole retry schedule at once (waits of zero): thirteen attempts, then `failed`.
    let app = app(0).await;
    let c = cast(&app).await;
    let (receiver, url) = Receiver::start(vec![], Reply::Status(502)).await;
    let hook = register(&app, &url, vec![]).await;
    let mut c1 = c;
    c1.reps.truncate(1);
    assign_tasks(&c1).await;
    let log = until(&app, hook, |l| {
        l.len() == 1 && l[0].status == DeliveryStatus::Failed
    })
    .await;
    let failed = &log[0];
    assert_eq!(failed.attempts, 13);
    assert_eq!(failed.attempt_log.len(), 13);
    assert!(
        failed
            .attempt_log
            .iter()
            .all(|a| a.status_code == Some(502))
    );
    assert_eq!(failed.next_attempt_at, None);

    // The endpoint is fixed; an administrator sends the event again.
    receiver.answer_from_now(Reply::Status(200));
    let again = app
        .admin
        .redeliver_webhook_delivery(failed.id)
        .await
        .unwrap();
    assert_eq!(again.redelivery_of, Some(failed.id));
    assert_eq!(again.event, failed.event);
    let log = until(&app, hook, |l| {
        l.iter()
            .any(|d| d.id == again.id && d.status == DeliveryStatus::Delivered)
    })
    .await;
    // The old delivery stays as it was; the endpoint saw the same event id again.
    let old: HashMap<Uuid, &WebhookDelivery> = log.iter().map(|d| (d.id, d)).collect();
    assert_eq!(old[&failed.id].status, DeliveryStatus::Failed);
    let got = receiver.got();
    assert_eq!(got.len(), 14);
    assert!(got.iter().all(|g| g.id == failed.event.id.to_string()));

    // Endpoints are the administrators' alone; nobody else sees the log.
    let e = c1
        .analyst
        .webhook_deliveries(hook, &DeliveryQuery::default(), PageParams::default())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    // A bad address is refused with its field named.
    let e = app
        .admin
        .create_webhook(&CreateWebhook {
            url: "ftp://example".into(),
            events: vec![],
            secret: Some("short".into()),
            description: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    let mut fields: Vec<String> = e
        .problem()
        .unwrap()
        .errors
        .iter()
        .map(|f| f.field.clone())
        .collect();
    fields.sort();
    assert_eq!(fields, vec!["secret", "url"]);
}
