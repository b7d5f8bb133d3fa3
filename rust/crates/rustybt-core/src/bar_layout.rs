//! Laying a group of assets' bars (asset-major frames) into the bar store's
//! bar-major columns: the transposition `layFrames` does in
//! `src/data/portal/bar-store.ts`, with its checks. Where it refuses a bar it
//! says only that it did: the TypeScript twin lays the group again and throws
//! the error that names the bar, so the message is the same on either core.

use crate::bar_columns::BarColumns;

/// The store's columns (`bars × assets`, bar-major), which bars exist, each asset's first bar.
#[derive(Debug)]
pub struct StoreColumns<'a> {
    pub open: &'a mut [f64],
    pub high: &'a mut [f64],
    pub low: &'a mut [f64],
    pub close: &'a mut [f64],
    pub volume: &'a mut [f64],
    pub has_bar: &'a mut [u8],
    pub first_bar: &'a mut [i32],
}

/// Bars and assets per tile, as in `layFrames`: a tile's reads and writes stay in cache.
const TILE: usize = 64;

/// Largest unit a bar may hold (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// Why a group was not laid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayRefusal {
    /// A bar is malformed or off the timeline, or a frame's columns are shorter than its times.
    Bar,
    /// The store's columns do not have `timeline × assets` values (or too few assets).
    Shape,
}

