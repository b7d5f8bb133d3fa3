//! Binding of the declared-indicator kernels (`rustybt_core::indicators`).

use napi::bindgen_prelude::{Float64ArraySlice, Int32ArraySlice};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// One bar of the declared indicator of kernel `kind` (a code of
/// `KERNEL_CODES`) for all its lanes: state, history ring, heads, counts,
/// stamps and latest values updated in place (see `rustybt_core::declared_update`).
///
/// The facade passes the arrays of one `DeclaredIndicator`: the five written
/// arrays never overlap each other or the inputs; JS code cannot run during
/// this synchronous call.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn declared_into(
    kind: u32,
    params: &[f64],
    mut state: Float64ArraySlice,
    c0: &[f64],
    c1: &[f64],
    c2: &[f64],
    c3: &[f64],
    offset: u32,
    assets: &[i32],
    price_units: &[f64],
    volume_units: &[f64],
    volume_inputs: u32,
    mut ring: Float64ArraySlice,
    mut head: Int32ArraySlice,
    mut filled: Int32ArraySlice,
    mut stamp: Int32ArraySlice,
    mut latest: Float64ArraySlice,
    history: u32,
    bar: i32,
) -> Result<()> {
    // SAFETY: see above: no JS runs while we hold the slices, and no aliasing.
    let mut lanes = unsafe {
        rustybt_core::DeclaredLanes {
            state: state.as_mut(),
            ring: ring.as_mut(),
            head: head.as_mut(),
            filled: filled.as_mut(),
            stamp: stamp.as_mut(),
            latest: latest.as_mut(),
            history: history as usize,
        }
    };
    let bar = rustybt_core::DeclaredBar {
        columns: [c0, c1, c2, c3],
        offset: offset as usize,
        assets,
        price_units,
        volume_units,
        volume_inputs,
        bar,
    };
    rustybt_core::declared_update(kind, params, &mut lanes, &bar)
        .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))
}
