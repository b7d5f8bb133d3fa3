//! Lines and fields of a CSV body into typed columns.

use super::decimal::plain_decimal_units;
use super::iso_time::plain_iso_time;

/// A row read into the columns.
pub const ROW_BARE: u8 = 0;
/// A line of spaces, tabs and carriage returns only: skipped.
pub const ROW_BLANK: u8 = 1;
/// A row for the TypeScript reader: short, or a value that is not plain.
pub const ROW_OTHER: u8 = 2;

/// How to read a file's rows, as the TypeScript reader decided from its header and sample.
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
    /// Decimal places of the price units.
    pub price_scale: u32,
    /// Decimal places of the volume units.
    pub volume_scale: u32,
    /// Daily bars: the date's label, the time of day ignored.
    pub daily: bool,
    /// The file's zone is UTC: date-times without an offset need no conversion.
    pub utc: bool,
}

/// One entry per line of the body, in order: its kind and, for [`ROW_BARE`],
/// its bar start and units; [`ROW_OTHER`] rows are listed in `other` as
/// `(row, line start, line end)` byte offsets into the text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CsvRows {
    pub kind: Vec<u8>,
    pub at: Vec<f64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
    pub other: Vec<u32>,
}

/// Reads the lines of `text` from `body_start` (the byte after the header's
/// line break): lines end at `\n` (a last line may lack one), one trailing
/// `\r` is not part of the last field, fields are split at the delimiter with
/// no quoting: exactly as `CsvFields` and the row loop of `CsvSource` do.
pub fn parse_rows(text: &[u8], body_start: usize, plan: &CsvPlan) -> CsvRows {
    let estimate = text.len().saturating_sub(body_start) / 40 + 1;
    let mut rows = CsvRows {
        kind: Vec::with_capacity(estimate),
        at: Vec::with_capacity(estimate),
        open: Vec::with_capacity(estimate),
        high: Vec::with_capacity(estimate),
        low: Vec::with_capacity(estimate),
        close: Vec::with_capacity(estimate),
        volume: Vec::with_capacity(estimate),
        other: Vec::new(),
    };
    let mut bounds = vec![(0usize, 0usize); plan.width.max(1)];
    let mut from = body_start;
    let mut row = 0u32;
    while from < text.len() {
        let line_end = match text[from..].iter().position(|&b| b == b'\n') {
            Some(offset) => from + offset,
            None => text.len(),
        };
        let line = &text[from..line_end];
        let values = if is_blank(line) {
            None
        } else {
            Some(read_row(line, plan, &mut bounds))
        };
        match values {
            None => push(&mut rows, ROW_BLANK, [0.0; 6]),
            Some(Some(values)) => push(&mut rows, ROW_BARE, values),
            Some(None) => {
                push(&mut rows, ROW_OTHER, [0.0; 6]);
                rows.other.extend([row, from as u32, line_end as u32]);
            }
        }
        row += 1;
        from = line_end + 1;
    }
    rows
}

fn push(rows: &mut CsvRows, kind: u8, values: [f64; 6]) {
    rows.kind.push(kind);
    rows.at.push(values[0]);
    rows.open.push(values[1]);
    rows.high.push(values[2]);
    rows.low.push(values[3]);
    rows.close.push(values[4]);
    rows.volume.push(values[5]);
}

/// `[at, open, high, low, close, volume]` of a line, or `None` to hand it back.
fn read_row(line: &[u8], plan: &CsvPlan, bounds: &mut [(usize, usize)]) -> Option<[f64; 6]> {
    let end = if line.last() == Some(&b'\r') {
        line.len() - 1
    } else {
        line.len()
    };
    let mut count = 0usize;
    let mut start = 0usize;
    let separators = line[..end]
        .iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == plan.delimiter)
        .map(|(i, _)| i)
        .chain(std::iter::once(end));
    for i in separators {
        if count < bounds.len() {
            bounds[count] = (start, i);
        }
        count += 1;
        start = i + 1;
    }
    if count < plan.width {
        return None;
    }
    let field = |k: usize| &line[bounds[k].0..bounds[k].1];
    let at = plain_iso_time(field(plan.date), plan.daily, plan.utc)?;
    let [o, h, l, c] = plan.prices;
    let open = plain_decimal_units(field(o), plan.price_scale)?;
    let high = plain_decimal_units(field(h), plan.price_scale)?;
    let low = plain_decimal_units(field(l), plan.price_scale)?;
    let close = plain_decimal_units(field(c), plan.price_scale)?;
    let volume = match plan.volume {
        Some(v) => plain_decimal_units(field(v), plan.volume_scale)?,
        None => 0.0,
    };
    Some([at, open, high, low, close, volume])
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> CsvPlan {
        CsvPlan {
            delimiter: b',',
            width: 6,
            date: 0,
            prices: [1, 2, 3, 4],
            volume: Some(5),
            price_scale: 2,
            volume_scale: 0,
            daily: true,
            utc: true,
        }
    }

    #[test]
    fn reads_rows_and_hands_back_the_others_with_their_offsets() {
        let text = b"Date,Open,High,Low,Close,Volume\n2024-01-02,1.5,2,1,1.75,100\r\n \r\n2024-01-03,1,2,1\n2024-01-04,1,2,1,1e1,5";
        let rows = parse_rows(text, 32, &plan());
        assert_eq!(rows.kind, vec![ROW_BARE, ROW_BLANK, ROW_OTHER, ROW_OTHER]);
        assert_eq!(rows.at[0], 1_704_153_600_000.0);
        assert_eq!(
            (rows.open[0], rows.high[0], rows.low[0], rows.close[0]),
            (150.0, 200.0, 100.0, 175.0)
        );
        assert_eq!(rows.volume[0], 100.0);
        let short = &text[rows.other[1] as usize..rows.other[2] as usize];
        assert_eq!(short, b"2024-01-03,1,2,1");
        assert_eq!(rows.other[3], 3);
    }

    #[test]
    fn a_body_ending_in_a_line_break_has_no_empty_last_row() {
        let rows = parse_rows(b"h\n2024-01-02,1,1,1,1,1\n", 2, &plan());
        assert_eq!(rows.kind, vec![ROW_BARE]);
    }
}
