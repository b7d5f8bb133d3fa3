//! Bindings of the bar Parquet encoder (`rustybt_core::parquet`): TypeScript holds
//! the encoder, hands it one symbol's columns per call (read in place) or the path of
//! the symbol's fast-load file and a row range (read here, a page at a time), and
//! writes the bytes it returns to the file.

use napi::bindgen_prelude::{Buffer, BufferSlice};
use napi::{Error, Result, Status};
use napi_derive::napi;
use rustybt_core::parquet::{
    decimal_units, encode_table, BarColumns, BarParquetEncoder, FastColumns, FastWidth,
    TableColumn, TableKind, TableValues, PAGE_ROWS,
};

/// The first value of a frame that leaves the safe-integer range once rescaled.
#[napi(object)]
pub struct BarRangeFault {
    /// 0: timestamp, 1–4: open, high, low, close, 5: volume.
    pub column: u32,
    pub row: u32,
}

/// One Parquet file of bars being built (see `BarParquetEncoder`).
#[napi(js_name = "BarParquetEncoder")]
pub struct JsBarParquetEncoder {
    inner: Option<BarParquetEncoder>,
}

fn io_error(error: std::io::Error) -> Error {
    Error::new(Status::GenericFailure, error.to_string())
}

#[napi]
impl JsBarParquetEncoder {
    /// A file with prices at DECIMAL(18, `price_scale`) and volumes at DECIMAL(18, `volume_scale`).
    #[napi(constructor)]
    pub fn new(price_scale: u32, volume_scale: u32) -> Result<Self> {
        if price_scale > 18 || volume_scale > 18 {
            return Err(Error::new(Status::InvalidArg, "scales must be at most 18"));
        }
        let inner =
            BarParquetEncoder::new(price_scale as u8, volume_scale as u8).map_err(io_error)?;
        Ok(Self { inner: Some(inner) })
    }

    /// Rows of one data page: a symbol's rows handed over in pieces that start at multiples
    /// of it give the same file as in one call (drain the output between pieces).
    #[napi]
    pub fn page_rows() -> u32 {
        PAGE_ROWS as u32
    }

    /// Appends one symbol's bars (columns read in place); returns the first value out of range, if any.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn add_bars(
        &mut self,
        sid: i32,
        timestamps: &[f64],
        open: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
        price_factor: f64,
        volume_factor: f64,
    ) -> Result<Option<BarRangeFault>> {
        let encoder = self.open()?;
        let bars = BarColumns {
            timestamps,
            open,
            high,
            low,
            close,
            volume,
        };
        let fault = encoder
            .add_bars(sid, &bars, price_factor, volume_factor)
            .map_err(io_error)?;
        Ok(fault.map(|f| BarRangeFault {
            column: f.column,
            row: f.row,
        }))
    }

    /// Appends bars `first..end` of the fast-load file at `path` (`rows` bars, columns
    /// stored at `widths`, each `f64` or `i32`), as `add_bars` would the same rows of the
    /// frame; the fault's row indexes the frame. Errors name what failed (the size, the read).
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn add_fast_bars(
        &mut self,
        sid: i32,
        path: String,
        rows: u32,
        widths: Vec<String>,
        first: u32,
        end: u32,
        price_factor: f64,
        volume_factor: f64,
    ) -> Result<Option<BarRangeFault>> {
        let mut stored = [FastWidth::F64; 6];
        if widths.len() != stored.len() {
            return Err(Error::new(Status::InvalidArg, "six column widths expected"));
        }
        for (width, name) in stored.iter_mut().zip(&widths) {
            *width = match name.as_str() {
                "f64" => FastWidth::F64,
                "i32" => FastWidth::I32,
                other => {
                    return Err(Error::new(
                        Status::InvalidArg,
                        format!("unknown column width {other}"),
                    ))
                }
            };
        }
        let encoder = self.open()?;
        let file = std::fs::File::open(&path).map_err(io_error)?;
        let fault = FastColumns::new(file, rows as usize, stored)
            .and_then(|mut columns| {
                columns.encode_rows(
                    encoder,
                    sid,
                    first as usize,
                    end as usize,
                    price_factor,
                    volume_factor,
                )
            })
            .map_err(io_error)?;
        Ok(fault.map(|f| BarRangeFault {
            column: f.column,
            row: f.row,
        }))
    }

    /// The bytes produced since the last call, to append to the file.
    #[napi]
    pub fn take_output(&mut self) -> Result<Buffer> {
        Ok(self.open()?.take_output().into())
    }

    /// The first bytes produced since the last call (as many as fit in `target`), copied into
    /// `target`; returns their number, 0 when none are left. Nothing new is allocated.
    #[napi]
    pub fn take_output_into(&mut self, mut target: BufferSlice) -> Result<u32> {
        Ok(self.open()?.take_output_into(&mut target) as u32)
    }

    /// The rest of the file, footer included; the encoder cannot be used afterwards.
    #[napi]
    pub fn finish(&mut self) -> Result<Buffer> {
        let encoder = self.inner.take().ok_or_else(finished)?;
        Ok(encoder.finish().into())
    }

    fn open(&mut self) -> Result<&mut BarParquetEncoder> {
        self.inner.as_mut().ok_or_else(finished)
    }
}

