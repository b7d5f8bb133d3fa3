//! Whole-account scenarios: a bar's flow from orders to fills to ledger.

use super::account::{Account, AccountConfig};
use super::assets::AssetSpec;
use super::blotter::OrderRequest;
use super::commission::CommissionModel;
use super::error::EngineResult;
use super::fill_rules::FillReference;
use super::ledger::{LedgerScales, Roundings};
use super::numeric::{Decimal, Float, Numeric, Rate};
use super::orders::{Fill, OrderStatus, OrderType, Reason, TimeInForce};
use super::slippage::SlippageModel;

const DAY: f64 = 86_400_000.0;

fn config(slippage: SlippageModel, commission: CommissionModel) -> AccountConfig {
    let asset = |symbol: &str| AssetSpec {
        symbol: symbol.into(),
        price_scale: 2,
        quantity_scale: 0,
        lot_units: 1.0,
        start_date: 0.0,
        end_date: 100.0 * DAY,
        auto_close_date: 101.0 * DAY,
    };
    AccountConfig {
        assets: vec![asset("AAA"), asset("BBB")],
        scales: LedgerScales {
            currency_scale: 2,
            money_scale: 2,
            money_factor: 1.0,
            starting_cash: 10_000_000.0,
        },
        modes: Roundings {
            price: 6,
            notional: 6,
            cost_basis: 6,
            commission: 6,
            slippage_price: 6,
            dividend: 6,
            split_remainder: 1,
        },
        fill_reference: FillReference::Open,
        slippage: vec![slippage],
        slippage_by_sid: vec![0, 0],
        commission: vec![commission],
        commission_by_sid: vec![0, 0],
    }
}

fn free() -> Account<Decimal> {
    let account = Account::new(config(
        SlippageModel::NoSlippage,
        CommissionModel::PerTrade {
            cost: Rate {
                value: 0.0,
                scale: 0,
            },
        },
    ));
    account.unwrap_or_else(|e| panic!("{e}"))
}

fn order(
    sid: usize,
    quantity: f64,
    kind: OrderType,
    limit: f64,
    stop: f64,
    tif: TimeInForce,
) -> OrderRequest {
    OrderRequest {
        sid,
        quantity,
        kind,
        limit_price: limit,
        stop_price: stop,
        trail: f64::NAN,
        trail_percent: None,
        tif,
    }
}

/// Bar-major columns of a test market (units, `t × assets + sid`, NaN open =
/// no bar), handed to the account one bar at a time as views, as a backtest
/// hands over the bars of its store.
struct Bars {
    assets: usize,
    columns: [Vec<f64>; 5],
}

impl Bars {
    /// Steps `account` through bar `t` stamped `timestamp`, checking the bar unless `checked`.
    fn step_checked<'a, N: Numeric>(
        &self,
        account: &'a mut Account<N>,
        t: usize,
        timestamp: f64,
        checked: bool,
    ) -> EngineResult<&'a [Fill]> {
        let r = t * self.assets..(t + 1) * self.assets;
        let [o, h, l, c, v] = &self.columns;
        let row = [
            &o[r.clone()],
            &h[r.clone()],
            &l[r.clone()],
            &c[r.clone()],
            &v[r],
        ];
        account.step_row(t, timestamp, row, checked)
    }

    /// Steps `account` through bar `t`, checking the bar as a bar from outside a store is checked.
    fn step<'a, N: Numeric>(
        &self,
        account: &'a mut Account<N>,
        t: usize,
        timestamp: f64,
    ) -> EngineResult<&'a [Fill]> {
        self.step_checked(account, t, timestamp, false)
    }
}

