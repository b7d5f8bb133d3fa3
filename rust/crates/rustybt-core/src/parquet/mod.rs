//! Writing bundle bars as Parquet without a database: the bytes of a file with the
//! bundle's bar schema (sid, ts, open, high, low, close, volume), built row group by
//! row group from each symbol's columns as they come.

mod bar_source;
mod bars;
mod delta;
mod fast_file;
mod table;
mod thrift;

pub use bar_source::{BarColumns, BarSource};
pub use bars::{BarParquetEncoder, BarRangeFault, PAGE_ROWS, ROW_GROUP_ROWS};
pub use delta::encode_delta;
pub use fast_file::{FastColumns, FastWidth};
pub use table::{decimal_units, encode_table, TableColumn, TableError, TableKind, TableValues};
