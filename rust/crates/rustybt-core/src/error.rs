use std::fmt;

/// Why a kernel refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelError {
    /// A window length of zero was asked for.
    ZeroWindow,
    /// The output slice does not have the length of the input.
    OutputLength { expected: usize, actual: usize },
    /// Arguments that do not fit together (named in the text).
    InvalidArgument(String),
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KernelError::ZeroWindow => write!(f, "window must be a positive integer, got 0"),
            KernelError::OutputLength { expected, actual } => write!(
                f,
                "output must have the input's length {expected}, got {actual}"
            ),
            KernelError::InvalidArgument(text) => write!(f, "{text}"),
        }
    }
}

impl std::error::Error for KernelError {}
