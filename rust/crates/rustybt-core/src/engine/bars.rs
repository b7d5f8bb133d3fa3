//! Bar-major bars handed to the core once: all assets of bar t contiguous
//! (`t × assets + sid`), exact integer units, converted once to the engine's
//! representation and validated once (the first bad asset of each bad bar is
//! remembered, so stepping onto it raises the TypeScript engine's `DataError`).

use super::assets::AssetSpec;
use super::error::{EngineError, EngineResult};
use super::js_text::{is_safe_integer, js_iso, js_number};
use super::numeric::{pow10_f64, NumericMode};

/// A refused bar: which asset, and its raw units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct BadBar {
    bar: usize,
    sid: usize,
    units: [f64; 5],
}

/// Every bar of a run for every asset, engine representation, bar-major.
#[derive(Debug, Clone, Default)]
pub struct BarStore {
    pub assets: usize,
    pub bars: usize,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
    bad: Vec<BadBar>,
}

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

impl BarStore {
    /// Copies the five columns (units; NaN open = no bar), checking their shape.
    pub fn new(
        columns: [&[f64]; 5],
        assets: &[AssetSpec],
        asset_count: usize,
        mode: NumericMode,
    ) -> EngineResult<BarStore> {
        if asset_count != assets.len() {
            return Err(EngineError::config(format!(
                "setBars: {asset_count} assets per bar, but the core was built for {}.",
                assets.len()
            )));
        }
        let len = columns[0].len();
        if columns.iter().any(|c| c.len() != len)
            || (asset_count > 0 && !len.is_multiple_of(asset_count))
        {
            return Err(EngineError::config(format!(
                "setBars: the five columns must have the same length, a multiple of {asset_count} assets."
            )));
        }
        let bars = len.checked_div(asset_count).unwrap_or(0);
        let mut bad = Vec::new();
        for t in 0..bars {
            for sid in 0..asset_count {
                let i = t * asset_count + sid;
                let o = columns[0][i];
                if o.is_nan() {
                    continue;
                }
                let units = [
                    o,
                    columns[1][i],
                    columns[2][i],
                    columns[3][i],
                    columns[4][i],
                ];
                if is_bad(units[0], units[1], units[2], units[3], units[4]) {
                    bad.push(BadBar { bar: t, sid, units });
                    break;
                }
            }
        }
        let convert = |column: &[f64], volume: bool| -> Vec<f64> {
            if mode == NumericMode::Decimal {
                return column.to_vec();
            }
            let divisors: Vec<f64> = assets
                .iter()
                .map(|a| {
                    pow10_f64(if volume {
                        a.quantity_scale
                    } else {
                        a.price_scale
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(column.len());
            for row in column.chunks_exact(asset_count.max(1)) {
                out.extend(row.iter().zip(&divisors).map(|(x, d)| x / d));
            }
            out
        };
        Ok(BarStore {
            assets: asset_count,
            bars,
            open: convert(columns[0], false),
            high: convert(columns[1], false),
            low: convert(columns[2], false),
            close: convert(columns[3], false),
            volume: convert(columns[4], true),
            bad,
        })
    }

    /// The refusal of bar `t` stamped `timestamp`, if one of its assets is bad.
    pub fn check(&self, t: usize, timestamp: f64, assets: &[AssetSpec]) -> EngineResult<()> {
        if self.bad.is_empty() {
            return Ok(());
        }
        let Ok(found) = self.bad.binary_search_by_key(&t, |b| b.bar) else {
            return Ok(());
        };
        let b = self.bad[found];
        Err(bad_bar(&assets[b.sid].symbol, timestamp, b.units))
    }

    /// The range of bar `t` in the columns.
    #[inline]
    pub fn row(&self, t: usize) -> std::ops::Range<usize> {
        t * self.assets..(t + 1) * self.assets
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
    fn remembers_the_first_bad_asset_of_each_bar() {
        let assets = [asset("A"), asset("B")];
        let open = [100.0, 200.0, f64::NAN, 200.0];
        let high = [101.0, 199.0, f64::NAN, 201.0];
        let low = [99.0, 198.0, f64::NAN, 199.0];
        let close = [100.0, 199.0, f64::NAN, 200.0];
        let volume = [5.0, 5.0, 0.0, 5.0];
        let store = BarStore::new(
            [&open, &high, &low, &close, &volume],
            &assets,
            2,
            NumericMode::Float,
        )
        .unwrap_or_default();
        assert_eq!(store.bars, 2);
        assert_eq!(store.open[0], 1.0);
        let e = store.check(0, 0.0, &assets).unwrap_err();
        assert_eq!(
            e.message,
            "Bad bar for B at 1970-01-01T00:00:00.000Z: open 200 high 199 low 198 close 199 volume 5 (units); prices must be positive integers with low <= open, close <= high and volume >= 0."
        );
        assert!(store.check(1, 0.0, &assets).is_ok());
    }

    #[test]
    fn refuses_columns_of_the_wrong_shape() {
        let assets = [asset("A"), asset("B")];
        let three = [1.0, 1.0, 1.0];
        assert!(BarStore::new([&three; 5], &assets, 2, NumericMode::Decimal).is_err());
        assert!(BarStore::new([&three; 5], &assets, 3, NumericMode::Decimal).is_err());
    }
}
