//! One bar of a declared SMA for every asset it covers: the running sums of
//! the indicator's state and the history ring of its values, laid out as the
//! TypeScript `DeclaredIndicator` lays them (struct of arrays over lanes).

use crate::KernelError;

/// The mean of a window of `period` values in integer units whose exact
/// sum is `sum`, each value being units / `unit` (10^scale): one division
/// by `period × unit`, the correctly rounded mean, so equal means compare
/// equal whatever their periods. When `period × unit` is beyond 2^53 (not
/// exact as a double) it divides twice: `sum / period / unit`.
#[inline]
pub fn window_mean(sum: f64, period: f64, unit: f64) -> f64 {
    let divisor = period * unit;
    if divisor <= 9_007_199_254_740_992.0 {
        sum / divisor
    } else {
        sum / period / unit
    }
}

/// Fields of an SMA's state before its window ring: count, position, sum.
const SMA_FIELDS: usize = 3;

/// The state and history of one declared SMA over `lanes` assets.
pub struct DeclaredSma<'a> {
    /// Window length.
    pub period: usize,
    /// Count, position, sum, then the `period` window values, field-major over lanes.
    pub state: &'a mut [f64],
    /// History of values: slot `i` of lane `j` at `i * lanes + j`.
    pub ring: &'a mut [f64],
    /// Next history slot per lane.
    pub head: &'a mut [i32],
    /// Values recorded per lane, capped at the history length.
    pub filled: &'a mut [i32],
    /// Bar number of each lane's latest update.
    pub stamp: &'a mut [i32],
    /// Latest value per lane.
    pub latest: &'a mut [f64],
    /// Slots of history per lane.
    pub history: usize,
}

/// The bar handed to [`DeclaredSma::update`]: closes in units, asset `a` at `offset + a`.
pub struct SmaBar<'a> {
    pub x: &'a [f64],
    pub offset: usize,
    /// Asset id of each lane.
    pub assets: &'a [i32],
    /// 10^scale per asset id (ones for float values).
    pub units: &'a [f64],
    /// Bar number stamped on the lanes updated.
    pub bar: i32,
}

