import { ConfigError } from '../../errors/index.js';

/** API credentials of one exchange, read from the environment only. */
export interface ExchangeKeys {
  readonly apiKey: string;
  readonly secret: string;
  /** The passphrase some exchanges add (OKX, Coinbase, KuCoin...). */
  readonly password?: string;
}

/** The environment variable prefix of an exchange: `RUSTYBT_BINANCE`, `RUSTYBT_GATE_IO`... */
export function keyVariablePrefix(exchange: string): string {
  return `RUSTYBT_${exchange.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/**
 * Reads the exchange's keys from `RUSTYBT_<EXCHANGE>_API_KEY`,
 * `RUSTYBT_<EXCHANGE>_SECRET` and (when set) `RUSTYBT_<EXCHANGE>_PASSWORD`.
 * Keys are never taken from flags or files: a flag lands in shell history and
 * process listings.
 *
 * @throws ConfigError naming the variables to set when a key is missing (never their values).
 */
export function exchangeKeysFromEnv(
  exchange: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ExchangeKeys {
  const prefix = keyVariablePrefix(exchange);
  const read = (name: string) => {
    const value = env[`${prefix}_${name}`];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const apiKey = read('API_KEY');
  const secret = read('SECRET');
  const missing = [
    apiKey === undefined ? `${prefix}_API_KEY` : '',
    secret === undefined ? `${prefix}_SECRET` : '',
  ].filter((name) => name !== '');
  if (apiKey === undefined || secret === undefined) {
    throw new ConfigError(
      `Live trading on ${exchange} needs its API keys in the environment: set ${missing.join(' and ')} (and ${prefix}_PASSWORD if the exchange uses a passphrase). Use keys without withdrawal rights.`,
    );
  }
  const password = read('PASSWORD');
  return password === undefined ? { apiKey, secret } : { apiKey, secret, password };
}

/**
 * A function that removes the keys from text (error messages, journal
 * entries, logs): the key, secret and passphrase themselves, and request
 * signatures and key parameters that ccxt may quote from a URL.
 */
export function redactor(keys: ExchangeKeys | undefined): (text: string) => string {
  const secrets = keys === undefined ? [] : [keys.apiKey, keys.secret, keys.password ?? ''];
  const literal = secrets
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = literal.length === 0 ? undefined : new RegExp(literal.join('|'), 'g');
  return (text) => {
    let out = pattern === undefined ? text : text.replace(pattern, '[redacted]');
    out = out.replace(
      /((?:signature|apiKey|api_key|secret|passphrase|X-MBX-APIKEY)["']?\s*[=:]\s*["']?)[^&\s"',}]+/gi,
      '$1[redacted]',
    );
    return out;
  };
}
