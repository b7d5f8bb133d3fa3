//! The engine's two numeric modes, reproducing the TypeScript `Numeric`
//! implementations bit for bit. Values are `f64` in both modes, as in
//! TypeScript: in decimal mode integer units at a known scale (exact within
//! ±2^53, every product and quotient computed exactly in `i128` or wider and
//! rounded once), in float mode plain numbers where scales are ignored.
//! Sums are written as `+` on `f64` in both engines, so they round alike.

use super::error::{EngineError, EngineResult};
use super::js_text::{is_safe_integer, js_number};
use super::wide::{divide_i128, divide_wide, Rounding, U256};

/// Which numeric mode an engine runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericMode {
    Decimal,
    Float,
}

/// An exact constant of a model (a rate, a spread): `value` units at `scale`
/// in decimal mode, the plain number with scale 0 in float mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub value: f64,
    pub scale: i32,
}

/// The arithmetic the engine is written against (TypeScript's `Numeric`).
pub trait Numeric {
    const MODE: NumericMode;
    /// A value held as integer `units` at `scale`, in engine representation.
    fn from_units(units: f64, scale: i32) -> f64;
    /// `a × b / 10^shift` rounded with `mode` (decimal); `a × b` (float).
    fn mul_shift(a: f64, b: f64, shift: i32, mode: Rounding) -> EngineResult<f64>;
    /// `a × b / (c × 10^shift)` rounded with `mode` (decimal); `a × b / c` (float). `c > 0`.
    fn mul_div(a: f64, b: f64, c: f64, shift: i32, mode: Rounding) -> EngineResult<f64>;
    /// `a × Π factors / (Π divisors × 10^shift)` rounded once (decimal); left to right (float).
    fn scale(
        a: f64,
        factors: &[f64],
        divisors: &[f64],
        shift: i32,
        mode: Rounding,
    ) -> EngineResult<f64>;
    /// `x` rounded to a multiple of `step` with `mode`.
    fn round_to_step(x: f64, step: f64, mode: Rounding) -> f64;
    /// `x` after checking it is representable (a safe integer; a finite float).
    fn check(x: f64, what: &str) -> EngineResult<f64>;
}

/// `10^k` as a double, exact for `0 <= k <= 22` (JavaScript's `10 ** k`).
pub fn pow10_f64(k: i32) -> f64 {
    const TABLE: [f64; 23] = {
        let mut t = [1.0f64; 23];
        let mut i = 1;
        while i < 23 {
            t[i] = t[i - 1] * 10.0;
            i += 1;
        }
        t
    };
    if (0..23).contains(&k) {
        TABLE[k as usize]
    } else {
        10f64.powi(k)
    }
}

const MAX_SAFE: i128 = 9_007_199_254_740_991;

/// Decimal mode: integer units, exact.
#[derive(Debug, Clone, Copy)]
pub struct Decimal;

/// Float mode: plain doubles, the baseline.
#[derive(Debug, Clone, Copy)]
pub struct Float;

/// An integer-valued double as an `i128` (below 2^120), else `None`.
#[inline]
fn integer(x: f64) -> Option<i128> {
    if x.abs() < 9.2e18 {
        let i = x as i64;
        return ((i as f64) == x).then_some(i128::from(i));
    }
    (x.is_finite() && x.trunc() == x && x.abs() < 1.3e36).then_some(x as i128)
}

