//! The row loop of the CSV reader: splits a file's body into lines and fields
//! and reads the common shapes (plain decimals, ISO dates and date-times)
//! straight into typed columns. Anything else is handed back, row by row, to
//! the TypeScript reader, which owns detection, policies and the issue report:
//! both backends therefore produce the same bars, drops, repairs and errors.
//!
//! Hand-written rather than built on the `csv` crate on purpose: the reader
//! must split exactly as the TypeScript one does (no quoting, `\n` lines, one
//! trailing `\r` ignored, blank lines counted), which a general CSV parser's
//! record semantics (quotes, terminators, skipped empty lines) do not match.

mod decimal;
mod iso_time;
mod rows;

pub use decimal::plain_decimal_units;
pub use iso_time::plain_iso_time;
pub use rows::{parse_rows, CsvPlan, CsvRows, ROW_BARE, ROW_BLANK, ROW_OTHER};
