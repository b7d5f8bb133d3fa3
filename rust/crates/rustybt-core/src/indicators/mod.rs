//! Declared-indicator kernels: one call advances one declared indicator for
//! every asset it covers by one bar, state and history included, with the
//! same float operations in the same order as the TypeScript step of the
//! indicator (`src/indicators/`), so values are bit-identical. The kernel is
//! picked by a code shared with TypeScript's `KERNEL_CODES`; the SMA keeps its
//! own entry point ([`crate::DeclaredSma`]).

mod adx;
mod averages;
mod blocks;
mod channels;
mod lanes;
mod macd;
mod oscillators;
mod volatility;
mod volume;

pub use lanes::{DeclaredBar, DeclaredLanes};

use crate::KernelError;
use lanes::{advance, Step};

/// Kernel codes, as `KERNEL_CODES` in `src/indicators/kernel.ts`.
pub mod code {
    pub const EMA: u32 = 1;
    pub const SMMA: u32 = 2;
    pub const DEMA: u32 = 3;
    pub const TEMA: u32 = 4;
    pub const WMA: u32 = 5;
    pub const KAMA: u32 = 6;
    pub const RSI: u32 = 7;
    pub const MACD: u32 = 8;
    pub const BBANDS: u32 = 9;
    pub const STDDEV: u32 = 10;
    pub const ATR: u32 = 11;
    pub const TRUE_RANGE: u32 = 12;
    pub const MOM: u32 = 13;
    pub const ROC: u32 = 14;
    pub const HIGHEST: u32 = 15;
    pub const LOWEST: u32 = 16;
    pub const DONCHIAN: u32 = 17;
    pub const STOCH: u32 = 18;
    pub const WILLR: u32 = 19;
    pub const CCI: u32 = 20;
    pub const ADX: u32 = 21;
    pub const OBV: u32 = 22;
    pub const VWAP: u32 = 23;
}

/// Parameters of a kernel, read in order with their checks.
struct Params<'a> {
    values: &'a [f64],
    next: usize,
}

impl Params<'_> {
    fn number(&mut self) -> Result<f64, KernelError> {
        let value = self.values.get(self.next).copied().ok_or_else(|| {
            KernelError::InvalidArgument(format!(
                "declared indicator: {} parameters given, more needed",
                self.values.len()
            ))
        })?;
        self.next += 1;
        Ok(value)
    }

    fn period(&mut self, min: usize) -> Result<usize, KernelError> {
        let value = self.number()?;
        if value.fract() != 0.0 || !(min as f64..=1_000_000.0).contains(&value) {
            return Err(KernelError::InvalidArgument(format!(
                "declared indicator: period {value} is not an integer from {min} to 1000000"
            )));
        }
        Ok(value as usize)
    }
}

/// Advances the declared indicator of kernel `kind` (see [`code`]) with its
/// `params` by one bar for every lane of `lanes`.
pub fn declared_update(
    kind: u32,
    params: &[f64],
    lanes: &mut DeclaredLanes,
    bar: &DeclaredBar,
) -> Result<(), KernelError> {
    let mut p = Params {
        values: params,
        next: 0,
    };
    fn run<S: Step>(
        step: S,
        lanes: &mut DeclaredLanes,
        bar: &DeclaredBar,
    ) -> Result<(), KernelError> {
        advance(&step, lanes, bar)
    }
    match kind {
        code::EMA => run(
            averages::Ema {
                period: p.period(1)?,
                k: p.number()?,
            },
            lanes,
            bar,
        ),
        code::SMMA => run(
            averages::Smma {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::DEMA => run(
            averages::Dema {
                period: p.period(1)?,
                k: p.number()?,
            },
            lanes,
            bar,
        ),
        code::TEMA => run(
            averages::Tema {
                period: p.period(1)?,
                k: p.number()?,
            },
            lanes,
            bar,
        ),
        code::WMA => run(
            averages::Wma {
                period: p.period(1)?,
                divider: p.number()?,
            },
            lanes,
            bar,
        ),
        code::KAMA => {
            let step = averages::Kama {
                period: p.period(1)?,
                slowest: p.number()?,
                diff: p.number()?,
            };
            run(step, lanes, bar)
        }
        code::RSI => run(
            oscillators::Rsi {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::MACD => {
            let (fast, slow, signal) = (p.period(1)?, p.period(1)?, p.period(1)?);
            if fast > slow {
                return Err(KernelError::InvalidArgument(
                    "declared macd: fast exceeds slow".into(),
                ));
            }
            let step = macd::Macd {
                fast,
                slow,
                signal,
                k_fast: p.number()?,
                k_slow: p.number()?,
                k_signal: p.number()?,
            };
            run(step, lanes, bar)
        }
        code::BBANDS => {
            let step = volatility::Bbands {
                period: p.period(1)?,
                up: p.number()?,
                down: p.number()?,
            };
            run(step, lanes, bar)
        }
        code::STDDEV => {
            let step = volatility::Stddev {
                period: p.period(1)?,
                nb_dev: p.number()?,
            };
            run(step, lanes, bar)
        }
        code::ATR => run(
            volatility::Atr {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::TRUE_RANGE => run(volatility::TrueRange, lanes, bar),
        code::MOM => run(
            oscillators::Mom {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::ROC => run(
            oscillators::Roc {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::HIGHEST => {
            let step = channels::Extreme {
                period: p.period(1)?,
                sign: 1.0,
            };
            run(step, lanes, bar)
        }
        code::LOWEST => {
            let step = channels::Extreme {
                period: p.period(1)?,
                sign: -1.0,
            };
            run(step, lanes, bar)
        }
        code::DONCHIAN => run(
            channels::Donchian {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::STOCH => {
            let step = oscillators::Stoch {
                fast_k: p.period(1)?,
                slow_k: p.period(1)?,
                slow_d: p.period(1)?,
            };
            run(step, lanes, bar)
        }
        code::WILLR => run(
            oscillators::Willr {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::CCI => run(
            oscillators::Cci {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::ADX => run(
            adx::Adx {
                period: p.period(1)?,
            },
            lanes,
            bar,
        ),
        code::OBV => run(volume::Obv, lanes, bar),
        code::VWAP => run(
            volume::Vwap {
                period: p.period(0)?,
            },
            lanes,
            bar,
        ),
        _ => Err(KernelError::InvalidArgument(format!(
            "declared indicator kernel {kind} does not exist"
        ))),
    }
}

#[cfg(test)]
mod tests;
