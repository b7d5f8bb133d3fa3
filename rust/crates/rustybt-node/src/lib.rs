//! napi-rs bindings over `rustybt-core`: convert, call, convert back. No logic
//! lives here; argument checks that need JS types happen in the TypeScript
//! facade so both backends raise the same errors.

pub mod bar_layout;
pub mod csv;
mod declared_plan;
mod engine_config;
mod engine_core;
mod engine_records;
pub mod indicators;
pub mod parquet;
mod prefault;
mod trim;

use napi::bindgen_prelude::{Float64ArraySlice, Int32ArraySlice, Int8ArraySlice, Uint8ArraySlice};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// Version of the addon, compared with the npm package's version on load.
#[napi]
pub fn native_version() -> String {
    rustybt_core::VERSION.to_string()
}

/// `a + b`, crossing the boundary once: measures the fixed cost of a call.
#[napi]
pub fn rust_sum(a: f64, b: f64) -> f64 {
    rustybt_core::sum_pair(a, b)
}

/// Sum of a `Float64Array`, read in place (no copy).
#[napi]
pub fn sum_float64(values: &[f64]) -> f64 {
    rustybt_core::sum_slice(values)
}

/// CRC-32 of `bytes` (a `Buffer` or `Uint8Array`, read in place) continuing
/// from `crc`: see `rustybt_core::crc32_update`.
#[napi]
pub fn crc32_update(bytes: &[u8], crc: u32) -> u32 {
    rustybt_core::crc32_update(crc, bytes)
}

/// Trailing-window mean of `values` written into `out`, both borrowed in place.
///
/// The facade guarantees `out` does not overlap `values`; JS code cannot run
/// during this synchronous call, so the borrow is exclusive for its duration.
#[napi]
pub fn rolling_mean_into(values: &[f64], window: u32, mut out: Float64ArraySlice) -> Result<()> {
    // SAFETY: see above: no JS runs while we hold the slice, and no aliasing.
    let out = unsafe { out.as_mut() };
    rustybt_core::rolling_mean(values, window as usize, out)
        .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))
}

/// Exact decimal mark-to-market of sids `from..count` (see `rustybt_core::mark_decimal`),
/// writing last prices and market values in place. Returns the first sid it
/// could not value exactly (left untouched, for the TypeScript path to take
/// over), or -1 when all are done.
///
/// The facade guarantees the four `Float64Array`s do not overlap; JS code
/// cannot run during this synchronous call, so the borrows are exclusive.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn mark_decimal_into(
    prices: &[f64],
    quantity: &[f64],
    mut last_price: Float64ArraySlice,
    mut market_value: Float64ArraySlice,
    shift: &[i32],
    from: u32,
    count: u32,
    mode: u32,
) -> i32 {
    // SAFETY: see above: no JS runs while we hold the slices, and no aliasing.
    let last_price = unsafe { last_price.as_mut() };
    let market_value = unsafe { market_value.as_mut() };
    match rustybt_core::mark_decimal(
        prices,
        quantity,
        last_price,
        market_value,
        shift,
        from as usize,
        count as usize,
        mode.min(7) as u8,
    ) {
        Some(sid) => sid as i32,
        None => -1,
    }
}

/// One bar of a declared SMA for all its lanes: the kernel `SMA` of
/// `rustybt_core::declared_update` behind a narrower door than
/// `declared_into`'s (six typed arrays fewer to cross: 0.5 ns per asset-bar
/// at 500 lanes). State, history ring, heads, counts, stamps and latest
/// values updated in place.
///
/// The facade passes the arrays of one `DeclaredIndicator`, which never
/// overlap; JS code cannot run during this synchronous call.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn declared_sma_into(
    state: Float64ArraySlice,
    period: u32,
    x: &[f64],
    offset: u32,
    assets: &[i32],
    units: &[f64],
    ring: Float64ArraySlice,
    head: Int32ArraySlice,
    filled: Int32ArraySlice,
    stamp: Int32ArraySlice,
    latest: Float64ArraySlice,
    history: u32,
    bar: i32,
) -> Result<()> {
    // The SMA kernel of `declared_into`, its one input column serving every slot.
    indicators::declared_into(
        rustybt_core::indicators::code::SMA,
        &[f64::from(period)],
        state,
        x,
        x,
        x,
        x,
        offset,
        assets,
        units,
        units,
        0,
        ring,
        head,
        filled,
        stamp,
        latest,
        history,
        bar,
    )
}

/// One bar of a comparison of two declared indicators (or one and a level)
/// over every compared asset: relations updated in place, the sids that
/// crossed up and down appended to the two lists (empty on entry), their
/// lengths written to `counts`.
///
/// The facade passes the arrays of one `IndicatorComparison` and its two
/// `SidList`s; the mutable ones never overlap, and JS code cannot run during
/// this synchronous call.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn compare_lanes_into(
    sids: &[i32],
    lanes_a: &[i32],
    lanes_b: &[i32],
    stamp_a: &[i32],
    latest_a: &[f64],
    stamp_b: &[i32],
    latest_b: &[f64],
    level: f64,
    constant: bool,
    bar: i32,
    mut relation: Int8ArraySlice,
    mut up: Int32ArraySlice,
    mut up_member: Uint8ArraySlice,
    mut down: Int32ArraySlice,
    mut down_member: Uint8ArraySlice,
    mut counts: Int32ArraySlice,
) -> Result<()> {
    let lanes = rustybt_core::ComparedLanes {
        sids,
        lanes_a,
        lanes_b,
        stamp_a,
        latest_a,
        stamp_b,
        latest_b,
        level,
        constant,
    };
    // SAFETY: see above: no JS runs while we hold the slices, and no aliasing.
    let (relation, counts) = unsafe { (relation.as_mut(), counts.as_mut()) };
    let mut up = unsafe {
        rustybt_core::SidListOut {
            sids: up.as_mut(),
            member: up_member.as_mut(),
            len: 0,
        }
    };
    let mut down = unsafe {
        rustybt_core::SidListOut {
            sids: down.as_mut(),
            member: down_member.as_mut(),
            len: 0,
        }
    };
    let result = lanes.evaluate(bar, relation, &mut up, &mut down);
    if counts.len() >= 2 {
        counts[0] = up.len as i32;
        counts[1] = down.len as i32;
    }
    result.map_err(|e| Error::new(Status::InvalidArg, e.to_string()))
}
