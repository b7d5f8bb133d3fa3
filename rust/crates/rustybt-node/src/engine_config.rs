//! The `EngineCore` configuration as JavaScript passes it, and its conversion
//! to the core's `AccountConfig` (models as data, rounding codes, assets).

use napi_derive::napi;
use rustybt_core::engine::account::AccountConfig;
use rustybt_core::engine::assets::AssetSpec;
use rustybt_core::engine::commission::{CommissionModel, Tier};
use rustybt_core::engine::fill_rules::FillReference;
use rustybt_core::engine::ledger::{LedgerScales, Roundings};
use rustybt_core::engine::numeric::Rate;
use rustybt_core::engine::slippage::SlippageModel;

/// A model constant in the numeric mode's representation (`Rate` in TypeScript).
#[napi(object)]
pub struct RateInput {
    pub value: f64,
    pub scale: i32,
}

/// A built-in slippage or commission model as data.
///
/// `kind` and `rates`: `none` []; `fixedBasisPoints` [up, down] or [up, down,
/// volumeLimit]; `volumeShare` [volumeLimit, impact]; `fixedSpread` [spread];
/// `perShare` [cost, minimum]; `perTrade` [cost]; `perDollar` and `percentage`
/// [rate]; `makerTaker` [maker, taker]; `tiered` [min0, rate0, min1, rate1, …]
/// with `windowDays`.
#[napi(object)]
pub struct ModelInput {
    pub kind: String,
    pub rates: Vec<RateInput>,
    pub window_days: Option<f64>,
}

/// One asset, by sid order.
#[napi(object)]
pub struct AssetInput {
    pub symbol: String,
    pub price_scale: i32,
    pub quantity_scale: i32,
    pub lot_units: f64,
    pub start_date: f64,
    pub end_date: f64,
    pub auto_close_date: f64,
}

/// Rounding mode codes (index in `ROUNDING_MODES`) of the DecimalConfig points.
#[napi(object)]
pub struct RoundingInput {
    pub price: u32,
    pub notional: u32,
    pub cost_basis: u32,
    pub commission: u32,
    pub slippage_price: u32,
    pub dividend: u32,
    pub split_remainder: u32,
}

/// Everything an `EngineCore` is built from (engine representation).
#[napi(object)]
pub struct EngineCoreConfig {
    /// `decimal` or `float`.
    pub numeric_mode: String,
    /// `open` or `close`.
    pub fill_reference: String,
    pub currency_scale: i32,
    pub money_scale: i32,
    pub money_factor: f64,
    pub starting_cash: f64,
    pub rounding: RoundingInput,
    pub assets: Vec<AssetInput>,
    pub slippage_models: Vec<ModelInput>,
    pub slippage_by_sid: Vec<u32>,
    pub commission_models: Vec<ModelInput>,
    pub commission_by_sid: Vec<u32>,
}

fn rate(r: &RateInput) -> Rate {
    Rate {
        value: r.value,
        scale: r.scale,
    }
}

fn rates_of(model: &ModelInput, counts: &[usize]) -> Result<Vec<Rate>, String> {
    if counts.contains(&model.rates.len()) {
        Ok(model.rates.iter().map(rate).collect())
    } else {
        Err(format!(
            "Model {} takes {:?} rates, got {}.",
            model.kind,
            counts,
            model.rates.len()
        ))
    }
}

fn slippage_model(model: &ModelInput) -> Result<SlippageModel, String> {
    Ok(match model.kind.as_str() {
        "none" => SlippageModel::NoSlippage,
        "fixedBasisPoints" => {
            let r = rates_of(model, &[2, 3])?;
            SlippageModel::FixedBasisPoints {
                up: r[0],
                down: r[1],
                volume_limit: r.get(2).copied(),
            }
        }
        "volumeShare" => {
            let r = rates_of(model, &[2])?;
            SlippageModel::VolumeShare {
                volume_limit: r[0],
                impact: r[1],
            }
        }
        "fixedSpread" => SlippageModel::FixedSpread {
            spread: rates_of(model, &[1])?[0],
        },
        other => return Err(format!("Unknown slippage model kind {other:?}.")),
    })
}

fn commission_model(model: &ModelInput) -> Result<CommissionModel, String> {
    Ok(match model.kind.as_str() {
        "perShare" => {
            let r = rates_of(model, &[2])?;
            CommissionModel::PerShare {
                cost: r[0],
                minimum: r[1],
            }
        }
        "perTrade" => CommissionModel::PerTrade {
            cost: rates_of(model, &[1])?[0],
        },
        "perDollar" | "percentage" => CommissionModel::PerDollar {
            rate: rates_of(model, &[1])?[0],
            percentage: model.kind == "percentage",
        },
        "makerTaker" => {
            let r = rates_of(model, &[2])?;
            CommissionModel::MakerTaker {
                maker: r[0],
                taker: r[1],
            }
        }
        "tiered" => {
            if model.rates.is_empty() || !model.rates.len().is_multiple_of(2) {
                return Err("Model tiered takes pairs of rates (min, rate).".to_string());
            }
            let tiers = model
                .rates
                .chunks(2)
                .map(|pair| Tier {
                    min: rate(&pair[0]),
                    rate: rate(&pair[1]),
                })
                .collect();
            CommissionModel::tiered(tiers, model.window_days.unwrap_or(30.0))
        }
        other => return Err(format!("Unknown commission model kind {other:?}.")),
    })
}

fn mode(code: u32) -> Result<u8, String> {
    u8::try_from(code)
        .ok()
        .filter(|c| *c < 8)
        .ok_or_else(|| format!("Rounding mode code {code} is not one of 0..7."))
}

pub(crate) fn account_config(config: &EngineCoreConfig) -> Result<AccountConfig, String> {
    let r = &config.rounding;
    let fill_reference = match config.fill_reference.as_str() {
        "open" => FillReference::Open,
        "close" => FillReference::Close,
        other => {
            return Err(format!(
                "fillReference must be \"open\" or \"close\", got {other:?}."
            ))
        }
    };
    Ok(AccountConfig {
        assets: config
            .assets
            .iter()
            .map(|a| AssetSpec {
                symbol: a.symbol.clone(),
                price_scale: a.price_scale,
                quantity_scale: a.quantity_scale,
                lot_units: a.lot_units,
                start_date: a.start_date,
                end_date: a.end_date,
                auto_close_date: a.auto_close_date,
            })
            .collect(),
        scales: LedgerScales {
            currency_scale: config.currency_scale,
            money_scale: config.money_scale,
            money_factor: config.money_factor,
            starting_cash: config.starting_cash,
        },
        modes: Roundings {
            price: mode(r.price)?,
            notional: mode(r.notional)?,
            cost_basis: mode(r.cost_basis)?,
            commission: mode(r.commission)?,
            slippage_price: mode(r.slippage_price)?,
            dividend: mode(r.dividend)?,
            split_remainder: mode(r.split_remainder)?,
        },
        fill_reference,
        slippage: config
            .slippage_models
            .iter()
            .map(slippage_model)
            .collect::<Result<_, _>>()?,
        slippage_by_sid: config.slippage_by_sid.iter().map(|m| *m as usize).collect(),
        commission: config
            .commission_models
            .iter()
            .map(commission_model)
            .collect::<Result<_, _>>()?,
        commission_by_sid: config
            .commission_by_sid
            .iter()
            .map(|m| *m as usize)
            .collect(),
    })
}
