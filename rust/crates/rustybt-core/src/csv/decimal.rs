//! Exact decimal text to integer units, for the plain shapes only.

/// Largest integer a JS number holds exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut k = 1;
    while k < 20 {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// Units at `scale` of the plain decimal in `text` (spaces around, optional
/// `-`, digits with at most one `.`), when it has 1..=15 digits, no more than
/// `scale` fraction digits and the units stay within ±(2^53 - 1); `None`
/// otherwise (the caller falls back to the exact general parser). Mirrors
/// `plainDecimalUnits` in `src/data/sources/csv-fields.ts`, `-0` giving 0.
#[inline]
pub fn plain_decimal_units(text: &[u8], scale: u32) -> Option<f64> {
    match bare_units(text, scale) {
        Some(units) => Some(units),
        None => general_units(text, scale),
    }
}

/// The common shape in one pass: digits, or digits `.` digits, nothing around
/// them. `None` for anything else, which [`general_units`] then reads (and
/// refuses exactly what it would have refused).
#[inline(always)]
fn bare_units(text: &[u8], scale: u32) -> Option<f64> {
    let n = text.len();
    if n == 0 || n > 16 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut dot = n;
    for (i, &byte) in text.iter().enumerate() {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if byte == b'.' && dot == n && i > 0 && i + 1 < n {
            dot = i;
        } else {
            return None;
        }
    }
    let fraction = if dot == n { 0 } else { n - dot - 1 };
    let digits = n - usize::from(dot != n);
    if digits > 15 || fraction > scale as usize {
        return None;
    }
    let units = mantissa.checked_mul(*POWERS_OF_TEN.get(scale as usize - fraction)?)?;
    (units <= MAX_SAFE_INTEGER).then_some(units as f64)
}

/// The general plain shape: spaces around, a `-`, digits on one side of the `.` only.
fn general_units(text: &[u8], scale: u32) -> Option<f64> {
    let mut from = 0;
    let mut to = text.len();
    while from < to && text[from] == b' ' {
        from += 1;
    }
    while to > from && text[to - 1] == b' ' {
        to -= 1;
    }
    let negative = from < to && text[from] == b'-';
    if negative {
        from += 1;
    }
    let bytes = &text[from..to];
    // Wrapping arithmetic: more than 15 digits are refused below, whatever the mantissa became.
    let mut mantissa: u64 = 0;
    let mut at = 0;
    while at < bytes.len() {
        let digit = bytes[at].wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        at += 1;
    }
    let whole_digits = at;
    let mut fraction_digits = 0;
    if at < bytes.len() {
        if bytes[at] != b'.' {
            return None;
        }
        at += 1;
        let first = at;
        while at < bytes.len() {
            let digit = bytes[at].wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
            at += 1;
        }
        fraction_digits = at - first;
    }
    let digits = whole_digits + fraction_digits;
    if digits == 0 || digits > 15 || fraction_digits > scale as usize {
        return None;
    }
    let fraction_digits = fraction_digits as u32;
    // 15 digits times 10^k: beyond 2^53 (so refused) whenever it does not fit in a u64.
    let factor = *POWERS_OF_TEN.get((scale - fraction_digits) as usize)?;
    let units = mantissa.checked_mul(factor)?;
    if units > MAX_SAFE_INTEGER {
        return None;
    }
    let units = units as f64;
    Some(if negative && units != 0.0 {
        -units
    } else {
        units
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::test_support::{mostly_digits, Lcg};

    #[test]
    fn reads_the_bare_shape_as_the_general_reader_does() {
        let mut lcg = Lcg(3);
        for _ in 0..200_000 {
            let seed = lcg.word();
            let len = (seed >> 60) as usize + 1;
            // Mostly digits, sometimes a point, rarely anything else.
            let text = mostly_digits(seed, len, b".- e");
            for scale in [0, 2, 4, 18] {
                assert_eq!(
                    plain_decimal_units(&text, scale),
                    general_units(&text, scale),
                    "{:?} at {scale}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }

    #[test]
    fn reads_plain_decimals_into_units() {
        assert_eq!(plain_decimal_units(b"30.94", 2), Some(3094.0));
        assert_eq!(plain_decimal_units(b" 30.9 ", 4), Some(309_000.0));
        assert_eq!(plain_decimal_units(b"-1.5", 1), Some(-15.0));
        assert_eq!(plain_decimal_units(b"-0", 2), Some(0.0));
        assert_eq!(plain_decimal_units(b"5.", 0), Some(5.0));
        assert_eq!(plain_decimal_units(b".5", 1), Some(5.0));
    }

    #[test]
    fn hands_back_what_is_not_plain_or_does_not_fit() {
        for text in [
            &b""[..],
            b"-",
            b".",
            b"1e5",
            b"+1",
            b"1.2.3",
            b"NaN",
            b"1,5",
            b"\t1",
        ] {
            assert_eq!(plain_decimal_units(text, 4), None, "{:?}", text);
        }
        assert_eq!(plain_decimal_units(b"1.234", 2), None);
        assert_eq!(plain_decimal_units(b"1234567890123456", 0), None);
        assert_eq!(plain_decimal_units(b"9007199254740991", 0), None);
        assert_eq!(
            plain_decimal_units(b"900719925474099", 1),
            Some(9_007_199_254_740_990.0)
        );
        assert_eq!(plain_decimal_units(b"900719925474100", 1), None);
    }
}
