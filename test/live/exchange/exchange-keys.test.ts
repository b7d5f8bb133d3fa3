import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/errors/index.js';
import {
  exchangeKeysFromEnv,
  keyVariablePrefix,
  redactor,
} from '../../../src/live/exchange/exchange-keys.js';

describe('exchange keys: from the environment only, never printed', () => {
  it('reads RUSTYBT_<EXCHANGE>_API_KEY, _SECRET and the optional _PASSWORD', () => {
    assert.equal(keyVariablePrefix('gate.io'), 'RUSTYBT_GATE_IO');
    const keys = exchangeKeysFromEnv('okx', {
      RUSTYBT_OKX_API_KEY: ' k-123456 ',
      RUSTYBT_OKX_SECRET: 's-654321',
      RUSTYBT_OKX_PASSWORD: 'p-111111',
    });
    assert.deepEqual(keys, { apiKey: 'k-123456', secret: 's-654321', password: 'p-111111' });
  });

  it('names the missing variables, never the values it found', () => {
    assert.throws(
      () => exchangeKeysFromEnv('binance', { RUSTYBT_BINANCE_API_KEY: 'visible-key-123' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /set RUSTYBT_BINANCE_SECRET/.test(error.message) &&
        !error.message.includes('visible-key-123'),
    );
  });

  it('redacts the keys and request signatures from any text', () => {
    const redact = redactor({ apiKey: 'AKEY12345', secret: 'SSEC67890' });
    assert.equal(
      redact(
        'binance POST https://api.binance.com/api/v3/order?quantity=1&timestamp=1&signature=9f8e7d6c X-MBX-APIKEY: AKEY12345 secret SSEC67890',
      ),
      'binance POST https://api.binance.com/api/v3/order?quantity=1&timestamp=1&signature=[redacted] X-MBX-APIKEY: [redacted] secret [redacted]',
    );
  });
});
