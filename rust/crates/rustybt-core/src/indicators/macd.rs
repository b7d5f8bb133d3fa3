//! MACD: the line, its signal EMA and the histogram (as `src/indicators/macd.ts`).

use super::blocks::{ema, EMA_FIELDS};
use super::lanes::{Lane, Step};
use super::Params;
use crate::KernelError;

const FAST_BASE: usize = 1;
const SLOW_BASE: usize = FAST_BASE + EMA_FIELDS;
const SIGNAL_BASE: usize = SLOW_BASE + EMA_FIELDS;

/// MACD of the close's value; both EMAs start at bar `slow - 1` as in TA-Lib.
pub struct Macd {
    pub fast: usize,
    pub slow: usize,
    pub signal: usize,
    pub k_fast: f64,
    pub k_slow: f64,
    pub k_signal: f64,
}

impl Macd {
    /// The MACD of the parameters `fast, slow, signal, k_fast, k_slow, k_signal`.
    pub(crate) fn from_params(p: &mut Params) -> Result<Self, KernelError> {
        let (fast, slow, signal) = (p.period(1)?, p.period(1)?, p.period(1)?);
        if fast > slow {
            return Err(KernelError::InvalidArgument(
                "declared macd: fast exceeds slow".into(),
            ));
        }
        Ok(Macd {
            fast,
            slow,
            signal,
            k_fast: p.number()?,
            k_slow: p.number()?,
            k_signal: p.number()?,
        })
    }
}

impl Step for Macd {
    const INPUTS: usize = 1;
    const OUTPUTS: usize = 3;
    fn state_size(&self) -> usize {
        SIGNAL_BASE + EMA_FIELDS
    }
    fn step(&self, s: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]) {
        let x = x[0] / u[0];
        let t = s.get(0);
        if t < self.slow as f64 {
            s.set(0, t + 1.0);
        }
        let slow = ema(s, SLOW_BASE, self.slow, self.k_slow, x);
        let fast = if t >= (self.slow - self.fast) as f64 {
            ema(s, FAST_BASE, self.fast, self.k_fast, x)
        } else {
            f64::NAN
        };
        if slow.is_nan() {
            *out = [f64::NAN; 3];
            return;
        }
        let line = fast - slow;
        let signal = ema(s, SIGNAL_BASE, self.signal, self.k_signal, line);
        *out = [line, signal, line - signal];
    }
}
