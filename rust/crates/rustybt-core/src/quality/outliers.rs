//! Outlier returns and the clean-rows check, as `src/data/validation` does them.

use super::js_log::js_log;

/// Indices of bars whose close-to-close log return is more than `threshold`
/// robust standard deviations (1.4826 × the median absolute deviation) from
/// the median return; none for fewer than `min_bars` bars or a series that
/// never moves. Mirrors `findOutliers` in `src/data/validation/outliers.ts`
/// bit for bit (the same logarithm, the same selection).
pub fn find_outliers(close: &[f64], threshold: f64, min_bars: usize) -> Vec<u32> {
    find_outliers_with(close, threshold, min_bars, &mut OutlierScratch::default())
}

/// [`find_outliers`], computing in `scratch`: a caller scanning file after file reuses
/// its memory instead of faulting in fresh pages for every scan.
pub fn find_outliers_with(
    close: &[f64],
    threshold: f64,
    min_bars: usize,
    scratch: &mut OutlierScratch,
) -> Vec<u32> {
    let n = close.len();
    if n < min_bars || n == 0 {
        return Vec::new();
    }
    let OutlierScratch { returns, keys } = scratch;
    returns.clear();
    returns.extend(close.windows(2).map(|w| {
        // An unchanged close (common in minute bars) has the ratio 1, whose logarithm is +0.
        if w[1] == w[0] && w[0] != 0.0 && w[0].is_finite() {
            0.0
        } else {
            js_log(w[1] / w[0])
        }
    }));
    let median = median_in(returns, keys);
    // The returns become their absolute deviations in place: the selection below compares
    // the same values `|r - median|`, and no third buffer is needed.
    for r in returns.iter_mut() {
        *r = (*r - median).abs();
    }
    let deviations = returns;
    let scale = 1.4826 * median_in(deviations, keys);
    // `!(scale > 0)` as in TypeScript: NaN counts as no movement.
    if scale.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Vec::new();
    }
    let limit = threshold * scale;
    deviations
        .iter()
        .enumerate()
        .filter(|&(_, &deviation)| deviation > limit)
        .map(|(i, _)| (i + 1) as u32)
        .collect()
}

/// Buffers of an outlier scan (the returns, then their deviations, and the selection's
/// keys), to keep between scans; see [`find_outliers_with`].
#[derive(Debug, Default)]
pub struct OutlierScratch {
    returns: Vec<f64>,
    keys: Vec<u64>,
}

impl OutlierScratch {
    /// Bytes reserved by the buffers.
    pub fn capacity_bytes(&self) -> usize {
        self.returns.capacity() * 8 + self.keys.capacity() * 8
    }
}

/// Median of `values` by Hoare's selection on a copy, as `medianOf` does.
///
/// Without NaNs the median is a pair of order statistics, the same whichever
/// selection finds them (only the sign of a zero may differ, which no caller
/// sees): the standard library's introselect finds them faster than the
/// Hoare loop, whose exact steps matter only for the NaN comparisons it mirrors.
#[cfg(test)]
fn median_of(values: &[f64]) -> f64 {
    median_in(values, &mut Vec::new())
}

/// [`median_of`], selecting in `keys` (a buffer, overwritten).
fn median_in(values: &[f64], keys: &mut Vec<u64>) -> f64 {
    if values.is_empty() || values.iter().any(|v| v.is_nan()) {
        return median_by_hoare(values);
    }
    // Selected as integers that order as the numbers do (-0 before +0, which may only
    // change the sign of a zero median): integer comparisons instead of float ones.
    keys.clear();
    keys.extend(values.iter().map(|&v| order_key(v)));
    let mid = keys.len() >> 1;
    let (below, &mut upper, _) = keys.select_nth_unstable(mid);
    let upper = from_order_key(upper);
    if values.len() % 2 == 1 {
        return upper;
    }
    let lower = below
        .iter()
        .copied()
        .max()
        .map_or(f64::NEG_INFINITY, from_order_key);
    (lower + upper) / 2.0
}

/// `value`'s bits, turned so that unsigned order is numeric order (for numbers that are not NaN).
#[inline]
fn order_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

#[inline]
fn from_order_key(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    })
}

fn median_by_hoare(values: &[f64]) -> f64 {
    let mut copy = values.to_vec();
    let mid = copy.len() >> 1;
    let upper = select(&mut copy, mid);
    if copy.len() % 2 == 1 {
        return upper;
    }
    let mut lower = f64::NEG_INFINITY;
    for &value in &copy[..mid] {
        if value > lower {
            lower = value;
        }
    }
    (lower + upper) / 2.0
}

/// Hoare's selection exactly as `select` in `outliers.ts`, comparisons with
/// NaN included (they are false, so NaN values stop neither scan).
fn select(a: &mut [f64], k: usize) -> f64 {
    if a.is_empty() {
        // `a[k]` of an empty array is undefined, which arithmetic turns into NaN.
        return f64::NAN;
    }
    let mut left: isize = 0;
    let mut right: isize = a.len() as isize - 1;
    let k = k as isize;
    while left < right {
        let pivot = a[((left + right) >> 1) as usize];
        let mut i = left;
        let mut j = right;
        while i <= j {
            while get(a, i) < pivot {
                i += 1;
            }
            while get(a, j) > pivot {
                j -= 1;
            }
            if i <= j {
                a.swap(i as usize, j as usize);
                i += 1;
                j -= 1;
            }
        }
        if k <= j {
            right = j;
        } else if k >= i {
            left = i;
        } else {
            return a[k as usize];
        }
    }
    a[k as usize]
}

