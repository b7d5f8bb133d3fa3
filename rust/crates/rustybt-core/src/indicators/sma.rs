//! The SMA kernel: its step for the shared lane loop, and its own loop
//! ([`DeclaredSma`], about 1.7 times faster than the shared loop running the
//! step; measured with `npm run bench -- declared-kernels`) on the same
//! layout with the same float operations, which is what it runs.

use super::blocks::{sma, SMA_FIELDS};
use super::lanes::{DeclaredBar, DeclaredLanes, Lane, Step};
use crate::{DeclaredSma, KernelError, SmaBar};

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
        let mut lanes = DeclaredSma {
            period: self.period,
            state: &mut *d.state,
            ring: &mut *d.ring,
            head: &mut *d.head,
            filled: &mut *d.filled,
            stamp: &mut *d.stamp,
            latest: &mut *d.latest,
            history: d.history,
        };
        lanes.update(&SmaBar {
            x: bar.columns[0],
            offset: bar.offset,
            assets: bar.assets,
            units: if bar.volume_inputs & 1 != 0 {
                bar.volume_units
            } else {
                bar.price_units
            },
            bar: bar.bar,
        })
    }
}
