//! What the engine core needs to know of each asset, indexed by sid.

/// One asset's scales, lot and trading dates (sessions as UTC 00:00 epoch ms).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetSpec {
    pub symbol: String,
    /// Decimal places of prices.
    pub price_scale: i32,
    /// Decimal places of quantities.
    pub quantity_scale: i32,
    /// Lot size in units at `quantity_scale`.
    pub lot_units: f64,
    pub start_date: f64,
    pub end_date: f64,
    /// Session on which open positions are closed.
    pub auto_close_date: f64,
}

/// The session (UTC 00:00, epoch ms) containing the instant `ms`.
#[inline]
pub fn session_of(ms: f64) -> f64 {
    (ms / 86_400_000.0).floor() * 86_400_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_bar_belongs_to_its_utc_day() {
        assert_eq!(session_of(1_704_205_800_000.0), 1_704_153_600_000.0);
        assert_eq!(session_of(1_704_153_600_000.0), 1_704_153_600_000.0);
        assert!(session_of(f64::NAN).is_nan());
    }
}