/// `a[i]` as JavaScript reads a typed array: NaN (undefined) outside it.
fn get(a: &[f64], i: isize) -> f64 {
    if i < 0 || i as usize >= a.len() {
        f64::NAN
    } else {
        a[i as usize]
    }
}

/// Bars as `isClean` in `validate-bars.ts` accepts them: strictly increasing
/// finite starts, positive consistent OHLC, non-negative volume, integer units
/// within 2^53. Such rows need no dropping or sorting.
pub fn rows_are_clean(
    at: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> bool {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    rows_hold_together(at, open, high, low, close, volume)
        && (0..at.len()).all(|i| {
            let (o, h, l, c, v) = (open[i], high[i], low[i], close[i], volume[i]);
            // All five are within (0, 2^53] or [0, 2^53] if they are at most 2^53: the round
            // trip through i64 is then exact for integers and only for them.
            h <= MAX_SAFE
                && v <= MAX_SAFE
                && [o, h, l, c, v].iter().all(|&x| (x as i64) as f64 == x)
        })
}

/// The part of [`rows_are_clean`] that units read by `plain_decimal_units`
/// (integers within ±2^53 by construction) still need: strictly increasing
/// finite starts, positive consistent OHLC, non-negative volume.
pub fn rows_hold_together(
    at: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> bool {
    let mut previous = f64::NEG_INFINITY;
    for i in 0..at.len() {
        let t = at[i];
        if t.partial_cmp(&previous) != Some(std::cmp::Ordering::Greater) || t == f64::INFINITY {
            return false;
        }
        let (o, h, l, c, v) = (open[i], high[i], low[i], close[i], volume[i]);
        if !(l > 0.0 && l <= o && l <= c && h >= o && h >= c && v >= 0.0) {
            return false;
        }
        previous = t;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_same_median_by_either_selection() {
        let mut seed = 11u64;
        for n in [1usize, 2, 3, 10, 101, 1000, 4096] {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Few distinct values: ties everywhere, as in tick-sized returns.
                    ((seed >> 33) % 7) as f64 - 3.0
                        + if (seed >> 20).is_multiple_of(5) {
                            0.5
                        } else {
                            0.0
                        }
                })
                .collect();
            assert_eq!(median_of(&values), median_by_hoare(&values), "n = {n}");
            let spread: Vec<f64> = values.iter().map(|v| v * 1e-3 - 1e-300).collect();
            assert_eq!(median_of(&spread), median_by_hoare(&spread), "n = {n}");
        }
        assert!(median_of(&[]).is_nan());
    }

    #[test]
    fn keys_order_as_the_numbers_do() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -1.5,
            -f64::MIN_POSITIVE,
            0.0,
            f64::MIN_POSITIVE,
            2.0,
            f64::INFINITY,
        ];
        for pair in values.windows(2) {
            assert!(order_key(pair[0]) < order_key(pair[1]), "{pair:?}");
        }
        for v in values {
            assert_eq!(from_order_key(order_key(v)), v);
        }
        assert_eq!(js_log(1.0).to_bits(), 0.0f64.to_bits());
    }

    #[test]
    fn flags_a_jump_in_a_quiet_series() {
        // Expected values from `findOutliers` in TypeScript on the same series.
        let mut close: Vec<f64> = (0..40).map(|i| 1000.0 + f64::from(i)).collect();
        close[25] = 2000.0;
        assert_eq!(find_outliers(&close, 10.0, 20), vec![25, 26]);
        let mut close: Vec<f64> = (0..40).map(|i| 1000.0 + f64::from(i % 3)).collect();
        close[25] = 2000.0;
        let expected = [3, 6, 9, 12, 15, 18, 21, 24, 25, 26, 27, 30, 33, 36, 39];
        assert_eq!(find_outliers(&close, 10.0, 20), expected);
    }

    #[test]
    fn flags_nothing_in_a_short_or_flat_series() {
        assert!(find_outliers(&[1.0, 2.0, 100.0], 10.0, 20).is_empty());
        assert!(find_outliers(&[5.0; 30], 10.0, 20).is_empty());
    }

    #[test]
    fn clean_rows_increase_and_hold_together() {
        let at = [1.0, 2.0];
        let ok = [10.0, 10.0];
        assert!(rows_are_clean(&at, &ok, &ok, &ok, &ok, &[0.0, 1.0]));
        assert!(!rows_are_clean(
            &[2.0, 2.0],
            &ok,
            &ok,
            &ok,
            &ok,
            &[0.0, 1.0]
        ));
        assert!(!rows_are_clean(
            &at,
            &ok,
            &[9.0, 10.0],
            &ok,
            &ok,
            &[0.0, 1.0]
        ));
        assert!(!rows_are_clean(&at, &ok, &ok, &ok, &ok, &[0.5, 1.0]));
    }
}
