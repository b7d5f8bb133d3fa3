//! The built-in commission models as data (TypeScript `PerShareCommission`,
//! `PerTradeCommission`, `PerDollarCommission`, `PercentageCommission`,
//! `MakerTakerCommission`, `TieredCommission`), constants already in the
//! numeric mode's representation. Tiered keeps its trailing traded value.

use std::collections::VecDeque;

use super::error::EngineResult;
use super::numeric::{Numeric, Rate};
use super::wide::{Rounding, DOWN};

/// One fee tier: from trailing traded value `min` on, `rate` per unit of value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tier {
    pub min: Rate,
    pub rate: Rate,
}

/// A built-in commission model.
#[derive(Debug, Clone, PartialEq)]
pub enum CommissionModel {
    /// Cost per unit of quantity, with a minimum per order.
    PerShare { cost: Rate, minimum: Rate },
    /// A flat cost on an order's first fill.
    PerTrade { cost: Rate },
    /// Cost per unit of traded value; `percentage` only changes the name.
    PerDollar { rate: Rate, percentage: bool },
    /// Maker rate for resting limit orders, taker rate otherwise.
    MakerTaker { maker: Rate, taker: Rate },
    /// Rate of the tier reached by the traded value over a trailing window.
    Tiered {
        tiers: Vec<Tier>,
        /// Window length in ms (`windowDays × 86 400 000`, computed as TypeScript does).
        window_ms: f64,
        history: VecDeque<(f64, f64)>,
        trailing: f64,
    },
}

/// What a commission model sees of one fill, in engine representation.
#[derive(Debug, Clone, Copy)]
pub struct CommissionInput {
    /// Money scale of the account currency.
    pub money_scale: i32,
    pub quantity_scale: i32,
    /// Signed quantity of this fill.
    pub quantity: f64,
    /// |price × quantity| in whole currency units (rounded at the notional point).
    pub notional: f64,
    /// |quantity| filled before this fill.
    pub filled_before: f64,
    /// Commission charged on the order before, in currency units.
    pub charged_before: f64,
    pub maker: bool,
    pub timestamp: f64,
    pub mode: Rounding,
}

impl CommissionModel {
    /// A tiered model with an empty history.
    pub fn tiered(tiers: Vec<Tier>, window_days: f64) -> CommissionModel {
        CommissionModel::Tiered {
            tiers,
            window_ms: window_days * 86_400_000.0,
            history: VecDeque::new(),
            trailing: 0.0,
        }
    }

