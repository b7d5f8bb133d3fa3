import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work: string;
before(() => (work = mkdtempSync(join(tmpdir(), 'rustybt-profile-'))));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the real CLI from the sources in a child process. */
function rustybt(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, RUSTYBT_HOME: join(work, 'home'), RUSTYBT_BACKEND: 'ts' },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface Hotspots {
  functions: { name: string; script: string; calls: number | null; selfMs: number }[];
  modules: { name: string; selfMs: number }[];
  cpu: { busyMs: number };
  run: { bars: number };
  phases: { loadingMs: number; simulationMs: number; resultsMs: number };
  memory: { maxRssBytes: number; allocations: unknown[] };
  beforeAfter: { functions: unknown[]; modules: unknown[] } | null;
}

/** Tags of an SVG, checked for nesting: every open tag closed in order. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing === '/') assert.equal(stack.pop(), name, `</${name}> closes the wrong tag`);
    else stack.push(name);
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  assert.doesNotMatch(svg.replace(/&(lt|gt|amp|quot|apos);/g, ''), /&/, 'unescaped &');
}

describe('rustybt profile', () => {
  const out = () => join(work, 'profiles');
  const stem = 'daily-simple-decimal-ts-s15';

  it('profiles the daily scenario in a child process: V8 profile, flame graph, hotspots with real call counts, history', () => {
    const run = rustybt('profile', '--scenario', 'daily', '--sessions', '15', '--out', out());
    assert.equal(run.status, 0, run.stderr);
    const profile = JSON.parse(readFileSync(join(out(), `${stem}.cpuprofile`), 'utf8')) as {
      nodes: { id: number; callFrame: { functionName: string } }[];
      samples: number[];
      timeDeltas: number[];
    };
    assert.ok(profile.nodes.length > 10);
    assert.equal(profile.nodes[0].callFrame.functionName, '(root)');
    assert.ok(profile.samples.length > 0);
    assert.equal(profile.timeDeltas.length, profile.samples.length);
    const ids = new Set(profile.nodes.map((n) => n.id));
    assert.ok(
      profile.samples.every((id) => ids.has(id)),
      'every sample names a node',
    );

    const svg = readFileSync(join(out(), `${stem}.flame.svg`), 'utf8');
    assert.match(svg, /^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assertWellFormed(svg);
    assert.match(svg, /simulate/);

    const hot = JSON.parse(readFileSync(join(out(), `${stem}.hotspots.json`), 'utf8')) as Hotspots;
    const processBar = hot.functions.find(
      (f) => f.name === 'processBar' && f.script === 'src/engine/simulated-account.ts',
    );
    assert.ok(processBar, 'processBar is in the hotspot list');
    // The run loop hands the broker every bar once: the real count equals the bars simulated.
    assert.ok(hot.run.bars > 0);
    assert.equal(processBar.calls, hot.run.bars);
    const shares = hot.modules.reduce((sum, m) => sum + m.selfMs, 0) / hot.cpu.busyMs;
    assert.ok(Math.abs(shares - 1) < 0.01, `module shares sum to ${shares}`);
    assert.ok(hot.phases.loadingMs > 0 && hot.phases.simulationMs > 0);
    assert.ok(hot.memory.maxRssBytes > 10 * 2 ** 20);
    assert.ok(hot.memory.allocations.length > 0);
    assert.equal(hot.beforeAfter, null);
    assert.equal(readdirSync(join(out(), 'history')).length, 1);
    assert.doesNotMatch(readFileSync(join(out(), `${stem}.md`), 'utf8'), /Before → after/);
  });

  it('shows before → after on a second run of the same configuration, and writes the results report', () => {
    const run = rustybt('profile', '--scenario', 'daily', '--sessions', '15', '--out', out());
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readdirSync(join(out(), 'history')).length, 2);
    const report = readFileSync(join(out(), `${stem}.md`), 'utf8');
    assert.match(report, /## Before → after/);
    assert.match(report, /\| src\/[^|]+#\w+ \| [\d.]+ → [\d.]+/);
    const hot = JSON.parse(readFileSync(join(out(), `${stem}.hotspots.json`), 'utf8')) as Hotspots;
    assert.ok(hot.beforeAfter !== null && hot.beforeAfter.modules.length > 0);

    const doc = join(work, 'results.md');
    const generated = rustybt('profile', '--report', doc, '--out', out());
    assert.equal(generated.status, 0, generated.stderr);
    const text = readFileSync(doc, 'utf8');
    assert.match(text, /## Optimization targets, highest measured impact first/);
    assert.match(text, /daily\/simple\/decimal \(first 15 sessions\)/);
  });

  it('refuses an unknown scenario with the valid names', () => {
    const run = rustybt('profile', '--scenario', 'weekly', '--out', out());
    assert.equal(run.status, 1);
    assert.match(run.stderr, /--scenario must be daily, hourly, minute or all/);
  });
});
