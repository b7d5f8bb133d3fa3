//! Exact integer division with Python's eight rounding modes, in `i128` and,
//! for the rare products beyond it, in a small 256-bit unsigned integer.
//! Mode codes follow rustybt's `ROUNDING_MODES`: UP, DOWN, CEILING, FLOOR,
//! HALF_UP, HALF_DOWN, HALF_EVEN, 05UP.

use std::cmp::Ordering;

/// A rounding mode as its index in `ROUNDING_MODES` (0 UP … 7 05UP).
pub type Rounding = u8;
pub const UP: Rounding = 0;
pub const DOWN: Rounding = 1;
pub const CEILING: Rounding = 2;
pub const FLOOR: Rounding = 3;
pub const HALF_UP: Rounding = 4;
pub const HALF_DOWN: Rounding = 5;
pub const HALF_EVEN: Rounding = 6;

/// Whether a truncated quotient moves one away from zero under `mode`, given
/// how the doubled remainder compares with the divisor and the quotient's
/// parity and last digit.
#[inline]
fn rounds_away(mode: Rounding, negative: bool, twice: Ordering, odd: bool, last_digit: u8) -> bool {
    match mode {
        UP => true,
        DOWN => false,
        CEILING => !negative,
        FLOOR => negative,
        HALF_UP => twice != Ordering::Less,
        HALF_DOWN => twice == Ordering::Greater,
        HALF_EVEN => twice == Ordering::Greater || (twice == Ordering::Equal && odd),
        _ => last_digit == 0 || last_digit == 5,
    }
}

/// `numerator / denominator` rounded to an integer with `mode`; `denominator > 0`.
pub fn divide_i128(numerator: i128, denominator: i128, mode: Rounding) -> i128 {
    // One native 64-bit division when both fit, instead of a 128-bit library call.
    if let (Ok(n), Ok(d)) = (i64::try_from(numerator), i64::try_from(denominator)) {
        if n != i64::MIN {
            return i128::from(divide_i64(n, d, mode));
        }
    }
    let quotient = numerator / denominator;
    let remainder = numerator - quotient * denominator;
    if remainder == 0 {
        return quotient;
    }
    let negative = numerator < 0;
    let magnitude = quotient.unsigned_abs();
    let r = remainder.unsigned_abs();
    let d = denominator as u128;
    // r < d, so comparing r with d − r avoids doubling past the range.
    let twice = r.cmp(&(d - r));
    let away = rounds_away(
        mode,
        negative,
        twice,
        magnitude % 2 == 1,
        (magnitude % 10) as u8,
    );
    match (away, negative) {
        (false, _) => quotient,
        (true, false) => quotient + 1,
        (true, true) => quotient - 1,
    }
}

/// `numerator / denominator` rounded with `mode` in 64-bit arithmetic; `denominator > 0`.
#[inline]
fn divide_i64(numerator: i64, denominator: i64, mode: Rounding) -> i64 {
    let quotient = numerator / denominator;
    let remainder = numerator - quotient * denominator;
    if remainder == 0 {
        return quotient;
    }
    let negative = numerator < 0;
    let magnitude = quotient.unsigned_abs();
    let r = remainder.unsigned_abs();
    let twice = r.cmp(&(denominator as u64 - r));
    let away = rounds_away(
        mode,
        negative,
        twice,
        magnitude % 2 == 1,
        (magnitude % 10) as u8,
    );
    match (away, negative) {
        (false, _) => quotient,
        (true, false) => quotient + 1,
        (true, true) => quotient - 1,
    }
}

/// A 256-bit unsigned integer, little-endian 64-bit limbs: only what exact
/// rounding of multi-factor products needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct U256([u64; 4]);

impl U256 {
    pub const ZERO: U256 = U256([0; 4]);

    pub fn from_u128(x: u128) -> U256 {
        U256([x as u64, (x >> 64) as u64, 0, 0])
    }

