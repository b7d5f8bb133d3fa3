//! Bindings of the CSV reader (`rustybt_core::csv`): one file per call, read
//! from disk and parsed into bar columns on the libuv thread pool (an
//! `AsyncTask`), so several files parse in parallel while the main thread
//! goes on. One crossing per file; the columns come back as typed arrays.

use napi::bindgen_prelude::{ArrayBuffer, AsyncTask, Buffer, Float64Array, Uint32Array};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;
use rustybt_core::buffer_pool::BufferPool;
use rustybt_core::csv::{
    read_bars_in_pieces, BarLines, ColumnRoom, CsvBars, CsvPlan, PieceBuffers,
};
use rustybt_core::quality::OutlierScratch;

use crate::prefault::{empty_with_mapped_room, map_room};
use crate::trim::return_free_pages;

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
    /// The six columns `at` to `volume` were written into the caller's `scratch` (see
    /// `readCsvFile`) and their arrays above are empty.
    pub in_scratch: bool,
    /// With `in_scratch`: the line of the first bar when the bars came from lines that follow
    /// one another (`line` is then empty; bar `i` came from line `first_line + i`).
    pub first_line: Option<f64>,
    /// Number of bars, in the arrays or in the scratch.
    pub rows: u32,
}

/// Largest buffer a set keeps between files (a year of minute bars and more).
const KEPT_BUFFER: usize = 16 << 20;

/// Bytes of a file read at a time: the file is never held whole, only the scale sample
/// (the first rows) and then a piece and the partial line it ends with.
const FILE_PIECE: usize = 256 << 10;

/// The memory a read works in: a piece of the file's bytes, its columns (a piece's rows
/// when the bars go into the caller's scratch, kept; handed over otherwise) and the
/// outlier scan's.
#[derive(Default)]
struct ReadBuffers {
    file: Vec<u8>,
    columns: CsvBars,
    outliers: OutlierScratch,
}

fn worth_keeping(set: &ReadBuffers) -> bool {
    set.file.capacity() <= KEPT_BUFFER
        && set.columns.at.capacity() * 8 <= KEPT_BUFFER
        && set.outliers.capacity_bytes() <= 2 * KEPT_BUFFER
}

/// Sets shared by the reads in flight: as many as reads ever ran at once (the CSV source
/// keeps two ahead when it streams), not one per pool thread.
static READ_BUFFERS: BufferPool<ReadBuffers> = BufferPool::new(worth_keeping);

/// Where a file's bars are when they went into the caller's scratch.
pub struct InScratch {
    rows: usize,
    /// The line of the first bar when the bars came from lines that follow one another
    /// (the `line` column is then empty); `None` when the lines are listed in `line`.
    first_line: Option<f64>,
}

/// The work of one `readCsvFile` call, run off the main thread.
pub struct ReadCsvFile {
    path: String,
    plan: CsvPlan,
    scratch: Option<Float64Array>,
}

impl Task for ReadCsvFile {
    /// The bars, and where they are when their columns went into the scratch.
    type Output = (CsvBars, Option<InScratch>);
    type JsValue = CsvFileBars;

    fn compute(&mut self) -> Result<(CsvBars, Option<InScratch>)> {
        // Fresh pages for every file would cost a page fault each: a kept set is reused.
        let mut lent = READ_BUFFERS.take();
        let set = &mut *lent;
        let recycled = std::mem::take(&mut set.columns);
        let buffers = PieceBuffers {
            bytes: &mut set.file,
            outliers: &mut set.outliers,
        };
        let mut room = self.scratch.as_mut().map(|scratch| {
            // SAFETY: the caller leaves the scratch alone until the promise settles (see
            // `read_csv_file`), and this task holds a reference to it, so it stays alive.
            let memory = unsafe { scratch.as_mut() };
            map_room(memory);
            ColumnRoom::new(memory)
        });
        let mut bars = std::fs::File::open(&self.path)
            .and_then(|mut file| {
                let len = file.metadata()?.len() as usize;
                let columns = |rows| {
                    // The columns' room, mapped in one call rather than a fault per page.
                    let mut columns = recycled;
                    for column in columns.columns_mut() {
                        empty_with_mapped_room(column, rows);
                    }
                    columns
                };
                read_bars_in_pieces(
                    &mut file,
                    len,
                    &self.plan,
                    buffers,
                    FILE_PIECE,
                    columns,
                    room.as_mut(),
                )
            })
            .map_err(|e| Error::new(Status::GenericFailure, format!("{}: {e}", self.path)))?;
        let held = room
            .as_ref()
            .and_then(ColumnRoom::rows)
            .filter(|_| bars.ascii);
        let (Some(mut room), Some(rows)) = (room, held) else {
            return Ok((bars, None));
        };
        // The bars are in the caller's memory, reused file after file: the columns (a
        // piece's room) stay with the set for the next read.
        set.columns = bars.take_columns();
        let first_line = match room.take_lines() {
            BarLines::Run { first, .. } => Some(first),
            BarLines::Listed(lines) => {
                bars.line = lines;
                None
            }
        };
        Ok((bars, Some(InScratch { rows, first_line })))
    }

