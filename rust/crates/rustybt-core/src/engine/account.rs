//! One simulated account driven bar by bar (TypeScript `Broker`'s per-bar
//! and per-session work): the order book, the ledger, the models and the
//! corporate actions behind `start_session` / `step_row` / `end_session`.
//!
//! A bar flows: session check (a new UTC day starts a session) → the bar's
//! refusal check → fills of the orders placed before it, in placement order,
//! each booked in the ledger at once → marks to the bar's closes.

use super::assets::{session_of, AssetSpec};
use super::bars::{check_row, FloatRow};
use super::blotter::{BarView, Blotter, Models, OrderRequest};
use super::commission::CommissionModel;
use super::error::{EngineError, EngineResult};
use super::fill_rules::FillReference;
use super::ledger::{Ledger, LedgerScales, Roundings};
use super::numeric::{Numeric, NumericMode, Rate};
use super::orders::{Fill, OrderType, Reason, TimeInForce};
use super::slippage::SlippageModel;

/// Values per queued order in [`Account::place_batch`].
pub const ORDER_RECORD: usize = 12;

/// Everything an account is built from, in engine representation.
#[derive(Debug, Clone)]
pub struct AccountConfig {
    pub assets: Vec<AssetSpec>,
    pub scales: LedgerScales,
    pub modes: Roundings,
    pub fill_reference: FillReference,
    pub slippage: Vec<SlippageModel>,
    pub slippage_by_sid: Vec<usize>,
    pub commission: Vec<CommissionModel>,
    pub commission_by_sid: Vec<usize>,
}

/// What a session left behind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionRecord {
    pub session: f64,
    pub pnl: f64,
    pub net_liquidation: f64,
    pub cash: f64,
    pub fills: u32,
    pub expired_orders: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Split {
    sid: usize,
    date: f64,
    numerator: f64,
    denominator: f64,
}

#[derive(Debug, Clone, PartialEq)]
struct Dividend {
    sid: usize,
    ex_date: f64,
    pay_date: f64,
    /// The amount per share, or the refusal its text earned (raised on the ex-date, as TypeScript does).
    rate: Result<Rate, String>,
}

/// One simulated account.
#[derive(Debug, Clone)]
pub struct Account<N: Numeric> {
    assets: Vec<AssetSpec>,
    pub ledger: Ledger<N>,
    pub blotter: Blotter<N>,
    models: Models,
    /// Current session (UTC 00:00 epoch ms), NaN before the first.
    pub session: f64,
    fills_today: u32,
    splits: Vec<Split>,
    dividends: Vec<Dividend>,
    /// The fills of the last step.
    pub fills: Vec<Fill>,
    /// The bar being stepped (for messages about a failure).
    pub current_bar: Option<usize>,
    /// Float mode: the bar handed over per step, converted.
    float_row: FloatRow,
}

fn check_models(what: &str, by_sid: &[usize], models: usize, assets: usize) -> EngineResult<()> {
    if by_sid.len() != assets || by_sid.iter().any(|m| *m >= models) {
        return Err(EngineError::config(format!(
            "{what}: one model index per asset ({assets}) below {models} is needed."
        )));
    }
    Ok(())
}

impl<N: Numeric> Account<N> {
    /// An account over `config.assets`, cash at `config.scales.starting_cash`.
    pub fn new(config: AccountConfig) -> EngineResult<Self> {
        let n = config.assets.len();
        check_models(
            "slippage",
            &config.slippage_by_sid,
            config.slippage.len(),
            n,
        )?;
        check_models(
            "commission",
            &config.commission_by_sid,
            config.commission.len(),
            n,
        )?;
        let scales = config.scales;
        Ok(Account {
            ledger: Ledger::new(&config.assets, scales, config.modes),
            blotter: Blotter::new(
                &config.assets,
                config.fill_reference,
                scales.currency_scale,
                scales.money_factor,
                config.modes,
            ),
            models: Models {
                slippage: config.slippage,
                slippage_by_sid: config.slippage_by_sid,
                commission: config.commission,
                commission_by_sid: config.commission_by_sid,
            },
            session: f64::NAN,
            fills_today: 0,
            splits: Vec::new(),
            dividends: Vec::new(),
            fills: Vec::new(),
            current_bar: None,
            float_row: if N::MODE == NumericMode::Float {
                FloatRow::new(&config.assets)
            } else {
                FloatRow::default()
            },
            assets: config.assets,
        })
    }

