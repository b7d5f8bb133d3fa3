//! Declared-indicator kernels: one call advances one declared indicator for
//! every asset it covers by one bar, state and history included, with the
//! same float operations in the same order as the TypeScript step of the
//! indicator (`src/indicators/`), so values are bit-identical. The kernel is
//! picked by a code shared with TypeScript's `KERNEL_CODES`.

mod adx;
mod averages;
mod blocks;
mod channels;
mod lanes;
mod macd;
mod oscillators;
mod sma;
mod volatility;
mod volume;

pub use lanes::{DeclaredBar, DeclaredLanes};

use crate::KernelError;
use lanes::Step;

/// Parameters of a kernel, read in order with their checks.
pub(crate) struct Params<'a> {
    values: &'a [f64],
    next: usize,
}

impl Params<'_> {
    pub(crate) fn number(&mut self) -> Result<f64, KernelError> {
        let value = self.values.get(self.next).copied().ok_or_else(|| {
            KernelError::InvalidArgument(format!(
                "declared indicator: {} parameters given, more needed",
                self.values.len()
            ))
        })?;
        self.next += 1;
        Ok(value)
    }

    pub(crate) fn period(&mut self, min: usize) -> Result<usize, KernelError> {
        let value = self.number()?;
        if value.fract() != 0.0 || !(min as f64..=1_000_000.0).contains(&value) {
            return Err(KernelError::InvalidArgument(format!(
                "declared indicator: period {value} is not an integer from {min} to 1000000"
            )));
        }
        Ok(value as usize)
    }
}

/// The kernels: for each, its code (as `KERNEL_CODES` in
/// `src/indicators/kernel.ts`) and its step built from the parameters `$p`
/// (read in the order the TypeScript factory's `kernelOf` lists them).
macro_rules! declared_kernels {
    ($p:ident; $($name:ident = $code:literal => $step:expr,)*) => {
        /// Kernel codes, as `KERNEL_CODES` in `src/indicators/kernel.ts`.
        pub mod code {
            $(pub const $name: u32 = $code;)*
        }

        /// Advances the declared indicator of kernel `kind` (see [`code`]) with its
        /// `params` by one bar for every lane of `lanes`.
        pub fn declared_update(
            kind: u32,
            params: &[f64],
            lanes: &mut DeclaredLanes,
            bar: &DeclaredBar,
        ) -> Result<(), KernelError> {
            let mut $p = Params {
                values: params,
                next: 0,
            };
            match kind {
                $($code => $step.advance_lanes(lanes, bar),)*
                _ => Err(KernelError::InvalidArgument(format!(
                    "declared indicator kernel {kind} does not exist"
                ))),
            }
        }
    };
}

declared_kernels! { p;
    SMA = 0 => sma::Sma { period: p.period(1)? },
    EMA = 1 => averages::Ema { period: p.period(1)?, k: p.number()? },
    SMMA = 2 => averages::Smma { period: p.period(1)? },
    DEMA = 3 => averages::Dema { period: p.period(1)?, k: p.number()? },
    TEMA = 4 => averages::Tema { period: p.period(1)?, k: p.number()? },
    WMA = 5 => averages::Wma { period: p.period(1)?, divider: p.number()? },
    KAMA = 6 => averages::Kama { period: p.period(1)?, slowest: p.number()?, diff: p.number()? },
    RSI = 7 => oscillators::Rsi { period: p.period(1)? },
    MACD = 8 => macd::Macd::from_params(&mut p)?,
    BBANDS = 9 => volatility::Bbands { period: p.period(1)?, up: p.number()?, down: p.number()? },
    STDDEV = 10 => volatility::Stddev { period: p.period(1)?, nb_dev: p.number()? },
    ATR = 11 => volatility::Atr { period: p.period(1)? },
    TRUE_RANGE = 12 => volatility::TrueRange,
    MOM = 13 => oscillators::Mom { period: p.period(1)? },
    ROC = 14 => oscillators::Roc { period: p.period(1)? },
    HIGHEST = 15 => channels::Extreme { period: p.period(1)?, sign: 1.0 },
    LOWEST = 16 => channels::Extreme { period: p.period(1)?, sign: -1.0 },
    DONCHIAN = 17 => channels::Donchian { period: p.period(1)? },
    STOCH = 18 => oscillators::Stoch { fast_k: p.period(1)?, slow_k: p.period(1)?, slow_d: p.period(1)? },
    WILLR = 19 => oscillators::Willr { period: p.period(1)? },
    CCI = 20 => oscillators::Cci { period: p.period(1)? },
    ADX = 21 => adx::Adx { period: p.period(1)? },
    OBV = 22 => volume::Obv,
    VWAP = 23 => volume::Vwap { period: p.period(0)? },
}

#[cfg(test)]
mod tests;
