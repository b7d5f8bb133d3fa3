//! napi-rs bindings of the per-bar engine core (`rustybt_core::engine`): the
//! `EngineCore` class. Conversion and error mapping only; the TypeScript
//! facade (`src/engine/core/rust-account.ts`) validates what needs JS types.
//!
//! Errors are thrown as JS errors whose `code` is the `RustybtError` code the
//! TypeScript engine raises (`ERR_ORDER`, `ERR_DATA`, `ERR_CONFIG`,
//! `ERR_NUMERIC_OVERFLOW`) and whose message is the TypeScript message. A
//! Rust panic is caught, reported with code `ERR_NATIVE_UNAVAILABLE` naming
//! the bar and asset, and leaves the core refusing further calls.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{Float64Array, Float64ArraySlice, Int32Array, Int32ArraySlice};
use napi::Error;
use napi_derive::napi;

use crate::engine_config::{account_config, EngineCoreConfig};
use crate::engine_records::{batch, panic_text, request, write_fills, write_order};
use rustybt_core::engine::account::{Account, SessionRecord as CoreRecord};
use rustybt_core::engine::error::{EngineError, EngineResult};
use rustybt_core::engine::numeric::{Decimal, Float, Rate};
use rustybt_core::engine::orders::{Reason, TimeInForce};

/// Values per fill record written by `stepBar`/`readFills`.
pub const FILL_FIELDS: u32 = 8;
/// Values per order record written by `readOrders`.
pub const ORDER_FIELDS: u32 = 14;
/// Values before the per-sid columns in `readLedger`.
pub const LEDGER_HEADER: u32 = 9;

/// What a session left behind (engine representation).
#[napi(object)]
pub struct SessionRecord {
    pub session: f64,
    pub pnl: f64,
    pub net_liquidation: f64,
    pub cash: f64,
    pub fills: u32,
    pub expired_orders: u32,
}

fn to_js(e: EngineError) -> Error<String> {
    Error::new(e.kind.code().to_string(), e.message)
}

fn config_error(message: String) -> Error<String> {
    to_js(EngineError::config(message))
}

enum Core {
    Decimal(Box<Account<Decimal>>),
    Float(Box<Account<Float>>),
}

/// Runs `$body` with `$a` bound to the account, whichever numeric mode it has.
macro_rules! with_account {
    ($core:expr, $a:ident => $body:expr) => {
        match $core {
            Core::Decimal($a) => $body,
            Core::Float($a) => $body,
        }
    };
}

/// One simulated account owned by Rust: orders, fills, ledger, models,
/// splits and dividends. TypeScript holds this handle, places and cancels
/// orders with scalar calls (or queues them), and calls `stepBar` once per
/// bar with that bar's views of its bar-major store (never copied here).
#[napi]
pub struct EngineCore {
    core: Core,
    poisoned: Option<String>,
    panic_at_bar: Option<u32>,
    bound: Bound,
}

/// Arrays handed over once (`bindBars`, `bindBuffers`) and read by every
/// `stepBound`: the class keeps references to them, so they stay alive and
/// in place, and a step crosses with scalars only.
#[derive(Default)]
struct Bound {
    /// Whole bar-major columns: open, high, low, close, volume.
    bars: Vec<Float64Array>,
    fills: Option<Float64Array>,
    queue: Option<Float64Array>,
    order_count: Option<Int32Array>,
    held_and_open: Option<Float64Array>,
}

/// The scalars of one step.
#[derive(Clone, Copy)]
struct Step {
    bar_index: u32,
    timestamp: f64,
    checked: bool,
    queued: u32,
}

impl EngineCore {
    /// The rows of the bound columns and the bound buffers, stepped.
    fn step_on(
        &mut self,
        bound: &mut Bound,
        step: &Step,
        row: usize,
        volume_row: usize,
    ) -> napi::Result<u32, String> {
        let n = with_account!(&self.core, a => a.assets().len());
        let Bound {
            bars,
            fills: Some(fills),
            queue: Some(queue),
            order_count: Some(order_count),
            held_and_open: Some(held),
        } = bound
        else {
            return Err(config_error("stepBound before bindBuffers".to_string()));
        };
        let slice = |k: usize, from: usize| bars.get(k).and_then(|c| c.get(from..from + n));
        let (Some(open), Some(high), Some(low), Some(close), Some(volume)) = (
            slice(0, row),
            slice(1, row),
            slice(2, row),
            slice(3, row),
            slice(4, volume_row),
        ) else {
            return Err(to_js(EngineError::data(format!(
                "bar {} is outside the bound bar columns (row {row}, volume row {volume_row}, {n} assets)",
                step.bar_index
            ))));
        };
        // SAFETY: no JS runs during this synchronous call; the buffers are the facade's own,
        // distinct from each other and from the bar columns.
        let (out, count_out, held_out) =
            unsafe { (fills.as_mut(), order_count.as_mut(), held.as_mut()) };
        self.step(
            step,
            [open, high, low, close, volume],
            out,
            queue,
            count_out,
            held_out,
        )
    }