    /// The assets, by sid.
    pub fn assets(&self) -> &[AssetSpec] {
        &self.assets
    }

    fn sid(&self, sid: usize) -> EngineResult<usize> {
        if sid < self.assets.len() {
            Ok(sid)
        } else {
            Err(EngineError::order(format!(
                "Unknown sid {sid}: register the asset with the AssetFinder first."
            )))
        }
    }

    /// Schedules a split of `numerator` new per `denominator` old, effective at the start of `date`.
    pub fn declare_split(
        &mut self,
        sid: usize,
        date: f64,
        numerator: f64,
        denominator: f64,
    ) -> EngineResult<()> {
        let sid = self.sid(sid)?;
        self.splits.push(Split {
            sid,
            date,
            numerator,
            denominator,
        });
        Ok(())
    }

    /// Schedules a cash dividend accrued on `ex_date`, paid on `pay_date`.
    pub fn declare_dividend(
        &mut self,
        sid: usize,
        ex_date: f64,
        pay_date: f64,
        rate: Result<Rate, String>,
    ) -> EngineResult<()> {
        let sid = self.sid(sid)?;
        self.dividends.push(Dividend {
            sid,
            ex_date,
            pay_date,
            rate,
        });
        Ok(())
    }

    /// Starts a session: auto-closes positions past their date, pays dividends
    /// due, applies today's splits, accrues dividends going ex today.
    pub fn start_session(&mut self, session: f64) -> EngineResult<()> {
        let session = session_of(session);
        self.session = session;
        self.fills_today = 0;
        self.ledger.start_session();
        self.auto_close(|a| a.auto_close_date < session)?;
        self.ledger.pay_dividends(session)?;
        for i in 0..self.splits.len() {
            let split = self.splits[i];
            if split.date == session {
                self.ledger
                    .apply_split(split.sid, split.numerator, split.denominator)?;
                self.blotter
                    .adjust_for_split(split.sid, split.numerator, split.denominator)?;
            }
        }
        for i in 0..self.dividends.len() {
            let dividend = &self.dividends[i];
            if dividend.ex_date == session {
                let (sid, pay_date) = (dividend.sid, dividend.pay_date);
                let rate = dividend.rate.clone().map_err(EngineError::config)?;
                self.ledger.accrue_dividend(sid, rate, pay_date)?;
            }
        }
        self.ledger.pay_dividends(session)?;
        Ok(())
    }

    /// Processes bar `t` stamped `timestamp` for all assets from the bar
    /// handed over with the call (units by sid: open, high, low, close,
    /// volume; NaN open = no bar), borrowed, never copied into the core.
    /// `checked` skips the per-asset bar check for bars validated at load.
    /// The fills land in `self.fills`.
    pub fn step_row(
        &mut self,
        t: usize,
        timestamp: f64,
        row: [&[f64]; 5],
        checked: bool,
    ) -> EngineResult<&[Fill]> {
        self.current_bar = Some(t);
        self.fills.clear();
        let session = session_of(timestamp);
        if session != self.session {
            self.start_session(session)?;
        }
        check_row(row, timestamp, &self.assets, checked)?;
        let n = self.assets.len();
        let view = if N::MODE == NumericMode::Float {
            self.float_row.convert(row);
            let [o, h, l, c, v] = &self.float_row.columns;
            BarView {
                timestamp,
                open: o,
                high: h,
                low: l,
                close: c,
                volume: v,
            }
        } else {
            BarView {
                timestamp,
                open: &row[0][..n],
                high: &row[1][..n],
                low: &row[2][..n],
                close: &row[3][..n],
                volume: &row[4][..n],
            }
        };
        self.blotter.now = timestamp;
        self.blotter
            .process(&view, &mut self.ledger, &mut self.models, &mut self.fills)?;
        self.fills_today = self.fills_today.saturating_add(self.fills.len() as u32);
        self.ledger.mark_to_market(view.close)?;
        self.current_bar = None;
        Ok(&self.fills)
    }

