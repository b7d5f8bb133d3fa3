//! One bar of every asset as the core receives it per step: views of the
//! caller's bar-major store (units by sid, NaN open = no bar), borrowed for
//! the call and never copied. `check_row` refuses a malformed bar with the
//! TypeScript engine's `DataError`; `FloatRow` converts a bar for float mode.

use super::assets::AssetSpec;
use super::error::{EngineError, EngineResult};
use super::js_text::{is_safe_integer, js_iso, js_number};
use super::numeric::pow10_f64;

fn is_bad(o: f64, h: f64, l: f64, c: f64, v: f64) -> bool {
    !is_safe_integer(o)
        || !is_safe_integer(h)
        || !is_safe_integer(l)
        || !is_safe_integer(c)
        || !is_safe_integer(v)
        || l <= 0.0
        || l > o
        || l > c
        || h < o
        || h < c
        || v < 0.0
}

/// The TypeScript engine's refusal of a malformed bar.
fn bad_bar(symbol: &str, timestamp: f64, units: [f64; 5]) -> EngineError {
    let [o, h, l, c, v] = units;
    EngineError::data(format!(
        "Bad bar for {symbol} at {}: open {} high {} low {} close {} volume {} (units); prices must be positive integers with low <= open, close <= high and volume >= 0.",
        js_iso(timestamp),
        js_number(o),
        js_number(h),
        js_number(l),
        js_number(c),
        js_number(v)
    ))
}

const COLUMNS: [&str; 5] = ["open", "high", "low", "close", "volume"];

/// Checks one bar of every asset handed over per step (units, indexed by
/// sid), as the TypeScript engine checks a `BarInput`: column lengths, a
/// finite timestamp and, unless `checked` (bars validated at load), each
/// present bar.
pub fn check_row(
    row: [&[f64]; 5],
    timestamp: f64,
    assets: &[AssetSpec],
    checked: bool,
) -> EngineResult<()> {
    let n = assets.len();
    for (column, name) in row.iter().zip(COLUMNS) {
        if column.len() < n {
            return Err(EngineError::data(format!(
                "Bar column {name} has {} values for {n} assets.",
                column.len()
            )));
        }
    }
    if !timestamp.is_finite() {
        return Err(EngineError::data(format!(
            "Bar timestamp {} is not finite.",
            js_number(timestamp)
        )));
    }
    if checked {
        return Ok(());
    }
    for (sid, asset) in assets.iter().enumerate() {
        let units = [
            row[0][sid],
            row[1][sid],
            row[2][sid],
            row[3][sid],
            row[4][sid],
        ];
        if !units[0].is_nan() && is_bad(units[0], units[1], units[2], units[3], units[4]) {
            return Err(bad_bar(&asset.symbol, timestamp, units));
        }
    }
    Ok(())
}

/// One bar converted to float mode (units ÷ 10^scale), reused bar after bar.
#[derive(Debug, Clone, Default)]
pub struct FloatRow {
    price: Vec<f64>,
    quantity: Vec<f64>,
    pub columns: [Vec<f64>; 5],
}

impl FloatRow {
    pub fn new(assets: &[AssetSpec]) -> FloatRow {
        let n = assets.len();
        FloatRow {
            price: assets.iter().map(|a| pow10_f64(a.price_scale)).collect(),
            quantity: assets.iter().map(|a| pow10_f64(a.quantity_scale)).collect(),
            columns: std::array::from_fn(|_| vec![0.0; n]),
        }
    }

    /// Converts `row` (units, at least one value per asset) into `self.columns`.
    pub fn convert(&mut self, row: [&[f64]; 5]) {
        for (k, out) in self.columns.iter_mut().enumerate() {
            let divisors = if k == 4 { &self.quantity } else { &self.price };
            for ((o, x), d) in out.iter_mut().zip(row[k]).zip(divisors) {
                *o = x / d;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(symbol: &str) -> AssetSpec {
        AssetSpec {
            symbol: symbol.into(),
            price_scale: 2,
            quantity_scale: 0,
            lot_units: 1.0,
            start_date: 0.0,
            end_date: 1e15,
            auto_close_date: 1e15,
        }
    }

    #[test]
    fn refuses_a_bad_bar_with_the_typescript_message_naming_the_first_bad_asset() {
        let assets = [asset("A"), asset("B"), asset("C")];
        let open = [100.0, 200.0, 300.0];
        let high = [101.0, 199.0, 299.0];
        let low = [99.0, 198.0, 298.0];
        let close = [100.0, 199.0, 299.0];
        let volume = [5.0, 5.0, 5.0];
        let e = check_row([&open, &high, &low, &close, &volume], 0.0, &assets, false).unwrap_err();
        assert_eq!(e.kind.code(), "ERR_DATA");
        assert_eq!(
            e.message,
            "Bad bar for B at 1970-01-01T00:00:00.000Z: open 200 high 199 low 198 close 199 volume 5 (units); prices must be positive integers with low <= open, close <= high and volume >= 0."
        );
        // bars validated at load are not checked again
        assert!(check_row([&open, &high, &low, &close, &volume], 0.0, &assets, true).is_ok());
    }

    #[test]
    fn refuses_fractional_units_non_positive_lows_and_negative_volume() {
        let assets = [asset("A")];
        let cases: [[f64; 5]; 4] = [
            [100.5, 101.0, 99.0, 100.0, 5.0],
            [100.0, 101.0, 0.0, 100.0, 5.0],
            [100.0, 101.0, 99.0, 100.0, -1.0],
            [100.0, 101.0, 101.0, 100.0, 5.0],
        ];
        for [o, h, l, c, v] in cases {
            let r = check_row([&[o], &[h], &[l], &[c], &[v]], 0.0, &assets, false);
            assert!(r.is_err(), "{o} {h} {l} {c} {v} was accepted");
        }
    }

    #[test]
    fn a_missing_bar_is_not_checked() {
        let assets = [asset("A"), asset("B")];
        let nan = f64::NAN;
        let open = [nan, 100.0];
        let high = [nan, 101.0];
        let low = [nan, 99.0];
        let close = [nan, 100.0];
        let volume = [0.0, 5.0];
        let row = [&open[..], &high, &low, &close, &volume];
        assert!(check_row(row, 60_000.0, &assets, false).is_ok());
    }

    #[test]
    fn refuses_short_columns_and_a_timestamp_that_is_not_finite() {
        let assets = [asset("A"), asset("B")];
        let two = [100.0, 100.0];
        let one = [100.0];
        let e = check_row([&two, &two, &two, &one, &two], 0.0, &assets, true).unwrap_err();
        assert_eq!(e.message, "Bar column close has 1 values for 2 assets.");
        let e = check_row([&two; 5], f64::INFINITY, &assets, true).unwrap_err();
        assert_eq!(e.message, "Bar timestamp Infinity is not finite.");
    }

    #[test]
    fn converts_a_bar_to_float_mode_by_each_asset_s_scales() {
        let mut b = asset("B");
        b.price_scale = 4;
        b.quantity_scale = 3;
        let assets = [asset("A"), b];
        let mut row = FloatRow::new(&assets);
        let p = [12345.0, 12345.0];
        let v = [7.0, 7500.0];
        row.convert([&p, &p, &p, &p, &v]);
        assert_eq!(row.columns[0], vec![123.45, 1.2345]);
        assert_eq!(row.columns[4], vec![7.0, 7.5]);
    }
}
