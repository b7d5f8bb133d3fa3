//! Volume indicators: OBV (exact on units) and VWAP (as `src/indicators/volume.ts`).

use super::lanes::{slot, Lane, Step};

/// On-balance volume: closes compared in units, the volume summed in units.
pub struct Obv;

impl Step for Obv {
    const INPUTS: usize = 2;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        3
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let (close, volume) = (x[0], x[1]);
        let mut value = volume;
        if s.get(0) != 0.0 {
            value = s.get(2);
            let prev = s.get(1);
            if close > prev {
                value += volume;
            } else if close < prev {
                value -= volume;
            }
        }
        s.set(0, 1.0);
        s.set(1, close);
        s.set(2, value);
        out[0] = value / u[1];
    }
}

/// Volume-weighted average of the typical price: cumulative when `period` is 0.
pub struct Vwap {
    pub period: usize,
}

impl Step for Vwap {
    const INPUTS: usize = 4;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        4 + 2 * self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let (high, low, close, volume) = (x[0] / u[0], x[1] / u[1], x[2] / u[2], x[3] / u[3]);
        let period = self.period;
        let pv = ((high + low + close) / 3.0) * volume;
        let sum_pv = s.get(2) + pv;
        let sum_v = s.get(3) + volume;
        if period == 0 {
            s.set(2, sum_pv);
            s.set(3, sum_v);
            out[0] = if sum_v != 0.0 {
                sum_pv / sum_v
            } else {
                f64::NAN
            };
            return;
        }
        let (ring_pv, ring_v) = (4, 4 + period);
        let pos = slot(s.get(1), period);
        s.set(ring_pv + pos, pv);
        s.set(ring_v + pos, volume);
        let next = if pos + 1 == period { 0 } else { pos + 1 };
        s.set(1, next as f64);
        let count = s.get(0) + 1.0;
        let p = period as f64;
        if count < p {
            s.set(0, count);
            s.set(2, sum_pv);
            s.set(3, sum_v);
            out[0] = f64::NAN;
            return;
        }
        s.set(0, p);
        s.set(2, sum_pv - s.get(ring_pv + next));
        s.set(3, sum_v - s.get(ring_v + next));
        out[0] = if sum_v != 0.0 {
            sum_pv / sum_v
        } else {
            f64::NAN
        };
    }
}
