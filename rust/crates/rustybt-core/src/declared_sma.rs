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
        let (counts, rest) = self.state.split_at_mut(lanes);
        let (positions, rest) = rest.split_at_mut(lanes);
        let (sums, window) = rest.split_at_mut(lanes);
        for lane in 0..lanes {
            let asset = bar.assets[lane];
            let (Some(&value), Some(&unit)) = (
                usize::try_from(asset)
                    .ok()
                    .and_then(|a| bar.x.get(bar.offset + a)),
                usize::try_from(asset).ok().and_then(|a| bar.units.get(a)),
            ) else {
                return Err(KernelError::InvalidArgument(format!(
                    "declared SMA: asset {asset} is outside the bar"
                )));
            };
            if value.is_nan() {
                continue;
            }
            let pos = (positions[lane] as usize).min(period - 1);
            window[pos * lanes + lane] = value;
            let next = if pos + 1 == period { 0 } else { pos + 1 };
            positions[lane] = next as f64;
            let sum = sums[lane] + value;
            let count = counts[lane] + 1.0;
            let mean = if count < period as f64 {
                counts[lane] = count;
                sums[lane] = sum;
                f64::NAN
            } else {
                counts[lane] = period as f64;
                // Slot `next` holds the oldest value of the window that ends at this bar.
                sums[lane] = sum - window[next * lanes + lane];
                window_mean(sum, period as f64, unit)
            };
            self.stamp[lane] = bar.bar;
            self.latest[lane] = mean;
            let slot = (self.head[lane].max(0) as usize).min(self.history - 1);
            self.ring[slot * lanes + lane] = mean;
            self.head[lane] = if slot + 1 == self.history {
                0
            } else {
                slot as i32 + 1
            };
            if (self.filled[lane] as usize) < self.history {
                self.filled[lane] += 1;
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
