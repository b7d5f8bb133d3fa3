//! The price an order executes at on a bar, before slippage (TypeScript
//! `executionPrice`): limits fill at the reference when it is at or better
//! than the limit (a gap fills at the better price), else at the limit when
//! the range reached it; stops trigger when the range reaches them.

/// Which price of the next bar a marketable order fills at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillReference {
    Open,
    Close,
}

/// Limit execution price for `side` (1 buy, −1 sell), NaN when it does not execute.
#[inline]
pub fn limit_price(side: i32, level: f64, reference: f64, high: f64, low: f64) -> f64 {
    if side > 0 {
        if reference <= level {
            reference
        } else if low <= level {
            level
        } else {
            f64::NAN
        }
    } else if reference >= level {
        reference
    } else if high >= level {
        level
    } else {
        f64::NAN
    }
}

/// Stop execution price (also a trailing stop at its level), NaN when not triggered.
// `!(a >= b)` on purpose: a NaN level never triggers, as in TypeScript.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
#[inline]
pub fn stop_price(
    side: i32,
    level: f64,
    reference: f64,
    high: f64,
    low: f64,
    fill_at: FillReference,
) -> f64 {
    let at_close = fill_at == FillReference::Close;
    if side > 0 {
        if !(high >= level) {
            return f64::NAN;
        }
        return if at_close || reference >= level {
            reference
        } else {
            level
        };
    }
    if !(low <= level) {
        return f64::NAN;
    }
    if at_close || reference <= level {
        reference
    } else {
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_a_limit_buy_at_the_open_when_the_bar_gaps_below_the_limit() {
        assert_eq!(limit_price(1, 100.0, 95.0, 99.0, 94.0), 95.0);
        assert_eq!(limit_price(1, 100.0, 101.0, 102.0, 99.0), 100.0);
        assert!(limit_price(1, 100.0, 101.0, 102.0, 100.5).is_nan());
        assert_eq!(limit_price(-1, 100.0, 101.0, 102.0, 99.0), 101.0);
    }

    #[test]
    fn triggers_a_sell_stop_when_the_low_reaches_it() {
        let open = FillReference::Open;
        assert_eq!(stop_price(-1, 95.0, 100.0, 101.0, 94.0, open), 95.0);
        assert_eq!(stop_price(-1, 95.0, 93.0, 96.0, 92.0, open), 93.0);
        assert_eq!(
            stop_price(-1, 95.0, 100.0, 101.0, 94.0, FillReference::Close),
            100.0
        );
        assert!(stop_price(-1, 95.0, 100.0, 101.0, 96.0, open).is_nan());
        assert!(stop_price(1, f64::NAN, 100.0, 101.0, 96.0, open).is_nan());
    }
}
