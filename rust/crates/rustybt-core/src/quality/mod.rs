//! Data-quality checks the readers share with `src/data/validation`.

mod js_log;
mod outliers;

pub use js_log::js_log;
pub use outliers::{
    find_outliers, find_outliers_with, rows_are_clean, rows_hold_together, OutlierScratch,
};
