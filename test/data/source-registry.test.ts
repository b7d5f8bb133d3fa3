import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Frequency } from '../../src/data/bar-frame.js';
import { ConfigError } from '../../src/errors/index.js';
import { DataSourceRegistry } from '../../src/data/source-registry.js';
import {
  BUILTIN_SOURCE_NAMES,
  defaultSourceRegistry,
} from '../../src/data/sources/builtin-sources.js';
import { setBundleWriter } from '../../src/data/sources/bundle-bridge.js';
import { DataSourceBase } from '../../src/data/sources/data-source-base.js';
import type {
  FetchResult,
  IngestOptions,
  SourceMetadata,
} from '../../src/data/sources/data-source.js';

class EmptySource extends DataSourceBase {
  readonly name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
  fetch(
    symbols: readonly string[],
    _s: Date,
    _e: Date,
    frequency: Frequency,
  ): Promise<FetchResult> {
    return Promise.resolve({
      frames: symbols.map((symbol) => ({
        symbol,
        frequency,
        timestamps: new Float64Array(0),
        priceScale: 2,
        open: new Float64Array(0),
        high: new Float64Array(0),
        low: new Float64Array(0),
        close: new Float64Array(0),
        volumeScale: 0,
        volume: new Float64Array(0),
      })),
      corporateActions: { splits: [], dividends: [] },
      report: { issues: [], gaps: [] },
    });
  }
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description: 'test',
      frequencies: ['1d'],
      historyLimits: {},
      rateLimits: [],
      auth: { required: false, envVars: [] },
      priceScale: 2,
      live: true,
    };
  }
}

const OPTIONS: IngestOptions = {
  symbols: ['X'],
  start: new Date('2020-01-01'),
  end: new Date('2020-01-31'),
  frequency: '1d',
};

describe('DataSourceRegistry', () => {
  it('returns a registered third-party source by name, ignoring case', () => {
    const registry = new DataSourceRegistry().register('MyFeed', () => new EmptySource('myfeed'));
    assert.equal(registry.get('myfeed').name, 'myfeed');
    assert.equal(registry.get('MYFEED').name, 'myfeed');
    assert.deepEqual(registry.names(), ['myfeed']);
  });

  it('refuses a duplicate name with a ConfigError naming it', () => {
    const registry = new DataSourceRegistry().register('a', () => new EmptySource('a'));
    assert.throws(
      () => registry.register('A', () => new EmptySource('a')),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.code === 'ERR_CONFIG' &&
        /'a' is already/.test(error.message),
    );
  });

  it('lists the available names when a name is unknown', () => {
    const registry = new DataSourceRegistry()
      .register('b', () => new EmptySource('b'))
      .register('a', () => new EmptySource('a'));
    assert.throws(
      () => registry.get('nope'),
      (error: unknown) =>
        error instanceof ConfigError && /Unknown data source 'nope'.*a, b/.test(error.message),
    );
  });
});

describe('ingestToBundle', () => {
  it('fails with a ConfigError when no bundle writer is installed', async () => {
    const previous = setBundleWriter(undefined);
    try {
      await assert.rejects(new EmptySource('e').ingestToBundle('b1', OPTIONS), ConfigError);
    } finally {
      setBundleWriter(previous);
    }
  });

  it('delegates to the installed bundle writer with the source and options', async () => {
    const calls: string[] = [];
    const previous = setBundleWriter((source, bundleName, options) => {
      calls.push(`${source.name}:${bundleName}:${options.symbols.join(',')}`);
      return Promise.resolve({
        bundleName,
        version: 'v1',
        rowsWritten: 0,
        rowsDropped: 0,
        report: { issues: [], gaps: [] },
      });
    });
    try {
      const summary = await new EmptySource('e').ingestToBundle('b1', OPTIONS);
      assert.equal(summary.version, 'v1');
      assert.deepEqual(calls, ['e:b1:X']);
    } finally {
      setBundleWriter(previous);
    }
  });

  it('reports live support from the metadata', () => {
    assert.equal(new EmptySource('e').supportsLive(), true);
  });
});

describe('defaultSourceRegistry', () => {
  it('holds every built-in source under its name', () => {
    const registry = defaultSourceRegistry();
    assert.deepEqual(registry.names(), [...BUILTIN_SOURCE_NAMES]);
    for (const name of registry.names()) {
      const source = registry.get(name, name === 'csv' ? { directory: '.' } : {});
      assert.equal(source.name, name);
      assert.equal(source.getMetadata().name, name);
    }
  });

  it('passes options to the factory and refuses a csv source without a directory', async () => {
    const registry = defaultSourceRegistry();
    assert.throws(
      () => registry.get('csv'),
      (error: unknown) => error instanceof ConfigError && /directory/.test(error.message),
    );
    const a = await registry
      .get('synthetic', { seed: 1 })
      .fetch(['X'], new Date('2024-01-02'), new Date('2024-01-05'), '1d');
    const b = await registry
      .get('synthetic', { seed: 2 })
      .fetch(['X'], new Date('2024-01-02'), new Date('2024-01-05'), '1d');
    assert.notDeepEqual(a.frames[0].close, b.frames[0].close);
  });

  it('lets third-party code add a source beside the built-ins without touching other registries', () => {
    const mine = defaultSourceRegistry().register('myfeed', () => new EmptySource('myfeed'));
    assert.ok(mine.has('myfeed'));
    assert.equal(defaultSourceRegistry().has('myfeed'), false);
    assert.throws(() => mine.register('yfinance', () => new EmptySource('yfinance')), ConfigError);
  });
});
