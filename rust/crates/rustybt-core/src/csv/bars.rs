//! A whole CSV file into typed bar columns.

use super::decimal::plain_decimal_units;
use super::fast_row::FastRows;
use super::fields::split_fields;
use super::iso_time::IsoTimes;
use super::scales::detect_scales;
use crate::quality::{find_outliers_with, rows_hold_together, OutlierScratch};

/// Rows whose digits decide detected scales (`SCALE_SAMPLE_ROWS` in `csv-source.ts`).
pub const SCALE_SAMPLE_ROWS: usize = 2000;
/// Robust z-score beyond which a return is flagged (the validation's default).
const OUTLIER_THRESHOLD: f64 = 10.0;
/// Fewest bars an outlier scan looks at.
const OUTLIER_MIN_BARS: usize = 20;

/// How to read a file, as the TypeScript reader decided from its header and first rows.
#[derive(Debug, Clone)]
pub struct CsvPlan {
    /// Field separator (one ASCII byte).
    pub delimiter: u8,
    /// Number of fields the header has; a shorter row is handed back.
    pub width: usize,
    /// Field of the date (or date-time).
    pub date: usize,
    /// Fields of open, high, low and close.
    pub prices: [usize; 4],
    /// Field of the volume, if any (volume 0 otherwise).
    pub volume: Option<usize>,
    /// Decimal places of the price units; `None`: detected from the first rows.
    pub price_scale: Option<u32>,
    /// Decimal places of the volume units; `None`: detected from the first rows.
    pub volume_scale: Option<u32>,
    /// Daily bars: the date's label, the time of day ignored.
    pub daily: bool,
    /// The file's zone is UTC: date-times without an offset need no conversion.
    pub utc: bool,
    /// First and last bar start kept (UTC ms), when no row is handed back.
    pub start: f64,
    pub end: f64,
}

/// A file's bars in columns, with what the TypeScript side needs to finish
/// the rows it must read itself and to skip the checks already made here.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CsvBars {
    /// Whether the file (after a UTF-8 byte-order mark) is ASCII; if not, nothing else is read.
    pub ascii: bool,
    /// Whether the file has more rows than the scale sample.
    pub sampled: bool,
    pub price_scale: u32,
    pub volume_scale: u32,
    pub at: Vec<f64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
    /// Line number in the file (the header is line 1) of each bar.
    pub line: Vec<f64>,
    /// Rows handed back to the TypeScript reader, as `(line, start, end)`
    /// triples, the line's text being `other_text[start..end]`.
    pub other: Vec<u32>,
    pub other_text: Vec<u8>,
    /// Whether only bars in `[start, end]` are kept (done when no row is handed back).
    pub in_range: bool,
    /// With `in_range`: whether the bars pass `isClean` (nothing to drop or sort).
    pub clean: bool,
    /// With `clean`: indices of outlier closes, as `findOutliers` gives them.
    pub outliers: Vec<u32>,
}

impl CsvBars {
    /// The seven bar columns, `at` to `line`, in that order.
    pub fn columns(&self) -> [&Vec<f64>; 7] {
        [
            &self.at,
            &self.open,
            &self.high,
            &self.low,
            &self.close,
            &self.volume,
            &self.line,
        ]
    }

    /// [`CsvBars::columns`], to change.
    pub fn columns_mut(&mut self) -> [&mut Vec<f64>; 7] {
        [
            &mut self.at,
            &mut self.open,
            &mut self.high,
            &mut self.low,
            &mut self.close,
            &mut self.volume,
            &mut self.line,
        ]
    }

    /// The seven columns moved out into bars of their own (everything else default),
    /// leaving these bars' columns empty.
    pub fn take_columns(&mut self) -> CsvBars {
        CsvBars {
            at: std::mem::take(&mut self.at),
            open: std::mem::take(&mut self.open),
            high: std::mem::take(&mut self.high),
            low: std::mem::take(&mut self.low),
            close: std::mem::take(&mut self.close),
            volume: std::mem::take(&mut self.volume),
            line: std::mem::take(&mut self.line),
            ..CsvBars::default()
        }
    }
}

