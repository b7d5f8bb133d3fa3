//! The lane loop every declared-indicator kernel shares: read a lane's inputs,
//! skip it on a NaN, run the indicator's step on its state, record its values
//! in the history ring. The layout is the TypeScript `DeclaredIndicator`'s.

use crate::KernelError;

/// One lane's view of an indicator state laid out field-major over lanes:
/// field `f` of lane `a` is `state[f * lanes + a]`.
pub struct Lane<'a> {
    state: &'a mut [f64],
    lanes: usize,
    lane: usize,
}

impl Lane<'_> {
    /// Field `f` of this lane.
    #[inline(always)]
    pub fn get(&self, f: usize) -> f64 {
        self.state[f * self.lanes + self.lane]
    }

    /// Sets field `f` of this lane.
    #[inline(always)]
    pub fn set(&mut self, f: usize, value: f64) {
        self.state[f * self.lanes + self.lane] = value;
    }
}

/// A slot number kept in the state as a float (a ring position or a queue
/// front), truncated as JavaScript's `| 0` does and kept inside `0..len`.
#[inline(always)]
pub fn slot(value: f64, len: usize) -> usize {
    (value as usize).min(len.saturating_sub(1))
}

/// One indicator's per-lane step.
pub trait Step {
    /// Bar fields read, in the spec's input order.
    const INPUTS: usize;
    /// Outputs written, the primary first.
    const OUTPUTS: usize;
    /// State fields per lane.
    fn state_size(&self) -> usize;
    /// Advances one lane by one bar: `x` the inputs (as given: units or
    /// values), `u` their units (10^scale), the outputs into `out`.
    fn step(&self, lane: &mut Lane, x: &[f64; 4], u: &[f64; 4], out: &mut [f64; 3]);
    /// Advances every lane of `d` by one bar: the shared loop ([`advance`]),
    /// unless the kernel has a faster one of its own.
    fn advance_lanes(&self, d: &mut DeclaredLanes, bar: &DeclaredBar) -> Result<(), KernelError>
    where
        Self: Sized,
    {
        advance(self, d, bar)
    }
}

/// The state and history of one declared indicator over its lanes.
pub struct DeclaredLanes<'a> {
    /// State, field-major over lanes (see [`Lane`]).
    pub state: &'a mut [f64],
    /// History: output `k`, slot `i`, lane `j` at `(k * history + i) * lanes + j`.
    pub ring: &'a mut [f64],
    /// Next history slot per lane.
    pub head: &'a mut [i32],
    /// Values recorded per lane, capped at the history length.
    pub filled: &'a mut [i32],
    /// Bar number of each lane's latest update.
    pub stamp: &'a mut [i32],
    /// Latest primary value per lane.
    pub latest: &'a mut [f64],
    /// Slots of history per lane.
    pub history: usize,
}

/// One bar as a declared indicator reads it.
pub struct DeclaredBar<'a> {
    /// Input columns in the spec's order; asset `a` at `offset + a`.
    pub columns: [&'a [f64]; 4],
    /// Where asset 0 sits in each column.
    pub offset: usize,
    /// Asset id of each lane.
    pub assets: &'a [i32],
    /// 10^scale per asset id of the price fields (ones for float values).
    pub price_units: &'a [f64],
    /// 10^scale per asset id of the volume field.
    pub volume_units: &'a [f64],
    /// Bit `k` set when input `k` is the volume field.
    pub volume_inputs: u32,
    /// Bar number stamped on the lanes updated.
    pub bar: i32,
}

/// The history side of [`DeclaredLanes`], borrowed apart from the state:
/// records a lane's values in the ring, with its head, count, stamp and latest value.
pub struct Recorder<'b> {
    ring: &'b mut [f64],
    head: &'b mut [i32],
    filled: &'b mut [i32],
    stamp: &'b mut [i32],
    latest: &'b mut [f64],
    history: usize,
    lanes: usize,
}

impl Recorder<'_> {
    /// Records the `values` of `lane` (its outputs, the primary first) at bar `bar`.
    #[inline(always)]
    pub fn record(&mut self, lane: usize, bar: i32, values: &[f64]) {
        let (history, lanes) = (self.history, self.lanes);
        self.stamp[lane] = bar;
        self.latest[lane] = values[0];
        let slot = (self.head[lane].max(0) as usize).min(history - 1);
        for (k, value) in values.iter().enumerate() {
            self.ring[(k * history + slot) * lanes + lane] = *value;
        }
        self.head[lane] = if slot + 1 == history {
            0
        } else {
            slot as i32 + 1
        };
        if (self.filled[lane] as usize) < history {
            self.filled[lane] += 1;
        }
    }
}

impl DeclaredLanes<'_> {
    /// Checks the arrays against `lanes` lanes of `state_size` state fields
    /// and `outputs` outputs, then lends out the state and the recorder apart.
    pub fn split(
        &mut self,
        lanes: usize,
        state_size: usize,
        outputs: usize,
    ) -> Result<(&mut [f64], Recorder<'_>), KernelError> {
        let history = self.history;
        if history == 0
            || self.state.len() < state_size * lanes
            || self.ring.len() < outputs * history * lanes
            || self.head.len() < lanes
            || self.filled.len() < lanes
            || self.stamp.len() < lanes
            || self.latest.len() < lanes
        {
            return Err(KernelError::InvalidArgument(
                "declared indicator: state or history shorter than its lanes".into(),
            ));
        }
        let recorder = Recorder {
            ring: &mut *self.ring,
            head: &mut *self.head,
            filled: &mut *self.filled,
            stamp: &mut *self.stamp,
            latest: &mut *self.latest,
            history,
            lanes,
        };
        Ok((&mut *self.state, recorder))
    }
}

/// Runs `step` over every lane of `d` for one bar: a lane with a NaN in an
/// input it reads keeps its state and history; the others advance and record.
/// Never inlined: each kernel's loop is compiled on its own, not as one arm of
/// the dispatch (where it ran up to 1.3 times slower).
#[inline(never)]
pub fn advance<S: Step>(
    step: &S,
    d: &mut DeclaredLanes,
    bar: &DeclaredBar,
) -> Result<(), KernelError> {
    let lanes = bar.assets.len();
    let (state, mut recorder) = d.split(lanes, step.state_size(), S::OUTPUTS)?;
    let mut units: [&[f64]; 4] = [bar.price_units; 4];
    for (k, unit) in units.iter_mut().enumerate() {
        if bar.volume_inputs & (1 << k) != 0 {
            *unit = bar.volume_units;
        }
    }
    let mut out = [f64::NAN; 3];
    for lane in 0..lanes {
        let asset = bar.assets[lane];
        let mut x = [0.0; 4];
        let mut u = [1.0; 4];
        let mut skip = false;
        for k in 0..S::INPUTS {
            let found = usize::try_from(asset)
                .ok()
                .and_then(|a| Some((*bar.columns[k].get(bar.offset + a)?, *units[k].get(a)?)));
            let Some((value, unit)) = found else {
                return Err(KernelError::InvalidArgument(format!(
                    "declared indicator: asset {asset} is outside the bar"
                )));
            };
            x[k] = value;
            u[k] = unit;
            skip |= value.is_nan();
        }
        if skip {
            continue;
        }
        let mut view = Lane {
            state: &mut *state,
            lanes,
            lane,
        };
        step.step(&mut view, &x, &u, &mut out);
        recorder.record(lane, bar.bar, &out[..S::OUTPUTS]);
    }
    Ok(())
}
