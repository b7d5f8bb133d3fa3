//! Text the way JavaScript writes it, for messages that must match the
//! TypeScript engine byte for byte: `String(number)` and `Date#toISOString`.

/// `String(x)` of a JavaScript number (ECMAScript Number::toString, radix 10).
pub fn js_number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    // Rust's `{:e}` gives the shortest round-tripping digits, as JavaScript does.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let e: i32 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n = e + 1;
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

const DAY_MS: i64 = 86_400_000;

/// `new Date(ms).toISOString()` for a finite time value (`YYYY-MM-DDTHH:mm:ss.sssZ`).
pub fn js_iso(ms: f64) -> String {
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return "Invalid Date".to_string();
    }
    let t = ms.trunc() as i64;
    let days = t.div_euclid(DAY_MS);
    let in_day = t.rem_euclid(DAY_MS);
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year_text = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("+{year:06}")
    };
    format!(
        "{year_text}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

/// `Number.isSafeInteger(x)`.
pub fn is_safe_integer(x: f64) -> bool {
    // A native round trip through i64 (no libm `trunc` call): NaN and ±∞ never survive it.
    x.abs() <= 9_007_199_254_740_991.0 && (x as i64) as f64 == x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_numbers_like_javascript() {
        assert_eq!(js_number(3094.0), "3094");
        assert_eq!(js_number(-12.5), "-12.5");
        assert_eq!(js_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(0.000001), "0.000001");
        assert_eq!(js_number(123456789012345680000.0), "123456789012345680000");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number(f64::NAN), "NaN");
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(9007199254740992.0), "9007199254740992");
    }

    #[test]
    fn writes_dates_like_to_iso_string() {
        assert_eq!(js_iso(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(js_iso(1_704_205_800_000.0), "2024-01-02T14:30:00.000Z");
        assert_eq!(js_iso(-1.0), "1969-12-31T23:59:59.999Z");
        assert_eq!(js_iso(951_782_400_123.0), "2000-02-29T00:00:00.123Z");
    }

    #[test]
    fn knows_safe_integers() {
        assert!(is_safe_integer(9_007_199_254_740_991.0));
        assert!(!is_safe_integer(9_007_199_254_740_992.0));
        assert!(!is_safe_integer(0.5));
        assert!(!is_safe_integer(f64::NAN));
    }
}