    /// Places the queued orders, then processes the bar (see `stepBar`).
    fn step(
        &mut self,
        step: &Step,
        bar: [&[f64]; 5],
        out: &mut [f64],
        queue: &[f64],
        count_out: &mut [i32],
        held_out: &mut [f64],
    ) -> napi::Result<u32, String> {
        let panic_at = self.panic_at_bar;
        let Step {
            bar_index,
            timestamp,
            checked,
            queued,
        } = *step;
        self.guard("stepBar", |core| {
            with_account!(core, a => {
                if panic_at == Some(bar_index) {
                    a.current_bar = Some(bar_index as usize);
                    a.blotter.current_sid = Some(0);
                    panic!("injected fault");
                }
                a.place_batch(batch(queue, queued)?)?;
                let fills = a.step_row(bar_index as usize, timestamp, bar, checked)?;
                let written = write_fills(fills, 0, out);
                // The orders now held, bracket legs placed by the fills included: the next id is known.
                if let Some(slot) = count_out.first_mut() {
                    *slot = a.blotter.orders().len() as i32;
                }
                // Per sid, units held plus those of live orders, as `heldAndOpen` answers.
                let open = a.blotter.open_quantity();
                for ((o, held), open) in held_out.iter_mut().zip(&a.ledger.quantity).zip(open) {
                    *o = held + open;
                }
                Ok(written)
            })
        })
    }
}

impl EngineCore {
    /// Runs `f` on the account, turning a refusal into a JS error and a panic
    /// into an error naming the bar and asset (the core then refuses further calls).
    fn guard<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut Core) -> EngineResult<T>,
    ) -> napi::Result<T, String> {
        if let Some(reason) = &self.poisoned {
            return Err(Error::new(
                "ERR_NATIVE_UNAVAILABLE".to_string(),
                format!("The Rust engine core stopped after an internal error ({reason}); start a new run."),
            ));
        }
        let core = &mut self.core;
        match catch_unwind(AssertUnwindSafe(|| f(core))) {
            Ok(result) => result.map_err(to_js),
            Err(payload) => {
                let (bar, sid, symbol) = with_account!(&self.core, a => {
                    let sid = a.blotter.current_sid;
                    (a.current_bar, sid, sid.and_then(|s| a.assets().get(s)).map(|s| s.symbol.clone()))
                });
                let at = match (bar, symbol) {
                    (Some(b), Some(s)) => {
                        format!("at bar {b}, asset {s} (sid {})", sid.unwrap_or(0))
                    }
                    (Some(b), None) => format!("at bar {b}"),
                    _ => "outside a bar".to_string(),
                };
                let reason = format!("{what} {at}: {}", panic_text(payload.as_ref()));
                self.poisoned = Some(reason.clone());
                Err(Error::new(
                    "ERR_NATIVE_UNAVAILABLE".to_string(),
                    format!("The Rust engine core failed in {reason}. Rerun with RUSTYBT_BACKEND=ts and report this."),
                ))
            }
        }
    }
}

#[napi]
impl EngineCore {
    /// Builds the core from its configuration.
    #[napi(constructor)]
    pub fn new(config: EngineCoreConfig) -> napi::Result<Self, String> {
        let account = account_config(&config).map_err(config_error)?;
        let core = match config.numeric_mode.as_str() {
            "decimal" => Core::Decimal(Box::new(Account::new(account).map_err(to_js)?)),
            "float" => Core::Float(Box::new(Account::new(account).map_err(to_js)?)),
            other => {
                return Err(config_error(format!(
                    "Unknown numeric mode {other:?}; use \"decimal\" or \"float\"."
                )))
            }
        };
        Ok(EngineCore {
            core,
            poisoned: None,
            panic_at_bar: None,
            bound: Bound::default(),
        })
    }

    /// Places the orders queued since the last call, in order, at the current
    /// clock: `queued` records of 12 values (op 0 place, 1 place and link
    /// one-cancels-other with the order before, 2 bracket entry; sid,
    /// quantity, type, limit, stop, trail, trail-percent value and scale, tif,
    /// take-profit, stop-loss). Their ids follow `orderCount` in order.
    #[napi]
    pub fn place_orders(&mut self, queue: &[f64], queued: u32) -> napi::Result<(), String> {
        self.guard("placeOrders", |core| {
            let records = batch(queue, queued)?;
            with_account!(core, a => a.place_batch(records))
        })
    }

