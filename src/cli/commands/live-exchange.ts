import { ConfigError } from '../../errors/index.js';
import { parseDecimal } from '../../numeric/decimal-text.js';
import { CcxtExchange } from '../../live/exchange/ccxt-exchange.js';
import { exchangeKeysFromEnv, keyVariablePrefix } from '../../live/exchange/exchange-keys.js';
import type { LiveFlags } from './live-command.js';

/**
 * The checks `rustybt live --live` makes before anything can reach an
 * exchange, in order: not with --paper, ccxt bars and an exchange, the
 * confirmation flag, the keys in the environment. No network is used.
 *
 * @throws ConfigError naming what is missing and how to give it.
 */
export function checkRealMoneyFlags(flags: LiveFlags): { exchange: string } {
  if (flags.paper === true) {
    throw new ConfigError('Give --paper or --live, not both.');
  }
  if (flags.source.trim().toLowerCase() !== 'ccxt' || flags.exchange === undefined) {
    throw new ConfigError(
      '--live trades on an exchange through ccxt: give --source ccxt --exchange <id> (e.g. binance).',
    );
  }
  if (flags.iUnderstandRealMoney !== true) {
    throw new ConfigError(
      `--live sends real orders to ${flags.exchange}${flags.sandbox === true ? "'s sandbox" : ''}; they can lose money. Run it on --paper first, then add --i-understand-real-money to confirm.`,
    );
  }
  exchangeKeysFromEnv(flags.exchange);
  return { exchange: flags.exchange };
}

/**
 * Connects to the exchange with the keys from the environment (sandbox when
 * asked) and checks that the capital given to the strategy is there: the free
 * balance of the quote currency must cover `--capital-base`.
 *
 * @throws ConfigError when it does not; ExchangeError when the exchange cannot be reached.
 */
export async function connectForLive(
  flags: LiveFlags,
  symbols: readonly string[],
  config: Record<string, unknown> = {},
): Promise<CcxtExchange> {
  const { exchange: id } = checkRealMoneyFlags(flags);
  const exchange = await CcxtExchange.connect({
    exchange: id,
    keys: exchangeKeysFromEnv(id),
    sandbox: flags.sandbox === true,
    config,
  });
  try {
    const quotes = new Set(symbols.map((symbol) => exchange.marketRules(symbol).quote));
    if (quotes.size !== 1) {
      throw new ConfigError(
        `The symbols of one live session must share a quote currency; got ${[...quotes].join(', ')}.`,
      );
    }
    const [quote] = quotes;
    const balance = (await exchange.balances()).get(quote);
    const free = balance?.free ?? '0';
    if (parseDecimal(free, 18) < parseDecimal(flags.capitalBase, 18)) {
      throw new ConfigError(
        `--capital-base ${flags.capitalBase} ${quote} is more than the free ${quote} balance on ${id} (${free}); give the strategy at most what the account holds. (Keys: ${keyVariablePrefix(id)}_API_KEY.)`,
      );
    }
    return exchange;
  } catch (error) {
    await exchange.close();
    throw error;
  }
}
