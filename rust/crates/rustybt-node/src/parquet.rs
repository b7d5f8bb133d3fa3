//! Bindings of the bar Parquet encoder (`rustybt_core::parquet`): TypeScript holds
//! the encoder, hands it one symbol's columns per call (read in place) and writes
//! the bytes it returns to the file.

use napi::bindgen_prelude::Buffer;
use napi::{Error, Result, Status};
use napi_derive::napi;
use rustybt_core::parquet::{BarColumns, BarParquetEncoder};

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
        let inner = BarParquetEncoder::new(price_scale as u8, volume_scale as u8).map_err(io_error)?;
        Ok(Self { inner: Some(inner) })
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
        let bars = BarColumns { timestamps, open, high, low, close, volume };
        let fault = encoder.add_bars(sid, &bars, price_factor, volume_factor).map_err(io_error)?;
        Ok(fault.map(|f| BarRangeFault { column: f.column, row: f.row }))
    }

    /// The bytes produced since the last call, to append to the file.
    #[napi]
    pub fn take_output(&mut self) -> Result<Buffer> {
        Ok(self.open()?.take_output().into())
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
    Error::new(Status::GenericFailure, "the Parquet encoder is already finished")
}
