//! Typed refusals of the engine core: the same kinds and messages the
//! TypeScript engine raises, so the bindings can rethrow the same
//! `RustybtError` subclass with the same text.

use std::fmt;

/// Which `RustybtError` subclass a refusal maps to on the TypeScript side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `OrderError` (`ERR_ORDER`).
    Order,
    /// `DataError` (`ERR_DATA`).
    Data,
    /// `ConfigError` (`ERR_CONFIG`).
    Config,
    /// `NumericOverflowError` (`ERR_NUMERIC_OVERFLOW`).
    NumericOverflow,
}

impl ErrorKind {
    /// The stable error code of the TypeScript class.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Order => "ERR_ORDER",
            ErrorKind::Data => "ERR_DATA",
            ErrorKind::Config => "ERR_CONFIG",
            ErrorKind::NumericOverflow => "ERR_NUMERIC_OVERFLOW",
        }
    }
}

/// A refusal: its kind and the message the TypeScript engine would raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    pub kind: ErrorKind,
    pub message: String,
}

impl EngineError {
    pub fn order(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Order, message)
    }
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Data, message)
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }
    pub fn overflow(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NumericOverflow, message)
    }
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

impl std::error::Error for EngineError {}

/// Result of an engine operation that may be refused.
pub type EngineResult<T> = Result<T, EngineError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_the_typescript_code() {
        let e = EngineError::overflow("cash = 1 units");
        assert_eq!(e.kind.code(), "ERR_NUMERIC_OVERFLOW");
        assert_eq!(e.to_string(), "ERR_NUMERIC_OVERFLOW: cash = 1 units");
        assert_eq!(EngineError::data("x").kind.code(), "ERR_DATA");
    }
}
