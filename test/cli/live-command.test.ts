import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';

const root = process.cwd();
// Children run in the user's folder, where tsx is not installed: load it from here.
const tsx = import.meta.resolve('tsx');
const base = mkdtempSync(join(tmpdir(), 'rustybt-live-cli-'));
after(() => rmSync(base, { recursive: true, force: true }));

// A user's strategy file: a plain module, no imports. Buys after three rising closes, sells after three falling.
const STRATEGY = `
export default {
  initialize(ctx) { ctx.state.closes = []; },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    const closes = ctx.state.closes;
    closes.push(data.current(btc, 'close'));
    if (closes.length < 4) return;
    const [a, b, c, d] = closes.slice(-4);
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    if (ctx.getOpenOrders(btc).length > 0) return;
    if (a < b && b < c && c < d && held === 0) ctx.order(btc, 10, { limitPrice: d });
    else if (a > b && b > c && c > d && held > 0) ctx.orderTarget(btc, 0);
  },
};
`;

function cli(dir: string, args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, RUSTYBT_HOME: join(dir, 'home'), RUSTYBT_BACKEND: 'ts', ...env },
  });
}

function start(dir: string, args: string[]): ChildProcess & { out: () => string } {
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), ...args], {
    cwd: dir,
    env: { ...process.env, RUSTYBT_HOME: join(dir, 'home'), RUSTYBT_BACKEND: 'ts' },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return Object.assign(child, { out: () => out });
}

