//! The account (TypeScript `Ledger`): cash, positions, cost basis, realized
//! P&L, commissions and dividends, one column per field indexed by sid, in
//! engine representation. The accounting identity holds exactly in decimal
//! mode: `cash + Σ market value = starting cash + realized + unrealized −
//! commissions + dividends`.

use std::marker::PhantomData;

use super::assets::AssetSpec;
use super::error::{EngineError, EngineResult};
use super::js_text::{is_safe_integer, js_number};
use super::numeric::{Numeric, NumericMode, Rate};
use super::wide::Rounding;

/// Where the ledger rounds (DecimalConfig rounding points, as mode codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roundings {
    /// The default mode (`rounding`): split-adjusted prices.
    pub price: Rounding,
    pub notional: Rounding,
    pub cost_basis: Rounding,
    pub commission: Rounding,
    pub slippage_price: Rounding,
    pub dividend: Rounding,
    pub split_remainder: Rounding,
}

/// How a ledger is set up (every amount already in engine representation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LedgerScales {
    /// Decimal places of the account currency.
    pub currency_scale: i32,
    /// Accounting scale of every money value.
    pub money_scale: i32,
    /// 10^(money − currency scale) in decimal mode, 1 in float mode.
    pub money_factor: f64,
    /// Starting cash as money.
    pub starting_cash: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct PendingDividend {
    pay_date: f64,
    amount: f64,
}

/// Cash, positions and P&L of one account.
#[derive(Debug, Clone)]
pub struct Ledger<N: Numeric> {
    pub scales: LedgerScales,
    pub cash: f64,
    pub realized: f64,
    pub commissions: f64,
    pub dividends: f64,
    pub dividends_receivable: f64,
    pub quantity: Vec<f64>,
    pub cost_basis: Vec<f64>,
    pub last_price: Vec<f64>,
    pub market_value: Vec<f64>,
    pub realized_by_sid: Vec<f64>,
    cash_shift: Vec<i32>,
    value_shift: Vec<i32>,
    quantity_scale: Vec<i32>,
    lot: Vec<f64>,
    modes: Roundings,
    pending: Vec<PendingDividend>,
    session_start_value: f64,
    numeric: PhantomData<N>,
}

impl<N: Numeric> Ledger<N> {
    /// A ledger over `assets` (all quoted in the account currency).
    pub fn new(assets: &[AssetSpec], scales: LedgerScales, modes: Roundings) -> Self {
        let n = assets.len();
        Ledger {
            scales,
            cash: scales.starting_cash,
            realized: 0.0,
            commissions: 0.0,
            dividends: 0.0,
            dividends_receivable: 0.0,
            quantity: vec![0.0; n],
            cost_basis: vec![0.0; n],
            last_price: vec![f64::NAN; n],
            market_value: vec![0.0; n],
            realized_by_sid: vec![0.0; n],
            cash_shift: assets
                .iter()
                .map(|a| a.price_scale + a.quantity_scale - scales.currency_scale)
                .collect(),
            value_shift: assets
                .iter()
                .map(|a| a.price_scale + a.quantity_scale - scales.money_scale)
                .collect(),
            quantity_scale: assets.iter().map(|a| a.quantity_scale).collect(),
            lot: assets
                .iter()
                .map(|a| N::from_units(a.lot_units, a.quantity_scale))
                .collect(),
            modes,
            pending: Vec::new(),
            session_start_value: scales.starting_cash,
            numeric: PhantomData,
        }
    }

