//! The order book (TypeScript `Blotter`): places, cancels and fills orders
//! bar by bar for all assets, in placement order. An order placed while the
//! clock is at bar t fills on a bar stamped after t, never on t itself.

use std::marker::PhantomData;

use super::assets::AssetSpec;
use super::commission::{CommissionInput, CommissionModel};
use super::error::{EngineError, EngineResult};
use super::fill_rules::{limit_price, stop_price, FillReference};
use super::js_text::js_number;
use super::ledger::{Ledger, Roundings};
use super::numeric::{Numeric, Rate};
use super::orders::{BracketLegs, Fill, Order, OrderStatus, OrderType, Reason, TimeInForce};
use super::slippage::SlippageModel;
use super::wide::{CEILING, DOWN, FLOOR};

/// One bar for every asset, engine representation, indexed by sid (NaN open = no bar).
#[derive(Debug, Clone, Copy)]
pub struct BarView<'a> {
    pub timestamp: f64,
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
}

/// The slippage and commission model of each asset (shared instances by index).
#[derive(Debug, Clone)]
pub struct Models {
    pub slippage: Vec<SlippageModel>,
    pub slippage_by_sid: Vec<usize>,
    pub commission: Vec<CommissionModel>,
    pub commission_by_sid: Vec<usize>,
}

/// What a new order is, in engine units, after the placing side validated it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderRequest {
    pub sid: usize,
    pub quantity: f64,
    pub kind: OrderType,
    pub limit_price: f64,
    pub stop_price: f64,
    pub trail: f64,
    pub trail_percent: Option<Rate>,
    pub tif: TimeInForce,
}

/// The order book of one account.
#[derive(Debug, Clone)]
pub struct Blotter<N: Numeric> {
    /// Clock: start of the bar being processed (epoch ms).
    pub now: f64,
    /// The sid being filled (for messages about a failure mid-bar).
    pub current_sid: Option<usize>,
    orders: Vec<Order>,
    live: Vec<u32>,
    assets: Vec<AssetSpec>,
    lot: Vec<f64>,
    volume_used: Vec<f64>,
    last_close: Vec<f64>,
    open_by_sid: Vec<f64>,
    live_by_sid: Vec<i32>,
    fill_reference: FillReference,
    /// The account currency's scale: notionals and commissions are in its units.
    money_scale: i32,
    money_factor: f64,
    modes: Roundings,
    numeric: PhantomData<N>,
}

impl<N: Numeric> Blotter<N> {
    pub fn new(
        assets: &[AssetSpec],
        fill_reference: FillReference,
        money_scale: i32,
        money_factor: f64,
        modes: Roundings,
    ) -> Self {
        let n = assets.len();
        Blotter {
            now: f64::NEG_INFINITY,
            current_sid: None,
            orders: Vec::new(),
            live: Vec::new(),
            assets: assets.to_vec(),
            lot: assets
                .iter()
                .map(|a| N::from_units(a.lot_units, a.quantity_scale))
                .collect(),
            volume_used: vec![0.0; n],
            last_close: vec![f64::NAN; n],
            open_by_sid: vec![0.0; n],
            live_by_sid: vec![0; n],
            fill_reference,
            money_scale,
            money_factor,
            modes,
            numeric: PhantomData,
        }
    }

    /// The order with `id`.
    pub fn get(&self, id: u32) -> Option<&Order> {
        self.orders.get((id as usize).wrapping_sub(1))
    }

    /// Every order ever placed, in id order.
    pub fn orders(&self) -> &[Order] {
        &self.orders
    }

    /// Signed quantity still to fill over the live orders of each sid.
    pub fn open_quantity(&self) -> &[f64] {
        &self.open_by_sid
    }

