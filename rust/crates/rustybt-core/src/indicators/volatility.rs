//! Volatility: standard deviation, Bollinger bands, true range, ATR (as
//! `src/indicators/volatility.ts`).

use super::blocks::{true_range_of, wilder, EMA_FIELDS};
use super::lanes::{slot, Lane, Step};

/// Count, position, sum (units), sum of squares (values), mean, then the ring.
const MOMENT_FIELDS: usize = 5;

/// The window variance in values (NaN before `period` bars); the mean lands in field 4.
fn variance(s: &mut Lane, period: usize, x: f64, unit: f64) -> f64 {
    let p = period as f64;
    let pos = slot(s.get(1), period);
    s.set(MOMENT_FIELDS + pos, x);
    let next = if pos + 1 == period { 0 } else { pos + 1 };
    s.set(1, next as f64);
    let sum = s.get(2) + x;
    let value = x / unit;
    let squares = s.get(3) + value * value;
    let count = s.get(0) + 1.0;
    if count < p {
        s.set(0, count);
        s.set(2, sum);
        s.set(3, squares);
        return f64::NAN;
    }
    s.set(0, p);
    let mean = crate::declared_sma::window_mean(sum, p, unit);
    let mean_square = squares / p;
    let oldest = s.get(MOMENT_FIELDS + next);
    s.set(2, sum - oldest);
    let oldest_value = oldest / unit;
    s.set(3, squares - oldest_value * oldest_value);
    s.set(4, mean);
    mean_square - mean * mean
}

/// Population standard deviation times `nb_dev`.
pub struct Stddev {
    pub period: usize,
    pub nb_dev: f64,
}

impl Step for Stddev {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        MOMENT_FIELDS + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let v = variance(s, self.period, x[0], u[0]);
        out[0] = if v.is_nan() {
            f64::NAN
        } else if v > 0.0 {
            v.sqrt() * self.nb_dev
        } else {
            0.0
        };
    }
}

/// Bollinger bands: the middle exact on units, the bands float.
pub struct Bbands {
    pub period: usize,
    pub up: f64,
    pub down: f64,
}

impl Step for Bbands {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 3;
    fn state_size(&self) -> usize {
        MOMENT_FIELDS + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let v = variance(s, self.period, x[0], u[0]);
        if v.is_nan() {
            *out = [f64::NAN; 3];
            return;
        }
        let middle = s.get(4);
        let deviation = if v > 0.0 { v.sqrt() } else { 0.0 };
        *out = [
            middle,
            middle + deviation * self.up,
            middle - deviation * self.down,
        ];
    }
}

/// True range, exact on units (one rounding, in the division).
pub struct TrueRange;

impl Step for TrueRange {
    const INPUTS: usize = 3;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        2
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = if s.get(0) == 0.0 {
            f64::NAN
        } else {
            true_range_of(x[0], x[1], s.get(1)) / u[0]
        };
        s.set(0, 1.0);
        s.set(1, x[2]);
    }
}

/// Average true range: Wilder's smoothing of the true range in values.
pub struct Atr {
    pub period: usize,
}

impl Step for Atr {
    const INPUTS: usize = 3;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        2 + EMA_FIELDS
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let unit = u[0];
        let seen = s.get(0);
        let prev_close = s.get(1);
        s.set(0, 1.0);
        s.set(1, x[2] / unit);
        out[0] = if seen == 0.0 {
            f64::NAN
        } else {
            let range = true_range_of(x[0] / unit, x[1] / unit, prev_close);
            wilder(s, 2, self.period, range)
        };
    }
}
