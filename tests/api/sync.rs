//! The change feed (issue 13 §1): a script mirrors the collections by reading what changed after
//! its cursor, sees deletions as tombstones, and resumes without missing or repeating anything.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;
use yanpan_client::Client;
use yanpan_tests::TestApp;
use yanpan_types::*;

use crate::meetings::{cast, draft_meeting, item};

/// Reads the feed from `after` to its end, `limit` at a time; the changes and the new cursor.
async fn read_to_end(
    reader: &Client,
    mut after: i64,
    limit: u32,
    collection: Option<ChangeCollection>,
) -> (Vec<Change>, i64) {
    let mut out = Vec::new();
    loop {
        let page = reader
            .list_changes(&ChangeQuery {
                after: Some(after),
                limit: Some(limit),
                collection,
            })
            .await
            .unwrap();
        assert!(page.changes.len() <= limit as usize);
        for c in &page.changes {
            assert!(c.seq > after, "place {} came after cursor {after}", c.seq);
            after = c.seq;
        }
        assert_eq!(page.next_after, after);
        out.extend(page.changes);
        if !page.has_more {
            return (out, after);
        }
    }
}

#[tokio::test]
async fn a_script_mirrors_changes_with_tombstones_and_resumes_from_its_cursor() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let script = app.integration().await;

    // What exists before the script starts is in the feed too.
    let existing = draft_meeting(&c, "2026-09").await;
    let (first, cursor) = read_to_end(&script, 0, 2, None).await;
    assert!(
        first
            .iter()
            .any(|x| x.collection == ChangeCollection::Meetings && x.id == existing)
    );

    // Then a meeting with two items; one item changes twice and the other is deleted.
    let meeting = draft_meeting(&c, "2026-10").await;
    let kept = c
        .convener
        .create_agenda_item(meeting, &item(AgendaCategory::RepeatedDemands, "噪音扰民"))
        .await
        .unwrap();
    let gone = c
        .convener
        .create_agenda_item(meeting, &item(AgendaCategory::PoorDisposal, "违章搭建"))
        .await
        .unwrap();
    let change = UpdateAgendaItem {
        title: Some("夜间施工噪音扰民".into()),
        ..Default::default()
    };
    let kept2 = c
        .convener
        .update_agenda_item(kept.value.id, &kept.etag, &change)
        .await
        .unwrap();
    let change = UpdateAgendaItem {
        title: Some("夜间施工噪音扰民（续）".into()),
        ..Default::default()
    };
    c.convener
        .update_agenda_item(kept.value.id, &kept2.etag, &change)
        .await
        .unwrap();
    c.convener
        .delete_agenda_item(gone.value.id, &gone.etag)
        .await
        .unwrap();

    let (seen, cursor2) = read_to_end(&script, cursor, 1, None).await;
    let by_id: HashMap<Uuid, &Change> = seen.iter().map(|x| (x.id, x)).collect();
    assert_eq!(
        by_id.len(),
        seen.len(),
        "a resource was listed twice: {seen:?}"
    );
    assert_eq!(by_id[&meeting].collection, ChangeCollection::Meetings);
    assert_eq!(by_id[&kept.value.id].op, ChangeOp::Upsert);
    assert_eq!(by_id[&gone.value.id].op, ChangeOp::Delete);
    assert_eq!(
        by_id[&gone.value.id].collection,
        ChangeCollection::AgendaItems
    );
    assert!(
        !by_id.contains_key(&existing),
        "an unchanged meeting came again"
    );
    // What the feed says is there can be read.
    let mirrored = script.agenda_item(kept.value.id).await.unwrap().value;
    assert_eq!(mirrored.title, "夜间施工噪音扰民（续）");

    // Resuming from the cursor: nothing new, nothing repeated.
    let (again, cursor3) = read_to_end(&script, cursor2, 10, None).await;
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(cursor3, cursor2);

    // One collection at a time.
    let (items_only, _) =
        read_to_end(&script, cursor, 10, Some(ChangeCollection::AgendaItems)).await;
    assert!(
        items_only
            .iter()
            .all(|x| x.collection == ChangeCollection::AgendaItems)
    );
    assert_eq!(items_only.len(), 2);

    // People do not read the feed; a bad cursor names its field.
    let e = c
        .analyst
        .list_changes(&ChangeQuery::default())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    // The refusal says who may.
    assert_eq!(
        e.problem().unwrap().allowed_roles.as_deref(),
        Some(&["admin".to_owned(), "integration".to_owned()][..])
    );
    let e = script
        .list_changes(&ChangeQuery {
            after: Some(-1),
            limit: Some(0),
            collection: None,
        })
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    let fields: HashSet<String> = e
        .problem()
        .unwrap()
        .errors
        .iter()
        .map(|f| f.field.clone())
        .collect();
    assert!(
        fields.contains("after") && fields.contains("limit"),
        "{fields:?}"
    );
}

