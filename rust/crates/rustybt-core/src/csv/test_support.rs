//! What the CSV reader's tests share: the plan of a plain six-column file and
//! a seeded generator of mangled input.

use super::CsvPlan;

/// The plan of `d,o,h,l,c,v` files with detected scales, every bar kept.
pub fn plan(daily: bool) -> CsvPlan {
    CsvPlan {
        delimiter: b',',
        width: 6,
        date: 0,
        prices: [1, 2, 3, 4],
        volume: Some(5),
        price_scale: None,
        volume_scale: None,
        daily,
        utc: true,
        start: f64::NEG_INFINITY,
        end: f64::INFINITY,
    }
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): the same
/// sequence from the same seed, run after run.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next state.
    pub fn word(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0
    }

    /// A number below `n`, from the next state's high bits.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.word() >> 33) as usize) % n
    }
}

/// `len` bytes drawn from the bits of `word`: mostly digits (three in four), else one of
/// `others`. Mangled decimals for comparing a fast reading with the general one.
pub fn mostly_digits(word: u64, len: usize, others: &[u8]) -> Vec<u8> {
    (0..len)
        .map(|k| {
            let pick = (word >> (k * 3 % 48)) as usize;
            if pick % 8 < 6 {
                b'0' + (pick % 10) as u8
            } else {
                others[pick % others.len()]
            }
        })
        .collect()
}
