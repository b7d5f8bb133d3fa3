//! The SMA's own lane loop: the shared one ([`super::lanes::advance`]) runs its
//! step about 1.7 times slower (measured with `npm run bench -- declared-kernels`),
//! so [`Sma`] replaces it with this loop over the same layout, same float
//! operations in the same order (TA-Lib's running sum: add, divide, subtract
//! the value leaving the window).

use super::blocks::{sma, SMA_FIELDS};
use super::lanes::{DeclaredBar, DeclaredLanes, Lane, Step};
use crate::KernelError;

/// Simple moving average, exact on units (the sum in units, divided once).
pub struct Sma {
    pub period: usize,
}

impl Step for Sma {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        SMA_FIELDS + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = sma(s, 0, self.period, x[0], u[0]);
    }

    fn advance_lanes(&self, d: &mut DeclaredLanes, bar: &DeclaredBar) -> Result<(), KernelError> {
        let lanes = bar.assets.len();
        let period = self.period;
        let (state, mut recorder) = d.split(lanes, self.state_size(), 1)?;
        let units = if bar.volume_inputs & 1 != 0 {
            bar.volume_units
        } else {
            bar.price_units
        };
        let (counts, rest) = state.split_at_mut(lanes);
        let (positions, rest) = rest.split_at_mut(lanes);
        let (sums, window) = rest.split_at_mut(lanes);
        for lane in 0..lanes {
            let asset = bar.assets[lane];
            let found = usize::try_from(asset)
                .ok()
                .and_then(|a| Some((*bar.columns[0].get(bar.offset + a)?, *units.get(a)?)));
            let Some((value, unit)) = found else {
                return Err(KernelError::InvalidArgument(format!(
                    "declared indicator: asset {asset} is outside the bar"
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
                sum / period as f64 / unit
            };
            recorder.record(lane, bar.bar, &[mean]);
        }
        Ok(())
    }
}
