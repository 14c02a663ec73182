//! Next month's expected count of a monthly series (Art. 8.1), with a 95% prediction interval,
//! by automatic exponential smoothing (augurs' AutoETS: the model with the best likelihood among
//! the error, trend and damping variants), and its error backtested on the last months.

use augurs::ets::AutoETS;
use augurs::{Fit, Predict};

/// One step ahead, with its interval (counts cannot be negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub point: f64,
    pub lower: f64,
    pub upper: f64,
}

/// The level of the prediction interval.
pub const LEVEL: f64 = 0.95;

/// The fewest months a forecast is made from.
pub const MIN_HISTORY: usize = 12;

/// Forecasts the month after `history`; none with too little history or when no model fits.
pub fn next(history: &[f64]) -> Option<Step> {
    if history.len() < MIN_HISTORY {
        return None;
    }
    // A flat series has no variance for the search to work with: its forecast is itself.
    if history
        .iter()
        .all(|v| (*v - history[0]).abs() < f64::EPSILON)
    {
        return Some(Step {
            point: history[0],
            lower: history[0],
            upper: history[0],
        });
    }
    let fitted = AutoETS::non_seasonal().fit(history).ok()?;
    let f = fitted.predict(1, LEVEL).ok()?;
    let point = *f.point.first()?;
    let (lower, upper) = f
        .intervals
        .and_then(|i| Some((*i.lower.first()?, *i.upper.first()?)))
        .unwrap_or((point, point));
    point.is_finite().then_some(Step {
        point: point.max(0.0),
        lower: lower.max(0.0),
        upper: upper.max(0.0),
    })
}

/// Rolling-origin backtest: each of the last `months` forecast one step ahead from the months
/// before it. Answers the mean absolute error and the mean absolute percentage error (over the
/// months with a non-zero count), or none when no month could be forecast.
pub fn backtest(history: &[f64], months: usize) -> Option<(f64, Option<f64>)> {
    let mut abs = Vec::new();
    let mut pct = Vec::new();
    for end in history.len().saturating_sub(months)..history.len() {
        let Some(step) = next(&history[..end]) else {
            continue;
        };
        let actual = history[end];
        abs.push((step.point - actual).abs());
        if actual > 0.0 {
            pct.push((step.point - actual).abs() / actual);
        }
    }
    if abs.is_empty() {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    Some((mean(&abs), (!pct.is_empty()).then(|| mean(&pct))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_steady_series_is_forecast_near_its_level_inside_its_interval() {
        let h: Vec<f64> = (0..24)
            .map(|i| 100.0 + if i % 2 == 0 { 5.0 } else { -5.0 })
            .collect();
        let s = next(&h).unwrap();
        assert!((s.point - 100.0).abs() < 8.0, "{s:?}");
        assert!(s.lower <= s.point && s.point <= s.upper, "{s:?}");
        assert!(s.upper - s.lower > 1.0, "an interval, not a point: {s:?}");
    }

    #[test]
    fn a_rising_series_is_forecast_higher_and_too_short_a_one_not_at_all() {
        let h: Vec<f64> = (0..24).map(|i| 50.0 + 4.0 * i as f64).collect();
        assert!(next(&h).unwrap().point > 130.0);
        assert_eq!(next(&h[..6]), None);
    }

    #[test]
    fn the_backtest_error_is_small_for_a_predictable_series_and_large_for_a_jumpy_one() {
        let steady: Vec<f64> = (0..24).map(|i| 200.0 + (i % 3) as f64).collect();
        let (mae, mape) = backtest(&steady, 6).unwrap();
        assert!(mae < 5.0 && mape.unwrap() < 0.03, "{mae} {mape:?}");
        let jumpy: Vec<f64> = (0..24)
            .map(|i| if i % 2 == 0 { 20.0 } else { 200.0 })
            .collect();
        let (mae, _) = backtest(&jumpy, 6).unwrap();
        assert!(mae > 40.0, "{mae}");
    }
}
