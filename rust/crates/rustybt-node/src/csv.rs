//! Bindings of the CSV reader (`rustybt_core::csv`): one file per call, read
//! from disk and parsed into bar columns on the libuv thread pool (an
//! `AsyncTask`), so several files parse in parallel while the main thread
//! goes on. One crossing per file; the columns come back as typed arrays.

use std::io::Read;

use napi::bindgen_prelude::{AsyncTask, Buffer, Float64Array, Uint32Array};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;
use rustybt_core::csv::{read_bars, CsvBars, CsvPlan};

/// How to read a file (see `CsvPlan`): field indexes, scales (-1: detect
/// from the first rows), the kind of times, and the range of bars kept.
#[napi(object)]
pub struct CsvFilePlan {
    pub delimiter: u32,
    pub width: u32,
    pub date: u32,
    pub open: u32,
    pub high: u32,
    pub low: u32,
    pub close: u32,
    /// -1 when the file has no volume column.
    pub volume: i32,
    pub price_scale: i32,
    pub volume_scale: i32,
    pub daily: bool,
    pub utc: bool,
    pub start: f64,
    pub end: f64,
}

/// A file's bars (see `CsvBars`).
#[napi(object)]
pub struct CsvFileBars {
    pub ascii: bool,
    pub sampled: bool,
    pub price_scale: u32,
    pub volume_scale: u32,
    pub at: Float64Array,
    pub open: Float64Array,
    pub high: Float64Array,
    pub low: Float64Array,
    pub close: Float64Array,
    pub volume: Float64Array,
    pub line: Float64Array,
    pub other: Uint32Array,
    /// The handed-back lines' text (ASCII), which `other` points into.
    pub other_text: Buffer,
    pub in_range: bool,
    pub clean: bool,
    pub outliers: Uint32Array,
}

/// Largest file buffer a pool thread keeps between files.
const KEPT_BUFFER: usize = 16 << 20;

thread_local! {
    static FILE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The work of one `readCsvFile` call, run off the main thread.
pub struct ReadCsvFile {
    path: String,
    plan: CsvPlan,
}

impl Task for ReadCsvFile {
    type Output = CsvBars;
    type JsValue = CsvFileBars;

    fn compute(&mut self) -> Result<CsvBars> {
        // Each pool thread reuses its buffer: fresh pages for every file cost page faults.
        FILE_BUFFER.with(|cell| {
            let mut buffer = cell.take();
            buffer.clear();
            let read =
                std::fs::File::open(&self.path).and_then(|mut file| file.read_to_end(&mut buffer));
            let result = read
                .map(|_| read_bars(&buffer, &self.plan))
                .map_err(|e| Error::new(Status::GenericFailure, format!("{}: {e}", self.path)));
            if buffer.capacity() <= KEPT_BUFFER {
                cell.replace(buffer);
            }
            result
        })
    }

    fn resolve(&mut self, _env: Env, bars: CsvBars) -> Result<CsvFileBars> {
        Ok(CsvFileBars {
            ascii: bars.ascii,
            sampled: bars.sampled,
            price_scale: bars.price_scale,
            volume_scale: bars.volume_scale,
            at: Float64Array::new(bars.at),
            open: Float64Array::new(bars.open),
            high: Float64Array::new(bars.high),
            low: Float64Array::new(bars.low),
            close: Float64Array::new(bars.close),
            volume: Float64Array::new(bars.volume),
            line: Float64Array::new(bars.line),
            other: Uint32Array::new(bars.other),
            other_text: Buffer::from(bars.other_text),
            in_range: bars.in_range,
            clean: bars.clean,
            outliers: Uint32Array::new(bars.outliers),
        })
    }
}

/// Reads the CSV file at `path` into bar columns on the thread pool.
#[napi(ts_return_type = "Promise<CsvFileBars>")]
pub fn read_csv_file(path: String, plan: CsvFilePlan) -> Result<AsyncTask<ReadCsvFile>> {
    let invalid = |message: &str| Error::new(Status::InvalidArg, message.to_owned());
    let delimiter = u8::try_from(plan.delimiter)
        .ok()
        .filter(u8::is_ascii)
        .ok_or_else(|| invalid("the delimiter must be one ASCII character"))?;
    let fields = [plan.date, plan.open, plan.high, plan.low, plan.close];
    let width = plan.width as usize;
    if fields.iter().any(|&f| f as usize >= width)
        || i64::from(plan.volume) >= i64::from(plan.width)
    {
        return Err(invalid("a column index is outside the header's width"));
    }
    let scale = |value: i32| match value {
        -1 => Ok(None),
        0..=18 => Ok(Some(value as u32)),
        _ => Err(invalid("a scale must be -1 (detect) or 0 to 18")),
    };
    Ok(AsyncTask::new(ReadCsvFile {
        path,
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
            price_scale: scale(plan.price_scale)?,
            volume_scale: scale(plan.volume_scale)?,
            daily: plan.daily,
            utc: plan.utc,
            start: plan.start,
            end: plan.end,
        },
    }))
}
