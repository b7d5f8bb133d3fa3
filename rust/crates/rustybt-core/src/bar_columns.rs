//! One symbol's bars as a frame holds them, borrowed: bar start times (epoch ms) and
//! the five fields in integer units, each a column of f64. The bar store is laid from
//! them (`bar_layout`) and the Parquet encoder writes them (`parquet`).

/// A frame's six columns, read in place.
#[derive(Debug, Clone, Copy)]
pub struct BarColumns<'a> {
    pub timestamps: &'a [f64],
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
}

impl<'a> BarColumns<'a> {
    /// The six columns, timestamps first.
    pub fn all(&self) -> [&'a [f64]; 6] {
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