    /// Books one fill of signed `quantity` of `sid` at `price`, paying
    /// `commission`; closing against the average cost realizes P&L, crossing
    /// zero closes then reopens. Returns the realized P&L.
    pub fn apply_fill(
        &mut self,
        sid: usize,
        quantity: f64,
        price: f64,
        commission: f64,
    ) -> EngineResult<f64> {
        let shift = self.cash_shift[sid];
        let factor = self.scales.money_factor;
        let notional = self.modes.notional;
        let q0 = self.quantity[sid];
        let c0 = self.cost_basis[sid];
        let mut cash = self.cash - commission;
        let mut cost = c0;
        let mut realized = 0.0;
        if q0 == 0.0 || (q0 > 0.0) == (quantity > 0.0) {
            let n = N::mul_shift(price, quantity, shift, notional)? * factor;
            cash -= n;
            cost += n;
        } else {
            let closing = if quantity.abs() <= q0.abs() {
                quantity
            } else {
                -q0
            };
            let n = N::mul_shift(price, closing, shift, notional)? * factor;
            let removed = if closing == -q0 {
                c0
            } else if q0 > 0.0 {
                N::mul_div(c0, -closing, q0, 0, self.modes.cost_basis)?
            } else {
                N::mul_div(c0, closing, -q0, 0, self.modes.cost_basis)?
            };
            realized = -n - removed;
            cash -= n;
            cost -= removed;
            let opening = quantity - closing;
            if opening != 0.0 {
                let n2 = N::mul_shift(price, opening, shift, notional)? * factor;
                cash -= n2;
                cost += n2;
            }
        }
        let q1 = q0 + quantity;
        self.quantity[sid] = N::check(q1, "position quantity")?;
        self.cost_basis[sid] = if q1 == 0.0 {
            0.0
        } else {
            N::check(cost, "cost basis")?
        };
        self.cash = N::check(cash, "cash")?;
        self.commissions += commission;
        if realized != 0.0 {
            self.realized = N::check(self.realized + realized, "realized P&L")?;
            self.realized_by_sid[sid] += realized;
        }
        self.last_price[sid] = price;
        self.market_value[sid] = if q1 == 0.0 {
            0.0
        } else {
            N::mul_shift(price, q1, self.value_shift[sid], notional)?
        };
        Ok(realized)
    }

    /// Marks every position to `prices` (NaN = no price this bar: keep the last).
    /// Stops at the first value that does not fit, sids before it marked.
    pub fn mark_to_market(&mut self, prices: &[f64]) -> EngineResult<()> {
        let count = prices.len().min(self.quantity.len());
        let mode = self.modes.notional;
        for (sid, &price) in prices.iter().enumerate().take(count) {
            // Every write keeps market value = last price × quantity: an unchanged price leaves both as they are.
            if price.is_nan() || price == self.last_price[sid] {
                continue;
            }
            let q = self.quantity[sid];
            if N::MODE == NumericMode::Float {
                self.last_price[sid] = price;
                if q != 0.0 {
                    self.market_value[sid] = price * q;
                }
                continue;
            }
            if q == 0.0 {
                self.last_price[sid] = price;
                continue;
            }
            let shift = self.value_shift[sid];
            // The accounting scale holds price × quantity exactly: the product itself, as in TypeScript.
            let x = price * q;
            if shift == 0 && x.abs() <= 4_503_599_627_370_496.0 {
                self.market_value[sid] = x + 0.0;
                self.last_price[sid] = price;
                continue;
            }
            let value = match crate::marks::mark_value(price, q, shift, mode) {
                Some(v) => v,
                None => N::mul_shift(price, q, shift, mode)?,
            };
            self.market_value[sid] = value;
            self.last_price[sid] = price;
        }
        Ok(())
    }

    /// Σ market value, in sid order.
    pub fn positions_value(&self) -> f64 {
        self.market_value.iter().fold(0.0, |total, v| total + v)
    }

    /// Cash + positions at market + dividends receivable.
    pub fn net_liquidation(&self) -> f64 {
        self.cash + self.positions_value() + self.dividends_receivable
    }

    /// Starts a session: its P&L is measured from the net liquidation value now.
    pub fn start_session(&mut self) {
        self.session_start_value = self.net_liquidation();
    }

    /// Change of net liquidation value since `start_session`.
    pub fn session_pnl(&self) -> f64 {
        self.net_liquidation() - self.session_start_value
    }

