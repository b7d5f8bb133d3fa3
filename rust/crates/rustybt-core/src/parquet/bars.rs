//! A Parquet file of bars: `sid INT32`, `ts TIMESTAMP(MICROS)`, four prices as
//! `DECIMAL(18, P)` and `volume DECIMAL(18, V)`, all REQUIRED, each page
//! DELTA_BINARY_PACKED and ZSTD-compressed, with min/max statistics per column chunk.
//! Rows are taken in the order given (the caller passes them sid by sid, in time order).

use super::bar_source::{BarColumns, BarSource};
use super::delta::encode_delta;
use super::thrift::{CompactWriter, BINARY, STRUCT};

/// Rows after which a row group is closed (DuckDB's own row-group size).
pub const ROW_GROUP_ROWS: usize = 122_880;
/// Rows of one data page: bounds the scratch memory for a long series. A symbol's rows
/// handed over in pieces that start at multiples of it give the same file as in one call.
pub const PAGE_ROWS: usize = 32_768;
const COLUMNS: usize = 7;
const NAMES: [&str; COLUMNS] = ["sid", "ts", "open", "high", "low", "close", "volume"];
const MAGIC: &[u8] = b"PAR1";
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
/// ZSTD level: after delta encoding the pages are small; level 1 is several times faster than 3.
const ZSTD_LEVEL: i32 = 1;

// Parquet enum values.
const TYPE_INT32: i32 = 1;
const TYPE_INT64: i32 = 2;
const REQUIRED: i32 = 0;
const CONVERTED_DECIMAL: i32 = 5;
const CONVERTED_TIMESTAMP_MICROS: i32 = 10;
const CONVERTED_INT_32: i32 = 17;
const ENCODING_RLE: i32 = 3;
const ENCODING_DELTA_BINARY_PACKED: i32 = 5;
const CODEC_ZSTD: i32 = 6;
const PAGE_DATA: i32 = 0;

/// A value that is not a safe integer once rescaled: `column` 0 is the timestamp,
/// 1–4 the prices, 5 the volume; `row` indexes the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarRangeFault {
    pub column: u32,
    pub row: u32,
}

#[derive(Default, Clone)]
struct Chunk {
    /// Page headers and compressed pages of the open row group.
    pages: Vec<u8>,
    uncompressed: u64,
    values: u64,
    min: i64,
    max: i64,
}

struct ChunkMeta {
    offset: u64,
    compressed: u64,
    uncompressed: u64,
    values: u64,
    min: i64,
    max: i64,
}

struct RowGroupMeta {
    rows: u64,
    columns: Vec<ChunkMeta>,
}

/// Builds one Parquet file of bars. Feed it with [`Self::add_bars`], write out what
/// [`Self::take_output`] returns as you go, and end with [`Self::finish`] (the footer).
pub struct BarParquetEncoder {
    price_scale: i32,
    volume_scale: i32,
    chunks: Vec<Chunk>,
    open_rows: u64,
    row_groups: Vec<RowGroupMeta>,
    /// Bytes already handed out by `take_output`: the file offset of `output[0]`.
    handed_out: u64,
    output: Vec<u8>,
    values: Vec<i64>,
    plain: Vec<u8>,
    compressor: zstd::bulk::Compressor<'static>,
}

impl BarParquetEncoder {
    /// A file whose prices are DECIMAL(18, `price_scale`) and volumes DECIMAL(18, `volume_scale`).
    pub fn new(price_scale: u8, volume_scale: u8) -> std::io::Result<Self> {
        Ok(Self {
            price_scale: i32::from(price_scale),
            volume_scale: i32::from(volume_scale),
            chunks: vec![Chunk::default(); COLUMNS],
            open_rows: 0,
            row_groups: Vec::new(),
            handed_out: 0,
            output: MAGIC.to_vec(),
            values: Vec::with_capacity(PAGE_ROWS),
            plain: Vec::new(),
            compressor: zstd::bulk::Compressor::new(ZSTD_LEVEL)?,
        })
    }

