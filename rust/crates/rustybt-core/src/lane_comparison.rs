//! One bar of a signal: the latest value of one declared indicator compared
//! with another's (or with a constant level) for every asset both cover, the
//! relation kept per asset and the assets that crossed listed, as the
//! TypeScript `IndicatorComparison` keeps them.

use crate::KernelError;

/// `a` above `b` on the latest common bar.
pub const ABOVE: i8 = 1;
/// `a` below `b`.
pub const BELOW: i8 = -1;
/// `a` equals `b`.
pub const TIE: i8 = 0;
/// No relation yet (a value is NaN, or none was seen).
pub const NONE: i8 = 2;

/// The two indicators' lanes compared, read only.
pub struct ComparedLanes<'a> {
    /// Sid of each compared asset, ascending.
    pub sids: &'a [i32],
    /// Lane of each compared asset in the first indicator.
    pub lanes_a: &'a [i32],
    /// Lane in the second (any valid lane when comparing with a level).
    pub lanes_b: &'a [i32],
    /// Bar number of each lane's latest update, first indicator.
    pub stamp_a: &'a [i32],
    /// Latest value per lane, first indicator.
    pub latest_a: &'a [f64],
    /// The same for the second indicator (the first's again with a level).
    pub stamp_b: &'a [i32],
    pub latest_b: &'a [f64],
    /// The level compared with, when `constant`.
    pub level: f64,
    pub constant: bool,
}

/// A list of sids built for one bar, with a membership flag per sid.
pub struct SidListOut<'a> {
    pub sids: &'a mut [i32],
    pub member: &'a mut [u8],
    pub len: usize,
}

impl<'a> SidListOut<'a> {
    /// An empty list over `sids` and `member` after clearing the flags of
    /// the first `previous` sids listed there (the list of the bar before).
    pub fn cleared(sids: &'a mut [i32], member: &'a mut [u8], previous: usize) -> Self {
        for &sid in sids.iter().take(previous) {
            if let Some(flag) = member.get_mut(sid as usize) {
                *flag = 0;
            }
        }
        SidListOut {
            sids,
            member,
            len: 0,
        }
    }

    fn push(&mut self, sid: i32) -> Result<(), KernelError> {
        let slot = self.sids.get_mut(self.len).ok_or_else(|| short("list"))?;
        *slot = sid;
        *self
            .member
            .get_mut(sid as usize)
            .ok_or_else(|| short("membership"))? = 1;
        self.len += 1;
        Ok(())
    }
}

fn short(what: &str) -> KernelError {
    KernelError::InvalidArgument(format!("compareLanes: the {what} array is too short"))
}

/// a vs b: [`ABOVE`], [`BELOW`], [`TIE`], or [`NONE`] when either is NaN.
fn relation_of(a: f64, b: f64) -> i8 {
    if a > b {
        ABOVE
    } else if a < b {
        BELOW
    } else if a == b {
        TIE
    } else {
        NONE
    }
}

impl ComparedLanes<'_> {
    /// Whether compared asset `i` sits in lane `i` of both indicators (both
    /// declared for the same assets in the same order): then
    /// [`ComparedLanes::evaluate`] walks the lanes in step.
    pub fn aligned(&self) -> bool {
        let n = self.sids.len();
        self.lanes_a.len() == n
            && self.lanes_b.len() == n
            && (0..n).all(|i| {
                self.lanes_a[i] == i as i32 && (self.constant || self.lanes_b[i] == i as i32)
            })
    }

    /// Updates the relation of every compared asset updated on `bar` in both
    /// indicators and appends those that crossed (from below or a tie to
    /// above: `up`; from above or a tie to below: `down`), in sid order.
    pub fn evaluate(
        &self,
        bar: i32,
        relation: &mut [i8],
        up: &mut SidListOut<'_>,
        down: &mut SidListOut<'_>,
    ) -> Result<(), KernelError> {
        let n = self.sids.len();
        if self.lanes_a.len() != n || self.lanes_b.len() != n || relation.len() != n {
            return Err(KernelError::InvalidArgument(
                "compareLanes: sids, lanes and relations differ in length".into(),
            ));
        }
        let lane = |lanes: &[i32], i: usize, len: usize| -> Result<usize, KernelError> {
            let l = lanes[i] as usize;
            if l < len {
                Ok(l)
            } else {
                Err(short("stamp or value"))
            }
        };
        let len_a = self.stamp_a.len().min(self.latest_a.len());
        let len_b = self.stamp_b.len().min(self.latest_b.len());
        for (i, rel) in relation.iter_mut().enumerate() {
            let la = lane(self.lanes_a, i, len_a)?;
            if self.stamp_a[la] != bar {
                continue;
            }
            let lb = lane(self.lanes_b, i, len_b)?;
            if self.stamp_b[lb] != bar {
                continue;
            }
            let b = if self.constant {
                self.level
            } else {
                self.latest_b[lb]
            };
            self.record(i, relation_of(self.latest_a[la], b), rel, up, down)?;
        }
        Ok(())
    }
}

