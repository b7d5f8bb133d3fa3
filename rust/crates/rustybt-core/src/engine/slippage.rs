//! The built-in slippage models as data (TypeScript `NoSlippage`,
//! `FixedBasisPointsSlippage`, `VolumeShareSlippage`, `FixedSpreadSlippage`),
//! with their constants already in the numeric mode's representation.

use super::error::EngineResult;
use super::numeric::{Numeric, Rate};
use super::wide::Rounding;

/// A built-in slippage model.
#[derive(Debug, Clone, PartialEq)]
pub enum SlippageModel {
    /// The execution price itself, no volume cap.
    NoSlippage,
    /// Price × `up` (buys) or × `down` (sells), i.e. 1 ± bps/10000.
    FixedBasisPoints {
        up: Rate,
        down: Rate,
        volume_limit: Option<Rate>,
    },
    /// Price × (1 ± impact × (q / V)²), capped at `volume_limit` of the bar's volume.
    VolumeShare { volume_limit: Rate, impact: Rate },
    /// Half the spread against the order, no volume cap.
    FixedSpread { spread: Rate },
}

impl SlippageModel {
    /// The model's name, as reported in errors.
    pub fn name(&self) -> &'static str {
        match self {
            SlippageModel::NoSlippage => "NoSlippage",
            SlippageModel::FixedBasisPoints { .. } => "FixedBasisPoints",
            SlippageModel::VolumeShare { .. } => "VolumeShare",
            SlippageModel::FixedSpread { .. } => "FixedSpread",
        }
    }

    /// Largest share of a bar's volume one asset's orders may fill, if capped.
    pub fn volume_limit(&self) -> Option<Rate> {
        match self {
            SlippageModel::FixedBasisPoints { volume_limit, .. } => *volume_limit,
            SlippageModel::VolumeShare { volume_limit, .. } => Some(*volume_limit),
            _ => None,
        }
    }

    /// Execution price after slippage for a fill of signed `quantity` at `price`
    /// on a bar of `volume` (engine units), rounded with `mode`.
    // `!(volume > 0)` on purpose: NaN volume means no impact, as in TypeScript.
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    pub fn price<N: Numeric>(
        &self,
        price: f64,
        quantity: f64,
        volume: f64,
        price_scale: i32,
        mode: Rounding,
    ) -> EngineResult<f64> {
        match self {
            SlippageModel::NoSlippage => Ok(price),
            SlippageModel::FixedBasisPoints { up, down, .. } => {
                let factor = if quantity > 0.0 { up } else { down };
                N::mul_shift(price, factor.value, factor.scale, mode)
            }
            SlippageModel::VolumeShare { impact, .. } => {
                if !(volume > 0.0) {
                    return Ok(price);
                }
                let q = if quantity < 0.0 { -quantity } else { quantity };
                let movement = N::scale(
                    price,
                    &[impact.value, quantity, q],
                    &[volume, volume],
                    impact.scale,
                    mode,
                )?;
                Ok(price + movement)
            }
            SlippageModel::FixedSpread { spread } => {
                let signed = if quantity > 0.0 {
                    spread.value
                } else {
                    -spread.value
                };
                Ok(price + N::mul_div(signed, 1.0, 2.0, spread.scale - price_scale, mode)?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::numeric::{Decimal, Float};
    use super::super::wide::HALF_EVEN;
    use super::*;

    fn bps5() -> SlippageModel {
        SlippageModel::FixedBasisPoints {
            up: Rate {
                value: 10005.0,
                scale: 4,
            },
            down: Rate {
                value: 9995.0,
                scale: 4,
            },
            volume_limit: Some(Rate {
                value: 1.0,
                scale: 1,
            }),
        }
    }

    #[test]
    fn moves_the_price_five_basis_points_against_the_order() {
        // 100.00 at scale 2 = 10000 units; × 1.0005 = 10005
        assert_eq!(
            bps5().price::<Decimal>(10000.0, 5.0, 0.0, 2, HALF_EVEN),
            Ok(10005.0)
        );
        assert_eq!(
            bps5().price::<Decimal>(10000.0, -5.0, 0.0, 2, HALF_EVEN),
            Ok(9995.0)
        );
        let float = SlippageModel::FixedBasisPoints {
            up: Rate {
                value: 1.0005,
                scale: 0,
            },
            down: Rate {
                value: 0.9995,
                scale: 0,
            },
            volume_limit: None,
        };
        assert_eq!(
            float.price::<Float>(100.0, 5.0, 0.0, 2, HALF_EVEN),
            Ok(100.0 * 1.0005)
        );
        assert_eq!(
            bps5().volume_limit(),
            Some(Rate {
                value: 1.0,
                scale: 1
            })
        );
    }

    #[test]
    fn volume_share_impact_is_quadratic_in_the_share() {
        let m = SlippageModel::VolumeShare {
            volume_limit: Rate {
                value: 25.0,
                scale: 3,
            },
            impact: Rate {
                value: 1.0,
                scale: 1,
            },
        };
        // 100.00 × 0.1 × (10/100)² = 0.10 → 10010 units
        assert_eq!(
            m.price::<Decimal>(10000.0, 10.0, 100.0, 2, HALF_EVEN),
            Ok(10010.0)
        );
        assert_eq!(
            m.price::<Decimal>(10000.0, -10.0, 100.0, 2, HALF_EVEN),
            Ok(9990.0)
        );
        assert_eq!(
            m.price::<Decimal>(10000.0, 10.0, 0.0, 2, HALF_EVEN),
            Ok(10000.0)
        );
    }

    #[test]
    fn fixed_spread_moves_half_the_spread() {
        let m = SlippageModel::FixedSpread {
            spread: Rate {
                value: 1.0,
                scale: 2,
            },
        };
        // half a cent at price scale 2, HALF_EVEN: 0.5 unit → 0
        assert_eq!(
            m.price::<Decimal>(10000.0, 1.0, 0.0, 2, HALF_EVEN),
            Ok(10000.0)
        );
        assert_eq!(
            m.price::<Decimal>(10000.0, 1.0, 0.0, 4, HALF_EVEN),
            Ok(10050.0)
        );
        assert_eq!(m.name(), "FixedSpread");
    }
}
