import { spawnSync, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, platform, arch, totalmem, tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario, twinBundleName } from '../bench/scenarios/index.js';
import { bundleDirectory } from '../data/bundles/bundle-layout.js';
import { rustybtHome } from '../data/bundles/bundle-home.js';
import { ProfileError } from '../errors/index.js';
import { analyzeCpuProfile } from './cpu-analysis.js';
import { flameGraphSvg } from './flame-graph.js';
import { analyzeHeapProfile } from './heap-analysis.js';
import { hotspotMarkdown, hotspots, compareRuns } from './hotspot-report.js';
import type {
  CpuProfile,
  FunctionCallCount,
  HeapProfileNode,
  RunMeasures,
} from './inspector-types.js';
import { configStem, type ProfileConfig } from './profile-config.js';
import { keepSummary, previousRun } from './profile-history.js';
import type { WorkerTask } from './profile-worker.js';
import { runSummary, type RunEnvironment, type RunSummary } from './run-summary.js';

/** Options of a profiling session. */
export interface ProfileOptions {
  /** Output directory (profiles, flame graphs, reports; summaries in `history/`). */
  out: string;
  /** Bundle home for the scenarios' synthetic twins (default `RUSTYBT_HOME` or `~/.rustybt`). */
  home?: string;
  /** CPU sampling interval, µs (default 250). */
  samplingIntervalUs?: number;
  /** Called with a line of progress text. */
  onProgress?: (line: string) => void;
}

/** The files one profiled run wrote. */
export interface ProfileOutputs {
  summary: RunSummary;
  cpuprofile: string;
  heapprofile: string;
  flameGraph: string;
  hotspotsJson: string;
  report: string;
  history: string;
  /** The earlier summary of the same configuration the report compares with, if any. */
  previous?: RunSummary;
}

const here = fileURLToPath(import.meta.url);
const workerScript = join(dirname(here), `profile-worker${extname(here)}`);

function git(args: string[]): string {
  return execFileSync('git', args, {
    cwd: dirname(here),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/** Commit (with `+dirty` when the tree has changes), Node version, machine and time of this run. */
export function runEnvironment(): RunEnvironment {
  let commit = 'unknown';
  try {
    commit = git(['rev-parse', '--short', 'HEAD']);
    if (git(['status', '--porcelain', '--untracked-files=no']) !== '') commit += '+dirty';
  } catch {
    // Not a git checkout (an installed package): the commit stays unknown.
  }
  const cores = cpus();
  return {
    commit,
    node: process.version,
    machine: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${platform()} ${arch()}`,
    timestamp: new Date().toISOString(),
  };
}

function runChild(task: WorkerTask, backend: string | undefined): void {
  const env = { ...process.env };
  if (backend !== undefined) env.RUSTYBT_BACKEND = backend;
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, workerScript, JSON.stringify(task)],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) {
    const detail = child.error?.message ?? child.stderr.trim().split('\n').slice(-8).join('\n');
    throw new ProfileError(
      `Profiling ${task.config.scenario}/${task.config.strategy}/${task.config.numeric} failed in the child process (${task.mode} run): ${detail}`,
    );
  }
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/**
 * Profiles one configuration: a timing child (CPU profile, GC, peak RSS) and
 * a counting child (precise coverage call counts, heap sampling), then writes
 * `<stem>.cpuprofile`, `<stem>.heapprofile`, `<stem>.flame.svg`,
 * `<stem>.hotspots.json`, `<stem>.md` and a summary in `history/`.
 *
 * @throws ProfileError when a child fails (its last stderr lines in the message).
 */
export function profileRun(config: ProfileConfig, options: ProfileOptions): ProfileOutputs {
  const home = options.home ?? rustybtHome();
  mkdirSync(options.out, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'rustybt-profile-'));
  try {
    const files = {
      cpuprofile: join(scratch, 'cpu.json'),
      heapprofile: join(scratch, 'heap.json'),
      measures: join(scratch, 'measures.json'),
      counts: join(scratch, 'counts.json'),
    };
    const base = { config, home, samplingIntervalUs: options.samplingIntervalUs ?? 250, files };
    const twin = scenario(config.scenario);
    if (!existsSync(bundleDirectory(home, twinBundleName(twin)))) {
      options.onProgress?.(`ingesting ${twinBundleName(twin)} into ${home}`);
      runChild({ ...base, mode: 'prepare' }, config.backend);
    }
    runChild({ ...base, mode: 'time' }, config.backend);
    runChild({ ...base, mode: 'count' }, config.backend);
    const profileText = readFileSync(files.cpuprofile, 'utf8');
    const profile = JSON.parse(profileText) as CpuProfile;
    const heapText = readFileSync(files.heapprofile, 'utf8');
    const heap = JSON.parse(heapText) as { head: HeapProfileNode };
    const measures = JSON.parse(readFileSync(files.measures, 'utf8')) as RunMeasures;
    const counts = JSON.parse(readFileSync(files.counts, 'utf8')) as FunctionCallCount[];
    const stem = configStem(config, measures.backend);
    const previous = previousRun(options.out, stem);
    const summary = runSummary(
      stem,
      config,
      runEnvironment(),
      analyzeCpuProfile(profile, counts),
      analyzeHeapProfile(heap.head),
      measures,
    );
    const path = (suffix: string) => join(options.out, `${stem}${suffix}`);
    writeAtomic(path('.cpuprofile'), profileText);
    writeAtomic(path('.heapprofile'), heapText);
    writeAtomic(path('.flame.svg'), flameGraphSvg(profile, stem));
    writeAtomic(
      path('.hotspots.json'),
      `${JSON.stringify(
        {
          ...summary,
          ...hotspots(summary),
          beforeAfter: previous === undefined ? null : compareRuns(previous, summary),
        },
        null,
        1,
      )}\n`,
    );
    writeAtomic(path('.md'), hotspotMarkdown(summary, previous));
    const history = keepSummary(options.out, summary);
    return {
      summary,
      previous,
      history,
      cpuprofile: path('.cpuprofile'),
      heapprofile: path('.heapprofile'),
      flameGraph: path('.flame.svg'),
      hotspotsJson: path('.hotspots.json'),
      report: path('.md'),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
