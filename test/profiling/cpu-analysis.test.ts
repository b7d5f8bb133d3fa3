import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCpuProfile } from '../../src/profiling/cpu-analysis.js';
import { flameGraphSvg } from '../../src/profiling/flame-graph.js';
import type { CpuProfile, FunctionCallCount } from '../../src/profiling/inspector-types.js';
import { classify } from '../../src/profiling/module-map.js';

const LOOP = 'file:///repo/src/engine/algorithm/run-algorithm.ts';
const BROKER = 'file:///repo/src/engine/simulated-account.ts';
const frame = (functionName: string, url = '', columnNumber = 0) => ({
  functionName,
  scriptId: url === '' ? '0' : url === LOOP ? '1' : '2',
  url,
  lineNumber: 0,
  columnNumber,
});

/**
 * A hand-made profile, seven samples of 1 ms each:
 * runAlgorithm, processBar, processBar, GC, simulate, idle, runAlgorithm
 * (runAlgorithm → simulate → processBar).
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
    { id: 2, callFrame: frame('runAlgorithm', LOOP, 10), children: [3] },
    { id: 3, callFrame: frame('simulate', LOOP, 100), children: [4] },
    { id: 4, callFrame: frame('processBar', BROKER, 50) },
    { id: 6, callFrame: frame('(garbage collector)') },
    { id: 7, callFrame: frame('(idle)') },
  ],
  startTime: 0,
  endTime: 8000,
  samples: [2, 4, 4, 6, 3, 7, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

const counts: FunctionCallCount[] = [
  // Coverage starts a method at its name; the profile frame sits a few characters later.
  { url: BROKER, functionName: 'processBar', lineNumber: 0, columnNumber: 40, count: 7 },
  // A later function of the same name must not be taken.
  { url: BROKER, functionName: 'processBar', lineNumber: 0, columnNumber: 60, count: 99 },
  { url: LOOP, functionName: 'simulate', lineNumber: 0, columnNumber: 92, count: 1 },
];

describe('analyzeCpuProfile with the Rust engine core', () => {
  const CORE = 'file:///repo/src/engine/core/rust-account.ts';
  // simulate → stepBar (the facade) → step (the napi method: no URL) → 3 ms inside Rust.
  const native: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2] },
      { id: 2, callFrame: frame('simulate', LOOP, 100), children: [3, 5] },
      { id: 3, callFrame: frame('stepBar', CORE, 20), children: [4] },
      { id: 4, callFrame: frame('step') },
      { id: 5, callFrame: frame('Math.floor') },
    ],
    startTime: 0,
    endTime: 7000,
    samples: [2, 3, 4, 4, 4, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('counts time inside the addon as the rust core, its facade as the native boundary', () => {
    const result = analyzeCpuProfile(native);
    const modules = Object.fromEntries(result.modules.map((m) => [m.name, m.selfMs]));
    assert.deepEqual(modules, {
      'engine loop': 1,
      'native boundary': 1,
      'rust core': 3,
      other: 1,
    });
    const step = result.functions.find((f) => f.name === 'step')!;
    assert.equal(step.script, 'native addon');
    // The addon's share of the loop: the 3 ms inside Rust, under simulate.
    assert.equal(result.rustInLoopMs, 3);
  });

  it("counts the declared plan's native call (from src/indicators/) as the rust core", () => {
    const PLAN = 'file:///repo/src/indicators/plan.ts';
    const planned: CpuProfile = {
      ...native,
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('simulate', LOOP, 100), children: [3, 5] },
        { id: 3, callFrame: frame('advance', PLAN, 20), children: [4] },
        { id: 4, callFrame: frame('advance') },
        { id: 5, callFrame: frame('Math.floor') },
      ],
    };
    const modules = Object.fromEntries(
      analyzeCpuProfile(planned).modules.map((m) => [m.name, m.selfMs]),
    );
    assert.equal(modules['rust core'], 3);
    assert.equal(modules.indicators, 1);
  });
});

describe('analyzeCpuProfile', () => {
  const result = analyzeCpuProfile(profile, counts);
  const fn = (name: string) => result.functions.find((f) => f.name === name)!;

  it('books self and total time per function from the sample durations, idle left out', () => {
    assert.equal(result.profiledMs, 7);
    assert.equal(result.idleMs, 1);
    assert.equal(result.busyMs, 6);
    assert.deepEqual([fn('runAlgorithm').selfMs, fn('runAlgorithm').totalMs], [2, 5]);
    assert.deepEqual([fn('simulate').selfMs, fn('simulate').totalMs], [1, 3]);
    assert.deepEqual([fn('processBar').selfMs, fn('processBar').totalMs], [2, 2]);
    assert.equal(result.gcMs, 1);
  });

  it('maps real call counts by script, name and the nearest coverage start at or before the frame', () => {
    assert.equal(fn('processBar').calls, 7);
    assert.equal(fn('simulate').calls, 1);
    assert.equal(fn('runAlgorithm').calls, null);
  });

  it('sums module self times to the busy time', () => {
    const modules = Object.fromEntries(result.modules.map((m) => [m.name, m.selfMs]));
    assert.deepEqual(modules, { 'engine loop': 3, blotter: 2, GC: 1 });
  });

  it('splits the wall time into loading, simulation (GC inside the loop included) and results', () => {
    assert.deepEqual(result.phases, { loadingMs: 1, simulationMs: 4, resultsMs: 2 });
    assert.equal(result.loadingBusyMs, 1);
  });
});

describe('classify', () => {
  it('books scripts to modules by path, first rule first', () => {
    assert.equal(classify('src/data/portal/data-portal.ts', 'barSlice').module, 'data portal');
    assert.equal(classify('src/data/bundles/bundle-loader.ts', 'loadBundle').category, 'I/O');
    assert.equal(classify('src/engine/ledger/ledger.ts', 'mark').module, 'ledger');
    assert.equal(classify('src/engine/slippage/volume-share.ts', 'x').module, 'models');
    assert.equal(
      classify('src/numeric/unit-arithmetic.ts', 'mulDivBig').category,
      'decimal arithmetic',
    );
    assert.equal(classify('', '(garbage collector)').category, 'allocation and GC');
    assert.equal(classify('node:internal/util', 'fn').module, 'other');
  });

  it('counts the crossings of the Rust core facade as the rust core, its named methods as the boundary', () => {
    assert.equal(classify('src/engine/core/rust-account.js', '').module, 'rust core');
    assert.equal(classify('src/engine/core/rust-account.js', 'stepBar').module, 'native boundary');
    assert.equal(classify('src/engine/core/rust-account-core.js', '').module, 'native boundary');
  });
});

describe('flameGraphSvg', () => {
  it('escapes names and gives frames widths proportional to inclusive time', () => {
    const odd: CpuProfile = {
      ...profile,
      nodes: profile.nodes.map((n) =>
        n.id === 4 ? { ...n, callFrame: { ...n.callFrame, functionName: 'a<b>&"c"' } } : n,
      ),
    };
    const svg = flameGraphSvg(odd, 'test & title', 600);
    assert.match(svg, /a&lt;b&gt;&amp;&quot;c&quot;/);
    assert.doesNotMatch(svg, /a<b>/);
    // Busy time 6 ms over 600 px: runAlgorithm (5 ms) is 500 px wide, processBar (2 ms) 200 px.
    assert.match(svg, /<title>runAlgorithm [^<]*<\/title><rect x="0.00" y="\d+" width="500.00"/);
    assert.match(svg, /<title>a&lt;b[^<]*<\/title><rect x="0.00" y="\d+" width="200.00"/);
  });
});
