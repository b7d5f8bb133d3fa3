//! The fill path of the order book: each bar, every live order placed
//! before it is tried in placement order (execution price, volume cap,
//! slippage, commission), booked in the ledger at once, then OCO partners are
//! cancelled and bracket legs placed.

use super::blotter::{BarView, Blotter, Models, OrderRequest};
use super::commission::CommissionInput;
use super::error::{EngineError, EngineResult};
use super::fill_rules::{limit_price, stop_price, FillReference};
use super::js_text::js_number;
use super::ledger::Ledger;
use super::numeric::Numeric;
use super::orders::{BracketLegs, Fill, OrderStatus, OrderType, Reason, TimeInForce};
use super::slippage::SlippageModel;
use super::wide::{CEILING, DOWN, FLOOR};

impl<N: Numeric> Blotter<N> {
    /// Fills live orders against `bar` in placement order, booking each fill in
    /// `ledger` before the next order is looked at; appends them to `fills`.
    pub fn process(
        &mut self,
        bar: &BarView<'_>,
        ledger: &mut Ledger<N>,
        models: &mut Models,
        fills: &mut Vec<Fill>,
    ) -> EngineResult<()> {
        self.volume_used.fill(0.0);
        let t = bar.timestamp;
        self.prefetch_rows(bar);
        let mut i = 0;
        while i < self.live.len() {
            let index = self.live[i] as usize - 1;
            i += 1;
            let order = &self.orders[index];
            if !order.is_live() || order.placed_at >= t {
                continue;
            }
            self.current_sid = Some(order.sid);
            let Some(fill) = self.try_fill(index, bar, models)? else {
                continue;
            };
            fills.push(fill);
            ledger.apply_fill(fill.sid, fill.quantity, fill.price, fill.commission)?;
            if let Some(last) = fills.last_mut() {
                last.position_after = ledger.quantity[fill.sid];
                last.realized_after = ledger.realized_by_sid[fill.sid];
            }
            for k in 0..self.orders[index].oco_with.len() {
                let other = self.orders[index].oco_with[k];
                self.cancel(other, Reason::OcoFilled(fill.order_id));
            }
            if self.orders[index].bracket.is_some() {
                self.grow_bracket(index, fill.quantity, t);
            }
        }
        self.current_sid = None;
        let n = self
            .last_close
            .len()
            .min(bar.close.len())
            .min(bar.open.len());
        for sid in 0..n {
            let c = bar.close[sid];
            if !c.is_nan() && !bar.open[sid].is_nan() {
                self.last_close[sid] = c;
            }
        }
        self.compact();
        Ok(())
    }

