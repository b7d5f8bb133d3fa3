//! Exact decimal mark-to-market: market value = price × quantity, both integer
//! units at their scales, brought to the money scale with one of Python's eight
//! rounding modes, computed in `i128` so no product ever rounds.

/// Largest integer a double holds exactly (2^53 − 1): amounts beyond it are refused.
const MAX_SAFE: i128 = 9_007_199_254_740_991;

/// `10^k` for `k` in `0..=38`, the powers an `i128` holds.
const fn pow10_table() -> [i128; 39] {
    let mut table = [1i128; 39];
    let mut k = 1;
    while k < 39 {
        table[k] = table[k - 1] * 10;
        k += 1;
    }
    table
}
const POW10: [i128; 39] = pow10_table();

/// `numerator / 10^shift` rounded with `mode` (the order of rustybt's
/// `ROUNDING_MODES`: UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN, 05UP).
fn divide_pow10(numerator: i128, shift: usize, mode: u8) -> i128 {
    let d = POW10[shift];
    let quotient = numerator / d; // truncates toward zero
    let remainder = numerator - quotient * d;
    if remainder == 0 {
        return quotient;
    }
    let negative = numerator < 0;
    let away = if negative { quotient - 1 } else { quotient + 1 };
    // |remainder| < d <= 10^38, so twice it still fits in an i128.
    let twice = remainder.abs() * 2;
    match mode {
        0 => away,
        1 => quotient,
        2 => {
            if negative {
                quotient
            } else {
                away
            }
        }
        3 => {
            if negative {
                away
            } else {
                quotient
            }
        }
        4 => {
            if twice >= d {
                away
            } else {
                quotient
            }
        }
        5 => {
            if twice > d {
                away
            } else {
                quotient
            }
        }
        6 => {
            if twice != d {
                if twice > d {
                    away
                } else {
                    quotient
                }
            } else if quotient % 2 == 0 {
                quotient
            } else {
                away
            }
        }
        _ => {
            let last = quotient.abs() % 10;
            if last == 0 || last == 5 {
                away
            } else {
                quotient
            }
        }
    }
}

/// `1 / 10^k` as doubles for `k` in `0..=22` (`10^k` itself is exact in a double up to 10^22).
const fn inverse_pow10_table() -> [f64; 23] {
    let mut table = [1.0f64; 23];
    let mut power = 1.0f64;
    let mut k = 1;
    while k < 23 {
        power *= 10.0;
        table[k] = 1.0 / power;
        k += 1;
    }
    table
}
const INVERSE_POW10: [f64; 23] = inverse_pow10_table();

/// Whether the magnitude `q` (truncated quotient, remainder `r` of divisor `d`)
/// moves one away from zero under `mode`, for a value of sign `negative`.
#[inline]
fn rounds_away(q: u64, r: u64, d: u64, negative: bool, mode: u8) -> bool {
    if r == 0 {
        return false;
    }
    let twice = r * 2; // r < d <= 10^18: no overflow
    match mode {
        0 => true,
        1 => false,
        2 => !negative,
        3 => negative,
        4 => twice >= d,
        5 => twice > d,
        6 => twice > d || (twice == d && q % 2 == 1),
        _ => {
            let last = q % 10;
            last == 0 || last == 5
        }
    }
}

/// Largest shift of the fast path: `10^18` and a few multiples of it fit a u64.
const FAST_MAX_SHIFT: i32 = 18;

/// Below this double product of two integers, their exact product fits an `i64` (2^62).
const I64_PRODUCT_LIMIT: f64 = 4_611_686_018_427_387_904.0;

/// [`shifted_magnitude`] for a magnitude below 2^63: every step in 64 bits.
/// `None` when the quotient would leave ±(2^53 − 1).
#[inline]
fn shifted_magnitude_u64(
    magnitude: u64,
    estimate: f64,
    shift: usize,
    negative: bool,
    mode: u8,
) -> Option<u64> {
    let quotient_estimate = estimate * INVERSE_POW10[shift];
    if quotient_estimate >= 9.1e15 {
        return None;
    }
    let d = POW10[shift] as u64;
    // The estimate is within a few units of the quotient: q × d stays below 2^64.
    let mut q = quotient_estimate as u64;
    let mut qd = q * d;
    while qd > magnitude {
        q -= 1;
        qd -= d;
    }
    let mut r = magnitude - qd;
    while r >= d {
        q += 1;
        r -= d;
    }
    let rounded = q + u64::from(rounds_away(q, r, d, negative, mode));
    (rounded <= MAX_SAFE as u64).then_some(rounded)
}