    /// Places the `queued` orders of `queue` (see `placeOrders`), then
    /// processes bar `barIndex` stamped `timestamp` for all assets (starting
    /// its session if it is a new UTC day) from the bar of every asset handed
    /// over with the call (units by sid, NaN open = no bar; views of a
    /// bar-major store, borrowed for the call, never copied into the core).
    /// `checked` skips the per-asset check for bars validated at load. Writes
    /// up to `fillsOut.length / 8` fills (orderId, sid, quantity, price,
    /// commission, maker 0/1, the position and the asset's realized P&L just
    /// after the fill) and returns how many fills the bar had (read the rest
    /// with `readFills`); the number of orders held after the step goes to
    /// `orderCount[0]`, and each sid's units held plus those of its live
    /// orders to `heldAndOpen`.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn step_bar(
        &mut self,
        bar_index: u32,
        timestamp: f64,
        open: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
        checked: bool,
        mut fills_out: Float64ArraySlice,
        queue: &[f64],
        queued: u32,
        mut order_count: Int32ArraySlice,
        mut held_and_open: Float64ArraySlice,
    ) -> napi::Result<u32, String> {
        // SAFETY: no JS runs during this synchronous call; the facade passes buffers of its own.
        let (out, count_out, held_out) = unsafe {
            (
                fills_out.as_mut(),
                order_count.as_mut(),
                held_and_open.as_mut(),
            )
        };
        let step = Step {
            bar_index,
            timestamp,
            checked,
            queued,
        };
        self.step(
            &step,
            [open, high, low, close, volume],
            out,
            queue,
            count_out,
            held_out,
        )
    }

    /// Hands over the whole bar-major columns `stepBound` reads its rows
    /// from (open, high, low, close, volume; the volume column may be
    /// another array, such as volumes rescaled to quantities).
    #[napi]
    pub fn bind_bars(
        &mut self,
        open: Float64Array,
        high: Float64Array,
        low: Float64Array,
        close: Float64Array,
        volume: Float64Array,
    ) {
        self.bound.bars = vec![open, high, low, close, volume];
    }

    /// Hands over the buffers `stepBound` writes and reads (as `stepBar`
    /// takes them); bind again after replacing one.
    #[napi]
    pub fn bind_buffers(
        &mut self,
        fills_out: Float64Array,
        queue: Float64Array,
        order_count: Int32Array,
        held_and_open: Float64Array,
    ) {
        self.bound.fills = Some(fills_out);
        self.bound.queue = Some(queue);
        self.bound.order_count = Some(order_count);
        self.bound.held_and_open = Some(held_and_open);
    }

    /// `stepBar` over the bound columns and buffers: the bar's prices are
    /// the assets' values from `row` on, its volumes from `volumeRow` on.
    #[napi]
    pub fn step_bound(
        &mut self,
        bar_index: u32,
        timestamp: f64,
        row: u32,
        volume_row: u32,
        checked: bool,
        queued: u32,
    ) -> napi::Result<u32, String> {
        let mut bound = std::mem::take(&mut self.bound);
        let step = Step {
            bar_index,
            timestamp,
            checked,
            queued,
        };
        let result = self.step_on(&mut bound, &step, row as usize, volume_row as usize);
        self.bound = bound;
        result
    }

    /// Copies the last step's fills from `from` on into `out`; returns how many it wrote.
    #[napi]
    pub fn read_fills(
        &mut self,
        from: u32,
        mut out: Float64ArraySlice,
    ) -> napi::Result<u32, String> {
        // SAFETY: as in `step_bar`.
        let out = unsafe { out.as_mut() };
        self.guard("readFills", |core| {
            with_account!(core, a => {
                let fills = &a.fills[(from as usize).min(a.fills.len())..];
                let n = fills.len().min(out.len() / FILL_FIELDS as usize);
                write_fills(&fills[..n], 0, out);
                Ok(n as u32)
            })
        })
    }

    /// Starts the session containing `session` (UTC day): auto-close, dividends, splits.
    #[napi]
    pub fn start_session(&mut self, session: f64) -> napi::Result<(), String> {
        self.guard(
            "startSession",
            |core| with_account!(core, a => a.start_session(session)),
        )
    }

    /// Ends the session: DAY orders expire, positions due for auto-close close.
    #[napi]
    pub fn end_session(&mut self) -> napi::Result<SessionRecord, String> {
        self.guard("endSession", |core| {
            with_account!(core, a => a.end_session()).map(|r: CoreRecord| SessionRecord {
                session: r.session,
                pnl: r.pnl,
                net_liquidation: r.net_liquidation,
                cash: r.cash,
                fills: r.fills,
                expired_orders: r.expired_orders,
            })
        })
    }

    /// Places a validated order (engine units; type 0 market, 1 limit, 2 stop,
    /// 3 stop-limit, 4 trailing stop; tif 0 GTC, 1 DAY; NaN for absent prices
    /// and trail rate). Returns its id.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn place_order(
        &mut self,
        sid: u32,
        quantity: f64,
        kind: u32,
        limit_price: f64,
        stop_price: f64,
        trail: f64,
        trail_percent_value: f64,
        trail_percent_scale: i32,
        tif: u32,
    ) -> napi::Result<u32, String> {
        self.guard("placeOrder", |core| {
            let r = request(
                sid,
                quantity,
                kind,
                limit_price,
                stop_price,
                trail,
                trail_percent_value,
                trail_percent_scale,
                tif,
            )?;
            with_account!(core, a => a.place(&r))
        })
    }

    /// Places a bracket entry (market or limit…) with its exits; returns its id.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn place_bracket(
        &mut self,
        sid: u32,
        quantity: f64,
        kind: u32,
        limit_price: f64,
        stop_price: f64,
        trail: f64,
        trail_percent_value: f64,
        trail_percent_scale: i32,
        tif: u32,
        take_profit: f64,
        stop_loss: f64,
    ) -> napi::Result<u32, String> {
        self.guard("placeBracket", |core| {
            let r = request(
                sid,
                quantity,
                kind,
                limit_price,
                stop_price,
                trail,
                trail_percent_value,
                trail_percent_scale,
                tif,
            )?;
            with_account!(core, a => a.place_bracket(&r, take_profit, stop_loss))
        })
    }

    /// Links two orders one-cancels-other.
    #[napi]
    pub fn link_oco(&mut self, first: u32, second: u32) -> napi::Result<(), String> {
        self.guard(
            "linkOco",
            |core| with_account!(core, a => a.blotter.link_oco(first, second)),
        )
    }

    /// Records an order refused at placement (status rejected, `reason`); returns its id.
    #[napi]
    pub fn reject(
        &mut self,
        sid: u32,
        quantity: f64,
        tif: u32,
        reason: String,
    ) -> napi::Result<u32, String> {
        self.guard("reject", |core| {
            let tif = if tif == 1 {
                TimeInForce::Day
            } else {
                TimeInForce::Gtc
            };
            with_account!(core, a => a.reject(sid as usize, quantity, tif, reason))
        })
    }

    /// Cancels a live order (reason 0 "cancelled", 1 "cancelled by the algorithm"); false if not live.
    #[napi]
    pub fn cancel(&mut self, id: u32, reason: u32) -> napi::Result<bool, String> {
        self.guard("cancel", |core| {
            let reason = if reason == 1 {
                Reason::CancelledByAlgorithm
            } else {
                Reason::Cancelled
            };
            Ok(with_account!(core, a => a.cancel(id, reason)))
        })
    }

    /// Schedules a split effective at the start of `date`.
    #[napi]
    pub fn declare_split(
        &mut self,
        sid: u32,
        date: f64,
        numerator: f64,
        denominator: f64,
    ) -> napi::Result<(), String> {
        self.guard("declareSplit", |core| {
            with_account!(core, a => a.declare_split(sid as usize, date, numerator, denominator))
        })
    }

    /// Schedules a dividend of `value` units at `scale` per share (or, when
    /// `invalid` is given, the ConfigError its text earns, raised on the ex-date).
    #[napi]
    pub fn declare_dividend(
        &mut self,
        sid: u32,
        ex_date: f64,
        pay_date: f64,
        value: f64,
        scale: i32,
        invalid: Option<String>,
    ) -> napi::Result<(), String> {
        self.guard("declareDividend", |core| {
            let rate = match invalid {
                Some(message) => Err(message),
                None => Ok(Rate { value, scale }),
            };
            with_account!(core, a => a.declare_dividend(sid as usize, ex_date, pay_date, rate))
        })
    }

    /// Number of orders ever placed (ids run 1..=count).
    #[napi(getter)]
    pub fn order_count(&self) -> u32 {
        with_account!(&self.core, a => a.blotter.orders().len() as u32)
    }

    /// Writes orders `fromId..` as 14-value records (id, sid, quantity, filled,
    /// type, limitPrice, stopPrice, tif, placedAt, parentId|NaN, status
    /// 0 open 1 partiallyFilled 2 filled 3 cancelled 4 rejected, commission,
    /// first OCO id|NaN, barsSeen); returns how many it wrote.
    #[napi]
    pub fn read_orders(&self, from_id: u32, mut out: Float64ArraySlice) -> u32 {
        // SAFETY: as in `step_bar`.
        let out = unsafe { out.as_mut() };
        with_account!(&self.core, a => {
            let orders = a.blotter.orders();
            let start = (from_id.max(1) as usize - 1).min(orders.len());
            let n = (orders.len() - start).min(out.len() / ORDER_FIELDS as usize);
            for (k, o) in orders[start..start + n].iter().enumerate() {
                write_order(o, &mut out[k * ORDER_FIELDS as usize..(k + 1) * ORDER_FIELDS as usize]);
            }
            n as u32
        })
    }

    /// Why order `id` was cancelled or rejected (empty while live or unknown).
    #[napi]
    pub fn order_reason(&self, id: u32) -> String {
        with_account!(&self.core, a => a.blotter.get(id).map(|o| o.reason.text()).unwrap_or_default())
    }

    /// Every order `id` cancels when it fills (one-cancels-other).
    #[napi]
    pub fn order_oco_with(&self, id: u32) -> Vec<u32> {
        with_account!(&self.core, a => a.blotter.get(id).map(|o| o.oco_with.clone()).unwrap_or_default())
    }

    /// Ids of the live orders, in placement order.
    #[napi]
    pub fn live_order_ids(&self) -> Vec<u32> {
        with_account!(&self.core, a => a.blotter.live_ids().collect())
    }

    /// Writes the account into `out` (length ≥ 9 + 6 × assets): cash,
    /// realized, commissions, dividends, dividendsReceivable, positionsValue,
    /// netLiquidation, session, sessionPnl; then per sid the columns quantity, costBasis,
    /// lastPrice, marketValue, realized, openQuantity (each `assets` long).
    /// Returns the number of values written.
    #[napi]
    pub fn read_ledger(&self, mut out: Float64ArraySlice) -> napi::Result<u32, String> {
        // SAFETY: as in `step_bar`.
        let out = unsafe { out.as_mut() };
        with_account!(&self.core, a => {
            let l = &a.ledger;
            let n = l.quantity.len();
            let total = LEDGER_HEADER as usize + 6 * n;
            if out.len() < total {
                return Err(config_error(format!("readLedger needs a buffer of {total} values, got {}.", out.len())));
            }
            out[..9].copy_from_slice(&[
                l.cash,
                l.realized,
                l.commissions,
                l.dividends,
                l.dividends_receivable,
                l.positions_value(),
                l.net_liquidation(),
                a.session,
                l.session_pnl(),
            ]);
            let columns = [&l.quantity, &l.cost_basis, &l.last_price, &l.market_value, &l.realized_by_sid];
            for (k, column) in columns.iter().enumerate() {
                let at = LEDGER_HEADER as usize + k * n;
                out[at..at + n].copy_from_slice(column);
            }
            out[LEDGER_HEADER as usize + 5 * n..total].copy_from_slice(a.blotter.open_quantity());
            Ok(total as u32)
        })
    }

    /// Units of `sid` held plus those of its live orders (what `orderTarget` sizes against); NaN for an unknown sid.
    #[napi]
    pub fn held_and_open(&self, sid: u32) -> f64 {
        with_account!(&self.core, a => {
            let s = sid as usize;
            match (a.ledger.quantity.get(s), a.blotter.open_quantity().get(s)) {
                (Some(held), Some(open)) => held + open,
                _ => f64::NAN,
            }
        })
    }

    /// One value of a per-sid column (0 quantity, 1 cost basis, 2 last price, 3 market value, 4 realized, 5 open quantity) for `sid`; NaN for an unknown sid or column.
    #[napi]
    pub fn column_value(&self, which: u32, sid: u32) -> f64 {
        with_account!(&self.core, a => {
            let l = &a.ledger;
            let column: &[f64] = match which {
                0 => &l.quantity,
                1 => &l.cost_basis,
                2 => &l.last_price,
                3 => &l.market_value,
                4 => &l.realized_by_sid,
                5 => a.blotter.open_quantity(),
                _ => return f64::NAN,
            };
            column.get(sid as usize).copied().unwrap_or(f64::NAN)
        })
    }

    /// Makes the next `stepBar` of `barIndex` panic inside the core (a fault-injection hook for tests).
    #[napi]
    pub fn inject_panic_at_bar(&mut self, bar_index: u32) {
        self.panic_at_bar = Some(bar_index);
    }
}