    /// Appends the bars of `sid`, prices times `price_factor` and volumes times
    /// `volume_factor` (powers of ten taking the frame's scales to the file's), timestamps
    /// as microseconds. Every value must stay a safe integer (|v| < 2^53): the first that
    /// does not is returned, and the file must then be abandoned (as after an error).
    pub fn add_bars(
        &mut self,
        sid: i32,
        bars: &BarColumns<'_>,
        price_factor: f64,
        volume_factor: f64,
    ) -> std::io::Result<Option<BarRangeFault>> {
        bars.check_lengths()?;
        let mut source = *bars;
        self.add_from(sid, &mut source, price_factor, volume_factor)
    }

    /// As [`Self::add_bars`], reading the bars from `source` one page of one column at a
    /// time (the fault's row indexes the source). The same bars give the same bytes
    /// whatever the source.
    pub fn add_from(
        &mut self,
        sid: i32,
        source: &mut impl BarSource,
        price_factor: f64,
        volume_factor: f64,
    ) -> std::io::Result<Option<BarRangeFault>> {
        let n = source.rows();
        let factors = [
            1000.0,
            price_factor,
            price_factor,
            price_factor,
            price_factor,
            volume_factor,
        ];
        let mut from = 0;
        while from < n {
            let to = n.min(from + PAGE_ROWS);
            self.values.clear();
            self.values.resize(to - from, i64::from(sid));
            self.page(0)?;
            for (k, factor) in factors.into_iter().enumerate() {
                self.values.clear();
                for (i, &units) in source.column(k, from, to)?.iter().enumerate() {
                    let value = units * factor;
                    if !(value.abs() <= MAX_SAFE && value.trunc() == value) {
                        return Ok(Some(BarRangeFault {
                            column: k as u32,
                            row: (from + i) as u32,
                        }));
                    }
                    self.values.push(value as i64);
                }
                self.page(k + 1)?;
            }
            self.open_rows += (to - from) as u64;
            if self.open_rows >= ROW_GROUP_ROWS as u64 {
                self.close_row_group();
            }
            from = to;
        }
        Ok(None)
    }

    /// The file's bytes produced since the last call, to be written in order.
    pub fn take_output(&mut self) -> Vec<u8> {
        let bytes = std::mem::take(&mut self.output);
        self.handed_out += bytes.len() as u64;
        bytes
    }

    /// As [`BarParquetEncoder::take_output`], into `target`: copies the first of the bytes
    /// produced (as many as fit) and returns their number, 0 once all are handed out. The
    /// encoder keeps its buffer, so a caller draining file after file allocates nothing.
    pub fn take_output_into(&mut self, target: &mut [u8]) -> usize {
        let n = target.len().min(self.output.len());
        target[..n].copy_from_slice(&self.output[..n]);
        self.output.drain(..n);
        self.handed_out += n as u64;
        n
    }

    /// Closes the last row group and returns the rest of the file, footer included.
    pub fn finish(mut self) -> Vec<u8> {
        if self.open_rows > 0 {
            self.close_row_group();
        }
        let mut footer = Vec::new();
        self.write_footer(&mut footer);
        self.output.extend_from_slice(&footer);
        self.output
            .extend_from_slice(&(footer.len() as u32).to_le_bytes());
        self.output.extend_from_slice(MAGIC);
        self.take_output()
    }