/// Three one-minute bars of two assets on day 1: AAA drifts down then up, BBB missing on bar 1.
fn bars() -> Bars {
    let nan = f64::NAN;
    Bars {
        assets: 2,
        columns: [
            vec![10000.0, 5000.0, 9900.0, nan, 9800.0, 5100.0],
            vec![10050.0, 5050.0, 9950.0, nan, 10300.0, 5150.0],
            vec![9950.0, 4950.0, 9700.0, nan, 9750.0, 5050.0],
            vec![9950.0, 5000.0, 9800.0, nan, 10200.0, 5100.0],
            vec![1000.0, 1000.0, 1000.0, 0.0, 1000.0, 1000.0],
        ],
    }
}

fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn a_market_order_fills_on_the_next_bar_at_its_open() {
    let mut a = free();
    let bars = bars();
    ok(bars.step(&mut a, 0, DAY));
    let id = ok(a.place(&order(
        0,
        10.0,
        OrderType::Market,
        f64::NAN,
        f64::NAN,
        TimeInForce::Gtc,
    )));
    // placed at bar 0: cannot fill on bar 0 again, fills on bar 1 at 99.00
    let fills = ok(bars.step(&mut a, 1, DAY + 60_000.0)).to_vec();
    assert_eq!(fills.len(), 1);
    assert_eq!(fills[0].price, 9900.0);
    assert_eq!(a.ledger.cash, 10_000_000.0 - 99_000.0);
    assert_eq!(a.ledger.market_value[0], 98_000.0);
    assert_eq!(
        a.blotter.get(id).map(|o| o.status),
        Some(OrderStatus::Filled)
    );
}

#[test]
fn one_cancels_other_and_brackets() {
    let mut a = free();
    let bars = bars();
    ok(bars.step(&mut a, 0, DAY));
    let (tp, sl) = ok(a.place_oco(
        &order(1, 5.0, OrderType::Limit, 4900.0, f64::NAN, TimeInForce::Gtc),
        &order(1, 5.0, OrderType::Stop, f64::NAN, 5140.0, TimeInForce::Gtc),
    ));
    let entry = ok(a.place_bracket(
        &order(
            0,
            10.0,
            OrderType::Market,
            f64::NAN,
            f64::NAN,
            TimeInForce::Gtc,
        ),
        10250.0,
        9700.0,
    ));
    ok(bars.step(&mut a, 1, DAY + 60_000.0));
    // the entry filled at 99.00: legs placed at bar 1, filling from bar 2
    let legs = a
        .blotter
        .get(entry)
        .and_then(|o| o.bracket)
        .unwrap_or_else(|| panic!("no legs"));
    let tp_leg = legs.take_profit_id.unwrap_or_default();
    ok(bars.step(&mut a, 2, DAY + 120_000.0));
    // bar 2: AAA reaches 103.00 ≥ 102.50 (take-profit fills at the limit), the stop is cancelled
    let leg = a
        .blotter
        .get(tp_leg)
        .cloned()
        .unwrap_or_else(|| panic!("no leg"));
    assert_eq!(leg.status, OrderStatus::Filled);
    let sl_leg = a
        .blotter
        .get(legs.stop_loss_id.unwrap_or_default())
        .cloned();
    assert_eq!(sl_leg.map(|o| o.reason), Some(Reason::OcoFilled(tp_leg)));
    assert_eq!(a.ledger.quantity[0], 0.0);
    assert_eq!(a.ledger.realized, 3500.0);
    // BBB: bar 2 high 51.50 triggers the buy stop at 51.40 (open 51.00 below it)
    assert_eq!(
        a.blotter.get(sl).map(|o| o.status),
        Some(OrderStatus::Filled)
    );
    assert_eq!(
        a.blotter.get(tp).map(|o| o.reason.text()),
        Some(format!("one-cancels-other: order {sl} filled"))
    );
}

