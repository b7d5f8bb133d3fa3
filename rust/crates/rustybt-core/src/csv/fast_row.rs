//! One pass over a well-formed row: the line's end, its fields, the date and
//! the decimals found in the same walk over its bytes.
//!
//! It takes only rows whose every field the general reading (`split_fields`,
//! `IsoTimes::read`, `plain_decimal_units`) reads the same way, with no
//! spaces, signs or odd shapes; for anything else it answers `None` and the
//! caller reads the line the general way. So it changes how fast a row is
//! read, never what is read.

use super::bars::CsvPlan;
use super::decimal::MAX_SAFE_INTEGER;
use super::iso_time::IsoTimes;

/// What a field of the line is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Skip,
    Date,
    /// Index into `[at, open, high, low, close, volume]` of a price (1–4) or the volume (5).
    Decimal(u8),
}

/// Bytes a date-time or a bare decimal may hold: a delimiter among them could hide in one.
const VALUE_BYTES: &[u8] = b"0123456789-:TZ .";

const POWERS_OF_TEN: [u64; 19] = {
    let mut powers = [1u64; 19];
    let mut k = 1;
    while k < 19 {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// The fields of a plan, for the one-pass reading.
#[derive(Debug, Clone)]
pub struct FastRows {
    roles: Vec<Role>,
    delimiter: u8,
    /// Decimal places of `[price, volume]`.
    scales: [u32; 2],
}

impl FastRows {
    /// The one-pass reader of `plan`'s rows, or `None` when its layout does not allow
    /// one (a delimiter that may occur inside a date, two roles on one field).
    pub fn new(plan: &CsvPlan, price_scale: u32, volume_scale: u32) -> Option<FastRows> {
        if VALUE_BYTES.contains(&plan.delimiter) || plan.delimiter == b'\r' || plan.width == 0 {
            return None;
        }
        let mut roles = vec![Role::Skip; plan.width];
        let mut assign = |field: usize, role: Role| -> Option<()> {
            let slot = roles.get_mut(field)?;
            if *slot != Role::Skip {
                return None;
            }
            *slot = role;
            Some(())
        };
        assign(plan.date, Role::Date)?;
        for (k, &field) in plan.prices.iter().enumerate() {
            assign(field, Role::Decimal(k as u8 + 1))?;
        }
        if let Some(volume) = plan.volume {
            assign(volume, Role::Decimal(5))?;
        }
        if price_scale > 18 || volume_scale > 18 {
            return None;
        }
        Some(FastRows {
            roles,
            delimiter: plan.delimiter,
            scales: [price_scale, volume_scale],
        })
    }

    /// `[at, open, high, low, close, volume]` of the line starting at `from`
    /// and the offset just past its line break, when the line is well formed;
    /// `None` to read it the general way. The volume is 0 when the plan has none.
    #[inline]
    pub fn read(
        &self,
        body: &[u8],
        from: usize,
        times: &mut IsoTimes,
    ) -> Option<([f64; 6], usize)> {
        let mut values = [0.0f64; 6];
        let last = self.roles.len() - 1;
        let mut at = from;
        for (k, &role) in self.roles.iter().enumerate() {
            let end = match role {
                Role::Decimal(slot) => {
                    let scale = self.scales[usize::from(slot == 5)];
                    let (units, end) = bare_decimal(body, at, scale)?;
                    values[usize::from(slot)] = units;
                    end
                }
                Role::Date => {
                    let (time, end) = self.date(body, at, k == last, times)?;
                    values[0] = time;
                    end
                }
                Role::Skip => self.skip(body, at, k == last)?,
            };
            // `end` is the field's terminator: the delimiter, or (last field) the line's end.
            if k < last {
                if body.get(end) != Some(&self.delimiter) {
                    return None;
                }
                at = end + 1;
            } else {
                return Some((values, self.line_rest(body, end)?));
            }
        }
        None
    }

    /// Offset past the line break of a line whose last read field ends at
    /// `end`, or `None` when that is not where the general split ends it.
    #[inline]
    fn line_rest(&self, body: &[u8], end: usize) -> Option<usize> {
        match body.get(end) {
            None => Some(body.len()),
            Some(b'\n') => Some(end + 1),
            Some(b'\r') => match body.get(end + 1) {
                None => Some(body.len()),
                Some(b'\n') => Some(end + 2),
                Some(_) => None,
            },
            // More fields than the header's: ignored, as the general reading does.
            Some(&byte) if byte == self.delimiter => Some(
                memchr::memchr(b'\n', &body[end..]).map_or(body.len(), |offset| end + offset + 1),
            ),
            Some(_) => None,
        }
    }

    /// Whether `at` ends a field: the delimiter, or for the last field also the line's end.
    #[inline]
    fn ends(&self, body: &[u8], at: usize, last: bool) -> bool {
        match body.get(at) {
            Some(&byte) if byte == self.delimiter => true,
            None => last,
            Some(b'\n') | Some(b'\r') => last,
            Some(_) => false,
        }
    }

    /// A date field of 20, 19 or 10 bytes whose every byte has its place in
    /// the shape (so it holds no delimiter and no line break), read by `times`.
    #[inline]
    fn date(
        &self,
        body: &[u8],
        at: usize,
        last: bool,
        times: &mut IsoTimes,
    ) -> Option<(f64, usize)> {
        for length in [20, 19, 10] {
            if at + length <= body.len() && self.ends(body, at + length, last) {
                let text = &body[at..at + length];
                let time = if length == 10 {
                    times.read(text)
                } else if well_formed_time(text) {
                    times.read_formed(text)
                } else {
                    None
                };
                return time.map(|time| (time, at + length));
            }
        }
        None
    }

    /// The end of a field nothing is read from.
    #[inline]
    fn skip(&self, body: &[u8], at: usize, last: bool) -> Option<usize> {
        let mut end = at;
        while end < body.len() {
            let byte = body[end];
            if byte == self.delimiter {
                return Some(end);
            }
            if byte == b'\n' || byte == b'\r' {
                // A line break inside the row: only the last field may end there.
                return last.then_some(end);
            }
            end += 1;
        }
        last.then_some(end)
    }
}

/// The time part of a 19- or 20-byte date-time, byte by byte as the general reading wants it.
#[inline]
fn well_formed_time(text: &[u8]) -> bool {
    let digit = |k: usize| text[k].is_ascii_digit();
    (text[10] == b' ' || text[10] == b'T')
        && text[13] == b':'
        && text[16] == b':'
        && digit(11)
        && digit(12)
        && digit(14)
        && digit(15)
        && digit(17)
        && digit(18)
        && (text.len() == 19 || text[19] == b'Z')
}

/// Units at `scale` of the bare decimal (digits, or digits `.` digits) starting
/// at `at`, and the offset of the byte that ends it; `None` where the
/// general reading might read it otherwise (see `bare_units` in `decimal.rs`).
#[inline(always)]
fn bare_decimal(body: &[u8], at: usize, scale: u32) -> Option<(f64, usize)> {
    if let Some(word) = body.get(at..at + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        if let Some((mantissa, fraction, length)) = short_decimal(u64::from_le_bytes(bytes)) {
            if fraction > scale as usize {
                return None;
            }
            let units = mantissa.checked_mul(POWERS_OF_TEN[scale as usize - fraction])?;
            return (units <= MAX_SAFE_INTEGER).then_some((units as f64, at + length));
        }
    }
    scalar_decimal(body, at, scale)
}

/// The bare decimal at the start of the eight bytes `word` (little-endian),
/// when it ends inside them: `(mantissa, fraction digits, length)`; `None`
/// when it does not (too long, or no digit, or a point first or last) and
/// [`scalar_decimal`] must decide.
#[inline(always)]
fn short_decimal(word: u64) -> Option<(u64, usize, usize)> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = word ^ 0x3030_3030_3030_3030;
    // High bit of each byte that is not a digit (`x` of a digit is 0..=9; no carries between bytes).
    let other = (((x & LOW7) + 0x7676_7676_7676_7676) | x) & HIGH;
    let first = (other.trailing_zeros() / 8) as usize;
    if first == 0 || first == 8 {
        return None;
    }
    let (digits, count, fraction, length) = if (word >> (first * 8)) as u8 == b'.' {
        let after = other & !(0x80u64 << (first * 8));
        let end = (after.trailing_zeros() / 8) as usize;
        if end == 8 || end == first + 1 {
            return None;
        }
        // The digits on both sides of the point, closed up.
        let whole = x & ((1u64 << (first * 8)) - 1);
        let rest = (x >> ((first + 1) * 8)) << (first * 8);
        // `end` is at most 7 here: `count` at most 6.
        let count = end - 1;
        let kept = (1u64 << (count * 8)) - 1;
        ((whole | rest) & kept, count, end - first - 1, end)
    } else {
        (x & ((1u64 << (first * 8)) - 1), first, 0, first)
    };
    Some((parse_digits(digits, count), fraction, length))
}

/// The number written by the `count` (1..=7) digit values in the low bytes of `digits`, most significant first.
#[inline(always)]
fn parse_digits(digits: u64, count: usize) -> u64 {
    // Leading zeros fill the word: eight digits, paired up in three multiply steps.
    let value = digits << ((8 - count) * 8);
    let pairs = (value.wrapping_mul(10 * 256 + 1) >> 8) & 0x00ff_00ff_00ff_00ff;
    let quads = (pairs.wrapping_mul(100 * 65_536 + 1) >> 16) & 0x0000_ffff_0000_ffff;
    quads.wrapping_mul(10_000 * (1 << 32) + 1) >> 32
}

/// [`bare_decimal`] a byte at a time, for a value near the end of the file or too long for a word.
#[inline(never)]
fn scalar_decimal(body: &[u8], at: usize, scale: u32) -> Option<(f64, usize)> {
    let mut mantissa: u64 = 0;
    let mut end = at;
    let mut dot = usize::MAX;
    while let Some(&byte) = body.get(end) {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            // Wrapping: more than 16 bytes are refused below, whatever it became.
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        } else if byte == b'.' && dot == usize::MAX {
            dot = end;
        } else {
            break;
        }
        end += 1;
    }
    let n = end - at;
    if n == 0 || n > 16 {
        return None;
    }
    let fraction = if dot == usize::MAX {
        0
    } else {
        // A point first or last is for the general reading.
        if dot == at || dot + 1 == end {
            return None;
        }
        end - dot - 1
    };
    let digits = n - usize::from(dot != usize::MAX);
    if digits > 15 || fraction > scale as usize {
        return None;
    }
    let units = mantissa.checked_mul(POWERS_OF_TEN[scale as usize - fraction])?;
    (units <= MAX_SAFE_INTEGER).then_some((units as f64, end))
}

