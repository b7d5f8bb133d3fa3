import { appendFileSync } from 'node:fs';

/** Environment variable naming the step(s) at which the process kills itself (comma-separated). */
export const CRASH_AT_VARIABLE = 'RUSTYBT_CRASH_AT';

/** Environment variable naming the step(s) at which an injected error is thrown (comma-separated). */
export const FAIL_AT_VARIABLE = 'RUSTYBT_FAIL_AT';

/** Environment variable naming a file that receives each step reached, one per line. */
export const CRASH_TRACE_VARIABLE = 'RUSTYBT_CRASH_TRACE';

/** The error {@link crashPoint} throws under `RUSTYBT_FAIL_AT`: an I/O failure stand-in. */
export class InjectedFault extends Error {
  /** The step named in `RUSTYBT_FAIL_AT`. */
  readonly step: string;

  /** @param step - the step at which the fault was injected */
  constructor(step: string) {
    super(`injected fault at step ${step} (${FAIL_AT_VARIABLE})`);
    this.name = 'InjectedFault';
    this.step = step;
  }
}

/**
 * Marks a named step of a multi-step write (`ingest.files-written`,
 * `results.staged`, ...). Does nothing unless the environment asks for it:
 * with `RUSTYBT_CRASH_AT=<step>` the process sends itself SIGKILL here, the
 * same abrupt death as `kill -9` (no cleanup handler runs); with
 * `RUSTYBT_FAIL_AT=<step>` it throws an {@link InjectedFault}, as a failed
 * write would; with `RUSTYBT_CRASH_TRACE=<file>` each step reached is appended
 * to the file, so a test harness can learn every step of a path and then
 * stop at each one.
 */
export function crashPoint(step: string): void {
  const trace = process.env[CRASH_TRACE_VARIABLE];
  if (trace !== undefined && trace !== '') appendFileSync(trace, `${step}\n`);
  if (named(process.env[CRASH_AT_VARIABLE], step)) process.kill(process.pid, 'SIGKILL');
  if (named(process.env[FAIL_AT_VARIABLE], step)) throw new InjectedFault(step);
}

function named(list: string | undefined, step: string): boolean {
  return list !== undefined && list.split(',').some((name) => name.trim() === step);
}