    /// Ids of the live orders in placement order (may hold orders finished since the last compaction).
    pub fn live_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.live
            .iter()
            .copied()
            .filter(|id| self.orders[*id as usize - 1].is_live())
    }

    fn symbol(&self, sid: usize) -> &str {
        &self.assets[sid].symbol
    }

    fn track(&mut self, sid: usize, delta: f64, orders: i32) {
        self.live_by_sid[sid] += orders;
        // With no live order left the sum is exactly zero, whatever float rounding said.
        self.open_by_sid[sid] = if self.live_by_sid[sid] == 0 {
            0.0
        } else {
            self.open_by_sid[sid] + delta
        };
    }

    fn recount(&mut self, sid: usize) {
        let mut total = 0.0;
        for id in &self.live {
            let o = &self.orders[*id as usize - 1];
            if o.sid == sid && o.is_live() {
                total += o.remaining();
            }
        }
        self.track(sid, 0.0, 0);
        self.open_by_sid[sid] = total;
    }

    fn check_request(&self, request: &OrderRequest) -> EngineResult<()> {
        if request.sid >= self.assets.len() {
            return Err(EngineError::order(format!(
                "Unknown sid {}: register the asset with the AssetFinder first.",
                request.sid
            )));
        }
        let q = request.quantity;
        if !q.is_finite() || q == 0.0 {
            return Err(EngineError::order(format!(
                "Order for {}: quantity {} must be a finite non-zero number.",
                self.symbol(request.sid),
                js_number(q)
            )));
        }
        Ok(())
    }

    fn push(&mut self, request: &OrderRequest, placed_at: f64, parent_id: Option<u32>) -> u32 {
        let id = self.orders.len() as u32 + 1;
        self.orders.push(Order {
            id,
            sid: request.sid,
            quantity: request.quantity,
            filled: 0.0,
            kind: request.kind,
            limit_price: request.limit_price,
            stop_price: request.stop_price,
            trail: request.trail,
            trail_percent: request.trail_percent,
            tif: request.tif,
            placed_at,
            parent_id,
            status: OrderStatus::Open,
            commission: 0.0,
            reason: Reason::None,
            oco_with: Vec::new(),
            bars_seen: 0,
            triggered: false,
            extreme: f64::NAN,
            bracket: None,
        });
        self.live.push(id);
        self.track(request.sid, request.quantity, 1);
        id
    }

    /// Places an order at the current clock; returns its id.
    pub fn place(&mut self, request: &OrderRequest) -> EngineResult<u32> {
        self.check_request(request)?;
        Ok(self.push(request, self.now, None))
    }

    /// Records an order refused at placement (a market order, status `rejected`).
    pub fn reject(
        &mut self,
        sid: usize,
        quantity: f64,
        tif: TimeInForce,
        reason: String,
    ) -> EngineResult<u32> {
        let request = OrderRequest {
            sid,
            quantity,
            kind: OrderType::Market,
            limit_price: f64::NAN,
            stop_price: f64::NAN,
            trail: f64::NAN,
            trail_percent: None,
            tif,
        };
        let id = self.place(&request)?;
        self.finish(
            id as usize - 1,
            OrderStatus::Rejected,
            Reason::Rejected(reason),
        );
        Ok(id)
    }

    /// Links two live orders one-cancels-other.
    pub fn link_oco(&mut self, a: u32, b: u32) -> EngineResult<()> {
        if self.get(a).is_none() || self.get(b).is_none() || a == b {
            return Err(EngineError::order(format!(
                "Cannot link orders {a} and {b}: unknown order."
            )));
        }
        self.orders[a as usize - 1].oco_with.push(b);
        self.orders[b as usize - 1].oco_with.push(a);
        Ok(())
    }

    /// Places a bracket entry whose fills place a take-profit limit and a stop-loss stop (OCO).
    pub fn place_bracket(
        &mut self,
        entry: &OrderRequest,
        take_profit: f64,
        stop_loss: f64,
    ) -> EngineResult<u32> {
        let id = self.place(entry)?;
        self.orders[id as usize - 1].bracket = Some(BracketLegs {
            take_profit,
            stop_loss,
            take_profit_id: None,
            stop_loss_id: None,
        });
        Ok(id)
    }

    /// Cancels a live order; false when it was not live.
    pub fn cancel(&mut self, id: u32, reason: Reason) -> bool {
        let index = (id as usize).wrapping_sub(1);
        match self.orders.get(index) {
            Some(o) if o.is_live() => {
                self.finish(index, OrderStatus::Cancelled, reason);
                true
            }
            _ => false,
        }
    }

    /// Cancels every live order of `sid`; returns how many.
    pub fn cancel_all(&mut self, sid: usize, reason: &Reason) -> u32 {
        let mut n = 0;
        for i in 0..self.live.len() {
            let id = self.live[i];
            if self.orders[id as usize - 1].sid == sid && self.cancel(id, reason.clone()) {
                n += 1;
            }
        }
        n
    }

    fn finish(&mut self, index: usize, status: OrderStatus, reason: Reason) {
        if self.orders[index].is_live() {
            let (sid, remaining) = (self.orders[index].sid, self.orders[index].remaining());
            self.track(sid, -remaining, -1);
        }
        self.orders[index].status = status;
        self.orders[index].reason = reason;
    }

    fn compact(&mut self) {
        let orders = &self.orders;
        if self
            .live
            .iter()
            .any(|id| !orders[*id as usize - 1].is_live())
        {
            self.live.retain(|id| orders[*id as usize - 1].is_live());
        }
    }

    /// Ends a session: DAY orders live for at least one bar expire. Returns how many.
    pub fn end_session(&mut self) -> u32 {
        let mut expired = 0;
        for i in 0..self.live.len() {
            let index = self.live[i] as usize - 1;
            let o = &self.orders[index];
            if o.tif == TimeInForce::Day && o.bars_seen > 0 && o.is_live() {
                self.finish(index, OrderStatus::Cancelled, Reason::DayExpired);
                expired += 1;
            }
        }
        self.compact();
        expired
    }

    /// Adjusts the live orders of `sid` for a split: quantities × ratio (toward
    /// zero, on the lot), prices ÷ ratio.
    pub fn adjust_for_split(
        &mut self,
        sid: usize,
        numerator: f64,
        denominator: f64,
    ) -> EngineResult<()> {
        let lot = self.lot[sid];
        let price_mode = self.modes.price;
        let scale_q = |q: f64| -> EngineResult<f64> {
            Ok(N::round_to_step(
                N::mul_div(q, numerator, denominator * lot, 0, DOWN)?,
                1.0,
                DOWN,
            ) * lot)
        };
        let scale_p = |p: f64| -> EngineResult<f64> {
            if p.is_nan() {
                Ok(p)
            } else {
                N::mul_div(p, denominator, numerator, 0, price_mode)
            }
        };
        for i in 0..self.live.len() {
            let index = self.live[i] as usize - 1;
            let o = &mut self.orders[index];
            if o.sid != sid || !o.is_live() {
                continue;
            }
            o.quantity = scale_q(o.quantity)?;
            o.filled = scale_q(o.filled)?;
            o.limit_price = scale_p(o.limit_price)?;
            o.stop_price = scale_p(o.stop_price)?;
            o.extreme = scale_p(o.extreme)?;
            if !o.trail.is_nan() {
                o.trail = scale_p(o.trail)?;
            }
            if o.quantity == o.filled {
                self.finish(index, OrderStatus::Cancelled, Reason::SplitBelowLot);
            }
        }
        self.recount(sid);
        Ok(())
    }

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

