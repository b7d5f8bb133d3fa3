//! Moving averages of one input: EMA, SMMA, DEMA, TEMA, WMA, KAMA (as
//! `src/indicators/moving-averages.ts`).

use super::blocks::{ema, wilder, EMA_FIELDS};
use super::lanes::{slot, Lane, Step};

/// EMA of the close's value.
pub struct Ema {
    pub period: usize,
    pub k: f64,
}

impl Step for Ema {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        EMA_FIELDS
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = ema(s, 0, self.period, self.k, x[0] / u[0]);
    }
}

/// Wilder's smoothed moving average of the close's value.
pub struct Smma {
    pub period: usize,
}

impl Step for Smma {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        EMA_FIELDS
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = wilder(s, 0, self.period, x[0] / u[0]);
    }
}

/// Double EMA: `2 * ema1 - ema2`.
pub struct Dema {
    pub period: usize,
    pub k: f64,
}

impl Step for Dema {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        2 * EMA_FIELDS
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let e1 = ema(s, 0, self.period, self.k, x[0] / u[0]);
        out[0] = if e1.is_nan() {
            f64::NAN
        } else {
            let e2 = ema(s, EMA_FIELDS, self.period, self.k, e1);
            2.0 * e1 - e2
        };
    }
}

/// Triple EMA: `ema3 + (3 * ema1 - 3 * ema2)`.
pub struct Tema {
    pub period: usize,
    pub k: f64,
}

impl Step for Tema {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        3 * EMA_FIELDS
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = f64::NAN;
        let e1 = ema(s, 0, self.period, self.k, x[0] / u[0]);
        if e1.is_nan() {
            return;
        }
        let e2 = ema(s, EMA_FIELDS, self.period, self.k, e1);
        if e2.is_nan() {
            return;
        }
        let e3 = ema(s, 2 * EMA_FIELDS, self.period, self.k, e2);
        out[0] = e3 + (3.0 * e1 - 3.0 * e2);
    }
}

/// Linearly weighted moving average, its sums in units.
pub struct Wma {
    pub period: usize,
    pub divider: f64,
}

impl Step for Wma {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        5 + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let (x, u) = (x[0], u[0]);
        let period = self.period;
        if period == 1 {
            out[0] = x / u;
            return;
        }
        let pos = slot(s.get(1), period);
        s.set(5 + pos, x);
        let next = if pos + 1 == period { 0 } else { pos + 1 };
        s.set(1, next as f64);
        let count = s.get(0);
        let p = period as f64;
        if count < p - 1.0 {
            s.set(2, s.get(2) + x);
            s.set(3, s.get(3) + x * (count + 1.0));
            s.set(0, count + 1.0);
            out[0] = f64::NAN;
            return;
        }
        s.set(0, p);
        let sub = s.get(2) + x - s.get(4);
        s.set(2, sub);
        let sum = s.get(3) + x * p;
        s.set(4, s.get(5 + next));
        s.set(3, sum - sub);
        out[0] = sum / self.divider / u;
    }
}

/// Kaufman adaptive moving average.
pub struct Kama {
    pub period: usize,
    pub slowest: f64,
    pub diff: f64,
}

impl Step for Kama {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        3 + self.period + 2
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let x = x[0] / u[0];
        let p = self.period as f64;
        let size = p + 2.0;
        let ring = |t: f64| 3 + slot(t % size, self.period + 2);
        let t = s.get(0);
        s.set(0, t + 1.0);
        s.set(ring(t), x);
        out[0] = f64::NAN;
        if t == 0.0 {
            return;
        }
        let prev_close = s.get(ring(t - 1.0));
        if t > p {
            let leaving = (s.get(ring(t - p - 1.0)) - s.get(ring(t - p))).abs();
            s.set(1, s.get(1) - leaving);
        }
        let sum = s.get(1) + (x - prev_close).abs();
        s.set(1, sum);
        if t < p {
            return;
        }
        let change = x - s.get(ring(t - p));
        let prev = if t == p { prev_close } else { s.get(2) };
        let er = if sum <= change || sum == 0.0 {
            1.0
        } else {
            (change / sum).abs()
        };
        let mut sc = er * self.diff + self.slowest;
        sc *= sc;
        let value = (x - prev) * sc + prev;
        s.set(2, value);
        out[0] = value;
    }
}