    /// Encodes `self.values` as one data page of column `k`.
    fn page(&mut self, k: usize) -> std::io::Result<()> {
        self.plain.clear();
        encode_delta(&self.values, &mut self.plain);
        let compressed = self.compressor.compress(&self.plain)?;
        let chunk = &mut self.chunks[k];
        let (min, max) = self
            .values
            .iter()
            .fold((i64::MAX, i64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        if chunk.values == 0 {
            chunk.min = min;
            chunk.max = max;
        } else {
            chunk.min = chunk.min.min(min);
            chunk.max = chunk.max.max(max);
        }
        let mut header = Vec::with_capacity(32);
        let mut w = CompactWriter::new(&mut header);
        w.i32(1, PAGE_DATA);
        w.i32(2, self.plain.len() as i32);
        w.i32(3, compressed.len() as i32);
        w.begin(5);
        w.i32(1, self.values.len() as i32);
        w.i32(2, ENCODING_DELTA_BINARY_PACKED);
        w.i32(3, ENCODING_RLE);
        w.i32(4, ENCODING_RLE);
        w.end();
        w.end();
        chunk.uncompressed += (header.len() + self.plain.len()) as u64;
        chunk.pages.extend_from_slice(&header);
        chunk.pages.extend_from_slice(&compressed);
        chunk.values += self.values.len() as u64;
        Ok(())
    }

    fn close_row_group(&mut self) {
        let mut columns = Vec::with_capacity(COLUMNS);
        for chunk in &mut self.chunks {
            let offset = self.handed_out + self.output.len() as u64;
            self.output.extend_from_slice(&chunk.pages);
            columns.push(ChunkMeta {
                offset,
                compressed: chunk.pages.len() as u64,
                uncompressed: chunk.uncompressed,
                values: chunk.values,
                min: chunk.min,
                max: chunk.max,
            });
            chunk.pages.clear();
            chunk.uncompressed = 0;
            chunk.values = 0;
        }
        self.row_groups.push(RowGroupMeta {
            rows: self.open_rows,
            columns,
        });
        self.open_rows = 0;
    }

    fn write_footer(&self, out: &mut Vec<u8>) {
        let mut w = CompactWriter::new(out);
        w.i32(1, 1);
        w.list(2, STRUCT, COLUMNS + 1);
        w.begin_element();
        w.binary(4, b"schema");
        w.i32(5, COLUMNS as i32);
        w.end();
        for (k, name) in NAMES.iter().enumerate() {
            w.begin_element();
            w.i32(1, if k == 0 { TYPE_INT32 } else { TYPE_INT64 });
            w.i32(3, REQUIRED);
            w.binary(4, name.as_bytes());
            match k {
                0 => {
                    w.i32(6, CONVERTED_INT_32);
                    w.begin(10);
                    w.begin(10);
                    w.byte(1, 32);
                    w.bool(2, true);
                    w.end();
                    w.end();
                }
                1 => {
                    w.i32(6, CONVERTED_TIMESTAMP_MICROS);
                    w.begin(10);
                    w.begin(8);
                    w.bool(1, false);
                    w.begin(2);
                    w.begin(2);
                    w.end();
                    w.end();
                    w.end();
                    w.end();
                }
                _ => {
                    let scale = if k == 6 {
                        self.volume_scale
                    } else {
                        self.price_scale
                    };
                    w.i32(6, CONVERTED_DECIMAL);
                    w.i32(7, scale);
                    w.i32(8, 18);
                    w.begin(10);
                    w.begin(5);
                    w.i32(1, scale);
                    w.i32(2, 18);
                    w.end();
                    w.end();
                }
            }
            w.end();
        }
        let rows: u64 = self.row_groups.iter().map(|g| g.rows).sum();
        w.i64(3, rows as i64);
        w.list(4, STRUCT, self.row_groups.len());
        for group in &self.row_groups {
            w.begin_element();
            w.list(1, STRUCT, COLUMNS);
            for (k, meta) in group.columns.iter().enumerate() {
                w.begin_element();
                w.i64(2, meta.offset as i64);
                w.begin(3);
                w.i32(1, if k == 0 { TYPE_INT32 } else { TYPE_INT64 });
                w.list(2, super::thrift::I32, 1);
                w.element_i32(ENCODING_DELTA_BINARY_PACKED);
                w.list(3, BINARY, 1);
                w.element_binary(NAMES[k].as_bytes());
                w.i32(4, CODEC_ZSTD);
                w.i64(5, meta.values as i64);
                w.i64(6, meta.uncompressed as i64);
                w.i64(7, meta.compressed as i64);
                w.i64(9, meta.offset as i64);
                w.begin(12);
                w.i64(3, 0);
                let (lo, hi) = if k == 0 {
                    (
                        (meta.min as i32).to_le_bytes().to_vec(),
                        (meta.max as i32).to_le_bytes().to_vec(),
                    )
                } else {
                    (
                        meta.min.to_le_bytes().to_vec(),
                        meta.max.to_le_bytes().to_vec(),
                    )
                };
                w.binary(5, &hi);
                w.binary(6, &lo);
                w.end();
                w.end();
                w.end();
            }
            let uncompressed: u64 = group.columns.iter().map(|c| c.uncompressed).sum();
            let compressed: u64 = group.columns.iter().map(|c| c.compressed).sum();
            w.i64(2, uncompressed as i64);
            w.i64(3, group.rows as i64);
            w.i64(5, group.columns[0].offset as i64);
            w.i64(6, compressed as i64);
            w.end();
        }
        w.binary(6, b"rustybt");
        w.list(7, STRUCT, COLUMNS);
        for _ in 0..COLUMNS {
            w.begin_element();
            w.begin(1);
            w.end();
            w.end();
        }
        w.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_first_value_out_of_range() {
        let mut encoder = BarParquetEncoder::new(4, 0).expect("encoder");
        let big = [1.0, 1e14];
        let ones = [1.0, 1.0];
        let bars = BarColumns {
            timestamps: &[0.0, 60_000.0],
            open: &ones,
            high: &big,
            low: &ones,
            close: &ones,
            volume: &ones,
        };
        let fault = encoder.add_bars(0, &bars, 100.0, 1.0).expect("io");
        assert_eq!(fault, Some(BarRangeFault { column: 2, row: 1 }));
    }

    #[test]
    fn frames_the_file_with_magic_and_footer_length() {
        let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
        let col = [100.0, 101.0, 102.0];
        let bars = BarColumns {
            timestamps: &[0.0, 60_000.0, 120_000.0],
            open: &col,
            high: &col,
            low: &col,
            close: &col,
            volume: &col,
        };
        assert_eq!(encoder.add_bars(3, &bars, 1.0, 1.0).expect("io"), None);
        let mut file = encoder.take_output();
        file.extend(encoder.finish());
        assert_eq!(&file[..4], MAGIC);
        assert_eq!(&file[file.len() - 4..], MAGIC);
        let footer = u32::from_le_bytes(
            file[file.len() - 8..file.len() - 4]
                .try_into()
                .expect("4 bytes"),
        ) as usize;
        assert!(footer > 0 && footer < file.len());
    }

    #[test]
    fn hands_out_the_same_file_into_a_small_buffer() {
        let rows: Vec<f64> = (0..5000).map(|i| 100.0 + f64::from(i % 37)).collect();
        let times: Vec<f64> = (0..5000).map(|i| f64::from(i) * 60_000.0).collect();
        let bars = BarColumns {
            timestamps: &times,
            open: &rows,
            high: &rows,
            low: &rows,
            close: &rows,
            volume: &rows,
        };
        let whole = {
            let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
            encoder.add_bars(1, &bars, 1.0, 1.0).expect("io");
            let mut file = encoder.take_output();
            encoder.add_bars(2, &bars, 1.0, 1.0).expect("io");
            file.extend(encoder.take_output());
            file.extend(encoder.finish());
            file
        };
        let mut encoder = BarParquetEncoder::new(2, 0).expect("encoder");
        let mut file = Vec::new();
        let mut piece = [0u8; 777];
        for sid in [1, 2] {
            encoder.add_bars(sid, &bars, 1.0, 1.0).expect("io");
            loop {
                let n = encoder.take_output_into(&mut piece);
                if n == 0 {
                    break;
                }
                file.extend_from_slice(&piece[..n]);
            }
        }
        file.extend(encoder.finish());
        assert_eq!(file, whole);
    }
}
