//! The role × endpoint matrix: every operation of the spec, every role and anonymous, the status.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;
use yanpan_client::Client;
use yanpan_tests::{PASSWORD, TestApp};
use yanpan_types::*;

const A: u16 = 401;
const F: u16 = 403;

/// (method, path, [admin, convener, analyst, unit_rep, inspector, integration, anonymous]).
/// Placeholders in braces are made fresh for each call (see `Fixture::concrete`).
pub const MATRIX: &[(&str, &str, [u16; 7])] = &[
    ("GET", "/units", [200, 200, 200, 200, 200, 200, A]),
    ("POST", "/units", [201, F, F, F, F, F, A]),
    ("GET", "/units/{unit}", [200, 200, 200, 200, 200, 200, A]),
    ("PATCH", "/units/{unit}", [200, F, F, F, F, F, A]),
    ("DELETE", "/units/{unit}", [204, F, F, F, F, F, A]),
    ("GET", "/users", [200, F, F, F, F, F, A]),
    ("POST", "/users", [201, F, F, F, F, F, A]),
    ("GET", "/users/{user}", [200, F, F, F, F, F, A]),
    ("PATCH", "/users/{user}", [200, F, F, F, F, F, A]),
    ("GET", "/me", [200, 200, 200, 200, 200, F, A]),
    ("PATCH", "/me", [200, 200, 200, 200, 200, F, A]),
    ("GET", "/service-accounts", [200, F, F, F, F, F, A]),
    ("POST", "/service-accounts", [201, F, F, F, F, F, A]),
    ("GET", "/service-accounts/{sa}", [200, F, F, F, F, F, A]),
    ("DELETE", "/service-accounts/{sa}", [204, F, F, F, F, F, A]),
    ("GET", "/audit-log", [200, 200, F, F, 200, F, A]),
    ("POST", "/auth/logout", [204, 204, 204, 204, 204, 204, 204]),
    ("POST", "/auth/refresh", [401, 401, 401, 401, 401, 401, 401]),
    ("POST", "/auth/login", [401, 401, 401, 401, 401, 401, 401]),
    ("POST", "/auth/token", [401, 401, 401, 401, 401, 401, 401]),
    // Meetings: a unit_rep's unit is invited to every fixture meeting.
    ("GET", "/meetings", [200, 200, 200, 200, 200, 200, A]),
    ("POST", "/meetings", [F, 201, 201, F, F, F, A]),
    (
        "GET",
        "/meetings/{meeting}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    ("PATCH", "/meetings/{meeting}", [F, 200, 200, F, F, F, A]),
    (
        "POST",
        "/meetings/{meeting}/transitions",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/readiness",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/participants",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "POST",
        "/meetings/{meeting}/participants",
        [F, 201, 201, F, F, F, A],
    ),
    (
        "DELETE",
        "/meetings/{meeting}/participants/{other_unit}",
        [F, 204, 204, F, F, F, A],
    ),
    (
        "PATCH",
        "/meetings/{live_meeting}/participants/{other_unit}",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "PUT",
        "/meetings/{live_meeting}/attendance",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/agenda-items",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "POST",
        "/meetings/{meeting}/agenda-items",
        [F, 201, 201, F, F, F, A],
    ),
    (
        "POST",
        "/meetings/{meeting}/agenda-items/reorder",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/submissions",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "POST",
        "/meetings/{meeting}/submissions",
        [F, F, F, 201, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/submission-tracker",
        [200, 200, 200, F, 200, 200, A],
    ),
    (
        "POST",
        "/meetings/{meeting}/attachments",
        [F, 201, 201, 201, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/conclusions",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "POST",
        "/meetings/{meeting}/conclusions",
        [F, 201, 201, F, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/exports/notice",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/exports/sign-in-sheet",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/exports/minutes",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/exports/submission-tracker",
        [200, 200, 200, F, 200, 200, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/exports/attendance",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/exports/materials",
        [200, 200, 200, 200, 200, 200, A],
    ),
    ("GET", "/cadence", [200, 200, 200, 200, 200, 200, A]),
    (
        "GET",
        "/agenda-items/{item}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    ("PATCH", "/agenda-items/{item}", [F, 200, 200, F, F, F, A]),
    ("DELETE", "/agenda-items/{item}", [F, 204, 204, F, F, F, A]),
    (
        "POST",
        "/agenda-items/{item}/decision",
        [F, 200, F, F, F, F, A],
    ),
    (
        "GET",
        "/conclusions/{conclusion}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "PATCH",
        "/conclusions/{conclusion}",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "DELETE",
        "/conclusions/{conclusion}",
        [F, 204, 204, F, F, F, A],
    ),
    (
        "POST",
        "/conclusions/{conclusion}/adopt",
        [F, 200, F, F, F, F, A],
    ),
    ("GET", "/escalations", [200, 200, 200, F, 200, 200, A]),
    ("POST", "/escalations", [F, 201, 201, F, F, F, A]),
    (
        "GET",
        "/escalations/{escalation}",
        [200, 200, 200, F, 200, 200, A],
    ),
    (
        "POST",
        "/escalations/{escalation}/review",
        [F, 200, F, F, F, F, A],
    ),
    (
        "POST",
        "/escalations/{accepted_escalation}/schedule",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "POST",
        "/escalations/{scheduled_escalation}/resolve",
        [F, 200, F, F, F, F, A],
    ),
    (
        "GET",
        "/submissions/{submission}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/attachments/{attachment}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/attachments/{attachment}/content",
        [200, 200, 200, 200, 200, 200, A],
    ),
    ("GET", "/calendar-days", [200, 200, 200, 200, 200, 200, A]),
    ("POST", "/calendar-days", [201, F, F, F, F, F, A]),
    ("DELETE", "/calendar-days/{date}", [204, F, F, F, F, F, A]),
    ("POST", "/me/calendar-feed", [201, 201, 201, 201, 201, F, A]),
    (
        "DELETE",
        "/me/calendar-feed",
        [204, 204, 204, 204, 204, F, A],
    ),
    (
        "GET",
        "/calendar-feeds/{token}",
        [404, 404, 404, 404, 404, 404, 404],
    ),
    ("GET", "/search", [200, 200, 200, 200, 200, 200, A]),
    // The analysis room. The matrix's integration caller has no `cases_write` scope.
    ("POST", "/cases/batch", [F, F, F, F, F, F, A]),
    ("GET", "/cases", [F, 200, 200, 200, 200, 200, A]),
    ("GET", "/cases/{case}", [F, 200, 200, 200, 200, 200, A]),
    ("GET", "/case-categories", [200, 200, 200, 200, 200, 200, A]),
    ("POST", "/case-categories", [201, F, F, F, F, F, A]),
    (
        "GET",
        "/case-categories/{category}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "PATCH",
        "/case-categories/{category}",
        [200, F, F, F, F, F, A],
    ),
    ("GET", "/analysis/overview", [F, 200, 200, F, 200, F, A]),
    (
        "GET",
        "/analysis/repeated-demands",
        [F, 200, 200, F, 200, F, A],
    ),
    (
        "GET",
        "/analysis/poor-disposal",
        [F, 200, 200, F, 200, F, A],
    ),
    ("GET", "/analysis/satisfaction", [F, 200, 200, F, 200, F, A]),
    ("GET", "/analysis/unit-ranking", [F, 200, 200, F, 200, F, A]),
    ("GET", "/analysis/hot-issues", [F, 200, 200, F, 200, F, A]),
    ("GET", "/analysis/export", [F, 200, 200, F, 200, F, A]),
    ("GET", "/analysis/trend", [F, 200, 200, F, 200, F, A]),
    ("GET", "/topic-proposals", [F, 200, 200, F, 200, F, A]),
    ("POST", "/topic-proposals/detect", [F, 200, 200, F, F, F, A]),
    (
        "GET",
        "/topic-proposals/{proposal}",
        [F, 200, 200, F, 200, F, A],
    ),
    (
        "POST",
        "/topic-proposals/{proposal}/accept",
        [F, 200, F, F, F, F, A],
    ),
    (
        "POST",
        "/topic-proposals/{proposal}/dismiss",
        [F, 200, F, F, F, F, A],
    ),
    (
        "GET",
        "/meetings/{meeting}/agenda-draft",
        [F, 200, 200, F, F, F, A],
    ),
    // Briefings: `{briefing}` is issued and sent to the unit_rep caller's street; the callers
    // other than the unit_rep belong to no unit, so only the unit_rep acknowledges.
    ("GET", "/briefings", [200, 200, 200, 200, 200, 200, A]),
    ("POST", "/briefings", [F, 201, 201, F, F, F, A]),
    (
        "GET",
        "/briefings/{briefing}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "PATCH",
        "/briefings/{draft_briefing}",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "DELETE",
        "/briefings/{draft_briefing}",
        [F, 204, 204, F, F, F, A],
    ),
    (
        "POST",
        "/briefings/{draft_briefing}/transitions",
        [F, 200, 200, F, F, F, A],
    ),
    (
        "POST",
        "/briefings/{briefing}/publish",
        [F, 200, F, F, F, F, A],
    ),
    (
        "POST",
        "/briefings/{briefing}/acknowledge",
        [F, F, F, 200, F, F, A],
    ),
    (
        "GET",
        "/briefings/{briefing}/document",
        [200, 200, 200, 200, 200, 200, A],
    ),
    // Supervision: `{task}` is the unit_rep caller's unit's; only the unit takes it up.
    (
        "GET",
        "/supervision-tasks",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "GET",
        "/supervision-tasks/{task}",
        [200, 200, 200, 200, 200, 200, A],
    ),
    (
        "POST",
        "/supervision-tasks/{task}/transitions",
        [F, F, F, 200, F, F, A],
    ),
    (
        "POST",
        "/supervision-tasks/{task}/attachments",
        [F, F, F, 201, F, F, A],
    ),
    // Referrals: `{referral}` is of the unit_rep caller's unit (it sees it); only the discipline
    // commission accepts.
    ("GET", "/referrals", [200, 200, 200, 200, 200, F, A]),
    ("POST", "/referrals", [F, 201, 201, F, F, F, A]),
    (
        "GET",
        "/referrals/{referral}",
        [200, 200, 200, 200, 200, F, A],
    ),
    (
        "POST",
        "/referrals/{referral}/accept",
        [F, F, F, F, 200, F, A],
    ),
    (
        "POST",
        "/referrals/{accepted_referral}/close",
        [F, F, F, F, 200, F, A],
    ),
    // The assessment: `{year}` is never published (units see nothing of it yet);
    // `{new_year}` is a different year for each call.
    (
        "GET",
        "/assessments/{year}/rule",
        [200, 200, 200, 200, 200, F, A],
    ),
    ("PUT", "/assessments/{year}/rule", [200, F, F, F, F, F, A]),
    (
        "GET",
        "/assessments/{year}",
        [200, 200, 200, 404, 200, F, A],
    ),
    (
        "GET",
        "/assessments/{year}/units/{rep_unit}",
        [200, 200, 200, 404, 200, F, A],
    ),
    (
        "GET",
        "/assessments/{year}/export",
        [200, 200, 200, 404, 200, F, A],
    ),
    (
        "POST",
        "/assessments/{new_year}/publish",
        [200, F, F, F, F, F, A],
    ),
    // Special supervision: `{inspection}` checks a task of the unit_rep caller's unit.
    ("GET", "/inspections", [200, 200, 200, 200, 200, F, A]),
    ("POST", "/inspections", [F, 201, 201, F, F, F, A]),
    (
        "GET",
        "/inspections/{inspection}",
        [200, 200, 200, 200, 200, F, A],
    ),
    (
        "PUT",
        "/inspections/{inspection}/tasks/{inspected_task}",
        [F, 200, 200, F, F, F, A],
    ),
    // Notifications are the caller's own (`{notification}` is nobody's).
    ("GET", "/notifications", [200, 200, 200, 200, 200, F, A]),
    (
        "GET",
        "/notifications/unread-count",
        [200, 200, 200, 200, 200, F, A],
    ),
    (
        "POST",
        "/notifications/read-all",
        [200, 200, 200, 200, 200, F, A],
    ),
    (
        "POST",
        "/notifications/{notification}/read",
        [404, 404, 404, 404, 404, F, A],
    ),
    ("GET", "/outbox", [200, F, F, F, F, 200, A]),
    ("GET", "/changes", [200, F, F, F, F, 200, A]),
    ("GET", "/webhooks", [200, F, F, F, F, F, A]),
    ("POST", "/webhooks", [201, F, F, F, F, F, A]),
    ("GET", "/webhooks/{hook}", [200, F, F, F, F, F, A]),
    ("PATCH", "/webhooks/{hook}", [200, F, F, F, F, F, A]),
    ("DELETE", "/webhooks/{hook}", [204, F, F, F, F, F, A]),
    (
        "GET",
        "/webhooks/{hook}/deliveries",
        [200, F, F, F, F, F, A],
    ),
    (
        "GET",
        "/webhook-deliveries/{delivery}",
        [200, F, F, F, F, F, A],
    ),
    (
        "POST",
        "/webhook-deliveries/{delivery}/redeliver",
        [201, F, F, F, F, F, A],
    ),
    // What the platform shows anyone.
    (
        "GET",
        "/public/briefings",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/public/briefings.atom",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/public/briefings/{public_briefing}",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    // Last: it changes the caller's password.
    ("POST", "/me/password", [204, 204, 204, 204, 204, F, A]),
];

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

/// Builds what a row's placeholders name, through the API as the organisers would.
struct Fixture<'a> {
    app: &'a TestApp,
    convener: Client,
    analyst: Client,
    rep: Client,
    rep_unit: Uuid,
}

#[derive(Default)]
struct Made {
    meeting: Option<Uuid>,
    item: Option<Uuid>,
    unit: Option<Uuid>,
    task: Option<Uuid>,
    rep_unit: Option<Uuid>,
}

impl Fixture<'_> {
    /// A pending special-topic proposal: a burst of cases in the rep's street over a quiet
    /// baseline, detected as of a day of its own (`n` weeks apart, so each is a new issue).
    async fn proposal(&self, n: usize) -> Uuid {
        let code = format!("hot{n}");
        self.app
            .admin
            .create_case_category(&CreateCaseCategory {
                code: code.clone(),
                name: "热点".into(),
                parent_code: None,
                platform_codes: vec![],
            })
            .await
            .unwrap();
        let street = self.app.admin.unit(self.rep_unit).await.unwrap().value.code;
        let as_of =
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(7 * n as u64);
        let records: Vec<Value> = (0..8)
            .map(|i| {
                let at = format!("{}T02:00:00Z", as_of - chrono::Days::new(i % 5));
                json!({"case_number": format!("HOT-{n}-{i}"), "kind": "demand", "channel": "hotline",
                       "category_code": code, "street_code": street, "summary": "热点",
                       "received_at": at, "status": "received", "updated_at": at})
            })
            .collect();
        let report = self
            .app
            .intake_script()
            .await
            .intake_cases_raw(&json!({ "records": records }))
            .await
            .unwrap();
        assert_eq!(report.created, 8, "{report:?}");
        let found = self.analyst.detect_hot_issues(Some(as_of)).await.unwrap();
        found
            .proposed
            .iter()
            .find(|p| p.category_code == code)
            .unwrap()
            .id
    }

    /// A special report standing alone (sent to every street, the rep's among them): a draft
    /// (stage 0), issued (1), or issued and published (2).
    async fn briefing(&self, n: usize, stage: u8) -> Uuid {
        let b = self
            .analyst
            .create_briefing(&CreateBriefing {
                kind: BriefingKind::SpecialReport,
                meeting_id: None,
                corrects_id: None,
                title: Some(format!("专题报告{n}")),
            })
            .await
            .unwrap();
        let id = b.value.id;
        if stage == 0 {
            return id;
        }
        let text = UpdateBriefing {
            dynamics: Some("动态".into()),
            problems: Some("问题".into()),
            opinions: Some("意见".into()),
            ..Default::default()
        };
        self.analyst
            .update_briefing(id, &b.etag, &text)
            .await
            .unwrap();
        self.analyst
            .transition_briefing(id, BriefingStatus::InReview, None)
            .await
            .unwrap();
        self.convener
            .transition_briefing(id, BriefingStatus::Issued, None)
            .await
            .unwrap();
        if stage >= 2 {
            self.convener.publish_briefing(id).await.unwrap();
        }
        id
    }

    /// An overdue supervision task of the unit_rep caller's unit.
    async fn failed_task(&self) -> Uuid {
        self.task_due(chrono::NaiveDate::from_ymd_opt(2020, 1, 31).unwrap())
            .await
    }

    /// A referral of the unit_rep caller's unit.
    async fn referral(&self) -> Uuid {
        let task = self.failed_task().await;
        self.analyst
            .create_referral(&CreateReferral {
                unit_id: self.rep_unit,
                task_ids: vec![task],
                reason: "逾期".into(),
            })
            .await
            .unwrap()
            .value
            .id
    }

    /// An open supervision task of the unit_rep caller's unit.
    async fn task(&self) -> Uuid {
        self.task_due(chrono::NaiveDate::from_ymd_opt(2030, 1, 31).unwrap())
            .await
    }

    async fn task_due(&self, deadline: chrono::NaiveDate) -> Uuid {
        let m = self.meeting(vec![]).await;
        let c = self
            .analyst
            .create_conclusion(
                m,
                &CreateConclusion {
                    text: "结论".into(),
                    agenda_item_id: None,
                    supersedes_id: None,
                    recommendations: vec![NewRecommendation {
                        measure: "整改".into(),
                        responsible_unit_id: self.rep_unit,
                        deadline,
                    }],
                },
            )
            .await
            .unwrap();
        self.convener.adopt_conclusion(c.id).await.unwrap();
        c.recommendations[0].id
    }

    async fn meeting(&self, extra: Vec<Uuid>) -> Uuid {
        let mut invited = vec![self.rep_unit];
        invited.extend(extra);
        let starts = chrono::Utc::now() + chrono::Duration::days(20);
        let body = CreateMeeting {
            platform_ref: None,
            kind: MeetingKind::Regular,
            title: "矩阵例会".into(),
            period: Some("2026-12".into()),
            trigger: None,
            trigger_reason: None,
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(2),
            place: "会议室".into(),
            chair: "主持".into(),
            convening_unit_ids: vec![],
            invited_unit_ids: invited,
            main_reporter: None,
            preliminary_analysis: None,
        };
        self.convener
            .create_meeting(&body)
            .await
            .unwrap()
            .value
            .meeting
            .id
    }

    async fn item(&self, meeting: Uuid) -> Uuid {
        let body = CreateAgendaItem {
            platform_ref: None,
            category: AgendaCategory::PoorDisposal,
            title: "处置不力".into(),
            summary: String::new(),
            evidence: Evidence::default(),
            causes: None,
            weak_links: None,
            remedies: None,
            presenting_unit_id: None,
        };
        self.analyst
            .create_agenda_item(meeting, &body)
            .await
            .unwrap()
            .value
            .id
    }

    async fn live(&self, extra: Uuid) -> Uuid {
        let m = self.meeting(vec![extra]).await;
        self.item(m).await;
        let t = self.analyst.meeting(m).await.unwrap();
        let prep = UpdateMeeting {
            main_reporter: Some("汇报人".into()),
            preliminary_analysis: Some("初步意见".into()),
            ..Default::default()
        };
        self.analyst
            .update_meeting(m, &t.etag, &prep)
            .await
            .unwrap();
        self.analyst
            .transition(m, MeetingStatus::Scheduled, None)
            .await
            .unwrap();
        self.convener
            .transition(m, MeetingStatus::InProgress, Some(crate::meetings::EARLY))
            .await
            .unwrap();
        m
    }

    async fn escalation(&self, stage: u8) -> Uuid {
        let m = self.meeting(vec![]).await;
        let item = self.item(m).await;
        let e = self
            .analyst
            .create_escalation(&CreateEscalation {
                agenda_item_id: Some(item),
                conclusion_id: None,
                reason: "提请".into(),
            })
            .await
            .unwrap()
            .value
            .id;
        if stage >= 1 {
            self.convener
                .review_escalation(e, true, "同意")
                .await
                .unwrap();
        }
        if stage >= 2 {
            let l1 = self.level1().await;
            self.analyst.schedule_escalation(e, l1).await.unwrap();
            // Held, so that its matters can be resolved.
            crate::meetings::start(&self.analyst, &self.convener, l1).await;
        }
        e
    }

    async fn level1(&self) -> Uuid {
        let starts = chrono::Utc::now() + chrono::Duration::days(5);
        let body = CreateMeeting {
            platform_ref: None,
            kind: MeetingKind::Level1Supervision,
            title: "一级督办".into(),
            period: None,
            trigger: None,
            trigger_reason: None,
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(2),
            place: "会议室".into(),
            chair: "主持".into(),
            convening_unit_ids: vec![],
            invited_unit_ids: vec![],
            main_reporter: None,
            preliminary_analysis: None,
        };
        self.convener
            .create_meeting(&body)
            .await
            .unwrap()
            .value
            .meeting
            .id
    }

    async fn concrete(&self, path: &str, n: usize, made: &mut Made) -> String {
        let mut p = path.to_owned();
        if p.contains("{unit}") {
            p = p.replace(
                "{unit}",
                &self.app.unit(UnitKind::Department).await.id.to_string(),
            );
        }
        if p.contains("{user}") {
            let u = self
                .app
                .user(&format!("target{n}"), Role::Analyst, None)
                .await;
            p = p.replace("{user}", &u.id.to_string());
        }
        if p.contains("{sa}") {
            let sa = self
                .app
                .admin
                .create_service_account(&yanpan_types::CreateServiceAccount {
                    name: "t".into(),
                    scopes: vec![],
                })
                .await
                .unwrap();
            p = p.replace("{sa}", &sa.value.account.id.to_string());
        }
        if p.contains("{hook}") || p.contains("{delivery}") {
            let hook = self
                .app
                .admin
                .create_webhook(&CreateWebhook {
                    url: "http://127.0.0.1:9/hook".into(),
                    events: vec![],
                    secret: None,
                    description: String::new(),
                })
                .await
                .unwrap()
                .value
                .endpoint
                .id;
            p = p.replace("{hook}", &hook.to_string());
            if p.contains("{delivery}") {
                // A task assigned is an event: the endpoint gets a delivery of it.
                self.task().await;
                let d = self
                    .app
                    .admin
                    .webhook_deliveries(hook, &DeliveryQuery::default(), PageParams::default())
                    .await
                    .unwrap();
                p = p.replace("{delivery}", &d.items[0].id.to_string());
            }
        }
        if p.contains("{other_unit}") {
            let extra = self.app.unit(UnitKind::Street).await.id;
            let m = if p.contains("{live_meeting}") {
                self.live(extra).await
            } else {
                self.meeting(vec![extra]).await
            };
            p = p
                .replace("{live_meeting}", &m.to_string())
                .replace("{meeting}", &m.to_string())
                .replace("{other_unit}", &extra.to_string());
        }
        if p.contains("{live_meeting}") {
            let extra = self.app.unit(UnitKind::Street).await.id;
            made.unit = Some(extra);
            p = p.replace("{live_meeting}", &self.live(extra).await.to_string());
        }
        if p.contains("{meeting}") {
            let m = self.meeting(vec![]).await;
            if p.ends_with("/reorder") {
                made.item = Some(self.item(m).await);
            }
            made.meeting = Some(m);
            p = p.replace("{meeting}", &m.to_string());
        }
        if p.contains("{item}") {
            let m = self.meeting(vec![]).await;
            let item = self.item(m).await;
            p = p.replace("{item}", &item.to_string());
        }
        if p.contains("{conclusion}") {
            let m = self.meeting(vec![]).await;
            let c = self
                .analyst
                .create_conclusion(
                    m,
                    &CreateConclusion {
                        text: "结论".into(),
                        agenda_item_id: None,
                        supersedes_id: None,
                        recommendations: vec![],
                    },
                )
                .await
                .unwrap();
            p = p.replace("{conclusion}", &c.id.to_string());
        }
        if p.contains("{escalation}") {
            p = p.replace("{escalation}", &self.escalation(0).await.to_string());
        }
        if p.contains("{accepted_escalation}") {
            p = p.replace(
                "{accepted_escalation}",
                &self.escalation(1).await.to_string(),
            );
            made.meeting = Some(self.level1().await);
        }
        if p.contains("{scheduled_escalation}") {
            p = p.replace(
                "{scheduled_escalation}",
                &self.escalation(2).await.to_string(),
            );
        }
        if p.contains("{submission}") || p.contains("{attachment}") {
            let m = self.meeting(vec![]).await;
            let a = self
                .rep
                .upload(m, "a.pdf", "application/pdf", PDF.to_vec())
                .await
                .unwrap();
            let s = self
                .rep
                .submit(
                    m,
                    &CreateSubmission {
                        opinion: "意见".into(),
                        attachment_ids: vec![a.id],
                    },
                )
                .await
                .unwrap();
            p = p
                .replace("{submission}", &s.id.to_string())
                .replace("{attachment}", &a.id.to_string());
        }
        if p.contains("{date}") {
            let date = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
                + chrono::Duration::days(n as i64);
            let body = CreateCalendarDay {
                date,
                kind: CalendarDayKind::Holiday,
                name: "节日".into(),
            };
            self.app.admin.create_calendar_day(&body).await.unwrap();
            p = p.replace("{date}", &date.to_string());
        }
        if p.contains("{category}") || p.contains("{case}") {
            let code = format!("cat{n}");
            let c = self
                .app
                .admin
                .create_case_category(&CreateCaseCategory {
                    code: code.clone(),
                    name: "类别".into(),
                    parent_code: None,
                    platform_codes: vec![],
                })
                .await
                .unwrap();
            p = p.replace("{category}", &c.value.id.to_string());
            if p.contains("{case}") {
                // Located in the unit_rep caller's street, so that it may read it too.
                let street = self.app.admin.unit(self.rep_unit).await.unwrap().value.code;
                let number = format!("MX-{n}");
                let report = self
                    .app
                    .intake_script()
                    .await
                    .intake_cases_raw(&json!({"records": [{
                        "case_number": number, "kind": "demand", "channel": "hotline",
                        "category_code": code, "street_code": street, "summary": "噪音",
                        "received_at": "2026-10-01T00:00:00Z", "status": "received",
                        "updated_at": "2026-10-01T00:00:00Z"
                    }]}))
                    .await
                    .unwrap();
                assert_eq!(report.created, 1, "{report:?}");
                p = p.replace("{case}", &number);
            }
        }
        if p.contains("{proposal}") {
            p = p.replace("{proposal}", &self.proposal(n).await.to_string());
        }
        for (placeholder, stage) in [
            ("{draft_briefing}", 0),
            ("{briefing}", 1),
            ("{public_briefing}", 2),
        ] {
            if p.contains(placeholder) {
                p = p.replace(placeholder, &self.briefing(n, stage).await.to_string());
            }
        }
        if p.contains("{accepted_referral}") {
            let r = self.referral().await;
            self.app
                .sign_in(Role::Inspector)
                .await
                .0
                .accept_referral(r)
                .await
                .unwrap();
            p = p.replace("{accepted_referral}", &r.to_string());
        }
        if p.contains("{referral}") {
            p = p.replace("{referral}", &self.referral().await.to_string());
        }
        if path == "/referrals" {
            made.task = Some(self.failed_task().await);
            made.rep_unit = Some(self.rep_unit);
        }
        p = p
            .replace("{year}", "2030")
            .replace("{new_year}", &(2040 + n % 60).to_string())
            .replace("{rep_unit}", &self.rep_unit.to_string())
            .replace("{notification}", &Uuid::now_v7().to_string());
        if p.contains("{inspection}") || path == "/inspections" {
            let task = self.task().await;
            made.task = Some(task);
            if p.contains("{inspection}") {
                let i = self
                    .analyst
                    .create_inspection(&CreateInspection {
                        name: "专项督查".into(),
                        description: None,
                        task_ids: vec![task],
                    })
                    .await
                    .unwrap();
                p = p
                    .replace("{inspection}", &i.value.id.to_string())
                    .replace("{inspected_task}", &task.to_string());
            }
        }
        if p.contains("{task}") {
            p = p.replace("{task}", &self.task().await.to_string());
        }
        if p.contains("{token}") {
            p = p.replace("{token}", "not-a-real-feed-token");
        }
        if p == "/cadence" {
            p.push_str("?year=2026");
        }
        if p == "/analysis/export" {
            p.push_str("?table=by_kind&format=csv");
        }
        if p == "/search" {
            p.push_str("?q=%E5%99%AA%E9%9F%B3");
        }
        if path == "/meetings/{meeting}/participants" {
            made.unit = Some(self.app.unit(UnitKind::Street).await.id);
        }
        p
    }
}

fn body(method: &str, path: &str, n: usize, made: &Made) -> Option<Value> {
    Some(match (method, path) {
        ("POST", "/units") => {
            json!({"code": format!("m-{n}"), "name": "矩阵", "kind": "department"})
        }
        ("PATCH", "/units/{unit}") => json!({"name": "改名"}),
        ("POST", "/users") => {
            json!({"username": format!("matrix{n}"), "display_name": "x", "password": PASSWORD, "role": "analyst"})
        }
        ("PATCH", "/users/{user}") => json!({"display_name": "改名"}),
        ("PATCH", "/me") => json!({"display_name": "改名"}),
        ("POST", "/service-accounts") => json!({"name": "matrix"}),
        ("POST", "/webhooks") => json!({"url": "http://127.0.0.1:9/matrix"}),
        ("PATCH", "/webhooks/{hook}") => json!({"description": "改"}),
        ("POST", "/auth/logout") | ("POST", "/auth/refresh") => {
            json!({"refresh_token": "not-a-real-token"})
        }
        ("POST", "/auth/login") => json!({"username": format!("nobody{n}"), "password": "nothing"}),
        ("POST", "/auth/token") => {
            json!({"grant_type": "client_credentials", "client_id": format!("svc_none{n}"), "client_secret": "x"})
        }
        ("POST", "/me/password") => {
            json!({"current_password": PASSWORD, "new_password": "another-long-password"})
        }
        ("POST", "/meetings") => {
            json!({"kind": "regular", "title": "例会", "period": "2026-12", "starts_at": "2026-12-20T01:00:00Z",
                                         "ends_at": "2026-12-20T03:00:00Z", "place": "会议室", "chair": "主持"})
        }
        ("PATCH", "/meetings/{meeting}") => json!({"title": "改名"}),
        ("POST", "/meetings/{meeting}/transitions") => json!({"to": "scheduled"}),
        ("POST", "/meetings/{meeting}/participants") => json!({"unit_id": made.unit}),
        ("PATCH", "/meetings/{live_meeting}/participants/{other_unit}") => {
            json!({"attendance": "present"})
        }
        ("PUT", "/meetings/{live_meeting}/attendance") => {
            json!({"entries": [{"unit_id": made.unit, "attendance": "present", "attendees": ["张三"]}]})
        }
        ("POST", "/meetings/{meeting}/agenda-items") => {
            json!({"category": "other", "title": "其他"})
        }
        ("POST", "/meetings/{meeting}/agenda-items/reorder") => json!({"item_ids": [made.item]}),
        ("POST", "/meetings/{meeting}/submissions") => json!({"opinion": "意见"}),
        ("POST", "/meetings/{meeting}/conclusions") => json!({"text": "结论"}),
        ("PATCH", "/agenda-items/{item}") => json!({"title": "改名"}),
        ("POST", "/agenda-items/{item}/decision") => json!({"escalate": false, "reason": "已整改"}),
        ("PATCH", "/conclusions/{conclusion}") => json!({"text": "改写"}),
        ("POST", "/escalations") => return None,
        ("POST", "/escalations/{escalation}/review") => json!({"accept": true, "note": "同意"}),
        ("POST", "/escalations/{accepted_escalation}/schedule") => {
            json!({"level1_meeting_id": made.meeting})
        }
        ("POST", "/escalations/{scheduled_escalation}/resolve") => json!({"outcome": "已解决"}),
        ("POST", "/case-categories") => json!({"code": format!("mc-{n}"), "name": "矩阵"}),
        ("PATCH", "/case-categories/{category}") => json!({"name": "改名"}),
        ("POST", "/cases/batch") => json!({"records": []}),
        ("POST", "/supervision-tasks/{task}/transitions") => json!({"to": "in_progress"}),
        ("POST", "/referrals") => {
            json!({"unit_id": made.rep_unit, "task_ids": [made.task], "reason": "逾期"})
        }
        ("POST", "/referrals/{accepted_referral}/close") => {
            json!({"findings": "经查属实", "outcome": "interview"})
        }
        ("PUT", "/assessments/{year}/rule") => json!(AssessmentRule::default()),
        ("POST", "/inspections") => json!({"name": "专项督查", "task_ids": [made.task]}),
        ("PUT", "/inspections/{inspection}/tasks/{inspected_task}") => {
            json!({"finding": "已落实"})
        }
        ("POST", "/briefings") => json!({"kind": "special_report", "title": "专题报告"}),
        ("PATCH", "/briefings/{draft_briefing}") => json!({"title": "改名"}),
        ("POST", "/briefings/{draft_briefing}/transitions") => json!({"to": "in_review"}),
        ("POST", "/topic-proposals/{proposal}/dismiss") => json!({"reason": "无需专题研判"}),
        ("POST", "/topic-proposals/{proposal}/accept") => {
            let starts = chrono::Utc::now() + chrono::Duration::days(10);
            json!({"starts_at": starts, "ends_at": starts + chrono::Duration::hours(2), "place": "会议室", "chair": "主持"})
        }
        ("POST", "/calendar-days") => {
            json!({"date": (chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap() + chrono::Duration::days(n as i64)).to_string(), "kind": "holiday", "name": "节日"})
        }
        _ => return None,
    })
}

pub async fn callers(app: &TestApp) -> Vec<(&'static str, Client)> {
    let mut v = vec![("admin", app.admin.clone())];
    for (name, role) in [
        ("convener", Role::Convener),
        ("analyst", Role::Analyst),
        ("unit_rep", Role::UnitRep),
        ("inspector", Role::Inspector),
    ] {
        v.push((name, app.sign_in(role).await.0));
    }
    v.push(("integration", app.integration().await));
    v.push(("anonymous", app.anonymous()));
    v
}

#[tokio::test]
async fn every_role_gets_the_expected_status_on_every_endpoint() {
    let app = TestApp::spawn().await;
    let callers = callers(&app).await;
    let (convener, _) = app.sign_in(Role::Convener).await;
    let (analyst, _) = app.sign_in(Role::Analyst).await;
    // The unit_rep caller's unit is invited to every fixture meeting.
    let rep_user = callers[3].1.me().await.unwrap();
    let fx = Fixture {
        app: &app,
        convener,
        analyst,
        rep: callers[3].1.clone(),
        rep_unit: rep_user.unit_id.unwrap(),
    };
    let mut failures = Vec::new();
    let mut n = 0;
    for (method, path, expected) in MATRIX {
        for ((who, client), want) in callers.iter().zip(expected) {
            n += 1;
            let mut made = Made::default();
            let url = fx.concrete(path, n, &mut made).await;
            let mut req = client.request(method.parse::<Method>().unwrap(), &url);
            if matches!(*method, "PATCH" | "DELETE") {
                req = req.header("if-match", "*");
            }
            if *path == "/escalations" {
                let m = fx.meeting(vec![]).await;
                let item = fx.item(m).await;
                req = req.json(&json!({"agenda_item_id": item, "reason": "提请"}));
            } else if path.ends_with("/attachments") {
                let part = reqwest::multipart::Part::bytes(PDF.to_vec())
                    .file_name("a.pdf")
                    .mime_str("application/pdf")
                    .unwrap();
                req = req.multipart(reqwest::multipart::Form::new().part("file", part));
            } else if let Some(b) = body(method, path, n, &made) {
                req = req.json(&b);
            }
            let got = req.send().await.unwrap().status().as_u16();
            if got != *want {
                failures.push(format!(
                    "{method} {path} as {who}: expected {want}, got {got}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_matrix_covers_every_operation_of_the_spec() {
    let spec = yanpan_server::openapi_document();
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(rest) = path.strip_prefix("/api/v1") else {
            continue;
        };
        for method in item.as_object().unwrap().keys() {
            ops.insert((method.to_uppercase(), rest.to_owned()));
        }
    }
    let normalise = |p: &str| {
        p.split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    let covered: BTreeSet<_> = MATRIX
        .iter()
        .map(|(m, p, _)| (m.to_string(), normalise(p)))
        .collect();
    let missing: Vec<_> = ops
        .iter()
        .filter(|(m, p)| !covered.contains(&(m.clone(), normalise(p))))
        .collect();
    assert!(
        missing.is_empty(),
        "operations missing from the role matrix: {missing:?}"
    );
}

/// Roles a matrix row lets through (any answer but 401 and 403), in the spec's names.
fn let_through(expected: &[u16; 7]) -> BTreeSet<&'static str> {
    const NAMES: [&str; 6] = [
        "admin",
        "convener",
        "analyst",
        "unit_rep",
        "inspector",
        "integration",
    ];
    NAMES
        .iter()
        .zip(expected)
        .filter(|(_, s)| !matches!(**s, A | F))
        .map(|(n, _)| *n)
        .collect()
}

/// Operations whose role set lets a role in that a further rule then refuses in the matrix's
/// call (the roles are right; the 403 comes from the rule).
const REFUSED_BY_A_FURTHER_RULE: &[(&str, &str, &str)] = &[
    // Pushing cases needs the `cases_write` scope, which the matrix's service account lacks.
    ("POST", "/cases/batch", "integration"),
    // Only the people of a recipient unit acknowledge; the matrix's callers have no unit.
    ("POST", "/briefings/{briefing}/acknowledge", "convener"),
    ("POST", "/briefings/{briefing}/acknowledge", "analyst"),
    ("POST", "/briefings/{briefing}/acknowledge", "inspector"),
    // Anyone reads their own account, administrators anyone's; the matrix reads another's.
    ("GET", "/users/{user}", "convener"),
    ("GET", "/users/{user}", "analyst"),
    ("GET", "/users/{user}", "unit_rep"),
    ("GET", "/users/{user}", "inspector"),
    ("GET", "/users/{user}", "integration"),
    // The command center verifies or returns a reported task; the matrix's task is still open.
    ("POST", "/supervision-tasks/{task}/transitions", "analyst"),
];

#[tokio::test]
async fn the_spec_names_the_roles_that_the_server_lets_through() {
    let spec = yanpan_server::openapi_document();
    let normalise = |p: &str| {
        p.split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut wrong = Vec::new();
    for (method, path, expected) in MATRIX {
        let (_, item) = spec["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(p, _)| normalise(p) == normalise(&format!("/api/v1{path}")))
            .unwrap();
        let op = &item[method.to_lowercase()];
        let said: BTreeSet<&str> = op["x-roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let public = op["security"].as_array().is_some_and(|s| s.is_empty());
        if public {
            assert!(
                said.is_empty(),
                "{method} {path} needs no sign-in but names roles"
            );
            continue;
        }
        let mut through = let_through(expected);
        for (m, p, r) in REFUSED_BY_A_FURTHER_RULE {
            if m == method && p == path && said.contains(r) {
                through.insert(r);
            }
        }
        if said != through {
            wrong.push(format!(
                "{method} {path}: the spec says {said:?}, the server lets {through:?} through"
            ));
        }
        let description = op["description"].as_str().unwrap_or_default();
        assert!(
            description.contains("**Roles:**"),
            "{method} {path}: {description}"
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