    /// Average cost per unit at the asset's price scale; 0 when flat.
    pub fn average_cost(&self, sid: usize) -> EngineResult<f64> {
        let q = self.quantity[sid];
        if q == 0.0 {
            return Ok(0.0);
        }
        let c = self.cost_basis[sid];
        let shift = -self.value_shift[sid];
        if q > 0.0 {
            N::mul_div(c, 1.0, q, shift, self.modes.cost_basis)
        } else {
            N::mul_div(-c, 1.0, -q, shift, self.modes.cost_basis)
        }
    }

    /// Accrues a dividend of `rate` per share on the position held now, paid on `pay_date`.
    pub fn accrue_dividend(&mut self, sid: usize, rate: Rate, pay_date: f64) -> EngineResult<f64> {
        let q = self.quantity[sid];
        if q == 0.0 {
            return Ok(0.0);
        }
        let shift = self.quantity_scale[sid] + rate.scale - self.scales.currency_scale;
        let amount =
            N::mul_shift(q, rate.value, shift, self.modes.dividend)? * self.scales.money_factor;
        self.pending.push(PendingDividend { pay_date, amount });
        self.dividends_receivable =
            N::check(self.dividends_receivable + amount, "dividends receivable")?;
        Ok(amount)
    }

    /// Pays accrued dividends due on or before `session` into cash.
    pub fn pay_dividends(&mut self, session: f64) -> EngineResult<f64> {
        let mut paid = 0.0;
        // Newest first, as the TypeScript ledger sums them (float sums depend on the order).
        let mut i = self.pending.len();
        while i > 0 {
            i -= 1;
            if self.pending[i].pay_date <= session {
                paid += self.pending[i].amount;
                self.pending.remove(i);
            }
        }
        if paid != 0.0 {
            self.cash = N::check(self.cash + paid, "cash")?;
            self.dividends += paid;
            self.dividends_receivable -= paid;
        }
        Ok(paid)
    }

    /// Applies a split of `numerator` new per `denominator` old: the quantity is
    /// kept on whole lots (the rest paid in cash at the adjusted last price),
    /// the total cost basis stays. Returns the cash paid.
    pub fn apply_split(
        &mut self,
        sid: usize,
        numerator: f64,
        denominator: f64,
    ) -> EngineResult<f64> {
        if !is_safe_integer(numerator)
            || !is_safe_integer(denominator)
            || numerator <= 0.0
            || denominator <= 0.0
        {
            return Err(EngineError::data(format!(
                "Split ratio {}:{} must be two positive integers.",
                js_number(numerator),
                js_number(denominator)
            )));
        }
        let lot = self.lot[sid];
        let last = self.last_price[sid];
        let new_price = if last.is_nan() {
            last
        } else {
            N::mul_div(last, denominator, numerator, 0, self.modes.price)?
        };
        let q = self.quantity[sid];
        let mut paid = 0.0;
        if q != 0.0 {
            let price = if last.is_nan() {
                self.average_cost(sid)?
            } else {
                last
            };
            let mode = self.modes.split_remainder;
            let lots = N::round_to_step(
                N::mul_div(q, numerator, denominator * lot, 0, mode)?,
                1.0,
                mode,
            );
            let kept = N::check(lots * lot, "split quantity")?;
            let excess = N::check(q * numerator - kept * denominator, "split remainder")?;
            if excess != 0.0 {
                paid = N::mul_div(
                    price,
                    excess,
                    numerator,
                    self.cash_shift[sid],
                    self.modes.notional,
                )? * self.scales.money_factor;
                let whole = N::check(q * numerator, "split quantity")?;
                let c0 = self.cost_basis[sid];
                let removed = if whole > 0.0 {
                    N::mul_div(c0, excess, whole, 0, self.modes.cost_basis)?
                } else {
                    N::mul_div(c0, -excess, -whole, 0, self.modes.cost_basis)?
                };
                self.cost_basis[sid] = if kept == 0.0 { 0.0 } else { c0 - removed };
                let realized = paid - removed;
                self.realized += realized;
                self.realized_by_sid[sid] += realized;
                self.cash = N::check(self.cash + paid, "cash")?;
            }
            self.quantity[sid] = kept;
        }
        self.last_price[sid] = new_price;
        let q1 = self.quantity[sid];
        self.market_value[sid] = if q1 == 0.0 || new_price.is_nan() {
            0.0
        } else {
            N::mul_shift(new_price, q1, self.value_shift[sid], self.modes.notional)?
        };
        Ok(paid)
    }
}