/// `|product| / 10^shift` rounded with `mode`, for `shift` in `1..=18`, without
/// a 128-bit division: a double estimate of the quotient (off by a few units at
/// most, as the quotient stays below 2^53) corrected exactly with one widening
/// 64 × 64 → 128-bit multiplication. `None` when the quotient would leave
/// ±(2^53 − 1).
#[inline]
fn shifted_magnitude(
    magnitude: u128,
    estimate: f64,
    shift: usize,
    negative: bool,
    mode: u8,
) -> Option<u64> {
    let quotient_estimate = estimate * INVERSE_POW10[shift];
    if quotient_estimate.is_nan() || quotient_estimate >= 9.1e15 {
        return None;
    }
    let d = POW10[shift] as u64;
    // A native conversion (0 <= estimate < 2^63), not a 128-bit library call.
    let mut q = quotient_estimate as u64;
    let mut qd = u128::from(q) * u128::from(d);
    while qd > magnitude {
        q -= 1;
        qd -= u128::from(d);
    }
    // The estimate is off by a few units at most: the remainder is a few d, well inside a u64.
    let mut r = (magnitude - qd) as u64;
    while r >= d {
        q += 1;
        r -= d;
    }
    Some(q + u64::from(rounds_away(q, r, d, negative, mode)))
}

/// The exact value of `price × quantity` at `shift` (divided by `10^shift` and
/// rounded when positive, multiplied by `10^-shift` when negative), or `None`
/// when an input is not an integer-valued double below 2^53, the shift is out
/// of range, or the result leaves ±(2^53 − 1).
#[inline]
pub fn mark_value(price: f64, quantity: f64, shift: i32, mode: u8) -> Option<f64> {
    // Integer check by a native round trip through i64 (no `trunc` call, no
    // 128-bit float conversion): exact below 2^53; out-of-range values
    // saturate and fail the comparison.
    let a = price as i64;
    let b = quantity as i64;
    if a as f64 != price
        || b as f64 != quantity
        || a.unsigned_abs() > MAX_SAFE as u64
        || b.unsigned_abs() > MAX_SAFE as u64
    {
        return None;
    }
    let estimate = (price * quantity).abs();
    if shift > 0 && shift <= FAST_MAX_SHIFT && estimate < I64_PRODUCT_LIMIT {
        // The exact product fits an i64 (the double is within 2^-53 of it): 64-bit arithmetic only.
        let product = a * b;
        let magnitude = shifted_magnitude_u64(
            product.unsigned_abs(),
            estimate,
            shift as usize,
            product < 0,
            mode,
        )?;
        // |magnitude| <= 2^53 − 1: a native conversion, and zero is +0, never −0.
        let value = magnitude as i64;
        return Some(if product < 0 { -value } else { value } as f64);
    }
    let product = i128::from(a) * i128::from(b); // |product| < 2^106
    let value = if shift > 0 && shift <= FAST_MAX_SHIFT {
        let negative = product < 0;
        let magnitude = shifted_magnitude(
            product.unsigned_abs(),
            (price * quantity).abs(),
            shift as usize,
            negative,
            mode,
        )? as i128;
        if negative {
            -magnitude
        } else {
            magnitude
        }
    } else if shift >= 0 {
        let s = shift as usize;
        if s > 38 {
            return None;
        }
        divide_pow10(product, s, mode)
    } else {
        let s = (-(shift as i64)) as usize;
        if s > 38 {
            return None;
        }
        product.checked_mul(POW10[s])?
    };
    if value.abs() > MAX_SAFE {
        return None;
    }
    // Through i64 (|value| < 2^53): a native conversion, and zero is +0, never −0.
    Some(value as i64 as f64)
}

