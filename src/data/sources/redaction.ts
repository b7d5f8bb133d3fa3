/** What replaces a secret in a message. */
export const REDACTED = '***';

/** Header names whose values are credentials, lower case. */
const AUTH_HEADER = /authorization|api[-_]?key|secret|token|password|cookie/i;

/**
 * The secrets of a source's requests: every header value of a credential
 * header (`Authorization`, `APCA-API-KEY-ID`, `X-Api-Key`, ...) and the values
 * of the query parameters named secret; for `Authorization: Bearer X` also X.
 */
export function secretsOf(
  headers: Readonly<Record<string, string>> | undefined,
  query: Readonly<Record<string, string>> | undefined,
  secretParams: readonly string[] = [],
): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!AUTH_HEADER.test(name)) continue;
    secrets.push(value);
    const scheme = /^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value);
    if (scheme !== null) secrets.push(scheme[1]);
  }
  for (const name of secretParams) {
    const value = query?.[name];
    if (value !== undefined) secrets.push(value);
  }
  // Longest first, so a value containing another is removed whole; very short values would eat ordinary text.
  return [...new Set(secrets.map((s) => s.trim()).filter((s) => s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
}

/**
 * Removes `secrets` from text built from a provider's answer or a request,
 * by value (also URL-encoded), plus anything that looks like a credential:
 * `Authorization: ...` and `Bearer ...` values and `apikey=...`-style query parameters.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out
    .replace(
      /(authorization["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+|token\s+)?[^\s"',;}]+/gi,
      `$1${REDACTED}`,
    )
    .replace(/\b(bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi, `$1${REDACTED}`)
    .replace(
      /((?:api[-_]?key|apikey|secret|token|access_token)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
      `$1${REDACTED}`,
    );
}
