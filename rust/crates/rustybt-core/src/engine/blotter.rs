//! The order book (TypeScript `Blotter`): places, cancels and fills orders
//! bar by bar for all assets, in placement order. An order placed while the
//! clock is at bar t fills on a bar stamped after t, never on t itself.

use std::marker::PhantomData;

use super::assets::AssetSpec;
use super::commission::CommissionModel;
use super::error::{EngineError, EngineResult};
use super::fill_rules::FillReference;
use super::js_text::js_number;
use super::ledger::Roundings;
use super::numeric::{Numeric, Rate};
use super::orders::{BracketLegs, Order, OrderStatus, OrderType, Reason, TimeInForce};
use super::slippage::SlippageModel;
use super::wide::DOWN;

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
    pub(super) orders: Vec<Order>,
    pub(super) live: Vec<u32>,
    pub(super) assets: Vec<AssetSpec>,
    pub(super) lot: Vec<f64>,
    pub(super) volume_used: Vec<f64>,
    pub(super) last_close: Vec<f64>,
    pub(super) open_by_sid: Vec<f64>,
    pub(super) live_by_sid: Vec<i32>,
    pub(super) fill_reference: FillReference,
    /// The account currency's scale: notionals and commissions are in its units.
    pub(super) money_scale: i32,
    pub(super) money_factor: f64,
    pub(super) modes: Roundings,
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

    pub(super) fn track(&mut self, sid: usize, delta: f64, orders: i32) {
        self.live_by_sid[sid] += orders;
        // With no live order left the sum is exactly zero, whatever float rounding said.
        self.open_by_sid[sid] = if self.live_by_sid[sid] == 0 {
            0.0
        } else {
            self.open_by_sid[sid] + delta
        };
    }

    pub(super) fn recount(&mut self, sid: usize) {
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

    pub(super) fn push(
        &mut self,
        request: &OrderRequest,
        placed_at: f64,
        parent_id: Option<u32>,
    ) -> u32 {
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

    pub(super) fn finish(&mut self, index: usize, status: OrderStatus, reason: Reason) {
        if self.orders[index].is_live() {
            let (sid, remaining) = (self.orders[index].sid, self.orders[index].remaining());
            self.track(sid, -remaining, -1);
        }
        self.orders[index].status = status;
        self.orders[index].reason = reason;
    }

    pub(super) fn compact(&mut self) {
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
}
