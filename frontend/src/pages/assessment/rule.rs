//! The administrators' part of 年度考核: the year's scoring rule (weights of the rates, points
//! taken off per event) with its version and who set it — saving makes a new version — and
//! 公布考核结果, which scores the year by the rule in force and freezes both (after a confirm).

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{AssessmentRule, VersionedRule};

use super::View;
use crate::api;
use crate::components::{FormMessages, FormState, Section, StaleBanner, TextField, run};
use crate::i18n::{t, tsv};
use crate::load::Res;
use crate::time::fmt_datetime;

/// 公布考核结果 for a year not yet published, behind a confirmation. (`published` comes with
/// the ranking, which renders this panel anew when it is read again: the panel itself must not
/// follow the ranking, or it would run after it is gone.)
#[component]
pub fn PublishPanel(v: View, published: bool) -> impl IntoView {
    let (s, tx) = (tsv(), t());
    let asking = RwSignal::new(false);
    let form = FormState::new(&[]);
    let publish = move |_| {
        let year = v.year();
        run(form, async move {
            api::call(ops::publish_assessment(year)).await?;
            asking.set(false);
            v.notice.set(Some((s.published_now)(year)));
            v.ranking.refetch();
            Ok(())
        });
    };
    view! {
        {(!published).then(|| view! {
            <div class="card no-print" data-testid="publish-panel">
                <FormMessages form=form/>
                {move || if asking.get() {
                    view! {
                        <div role="alertdialog" aria-labelledby="publish-title" aria-describedby="publish-text" data-testid="publish-confirm">
                            <p class="alert-title" id="publish-title">{s.publish}</p>
                            <p id="publish-text">{(s.publish_confirm)(v.year())}</p>
                            <div class="btn-row">
                                <button type="button" class="btn btn-danger" data-testid="publish-yes" disabled=move || form.busy.get() on:click=publish>
                                    {move || if form.busy.get() { tx.saving } else { s.publish_yes }}
                                </button>
                                <button type="button" class="btn" on:click=move |_| asking.set(false)>{tx.cancel}</button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn btn-primary" data-testid="publish" on:click=move |_| asking.set(true)>{s.publish}</button>
                    }.into_any()
                }}
            </div>
        })}
    }
}

/// The year's rule: shown to administrators as a form (read-only once published).
#[component]
pub fn RuleEditor(v: View, published: bool) -> impl IntoView {
    let s = tsv();
    let year = v.year.get_untracked().parse().unwrap_or(2000);
    let rule = Res::new(move || async move { api::call(ops::get_assessment_rule(year)).await });
    view! {
        <Section title=s.rule_title id="assessment-rule">
            {rule.view(true, false, move |r| view! { <RuleForm v=v year=year r=r frozen=published/> })}
        </Section>
    }
}

/// One field of the rule: its input's value, id, label and what it accepts.
struct Field {
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    /// Whole points (weights) or any number (deductions).
    whole: bool,
}