    /// Ends the session: DAY orders expire, positions due for auto-close are closed.
    pub fn end_session(&mut self) -> EngineResult<SessionRecord> {
        let expired = self.blotter.end_session();
        let session = self.session;
        self.auto_close(|a| a.auto_close_date <= session)?;
        Ok(SessionRecord {
            session,
            pnl: self.ledger.session_pnl(),
            net_liquidation: self.ledger.net_liquidation(),
            cash: self.ledger.cash,
            fills: self.fills_today,
            expired_orders: expired,
        })
    }

    fn auto_close(&mut self, due: impl Fn(&AssetSpec) -> bool) -> EngineResult<()> {
        for sid in 0..self.assets.len() {
            if !due(&self.assets[sid]) {
                continue;
            }
            let reason = Reason::AutoClose(self.assets[sid].symbol.clone());
            self.blotter.cancel_all(sid, &reason);
            let q = self.ledger.quantity[sid];
            if q != 0.0 {
                let last = self.ledger.last_price[sid];
                let price = if last.is_nan() {
                    self.ledger.average_cost(sid)?
                } else {
                    last
                };
                self.ledger.apply_fill(sid, -q, price, 0.0)?;
            }
        }
        Ok(())
    }

    /// Places the orders queued between bars, in order, at the current clock:
    /// records of [`ORDER_RECORD`] values (op, sid, quantity, type, limit,
    /// stop, trail, trail-percent value, trail-percent scale, tif, take-profit,
    /// stop-loss); op 0 places, 1 places and links one-cancels-other with the
    /// order placed just before, 2 places a bracket entry. Type and tif codes as
    /// [`OrderType::from_code`] and 0 GTC / 1 DAY; NaN for absent prices.
    pub fn place_batch(&mut self, records: &[f64]) -> EngineResult<()> {
        let mut previous: Option<u32> = None;
        for r in records.chunks_exact(ORDER_RECORD) {
            let kind = OrderType::from_code(r[3] as u32)
                .ok_or_else(|| EngineError::order(format!("Unknown order type code {}.", r[3])))?;
            let request = OrderRequest {
                sid: if r[1] >= 0.0 {
                    r[1] as usize
                } else {
                    usize::MAX
                },
                quantity: r[2],
                kind,
                limit_price: r[4],
                stop_price: r[5],
                trail: r[6],
                trail_percent: (!r[7].is_nan()).then_some(Rate {
                    value: r[7],
                    scale: r[8] as i32,
                }),
                tif: if r[9] == 1.0 {
                    TimeInForce::Day
                } else {
                    TimeInForce::Gtc
                },
            };
            let id = match r[0] as u32 {
                0 => self.blotter.place(&request)?,
                1 => {
                    let id = self.blotter.place(&request)?;
                    let first = previous.ok_or_else(|| {
                        EngineError::order(
                            "A one-cancels-other order needs the order before it in the batch.",
                        )
                    })?;
                    self.blotter.link_oco(first, id)?;
                    id
                }
                2 => self.blotter.place_bracket(&request, r[10], r[11])?,
                other => {
                    return Err(EngineError::order(format!(
                        "Unknown batch operation {other}."
                    )))
                }
            };
            previous = Some(id);
        }
        Ok(())
    }

    /// Places an order at the current clock; returns its id.
    pub fn place(&mut self, request: &OrderRequest) -> EngineResult<u32> {
        self.blotter.place(request)
    }

    /// Places two orders where the first to fill cancels the other.
    pub fn place_oco(&mut self, a: &OrderRequest, b: &OrderRequest) -> EngineResult<(u32, u32)> {
        let first = self.blotter.place(a)?;
        let second = self.blotter.place(b)?;
        self.blotter.link_oco(first, second)?;
        Ok((first, second))
    }

    /// Places a bracket entry (legs placed on its fills).
    pub fn place_bracket(
        &mut self,
        entry: &OrderRequest,
        take_profit: f64,
        stop_loss: f64,
    ) -> EngineResult<u32> {
        self.blotter.place_bracket(entry, take_profit, stop_loss)
    }

    /// Records an order refused at placement with `reason`.
    pub fn reject(
        &mut self,
        sid: usize,
        quantity: f64,
        tif: TimeInForce,
        reason: String,
    ) -> EngineResult<u32> {
        self.blotter.reject(sid, quantity, tif, reason)
    }

    /// Cancels a live order; false when it was not live.
    pub fn cancel(&mut self, id: u32, reason: Reason) -> bool {
        self.blotter.cancel(id, reason)
    }
}
