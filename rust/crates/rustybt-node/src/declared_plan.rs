//! Binding of a batch's declared indicators and comparisons as one plan: the
//! `DeclaredPlan` class. The arrays of each declared indicator, comparison
//! and the bar columns are handed over once (the class keeps references to
//! them, so they stay alive and in place); `advance` then runs every kernel
//! and comparison of a bar in one crossing with scalars only. Each kernel is
//! the one `declaredInto`/`declaredSmaInto`/`compareLanesInto` run, so values
//! are bit-identical to those calls.

use napi::bindgen_prelude::{Float64Array, Int32Array, Int8Array, Uint8Array};
use napi::{Error, Result, Status};
use napi_derive::napi;

use rustybt_core::{
    declared_update, ComparedLanes, DeclaredBar, DeclaredLanes, KernelError, SidListOut,
};

/// Bar fields in the order `bindColumns` takes them.
const FIELDS: usize = 5;

struct PlannedIndicator {
    kind: u32,
    params: Vec<f64>,
    /// Field (index into the bound columns) of each input.
    inputs: [usize; 4],
    volume_inputs: u32,
    assets: Vec<i32>,
    history: u32,
    state: Float64Array,
    ring: Float64Array,
    head: Int32Array,
    filled: Int32Array,
    stamp: Int32Array,
    latest: Float64Array,
}

struct PlannedComparison {
    first: usize,
    /// The second indicator, or `None` to compare with `level`.
    second: Option<usize>,
    level: f64,
    sids: Vec<i32>,
    lanes_a: Vec<i32>,
    lanes_b: Vec<i32>,
    relation: Int8Array,
    up: Int32Array,
    up_member: Uint8Array,
    down: Int32Array,
    down_member: Uint8Array,
    /// Whether every compared asset sits in the same lane of both indicators.
    aligned: bool,
}

/// Declared indicators and comparisons advanced together, one crossing per bar.
#[napi]
pub struct DeclaredPlan {
    /// The bar columns and the units per asset, once bound.
    bound: Option<BoundColumns>,
    indicators: Vec<PlannedIndicator>,
    comparisons: Vec<PlannedComparison>,
    /// Two per comparison: the lengths its crossed-up and crossed-down lists
    /// have now. Read before a bar (the flags of those sids are cleared) and
    /// written after it; the facade keeps them true when it fills the lists
    /// itself.
    counts: Option<Int32Array>,
}

/// What `bindColumns` hands over: the five bar fields in order, and
/// 10^scale per asset id of prices and of volumes.
struct BoundColumns {
    columns: [Float64Array; FIELDS],
    price_units: Float64Array,
    volume_units: Float64Array,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(Status::InvalidArg, message.into())
}

fn kernel(e: KernelError) -> Error {
    invalid(e.to_string())
}

#[napi]
impl DeclaredPlan {
    /// An empty plan.
    #[napi(constructor)]
    pub fn new() -> Self {
        DeclaredPlan {
            bound: None,
            indicators: Vec::new(),
            comparisons: Vec::new(),
            counts: None,
        }
    }