/// Lays the bars of `group` (the assets `s0..s0 + group.len()` of a store of `assets`)
/// on `timeline`, advancing each asset's `cursor` (its next bar, past those before the
/// timeline) as `layFrames` does. Bars outside the timeline's span are left out; a bar
/// inside it but not on it, or one with units that are not safe integers, a price not
/// positive, low above open or close, high below them or a negative volume, refuses the
/// group. After the tiles, a bar left at an asset's cursor at or before the timeline's end
/// refuses the group too.
pub fn lay_group(
    timeline: &[f64],
    group: &[BarColumns<'_>],
    cursor: &mut [i32],
    s0: usize,
    assets: usize,
    store: StoreColumns<'_>,
) -> Result<(), LayRefusal> {
    let bars = timeline.len();
    let size = bars * assets;
    let fits = |len: usize| len == size;
    if group.len() > cursor.len()
        || s0 + group.len() > assets
        || !fits(store.open.len())
        || !fits(store.high.len())
        || !fits(store.low.len())
        || !fits(store.close.len())
        || !fits(store.volume.len())
        || !fits(store.has_bar.len())
        || store.first_bar.len() != assets
    {
        return Err(LayRefusal::Shape);
    }
    for frame in group {
        let n = frame.timestamps.len();
        let columns = [frame.open, frame.high, frame.low, frame.close, frame.volume];
        if columns.iter().any(|column| column.len() < n) {
            return Err(LayRefusal::Bar);
        }
    }
    for t0 in (0..bars).step_by(TILE) {
        for (t, &time) in timeline.iter().enumerate().skip(t0).take(TILE) {
            let row = t * assets + s0;
            for (k, frame) in group.iter().enumerate() {
                let at = row + k;
                let i = cursor[k].max(0) as usize;
                let stamp = frame.timestamps.get(i).copied().unwrap_or(f64::INFINITY);
                if stamp == time {
                    let (o, h, l, c, v) = (
                        frame.open[i],
                        frame.high[i],
                        frame.low[i],
                        frame.close[i],
                        frame.volume[i],
                    );
                    if !bar_holds(o, h, l, c, v) {
                        return Err(LayRefusal::Bar);
                    }
                    store.open[at] = o;
                    store.high[at] = h;
                    store.low[at] = l;
                    store.close[at] = c;
                    store.volume[at] = v;
                    store.has_bar[at] = 1;
                    let sid = s0 + k;
                    if store.first_bar[sid] == bars as i32 {
                        store.first_bar[sid] = t as i32;
                    }
                    cursor[k] = i as i32 + 1;
                } else {
                    if stamp < time {
                        return Err(LayRefusal::Bar);
                    }
                    store.open[at] = f64::NAN;
                    store.high[at] = f64::NAN;
                    store.low[at] = f64::NAN;
                    store.close[at] = f64::NAN;
                    store.volume[at] = f64::NAN;
                }
            }
        }
    }
    let last = timeline.last().copied().unwrap_or(f64::NEG_INFINITY);
    for (k, frame) in group.iter().enumerate() {
        let i = cursor[k].max(0) as usize;
        if frame.timestamps.get(i).is_some_and(|&stamp| stamp <= last) {
            return Err(LayRefusal::Bar);
        }
    }
    Ok(())
}

/// `checkBar`: safe integer units, a positive low at or below open and close, a high at or
/// above them, a volume not negative.
#[inline]
fn bar_holds(o: f64, h: f64, l: f64, c: f64, v: f64) -> bool {
    let safe = |x: f64| x.trunc() == x && x.abs() <= MAX_SAFE;
    safe(o)
        && safe(h)
        && safe(l)
        && safe(c)
        && safe(v)
        && l > 0.0
        && l <= o
        && l <= c
        && h >= o
        && h >= c
        && v >= 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Store {
        open: Vec<f64>,
        high: Vec<f64>,
        low: Vec<f64>,
        close: Vec<f64>,
        volume: Vec<f64>,
        has_bar: Vec<u8>,
        first_bar: Vec<i32>,
    }

    impl Store {
        fn new(bars: usize, assets: usize) -> Store {
            let size = bars * assets;
            Store {
                open: vec![0.0; size],
                high: vec![0.0; size],
                low: vec![0.0; size],
                close: vec![0.0; size],
                volume: vec![0.0; size],
                has_bar: vec![0; size],
                first_bar: vec![bars as i32; assets],
            }
        }

        fn columns(&mut self) -> StoreColumns<'_> {
            StoreColumns {
                open: &mut self.open,
                high: &mut self.high,
                low: &mut self.low,
                close: &mut self.close,
                volume: &mut self.volume,
                has_bar: &mut self.has_bar,
                first_bar: &mut self.first_bar,
            }
        }
    }

    fn frame<'a>(stamps: &'a [f64], price: &'a [f64], volume: &'a [f64]) -> BarColumns<'a> {
        BarColumns {
            timestamps: stamps,
            open: price,
            high: price,
            low: price,
            close: price,
            volume,
        }
    }

    #[test]
    fn lays_bars_bar_major_with_gaps_as_nan() {
        let timeline = [10.0, 20.0, 30.0];
        let (a_stamps, a_price, a_volume) = ([5.0, 10.0, 30.0], [7.0, 8.0, 9.0], [1.0, 2.0, 3.0]);
        let (b_stamps, b_price, b_volume) = ([20.0], [4.0], [0.0]);
        let group = [
            frame(&a_stamps, &a_price, &a_volume),
            frame(&b_stamps, &b_price, &b_volume),
        ];
        // Asset a starts past its bar before the timeline, as the caller's cursor says.
        let mut cursor = [1, 0];
        let mut store = Store::new(3, 3);
        assert_eq!(
            lay_group(&timeline, &group, &mut cursor, 1, 3, store.columns()),
            Ok(())
        );
        // Bar-major: bar t of asset s at t * 3 + s; asset 0 is another group's.
        assert_eq!(store.close[1], 8.0);
        assert!(store.close[2].is_nan());
        assert!(store.close[4].is_nan());
        assert_eq!(store.close[5], 4.0);
        assert_eq!(store.close[7], 9.0);
        assert_eq!(store.volume[7], 3.0);
        assert_eq!(store.has_bar, vec![0, 1, 0, 0, 0, 1, 0, 1, 0]);
        assert_eq!(store.first_bar, vec![3, 0, 1]);
        assert_eq!(cursor, [3, 1]);
    }

    #[test]
    fn refuses_bad_bars_off_timeline_bars_and_wrong_shapes() {
        let timeline = [10.0, 20.0];
        let lay = |stamps: &[f64], price: &[f64], volume: &[f64]| {
            let mut store = Store::new(2, 1);
            lay_group(
                &timeline,
                &[frame(stamps, price, volume)],
                &mut [0],
                0,
                1,
                store.columns(),
            )
        };
        assert_eq!(lay(&[10.0, 20.0], &[1.0, 2.0], &[0.0, 0.0]), Ok(()));
        // A bar between two timeline entries, and one left at the end inside the span.
        assert_eq!(lay(&[15.0], &[1.0], &[0.0]), Err(LayRefusal::Bar));
        assert_eq!(
            lay(&[10.0, 20.0, 20.0], &[1.0; 3], &[0.0; 3]),
            Err(LayRefusal::Bar)
        );
        // A bar after the span is left out.
        assert_eq!(lay(&[10.0, 25.0], &[1.0, 1.0], &[0.0, 0.0]), Ok(()));
        for (price, volume) in [(0.0, 0.0), (1.5, 0.0), (1.0, -1.0), (1e16, 0.0)] {
            assert_eq!(
                lay(&[10.0], &[price], &[volume]),
                Err(LayRefusal::Bar),
                "{price} {volume}"
            );
        }
        assert_eq!(lay(&[10.0], &[1.0], &[]), Err(LayRefusal::Bar));
        let mut store = Store::new(2, 1);
        assert_eq!(
            lay_group(&timeline, &[], &mut [], 1, 1, store.columns()),
            Ok(())
        );
        let mut small = Store::new(1, 1);
        assert_eq!(
            lay_group(&timeline, &[], &mut [], 0, 1, small.columns()),
            Err(LayRefusal::Shape)
        );
    }
}