    /// The model's name, as reported in errors.
    pub fn name(&self) -> &'static str {
        match self {
            CommissionModel::PerShare { .. } => "PerShare",
            CommissionModel::PerTrade { .. } => "PerTrade",
            CommissionModel::PerDollar {
                percentage: false, ..
            } => "PerDollar",
            CommissionModel::PerDollar {
                percentage: true, ..
            } => "Percentage",
            CommissionModel::MakerTaker { .. } => "MakerTaker",
            CommissionModel::Tiered { .. } => "Tiered",
        }
    }

    /// Commission of one fill in whole currency units (decimal mode: at `money_scale`).
    pub fn commission<N: Numeric>(&mut self, input: &CommissionInput) -> EngineResult<f64> {
        let mode = input.mode;
        match self {
            CommissionModel::PerShare { cost, minimum } => {
                let q = if input.quantity < 0.0 {
                    -input.quantity
                } else {
                    input.quantity
                };
                let filled = input.filled_before + q;
                let by_share = N::mul_shift(
                    filled,
                    cost.value,
                    input.quantity_scale + cost.scale - input.money_scale,
                    mode,
                )?;
                let min =
                    N::mul_shift(minimum.value, 1.0, minimum.scale - input.money_scale, mode)?;
                let total = if by_share > min { by_share } else { min };
                let due = total - input.charged_before;
                Ok(if due > 0.0 { due } else { 0.0 })
            }
            CommissionModel::PerTrade { cost } => {
                if input.filled_before != 0.0 {
                    return Ok(0.0);
                }
                N::mul_shift(cost.value, 1.0, cost.scale - input.money_scale, mode)
            }
            CommissionModel::PerDollar { rate, .. } => {
                N::mul_shift(input.notional, rate.value, rate.scale, mode)
            }
            CommissionModel::MakerTaker { maker, taker } => {
                let rate = if input.maker { maker } else { taker };
                N::mul_shift(input.notional, rate.value, rate.scale, mode)
            }
            CommissionModel::Tiered {
                tiers,
                window_ms,
                history,
                trailing,
            } => {
                let start = input.timestamp - *window_ms;
                while let Some(&(timestamp, notional)) = history.front() {
                    if timestamp > start {
                        break;
                    }
                    *trailing -= notional;
                    history.pop_front();
                }
                let mut chosen = tiers.first().map(|t| t.rate);
                for tier in tiers.iter() {
                    let threshold = N::mul_shift(
                        tier.min.value,
                        1.0,
                        tier.min.scale - input.money_scale,
                        DOWN,
                    )?;
                    if *trailing >= threshold {
                        chosen = Some(tier.rate);
                    }
                }
                history.push_back((input.timestamp, input.notional));
                *trailing += input.notional;
                match chosen {
                    Some(rate) => N::mul_shift(input.notional, rate.value, rate.scale, mode),
                    None => Ok(0.0),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::numeric::Decimal;
    use super::super::wide::HALF_EVEN;
    use super::*;

    fn input(
        quantity: f64,
        notional: f64,
        filled_before: f64,
        charged_before: f64,
    ) -> CommissionInput {
        CommissionInput {
            money_scale: 2,
            quantity_scale: 0,
            quantity,
            notional,
            filled_before,
            charged_before,
            maker: false,
            timestamp: 0.0,
            mode: HALF_EVEN,
        }
    }

    #[test]
    fn per_share_charges_the_minimum_once_per_order() {
        let mut m = CommissionModel::PerShare {
            cost: Rate {
                value: 1.0,
                scale: 3,
            },
            minimum: Rate {
                value: 1.0,
                scale: 0,
            },
        };
        // 100 shares × 0.001 = 0.10 < 1.00 minimum: 100 cents
        assert_eq!(
            m.commission::<Decimal>(&input(100.0, 0.0, 0.0, 0.0)),
            Ok(100.0)
        );
        // 2000 shares in total: 2.00, 1.00 charged before → 1.00
        assert_eq!(
            m.commission::<Decimal>(&input(-1900.0, 0.0, 100.0, 100.0)),
            Ok(100.0)
        );
    }

    #[test]
    fn per_trade_charges_the_first_fill_only() {
        let mut m = CommissionModel::PerTrade {
            cost: Rate {
                value: 5.0,
                scale: 0,
            },
        };
        assert_eq!(
            m.commission::<Decimal>(&input(1.0, 0.0, 0.0, 0.0)),
            Ok(500.0)
        );
        assert_eq!(
            m.commission::<Decimal>(&input(1.0, 0.0, 1.0, 500.0)),
            Ok(0.0)
        );
    }

    #[test]
    fn tiered_picks_the_rate_from_the_trailing_volume_before_the_fill() {
        let mut m = CommissionModel::tiered(
            vec![
                Tier {
                    min: Rate {
                        value: 0.0,
                        scale: 0,
                    },
                    rate: Rate {
                        value: 2.0,
                        scale: 3,
                    },
                },
                Tier {
                    min: Rate {
                        value: 1000.0,
                        scale: 0,
                    },
                    rate: Rate {
                        value: 1.0,
                        scale: 3,
                    },
                },
            ],
            1.0,
        );
        // notional 1000.00 = 100000 cents at 0.002 → 200; then the tier at 1000 applies: 0.001 → 100
        assert_eq!(
            m.commission::<Decimal>(&input(1.0, 100_000.0, 0.0, 0.0)),
            Ok(200.0)
        );
        assert_eq!(
            m.commission::<Decimal>(&input(1.0, 100_000.0, 0.0, 0.0)),
            Ok(100.0)
        );
        let mut later = input(1.0, 100_000.0, 0.0, 0.0);
        later.timestamp = 86_400_000.0;
        // the first two fills left the window
        assert_eq!(m.commission::<Decimal>(&later), Ok(200.0));
        assert_eq!(m.name(), "Tiered");
    }
}
