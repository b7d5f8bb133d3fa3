import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/analytics/atomic-file.js';
import { tableToCsv } from '../../src/analytics/csv.js';
import { checkTable, type Table } from '../../src/analytics/table.js';

const dir = mkdtempSync(join(tmpdir(), 'rustybt-analytics-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const table: Table = {
  name: 'performance',
  columns: [
    { name: 'session', kind: 'date', values: ['2012-01-03', '2012-01-04'] },
    { name: 'cash', kind: 'decimal', values: ['100000.00', '33497.00'] },
    { name: 'returns', kind: 'number', values: Float64Array.of(NaN, 0.5) },
    { name: 'note, quoted', kind: 'string', values: ['say "hi"', 'a\nb'] },
  ],
};

describe('tableToCsv', () => {
  it('writes RFC 4180 CSV with exact decimals, empty NaN and quoted fields', () => {
    assert.equal(
      tableToCsv(table),
      'session,cash,returns,"note, quoted"\r\n2012-01-03,100000.00,,"say ""hi"""\r\n2012-01-04,33497.00,0.5,"a\nb"\r\n',
    );
  });
});

describe('checkTable', () => {
  it('rejects ragged and duplicate columns', () => {
    assert.throws(
      () =>
        checkTable({
          name: 't',
          columns: [...table.columns, { name: 'x', kind: 'integer', values: [1] }],
        }),
      /column x has 1 rows, expected 2/,
    );
    assert.throws(
      () => checkTable({ name: 't', columns: [table.columns[0], table.columns[0]] }),
      /appears twice/,
    );
  });
});

describe('writeFileAtomic', () => {
  it('replaces the target only with complete content', async () => {
    const target = join(dir, 'out', 'results.csv');
    await writeFileAtomic(target, () => Promise.resolve('new'));
    assert.equal(readFileSync(target, 'utf8'), 'new');
  });

  it('leaves the previous file and no temporary file behind when producing fails', async () => {
    const target = join(dir, 'keep.json');
    writeFileSync(target, 'old');
    await assert.rejects(
      writeFileAtomic(target, (temporary) => {
        writeFileSync(temporary, 'half');
        return Promise.reject(new Error('disk full'));
      }),
      /disk full/,
    );
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  it('writes nothing at all when the first write fails', async () => {
    const target = join(dir, 'never.json');
    await assert.rejects(writeFileAtomic(target, () => Promise.reject(new Error('no results'))));
    assert.equal(existsSync(target), false);
  });
});