/// Reads `file` (a whole CSV file, header included) as the TypeScript reader
/// does for its plain rows: lines end at `\n` (a last line may lack one),
/// fields split at the delimiter with no quoting, blank lines skipped, a row
/// with a plain ISO date and plain decimals (see `plain_decimal_units`,
/// `plain_iso_time`) read into the columns; every other non-blank row is
/// handed back to the TypeScript reader, which owns the policies and the
/// report. When no row is handed back, the range is applied and the
/// validation's clean check and outlier scan are made here.
pub fn read_bars(file: &[u8], plan: &CsvPlan) -> CsvBars {
    read_bars_reusing(
        file,
        plan,
        CsvBars::default(),
        &mut OutlierScratch::default(),
    )
}

/// [`read_bars`], filling the columns of `recycled` (cleared first) and scanning for
/// outliers in `outlier_scratch`, so that a caller reading file after file reuses their
/// memory instead of fresh pages.
pub fn read_bars_reusing(
    file: &[u8],
    plan: &CsvPlan,
    recycled: CsvBars,
    outlier_scratch: &mut OutlierScratch,
) -> CsvBars {
    let text = file.strip_prefix(b"\xef\xbb\xbf").unwrap_or(file);
    if !text.is_ascii() {
        return CsvBars::default();
    }
    let body = body_of(text);
    let (sample_end, sample_lines) = nth_line_end(body, SCALE_SAMPLE_ROWS);
    let sampled = sample_end < body.len();
    let expected_rows = rows_to_expect(body.len(), sample_end, sample_lines);
    let (price_scale, volume_scale) = scales_of(plan, &body[..sample_end]);
    let mut bars = read_rows(
        body,
        plan,
        price_scale,
        volume_scale,
        expected_rows,
        true,
        recycled,
    );
    bars.ascii = true;
    bars.sampled = sampled;
    bars.price_scale = price_scale;
    bars.volume_scale = volume_scale;
    check_rows(&mut bars, plan, outlier_scratch);
    bars
}

/// The plan's scales, those it leaves open detected from `sample` (the scale sample rows).
pub(super) fn scales_of(plan: &CsvPlan, sample: &[u8]) -> (u32, u32) {
    match (plan.price_scale, plan.volume_scale) {
        (Some(p), Some(v)) => (p, v),
        (p, v) => {
            let detected =
                detect_scales(sample, plan.delimiter, plan.width, plan.prices, plan.volume);
            (p.unwrap_or(detected.0), v.unwrap_or(detected.1))
        }
    }
}

/// With no row handed back: keeps the range and makes the validation's clean check and
/// outlier scan.
pub(super) fn check_rows(bars: &mut CsvBars, plan: &CsvPlan, outlier_scratch: &mut OutlierScratch) {
    if bars.other.is_empty() {
        let [at, open, high, low, close, volume, line] = bars.columns_mut();
        let columns = [at, open, high, low, close, volume].map(Vec::as_mut_slice);
        let kept = check_columns(columns, Some(line), plan, outlier_scratch);
        for column in bars.columns_mut() {
            column.truncate(kept.rows);
        }
        kept.mark(bars);
    }
}

/// What [`check_columns`] found: the rows kept (the first ones of each column), whether
/// they pass `isClean` and, when they do, the outlier closes.
pub(super) struct CheckedRows {
    pub rows: usize,
    clean: bool,
    outliers: Vec<u32>,
}

impl CheckedRows {
    /// Records the check on `bars` (whose rows, wherever they are, were checked).
    pub(super) fn mark(self, bars: &mut CsvBars) {
        bars.in_range = true;
        bars.clean = self.clean;
        bars.outliers = self.outliers;
    }
}

/// [`check_rows`] over the six bar columns `at` to `volume` wherever they are (and their
/// lines, when listed): moves the bars in range to the front and checks them.
pub(super) fn check_columns(
    mut columns: [&mut [f64]; 6],
    line: Option<&mut [f64]>,
    plan: &CsvPlan,
    outlier_scratch: &mut OutlierScratch,
) -> CheckedRows {
    let rows = keep_range(&mut columns, line, plan.start, plan.end);
    let [at, open, high, low, close, volume] = columns.map(|c| &c[..rows]);
    // Units from `plain_decimal_units` are integers within ±2^53: the rest of `isClean`.
    let clean = rows_hold_together(at, open, high, low, close, volume);
    let outliers = if clean {
        find_outliers_with(close, OUTLIER_THRESHOLD, OUTLIER_MIN_BARS, outlier_scratch)
    } else {
        Vec::new()
    };
    CheckedRows {
        rows,
        clean,
        outliers,
    }
}

