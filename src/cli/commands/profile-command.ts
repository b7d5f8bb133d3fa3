import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';

interface ProfileFlags {
  scenario?: string;
  strategy: string;
  numeric: string;
  backend?: string;
  out: string;
  sessions?: string;
  report?: string;
}

/** Adds `rustybt profile`: CPU, call-count and memory profiles of the scenarios, and the results report. */
export function registerProfileCommand(program: Command): void {
  program
    .command('profile')
    .description(
      'profile scenarios in child processes (CPU profile, flame graph, hotspots with call counts, memory) or, with --report, write the results report from the kept summaries',
    )
    .option('--scenario <name>', 'daily, hourly, minute or all')
    .option('--strategy <name>', 'simple, complex or all', 'simple')
    .option('--numeric <mode>', 'decimal, float or all', 'decimal')
    .option('--backend <name>', 'ts or rust (sets RUSTYBT_BACKEND for the child)')
    .option('--out <dir>', 'output directory (summaries kept in <dir>/history)', 'profiles')
    .option('--sessions <n>', 'profile only the first N sessions')
    .option(
      '--report <file>',
      'write the Markdown results report from the latest summaries in <out>/history',
    )
    .action(async (flags: ProfileFlags) => {
      // Loaded only when the command runs, so other commands start fast.
      const { writeProfilingResults } = await import('../../profiling/results-report.js');
      const { profileConfigs } = await import('../../profiling/profile-config.js');
      const { profileRun } = await import('../../profiling/profile-runner.js');
      if (flags.report !== undefined) {
        const written = writeProfilingResults(flags.out, flags.report);
        process.stdout.write(`wrote ${flags.report} from ${written} run summaries\n`);
        if (flags.scenario === undefined) return;
      }
      if (flags.scenario === undefined) {
        throw new ConfigError('Give --scenario daily|hourly|minute|all (or --report <file>).');
      }
      const configs = profileConfigs({ ...flags, scenario: flags.scenario });
      for (const config of configs) {
        const label = `${config.scenario}/${config.strategy}/${config.numeric}`;
        process.stderr.write(`profiling ${label} ...\n`);
        const run = profileRun(config, {
          out: flags.out,
          onProgress: (line) => process.stderr.write(`${line}\n`),
        });
        const s = run.summary;
        const top = s.functions[0];
        process.stdout.write(
          `${s.stem}: wall ${s.run.wallMs.toFixed(0)} ms (loading ${s.phases.loadingMs.toFixed(0)}, simulation ${s.phases.simulationMs.toFixed(0)}, results ${s.phases.resultsMs.toFixed(0)}), ` +
            `peak RSS ${(s.memory.maxRssBytes / 1048576).toFixed(0)} MB, GC ${(100 * s.memory.gcShare).toFixed(1)} %` +
            `${top === undefined ? '' : `, top self: ${top.name} ${((100 * top.selfMs) / s.cpu.busyMs).toFixed(1)} %`}\n` +
            `  ${run.cpuprofile}\n  ${run.flameGraph}\n  ${run.hotspotsJson}\n  ${run.report}` +
            `${run.previous === undefined ? '' : ' (with before → after)'}\n`,
        );
      }
    });
}