    fn resolve(
        &mut self,
        _env: Env,
        (bars, in_scratch): (CsvBars, Option<InScratch>),
    ) -> Result<CsvFileBars> {
        let rows = in_scratch.as_ref().map_or(bars.at.len(), |s| s.rows) as u32;
        Ok(CsvFileBars {
            ascii: bars.ascii,
            sampled: bars.sampled,
            price_scale: bars.price_scale,
            volume_scale: bars.volume_scale,
            at: column_array(bars.at),
            open: column_array(bars.open),
            high: column_array(bars.high),
            low: column_array(bars.low),
            close: column_array(bars.close),
            volume: column_array(bars.volume),
            line: column_array(bars.line),
            other: Uint32Array::new(bars.other),
            other_text: Buffer::from(bars.other_text),
            in_range: bars.in_range,
            clean: bars.clean,
            outliers: Uint32Array::new(bars.outliers),
            first_line: in_scratch.as_ref().and_then(|s| s.first_line),
            in_scratch: in_scratch.is_some(),
            rows,
        })
    }
}

/// A typed array over `column` as it is. `Float64Array::new` first shrinks the vector to its
/// length: a reallocation on the main thread (an `mremap` for a large column) that hands back
/// the few rows of room the reader reserved over the count it expected; keeping them is cheaper.
fn column_array(mut column: Vec<f64>) -> Float64Array {
    if column.is_empty() {
        return Float64Array::new(column);
    }
    let (data, length, capacity) = (column.as_mut_ptr(), column.len(), column.capacity());
    std::mem::forget(column);
    // SAFETY: `data`, `length` and `capacity` are those of the vector forgotten above; the
    // closure rebuilds that vector and drops it once, when the engine frees the array.
    unsafe {
        Float64Array::with_external_data(data, length, move |data, length| {
            drop(Vec::from_raw_parts(data, length, capacity));
        })
    }
}

/// Frees the buffers kept for the next reads (those of reads in flight stay theirs) and
/// returns how many sets were kept: called when a batch of files has been read, so that
/// what follows (writing a bundle, a backtest) does not hold the reader's memory.
#[napi]
pub fn release_csv_read_buffers() -> u32 {
    let kept = READ_BUFFERS.release();
    return_free_pages();
    kept as u32
}

/// Frees the memory of `buffer` (a scratch the caller is done with) now rather than when a
/// collection finds it unreachable: the buffer is detached, so every view over it has length
/// 0 from then on, and the engine frees its bytes. Never called on a scratch a read holds.
#[napi]
pub fn release_csv_scratch(buffer: ArrayBuffer<'_>) -> Result<()> {
    buffer.detach()
}

/// Buffer sets lent to reads in flight and kept for the next ones, as `[lent, kept]`.
#[napi]
pub fn csv_read_buffer_sets() -> Vec<u32> {
    let counts = READ_BUFFERS.counts();
    vec![counts.lent as u32, counts.kept as u32]
}

/// Reads the CSV file at `path` into bar columns on the thread pool. With `scratch`
/// (six columns of equal length, laid end to end) the bars are read into it, piece by
/// piece, when they fit (`inScratch`): a caller reading file after file then reuses its
/// memory and the bars exist once. The scratch must not be read or written until the
/// promise settles.
#[napi(ts_return_type = "Promise<CsvFileBars>")]
pub fn read_csv_file(
    path: String,
    plan: CsvFilePlan,
    scratch: Option<Float64Array>,
) -> Result<AsyncTask<ReadCsvFile>> {
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
        scratch,
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
