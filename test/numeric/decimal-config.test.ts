import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/index.js';
import { decimalConfig, loadDecimalConfig, ROUNDING_MODES } from '../../src/numeric/index.js';

const fixtures = new URL('../fixtures/engine/', import.meta.url);

describe('DecimalConfig', () => {
  it('defaults to HALF_EVEN with quantities rounded toward zero', () => {
    const config = decimalConfig();
    assert.equal(config.rounding, 'HALF_EVEN');
    assert.equal(config.roundingPoints.commission, 'HALF_EVEN');
    assert.equal(config.roundingPoints.orderQuantity, 'DOWN');
    assert.equal(config.roundingPoints.splitRemainder, 'DOWN');
    assert.deepEqual(config.assetClasses.equity, { price: 4, quantity: 0 });
    assert.equal(config.currencies.USD, 2);
    assert.equal(config.offLotQuantity, 'round');
  });

  it('accepts all eight rounding modes, globally and per point', () => {
    for (const mode of ROUNDING_MODES) {
      const config = decimalConfig({ rounding: mode, roundingPoints: { dividend: 'UP' } });
      assert.equal(config.rounding, mode);
      assert.equal(config.roundingPoints.notional, mode);
      assert.equal(config.roundingPoints.dividend, 'UP');
    }
  });

  it('rejects an unknown rounding mode with a ConfigError naming the valid ones', () => {
    assert.throws(
      () => decimalConfig({ rounding: 'BANKERS' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /rounding: unknown rounding mode; use one of UP, DOWN/.test(error.message),
    );
    assert.throws(() => decimalConfig({ roundingPoints: { commission: 'NEAREST' } }), ConfigError);
  });

  it('rejects unknown keys and out-of-range scales', () => {
    assert.throws(() => decimalConfig({ roundng: 'UP' }), ConfigError);
    assert.throws(
      () => decimalConfig({ assetClasses: { equity: { price: 20, quantity: 0 } } }),
      /assetClasses.equity.price/,
    );
    assert.throws(() => decimalConfig({ currencies: { usd: 2 } }), ConfigError);
  });

  it('serializes to JSON as is and reads back to the same config', () => {
    const config = decimalConfig({ rounding: 'HALF_UP', currencies: { USDT: 6 } });
    const again = decimalConfig(JSON.parse(JSON.stringify(config)));
    assert.deepEqual(again, config);
  });

  it('loads the same config from YAML and JSON files', () => {
    const fromYaml = loadDecimalConfig(new URL('decimal-config.yaml', fixtures).pathname);
    const fromJson = loadDecimalConfig(new URL('decimal-config.json', fixtures).pathname);
    assert.deepEqual(fromYaml, fromJson);
    assert.equal(fromYaml.rounding, 'HALF_UP');
    assert.equal(fromYaml.assetClasses.crypto.quantity, 6);
    assert.equal(fromYaml.offLotQuantity, 'reject');
  });

  it('reports a bad file with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rustybt-config-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'rounding: SIDEWAYS\n');
    assert.throws(
      () => loadDecimalConfig(path),
      (e: unknown) => e instanceof ConfigError && e.message.includes(path),
    );
    assert.throws(() => loadDecimalConfig(join(dir, 'missing.json')), ConfigError);
    writeFileSync(join(dir, 'c.toml'), '');
    assert.throws(() => loadDecimalConfig(join(dir, 'c.toml')), /unsupported extension/);
  });
});