#[cfg(test)]
mod tests {
    use super::super::decimal::plain_decimal_units;
    use super::*;
    use crate::csv::test_support::{mostly_digits, Lcg};

    #[test]
    fn reads_short_digit_runs_a_word_at_a_time() {
        for (text, units) in [
            (&b"20.01,x"[..], 2001.0),
            (b"1234567,", 1_234_567.0),
            (b"0.5\r\n", 50.0),
            (b"7\n", 700.0),
            (b"99999.9|", 9_999_990.0),
        ] {
            let mut padded = text.to_vec();
            padded.resize(16, b' ');
            let scale = if text == b"1234567," { 0 } else { 2 };
            let (read, end) = bare_decimal(&padded, 0, scale).unwrap();
            assert_eq!(read, units, "{:?}", String::from_utf8_lossy(text));
            assert!(!padded[end].is_ascii_digit() && padded[end] != b'.');
        }
        for value in (0..10_000_000u64).step_by(9_973) {
            let text = format!("{value}");
            let mut digits = 0u64;
            for (k, byte) in text.bytes().enumerate() {
                digits |= u64::from(byte - b'0') << (k * 8);
            }
            assert_eq!(parse_digits(digits, text.len()), value);
        }
    }

    #[test]
    fn reads_decimals_as_the_general_reading_does() {
        let mut lcg = Lcg(7);
        for _ in 0..200_000 {
            let seed = lcg.word();
            let len = (seed >> 59) as usize;
            // Mostly digits, sometimes a point, rarely anything else.
            let text = mostly_digits(seed, len, b".- e,\r\n");
            for scale in [0, 2, 4, 18] {
                if let Some((units, end)) = bare_decimal(&text, 0, scale) {
                    assert_eq!(
                        plain_decimal_units(&text[..end], scale),
                        Some(units),
                        "{:?}",
                        String::from_utf8_lossy(&text)
                    );
                    assert!(end == text.len() || !text[end].is_ascii_digit());
                }
            }
        }
    }
}
