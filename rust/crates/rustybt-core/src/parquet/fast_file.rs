//! A frame's fast-load file as the bundle writer stores it: six columns (timestamps,
//! open, high, low, close, volume) back to back, no header, each little-endian f64 or,
//! when all its values fit, i32. [`FastColumns`] hands any row range of it to the bar
//! encoder a page of one column at a time, so encoding a frame never holds the frame.

use std::io::{Error, ErrorKind, Read, Result, Seek, SeekFrom};

use super::bar_source::BarSource;
use super::bars::{BarParquetEncoder, BarRangeFault};

/// How one column is stored in a fast-load file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FastWidth {
    F64,
    I32,
}

impl FastWidth {
    /// Bytes of one value.
    pub fn bytes(self) -> usize {
        match self {
            FastWidth::F64 => 8,
            FastWidth::I32 => 4,
        }
    }
}

/// The columns of one fast-load file of `rows` bars, read on demand from `reader`.
pub struct FastColumns<R> {
    reader: R,
    rows: usize,
    widths: [FastWidth; 6],
    /// Byte offset of each column in the file.
    starts: [u64; 6],
    bytes: Vec<u8>,
    values: Vec<f64>,
}

impl<R: Read + Seek> FastColumns<R> {
    /// The file in `reader` holding `rows` bars, its columns stored at `widths`.
    ///
    /// # Errors
    /// When the file is not exactly as long as those columns, or cannot be read.
    pub fn new(mut reader: R, rows: usize, widths: [FastWidth; 6]) -> Result<Self> {
        let mut starts = [0u64; 6];
        let mut size = 0u64;
        for (start, width) in starts.iter_mut().zip(widths) {
            *start = size;
            size += (rows * width.bytes()) as u64;
        }
        let actual = reader.seek(SeekFrom::End(0))?;
        if actual != size {
            return Err(Error::new(
                ErrorKind::InvalidData,
                format!("has {actual} bytes where {rows} bars take {size}"),
            ));
        }
        Ok(Self {
            reader,
            rows,
            widths,
            starts,
            bytes: Vec::new(),
            values: Vec::new(),
        })
    }

    /// Appends bars `first..end` of the file to `encoder` under `sid`, exactly as
    /// [`BarParquetEncoder::add_bars`] would append the same rows of the frame's columns;
    /// a fault's row indexes the whole file (the frame), not the range.
    ///
    /// # Errors
    /// When the range leaves the file or a read fails; the encoder must then be abandoned.
    pub fn encode_rows(
        &mut self,
        encoder: &mut BarParquetEncoder,
        sid: i32,
        first: usize,
        end: usize,
        price_factor: f64,
        volume_factor: f64,
    ) -> Result<Option<BarRangeFault>> {
        if first > end || end > self.rows {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("rows {first}..{end} are not within its {} bars", self.rows),
            ));
        }
        let mut range = FastRange {
            file: self,
            first,
            end,
        };
        let fault = encoder.add_from(sid, &mut range, price_factor, volume_factor)?;
        Ok(fault.map(|f| BarRangeFault {
            column: f.column,
            row: f.row + first as u32,
        }))
    }
}

/// Rows `first..end` of a fast-load file, as a source of bars.
struct FastRange<'a, R> {
    file: &'a mut FastColumns<R>,
    first: usize,
    end: usize,
}