#[cfg(test)]
mod tests {
    use super::super::numeric::Decimal;
    use super::*;

    fn equity() -> AssetSpec {
        AssetSpec {
            symbol: "AAPL".into(),
            price_scale: 2,
            quantity_scale: 0,
            lot_units: 1.0,
            start_date: 0.0,
            end_date: 1e15,
            auto_close_date: 1e15,
        }
    }

    fn ledger() -> Ledger<Decimal> {
        Ledger::new(
            &[equity()],
            LedgerScales {
                currency_scale: 2,
                money_scale: 2,
                money_factor: 1.0,
                starting_cash: 1_000_000.0,
            },
            Roundings {
                price: 6,
                notional: 6,
                cost_basis: 6,
                commission: 6,
                slippage_price: 6,
                dividend: 6,
                split_remainder: 1,
            },
        )
    }

    #[test]
    fn realizes_pnl_against_the_average_cost_and_keeps_the_identity() {
        let mut l = ledger();
        l.apply_fill(0, 10.0, 10000.0, 100.0).unwrap_or_default();
        assert_eq!(l.cash, 1_000_000.0 - 100_000.0 - 100.0);
        let realized = l.apply_fill(0, -4.0, 11000.0, 0.0);
        assert_eq!(realized, Ok(4000.0));
        assert_eq!(l.quantity[0], 6.0);
        assert_eq!(l.cost_basis[0], 60_000.0);
        // crossing zero: close 6, open 4 short
        l.apply_fill(0, -10.0, 9000.0, 0.0).unwrap_or_default();
        assert_eq!(l.quantity[0], -4.0);
        assert_eq!(l.cost_basis[0], -36_000.0);
        let unrealized = l.market_value[0] - l.cost_basis[0];
        assert_eq!(
            l.cash + l.positions_value(),
            1_000_000.0 + l.realized + unrealized - l.commissions
        );
        assert_eq!(l.average_cost(0), Ok(9000.0));
    }

    #[test]
    fn a_split_pays_the_fraction_in_cash() {
        let mut l = ledger();
        l.apply_fill(0, 3.0, 10000.0, 0.0).unwrap_or_default();
        // 1-for-2 reverse split: 1.5 shares → 1 kept, 0.5 paid at 200.00
        assert_eq!(l.apply_split(0, 1.0, 2.0), Ok(10000.0));
        assert_eq!(l.quantity[0], 1.0);
        assert_eq!(l.last_price[0], 20000.0);
        assert_eq!(l.cost_basis[0], 20_000.0);
        let e = l.apply_split(0, 0.5, 1.0).unwrap_err();
        assert_eq!(
            e.message,
            "Split ratio 0.5:1 must be two positive integers."
        );
    }

    #[test]
    fn dividends_accrue_on_the_ex_date_and_pay_on_the_pay_date() {
        let mut l = ledger();
        l.apply_fill(0, 10.0, 10000.0, 0.0).unwrap_or_default();
        assert_eq!(
            l.accrue_dividend(
                0,
                Rate {
                    value: 25.0,
                    scale: 2
                },
                5.0
            ),
            Ok(250.0)
        );
        assert_eq!(l.pay_dividends(4.0), Ok(0.0));
        assert_eq!(l.pay_dividends(5.0), Ok(250.0));
        assert_eq!(l.dividends, 250.0);
        assert_eq!(l.dividends_receivable, 0.0);
    }

    #[test]
    fn overflow_is_refused_with_the_typescript_message() {
        let mut l = ledger();
        let e = l.apply_fill(0, 9e15, 10.0, 0.0).unwrap_err();
        assert!(
            e.message.contains("does not fit in ±2^53 units"),
            "{}",
            e.message
        );
    }
}