#[test]
fn day_orders_expire_and_positions_close_on_the_auto_close_date() {
    let mut a = free();
    let bars = bars();
    ok(bars.step(&mut a, 0, DAY));
    let day = ok(a.place(&order(
        0,
        1.0,
        OrderType::Limit,
        100.0,
        f64::NAN,
        TimeInForce::Day,
    )));
    ok(a.place(&order(
        1,
        3.0,
        OrderType::Market,
        f64::NAN,
        f64::NAN,
        TimeInForce::Gtc,
    )));
    ok(bars.step(&mut a, 1, DAY + 60_000.0));
    ok(bars.step(&mut a, 2, DAY + 120_000.0));
    let record = ok(a.end_session());
    assert_eq!(record.expired_orders, 1);
    assert_eq!(record.fills, 1);
    assert_eq!(
        a.blotter.get(day).map(|o| o.reason.text()),
        Some("DAY order expired at the end of the session".into())
    );
    assert_eq!(a.ledger.quantity[1], 3.0);
    ok(a.start_session(102.0 * DAY));
    assert_eq!(a.ledger.quantity[1], 0.0);
    assert_eq!(a.ledger.cash, 10_000_000.0 - 15_300.0 + 15_300.0);
}

#[test]
fn a_split_rescales_positions_and_open_orders() {
    let mut a = free();
    let bars = bars();
    ok(a.declare_split(0, 2.0 * DAY, 2.0, 1.0));
    ok(bars.step(&mut a, 0, DAY));
    ok(a.place(&order(
        0,
        3.0,
        OrderType::Market,
        f64::NAN,
        f64::NAN,
        TimeInForce::Gtc,
    )));
    ok(bars.step(&mut a, 1, DAY + 60_000.0));
    let id = ok(a.place(&order(
        0,
        -3.0,
        OrderType::Limit,
        12000.0,
        f64::NAN,
        TimeInForce::Gtc,
    )));
    ok(a.start_session(2.0 * DAY));
    assert_eq!(a.ledger.quantity[0], 6.0);
    assert_eq!(a.ledger.last_price[0], 4900.0);
    let o = a
        .blotter
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no order"));
    assert_eq!((o.quantity, o.limit_price), (-6.0, 6000.0));
    assert_eq!(a.blotter.open_quantity()[0], -6.0);
}

#[test]
fn a_bad_bar_is_refused_when_stepped_onto_and_books_nothing() {
    let mut a = free();
    let mut bars = bars();
    // bar 1: AAA's high below its open
    bars.columns[1][2] = 9899.0;
    ok(bars.step(&mut a, 0, DAY));
    let id = ok(a.place(&order(
        0,
        10.0,
        OrderType::Market,
        f64::NAN,
        f64::NAN,
        TimeInForce::Gtc,
    )));
    let e = bars.step(&mut a, 1, DAY + 60_000.0).unwrap_err();
    assert_eq!(e.kind.code(), "ERR_DATA");
    assert_eq!(
        e.message,
        "Bad bar for AAA at 1970-01-02T00:01:00.000Z: open 9900 high 9899 low 9700 close 9800 volume 1000 (units); prices must be positive integers with low <= open, close <= high and volume >= 0."
    );
    assert_eq!(a.ledger.cash, 10_000_000.0);
    assert_eq!(a.ledger.quantity[0], 0.0);
    assert_eq!(a.blotter.get(id).map(|o| o.status), Some(OrderStatus::Open));
    // the next good bar fills the order as if the bad one had never come
    let fills = ok(bars.step(&mut a, 2, DAY + 120_000.0)).to_vec();
    assert_eq!((fills.len(), fills[0].price), (1, 9800.0));
}

