//! The per-bar engine core: one simulated account (orders, fills, ledger,
//! models, corporate actions) owning its state, reproducing the TypeScript
//! engine bit for bit in both numeric modes. See `account` for how a bar flows.

pub mod account;
pub mod assets;
pub mod bars;
pub mod blotter;
pub mod commission;
pub mod error;
pub mod fill_rules;
pub mod fills;
pub mod js_text;
pub mod ledger;
pub mod numeric;
pub mod orders;
pub mod slippage;
pub mod wide;

#[cfg(test)]
mod account_tests;
#[cfg(test)]
mod blotter_tests;
