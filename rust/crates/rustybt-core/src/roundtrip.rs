//! The smallest kernels: used to measure what one boundary crossing costs.

/// Adds two numbers. Exists to measure the fixed cost of a native call.
#[inline]
pub fn sum_pair(a: f64, b: f64) -> f64 {
    a + b
}

/// Sums a slice left to right.
///
/// The order is fixed (no pairwise or SIMD reassociation) so that the result is
/// bit-identical to the TypeScript twin, which adds in the same order.
pub fn sum_slice(values: &[f64]) -> f64 {
    let mut total = 0.0;
    for &v in values {
        total += v;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_pairs() {
        assert_eq!(sum_pair(2.0, 3.0), 5.0);
        assert!(sum_pair(f64::NAN, 1.0).is_nan());
        assert!(sum_pair(f64::INFINITY, f64::NEG_INFINITY).is_nan());
    }

    #[test]
    fn sums_empty_slice_to_zero() {
        assert_eq!(sum_slice(&[]), 0.0);
    }

    #[test]
    fn sums_in_order_like_the_typescript_twin() {
        // 0.1 + 0.2 + 0.3 left to right is 0.6000000000000001.
        assert_eq!(sum_slice(&[0.1, 0.2, 0.3]), 0.6000000000000001);
    }

    #[test]
    fn propagates_nan_and_infinities() {
        assert!(sum_slice(&[1.0, f64::NAN, 2.0]).is_nan());
        assert_eq!(sum_slice(&[1.0, f64::INFINITY]), f64::INFINITY);
        assert!(sum_slice(&[f64::INFINITY, f64::NEG_INFINITY]).is_nan());
    }
}
