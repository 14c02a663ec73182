//! The analysis room's statistics: rates, changes, the Wilson score interval (so that a unit with
//! three ratings is not ranked above one with three hundred) and the Poisson tail of the hot-issue
//! test. Pure functions of counts.

/// `part / whole`, none for an empty whole.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Relative change from `before` to `now` (环比, 同比): none when there was nothing before.
pub fn change(now: u64, before: u64) -> Option<f64> {
    (before > 0).then(|| (now as f64 - before as f64) / before as f64)
}

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The 95% Wilson score interval of `successes` out of `n` (none for n = 0).
pub fn wilson(successes: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = successes.min(n) as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// `P(X ≥ k)` for `X ~ Poisson(lambda)`, summed in the direction that keeps precision: the upper
/// tail directly when it is small (k above the mean), else one minus the lower sum.
pub fn poisson_at_least(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // log P(X = i) = -λ + i ln λ - ln i!
    let log_pmf = |i: u64| -> f64 { -lambda + i as f64 * lambda.ln() - ln_factorial(i) };
    if (k as f64) > lambda {
        // Terms fall quickly beyond the mean; stop when they no longer matter.
        let mut sum = 0.0;
        let mut i = k;
        loop {
            let term = log_pmf(i).exp();
            sum += term;
            if term < sum * 1e-17 || i > k + 10_000 {
                break;
            }
            i += 1;
        }
        sum.min(1.0)
    } else {
        let below: f64 = (0..k).map(|i| log_pmf(i).exp()).sum();
        (1.0 - below).clamp(0.0, 1.0)
    }
}

fn ln_factorial(n: u64) -> f64 {
    (2..=n).map(|i| (i as f64).ln()).sum()
}

/// The hot-issue test (issue 11, stated in the API): a week's `count` is hot against the mean
/// weekly `baseline` of the weeks before when it is at least `min_count`, at least twice the
/// baseline, and `P(X ≥ count) < max_p` for `X ~ Poisson(max(baseline, 0.5))` (the floor keeps a
/// category never seen before from being hot on its first two cases).
pub fn is_hot(count: u64, baseline: f64, min_count: u64, max_p: f64) -> Option<f64> {
    if count < min_count || (count as f64) < 2.0 * baseline {
        return None;
    }
    let p = poisson_at_least(count, baseline.max(0.5));
    (p < max_p).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    #[test]
    fn rates_and_changes_are_none_without_a_base() {
        assert_eq!(rate(1, 0), None);
        assert_eq!(rate(1, 4), Some(0.25));
        assert_eq!(change(5, 0), None);
        assert_eq!(change(15, 10), Some(0.5));
        assert_eq!(change(5, 10), Some(-0.5));
    }

    #[test]
    fn wilson_matches_the_textbook_values() {
        // Known values: 8 of 10 → [0.4902, 0.9433]; 0 of 10 → [0, 0.2775].
        let (lo, hi) = wilson(8, 10).unwrap();
        assert!(
            close(lo, 0.4902, 1e-3) && close(hi, 0.9433, 1e-3),
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 10).unwrap();
        assert!(close(lo, 0.0, 1e-9) && close(hi, 0.2775, 1e-3), "{lo} {hi}");
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn three_perfect_ratings_do_not_outrank_three_hundred_good_ones() {
        let few = wilson(3, 3).unwrap().0;
        let many = wilson(285, 300).unwrap().0;
        assert!(many > few, "{many} vs {few}");
    }

    #[test]
    fn the_poisson_tail_matches_known_values() {
        // P(X ≥ 1 | λ=1) = 1 - e^-1; P(X ≥ 10 | λ=2) = 4.65e-5.
        assert!(close(
            poisson_at_least(1, 1.0),
            1.0 - (-1.0f64).exp(),
            1e-12
        ));
        assert!(close(poisson_at_least(10, 2.0), 4.6498e-5, 1e-8));
        assert!(close(
            poisson_at_least(2, 3.0),
            1.0 - 4.0 * (-3.0f64).exp(),
            1e-12
        ));
        assert_eq!(poisson_at_least(0, 3.0), 1.0);
    }

    #[test]
    fn a_week_far_above_its_baseline_is_hot_and_an_ordinary_one_is_not() {
        assert!(is_hot(12, 2.0, 5, 0.001).is_some());
        assert!(is_hot(4, 2.0, 5, 0.001).is_none(), "too few");
        assert!(
            is_hot(30, 20.0, 5, 0.001).is_none(),
            "not twice the baseline"
        );
        assert!(is_hot(5, 0.0, 5, 0.001).is_some(), "new and sudden");
        assert!(is_hot(7, 3.4, 5, 0.001).is_none(), "within chance");
    }
}
