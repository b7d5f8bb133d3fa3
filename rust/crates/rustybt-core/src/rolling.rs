//! Rolling-window statistics over a column.

use crate::KernelError;

/// Writes the mean of each trailing window of `window` values into `out`.
///
/// `out[i]` is NaN for `i < window - 1`. A window holding a NaN, or both
/// infinities, yields NaN; a window holding one kind of infinity yields that
/// infinity. The finite part is a running sum, added and subtracted in index
/// order, so the TypeScript twin produces bit-identical results.
pub fn rolling_mean(values: &[f64], window: usize, out: &mut [f64]) -> Result<(), KernelError> {
    if window == 0 {
        return Err(KernelError::ZeroWindow);
    }
    if out.len() != values.len() {
        return Err(KernelError::OutputLength {
            expected: values.len(),
            actual: out.len(),
        });
    }
    let divisor = window as f64;
    let mut window_state = WindowSum::default();
    for i in 0..values.len() {
        window_state.add(values[i]);
        if i >= window {
            window_state.remove(values[i - window]);
        }
        out[i] = if i + 1 >= window {
            window_state.value() / divisor
        } else {
            f64::NAN
        };
    }
    Ok(())
}

/// A running sum that keeps non-finite values out of the float accumulator,
/// so one NaN or infinity leaves the window cleanly when it slides out.
#[derive(Default)]
struct WindowSum {
    finite: f64,
    nans: u32,
    pos_inf: u32,
    neg_inf: u32,
}

impl WindowSum {
    fn add(&mut self, v: f64) {
        if v.is_finite() {
            self.finite += v;
        } else if v.is_nan() {
            self.nans += 1;
        } else if v > 0.0 {
            self.pos_inf += 1;
        } else {
            self.neg_inf += 1;
        }
    }

    fn remove(&mut self, v: f64) {
        if v.is_finite() {
            self.finite -= v;
        } else if v.is_nan() {
            self.nans -= 1;
        } else if v > 0.0 {
            self.pos_inf -= 1;
        } else {
            self.neg_inf -= 1;
        }
    }

    fn value(&self) -> f64 {
        if self.nans > 0 || (self.pos_inf > 0 && self.neg_inf > 0) {
            f64::NAN
        } else if self.pos_inf > 0 {
            f64::INFINITY
        } else if self.neg_inf > 0 {
            f64::NEG_INFINITY
        } else {
            self.finite
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(values: &[f64], window: usize) -> Vec<f64> {
        let mut out = vec![0.0; values.len()];
        rolling_mean(values, window, &mut out).expect("valid input");
        out
    }

    #[test]
    fn averages_trailing_windows() {
        let out = run(&[1.0, 2.0, 3.0, 4.0, 5.0], 3);
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(&out[2..], &[2.0, 3.0, 4.0]);
    }

    #[test]
    fn window_of_one_is_identity() {
        assert_eq!(run(&[1.5, -2.0, 7.25], 1), vec![1.5, -2.0, 7.25]);
    }

    #[test]
    fn window_longer_than_input_is_all_nan() {
        assert!(run(&[1.0, 2.0], 3).iter().all(|v| v.is_nan()));
    }

    #[test]
    fn nan_poisons_only_the_windows_that_hold_it() {
        let out = run(&[1.0, f64::NAN, 3.0, 4.0, 5.0], 2);
        assert!(out[1].is_nan() && out[2].is_nan());
        assert_eq!(&out[3..], &[3.5, 4.5]);
    }

    #[test]
    fn infinities_pass_through_and_cancel_to_nan() {
        let out = run(&[f64::INFINITY, 1.0, f64::NEG_INFINITY, 2.0, 3.0], 2);
        assert_eq!(out[1], f64::INFINITY);
        assert_eq!(out[2], f64::NEG_INFINITY);
        assert_eq!(out[3], f64::NEG_INFINITY);
        assert_eq!(out[4], 2.5);
        let both = run(&[f64::INFINITY, f64::NEG_INFINITY], 2);
        assert!(both[1].is_nan());
    }

    #[test]
    fn rejects_zero_window_and_wrong_output_length() {
        let mut out = vec![0.0; 2];
        assert_eq!(
            rolling_mean(&[1.0, 2.0], 0, &mut out),
            Err(KernelError::ZeroWindow)
        );
        let mut short = vec![0.0; 1];
        assert_eq!(
            rolling_mean(&[1.0, 2.0], 1, &mut short),
            Err(KernelError::OutputLength {
                expected: 2,
                actual: 1
            })
        );
    }
}
