//! ISO dates and date-times to epoch milliseconds, for the plain shapes only.

const DAY_MS: f64 = 86_400_000.0;
const DAYS_IN_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The bar start written in `text`, for the shapes the TypeScript reader
/// reads the same way whatever the time zone: `YYYY-MM-DD`, and
/// `YYYY-MM-DD HH:MM:SS` (or `T`) when the bars are daily (the time is then
/// ignored) or the zone is UTC, and `YYYY-MM-DDTHH:MM:SSZ`. Daily bars get the
/// date's label (00:00 UTC). `None` for anything else, to be read by the
/// TypeScript reader (`CsvTimeReader`), which this mirrors exactly, including
/// `Date.UTC` reading years 0-99 as 1900-1999.
pub fn plain_iso_time(text: &[u8], daily: bool, utc: bool) -> Option<f64> {
    IsoTimes::new(daily, utc).read(text)
}

/// Reads bar starts as [`plain_iso_time`] does, remembering the last date
/// read: minute and hour files repeat it on hundreds of consecutive rows.
#[derive(Debug, Clone)]
pub struct IsoTimes {
    daily: bool,
    utc: bool,
    date: [u8; 10],
    label: f64,
}

impl IsoTimes {
    /// A reader for daily bars (times ignored) or not, in UTC or not.
    pub fn new(daily: bool, utc: bool) -> Self {
        IsoTimes {
            daily,
            utc,
            date: [0; 10],
            label: f64::NAN,
        }
    }

    /// The bar start written in `text`, or `None` (see [`plain_iso_time`]).
    pub fn read(&mut self, text: &[u8]) -> Option<f64> {
        let n = text.len();
        if n != 10 && n != 19 && n != 20 {
            return None;
        }
        let label = self.label(&text[..10])?;
        if n == 10 {
            return if self.daily || self.utc {
                Some(label)
            } else {
                None
            };
        }
        if n == 19 && self.daily {
            return Some(label);
        }
        if n == 20 && text[19] != b'Z' {
            return None;
        }
        if (text[10] != b' ' && text[10] != b'T') || text[13] != b':' || text[16] != b':' {
            return None;
        }
        let hour = digits(text, 11, 2)?;
        let minute = digits(text, 14, 2)?;
        let second = digits(text, 17, 2)?;
        if hour > 24 || minute > 59 || second > 60 {
            return None;
        }
        if self.daily {
            return Some(label);
        }
        if n == 19 && !self.utc {
            return None;
        }
        Some(label + f64::from((hour * 60 + minute) * 60 + second) * 1000.0)
    }

    /// As [`IsoTimes::read`], for a 19- or 20-byte `text` whose separators,
    /// time digits and `Z` are all in place (the caller checked them).
    #[inline]
    pub fn read_formed(&mut self, text: &[u8]) -> Option<f64> {
        let label = self.label(&text[..10])?;
        let two = |k: usize| u32::from(text[k] - b'0') * 10 + u32::from(text[k + 1] - b'0');
        let (hour, minute, second) = (two(11), two(14), two(17));
        if hour > 24 || minute > 59 || second > 60 {
            return None;
        }
        if self.daily {
            return Some(label);
        }
        if text.len() == 19 && !self.utc {
            return None;
        }
        Some(label + f64::from((hour * 60 + minute) * 60 + second) * 1000.0)
    }

    /// Epoch ms of the `YYYY-MM-DD` in `date` at 00:00 UTC, if it is a real date.
    #[inline]
    fn label(&mut self, date: &[u8]) -> Option<f64> {
        let date: &[u8; 10] = date.try_into().ok()?;
        if *date == self.date && !self.label.is_nan() {
            return Some(self.label);
        }
        self.new_label(date)
    }

    /// [`IsoTimes::label`] of a date other than the last one (once a day in a minute file).
    #[inline(never)]
    fn new_label(&mut self, date: &[u8; 10]) -> Option<f64> {
        if date[4] != b'-' || date[7] != b'-' {
            return None;
        }
        let year = digits(date, 0, 4)?;
        let month = digits(date, 5, 2)?;
        let day = digits(date, 8, 2)?;
        if !valid_date(year, month, day) {
            return None;
        }
        self.date.copy_from_slice(date);
        self.label = date_utc(year, month, day);
        Some(self.label)
    }
}

fn digits(text: &[u8], from: usize, length: usize) -> Option<u32> {
    let mut value = 0u32;
    for &byte in &text[from..from + length] {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(byte - b'0');
    }
    Some(value)
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    if !(1..=12).contains(&month) || day < 1 {
        return false;
    }
    let leap = month == 2
        && year.is_multiple_of(4)
        && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    day <= DAYS_IN_MONTH[(month - 1) as usize] + u32::from(leap)
}

/// `Date.UTC(year, month - 1, day)`: epoch ms of 00:00 UTC that day.
fn date_utc(year: u32, month: u32, day: u32) -> f64 {
    let year = if year <= 99 { year + 1900 } else { year };
    // Days from 1970-01-01 in the proleptic Gregorian calendar (Hinnant's algorithm).
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era - 719_468) as f64 * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_as_labels() {
        assert_eq!(
            plain_iso_time(b"2024-03-10", true, false),
            Some(1_710_028_800_000.0)
        );
        assert_eq!(plain_iso_time(b"1970-01-01", false, true), Some(0.0));
        assert_eq!(
            plain_iso_time(b"2000-02-29", true, true),
            Some(951_782_400_000.0)
        );
        assert_eq!(
            plain_iso_time(b"0050-01-01", true, true),
            Some(-631_152_000_000.0)
        );
        assert_eq!(
            plain_iso_time(b"2024-03-10 99:99:99", true, false),
            Some(1_710_028_800_000.0)
        );
    }

    #[test]
    fn reads_utc_date_times() {
        let at = 1_710_081_000_000.0; // 2024-03-10T14:30:00Z
        assert_eq!(
            plain_iso_time(b"2024-03-10T14:30:00Z", false, false),
            Some(at)
        );
        assert_eq!(
            plain_iso_time(b"2024-03-10 14:30:00", false, true),
            Some(at)
        );
        assert_eq!(
            plain_iso_time(b"2024-03-10T14:30:00", false, true),
            Some(at)
        );
    }

    #[test]
    fn hands_back_other_shapes_and_local_times() {
        for text in [
            &b"2024-02-30"[..],
            b"2023-02-29",
            b"2024-3-10",
            b"2024/03/10",
            b"20240310",
            b"2024-03-10T25:00:00Z",
            b"2024-03-10T14:30:00+01:00",
            b"2024-03-10x14:30:00Z",
            b"2024-03-10T14:30:00X",
        ] {
            assert_eq!(plain_iso_time(text, false, true), None, "{:?}", text);
        }
        assert_eq!(plain_iso_time(b"2024-03-10 14:30:00", false, false), None);
        assert_eq!(plain_iso_time(b"2024-03-10", false, false), None);
    }
}