impl ComparedLanes<'_> {
    /// Keeps compared asset `i`'s relation `now` and lists the asset when it
    /// crossed: from below or a tie to above (`up`), from above or a tie to
    /// below (`down`); nothing is listed from no relation.
    #[inline]
    fn record(
        &self,
        i: usize,
        now: i8,
        rel: &mut i8,
        up: &mut SidListOut<'_>,
        down: &mut SidListOut<'_>,
    ) -> Result<(), KernelError> {
        let before = *rel;
        if now == before {
            return Ok(());
        }
        *rel = now;
        if before == NONE {
            Ok(())
        } else if now == ABOVE {
            up.push(self.sids[i])
        } else if now == BELOW {
            down.push(self.sids[i])
        } else {
            Ok(())
        }
    }

    /// [`ComparedLanes::evaluate`] for lanes the caller found
    /// [`ComparedLanes::aligned`] (once, when the comparison was set up):
    /// the lanes walked in step, without the per-lane indirection. Falls
    /// back to `evaluate` when the indicators do not have exactly one lane
    /// per compared asset, or when comparing with a level.
    pub fn evaluate_aligned(
        &self,
        bar: i32,
        relation: &mut [i8],
        up: &mut SidListOut<'_>,
        down: &mut SidListOut<'_>,
    ) -> Result<(), KernelError> {
        let n = self.sids.len();
        if self.constant
            || relation.len() != n
            || self.stamp_a.len() != n
            || self.latest_a.len() != n
            || self.stamp_b.len() != n
            || self.latest_b.len() != n
        {
            return self.evaluate(bar, relation, up, down);
        }
        let lanes = self
            .stamp_a
            .iter()
            .zip(self.stamp_b)
            .zip(self.latest_a.iter().zip(self.latest_b))
            .zip(relation.iter_mut());
        for (i, (((&sa, &sb), (&a, &b)), rel)) in lanes.enumerate() {
            if sa != bar || sb != bar {
                continue;
            }
            self.record(i, relation_of(a, b), rel, up, down)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists<'a>(
        up: &'a mut [i32],
        um: &'a mut [u8],
        down: &'a mut [i32],
        dm: &'a mut [u8],
    ) -> (SidListOut<'a>, SidListOut<'a>) {
        (
            SidListOut {
                sids: up,
                member: um,
                len: 0,
            },
            SidListOut {
                sids: down,
                member: dm,
                len: 0,
            },
        )
    }

    #[test]
    fn lists_the_assets_that_crossed_and_only_those_updated_on_the_bar() {
        let sids = [0, 1, 2, 3];
        let lanes = [0, 1, 2, 3];
        let stamp_a = [5, 5, 5, 4];
        let stamp_b = [5, 5, 5, 5];
        // Asset 0 crosses up from below, 1 down from a tie, 2 stays above, 3 had no bar.
        let latest_a = [2.0, 1.0, 3.0, 9.0];
        let latest_b = [1.0, 2.0, 1.0, 1.0];
        let c = ComparedLanes {
            sids: &sids,
            lanes_a: &lanes,
            lanes_b: &lanes,
            stamp_a: &stamp_a,
            latest_a: &latest_a,
            stamp_b: &stamp_b,
            latest_b: &latest_b,
            level: f64::NAN,
            constant: false,
        };
        let mut relation = [BELOW, TIE, ABOVE, BELOW];
        let (mut a, mut b, mut c2, mut d) = ([0; 4], [0u8; 4], [0; 4], [0u8; 4]);
        let (mut up, mut down) = lists(&mut a, &mut b, &mut c2, &mut d);
        c.evaluate(5, &mut relation, &mut up, &mut down).unwrap();
        assert_eq!((up.len, down.len), (1, 1));
        assert_eq!((up.sids[0], down.sids[0]), (0, 1));
        assert_eq!((up.member[0], down.member[1]), (1, 1));
        assert_eq!(relation, [ABOVE, BELOW, ABOVE, BELOW]);
    }

    #[test]
    fn the_aligned_walk_lists_what_the_general_one_lists_bar_after_bar() {
        let n = 64;
        let sids: Vec<i32> = (0..n).collect();
        let lanes = sids.clone();
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut rel_g, mut rel_a) = (vec![NONE; 64], vec![NONE; 64]);
        for bar in 0..200 {
            // Some lanes miss the bar, some values are NaN, many are ties.
            let stamp_a: Vec<i32> = (0..n)
                .map(|_| {
                    if next().is_multiple_of(9) {
                        bar - 1
                    } else {
                        bar
                    }
                })
                .collect();
            let stamp_b: Vec<i32> = (0..n)
                .map(|_| {
                    if next().is_multiple_of(11) {
                        bar - 1
                    } else {
                        bar
                    }
                })
                .collect();
            let value = |r: u64| {
                if r.is_multiple_of(17) {
                    f64::NAN
                } else {
                    (r % 5) as f64
                }
            };
            let latest_a: Vec<f64> = (0..n).map(|_| value(next())).collect();
            let latest_b: Vec<f64> = (0..n).map(|_| value(next())).collect();
            let c = ComparedLanes {
                sids: &sids,
                lanes_a: &lanes,
                lanes_b: &lanes,
                stamp_a: &stamp_a,
                latest_a: &latest_a,
                stamp_b: &stamp_b,
                latest_b: &latest_b,
                level: f64::NAN,
                constant: false,
            };
            assert!(c.aligned());
            let (mut a, mut b, mut c2, mut d) = ([0; 64], [0u8; 64], [0; 64], [0u8; 64]);
            let (mut up, mut down) = lists(&mut a, &mut b, &mut c2, &mut d);
            c.evaluate(bar, &mut rel_g, &mut up, &mut down).unwrap();
            let general = (up.sids[..up.len].to_vec(), down.sids[..down.len].to_vec());
            let (mut a, mut b, mut c2, mut d) = ([0; 64], [0u8; 64], [0; 64], [0u8; 64]);
            let (mut up, mut down) = lists(&mut a, &mut b, &mut c2, &mut d);
            c.evaluate_aligned(bar, &mut rel_a, &mut up, &mut down)
                .unwrap();
            assert_eq!(
                general,
                (up.sids[..up.len].to_vec(), down.sids[..down.len].to_vec())
            );
            assert_eq!(rel_g, rel_a);
        }
    }

    #[test]
    fn a_nan_never_compares_and_a_short_list_is_an_error_not_a_panic() {
        let sids = [0, 1];
        let lanes = [0, 1];
        let stamp = [1, 1];
        let latest = [f64::NAN, 3.0];
        let c = ComparedLanes {
            sids: &sids,
            lanes_a: &lanes,
            lanes_b: &lanes,
            stamp_a: &stamp,
            latest_a: &latest,
            stamp_b: &stamp,
            latest_b: &latest,
            level: 2.0,
            constant: true,
        };
        let mut relation = [BELOW, BELOW];
        let (mut a, mut b, mut c2, mut d) = ([0; 0], [0u8; 2], [0; 2], [0u8; 2]);
        let (mut up, mut down) = lists(&mut a, &mut b, &mut c2, &mut d);
        let result = c.evaluate(1, &mut relation, &mut up, &mut down);
        assert!(result.is_err());
        assert_eq!(relation[0], NONE);
    }
}