/// Whether every bar starts in `[start, end]` (then [`check_columns`] moves nothing).
pub(super) fn all_in_range(at: &[f64], start: f64, end: f64) -> bool {
    at.iter().all(|&t| t >= start && t <= end)
}

/// The rows after the header line.
pub(super) fn body_of(text: &[u8]) -> &[u8] {
    let body_start = memchr::memchr(b'\n', text).map_or(text.len(), |at| at + 1);
    &text[body_start..]
}

/// Rows to expect, from the sample's bytes per line (a little over, so the columns are
/// allocated once): every line when the sample is the whole body.
pub(super) fn rows_to_expect(body_len: usize, sample_end: usize, sample_lines: usize) -> usize {
    if sample_end < body_len {
        let rows = body_len / (sample_end / sample_lines).max(1);
        rows + rows / 16 + 16
    } else {
        sample_lines
    }
}

/// The number of bars [`read_bars_reusing`] reserves room for in each column of `file`:
/// a caller can have that memory ready (its pages mapped) before the read.
pub fn expected_rows(file: &[u8]) -> usize {
    let text = file.strip_prefix(b"\xef\xbb\xbf").unwrap_or(file);
    let body = body_of(text);
    let (sample_end, sample_lines) = nth_line_end(body, SCALE_SAMPLE_ROWS);
    rows_to_expect(body.len(), sample_end, sample_lines)
}

/// Offset just past the `n`-th line break of `body` (or its length), and
/// the number of lines before it (a last line without a break included).
pub(super) fn nth_line_end(body: &[u8], n: usize) -> (usize, usize) {
    let mut end = 0;
    let mut lines = 0;
    while lines < n && end < body.len() {
        end = memchr::memchr(b'\n', &body[end..]).map_or(body.len(), |at| end + at + 1);
        lines += 1;
    }
    (end, lines)
}

fn read_rows(
    body: &[u8],
    plan: &CsvPlan,
    price_scale: u32,
    volume_scale: u32,
    estimate: usize,
    one_pass: bool,
    recycled: CsvBars,
) -> CsvBars {
    let mut bars = columns_for(recycled, estimate);
    RowReader::new(plan, price_scale, volume_scale, one_pass).read(body, &mut bars);
    bars
}

/// `recycled`'s columns, cleared, with room for `estimate` bars.
pub(super) fn columns_for(mut recycled: CsvBars, estimate: usize) -> CsvBars {
    let mut bars = recycled.take_columns();
    for column in bars.columns_mut() {
        column.clear();
        column.reserve(estimate);
    }
    bars
}

/// Reads a file's body into bar columns, in as many pieces as it is given: each piece
/// ends with a line break (the file's last piece may end without one).
pub(super) struct RowReader<'a> {
    plan: &'a CsvPlan,
    price_scale: u32,
    volume_scale: u32,
    times: IsoTimes,
    bounds: Vec<(usize, usize)>,
    fast: Option<FastRows>,
    line_number: u32,
}

impl<'a> RowReader<'a> {
    pub(super) fn new(
        plan: &'a CsvPlan,
        price_scale: u32,
        volume_scale: u32,
        one_pass: bool,
    ) -> Self {
        RowReader {
            plan,
            price_scale,
            volume_scale,
            times: IsoTimes::new(plan.daily, plan.utc),
            bounds: vec![(0usize, 0usize); plan.width.max(1)],
            fast: FastRows::new(plan, price_scale, volume_scale).filter(|_| one_pass),
            line_number: 2,
        }
    }

    /// Reads the lines of `piece` (the next part of the body) into `bars`.
    pub(super) fn read(&mut self, piece: &[u8], bars: &mut CsvBars) {
        let plan = self.plan;
        let mut from = 0;
        while from < piece.len() {
            if let Some((values, next)) = self
                .fast
                .as_ref()
                .and_then(|f| f.read(piece, from, &mut self.times))
            {
                push_bar(bars, values, self.line_number);
                self.line_number += 1;
                from = next;
                continue;
            }
            let line_end =
                memchr::memchr(b'\n', &piece[from..]).map_or(piece.len(), |at| from + at);
            let line = &piece[from..line_end];
            let count = split_fields(line, plan.delimiter, &mut self.bounds);
            finish_row(
                bars,
                &mut self.times,
                plan,
                line,
                &self.bounds,
                count,
                self.line_number,
                self.price_scale,
                self.volume_scale,
            );
            self.line_number += 1;
            from = line_end + 1;
        }
    }
}

