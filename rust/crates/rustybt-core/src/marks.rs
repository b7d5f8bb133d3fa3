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

/// The exact value of `price × quantity` at `shift` (divided by `10^shift` and
/// rounded when positive, multiplied by `10^-shift` when negative), or `None`
/// when an input is not an integer-valued double below 2^53, the shift is out
/// of range, or the result leaves ±(2^53 − 1).
pub fn mark_value(price: f64, quantity: f64, shift: i32, mode: u8) -> Option<f64> {
    let limit = MAX_SAFE as f64;
    if price.fract() != 0.0
        || quantity.fract() != 0.0
        || price.abs() > limit
        || quantity.abs() > limit
    {
        return None;
    }
    let product = (price as i128) * (quantity as i128); // |product| < 2^106
    let value = if shift >= 0 {
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
    // `as f64` of an i128 zero is +0, never −0.
    Some(value as f64)
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