fn pow10_i128(k: u32) -> Option<i128> {
    const TABLE: [i128; 39] = {
        let mut t = [1i128; 39];
        let mut i = 1;
        while i < 39 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    TABLE.get(k as usize).copied()
}

fn wide(x: i128) -> U256 {
    U256::from_u128(x.unsigned_abs())
}

fn wide_pow10(k: u32) -> Option<U256> {
    if k > 77 {
        return None;
    }
    let mut p = U256::from_u128(1);
    let ten = U256::from_u128(10);
    for _ in 0..k {
        p = p.checked_mul(ten)?;
    }
    Some(p)
}

/// `Π numerator / (Π denominator × 10^shift)` rounded once, exactly; `None`
/// when an input is not an integer or the result is not a safe integer.
fn exact(numerator: &[f64], denominator: &[f64], shift: i32, mode: Rounding) -> Option<f64> {
    // First in i128 (no allocation); past it, again in 256 bits.
    let mut num: Option<i128> = Some(1);
    let mut den: Option<i128> = Some(1);
    for &x in numerator {
        let v = integer(x)?;
        num = num.and_then(|n| n.checked_mul(v));
    }
    for &x in denominator {
        let v = integer(x)?;
        if v <= 0 {
            return None;
        }
        den = den.and_then(|d| d.checked_mul(v));
    }
    if shift > 0 {
        den = den.and_then(|d| pow10_i128(shift as u32).and_then(|p| d.checked_mul(p)));
    } else if shift < 0 {
        num = num.and_then(|n| pow10_i128(shift.unsigned_abs()).and_then(|p| n.checked_mul(p)));
    }
    let result = match (num, den) {
        (Some(n), Some(d)) => divide_i128(n, d, mode),
        _ => exact_wide(numerator, denominator, shift, mode)?,
    };
    // `+ 0.0` never yields -0, as `+ 0` in TypeScript.
    (-MAX_SAFE..=MAX_SAFE)
        .contains(&result)
        .then_some(result as f64)
}

/// [`exact`] in 256-bit arithmetic, for products past `i128`; `None` past 2^256 or ±2^53.
fn exact_wide(numerator: &[f64], denominator: &[f64], shift: i32, mode: Rounding) -> Option<i128> {
    let mut negative = false;
    let mut n = U256::from_u128(1);
    for &x in numerator {
        let v = integer(x)?;
        negative ^= v < 0;
        n = n.checked_mul(wide(v))?;
    }
    let mut d = U256::from_u128(1);
    for &x in denominator {
        d = d.checked_mul(wide(integer(x)?))?;
    }
    if shift > 0 {
        d = d.checked_mul(wide_pow10(shift as u32)?)?;
    } else if shift < 0 {
        n = n.checked_mul(wide_pow10(shift.unsigned_abs())?)?;
    }
    let m = divide_wide(negative, n, d, mode)?.to_u128()?;
    if m > MAX_SAFE as u128 {
        return None;
    }
    Some(if negative { -(m as i128) } else { m as i128 })
}

/// The refusal of `mulShift`/`mulDiv` (TypeScript `mulDivBig`).
fn mul_div_overflow(a: f64, b: f64, c: f64, shift: i32) -> EngineError {
    EngineError::overflow(format!(
        "{} × {} / ({} × 10^{}) does not fit in ±2^53 units; lower the scale in DecimalConfig.",
        js_number(a),
        js_number(b),
        js_number(c),
        shift
    ))
}

impl Numeric for Decimal {
    const MODE: NumericMode = NumericMode::Decimal;

    #[inline]
    fn from_units(units: f64, _scale: i32) -> f64 {
        units
    }

    fn mul_shift(a: f64, b: f64, shift: i32, mode: Rounding) -> EngineResult<f64> {
        // The common case: a product below 2^52 needing no rescale is exact in doubles.
        if shift == 0 {
            let x = a * b;
            if x.abs() <= 4_503_599_627_370_496.0 && integer(a).is_some() && integer(b).is_some() {
                return Ok(x + 0.0);
            }
        } else if let Some(x) = crate::marks::mark_value(a, b, shift, mode) {
            // Rescaled in 64 bits when the product fits, without a 128-bit division;
            // whatever it cannot give exactly takes the general path (and its error).
            return Ok(x);
        }
        exact(&[a, b], &[], shift, mode).ok_or_else(|| mul_div_overflow(a, b, 1.0, shift))
    }

    fn mul_div(a: f64, b: f64, c: f64, shift: i32, mode: Rounding) -> EngineResult<f64> {
        exact(&[a, b], &[c], shift, mode).ok_or_else(|| mul_div_overflow(a, b, c, shift))
    }

    fn scale(
        a: f64,
        factors: &[f64],
        divisors: &[f64],
        shift: i32,
        mode: Rounding,
    ) -> EngineResult<f64> {
        // The numerator on the stack for the few factors the models use.
        let mut stack = [0.0f64; 8];
        let heap: Vec<f64>;
        let numerator: &[f64] = if factors.len() < stack.len() {
            stack[0] = a;
            stack[1..=factors.len()].copy_from_slice(factors);
            &stack[..=factors.len()]
        } else {
            heap = std::iter::once(a).chain(factors.iter().copied()).collect();
            &heap
        };
        exact(numerator, divisors, shift, mode).ok_or_else(|| {
            let listed: Vec<String> = factors.iter().map(|f| js_number(*f)).collect();
            EngineError::overflow(format!(
                "A scaled amount ({} × {}) does not fit in ±2^53 units; lower the scale in DecimalConfig.",
                js_number(a),
                listed.join(" × ")
            ))
        })
    }

    fn round_to_step(x: f64, step: f64, mode: Rounding) -> f64 {
        if step == 1.0 {
            return x;
        }
        match (integer(x), integer(step)) {
            (Some(n), Some(d)) if d > 0 => (divide_i128(n, d, mode) as f64) * step,
            _ => f64::NAN,
        }
    }

    fn check(x: f64, what: &str) -> EngineResult<f64> {
        if is_safe_integer(x) {
            Ok(x)
        } else {
            Err(EngineError::overflow(format!(
                "{what} = {} units is outside ±2^53; lower the scale in DecimalConfig or the amounts.",
                js_number(x)
            )))
        }
    }
}

/// JavaScript's `Math.round`: nearest integer, ties toward +∞, -0 kept.
pub fn js_round(x: f64) -> f64 {
    if !x.is_finite() || x.trunc() == x {
        return x;
    }
    let f = x.floor();
    let r = if x - f >= 0.5 { f + 1.0 } else { f };
    if r == 0.0 && x < 0.0 {
        -0.0
    } else {
        r
    }
}

fn js_sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

/// TypeScript `roundFloat`: `x` to an integer with `mode`, in float arithmetic.
fn round_float(x: f64, mode: Rounding) -> f64 {
    match mode {
        0 => {
            if x < 0.0 {
                x.floor()
            } else {
                x.ceil()
            }
        }
        1 => x.trunc(),
        2 => x.ceil(),
        3 => x.floor(),
        4 => {
            if x < 0.0 {
                -js_round(-x)
            } else {
                js_round(x)
            }
        }
        5 => {
            if x < 0.0 {
                -(-x - 0.5).ceil()
            } else {
                (x - 0.5).ceil()
            }
        }
        6 => {
            let r = js_round(x);
            if r - x == 0.5 && r % 2.0 != 0.0 {
                r - 1.0
            } else {
                r
            }
        }
        _ => {
            let t = x.trunc();
            if t == x {
                return t;
            }
            let last = t.abs() % 10.0;
            if last == 0.0 || last == 5.0 {
                t + js_sign(x)
            } else {
                t
            }
        }
    }
}

impl Numeric for Float {
    const MODE: NumericMode = NumericMode::Float;

    #[inline]
    fn from_units(units: f64, scale: i32) -> f64 {
        units / pow10_f64(scale)
    }

    #[inline]
    fn mul_shift(a: f64, b: f64, _shift: i32, _mode: Rounding) -> EngineResult<f64> {
        Ok(a * b)
    }

    #[inline]
    fn mul_div(a: f64, b: f64, c: f64, _shift: i32, _mode: Rounding) -> EngineResult<f64> {
        Ok((a * b) / c)
    }

    fn scale(
        a: f64,
        factors: &[f64],
        divisors: &[f64],
        _shift: i32,
        _mode: Rounding,
    ) -> EngineResult<f64> {
        let mut x = a;
        for f in factors {
            x *= f;
        }
        for d in divisors {
            x /= d;
        }
        Ok(x)
    }

    fn round_to_step(x: f64, step: f64, mode: Rounding) -> f64 {
        // As the TypeScript float engine: snap quotients within 1e-9 of an integer, divide by exact inverses.
        let inverse = 1.0 / step;
        let exact_inverse = inverse.is_finite() && inverse.trunc() == inverse;
        let steps = if exact_inverse { x * inverse } else { x / step };
        let nearest = js_round(steps);
        let snapped = if (steps - nearest).abs() <= 1e-9 * nearest.abs().max(1.0) {
            nearest
        } else {
            steps
        };
        let rounded = round_float(snapped, mode);
        if exact_inverse {
            rounded / inverse
        } else {
            rounded * step
        }
    }

    fn check(x: f64, what: &str) -> EngineResult<f64> {
        if x.is_finite() {
            Ok(x)
        } else {
            Err(EngineError::overflow(format!(
                "{what} is not a finite number ({}); check the inputs that produced it.",
                js_number(x)
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::wide::{CEILING, DOWN, FLOOR, HALF_EVEN, HALF_UP, UP};
    use super::*;

    #[test]
    fn decimal_mul_shift_rounds_once_exactly() {
        // 12.345 × 3 at a shift of 1: 37.035 → 3703.5 → HALF_EVEN 3704 (units)
        assert_eq!(Decimal::mul_shift(12345.0, 3.0, 1, HALF_EVEN), Ok(3704.0));
        assert_eq!(Decimal::mul_shift(-12345.0, 3.0, 1, HALF_EVEN), Ok(-3704.0));
        assert_eq!(Decimal::mul_shift(5.0, 5.0, 1, DOWN), Ok(2.0));
        assert_eq!(Decimal::mul_shift(7.0, 3.0, -2, DOWN), Ok(2100.0));
        // crypto: price 8 + quantity 8 decimals, money at 8: products far past 2^53
        let p = 6_543_210_987_654.0;
        let q = 123_456_789.0;
        let expected = divide_i128(6_543_210_987_654 * 123_456_789, 100_000_000, HALF_EVEN) as f64;
        assert_eq!(Decimal::mul_shift(p, q, 8, HALF_EVEN), Ok(expected));
    }

    #[test]
    fn decimal_mul_shift_fast_paths_equal_the_general_path_and_its_errors() {
        // Random operands up to ±2^53, products near 2^62, 2^63 and 2^64, shifts −4..=22, every mode.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for i in 0..300_000u64 {
            let b = (next() % (MAX_SAFE as u64) + 1) >> (next() % 50);
            let b = b.max(1);
            let a = if i % 2 == 0 {
                let target = [1u128 << 62, 1u128 << 63, 1u128 << 64][(i / 2 % 3) as usize];
                ((target / u128::from(b)).min(MAX_SAFE as u128) as i64 + (next() % 9) as i64 - 4)
                    .clamp(0, MAX_SAFE as i64)
            } else {
                (next() % (MAX_SAFE as u64)) as i64 >> (next() % 50)
            };
            let a = if next() % 2 == 0 { a } else { -a } as f64;
            let b = b as f64;
            let shift = (next() % 27) as i32 - 4;
            let mode = (next() % 8) as Rounding;
            let general =
                exact(&[a, b], &[], shift, mode).ok_or_else(|| mul_div_overflow(a, b, 1.0, shift));
            let fast = Decimal::mul_shift(a, b, shift, mode);
            assert_eq!(
                fast.map(f64::to_bits),
                general.map(f64::to_bits),
                "{a} × {b} / 10^{shift} mode {mode}"
            );
        }
    }

    #[test]
    fn decimal_refuses_results_past_2_53_with_the_typescript_message() {
        let e = Decimal::mul_shift(9e15, 10.0, 0, HALF_EVEN).unwrap_err();
        assert_eq!(
            e.message,
            "9000000000000000 × 10 / (1 × 10^0) does not fit in ±2^53 units; lower the scale in DecimalConfig."
        );
        let e = Decimal::check(9007199254740992.0, "cash").unwrap_err();
        assert_eq!(
            e.message,
            "cash = 9007199254740992 units is outside ±2^53; lower the scale in DecimalConfig or the amounts."
        );
    }

    #[test]
    fn decimal_scale_goes_wide_when_i128_overflows() {
        // 2^53-ish × 10^15 × 2^40 × 2^40 / (2^40 × 2^40): the product needs 200 bits.
        let big = 1_099_511_627_776.0; // 2^40
        let r = Decimal::scale(
            4_000_000_000_000.0,
            &[1e15, big, big],
            &[big, big],
            15,
            HALF_UP,
        );
        assert_eq!(r, Ok(4_000_000_000_000.0));
        let r = Decimal::scale(3.0, &[1.0, -7.0, 7.0], &[10.0, 10.0], 1, CEILING);
        // 3 × -49 / 1000 = -0.147 → CEILING 0
        assert_eq!(r, Ok(0.0));
    }

    #[test]
    fn decimal_round_to_step() {
        assert_eq!(Decimal::round_to_step(1234.0, 100.0, DOWN), 1200.0);
        assert_eq!(Decimal::round_to_step(-1234.0, 100.0, FLOOR), -1300.0);
        assert_eq!(Decimal::round_to_step(1201.0, 100.0, UP), 1300.0);
    }

    #[test]
    fn float_mode_matches_javascript() {
        assert_eq!(Float::from_units(3094.0, 2), 30.94);
        assert_eq!(Float::round_to_step(100.1, 0.01, DOWN), 100.1);
        assert_eq!(Float::round_to_step(98.49, 0.01, DOWN), 98.49);
        assert_eq!(Float::round_to_step(0.123456789, 1e-8, DOWN), 0.12345678);
        assert_eq!(Float::round_to_step(2.5, 1.0, HALF_EVEN), 2.0);
        assert_eq!(Float::round_to_step(-2.5, 1.0, HALF_UP), -3.0);
        assert!(Float::check(f64::INFINITY, "cash").is_err());
        assert_eq!(js_round(-0.5).to_bits(), (-0.0f64).to_bits());
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(-2.5), -2.0);
    }
}