    /// Asks the CPU for the bar values the live orders will read, all at
    /// once: the rows of a large bar-major store are seldom in cache, and
    /// waiting for them order by order costs a miss each.
    fn prefetch_rows(&self, bar: &BarView<'_>) {
        #[cfg(target_arch = "x86_64")]
        for &id in &self.live {
            let Some(order) = self.orders.get(id as usize - 1) else {
                continue;
            };
            let sid = order.sid;
            for column in [bar.open, bar.high, bar.low, bar.volume] {
                if let Some(value) = column.get(sid) {
                    // SAFETY: a prefetch is a hint; the address is that of a live slice element.
                    unsafe {
                        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
                            (value as *const f64).cast::<i8>(),
                        );
                    }
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = bar;
    }

    // `!(x >= 0)` on purpose: NaN is refused, as in TypeScript.
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    fn try_fill(
        &mut self,
        index: usize,
        bar: &BarView<'_>,
        models: &mut Models,
    ) -> EngineResult<Option<Fill>> {
        let sid = self.orders[index].sid;
        let open = bar.open[sid];
        if open.is_nan() {
            return Ok(None);
        }
        self.orders[index].bars_seen = self.orders[index].bars_seen.saturating_add(1);
        let high = bar.high[sid];
        let low = bar.low[sid];
        let reference = match self.fill_reference {
            FillReference::Open => open,
            FillReference::Close => bar.close[sid],
        };
        let fill_at = self.fill_reference;
        let order = &mut self.orders[index];
        let side = order.side();
        let mut limit_fill = false;
        let price = match order.kind {
            OrderType::Market => reference,
            OrderType::Limit => {
                limit_fill = true;
                limit_price(side, order.limit_price, reference, high, low)
            }
            OrderType::Stop => stop_price(side, order.stop_price, reference, high, low, fill_at),
            OrderType::StopLimit => {
                if order.triggered {
                    limit_fill = true;
                    limit_price(side, order.limit_price, reference, high, low)
                } else {
                    let trigger = stop_price(side, order.stop_price, reference, high, low, fill_at);
                    if trigger.is_nan() {
                        return Ok(None);
                    }
                    order.triggered = true;
                    // Fills now only if the trigger honours the limit; else it rests as a limit.
                    let honours = if side > 0 {
                        trigger <= order.limit_price
                    } else {
                        trigger >= order.limit_price
                    };
                    if honours {
                        trigger
                    } else {
                        f64::NAN
                    }
                }
            }
            OrderType::TrailingStop => self.trailing_price(index, reference, high, low)?,
        };
        if price.is_nan() {
            return Ok(None);
        }
        let slippage = &models.slippage[models.slippage_by_sid[sid]];
        let volume = bar.volume[sid];
        let mut quantity = self.orders[index].remaining();
        if let Some(available) = self.available(sid, slippage, volume)? {
            if available <= 0.0 {
                return Ok(None);
            }
            if quantity.abs() > available {
                quantity = f64::from(side) * available;
            }
        }
        let asset = &self.assets[sid];
        let mut fill_price = slippage.price::<N>(
            price,
            quantity,
            volume,
            asset.price_scale,
            self.modes.slippage_price,
        )?;
        if !fill_price.is_finite() {
            return Err(EngineError::order(format!(
                "Slippage model {} returned a non-finite price for {}.",
                slippage.name(),
                asset.symbol
            )));
        }
        // Never outside the bar's range, never beyond a limit.
        if fill_price > high {
            fill_price = high;
        }
        if fill_price < low {
            fill_price = low;
        }
        let order = &self.orders[index];
        if limit_fill || order.kind == OrderType::StopLimit {
            if side > 0 && fill_price > order.limit_price {
                fill_price = order.limit_price;
            }
            if side < 0 && fill_price < order.limit_price {
                fill_price = order.limit_price;
            }
        }
        let abs_quantity = quantity.abs();
        let notional = N::mul_shift(
            fill_price,
            abs_quantity,
            asset.price_scale + asset.quantity_scale - self.money_scale,
            self.modes.notional,
        )?;
        let maker = limit_fill && price != reference;
        let model = &mut models.commission[models.commission_by_sid[sid]];
        let charged = model.commission::<N>(&CommissionInput {
            money_scale: self.money_scale,
            quantity_scale: asset.quantity_scale,
            quantity,
            notional,
            filled_before: order.filled.abs(),
            charged_before: order.commission / self.money_factor,
            maker,
            timestamp: bar.timestamp,
            mode: self.modes.commission,
        })?;
        let commission = charged * self.money_factor;
        if !(charged >= 0.0) || !charged.is_finite() {
            return Err(EngineError::order(format!(
                "Commission model {} returned {} for {}; it must be a finite amount >= 0.",
                model.name(),
                js_number(charged),
                asset.symbol
            )));
        }
        let order = &mut self.orders[index];
        order.filled += quantity;
        let done = order.filled == order.quantity;
        order.commission += commission;
        order.status = if done {
            OrderStatus::Filled
        } else {
            OrderStatus::PartiallyFilled
        };
        let order_id = order.id;
        self.track(sid, -quantity, if done { -1 } else { 0 });
        self.volume_used[sid] += abs_quantity;
        Ok(Some(Fill {
            order_id,
            sid,
            quantity,
            price: fill_price,
            commission,
            maker,
            position_after: f64::NAN,
            realized_after: f64::NAN,
        }))
    }

    fn trailing_price(
        &mut self,
        index: usize,
        reference: f64,
        high: f64,
        low: f64,
    ) -> EngineResult<f64> {
        let fill_at = self.fill_reference;
        let sid = self.orders[index].sid;
        let last = self.last_close[sid];
        let order = &mut self.orders[index];
        let side = order.side();
        if order.extreme.is_nan() {
            order.extreme = if last.is_nan() { reference } else { last };
        }
        let level = match order.trail_percent {
            Some(rate) => N::mul_shift(
                order.extreme,
                rate.value,
                rate.scale,
                if side > 0 { CEILING } else { FLOOR },
            )?,
            None if side > 0 => order.extreme + order.trail,
            None => order.extreme - order.trail,
        };
        order.stop_price = level;
        let price = stop_price(side, level, reference, high, low, fill_at);
        // The best price of this bar moves the stop for the next bar.
        if side < 0 && high > order.extreme {
            order.extreme = high;
        }
        if side > 0 && low < order.extreme {
            order.extreme = low;
        }
        Ok(price)
    }

    fn available(
        &self,
        sid: usize,
        model: &SlippageModel,
        volume: f64,
    ) -> EngineResult<Option<f64>> {
        let Some(rate) = model.volume_limit() else {
            return Ok(None);
        };
        let lot = self.lot[sid];
        let cap = N::round_to_step(
            N::mul_shift(volume, rate.value, rate.scale, DOWN)?,
            lot,
            DOWN,
        );
        Ok(Some(cap - self.volume_used[sid]))
    }

    fn grow_bracket(&mut self, index: usize, filled: f64, t: f64) {
        let Some(legs) = self.orders[index].bracket else {
            return;
        };
        let (entry_id, sid) = (self.orders[index].id, self.orders[index].sid);
        match (legs.take_profit_id, legs.stop_loss_id) {
            (Some(tp), Some(sl)) => {
                let (tpi, sli) = (tp as usize - 1, sl as usize - 1);
                let (a, b) = (&self.orders[tpi], &self.orders[sli]);
                if a.is_live() && b.is_live() && a.filled == 0.0 && b.filled == 0.0 {
                    self.orders[tpi].quantity -= filled;
                    self.orders[sli].quantity -= filled;
                    self.recount(sid);
                }
            }
            _ => {
                let leg = |kind: OrderType, limit: f64, stop: f64| OrderRequest {
                    sid,
                    quantity: -filled,
                    kind,
                    limit_price: limit,
                    stop_price: stop,
                    trail: f64::NAN,
                    trail_percent: None,
                    tif: TimeInForce::Gtc,
                };
                let tp = self.push(
                    &leg(OrderType::Limit, legs.take_profit, f64::NAN),
                    t,
                    Some(entry_id),
                );
                let sl = self.push(
                    &leg(OrderType::Stop, f64::NAN, legs.stop_loss),
                    t,
                    Some(entry_id),
                );
                self.orders[tp as usize - 1].oco_with.push(sl);
                self.orders[sl as usize - 1].oco_with.push(tp);
                self.orders[index].bracket = Some(BracketLegs {
                    take_profit_id: Some(tp),
                    stop_loss_id: Some(sl),
                    ..legs
                });
            }
        }
    }
}
