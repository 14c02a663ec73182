//! The print view of a briefing (/briefings/:id/print), laid out like the DOCX after GB/T
//! 9704-2012: A4 with the standard's margins (天头 37 mm, 订口 28 mm, type area 156 × 225 mm),
//! the red two-line masthead, the number line, the issuing unit and date over the red rule, the
//! title, the three sections, and the distribution block (报/送/发, then who printed it when)
//! between rules at the end. The browser's print (`@page` in `app.css`, the app's frame hidden)
//! gives the PDF. The public page shows a published briefing in the same sheet ([`sheet`]).

use chrono::NaiveDate;
use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{Briefing, BriefingKind, BriefingRecipient, BriefingStatus, RecipientRole};

use crate::api::{self, AppError};
use crate::components::params::id_param;
use crate::components::set_title;
use crate::i18n::tbr;
use crate::load::Res;
use crate::time::in_shanghai;

/// What the sheet prints.
pub(super) struct Sheet<'a> {
    pub kind: BriefingKind,
    pub issue_label: Option<&'a str>,
    pub issued_on: NaiveDate,
    pub issuing_unit: &'a str,
    pub title: &'a str,
    pub draft: bool,
    pub corrects_label: Option<&'a str>,
    pub sections: [&'a str; 3],
    /// The distribution block; the public page has none.
    pub recipients: Option<&'a [BriefingRecipient]>,
}

fn date_cn(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The text's non-empty lines as paragraphs (无。 when there are none).
fn paragraphs(text: &str) -> Vec<String> {
    let ps: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if ps.is_empty() {
        vec!["无。".to_owned()]
    } else {
        ps
    }
}

/// The official-document sheet.
pub(super) fn sheet(p: &Sheet<'_>) -> AnyView {
    let s = tbr();
    let second = match p.kind {
        BriefingKind::Briefing => s.masthead,
        BriefingKind::SpecialReport => s.masthead_special,
    };
    let heads = [s.sec_dynamics, s.sec_problems, s.sec_opinions];
    let date = date_cn(p.issued_on);
    let block = p.recipients.map(|rs| {
        let lines: Vec<(&str, String)> = [
            (RecipientRole::Report, s.line_report),
            (RecipientRole::Send, s.line_send),
            (RecipientRole::Distribute, s.line_distribute),
        ]
        .into_iter()
        .filter_map(|(role, label)| {
            let names: Vec<&str> = rs
                .iter()
                .filter(|r| r.role == role)
                .map(|r| r.unit_name.as_str())
                .collect();
            (!names.is_empty()).then(|| (label, format!("{}。", names.join("，"))))
        })
        .collect();
        view! {
            <footer class="gw-block" data-testid="gw-block">
                {lines.into_iter().map(|(label, names)| view! {
                    <p class="gw-block-line" data-testid="gw-block-line"><span class="gw-block-label">{label}</span>{names}</p>
                }).collect_view()}
                <p class="gw-block-line gw-block-last">
                    <span>{p.issuing_unit.to_owned()}</span>
                    <span>{(s.printed)(&date)}</span>
                </p>
            </footer>
        }
    });
    view! {
        <article class="gw-sheet" data-testid="gw-sheet" lang="zh-CN">
            <header class="gw-head">
                <h1 class="gw-masthead" data-testid="gw-masthead">
                    <span>{s.masthead_top}</span>
                    <span>{second}</span>
                </h1>
                <p class="gw-number" data-testid="gw-number">{p.issue_label.unwrap_or(s.unnumbered).to_owned()}</p>
                <p class="gw-issuer" data-testid="gw-issuer">
                    <span>{p.issuing_unit.to_owned()}</span>
                    <span>{date}</span>
                </p>
                <hr class="gw-rule" data-testid="gw-rule"/>
            </header>
            <h2 class="gw-title" data-testid="gw-title">{p.title.to_owned()}</h2>
            {p.draft.then(|| view! { <p class="gw-subtitle">{s.draft_mark}</p> })}
            {p.corrects_label.map(|c| view! { <p class="gw-p">{format!("本期更正{c}。")}</p> })}
            {heads.into_iter().zip(p.sections).map(|(head, text)| view! {
                <h3 class="gw-heading">{head}</h3>
                {paragraphs(text).into_iter().map(|t| view! { <p class="gw-p">{t}</p> }).collect_view()}
            }).collect_view()}
            {block}
        </article>
    }
    .into_any()
}

#[component]
pub fn BriefingPrintPage() -> impl IntoView {
    let s = tbr();
    set_title(s.print_view);
    let id = id_param();
    let briefing = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_briefing(id)).await.map(|b| b.value),
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        <section class="page print-page" data-testid="briefing-print">
            {briefing.view(true, true, move |b: Briefing| {
                set_title(&b.title);
                let issued_on = in_shanghai(&b.issued_at.unwrap_or(b.updated_at)).date_naive();
                let id = b.id;
                view! {
                    <div class="no-print print-toolbar">
                        <p class="crumbs"><a href=format!("/briefings/{id}")>{s.back}</a></p>
                        <button type="button" class="btn btn-primary" data-testid="print-button"
                            on:click=|_| { let _ = window().print(); }>{s.print}</button>
                        <p class="hint">{s.print_hint}</p>
                    </div>
                    {sheet(&Sheet {
                        kind: b.kind,
                        issue_label: b.issue_label.as_deref(),
                        issued_on,
                        issuing_unit: s.issuing_unit,
                        title: &b.title,
                        draft: b.status != BriefingStatus::Issued,
                        corrects_label: b.corrects_label.as_deref(),
                        sections: [&b.dynamics, &b.problems, &b.opinions],
                        recipients: Some(&b.recipients),
                    })}
                }
            })}
        </section>
    }
}
