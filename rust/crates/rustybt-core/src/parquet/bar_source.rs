//! Where the bar encoder reads a symbol's bars from: columns already in memory
//! ([`BarColumns`]) or any other source that hands them out a page at a time
//! (a fast-load file, `super::fast_file`). Both go through the same encoding.

pub use crate::bar_columns::BarColumns;

/// The bars of one symbol, read a bounded piece of one column at a time.
pub trait BarSource {
    /// How many bars the source holds.
    fn rows(&self) -> usize;

    /// Rows `from..to` of column `k` (0 timestamps in epoch ms, 1–4 open, high, low, close,
    /// 5 volume, all in the frame's integer units) as f64; valid until the next call.
    fn column(&mut self, k: usize, from: usize, to: usize) -> std::io::Result<&[f64]>;
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
