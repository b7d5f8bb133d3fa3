//! Where the bar encoder reads a symbol's bars from: columns already in memory
//! ([`BarColumns`]) or any other source that hands them out a page at a time
//! (a fast-load file, `super::fast_file`). Both go through the same encoding.

/// One symbol's bars as the frame holds them: epoch milliseconds and integer units as f64.
#[derive(Clone, Copy)]
pub struct BarColumns<'a> {
    pub timestamps: &'a [f64],
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
}

/// The bars of one symbol, read a bounded piece of one column at a time.
pub trait BarSource {
    /// How many bars the source holds.
    fn rows(&self) -> usize;

    /// Rows `from..to` of column `k` (0 timestamps in epoch ms, 1–4 open, high, low, close,
    /// 5 volume, all in the frame's integer units) as f64; valid until the next call.
    fn column(&mut self, k: usize, from: usize, to: usize) -> std::io::Result<&[f64]>;
}

impl<'a> BarColumns<'a> {
    fn all(&self) -> [&'a [f64]; 6] {
        [
            self.timestamps,
            self.open,
            self.high,
            self.low,
            self.close,
            self.volume,
        ]
    }

    /// Refuses columns of different lengths.
    pub(crate) fn check_lengths(&self) -> std::io::Result<()> {
        let n = self.timestamps.len();
        if self.all().iter().any(|c| c.len() != n) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "bar columns differ in length",
            ));
        }
        Ok(())
    }
}

impl BarSource for BarColumns<'_> {
    fn rows(&self) -> usize {
        self.timestamps.len()
    }

    fn column(&mut self, k: usize, from: usize, to: usize) -> std::io::Result<&[f64]> {
        let column = self.all()[k];
        Ok(&column[from..to])
    }
}