#[cfg(test)]
mod tests {
    use super::super::commission::CommissionModel;
    use super::super::ledger::LedgerScales;
    use super::super::numeric::Decimal;
    use super::*;

    fn asset() -> AssetSpec {
        AssetSpec {
            symbol: "AAA".into(),
            price_scale: 2,
            quantity_scale: 0,
            lot_units: 1.0,
            start_date: 0.0,
            end_date: 1e15,
            auto_close_date: 1e15,
        }
    }

    const MODES: Roundings = Roundings {
        price: 6,
        notional: 6,
        cost_basis: 6,
        commission: 6,
        slippage_price: 6,
        dividend: 6,
        split_remainder: 1,
    };

    fn setup(slippage: SlippageModel) -> (Blotter<Decimal>, Ledger<Decimal>, Models) {
        let assets = [asset()];
        let blotter = Blotter::new(&assets, FillReference::Open, 2, 1.0, MODES);
        let ledger = Ledger::new(
            &assets,
            LedgerScales {
                currency_scale: 2,
                money_scale: 2,
                money_factor: 1.0,
                starting_cash: 1e9,
            },
            MODES,
        );
        let models = Models {
            slippage: vec![slippage],
            slippage_by_sid: vec![0],
            commission: vec![CommissionModel::PerTrade {
                cost: Rate {
                    value: 0.0,
                    scale: 0,
                },
            }],
            commission_by_sid: vec![0],
        };
        (blotter, ledger, models)
    }

    fn request(quantity: f64, kind: OrderType, limit: f64, stop: f64) -> OrderRequest {
        OrderRequest {
            sid: 0,
            quantity,
            kind,
            limit_price: limit,
            stop_price: stop,
            trail: f64::NAN,
            trail_percent: None,
            tif: TimeInForce::Gtc,
        }
    }

    /// Runs one bar (open, high, low, close, volume) at `t` and returns its fills.
    fn bar(
        b: &mut Blotter<Decimal>,
        l: &mut Ledger<Decimal>,
        m: &mut Models,
        t: f64,
        ohlcv: [f64; 5],
    ) -> Vec<Fill> {
        let mut fills = Vec::new();
        let [o, h, lo, c, v] = ohlcv;
        let view = BarView {
            timestamp: t,
            open: &[o],
            high: &[h],
            low: &[lo],
            close: &[c],
            volume: &[v],
        };
        b.now = t;
        let result = b.process(&view, l, m, &mut fills);
        assert!(result.is_ok(), "{result:?}");
        fills
    }

