//! Bindings of the CSV row reader (`rustybt_core::csv`): one file per call,
//! parsed on the libuv thread pool (an `AsyncTask`), so several files parse in
//! parallel while the main thread goes on.

use napi::bindgen_prelude::{AsyncTask, Buffer, Float64Array, Uint32Array, Uint8Array};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;
use rustybt_core::csv::{parse_rows, CsvPlan, CsvRows};

/// How to read a file's rows (see `CsvPlan`); `volume` is -1 when the file has none.
#[napi(object)]
pub struct CsvRowPlan {
    pub delimiter: u32,
    pub width: u32,
    pub date: u32,
    pub open: u32,
    pub high: u32,
    pub low: u32,
    pub close: u32,
    pub volume: i32,
    pub price_scale: u32,
    pub volume_scale: u32,
    pub daily: bool,
    pub utc: bool,
}

/// The rows read: one entry per line of the body (see `CsvRows`).
#[napi(object)]
pub struct CsvRowColumns {
    pub kind: Uint8Array,
    pub at: Float64Array,
    pub open: Float64Array,
    pub high: Float64Array,
    pub low: Float64Array,
    pub close: Float64Array,
    pub volume: Float64Array,
    pub other: Uint32Array,
}

/// The work of one `parseCsvRows` call, run off the main thread.
pub struct ParseCsvRows {
    text: Buffer,
    body_start: usize,
    plan: CsvPlan,
}

impl Task for ParseCsvRows {
    type Output = CsvRows;
    type JsValue = CsvRowColumns;

    fn compute(&mut self) -> Result<CsvRows> {
        Ok(parse_rows(&self.text, self.body_start, &self.plan))
    }

    fn resolve(&mut self, _env: Env, rows: CsvRows) -> Result<CsvRowColumns> {
        Ok(CsvRowColumns {
            kind: Uint8Array::new(rows.kind),
            at: Float64Array::new(rows.at),
            open: Float64Array::new(rows.open),
            high: Float64Array::new(rows.high),
            low: Float64Array::new(rows.low),
            close: Float64Array::new(rows.close),
            volume: Float64Array::new(rows.volume),
            other: Uint32Array::new(rows.other),
        })
    }
}

/// Reads the rows of `text` (a whole file, ASCII) after `bodyStart` on the
/// thread pool. The caller must not change `text` until the promise settles.
#[napi(ts_return_type = "Promise<CsvRowColumns>")]
pub fn parse_csv_rows(
    text: Buffer,
    body_start: u32,
    plan: CsvRowPlan,
) -> Result<AsyncTask<ParseCsvRows>> {
    let delimiter = u8::try_from(plan.delimiter)
        .ok()
        .filter(u8::is_ascii)
        .ok_or_else(|| {
            Error::new(
                Status::InvalidArg,
                "the delimiter must be one ASCII character",
            )
        })?;
    let fields = [plan.date, plan.open, plan.high, plan.low, plan.close];
    let width = plan.width as usize;
    if fields.iter().any(|&f| f as usize >= width) || plan.volume >= plan.width as i32 {
        return Err(Error::new(
            Status::InvalidArg,
            "a column index is outside the header's width",
        ));
    }
    if body_start as usize > text.len() {
        return Err(Error::new(
            Status::InvalidArg,
            "bodyStart is past the end of the text",
        ));
    }
    Ok(AsyncTask::new(ParseCsvRows {
        text,
        body_start: body_start as usize,
        plan: CsvPlan {
            delimiter,
            width,
            date: plan.date as usize,
            prices: [
                plan.open as usize,
                plan.high as usize,
                plan.low as usize,
                plan.close as usize,
            ],
            volume: usize::try_from(plan.volume).ok(),
            price_scale: plan.price_scale,
            volume_scale: plan.volume_scale,
            daily: plan.daily,
            utc: plan.utc,
        },
    }))
}