function processed(journal: string): number {
  try {
    const db = new Database(journal, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM processed').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

function fresh(name: string): { dir: string; journal: string; args: string[] } {
  const dir = join(base, name);
  spawnSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'strategy.mjs'), STRATEGY);
  const journal = join(dir, 'session.sqlite');
  const args = [
    'live',
    '-f',
    'strategy.mjs',
    '--paper',
    '--source',
    'synthetic',
    '--symbols',
    'BTC/USDT',
    '--speed',
    '3000',
    '--warmup',
    '50',
    '--journal',
    journal,
  ];
  return { dir, journal, args };
}

describe('rustybt live (paper, synthetic, offline)', () => {
  it('runs for --duration, writes a journal that live status reads, and states what happened to open orders', () => {
    const { dir, journal, args } = fresh('duration');
    const run = cli(dir, [...args, '--duration', '3s']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /stopped: duration 3s reached/);
    assert.match(run.stdout, /open orders at stop: \d+ \(0 cancelled, \d+ left open/);
    const status = cli(dir, ['live', 'status', '--journal', journal]);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /state: stopped: duration 3s reached/);
    assert.match(status.stdout, /bars handled: [1-9]\d*/);
    const json = JSON.parse(
      cli(dir, ['live', 'status', '--journal', journal, '--json']).stdout,
    ) as {
      session: { symbols: string[] };
    };
    assert.deepEqual(json.session.symbols, ['BTC/USDT']);
  });

  it('stops cleanly on Ctrl-C (SIGINT), cancelling open orders with --cancel-on-exit', async () => {
    const { dir, journal, args } = fresh('sigint');
    const child = start(dir, [...args, '--cancel-on-exit']);
    await waitFor(() => processed(journal) > 30, 'bars');
    child.kill('SIGINT');
    const { code } = await exited(child);
    assert.equal(code, 0, child.out());
    assert.match(child.out(), /stopped: interrupted \(Ctrl-C\)/);
    assert.match(child.out(), /open orders at stop: (\d+) \(\1 cancelled, 0 left open/);
    const status = cli(dir, ['live', 'status', '--journal', journal]);
    assert.match(status.stdout, /state: stopped: interrupted \(Ctrl-C\)/);
    assert.match(status.stdout, /open 0/);
  });

  it('after SIGKILL mid-session, status says so; a restart resumes with no gap, no duplicate bar or order and no difference', async () => {
    const { dir, journal, args } = fresh('sigkill');
    const child = start(dir, args);
    await waitFor(() => processed(journal) > 60, 'bars');
    child.kill('SIGKILL');
    const { signal } = await exited(child);
    assert.equal(signal, 'SIGKILL');
    const before = processed(journal);
    const status = cli(dir, ['live', 'status', '--journal', journal]);
    assert.match(status.stdout, /not running: process \d+ ended without a clean stop/);

    const restart = cli(dir, [...args, '--duration', '3s']);
    assert.equal(restart.status, 0, restart.stderr);
    assert.match(restart.stderr, /resuming after/);
    assert.doesNotMatch(restart.stderr, /reconcile:/, 'the replay agrees with the journal');
    const db = new Database(journal, { readonly: true });
    const bars = (
      db.prepare('SELECT bar_start FROM processed ORDER BY bar_start').all() as {
        bar_start: number;
      }[]
    ).map((row) => row.bar_start);
    const orders = db.prepare('SELECT client_id, status FROM orders').all() as {
      client_id: string;
      status: string;
    }[];
    const intents = db.prepare("SELECT COUNT(*) AS n FROM events WHERE kind = 'intent'").get() as {
      n: number;
    };
    db.close();
    assert.ok(bars.length > before, 'the restart handled more bars');
    for (let k = 1; k < bars.length; k++) assert.equal(bars[k] - bars[k - 1], 60_000);
    assert.equal(new Set(orders.map((o) => o.client_id)).size, orders.length);
    assert.equal(intents.n, orders.length, 'one intent per order: none placed twice');
    assert.ok(
      orders.every((o) => o.status !== 'intent'),
      'every intent was acknowledged',
    );
  });

  it('refuses --live without ccxt bars, without the confirmation flag or without keys in the environment, writing nothing and printing no key', () => {
    const { dir } = fresh('real-money');
    const args = [
      'live',
      '-f',
      'strategy.mjs',
      '--symbols',
      'BTC/USDT',
      '--journal',
      'real.sqlite',
    ];
    const noKeys = { RUSTYBT_BINANCE_API_KEY: undefined, RUSTYBT_BINANCE_SECRET: undefined };
    const synthetic = cli(dir, [...args, '--live'], noKeys);
    assert.equal(synthetic.status, 1);
    assert.match(synthetic.stderr, /--live trades on an exchange through ccxt.*\[ERR_CONFIG\]/);
    const ccxt = [...args, '--live', '--source', 'ccxt', '--exchange', 'binance'];
    const unconfirmed = cli(dir, ccxt, noKeys);
    assert.equal(unconfirmed.status, 1);
    assert.match(unconfirmed.stderr, /real orders.*--i-understand-real-money/);
    const key = 'rbtCliKeyZ9y8x7w6v5u4';
    const keyless = cli(dir, [...ccxt, '--i-understand-real-money'], {
      ...noKeys,
      RUSTYBT_BINANCE_API_KEY: key,
    });
    assert.equal(keyless.status, 1);
    assert.match(keyless.stderr, /set RUSTYBT_BINANCE_SECRET.*\[ERR_CONFIG\]/);
    assert.doesNotMatch(keyless.stderr + keyless.stdout, new RegExp(key));
    assert.doesNotMatch(keyless.stderr, /\n\s+at /);
    const both = cli(dir, [...ccxt, '--paper', '--i-understand-real-money'], noKeys);
    assert.match(both.stderr, /--paper or --live, not both/);
    assert.equal(existsSync(join(dir, 'real.sqlite')), false, 'no journal written');
  });

  it('refuses a missing strategy and a source without live bars, with the message and no stack', () => {
    const { dir } = fresh('errors');
    const missing = cli(dir, [
      'live',
      '-f',
      'nope.ts',
      '--symbols',
      'BTC/USDT',
      '--journal',
      'x.sqlite',
      '--duration',
      '1s',
    ]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Strategy file not found/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    const csv = cli(dir, [
      'live',
      '-f',
      'strategy.mjs',
      '--symbols',
      'BTC/USDT',
      '--source',
      'yfinance',
    ]);
    assert.match(csv.stderr, /has no live bars/);
    const status = cli(dir, ['live', 'status', '--journal', 'none.sqlite']);
    assert.equal(status.status, 1);
    assert.match(status.stderr, /No journal at .*none\.sqlite.*\[ERR_JOURNAL\]/);
  });
});
