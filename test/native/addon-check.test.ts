import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ADDON_RECORD_SUFFIX,
  CHECKED_ADDONS_FILE,
  addonDamage,
} from '../../src/native/addon-check.js';

// The hash check of the addon is remembered in the home once made, keyed by the file's device,
// inode, size and times: later starts skip the hash while the file is untouched, and any write
// (or a new build record) brings it back.
const scratch = mkdtempSync(join(tmpdir(), 'rustybt-addon-check-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const later = (): number => Date.now() + 10_000;

/** A library stand-in with the build's record of `recorded` (its own bytes by default). */
function addon(name: string, recorded?: string): { path: string; home: string } {
  const path = join(scratch, `${name}.node`);
  const bytes = Buffer.from(`library ${name}`);
  writeFileSync(path, bytes);
  const sha256 = createHash('sha256')
    .update(recorded ?? bytes)
    .digest('hex');
  writeFileSync(`${path}${ADDON_RECORD_SUFFIX}`, JSON.stringify({ bytes: bytes.length, sha256 }));
  const home = join(scratch, `${name}-home`);
  mkdirSync(home);
  return { path, home };
}

const checkedFile = (home: string): Record<string, { identity: string; sha256: string }> =>
  JSON.parse(readFileSync(join(home, CHECKED_ADDONS_FILE), 'utf8')) as Record<
    string,
    { identity: string; sha256: string }
  >;

describe('addonDamage with a home', () => {
  it('remembers a settled addon it hashed, by device, inode, size and times', () => {
    const { path, home } = addon('settled');
    assert.equal(addonDamage(path, home, later()), undefined);
    const entry = checkedFile(home)[path];
    const stats = statSync(path, { bigint: true });
    assert.equal(
      entry.identity,
      [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':'),
    );
    assert.equal(entry.sha256, createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  it('does not hash a remembered file again, and hashes it once it was written', () => {
    // A record that does not match the bytes, remembered as checked: only the memory passes it.
    const { path, home } = addon('remembered', 'other bytes');
    const recorded = (
      JSON.parse(readFileSync(`${path}${ADDON_RECORD_SUFFIX}`, 'utf8')) as { sha256: string }
    ).sha256;
    const stats = statSync(path, { bigint: true });
    const identity = [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':');
    writeFileSync(
      join(home, CHECKED_ADDONS_FILE),
      JSON.stringify({ [path]: { identity, sha256: recorded } }),
    );
    assert.equal(addonDamage(path, home, later()), undefined);
    assert.match(addonDamage(path, undefined, later()) ?? '', /does not match the SHA-256/);
    // A write, even of the same bytes, changes the times: the hash is checked again.
    utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    assert.match(addonDamage(path, home, later()) ?? '', /does not match the SHA-256/);
  });

  it('checks again when the build record names another hash', () => {
    const { path, home } = addon('rebuilt');
    assert.equal(addonDamage(path, home, later()), undefined);
    const record = JSON.parse(readFileSync(`${path}${ADDON_RECORD_SUFFIX}`, 'utf8')) as {
      bytes: number;
    };
    writeFileSync(
      `${path}${ADDON_RECORD_SUFFIX}`,
      JSON.stringify({ ...record, sha256: 'f'.repeat(64) }),
    );
    assert.match(addonDamage(path, home, later()) ?? '', /does not match the SHA-256/);
  });

  it('remembers nothing of a file written within the last two seconds, or a damaged one', () => {
    const fresh = addon('fresh');
    assert.equal(addonDamage(fresh.path, fresh.home), undefined);
    assert.equal(existsSync(join(fresh.home, CHECKED_ADDONS_FILE)), false);
    const damaged = addon('damaged', 'other bytes');
    assert.match(addonDamage(damaged.path, damaged.home, later()) ?? '', /does not match/);
    assert.equal(existsSync(join(damaged.home, CHECKED_ADDONS_FILE)), false);
  });

  it('creates no home, and reads a mangled memory file as empty', () => {
    const { path, home } = addon('homeless');
    rmSync(home, { recursive: true });
    assert.equal(addonDamage(path, home, later()), undefined);
    assert.equal(existsSync(home), false);
    mkdirSync(home);
    writeFileSync(join(home, CHECKED_ADDONS_FILE), '{"truncat');
    assert.equal(addonDamage(path, home, later()), undefined);
    assert.ok(checkedFile(home)[path] !== undefined);
  });
});
