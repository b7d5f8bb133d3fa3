//! The records that cross the boundary: order requests in, fills and order
//! rows out (flat `f64` layouts documented on `EngineCore`).

use rustybt_core::engine::account::ORDER_RECORD;
use rustybt_core::engine::blotter::OrderRequest;
use rustybt_core::engine::error::{EngineError, EngineResult};
use rustybt_core::engine::numeric::Rate;
use rustybt_core::engine::orders::{Fill, Order, OrderType, TimeInForce};

use crate::engine_core::FILL_FIELDS;

#[allow(clippy::too_many_arguments)]
pub(crate) fn request(
    sid: u32,
    quantity: f64,
    kind: u32,
    limit_price: f64,
    stop_price: f64,
    trail: f64,
    trail_percent_value: f64,
    trail_percent_scale: i32,
    tif: u32,
) -> EngineResult<OrderRequest> {
    let kind = OrderType::from_code(kind)
        .ok_or_else(|| EngineError::order(format!("Unknown order type code {kind}.")))?;
    let tif = match tif {
        0 => TimeInForce::Gtc,
        1 => TimeInForce::Day,
        other => {
            return Err(EngineError::order(format!(
                "Unknown time-in-force code {other}."
            )))
        }
    };
    Ok(OrderRequest {
        sid: sid as usize,
        quantity,
        kind,
        limit_price,
        stop_price,
        trail,
        trail_percent: (!trail_percent_value.is_nan()).then_some(Rate {
            value: trail_percent_value,
            scale: trail_percent_scale,
        }),
        tif,
    })
}

pub(crate) fn write_order(o: &Order, out: &mut [f64]) {
    let option = |id: Option<u32>| id.map_or(f64::NAN, f64::from);
    out[0] = f64::from(o.id);
    out[1] = o.sid as f64;
    out[2] = o.quantity;
    out[3] = o.filled;
    out[4] = o.kind as u8 as f64;
    out[5] = o.limit_price;
    out[6] = o.stop_price;
    out[7] = o.tif as u8 as f64;
    out[8] = o.placed_at;
    out[9] = option(o.parent_id);
    out[10] = o.status as u8 as f64;
    out[11] = o.commission;
    out[12] = option(o.oco_with.first().copied());
    out[13] = f64::from(o.bars_seen);
}

pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// The first `queued` order records of `queue`.
pub(crate) fn batch(queue: &[f64], queued: u32) -> EngineResult<&[f64]> {
    let n = queued as usize * ORDER_RECORD;
    queue.get(..n).ok_or_else(|| {
        EngineError::order(format!(
            "The order queue holds {} values, fewer than {queued} orders.",
            queue.len()
        ))
    })
}

pub(crate) fn write_fills(fills: &[Fill], from: usize, out: &mut [f64]) -> u32 {
    let width = FILL_FIELDS as usize;
    for (k, f) in fills.iter().skip(from).take(out.len() / width).enumerate() {
        out[k * width..(k + 1) * width].copy_from_slice(&[
            f64::from(f.order_id),
            f.sid as f64,
            f.quantity,
            f.price,
            f.commission,
            if f.maker { 1.0 } else { 0.0 },
            f.position_after,
            f.realized_after,
        ]);
    }
    fills.len() as u32
}