/// Marks sids `from..count`: for each with a price (not NaN), the last price
/// becomes the price and, for a non-zero quantity, the market value becomes
/// [`mark_value`] at that sid's shift. Stops at the first sid whose value it
/// cannot give exactly and returns it (that sid is left untouched, the caller
/// takes it over); returns `None` when every sid is done.
#[allow(clippy::too_many_arguments)]
pub fn mark_decimal(
    prices: &[f64],
    quantity: &[f64],
    last_price: &mut [f64],
    market_value: &mut [f64],
    shift: &[i32],
    from: usize,
    count: usize,
    mode: u8,
) -> Option<usize> {
    let end = count
        .min(prices.len())
        .min(quantity.len())
        .min(last_price.len())
        .min(market_value.len())
        .min(shift.len());
    for sid in from..end {
        let price = prices[sid];
        if price.is_nan() {
            continue;
        }
        let q = quantity[sid];
        if q == 0.0 {
            last_price[sid] = price;
            continue;
        }
        match mark_value(price, q, shift[sid], mode) {
            Some(value) => {
                market_value[sid] = value;
                last_price[sid] = price;
            }
            None => return Some(sid),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_with_each_mode_like_python() {
        // 2.5 and -2.5 at one decimal place: 25 units / 10^1.
        let cases: [(u8, f64, f64); 8] = [
            (0, 3.0, -3.0),
            (1, 2.0, -2.0),
            (2, 3.0, -2.0),
            (3, 2.0, -3.0),
            (4, 3.0, -3.0),
            (5, 2.0, -2.0),
            (6, 2.0, -2.0),
            (7, 2.0, -2.0),
        ];
        for (mode, up, down) in cases {
            assert_eq!(mark_value(25.0, 1.0, 1, mode), Some(up), "mode {mode}");
            assert_eq!(mark_value(-25.0, 1.0, 1, mode), Some(down), "mode {mode}");
        }
        // 05UP rounds away from zero when truncation leaves a last digit of 0 or 5.
        assert_eq!(mark_value(51.0, 1.0, 1, 7), Some(6.0));
        assert_eq!(mark_value(61.0, 1.0, 1, 7), Some(6.0));
        // HALF_EVEN: ties go to the even neighbour.
        assert_eq!(mark_value(35.0, 1.0, 1, 6), Some(4.0));
    }

    #[test]
    fn multiplies_beyond_two_to_the_fifty_three_exactly() {
        // A BTC position: 1.23456789 BTC at 98765.43210987 USDT, both at scale 8,
        // valued at scale 8: 123456789 × 9876543210987 / 10^8, HALF_EVEN.
        let value = mark_value(9_876_543_210_987.0, 123_456_789.0, 8, 6).unwrap();
        let exact: i128 = 9_876_543_210_987i128 * 123_456_789i128;
        let expected = (exact + 50_000_000) / 100_000_000; // no tie here: half up equals half even
        assert_eq!(value, expected as f64);
        assert_eq!(mark_value(2.0, 3.0, -2, 6), Some(600.0));
    }

    /// A xorshift generator of 64-bit values from `seed`.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// `mark_value` gives the 128-bit division's quotient while it is a
    /// safe integer, and nothing beyond.
    fn assert_marks_as_divided(a: i128, b: i128, shift: i32, mode: u8) {
        let expected = divide_pow10(a * b, shift as usize, mode);
        let got = mark_value(a as f64, b as f64, shift, mode);
        let want = (expected.abs() <= MAX_SAFE).then_some(expected as f64);
        assert_eq!(got, want, "{a} × {b} / 10^{shift} mode {mode}");
    }

    #[test]
    fn the_estimated_quotient_equals_the_128_bit_division() {
        // A deterministic spread of magnitudes, shifts and modes, up to products near 2^106.
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200_000 {
            let bits = next() % 54;
            let a = (next() >> (64 - bits.max(1))) as i128
                * if next().is_multiple_of(2) { 1 } else { -1 };
            let b = (next() >> (64 - (next() % 54).max(1))) as i128;
            let shift = (next() % 22 + 1) as i32;
            let mode = (next() % 8) as u8;
            assert_marks_as_divided(a, b, shift, mode);
        }
    }

    #[test]
    fn the_64_bit_path_equals_the_128_bit_division_near_i64_overflow() {
        // Products on both sides of the 2^62 switch and of 2^63, every shift of the fast path.
        let mut next = xorshift(0xD1B5_4A32_D192_ED03);
        for i in 0..300_000u64 {
            let target = [1u128 << 62, 1u128 << 63, 1u128 << 64][(i % 3) as usize];
            // b up to 2^53 − 1, a chosen so that a × b lands within a few b of the target.
            let b = (next() % (MAX_SAFE as u64) + 1) as u128;
            let near = (target / b).min(MAX_SAFE as u128) as i128;
            let a = (near + (next() % 7) as i128 - 3).clamp(1, MAX_SAFE)
                * if next().is_multiple_of(2) { 1 } else { -1 };
            let b = b as i128;
            let shift = (next() % 18 + 1) as i32;
            let mode = (next() % 8) as u8;
            assert_marks_as_divided(a, b, shift, mode);
        }
        // 6004799503160661 × 150 / 10^2 = 9007199254740991.5: 2^53 − 1 or one past it by the mode.
        let (a, b) = (6_004_799_503_160_661.0, 150.0);
        assert_eq!(mark_value(a, b, 2, 1), Some(MAX_SAFE as f64));
        assert_eq!(mark_value(-a, b, 2, 5), Some(-MAX_SAFE as f64));
        assert_eq!(mark_value(a, b, 2, 0), None);
        assert_eq!(mark_value(-a, b, 2, 6), None);
        assert_eq!(mark_value(-3.0, 5.0, 1, 6), Some(-2.0));
        assert_eq!(
            mark_value(-3.0, 0.0, 1, 0).map(f64::to_bits),
            Some(0.0f64.to_bits())
        );
    }

    #[test]
    fn hands_back_what_it_cannot_give_exactly() {
        assert_eq!(mark_value(9.0e15, 10.0, 0, 6), None); // leaves ±(2^53 − 1)
        assert_eq!(mark_value(1.5, 2.0, 0, 6), None); // not integer units
        assert_eq!(mark_value(1.0, 1.0, 39, 6), None);
        let prices = [100.0, f64::NAN, 9.0e15, 7.0];
        let quantity = [2.0, 5.0, 10.0, 1.0];
        let mut last = [0.0; 4];
        let mut value = [0.0; 4];
        let shift = [0, 0, 0, 0];
        assert_eq!(
            mark_decimal(&prices, &quantity, &mut last, &mut value, &shift, 0, 4, 6),
            Some(2)
        );
        assert_eq!(last, [100.0, 0.0, 0.0, 0.0]);
        assert_eq!(value, [200.0, 0.0, 0.0, 0.0]);
        assert_eq!(
            mark_decimal(&prices, &quantity, &mut last, &mut value, &shift, 3, 4, 6),
            None
        );
        assert_eq!(value[3], 7.0);
    }
}
