//! Order-book scenarios: volume caps, stop-limits, trailing stops, splits, refusals.

use super::assets::AssetSpec;
use super::blotter::{BarView, Blotter, Models, OrderRequest};
use super::commission::CommissionModel;
use super::fill_rules::FillReference;
use super::ledger::{Ledger, LedgerScales, Roundings};
use super::numeric::{Decimal, Rate};
use super::orders::{Fill, OrderStatus, OrderType, Reason, TimeInForce};
use super::slippage::SlippageModel;

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