    #[test]
    fn caps_fills_at_the_volume_limit_and_fills_the_rest_later() {
        let capped = SlippageModel::FixedBasisPoints {
            up: Rate {
                value: 1.0,
                scale: 0,
            },
            down: Rate {
                value: 1.0,
                scale: 0,
            },
            volume_limit: Some(Rate {
                value: 1.0,
                scale: 1,
            }),
        };
        let (mut b, mut l, mut m) = setup(capped);
        let id = b
            .place(&request(25.0, OrderType::Market, f64::NAN, f64::NAN))
            .unwrap_or(0);
        let fills = bar(
            &mut b,
            &mut l,
            &mut m,
            1.0,
            [100.0, 100.0, 100.0, 100.0, 100.0],
        );
        assert_eq!(
            fills.iter().map(|f| f.quantity).collect::<Vec<_>>(),
            vec![10.0]
        );
        assert_eq!(
            b.get(id).map(|o| o.status),
            Some(OrderStatus::PartiallyFilled)
        );
        assert_eq!(b.open_quantity()[0], 15.0);
        bar(
            &mut b,
            &mut l,
            &mut m,
            2.0,
            [100.0, 100.0, 100.0, 100.0, 100.0],
        );
        bar(
            &mut b,
            &mut l,
            &mut m,
            3.0,
            [100.0, 100.0, 100.0, 100.0, 100.0],
        );
        assert_eq!(b.get(id).map(|o| o.status), Some(OrderStatus::Filled));
        assert_eq!(b.open_quantity()[0], 0.0);
        assert_eq!(l.quantity[0], 25.0);
    }

    #[test]
    fn a_stop_limit_triggered_beyond_its_limit_rests_as_a_limit() {
        let (mut b, mut l, mut m) = setup(SlippageModel::NoSlippage);
        let id = b
            .place(&request(-5.0, OrderType::StopLimit, 9500.0, 9800.0))
            .unwrap_or(0);
        // gaps down to 94.00: triggered at the open, below the 95.00 limit: no fill yet
        assert!(bar(
            &mut b,
            &mut l,
            &mut m,
            1.0,
            [9400.0, 9450.0, 9300.0, 9400.0, 1e6]
        )
        .is_empty());
        assert_eq!(b.get(id).map(|o| o.triggered), Some(true));
        let fills = bar(
            &mut b,
            &mut l,
            &mut m,
            2.0,
            [9400.0, 9600.0, 9400.0, 9550.0, 1e6],
        );
        assert_eq!(
            fills.first().map(|f| (f.price, f.maker)),
            Some((9500.0, true))
        );
    }

    #[test]
    fn a_trailing_stop_follows_the_best_price() {
        let (mut b, mut l, mut m) = setup(SlippageModel::NoSlippage);
        let mut r = request(-1.0, OrderType::TrailingStop, f64::NAN, f64::NAN);
        r.trail = 200.0;
        let id = b.place(&r).unwrap_or(0);
        bar(
            &mut b,
            &mut l,
            &mut m,
            1.0,
            [10000.0, 10500.0, 9900.0, 10400.0, 1e6],
        );
        // extreme 105.00 after bar 1: the stop sits at 103.00 for bar 2
        let fills = bar(
            &mut b,
            &mut l,
            &mut m,
            2.0,
            [10400.0, 10450.0, 10200.0, 10300.0, 1e6],
        );
        assert_eq!(b.get(id).map(|o| o.stop_price), Some(10300.0));
        assert_eq!(fills.first().map(|f| f.price), Some(10300.0));
    }

    #[test]
    fn a_reverse_split_cancels_an_order_left_below_one_lot() {
        let (mut b, _, _) = setup(SlippageModel::NoSlippage);
        let id = b
            .place(&request(2.0, OrderType::Limit, 5000.0, f64::NAN))
            .unwrap_or(0);
        assert!(b.adjust_for_split(0, 1.0, 3.0).is_ok());
        let o = b.get(id).cloned().unwrap_or_else(|| panic!("no order"));
        assert_eq!(
            (o.status, o.reason.text()),
            (
                OrderStatus::Cancelled,
                "split left less than one lot to fill".to_string()
            )
        );
        assert_eq!(b.open_quantity()[0], 0.0);
    }

    #[test]
    fn refuses_a_zero_or_unknown_order_without_panicking() {
        let (mut b, _, _) = setup(SlippageModel::NoSlippage);
        let e = b
            .place(&request(0.0, OrderType::Market, f64::NAN, f64::NAN))
            .unwrap_err();
        assert_eq!(
            e.message,
            "Order for AAA: quantity 0 must be a finite non-zero number."
        );
        let mut r = request(1.0, OrderType::Market, f64::NAN, f64::NAN);
        r.sid = 9;
        assert!(b.place(&r).is_err());
        assert!(!b.cancel(0, Reason::Cancelled));
        assert!(b.link_oco(1, 2).is_err());
    }
}
