//! Pure Rust kernels of rustybt.
//!
//! This crate knows nothing of Node: it works on plain slices and returns plain
//! values or [`KernelError`]s. The `rustybt-node` crate converts and calls.

pub mod bar_columns;
pub mod bar_layout;
pub mod buffer_pool;
pub mod checksum;
pub mod csv;
pub mod declared_sma;
pub mod engine;
pub mod error;
pub mod indicators;
pub mod lane_comparison;
pub mod marks;
pub mod parquet;
pub mod quality;
pub mod rolling;
pub mod roundtrip;

pub use checksum::crc32_update;
pub use declared_sma::{DeclaredSma, SmaBar};
pub use error::KernelError;
pub use indicators::{declared_update, DeclaredBar, DeclaredLanes};
pub use lane_comparison::{ComparedLanes, SidListOut};
pub use marks::{mark_decimal, mark_value};
pub use rolling::rolling_mean;
pub use roundtrip::{sum_pair, sum_slice};

/// Version of the core crate, reported by the loader to catch stale builds.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
