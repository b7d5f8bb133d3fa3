import { ConfigError } from '../errors/index.js';
import type { DataSource } from './sources/data-source.js';

/**
 * Options handed to a source's factory, e.g. `{ directory }` for csv or
 * `{ exchange }` for ccxt: each factory reads the keys its source knows.
 */
export type SourceOptions = Readonly<Record<string, unknown>>;

/** Builds a source on demand, so a registry lists sources without constructing them. */
export type DataSourceFactory = (options: SourceOptions) => DataSource;

/**
 * Sources by name. Built-in sources are registered by `defaultSourceRegistry()`;
 * third-party code adds its own with `register`.
 */
export class DataSourceRegistry {
  readonly #factories = new Map<string, DataSourceFactory>();

  /**
   * Adds a source under `name` (case-insensitive, stored lower-case).
   *
   * @throws ConfigError when the name is empty or already registered.
   */
  register(name: string, factory: DataSourceFactory): this {
    const key = normalize(name);
    if (key === '') throw new ConfigError('A data source needs a non-empty name.');
    if (this.#factories.has(key)) {
      throw new ConfigError(
        `A data source named '${key}' is already registered: choose another name. Registered: ${this.names().join(', ')}.`,
      );
    }
    this.#factories.set(key, factory);
    return this;
  }

  /** Whether a source is registered under `name`. */
  has(name: string): boolean {
    return this.#factories.has(normalize(name));
  }

  /**
   * A new instance of the source registered under `name`, built with `options`.
   *
   * @throws ConfigError listing the registered names when `name` is unknown.
   */
  get(name: string, options: SourceOptions = {}): DataSource {
    const factory = this.#factories.get(normalize(name));
    if (factory === undefined) {
      throw new ConfigError(
        `Unknown data source '${name}': use one of ${this.names().join(', ') || '(none registered)'}.`,
      );
    }
    return factory(options);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#factories.keys()].sort();
  }
}

function normalize(name: string): string {
  return name.trim().toLowerCase();
}
