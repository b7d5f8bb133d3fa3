//! Channels: highest, lowest, Donchian, exact on units (as `src/indicators/channels.ts`).

use super::blocks::{extreme, extreme_size};
use super::lanes::{Lane, Step};

/// Highest (`sign` = 1) or lowest (`sign` = -1) of the window.
pub struct Extreme {
    pub period: usize,
    pub sign: f64,
}

impl Step for Extreme {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 1;
    fn state_size(&self) -> usize {
        extreme_size(self.period)
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        out[0] = extreme(s, 0, self.period, self.sign, x[0]) / u[0];
    }
}

/// Donchian channel: upper, lower, middle.
pub struct Donchian {
    pub period: usize,
}

impl Step for Donchian {
    const INPUTS: usize = 2;
    const OUTPUTS: usize = 3;
    fn state_size(&self) -> usize {
        2 * extreme_size(self.period)
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let upper = extreme(s, 0, self.period, 1.0, x[0]);
        let lower = extreme(s, extreme_size(self.period), self.period, -1.0, x[1]);
        *out = [upper / u[0], lower / u[0], (upper + lower) / 2.0 / u[0]];
    }
}
