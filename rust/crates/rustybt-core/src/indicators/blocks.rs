//! Building blocks shared by the steps, as `src/indicators/steps.ts` has them
//! (same float operations in the same order). Each works on a block of state
//! fields starting at field `base`; a zero-filled block is a fresh start.

use super::lanes::{slot, Lane};

/// Fields of [`sma`] before its ring of `period` values: count, position, sum.
pub const SMA_FIELDS: usize = 3;
/// Fields of [`ema`] and [`wilder`]: count, sum, value.
pub const EMA_FIELDS: usize = 3;
/// Fields of [`lag`] before its ring: count, position.
pub const LAG_FIELDS: usize = 2;
/// Fields of [`extreme`] before its queue: bar count, front, length.
pub const EXTREME_FIELDS: usize = 3;

/// State size of one [`extreme`] block over `period` bars.
pub fn extreme_size(period: usize) -> usize {
    EXTREME_FIELDS + 2 * period
}

/// TA-Lib's running-sum SMA: add, divide, subtract the value leaving.
pub fn sma(s: &mut Lane, base: usize, period: usize, x: f64, unit: f64) -> f64 {
    let ring = base + SMA_FIELDS;
    let pos = slot(s.get(base + 1), period);
    s.set(ring + pos, x);
    let next = if pos + 1 == period { 0 } else { pos + 1 };
    s.set(base + 1, next as f64);
    let sum = s.get(base + 2) + x;
    let count = s.get(base) + 1.0;
    let p = period as f64;
    if count < p {
        s.set(base, count);
        s.set(base + 2, sum);
        return f64::NAN;
    }
    s.set(base, p);
    // Slot `next` holds the oldest value of the window that ends at this bar.
    let oldest = s.get(ring + next);
    s.set(base + 2, sum - oldest);
    crate::declared_sma::window_mean(sum, p, unit)
}

/// EMA seeded with the mean of its first `period` values, then `(x - prev) * k + prev`.
pub fn ema(s: &mut Lane, base: usize, period: usize, k: f64, x: f64) -> f64 {
    let count = s.get(base);
    let p = period as f64;
    if count >= p {
        let prev = s.get(base + 2);
        let value = (x - prev) * k + prev;
        s.set(base + 2, value);
        return value;
    }
    let sum = s.get(base + 1) + x;
    s.set(base + 1, sum);
    s.set(base, count + 1.0);
    if count + 1.0 < p {
        return f64::NAN;
    }
    let value = sum / p;
    s.set(base + 2, value);
    value
}

/// Wilder's smoothing: seeded with the mean, then `(prev * (period - 1) + x) / period`.
pub fn wilder(s: &mut Lane, base: usize, period: usize, x: f64) -> f64 {
    let count = s.get(base);
    let p = period as f64;
    if count >= p {
        let value = (s.get(base + 2) * (p - 1.0) + x) / p;
        s.set(base + 2, value);
        return value;
    }
    let sum = s.get(base + 1) + x;
    s.set(base + 1, sum);
    s.set(base, count + 1.0);
    if count + 1.0 < p {
        return f64::NAN;
    }
    let value = sum / p;
    s.set(base + 2, value);
    value
}

/// Records `x` and returns the value `period` bars before it (NaN until there is one).
pub fn lag(s: &mut Lane, base: usize, period: usize, x: f64) -> f64 {
    let pos = slot(s.get(base + 1), period);
    let field = base + LAG_FIELDS + pos;
    let count = s.get(base);
    let p = period as f64;
    let old = if count >= p { s.get(field) } else { f64::NAN };
    s.set(field, x);
    s.set(
        base + 1,
        if pos + 1 == period {
            0.0
        } else {
            (pos + 1) as f64
        },
    );
    if count < p {
        s.set(base, count + 1.0);
    }
    old
}

/// Highest (`sign` = 1) or lowest (`sign` = -1) of the last `period` values,
/// from a monotonic queue (values and bar numbers, best first).
pub fn extreme(s: &mut Lane, base: usize, period: usize, sign: f64, x: f64) -> f64 {
    let values = base + EXTREME_FIELDS;
    let stamps = values + period;
    let p = period as f64;
    let t = s.get(base);
    s.set(base, t + 1.0);
    let signed = sign * x;
    let mut front = slot(s.get(base + 1), period);
    let mut length = (s.get(base + 2) as usize).min(period);
    if length > 0 && s.get(stamps + front) <= t - p {
        front = if front + 1 == period { 0 } else { front + 1 };
        length -= 1;
    }
    while length > 0 {
        let mut back = front + length - 1;
        if back >= period {
            back -= period;
        }
        if s.get(values + back) > signed {
            break;
        }
        length -= 1;
    }
    let mut at = front + length;
    if at >= period {
        at -= period;
    }
    s.set(values + at, signed);
    s.set(stamps + at, t);
    s.set(base + 1, front as f64);
    s.set(base + 2, (length + 1).min(period) as f64);
    if t + 1.0 >= p {
        sign * s.get(values + front)
    } else {
        f64::NAN
    }
}

/// TA-Lib's true range of a bar given the previous close.
pub fn true_range_of(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut greatest = high - low;
    let up = (prev_close - high).abs();
    if up > greatest {
        greatest = up;
    }
    let down = (prev_close - low).abs();
    if down > greatest {
        greatest = down;
    }
    greatest
}