    /// Binds the bar columns (open, high, low, close, volume; asset `a` of a
    /// bar at `offset + a`) and 10^scale per asset id of prices and volumes.
    /// They are read by every later `advance` until bound again.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn bind_columns(
        &mut self,
        open: Float64Array,
        high: Float64Array,
        low: Float64Array,
        close: Float64Array,
        volume: Float64Array,
        price_units: Float64Array,
        volume_units: Float64Array,
    ) {
        self.bound = Some(BoundColumns {
            columns: [open, high, low, close, volume],
            price_units,
            volume_units,
        });
    }

    /// Adds a declared indicator: its kernel `kind` and `params`, the field
    /// (0 open … 4 volume) of each input, its assets and the arrays of its
    /// state and history (as `declaredInto` takes them). Returns its index.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn add_indicator(
        &mut self,
        kind: u32,
        params: &[f64],
        inputs: &[u32],
        volume_inputs: u32,
        assets: &[i32],
        state: Float64Array,
        ring: Float64Array,
        head: Int32Array,
        filled: Int32Array,
        stamp: Int32Array,
        latest: Float64Array,
        history: u32,
    ) -> Result<u32> {
        if inputs.is_empty() || inputs.len() > 4 || inputs.iter().any(|&f| f as usize >= FIELDS) {
            return Err(invalid(
                "declared plan: an indicator reads 1 to 4 of the 5 bar fields",
            ));
        }
        let mut fields = [inputs[0] as usize; 4];
        for (k, &field) in inputs.iter().enumerate() {
            fields[k] = field as usize;
        }
        self.indicators.push(PlannedIndicator {
            kind,
            params: params.to_vec(),
            inputs: fields,
            volume_inputs,
            assets: assets.to_vec(),
            history,
            state,
            ring,
            head,
            filled,
            stamp,
            latest,
        });
        Ok(self.indicators.len() as u32 - 1)
    }

    /// Adds a comparison of indicator `first` with indicator `second` (or,
    /// when `second` is -1, with `level`), with the arrays of its relations
    /// and lists (as `compareLanesInto` takes them). Returns its index `i`:
    /// the lengths of its lists are `counts[2i]` and `counts[2i + 1]` (see
    /// `bindCounts`).
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn add_comparison(
        &mut self,
        first: u32,
        second: i32,
        level: f64,
        sids: &[i32],
        lanes_a: &[i32],
        lanes_b: &[i32],
        relation: Int8Array,
        up: Int32Array,
        up_member: Uint8Array,
        down: Int32Array,
        down_member: Uint8Array,
    ) -> Result<u32> {
        let count = self.indicators.len();
        if first as usize >= count || second >= count as i32 || second < -1 {
            return Err(invalid(
                "declared plan: a comparison names an indicator not in the plan",
            ));
        }
        let aligned = ComparedLanes {
            sids,
            lanes_a,
            lanes_b,
            stamp_a: &[],
            latest_a: &[],
            stamp_b: &[],
            latest_b: &[],
            level,
            constant: second < 0,
        }
        .aligned();
        self.comparisons.push(PlannedComparison {
            aligned,
            first: first as usize,
            second: usize::try_from(second).ok(),
            level,
            sids: sids.to_vec(),
            lanes_a: lanes_a.to_vec(),
            lanes_b: lanes_b.to_vec(),
            relation,
            up,
            up_member,
            down,
            down_member,
        });
        Ok(self.comparisons.len() as u32 - 1)
    }

    /// Binds the array of the comparisons' list lengths (two per comparison,
    /// holding the lengths the lists have now).
    #[napi]
    pub fn bind_counts(&mut self, counts: Int32Array) {
        self.counts = Some(counts);
    }

    /// Advances every indicator by the bar at `offset` of the bound columns
    /// (stamped `bar`), then evaluates every comparison for it.
    #[napi(catch_unwind)]
    pub fn advance(&mut self, offset: u32, bar: i32) -> Result<()> {
        let Some(bound) = &self.bound else {
            return Err(invalid("declared plan: advance before bindColumns"));
        };
        let (price_units, volume_units) = (&bound.price_units[..], &bound.volume_units[..]);
        let columns: [&[f64]; FIELDS] = bound.columns.each_ref().map(|c| &c[..]);
        for p in &mut self.indicators {
            // SAFETY: no JS runs during this synchronous call; each indicator's arrays are its own.
            let state = unsafe { p.state.as_mut() };
            let ring = unsafe { p.ring.as_mut() };
            let head = unsafe { p.head.as_mut() };
            let filled = unsafe { p.filled.as_mut() };
            let stamp = unsafe { p.stamp.as_mut() };
            let latest = unsafe { p.latest.as_mut() };
            let mut lanes = DeclaredLanes {
                state,
                ring,
                head,
                filled,
                stamp,
                latest,
                history: p.history as usize,
            };
            let input = DeclaredBar {
                columns: p.inputs.map(|f| columns[f]),
                offset: offset as usize,
                assets: &p.assets,
                price_units,
                volume_units,
                volume_inputs: p.volume_inputs,
                bar,
            };
            declared_update(p.kind, &p.params, &mut lanes, &input).map_err(kernel)?;
        }
        let indicators = &self.indicators;
        // SAFETY: as above; the counts are the plan's own array.
        let counts: &mut [i32] = match self.counts.as_mut() {
            Some(c) => unsafe { c.as_mut() },
            None => &mut [],
        };
        for (i, c) in self.comparisons.iter_mut().enumerate() {
            let a = &indicators[c.first];
            let b = c.second.map_or(a, |s| &indicators[s]);
            let lanes = ComparedLanes {
                sids: &c.sids,
                lanes_a: &c.lanes_a,
                lanes_b: &c.lanes_b,
                stamp_a: &a.stamp,
                latest_a: &a.latest,
                stamp_b: &b.stamp,
                latest_b: &b.latest,
                level: c.level,
                constant: c.second.is_none(),
            };
            // SAFETY: as above; the lists and relations are this comparison's own.
            let (relation, up, up_member, down, down_member) = unsafe {
                (
                    c.relation.as_mut(),
                    c.up.as_mut(),
                    c.up_member.as_mut(),
                    c.down.as_mut(),
                    c.down_member.as_mut(),
                )
            };
            let length = |k: usize| counts.get(k).map_or(0, |&n| n.max(0) as usize);
            let mut up = SidListOut::cleared(up, up_member, length(2 * i));
            let mut down = SidListOut::cleared(down, down_member, length(2 * i + 1));
            let result = if c.aligned {
                lanes.evaluate_aligned(bar, relation, &mut up, &mut down)
            } else {
                lanes.evaluate(bar, relation, &mut up, &mut down)
            };
            if let Some(pair) = counts.get_mut(2 * i..2 * i + 2) {
                pair[0] = up.len as i32;
                pair[1] = down.len as i32;
            }
            result.map_err(kernel)?;
        }
        Ok(())
    }
}

impl Default for DeclaredPlan {
    fn default() -> Self {
        Self::new()
    }
}
