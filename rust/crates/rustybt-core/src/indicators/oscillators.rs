//! Oscillators: RSI, stochastic, Williams %R, CCI, ROC, momentum (as
//! `src/indicators/oscillators.ts`).

use super::blocks::{extreme, extreme_size, lag, sma, LAG_FIELDS, SMA_FIELDS};
use super::lanes::{slot, Lane, Step};

/// RSI with Wilder's smoothing on the close's value.
pub struct Rsi {
    pub period: usize,
}

impl Step for Rsi {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        4
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let x = x[0] / u[0];
        let p = self.period as f64;
        let t = s.get(0);
        out[0] = f64::NAN;
        if t == 0.0 {
            s.set(0, 1.0);
            s.set(1, x);
            return;
        }
        let change = x - s.get(1);
        s.set(1, x);
        let mut gain = s.get(2);
        let mut loss = s.get(3);
        if t > p {
            gain *= p - 1.0;
            loss *= p - 1.0;
        } else {
            s.set(0, t + 1.0);
        }
        if change < 0.0 {
            loss -= change;
        } else {
            gain += change;
        }
        if t < p {
            s.set(2, gain);
            s.set(3, loss);
            return;
        }
        gain /= p;
        loss /= p;
        s.set(2, gain);
        s.set(3, loss);
        let total = gain + loss;
        out[0] = if total != 0.0 {
            100.0 * (gain / total)
        } else {
            0.0
        };
    }
}

/// Slow stochastic on units: %K and %D.
pub struct Stoch {
    pub fast_k: usize,
    pub slow_k: usize,
    pub slow_d: usize,
}

impl Stoch {
    fn bases(&self) -> (usize, usize, usize) {
        let low = extreme_size(self.fast_k);
        let k = 2 * low;
        (low, k, k + SMA_FIELDS + self.slow_k)
    }
}

impl Step for Stoch {
    const INPUTS: usize = 3;
    const OUTPUTS: usize = 2;
    fn state_size(&self) -> usize {
        self.bases().2 + SMA_FIELDS + self.slow_d
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], _u: &[f64; 4], out: &mut [f64; 3]) {
        let (low_base, k_base, d_base) = self.bases();
        out[0] = f64::NAN;
        out[1] = f64::NAN;
        let hh = extreme(s, 0, self.fast_k, 1.0, x[0]);
        let ll = extreme(s, low_base, self.fast_k, -1.0, x[1]);
        if hh.is_nan() {
            return;
        }
        let range = (hh - ll) / 100.0;
        let raw = if range != 0.0 {
            (x[2] - ll) / range
        } else {
            0.0
        };
        let k = sma(s, k_base, self.slow_k, raw, 1.0);
        if k.is_nan() {
            return;
        }
        out[0] = k;
        out[1] = sma(s, d_base, self.slow_d, k, 1.0);
    }
}

/// Williams %R on units.
pub struct Willr {
    pub period: usize,
}

impl Step for Willr {
    const INPUTS: usize = 3;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        2 * extreme_size(self.period)
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], _u: &[f64; 4], out: &mut [f64; 3]) {
        let hh = extreme(s, 0, self.period, 1.0, x[0]);
        let ll = extreme(s, extreme_size(self.period), self.period, -1.0, x[1]);
        if hh.is_nan() {
            out[0] = f64::NAN;
            return;
        }
        let range = (hh - ll) * -0.01;
        out[0] = if range != 0.0 {
            (hh - x[2]) / range
        } else {
            0.0
        };
    }
}

/// Commodity channel index on units; the mean deviation is O(period).
pub struct Cci {
    pub period: usize,
}

impl Step for Cci {
    const INPUTS: usize = 3;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        1 + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], _u: &[f64; 4], out: &mut [f64; 3]) {
        let period = self.period;
        let p = period as f64;
        let t = s.get(0);
        let tp = (x[0] + x[1] + x[2]) / 3.0;
        s.set(1 + slot(t % p, period), tp);
        if t + 1.0 < p {
            s.set(0, t + 1.0);
            out[0] = f64::NAN;
            return;
        }
        s.set(0, if t + 1.0 == 2.0 * p { p } else { t + 1.0 });
        let mut mean = 0.0;
        for j in 0..period {
            mean += s.get(1 + j);
        }
        mean /= p;
        let mut deviation = 0.0;
        for j in 0..period {
            deviation += (mean - s.get(1 + j)).abs();
        }
        let distance = tp - mean;
        out[0] = if distance != 0.0 && deviation != 0.0 {
            distance / (0.015 * (deviation / p))
        } else {
            0.0
        };
    }
}

/// Rate of change in percent, on units.
pub struct Roc {
    pub period: usize,
}

impl Step for Roc {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        LAG_FIELDS + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], _u: &[f64; 4], out: &mut [f64; 3]) {
        let before = lag(s, 0, self.period, x[0]);
        out[0] = if before.is_nan() {
            f64::NAN
        } else if before != 0.0 {
            (x[0] / before - 1.0) * 100.0
        } else {
            0.0
        };
    }
}

/// Momentum: the difference in units, divided once.
pub struct Mom {
    pub period: usize,
}

impl Step for Mom {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        LAG_FIELDS + self.period
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = (x[0] - lag(s, 0, self.period, x[0])) / u[0];
    }
}