#[component]
fn RuleForm(
    v: View,
    year: i32,
    r: yanpan_client::Tagged<VersionedRule>,
    frozen: bool,
) -> impl IntoView {
    let (s, tx) = (tsv(), t());
    let etag = RwSignal::new(r.etag.clone());
    let x = &r.value.rule;
    let num = |f: f64| RwSignal::new(format!("{f}"));
    let weight = |w: u32| RwSignal::new(w.to_string());
    let weights = [
        (
            "attendance_weight",
            s.attendance_weight,
            weight(x.attendance_weight),
        ),
        (
            "submission_weight",
            s.submission_weight,
            weight(x.submission_weight),
        ),
        ("task_weight", s.task_weight, weight(x.task_weight)),
        (
            "case_on_time_weight",
            s.case_on_time_weight,
            weight(x.case_on_time_weight),
        ),
        (
            "satisfaction_weight",
            s.satisfaction_weight,
            weight(x.satisfaction_weight),
        ),
    ]
    .map(|(id, label, value)| Field {
        id,
        label,
        value,
        whole: true,
    });
    let deductions = [
        (
            "per_overdue_task",
            s.per_overdue_task,
            num(x.per_overdue_task),
        ),
        (
            "per_returned_task",
            s.per_returned_task,
            num(x.per_returned_task),
        ),
        ("per_interview", s.per_interview, num(x.per_interview)),
        (
            "per_public_criticism",
            s.per_public_criticism,
            num(x.per_public_criticism),
        ),
        (
            "per_admonishment",
            s.per_admonishment,
            num(x.per_admonishment),
        ),
    ]
    .map(|(id, label, value)| Field {
        id,
        label,
        value,
        whole: false,
    });
    let values: Vec<(&'static str, RwSignal<String>, bool)> = weights
        .iter()
        .chain(deductions.iter())
        .map(|f| (f.id, f.value, f.whole))
        .collect();
    let values = StoredValue::new(values);
    let form = FormState::new(&[
        "attendance_weight",
        "submission_weight",
        "task_weight",
        "case_on_time_weight",
        "satisfaction_weight",
        "per_overdue_task",
        "per_returned_task",
        "per_interview",
        "per_public_criticism",
        "per_admonishment",
    ]);
    let version = match (&r.value.set_by_name, &r.value.set_at) {
        _ if r.value.version == 0 => s.rule_default.to_owned(),
        (who, Some(at)) => (s.rule_version)(
            r.value.version,
            who.as_deref().unwrap_or_default(),
            &fmt_datetime(at),
        ),
        (who, None) => (s.rule_version)(r.value.version, who.as_deref().unwrap_or_default(), ""),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.errors.set(vec![]);
        let mut read = std::collections::HashMap::new();
        for (id, value, whole) in values.get_value() {
            let text = value.get_untracked();
            let text = text.trim();
            let ok = if whole {
                text.parse::<u32>()
                    .ok()
                    .filter(|w| *w <= 100)
                    .map(f64::from)
            } else {
                text.parse::<f64>()
                    .ok()
                    .filter(|p| p.is_finite() && (0.0..=100.0).contains(p))
            };
            match ok {
                Some(n) => {
                    read.insert(id, n);
                }
                None => form.invalid(id, if whole { s.err_weight } else { s.err_points }),
            }
        }
        if !form.errors.with_untracked(Vec::is_empty) {
            return;
        }
        let f = |id: &str| read.get(id).copied().unwrap_or_default();
        // Whole numbers in 0–100 (checked above): the conversion is exact.
        let w = |id: &str| f(id).round() as u32;
        let rule = AssessmentRule {
            attendance_weight: w("attendance_weight"),
            submission_weight: w("submission_weight"),
            task_weight: w("task_weight"),
            case_on_time_weight: w("case_on_time_weight"),
            satisfaction_weight: w("satisfaction_weight"),
            per_overdue_task: f("per_overdue_task"),
            per_returned_task: f("per_returned_task"),
            per_interview: f("per_interview"),
            per_public_criticism: f("per_public_criticism"),
            per_admonishment: f("per_admonishment"),
        };
        v.notice.set(None);
        run(form, async move {
            let tag = etag.get_untracked();
            let saved = api::call(ops::set_assessment_rule(year, &rule).if_match(&tag)).await?;
            v.notice.set(Some((s.rule_saved)(saved.value.version)));
            // The ranking is scored by the rule: read it again (and the rule with it).
            v.ranking.refetch();
            Ok(())
        });
    };
    // 412: someone saved meanwhile; take their version's ETag, keep what was typed.
    let on_reload = Callback::new(move |()| {
        crate::components::spawn(async move {
            if let Ok(r) = api::call(ops::get_assessment_rule(year)).await {
                form.stale_info
                    .set(Some((tx.stale_reloaded)(r.value.version)));
                etag.set(r.etag);
            }
        });
    });
    let field = move |f: Field| {
        view! {
            <TextField id=f.id label=f.label value=f.value error=form.error(f.id) input_type="number" disabled=frozen required=true/>
        }
    };
    view! {
        <form class="form" on:submit=on_submit novalidate=true data-testid="rule-form">
            <p class="muted" data-testid="rule-version">{version}</p>
            {frozen.then(|| view! { <p class="alert alert-info" data-testid="rule-frozen">{s.rule_frozen}</p> })}
            <StaleBanner form=form on_reload=on_reload/>
            <FormMessages form=form/>
            <fieldset class="rule-group">
                <legend>{s.rule_weights}</legend>
                <p class="hint">{s.weights_hint}</p>
                <div class="grid-5">{weights.into_iter().map(field).collect_view()}</div>
            </fieldset>
            <fieldset class="rule-group">
                <legend>{s.rule_deductions}</legend>
                <div class="grid-5">{deductions.into_iter().map(field).collect_view()}</div>
            </fieldset>
            {(!frozen).then(|| view! {
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" data-testid="rule-save" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { tx.saving } else { s.rule_save }}
                    </button>
                </div>
            })}
        </form>
    }
}