/// Reads one split line: into the columns, skipped if blank, or handed back.
#[allow(clippy::too_many_arguments)]
#[inline]
fn finish_row(
    bars: &mut CsvBars,
    times: &mut IsoTimes,
    plan: &CsvPlan,
    line: &[u8],
    bounds: &[(usize, usize)],
    count: usize,
    line_number: u32,
    price_scale: u32,
    volume_scale: u32,
) {
    let read = if count < plan.width {
        None
    } else {
        read_fields(line, bounds, plan, times, price_scale, volume_scale)
    };
    match read {
        Some(values) => push_bar(bars, values, line_number),
        None if is_blank(line) => {}
        None => {
            let start = bars.other_text.len() as u32;
            bars.other_text.extend_from_slice(line);
            let end = bars.other_text.len() as u32;
            bars.other.extend([line_number, start, end]);
        }
    }
}

#[inline(always)]
fn push_bar(bars: &mut CsvBars, [at, open, high, low, close, volume]: [f64; 6], line_number: u32) {
    bars.at.push(at);
    bars.open.push(open);
    bars.high.push(high);
    bars.low.push(low);
    bars.close.push(close);
    bars.volume.push(volume);
    bars.line.push(f64::from(line_number));
}

/// `[at, open, high, low, close, volume]` of a row, or `None` to hand it back.
#[inline]
fn read_fields(
    line: &[u8],
    bounds: &[(usize, usize)],
    plan: &CsvPlan,
    times: &mut IsoTimes,
    price_scale: u32,
    volume_scale: u32,
) -> Option<[f64; 6]> {
    let field = |k: usize| &line[bounds[k].0..bounds[k].1];
    let [o, h, l, c] = plan.prices;
    let at = times.read(field(plan.date))?;
    let open = plain_decimal_units(field(o), price_scale)?;
    let high = plain_decimal_units(field(h), price_scale)?;
    let low = plain_decimal_units(field(l), price_scale)?;
    let close = plain_decimal_units(field(c), price_scale)?;
    let volume = match plan.volume {
        Some(v) => plain_decimal_units(field(v), volume_scale)?,
        None => 0.0,
    };
    Some([at, open, high, low, close, volume])
}

