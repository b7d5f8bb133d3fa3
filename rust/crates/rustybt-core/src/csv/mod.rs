//! The CSV reader's Rust half: a whole file into typed bar columns in one
//! call. Header, layout and date-format detection stay in TypeScript (they
//! read only the first rows); scales are detected here from the same sample.
//! Rows the plain shapes do not cover (other date formats, exponents, empty
//! values, short rows) are handed back to the TypeScript reader, which owns
//! the missing-value policies and the issue report: both backends therefore
//! produce the same bars, drops, repairs and errors.
//!
//! Hand-written rather than built on the `csv` crate on purpose: the reader
//! must split exactly as the TypeScript one does (no quoting, `\n` lines, one
//! trailing `\r` ignored, blank lines counted), which a general CSV parser's
//! record semantics (quotes, terminators, skipped empty lines) do not match.

mod bars;
mod decimal;
mod fast_row;
mod fields;
mod iso_time;
mod pieces;
mod room;
mod scales;
#[cfg(test)]
mod test_support;

pub use bars::{expected_rows, read_bars, read_bars_reusing, CsvBars, CsvPlan, SCALE_SAMPLE_ROWS};
pub use decimal::plain_decimal_units;
pub use fields::split_fields;
pub use iso_time::{plain_iso_time, IsoTimes};
pub use pieces::{read_bars_in_pieces, PieceBuffers};
pub use room::{BarLines, ColumnRoom, ROOM_COLUMNS};
pub use scales::{decimal_shape, detect_scales};