impl DeclaredSma<'_> {
    /// Advances every lane whose close is not NaN by one bar (TA-Lib's
    /// running-sum order: add, divide, subtract the value leaving the window),
    /// records the value in the lane's history and stamps the lane. A lane
    /// with a NaN close keeps its state and history.
    pub fn update(&mut self, bar: &SmaBar) -> Result<(), KernelError> {
        let lanes = bar.assets.len();
        let period = self.period;
        if period == 0
            || self.history == 0
            || self.state.len() < (SMA_FIELDS + period) * lanes
            || self.ring.len() < self.history * lanes
            || self.head.len() < lanes
            || self.filled.len() < lanes
            || self.stamp.len() < lanes
            || self.latest.len() < lanes
        {
            return Err(KernelError::InvalidArgument(
                "declared SMA: state or history shorter than its lanes".into(),
            ));
        }
        let x = bar.x.get(bar.offset..).unwrap_or(&[]);
        // Every asset id is checked here, once (a min/max fold the compiler
        // vectorizes), so the loop below reads without checks.
        let (low, high) = bar
            .assets
            .iter()
            .fold((i32::MAX, i32::MIN), |(l, h), &a| (l.min(a), h.max(a)));
        let inside = |a: i32| a >= 0 && (a as usize) < x.len().min(bar.units.len());
        if lanes > 0 && !(inside(low) && inside(high)) {
            let asset = if inside(low) { high } else { low };
            return Err(KernelError::InvalidArgument(format!(
                "declared SMA: asset {asset} is outside the bar"
            )));
        }
        let (counts, rest) = self.state.split_at_mut(lanes);
        let (positions, rest) = rest.split_at_mut(lanes);
        let (sums, window) = rest.split_at_mut(lanes);
        let window = &mut window[..period * lanes];
        let (head, filled) = (&mut self.head[..lanes], &mut self.filled[..lanes]);
        let (stamp, latest) = (&mut self.stamp[..lanes], &mut self.latest[..lanes]);
        let history = self.history;
        let ring = &mut self.ring[..history * lanes];
        let p = period as f64;
        for lane in 0..lanes {
            // SAFETY: every per-lane slice above has `lanes` elements; the asset ids were
            // checked against `x` and `units` above; `pos` and `next` are below `period`
            // and `slot` below `history`, so their slots are inside `window` and `ring`.
            unsafe {
                let asset = *bar.assets.get_unchecked(lane) as usize;
                let value = *x.get_unchecked(asset);
                if value.is_nan() {
                    continue;
                }
                let pos = (*positions.get_unchecked(lane) as usize).min(period - 1);
                *window.get_unchecked_mut(pos * lanes + lane) = value;
                let next = if pos + 1 == period { 0 } else { pos + 1 };
                *positions.get_unchecked_mut(lane) = next as f64;
                let sum = *sums.get_unchecked(lane) + value;
                let count = *counts.get_unchecked(lane) + 1.0;
                let mean = if count < p {
                    *counts.get_unchecked_mut(lane) = count;
                    *sums.get_unchecked_mut(lane) = sum;
                    f64::NAN
                } else {
                    *counts.get_unchecked_mut(lane) = p;
                    // Slot `next` holds the oldest value of the window that ends at this bar.
                    let oldest = *window.get_unchecked(next * lanes + lane);
                    *sums.get_unchecked_mut(lane) = sum - oldest;
                    window_mean(sum, p, *bar.units.get_unchecked(asset))
                };
                *stamp.get_unchecked_mut(lane) = bar.bar;
                *latest.get_unchecked_mut(lane) = mean;
                let slot = ((*head.get_unchecked(lane)).max(0) as usize).min(history - 1);
                *ring.get_unchecked_mut(slot * lanes + lane) = mean;
                *head.get_unchecked_mut(lane) = if slot + 1 == history {
                    0
                } else {
                    slot as i32 + 1
                };
                let recorded = filled.get_unchecked_mut(lane);
                if (*recorded as usize) < history {
                    *recorded += 1;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_window_mean_and_skips_nan() {
        let lanes = 2;
        let period = 3;
        let mut state = vec![0.0; (SMA_FIELDS + period) * lanes];
        let mut ring = vec![f64::NAN; 2 * lanes];
        let (mut head, mut filled, mut stamp) = (vec![0; lanes], vec![0; lanes], vec![-1; lanes]);
        let mut latest = vec![f64::NAN; lanes];
        let closes = [[100.0, 7.0], [200.0, f64::NAN], [300.0, 9.0], [400.0, 11.0]];
        let mut sma = DeclaredSma {
            period,
            state: &mut state,
            ring: &mut ring,
            head: &mut head,
            filled: &mut filled,
            stamp: &mut stamp,
            latest: &mut latest,
            history: 2,
        };
        for (t, row) in closes.iter().enumerate() {
            let bar = SmaBar {
                x: row,
                offset: 0,
                assets: &[0, 1],
                units: &[100.0, 1.0],
                bar: t as i32,
            };
            sma.update(&bar).unwrap();
        }
        assert_eq!(sma.latest[0], 3.0); // (200 + 300 + 400) / 3 / 100
        assert_eq!(sma.latest[1], 9.0); // (7 + 9 + 11) / 3, the NaN bar skipped
        assert_eq!(sma.stamp, &[3, 3]);
        assert_eq!(sma.filled, &[2, 2]);
    }

    #[test]
    fn refuses_short_state_and_unknown_assets() {
        let mut state = vec![0.0; 1];
        let (mut ring, mut latest) = (vec![0.0; 1], vec![0.0; 1]);
        let (mut head, mut filled, mut stamp) = (vec![0; 1], vec![0; 1], vec![0; 1]);
        let mut sma = DeclaredSma {
            period: 3,
            state: &mut state,
            ring: &mut ring,
            head: &mut head,
            filled: &mut filled,
            stamp: &mut stamp,
            latest: &mut latest,
            history: 1,
        };
        let bar = SmaBar {
            x: &[1.0],
            offset: 0,
            assets: &[0],
            units: &[1.0],
            bar: 0,
        };
        assert!(sma.update(&bar).is_err());
    }
}
