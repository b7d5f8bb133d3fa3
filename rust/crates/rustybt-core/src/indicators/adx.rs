//! ADX with +DI and -DI on values (as `src/indicators/adx.ts`).

use super::blocks::true_range_of;
use super::lanes::{Lane, Step};

/// Average directional index, +DI, -DI.
pub struct Adx {
    pub period: usize,
}

impl Step for Adx {
    const INPUTS: usize = 3;
    const OUTPUTS: usize = 3;
    fn state_size(&self) -> usize {
        8
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let (high, low, close) = (x[0] / u[0], x[1] / u[1], x[2] / u[2]);
        let p = self.period as f64;
        let adx_start = 2.0 * p - 1.0;
        *out = [f64::NAN; 3];
        let t = s.get(0);
        if t <= adx_start {
            s.set(0, t + 1.0);
        }
        if t == 0.0 {
            s.set(1, high);
            s.set(2, low);
            s.set(3, close);
            return;
        }
        let diff_p = high - s.get(1);
        let diff_m = s.get(2) - low;
        let range = true_range_of(high, low, s.get(3));
        s.set(1, high);
        s.set(2, low);
        s.set(3, close);
        let mut plus_dm = s.get(4);
        let mut minus_dm = s.get(5);
        let mut tr = s.get(6);
        if t >= p {
            minus_dm -= minus_dm / p;
            plus_dm -= plus_dm / p;
        }
        if diff_m > 0.0 && diff_p < diff_m {
            minus_dm += diff_m;
        } else if diff_p > 0.0 && diff_p > diff_m {
            plus_dm += diff_p;
        }
        tr = if t >= p {
            tr - tr / p + range
        } else {
            tr + range
        };
        s.set(4, plus_dm);
        s.set(5, minus_dm);
        s.set(6, tr);
        if t < p {
            return;
        }
        let mut plus_di = 0.0;
        let mut minus_di = 0.0;
        let mut dx = f64::NAN;
        if tr != 0.0 {
            minus_di = 100.0 * (minus_dm / tr);
            plus_di = 100.0 * (plus_dm / tr);
            let total = minus_di + plus_di;
            if total != 0.0 {
                dx = 100.0 * ((minus_di - plus_di).abs() / total);
            }
        }
        out[1] = plus_di;
        out[2] = minus_di;
        if t < adx_start {
            if !dx.is_nan() {
                s.set(7, s.get(7) + dx);
            }
            return;
        }
        if t == adx_start {
            let first = (if dx.is_nan() { s.get(7) } else { s.get(7) + dx }) / p;
            s.set(7, first);
            out[0] = first;
            return;
        }
        if !dx.is_nan() {
            s.set(7, (s.get(7) * (p - 1.0) + dx) / p);
        }
        out[0] = s.get(7);
    }
}