impl<R: Read + Seek> BarSource for FastRange<'_, R> {
    fn rows(&self) -> usize {
        self.end - self.first
    }

    fn column(&mut self, k: usize, from: usize, to: usize) -> Result<&[f64]> {
        let file = &mut *self.file;
        let width = file.widths[k];
        let at = file.starts[k] + ((self.first + from) * width.bytes()) as u64;
        file.bytes.resize((to - from) * width.bytes(), 0);
        file.reader.seek(SeekFrom::Start(at))?;
        file.reader.read_exact(&mut file.bytes)?;
        file.values.clear();
        match width {
            FastWidth::F64 => file.values.extend(
                file.bytes
                    .chunks_exact(8)
                    .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])),
            ),
            FastWidth::I32 => file.values.extend(
                file.bytes
                    .chunks_exact(4)
                    .map(|b| f64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
            ),
        }
        Ok(&file.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parquet::{BarColumns, PAGE_ROWS};
    use std::io::Cursor;

    /// A frame of `rows` minute-to-daily bars over several years: integer prices (stored
    /// as i32 when `narrow`), volumes with fractions (always f64), timestamps in ms.
    fn frame(rows: usize, seed: u64, narrow: bool) -> [Vec<f64>; 6] {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut columns: [Vec<f64>; 6] = Default::default();
        let mut time = 1_577_836_800_000.0; // 2020-01-01
        for _ in 0..rows {
            time += 60_000.0 * (1 + next() % 60) as f64;
            columns[0].push(time);
            let price = (next() % 1_000_000) as f64 - 1000.0;
            for (k, column) in columns.iter_mut().enumerate().take(5).skip(1) {
                column.push(if narrow {
                    price + k as f64
                } else {
                    price * 1e6 + k as f64
                });
            }
            columns[5].push((next() % 100_000) as f64 + 0.5);
        }
        columns
    }

    fn widths_of(columns: &[Vec<f64>; 6]) -> [FastWidth; 6] {
        let mut widths = [FastWidth::F64; 6];
        for (k, column) in columns.iter().enumerate().skip(1) {
            if column.iter().all(|&v| v == f64::from(v as i32)) {
                widths[k] = FastWidth::I32;
            }
        }
        widths
    }

    /// The bytes of the fast-load file of `columns`, as the bundle writer lays them out.
    fn file_of(columns: &[Vec<f64>; 6], widths: [FastWidth; 6]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (column, width) in columns.iter().zip(widths) {
            for &v in column {
                match width {
                    FastWidth::F64 => bytes.extend_from_slice(&v.to_le_bytes()),
                    FastWidth::I32 => bytes.extend_from_slice(&(v as i32).to_le_bytes()),
                }
            }
        }
        bytes
    }

    fn slices(columns: &[Vec<f64>; 6], first: usize, end: usize) -> BarColumns<'_> {
        BarColumns {
            timestamps: &columns[0][first..end],
            open: &columns[1][first..end],
            high: &columns[2][first..end],
            low: &columns[3][first..end],
            close: &columns[4][first..end],
            volume: &columns[5][first..end],
        }
    }

    /// Row ranges of each UTC year (365-day years are enough to cut a series in pieces).
    fn years(timestamps: &[f64]) -> Vec<(usize, usize)> {
        let year = |t: f64| (t / (365.0 * 86_400_000.0)).floor() as i64;
        let mut ranges = Vec::new();
        let mut first = 0;
        for i in 1..=timestamps.len() {
            if i == timestamps.len() || year(timestamps[i]) != year(timestamps[first]) {
                ranges.push((first, i));
                first = i;
            }
        }
        ranges
    }

    #[test]
    fn writes_the_same_bytes_from_the_file_as_from_the_columns() {
        let frames = [
            frame(150_000, 7, true),
            frame(40_000, 11, false),
            frame(3, 13, true),
            frame(0, 17, true),
        ];
        let mut from_columns = BarParquetEncoder::new(6, 2).expect("encoder");
        let mut from_files = BarParquetEncoder::new(6, 2).expect("encoder");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut ranges = 0;
        for (sid, columns) in frames.iter().enumerate() {
            let widths = widths_of(columns);
            let rows = columns[0].len();
            let mut file = FastColumns::new(Cursor::new(file_of(columns, widths)), rows, widths)
                .expect("file");
            // Each year apart, then the whole frame again: ranges of several pages and row groups.
            let mut pieces = years(&columns[0]);
            pieces.push((0, rows));
            for (first, end) in pieces {
                ranges += 1;
                let bars = slices(columns, first, end);
                let expected = from_columns.add_bars(sid as i32, &bars, 100.0, 10.0);
                let actual = file.encode_rows(&mut from_files, sid as i32, first, end, 100.0, 10.0);
                assert_eq!(expected.expect("io"), None);
                assert_eq!(actual.expect("io"), None);
                a.extend(from_columns.take_output());
                b.extend(from_files.take_output());
            }
        }
        assert!(ranges > 10, "several years per frame: {ranges}");
        assert_eq!(widths_of(&frames[0])[1], FastWidth::I32);
        assert_eq!(widths_of(&frames[1])[1], FastWidth::F64);
        a.extend(from_columns.finish());
        b.extend(from_files.finish());
        assert_eq!(a, b);
    }

    #[test]
    fn writes_the_same_bytes_from_a_range_handed_over_a_page_at_a_time() {
        let columns = frame(150_000, 23, true);
        let widths = widths_of(&columns);
        let bytes = file_of(&columns, widths);
        let encode = |step: usize| {
            let mut file =
                FastColumns::new(Cursor::new(bytes.clone()), 150_000, widths).expect("file");
            let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
            let (first, end) = (1_234, 140_000);
            let mut out = Vec::new();
            for at in (first..end).step_by(step) {
                let to = end.min(at + step);
                let fault = file.encode_rows(&mut encoder, 4, at, to, 1.0, 10.0);
                assert_eq!(fault.expect("io"), None);
                out.extend(encoder.take_output());
            }
            out.extend(encoder.finish());
            out
        };
        let whole = encode(150_000);
        assert_eq!(encode(PAGE_ROWS), whole);
        assert_eq!(encode(3 * PAGE_ROWS), whole);
        assert_ne!(
            encode(PAGE_ROWS / 2),
            whole,
            "pages must start where they did"
        );
    }

    #[test]
    fn reports_a_fault_at_its_row_within_the_frame() {
        let mut columns = frame(70_000, 5, true);
        columns[3][50_000] = 1e14;
        let widths = widths_of(&columns);
        let mut file =
            FastColumns::new(Cursor::new(file_of(&columns, widths)), 70_000, widths).expect("file");
        let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
        let fault = file.encode_rows(&mut encoder, 0, 40_000, 60_000, 100.0, 1.0);
        assert_eq!(
            fault.expect("io"),
            Some(BarRangeFault {
                column: 3,
                row: 50_000
            })
        );
        let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
        let bars = slices(&columns, 40_000, 60_000);
        let fault = encoder.add_bars(0, &bars, 100.0, 1.0).expect("io");
        assert_eq!(
            fault,
            Some(BarRangeFault {
                column: 3,
                row: 10_000
            })
        );
    }

    #[test]
    fn refuses_a_file_of_the_wrong_size_and_a_range_past_its_end() {
        let columns = frame(10, 3, true);
        let widths = widths_of(&columns);
        let mut bytes = file_of(&columns, widths);
        bytes.pop();
        let short = FastColumns::new(Cursor::new(bytes), 10, widths);
        let Err(error) = short else {
            panic!("a short file was accepted");
        };
        let message = error.to_string();
        assert!(message.contains("where 10 bars take"), "{message}");
        let mut file =
            FastColumns::new(Cursor::new(file_of(&columns, widths)), 10, widths).expect("file");
        let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
        let past = file.encode_rows(&mut encoder, 0, 5, 11, 1.0, 1.0);
        assert_eq!(past.expect_err("refused").kind(), ErrorKind::InvalidInput);
    }
}
