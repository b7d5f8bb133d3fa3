//! Orders as the order book holds them: engine-unit prices and signed
//! quantities, status, time in force, OCO links and bracket legs.

use super::numeric::Rate;

/// How an order executes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderType {
    Market = 0,
    Limit = 1,
    Stop = 2,
    StopLimit = 3,
    TrailingStop = 4,
}

impl OrderType {
    /// The type of a code (the napi-facing number), `None` for an unknown one.
    pub fn from_code(code: u32) -> Option<OrderType> {
        Some(match code {
            0 => OrderType::Market,
            1 => OrderType::Limit,
            2 => OrderType::Stop,
            3 => OrderType::StopLimit,
            4 => OrderType::TrailingStop,
            _ => return None,
        })
    }
}

/// Good till cancelled, or for one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeInForce {
    Gtc = 0,
    Day = 1,
}

/// Lifecycle of an order; the last three are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Open = 0,
    PartiallyFilled = 1,
    Filled = 2,
    Cancelled = 3,
    Rejected = 4,
}

/// Why an order was cancelled or rejected (rendered as the TypeScript engine words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    None,
    /// The order book's default reason.
    Cancelled,
    /// `Broker.cancel`.
    CancelledByAlgorithm,
    /// The other order of an OCO pair (this id) filled.
    OcoFilled(u32),
    /// The asset's auto-close date passed (its symbol).
    AutoClose(String),
    DayExpired,
    SplitBelowLot,
    /// Refused at placement, with the placing side's words.
    Rejected(String),
}

impl Reason {
    /// The reason as text: empty while the order is live.
    pub fn text(&self) -> String {
        match self {
            Reason::None => String::new(),
            Reason::Cancelled => "cancelled".to_string(),
            Reason::CancelledByAlgorithm => "cancelled by the algorithm".to_string(),
            Reason::OcoFilled(id) => format!("one-cancels-other: order {id} filled"),
            Reason::AutoClose(symbol) => {
                format!("{symbol} stopped trading (auto-close date passed)")
            }
            Reason::DayExpired => "DAY order expired at the end of the session".to_string(),
            Reason::SplitBelowLot => "split left less than one lot to fill".to_string(),
            Reason::Rejected(text) => text.clone(),
        }
    }
}

/// A bracket's exits, engine prices, and the ids of its legs once placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BracketLegs {
    pub take_profit: f64,
    pub stop_loss: f64,
    pub take_profit_id: Option<u32>,
    pub stop_loss_id: Option<u32>,
}

/// One order and its mutable state.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: u32,
    pub sid: usize,
    /// Signed quantity ordered (positive buys).
    pub quantity: f64,
    /// Signed quantity filled so far.
    pub filled: f64,
    pub kind: OrderType,
    /// Limit price, NaN when none.
    pub limit_price: f64,
    /// Stop price (the current level of a trailing stop), NaN when none.
    pub stop_price: f64,
    /// Trailing amount in price, NaN when none.
    pub trail: f64,
    /// Trailing stop: `1 ± fraction` as a rate, when trailing by percent.
    pub trail_percent: Option<Rate>,
    pub tif: TimeInForce,
    /// Clock at placement: fills only on bars stamped later.
    pub placed_at: f64,
    /// A bracket leg's entry order.
    pub parent_id: Option<u32>,
    pub status: OrderStatus,
    pub commission: f64,
    pub reason: Reason,
    pub oco_with: Vec<u32>,
    /// Bars the order was live for (DAY orders expire after a session with one).
    pub bars_seen: u32,
    /// Stop-limit: the stop has triggered.
    pub triggered: bool,
    /// Trailing stop: best price seen, NaN before the first bar.
    pub extreme: f64,
    pub bracket: Option<BracketLegs>,
}

impl Order {
    /// Signed quantity still to fill.
    #[inline]
    pub fn remaining(&self) -> f64 {
        self.quantity - self.filled
    }

    /// 1 for a buy, −1 for a sell.
    #[inline]
    pub fn side(&self) -> i32 {
        if self.quantity > 0.0 {
            1
        } else {
            -1
        }
    }

    /// True while the order can still fill.
    #[inline]
    pub fn is_live(&self) -> bool {
        matches!(
            self.status,
            OrderStatus::Open | OrderStatus::PartiallyFilled
        )
    }
}

/// One execution of (part of) an order, in engine representation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    pub order_id: u32,
    pub sid: usize,
    pub quantity: f64,
    pub price: f64,
    pub commission: f64,
    pub maker: bool,
    /// The position of the asset just after this fill was booked.
    pub position_after: f64,
    /// The asset's realized P&L just after this fill was booked.
    pub realized_after: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_the_typescript_engine_words_them() {
        assert_eq!(
            Reason::OcoFilled(7).text(),
            "one-cancels-other: order 7 filled"
        );
        assert_eq!(
            Reason::AutoClose("AAPL".into()).text(),
            "AAPL stopped trading (auto-close date passed)"
        );
        assert_eq!(Reason::None.text(), "");
        assert_eq!(OrderType::from_code(3), Some(OrderType::StopLimit));
        assert_eq!(OrderType::from_code(9), None);
    }
}
