//! Binding of `rustybt_core::bar_layout`: one call lays a group of assets'
//! bars into the bar store's columns.

use napi::bindgen_prelude::{Float64Array, Int32Array, Uint8Array};
use napi_derive::napi;
use rustybt_core::bar_columns::BarColumns;
use rustybt_core::bar_layout::{lay_group, StoreColumns};

/// Lays the group of assets starting at `s0` (of `assets`) on `timeline`: `frames` holds six
/// columns per asset (times, open, high, low, close, volume), `cursor` each asset's next bar,
/// `store` the store's five columns, and `hasBar` and `firstBar` the rest of it. Returns
/// true when laid; false when a bar is refused (or the shapes do not fit), and the caller lays
/// the group again to name the bar.
///
/// No JS runs during this synchronous call and the caller passes distinct arrays for the
/// store, so the mutable borrows below are exclusive.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn lay_bar_group(
    timeline: Float64Array,
    frames: Vec<Float64Array>,
    mut cursor: Int32Array,
    s0: u32,
    assets: u32,
    mut store: Vec<Float64Array>,
    mut has_bar: Uint8Array,
    mut first_bar: Int32Array,
) -> bool {
    if !frames.len().is_multiple_of(6) || store.len() != 5 {
        return false;
    }
    let group: Vec<BarColumns<'_>> = frames
        .chunks_exact(6)
        .map(|c| BarColumns {
            timestamps: &c[0],
            open: &c[1],
            high: &c[2],
            low: &c[3],
            close: &c[4],
            volume: &c[5],
        })
        .collect();
    let [open, high, low, close, volume] = &mut store[..] else {
        return false;
    };
    // SAFETY: see above.
    let columns = unsafe {
        StoreColumns {
            open: open.as_mut(),
            high: high.as_mut(),
            low: low.as_mut(),
            close: close.as_mut(),
            volume: volume.as_mut(),
            has_bar: has_bar.as_mut(),
            first_bar: first_bar.as_mut(),
        }
    };
    // SAFETY: see above.
    let cursor = unsafe { cursor.as_mut() };
    lay_group(
        &timeline,
        &group,
        cursor,
        s0 as usize,
        assets as usize,
        columns,
    )
    .is_ok()
}