fn finished() -> Error {
    Error::new(
        Status::GenericFailure,
        "the Parquet encoder is already finished",
    )
}

/// One column of a small table: `kind` is `int32`, `int8`, `date` (values in UTC ms of
/// the day), `timestamp` (UTC ms), `utf8` or `decimal38` (texts, DECIMAL(38, 18)).
#[napi(object)]
pub struct ParquetTableColumn {
    pub name: String,
    pub kind: String,
    pub numbers: Option<Vec<Option<f64>>>,
    pub texts: Option<Vec<Option<String>>>,
}

/// The bytes of a Parquet file holding `columns` (see `rustybt_core::parquet::encode_table`).
#[napi]
pub fn encode_parquet_table(columns: Vec<ParquetTableColumn>) -> Result<Buffer> {
    let invalid = |message: String| Error::new(Status::InvalidArg, message);
    let mut table = Vec::with_capacity(columns.len());
    for column in columns {
        let numbers = |name: &str| {
            column
                .numbers
                .clone()
                .ok_or_else(|| invalid(format!("column {name} needs numbers")))
        };
        let texts = |name: &str| {
            column
                .texts
                .clone()
                .ok_or_else(|| invalid(format!("column {name} needs texts")))
        };
        let name = column.name.clone();
        let (kind, values) = match column.kind.as_str() {
            "int32" | "int8" => (
                if column.kind == "int8" {
                    TableKind::Int8
                } else {
                    TableKind::Int32
                },
                TableValues::Int32(
                    numbers(&name)?
                        .into_iter()
                        .map(|v| v.map(|x| x as i32))
                        .collect(),
                ),
            ),
            "date" => (
                TableKind::Date,
                TableValues::Int32(
                    numbers(&name)?
                        .into_iter()
                        .map(|v| v.map(|ms| (ms / 86_400_000.0).floor() as i32))
                        .collect(),
                ),
            ),
            "timestamp" => (
                TableKind::Timestamp,
                TableValues::Int64(
                    numbers(&name)?
                        .into_iter()
                        .map(|v| v.map(|ms| (ms * 1000.0) as i64))
                        .collect(),
                ),
            ),
            "utf8" => (TableKind::Utf8, TableValues::Text(texts(&name)?)),
            "decimal38" => {
                let mut units = Vec::new();
                for text in texts(&name)? {
                    units.push(match text {
                        None => None,
                        Some(t) => Some(decimal_units(&t, 18).ok_or_else(|| {
                            invalid(format!("column {name}: {t} is not a DECIMAL(38, 18)"))
                        })?),
                    });
                }
                (TableKind::Decimal38, TableValues::Wide(units))
            }
            other => return Err(invalid(format!("column {name}: unknown kind {other}"))),
        };
        table.push(TableColumn { name, kind, values });
    }
    encode_table(&table)
        .map(Into::into)
        .map_err(|e| invalid(e.to_string()))
}