#[test]
fn bars_checked_at_load_give_the_same_account_as_bars_checked_per_step() {
    fn run<N: Numeric>(checked: bool) -> (Vec<f64>, Vec<f64>, f64) {
        let mut a: Account<N> = ok(Account::new(config(
            SlippageModel::FixedBasisPoints {
                up: Rate {
                    value: 10005.0,
                    scale: 4,
                },
                down: Rate {
                    value: 9995.0,
                    scale: 4,
                },
                volume_limit: Some(Rate {
                    value: 1.0,
                    scale: 1,
                }),
            },
            CommissionModel::PerShare {
                cost: Rate {
                    value: 5.0,
                    scale: 3,
                },
                minimum: Rate {
                    value: 1.0,
                    scale: 0,
                },
            },
        )));
        let bars = bars();
        for t in 0..3 {
            let stamp = DAY + t as f64 * 60_000.0;
            ok(bars.step_checked(&mut a, t, stamp, checked));
            if t == 0 {
                ok(a.place(&order(
                    0,
                    30.0,
                    OrderType::Market,
                    f64::NAN,
                    f64::NAN,
                    TimeInForce::Gtc,
                )));
                ok(a.place(&order(
                    1,
                    -20.0,
                    OrderType::Market,
                    f64::NAN,
                    f64::NAN,
                    TimeInForce::Gtc,
                )));
            }
        }
        (
            a.ledger.quantity.clone(),
            a.ledger.market_value.clone(),
            a.ledger.cash,
        )
    }
    assert_eq!(
        format!("{:?}", run::<Decimal>(true)),
        format!("{:?}", run::<Decimal>(false))
    );
    assert_eq!(
        format!("{:?}", run::<Float>(true)),
        format!("{:?}", run::<Float>(false))
    );
    // the volume cap (10% of 1,000 per bar) lets both orders fill in full
    let (quantity, _, _) = run::<Decimal>(false);
    assert_eq!(quantity, vec![30.0, -20.0]);
    let (quantity, _, _) = run::<Float>(false);
    assert_eq!(quantity, vec![30.0, -20.0]);
}

#[test]
fn a_bar_handed_over_per_step_is_checked_unless_marked_checked() {
    let mut a = free();
    let (o, h) = ([100.0, 100.0], [99.0, 100.0]);
    let e = a.step_row(0, 0.0, [&o, &h, &o, &o, &o], false).unwrap_err();
    assert!(e.message.starts_with("Bad bar for AAA"), "{}", e.message);
    let short = [100.0];
    let e = a
        .step_row(0, 0.0, [&o, &h, &short, &o, &o], true)
        .unwrap_err();
    assert_eq!(e.message, "Bar column low has 1 values for 2 assets.");
    let e = a
        .step_row(0, f64::NAN, [&o, &o, &o, &o, &o], true)
        .unwrap_err();
    assert_eq!(e.message, "Bar timestamp NaN is not finite.");
}

#[test]
fn orders_queued_between_bars_are_placed_in_order_with_oco_and_brackets() {
    let mut a = free();
    let bars = bars();
    ok(bars.step(&mut a, 0, DAY));
    let nan = f64::NAN;
    #[rustfmt::skip]
    let batch = [
        0.0, 0.0, 10.0, 0.0, nan, nan, nan, nan, 0.0, 0.0, nan, nan,
        0.0, 1.0, 5.0, 1.0, 4900.0, nan, nan, nan, 0.0, 1.0, nan, nan,
        1.0, 1.0, -5.0, 2.0, nan, 4000.0, nan, nan, 0.0, 0.0, nan, nan,
        2.0, 0.0, 1.0, 0.0, nan, nan, nan, nan, 0.0, 0.0, 10250.0, 9700.0,
    ];
    ok(a.place_batch(&batch));
    let orders = a.blotter.orders();
    assert_eq!(orders.len(), 4);
    assert_eq!(orders[1].tif, TimeInForce::Day);
    assert_eq!(
        (orders[1].oco_with.clone(), orders[2].oco_with.clone()),
        (vec![3], vec![2])
    );
    assert!(orders[3].bracket.is_some());
    assert!(orders.iter().all(|o| o.placed_at == DAY));
    let bad = [0.0, 7.0, 1.0, 0.0, nan, nan, nan, nan, 0.0, 0.0, nan, nan];
    assert!(a.place_batch(&bad).is_err());
    let orphan = [1.0, 0.0, 1.0, 0.0, nan, nan, nan, nan, 0.0, 0.0, nan, nan];
    assert!(a.place_batch(&orphan).is_err());
}