#[tokio::test]
async fn a_reader_polling_during_concurrent_writes_misses_nothing_and_sees_nothing_twice() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let script = app.integration().await;
    let meeting = draft_meeting(&c, "2026-10").await;
    let (_, start) = read_to_end(&script, 0, 100, None).await;

    // Eight writers add three items each while the script polls; whatever the interleaving,
    // the places it reads only grow and together name every item once.
    let writers = (0..8).map(|w| {
        let convener = c.convener.clone();
        tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..3 {
                let it = convener
                    .create_agenda_item(
                        meeting,
                        &item(AgendaCategory::Satisfaction, &format!("满意度 {w}-{i}")),
                    )
                    .await
                    .unwrap();
                ids.push(it.value.id);
            }
            ids
        })
    });
    let writers: Vec<_> = writers.collect();
    let mut cursor = start;
    let mut seen: Vec<Change> = Vec::new();
    let mut done = false;
    while !done {
        done = writers.iter().all(|w| w.is_finished());
        let (more, next) = read_to_end(&script, cursor, 5, None).await;
        cursor = next;
        seen.extend(more);
    }
    let mut written = HashSet::new();
    for w in writers {
        written.extend(w.await.unwrap());
    }
    let items: Vec<Uuid> = seen
        .iter()
        .filter(|x| x.collection == ChangeCollection::AgendaItems)
        .map(|x| x.id)
        .collect();
    let distinct: HashSet<Uuid> = items.iter().copied().collect();
    assert_eq!(distinct.len(), items.len(), "an item was seen twice");
    assert_eq!(distinct, written);
}

#[tokio::test]
async fn the_outbox_read_during_concurrent_writes_misses_no_event() {
    let app = TestApp::spawn().await;
    let script = app.integration().await;
    // Six analysts each put two special reports up for review: twelve events, written by
    // transactions that commit in whatever order they finish.
    let mut writers = Vec::new();
    for w in 0..6 {
        let (analyst, _) = app.sign_in(Role::Analyst).await;
        writers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..2 {
                let b = analyst
                    .create_briefing(&CreateBriefing {
                        kind: BriefingKind::SpecialReport,
                        meeting_id: None,
                        corrects_id: None,
                        title: Some(format!("专题报告 {w}-{i}")),
                    })
                    .await
                    .unwrap();
                let text = UpdateBriefing {
                    dynamics: Some("动态".into()),
                    problems: Some("问题".into()),
                    opinions: Some("意见".into()),
                    ..Default::default()
                };
                analyst
                    .update_briefing(b.value.id, &b.etag, &text)
                    .await
                    .unwrap();
                analyst
                    .transition_briefing(b.value.id, BriefingStatus::InReview, None)
                    .await
                    .unwrap();
                ids.push(b.value.id);
            }
            ids
        }));
    }
    let mut after = 0;
    let mut seen: Vec<OutboxEvent> = Vec::new();
    let mut done = false;
    while !done {
        done = writers.iter().all(|w| w.is_finished());
        loop {
            let page = script
                .list_outbox(&OutboxQuery {
                    after: Some(after),
                    limit: Some(5),
                })
                .await
                .unwrap();
            for e in &page {
                assert!(e.seq > after, "place {} after cursor {after}", e.seq);
                after = e.seq;
            }
            let n = page.len();
            seen.extend(page);
            if n < 5 {
                break;
            }
        }
    }
    let mut written = HashSet::new();
    for w in writers {
        written.extend(w.await.unwrap());
    }
    let in_review: Vec<Uuid> = seen
        .iter()
        .filter(|e| e.kind == NotificationKind::BriefingInReview)
        .map(|e| e.entity_id)
        .collect();
    let distinct: HashSet<Uuid> = in_review.iter().copied().collect();
    assert_eq!(distinct.len(), in_review.len(), "an event was read twice");
    assert_eq!(distinct, written);
}
