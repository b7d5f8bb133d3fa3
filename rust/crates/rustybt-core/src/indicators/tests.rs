use super::lanes::Step;
use super::*;

struct Fixture {
    state: Vec<f64>,
    ring: Vec<f64>,
    head: Vec<i32>,
    filled: Vec<i32>,
    stamp: Vec<i32>,
    latest: Vec<f64>,
}

impl Fixture {
    fn new(state: usize, outputs: usize, history: usize, lanes: usize) -> Self {
        Fixture {
            state: vec![0.0; state * lanes],
            ring: vec![f64::NAN; outputs * history * lanes],
            head: vec![0; lanes],
            filled: vec![0; lanes],
            stamp: vec![-1; lanes],
            latest: vec![f64::NAN; lanes],
        }
    }

    fn run(
        &mut self,
        kind: u32,
        params: &[f64],
        closes: &[f64],
        units: &[f64],
        bar: i32,
    ) -> Result<(), KernelError> {
        let assets: Vec<i32> = (0..closes.len() as i32).collect();
        let mut lanes = DeclaredLanes {
            state: &mut self.state,
            ring: &mut self.ring,
            head: &mut self.head,
            filled: &mut self.filled,
            stamp: &mut self.stamp,
            latest: &mut self.latest,
            history: 2,
        };
        let bar = DeclaredBar {
            columns: [closes; 4],
            offset: 0,
            assets: &assets,
            price_units: units,
            volume_units: units,
            volume_inputs: 0,
            bar,
        };
        declared_update(kind, params, &mut lanes, &bar)
    }
}

#[test]
fn ema_seeds_with_the_mean_then_smooths_and_skips_nan() {
    let mut f = Fixture::new(3, 1, 2, 2);
    let k = 2.0 / 3.0;
    let bars = [[100.0, 1.0], [300.0, f64::NAN], [500.0, 3.0], [200.0, 5.0]];
    for (t, row) in bars.iter().enumerate() {
        f.run(code::EMA, &[2.0, k], row, &[100.0, 1.0], t as i32)
            .unwrap();
    }
    // lane 0: seed (1 + 3) / 2 = 2, then (5 - 2) * k + 2 = 4, then (2 - 4) * k + 4
    assert_eq!(f.latest[0], (2.0 - 4.0) * k + 4.0);
    // lane 1 skipped bar 1: seed (1 + 3) / 2, then (5 - 2) * k + 2
    assert_eq!(f.latest[1], (5.0 - 2.0) * k + 2.0);
    assert_eq!(f.stamp, [3, 3]);
    assert_eq!(f.filled, [2, 2]);
}

#[test]
fn rsi_is_100_on_a_rising_series() {
    let mut f = Fixture::new(4, 1, 2, 1);
    for (t, x) in [1.0, 2.0, 3.0, 4.0].iter().enumerate() {
        f.run(code::RSI, &[2.0], &[*x], &[1.0], t as i32).unwrap();
    }
    assert_eq!(f.latest[0], 100.0);
}

#[test]
fn refuses_unknown_kernels_bad_periods_and_short_state() {
    let mut f = Fixture::new(3, 1, 2, 1);
    assert!(f.run(99, &[], &[1.0], &[1.0], 0).is_err());
    assert!(f.run(code::EMA, &[0.0, 1.0], &[1.0], &[1.0], 0).is_err());
    assert!(f.run(code::EMA, &[2.5, 1.0], &[1.0], &[1.0], 0).is_err());
    assert!(f.run(code::EMA, &[2.0], &[1.0], &[1.0], 0).is_err());
    assert!(f
        .run(code::BBANDS, &[20.0, 2.0, 2.0], &[1.0], &[1.0], 0)
        .is_err());
    // An asset outside the units column is refused, not read out of bounds.
    assert!(f.run(code::EMA, &[2.0, 0.5], &[1.0], &[], 0).is_err());
}

#[test]
fn sma_keeps_the_window_mean_in_units_and_skips_nan() {
    let mut f = Fixture::new(3 + 3, 1, 2, 2);
    let closes = [[100.0, 7.0], [200.0, f64::NAN], [300.0, 9.0], [400.0, 11.0]];
    for (t, row) in closes.iter().enumerate() {
        f.run(code::SMA, &[3.0], row, &[100.0, 1.0], t as i32)
            .unwrap();
    }
    assert_eq!(f.latest[0], 3.0); // (200 + 300 + 400) / 3 / 100
    assert_eq!(f.latest[1], 9.0); // (7 + 9 + 11) / 3, the NaN bar skipped
    assert_eq!(f.stamp, [3, 3]);
    assert_eq!(f.filled, [2, 2]);
}

#[test]
fn the_sma_loop_matches_the_shared_loop_bit_for_bit() {
    // A gappy pseudo-random series in units over 3 lanes, reversed asset order, volume units on input 0.
    let (lanes, bars, history) = (3, 200, 3);
    let mut seed = 4242_u64;
    let mut next = || {
        seed = seed * 16807 % 2147483647;
        seed
    };
    let columns: Vec<f64> = (0..lanes * bars)
        .map(|_| match next() % 17 {
            0 => f64::NAN,
            k => (next() % 1_000_000) as f64 + k as f64,
        })
        .collect();
    let assets = [2, 0, 1];
    for period in [1, 2, 5, 30] {
        for volume_inputs in [0, 1] {
            let sma = sma::Sma { period };
            let mut a = Fixture::new(3 + period, 1, history, lanes);
            let mut b = Fixture::new(3 + period, 1, history, lanes);
            for t in 0..bars {
                let bar = DeclaredBar {
                    columns: [&columns; 4],
                    offset: t * lanes,
                    assets: &assets,
                    price_units: &[100.0, 1.0, 10.0],
                    volume_units: &[1.0, 1000.0, 1.0],
                    volume_inputs,
                    bar: t as i32,
                };
                for (f, shared) in [(&mut a, false), (&mut b, true)] {
                    let mut d = DeclaredLanes {
                        state: &mut f.state,
                        ring: &mut f.ring,
                        head: &mut f.head,
                        filled: &mut f.filled,
                        stamp: &mut f.stamp,
                        latest: &mut f.latest,
                        history,
                    };
                    if shared {
                        lanes::advance(&sma, &mut d, &bar).unwrap();
                    } else {
                        sma.advance_lanes(&mut d, &bar).unwrap();
                    }
                }
            }
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a.state), bits(&b.state), "state, period {period}");
            assert_eq!(bits(&a.ring), bits(&b.ring), "ring, period {period}");
            assert_eq!(bits(&a.latest), bits(&b.latest));
            assert_eq!((a.head, a.filled, a.stamp), (b.head, b.filled, b.stamp));
        }
    }
}
