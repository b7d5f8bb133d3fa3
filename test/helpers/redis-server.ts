import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why Redis tests cannot run here, or undefined when they can: they need the
 * `redis-server` binary (Debian's package; .ci/run installs it). Without it
 * they are skipped with this message, unless RUSTYBT_REQUIRE_REDIS is set,
 * in which case they fail.
 */
export function redisUnavailable(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (!probe.error && probe.status === 0) return undefined;
  if (process.env.RUSTYBT_REQUIRE_REDIS !== undefined) {
    throw new Error(
      'RUSTYBT_REQUIRE_REDIS is set but redis-server is not installed (apt-get install redis-server).',
    );
  }
  return 'redis-server is not installed (apt-get install -y redis-server); set RUSTYBT_REQUIRE_REDIS=1 to fail instead of skipping';
}

/** A real redis-server on 127.0.0.1, its data (append-only file) in a temporary directory. */
export class RedisServer {
  readonly port: number;
  readonly directory: string;
  private child: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
    this.directory = mkdtempSync(join(tmpdir(), 'rustybt-redis-'));
  }

  /** Process id of the running server (for its CPU time), undefined when stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.launch();
    return server;
  }

  /** Starts (again) on the same port and directory: what was persisted comes back. */
  async launch(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.directory,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--protected-mode',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start: ${output}`)),
        15_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** Kills the server with SIGKILL (no chance to save: what the append-only file holds survives). */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