/// Moves the bars whose start is in `[start, end]` to the front, in order (their lines
/// too, when given); returns how many.
fn keep_range(
    columns: &mut [&mut [f64]; 6],
    mut line: Option<&mut [f64]>,
    start: f64,
    end: f64,
) -> usize {
    if all_in_range(columns[0], start, end) {
        return columns[0].len();
    }
    let mut kept = 0;
    for i in 0..columns[0].len() {
        let t = columns[0][i];
        if t >= start && t <= end {
            for column in columns.iter_mut() {
                column[kept] = column[i];
            }
            if let Some(line) = line.as_deref_mut() {
                line[kept] = line[i];
            }
            kept += 1;
        }
    }
    kept
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::test_support::{self, Lcg};

    fn plan() -> CsvPlan {
        test_support::plan(true)
    }

    #[test]
    fn reads_plain_rows_and_hands_back_the_others_with_their_lines() {
        let text = b"\xef\xbb\xbfDate,Open,High,Low,Close,Volume\n2024-01-02,1.5,2,1,1.75,100\r\n \r\n2024-01-03,1,2,1\n2024-01-04,1,2,1,1e1,5";
        let bars = read_bars(text, &plan());
        assert!(bars.ascii && !bars.sampled);
        assert_eq!((bars.price_scale, bars.volume_scale), (2, 0));
        assert_eq!(bars.at, vec![1_704_153_600_000.0]);
        assert_eq!(
            (bars.open[0], bars.high[0], bars.low[0], bars.close[0]),
            (150.0, 200.0, 100.0, 175.0)
        );
        assert_eq!((bars.volume[0], bars.line[0]), (100.0, 2.0));
        assert_eq!(bars.other, vec![4, 0, 16, 5, 16, 38]);
        assert_eq!(&bars.other_text[..16], b"2024-01-03,1,2,1");
        assert!(!bars.in_range && !bars.clean);
    }

    #[test]
    fn keeps_the_range_and_checks_the_bars_when_nothing_is_handed_back() {
        let text =
            b"d,o,h,l,c,v\n2024-01-02,1,2,1,1,1\n2024-01-03,1,2,1,1,1\n2024-01-04,1,2,1,1,1\n";
        let mut p = plan();
        p.start = 1_704_240_000_000.0;
        p.price_scale = Some(4);
        let bars = read_bars(text, &p);
        assert_eq!(bars.line, vec![3.0, 4.0]);
        assert_eq!(bars.open, vec![10_000.0, 10_000.0]);
        assert!(bars.in_range && bars.clean && bars.outliers.is_empty());
    }

    #[test]
    fn reads_mangled_rows_in_one_pass_as_the_general_way_does() {
        let mut lcg = Lcg(5);
        let mut next = move |below: usize| lcg.below(below);
        let rows = [
            &b"2024-01-02T14:30:00Z,20.00,20.01,19.99,20.00,698715"[..],
            b"2024-01-02 14:31:00,1234.5,1300,1200.25,1250,12345678",
            b"2024-01-03,7,7.5,6.25,7,0",
            b"2024-02-29T23:59:60Z,0.0001,99999.99,.5,5.,10",
        ];
        let noise = b"0123456789.,;-\r\n eZT:+x";
        for _ in 0..3000 {
            let delimiter = [b',', b';', b'|', b' '][next(4)];
            let mut text = b"d,o,h,l,c,v".to_vec();
            for _ in 0..next(12) {
                text.push(b'\n');
                let mut row = rows[next(rows.len())].to_vec();
                for _ in 0..next(3) {
                    let at = next(row.len() + 1);
                    match next(3) {
                        0 if at < row.len() => {
                            row.remove(at);
                        }
                        1 => row.insert(at, noise[next(noise.len())]),
                        _ => row.extend_from_slice(b",9"),
                    }
                }
                if next(4) == 0 {
                    row.push(b'\r');
                }
                text.extend(row.iter().map(|&b| if b == b',' { delimiter } else { b }));
            }
            if next(2) == 0 {
                text.push(b'\n');
            }
            let mut p = plan();
            p.delimiter = delimiter;
            (p.daily, p.utc) = (next(2) == 0, next(2) == 0);
            match next(3) {
                0 => p.volume = None,
                1 => (p.date, p.prices, p.volume) = (5, [0, 1, 2, 3], Some(4)),
                _ => {}
            }
            let body = &text[12.min(text.len())..];
            for scale in [0, 2, 4] {
                let fresh = CsvBars::default;
                let one_pass = read_rows(body, &p, scale, 1, 0, true, fresh());
                let general = read_rows(body, &p, scale, 1, 0, false, fresh());
                assert_eq!(one_pass, general, "{:?}", String::from_utf8_lossy(body));
            }
        }
    }

    #[test]
    fn reads_nothing_of_a_file_that_is_not_ascii() {
        let bars = read_bars("d,o,h,l,c,v\n2024-01-02,1,2,1,1,1 é\n".as_bytes(), &plan());
        assert!(!bars.ascii && bars.at.is_empty());
    }

    #[test]
    fn detects_scales_from_the_sample_only() {
        let mut text = b"d,o,h,l,c,v\n".to_vec();
        for _ in 0..SCALE_SAMPLE_ROWS {
            text.extend_from_slice(b"2024-01-02,1.5,2,1,1,1\n");
        }
        text.extend_from_slice(b"2024-01-03,1.25,2,1,1,1\n");
        let bars = read_bars(&text, &plan());
        assert!(bars.sampled);
        assert_eq!(bars.price_scale, 1);
        // Allocated once, from the sample's bytes per line, with a little room.
        let (rows, room) = (bars.at.len(), bars.at.capacity());
        assert!(
            room >= rows && room <= rows + rows / 8 + 16,
            "{room} for {rows} rows"
        );
        assert_eq!(bars.other.len(), 3);
    }
}
