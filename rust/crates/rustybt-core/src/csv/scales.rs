//! The scales of a file's price and volume columns, detected from its first rows.

use super::fields::split_fields;

/// Most decimals a detected scale takes.
const MAX_DETECTED_SCALE: u32 = 12;

/// Fraction digits and whole-part digits written in `text`, as
/// `decimalShape` in `src/data/sources/csv-fields.ts` counts them: leading
/// spaces and minus signs and trailing spaces skipped, an exponent cut off,
/// fraction digits after the last point; each capped at 1023.
pub fn decimal_shape(text: &[u8]) -> (u32, u32) {
    if let Some(shape) = plain_shape(text) {
        return shape;
    }
    let mut first = 0;
    while first < text.len() && (text[first] == b' ' || text[first] == b'-') {
        first += 1;
    }
    let mut last = text.len();
    while last > first && text[last - 1] == b' ' {
        last -= 1;
    }
    let mut point = None;
    for (i, &byte) in text.iter().enumerate().take(last).skip(first) {
        match byte {
            b'.' => point = Some(i),
            b'e' | b'E' => {
                last = i;
                break;
            }
            _ => {}
        }
    }
    let (fraction, whole) = match point {
        Some(p) => (last.saturating_sub(p + 1), p - first),
        None => (0, last - first),
    };
    (fraction.min(1023) as u32, whole.min(1023) as u32)
}

/// [`decimal_shape`] of the common field, digits with at most one point (nothing to skip,
/// trim or cut): one pass with two comparisons a byte. `None` for any other text.
#[inline]
fn plain_shape(text: &[u8]) -> Option<(u32, u32)> {
    let n = text.len();
    if (1..=8).contains(&n) {
        // Eight bytes at a time, padded with digits: the high bit of each byte that is not a
        // digit (as in `short_decimal`); at most one, and a point.
        let mut bytes = [b'0'; 8];
        bytes[..n].copy_from_slice(text);
        let word = u64::from_le_bytes(bytes);
        let x = word ^ 0x3030_3030_3030_3030;
        let other =
            (((x & 0x7f7f_7f7f_7f7f_7f7f) + 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080;
        if other == 0 {
            return Some((0, n as u32));
        }
        let p = (other.trailing_zeros() / 8) as usize;
        if other & (other - 1) != 0 || text[p] != b'.' {
            return None;
        }
        return Some(((n - p - 1) as u32, p as u32));
    }
    let mut point = None;
    for (i, &byte) in text.iter().enumerate() {
        if byte == b'.' {
            if point.is_some() {
                return None;
            }
            point = Some(i);
        } else if !byte.is_ascii_digit() {
            return None;
        }
    }
    let (fraction, whole) = match point {
        Some(p) => (text.len() - p - 1, p),
        None => (0, text.len()),
    };
    Some((fraction.min(1023) as u32, whole.min(1023) as u32))
}

/// The price and volume scales of the lines in `sample` (a body's first
/// rows, `\n`-separated): the most fraction digits written in the price
/// columns and in the volume column, each lowered so that the column's
/// widest whole part still fits in 2^53 units (whole digits + scale <= 15),
/// and at most 12. Mirrors `detectScales` in `csv-source.ts`.
pub fn detect_scales(
    sample: &[u8],
    delimiter: u8,
    width: usize,
    prices: [usize; 4],
    volume: Option<usize>,
) -> (u32, u32) {
    let mut scale = [0u32, 0];
    let mut whole = [1u32, 1];
    let mut bounds = vec![(0usize, 0usize); width.max(1)];
    // Lines found with `memchr` (a splitting iterator tests each byte through a closure).
    let mut from = 0;
    let breaks = memchr::memchr_iter(b'\n', sample).chain(std::iter::once(sample.len()));
    for to in breaks {
        let line = &sample[from..to];
        from = to + 1;
        let count = split_fields(line, delimiter, &mut bounds);
        let columns = prices.iter().map(|&c| (c, 0)).chain(volume.map(|v| (v, 1)));
        for (column, kind) in columns {
            if column >= count.min(bounds.len()) {
                continue;
            }
            let (from, to) = bounds[column];
            let (fraction, digits) = decimal_shape(&line[from..to]);
            scale[kind] = scale[kind].max(fraction);
            whole[kind] = whole[kind].max(digits);
        }
    }
    let cap = |k: usize| {
        scale[k]
            .min(MAX_DETECTED_SCALE)
            .min(15u32.saturating_sub(whole[k]))
    };
    (cap(0), cap(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::test_support::Lcg;

    #[test]
    fn the_plain_shape_is_the_general_one() {
        let mut lcg = Lcg(7);
        let alphabet = b"0123456789..- eE+";
        for _ in 0..200_000 {
            let seed = lcg.word();
            let len = (seed >> 59) as usize;
            let text: Vec<u8> = (0..len)
                .map(|k| alphabet[((seed >> (k * 3 % 56)) as usize) % alphabet.len()])
                .collect();
            if let Some(shape) = plain_shape(&text) {
                assert_eq!(
                    shape,
                    general_shape(&text),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        for text in [
            &b""[..],
            b".",
            b"5.",
            b".5",
            b"123.4500",
            b"0007",
            b"12345678",
            b"1234567.",
            b"123456789.5",
        ] {
            assert_eq!(plain_shape(text), Some(general_shape(text)));
        }
        for text in [&b"1.2.3"[..], b"1e5", b"-5", b"5 ", b"12345678.9.1"] {
            assert_eq!(plain_shape(text), None);
        }
    }

    /// `decimal_shape` without its plain fast path.
    fn general_shape(text: &[u8]) -> (u32, u32) {
        let mut padded = vec![b' '];
        padded.extend_from_slice(text);
        decimal_shape(&padded)
    }

    #[test]
    fn shapes_count_digits_around_the_point() {
        assert_eq!(decimal_shape(b" -30.945 "), (3, 2));
        assert_eq!(decimal_shape(b"1.5e3"), (1, 1));
        assert_eq!(decimal_shape(b"1200"), (0, 4));
        assert_eq!(decimal_shape(b""), (0, 0));
        assert_eq!(decimal_shape(b"1.2.34"), (2, 3));
    }

    #[test]
    fn scales_are_the_most_decimals_within_fifteen_digits() {
        let sample = b"2024-01-02,1.5,2.25,1,1.75,100\n2024-01-03,1,2,1,1,3.5\r\n";
        assert_eq!(
            detect_scales(sample, b',', 6, [1, 2, 3, 4], Some(5)),
            (2, 1)
        );
        let wide = b"d,123456789012.123,1,1,1\n";
        assert_eq!(detect_scales(wide, b',', 5, [1, 2, 3, 4], None), (3, 0));
        let wider = b"d,1234567890123.12345,1,1,1\n";
        assert_eq!(detect_scales(wider, b',', 5, [1, 2, 3, 4], None), (2, 0));
    }
}