    /// The value when it fits a `u128`.
    pub fn to_u128(self) -> Option<u128> {
        if self.0[2] != 0 || self.0[3] != 0 {
            return None;
        }
        Some(u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
    }

    pub fn is_zero(self) -> bool {
        self.0 == [0; 4]
    }

    /// `self × other`, or `None` past 2^256.
    pub fn checked_mul(self, other: U256) -> Option<U256> {
        let mut wide = [0u64; 8];
        for i in 0..4 {
            let mut carry = 0u128;
            for j in 0..4 {
                let t = u128::from(self.0[i]) * u128::from(other.0[j])
                    + u128::from(wide[i + j])
                    + carry;
                wide[i + j] = t as u64;
                carry = t >> 64;
            }
            wide[i + 4] = carry as u64;
        }
        if wide[4..].iter().any(|&l| l != 0) {
            return None;
        }
        Some(U256([wide[0], wide[1], wide[2], wide[3]]))
    }

    fn add_small(self, x: u64) -> Option<U256> {
        let mut out = self.0;
        let mut carry = x;
        for limb in out.iter_mut() {
            let (s, c) = limb.overflowing_add(carry);
            *limb = s;
            carry = u64::from(c);
            if carry == 0 {
                break;
            }
        }
        (carry == 0).then_some(U256(out))
    }

    fn sub(self, other: U256) -> U256 {
        let mut out = [0u64; 4];
        let mut borrow = 0u64;
        for (i, limb) in out.iter_mut().enumerate() {
            let (d1, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *limb = d2;
            borrow = u64::from(b1 || b2);
        }
        U256(out)
    }

    fn bit(self, i: usize) -> bool {
        (self.0[i / 64] >> (i % 64)) & 1 == 1
    }

    fn shl1_or(self, bit: bool) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = u64::from(bit);
        for (i, limb) in out.iter_mut().enumerate() {
            *limb = (self.0[i] << 1) | carry;
            carry = self.0[i] >> 63;
        }
        U256(out)
    }

    /// Quotient and remainder; `divisor` must not be zero.
    pub fn div_rem(self, divisor: U256) -> (U256, U256) {
        let mut q = U256::ZERO;
        let mut r = U256::ZERO;
        for i in (0..256).rev() {
            r = r.shl1_or(self.bit(i));
            if r >= divisor {
                r = r.sub(divisor);
                q.0[i / 64] |= 1 << (i % 64);
            }
        }
        (q, r)
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        for i in (0..4).rev() {
            match self.0[i].cmp(&other.0[i]) {
                Ordering::Equal => continue,
                unequal => return unequal,
            }
        }
        Ordering::Equal
    }
}

/// `±numerator / denominator` rounded with `mode`, as a magnitude (the sign is
/// `negative`); `None` when it passes 2^256. `denominator` must not be zero.
pub fn divide_wide(
    negative: bool,
    numerator: U256,
    denominator: U256,
    mode: Rounding,
) -> Option<U256> {
    let (q, r) = numerator.div_rem(denominator);
    if r.is_zero() {
        return Some(q);
    }
    let twice = r.cmp(&denominator.sub(r));
    let (_, last) = q.div_rem(U256::from_u128(10));
    let last = last.0[0] as u8;
    if rounds_away(mode, negative, twice, q.0[0] & 1 == 1, last) {
        q.add_small(1)
    } else {
        Some(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_every_mode_like_python_decimal() {
        // 2.5, -2.5, 2.6, -1.5 under UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN, 05UP
        let cases: [(i128, [i128; 8]); 4] = [
            (25, [3, 2, 3, 2, 3, 2, 2, 2]),
            (-25, [-3, -2, -2, -3, -3, -2, -2, -2]),
            (26, [3, 2, 3, 2, 3, 3, 3, 2]),
            (-15, [-2, -1, -1, -2, -2, -1, -2, -1]),
        ];
        for (n, expected) in cases {
            for mode in 0..8u8 {
                assert_eq!(
                    divide_i128(n, 10, mode),
                    expected[mode as usize],
                    "{n} mode {mode}"
                );
            }
        }
        // 05UP: 0.1 rounds away from a last digit 0, 5.1 away from 5.
        assert_eq!(divide_i128(1, 10, 7), 1);
        assert_eq!(divide_i128(51, 10, 7), 6);
    }

    #[test]
    fn wide_division_agrees_with_i128() {
        for n in [-1_000_007i128, -25, -15, 0, 7, 25, 26, 99_999_999_999] {
            for d in [1i128, 3, 10, 7_000] {
                for mode in 0..8u8 {
                    let m = divide_wide(
                        n < 0,
                        U256::from_u128(n.unsigned_abs()),
                        U256::from_u128(d as u128),
                        mode,
                    )
                    .and_then(U256::to_u128)
                    .map(|m| if n < 0 { -(m as i128) } else { m as i128 });
                    assert_eq!(m, Some(divide_i128(n, d, mode)), "{n}/{d} mode {mode}");
                }
            }
        }
    }

    #[test]
    fn multiplies_past_128_bits_exactly() {
        let a = U256::from_u128(u128::MAX);
        let p = a
            .checked_mul(U256::from_u128(1 << 64))
            .unwrap_or(U256::ZERO);
        let (q, r) = p.div_rem(U256::from_u128(1 << 64));
        assert_eq!(q, a);
        assert!(r.is_zero());
        assert!(p.checked_mul(p).is_none());
    }
}
